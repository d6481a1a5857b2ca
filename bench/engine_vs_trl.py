#!/usr/bin/env python3
"""The local engine's training loop vs trl's SFTTrainer + peft, on the same tiny model and data.

Usage: python bench/engine_vs_trl.py [ROWS] [--rounds N] [--batch-size B] [--rank R] [--threads T]

Both fine-tune the same model folder (a Llama-style model made from a config: hidden 128, 2 layers,
a BPE tokenizer trained on the data) with LoRA of the same rank on all linear layers, on the same
chat rows from ../shared/bench/make_datasets.py, for one epoch of the same batch size (the same
number of optimizer steps), with the same number of CPU threads. Each side is timed from "model
folder and JSONL file on disk" to "adapter saved" (loading, tokenizing, training, saving), after
imports, in the same process; rounds alternate and the best of each side counts. The last line is
``ratio=<trl seconds / our seconds>``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

MAKE_DATASETS = ROOT.parent / "shared" / "bench" / "make_datasets.py"
if not MAKE_DATASETS.exists():
    MAKE_DATASETS = Path("/work/shared/bench/make_datasets.py")
MAX_LENGTH = 1024
LEARNING_RATE = 2e-4


def chat_file(rows: int) -> Path:
    out = ROOT / "bench" / "data"
    path = out / f"bench_{rows}_chat.jsonl"
    if not path.exists():
        subprocess.run(
            [sys.executable, str(MAKE_DATASETS), str(rows), str(out), "--formats", "chat"], check=True
        )
    return path


def make_model(data: Path, folder: Path) -> None:
    """The shared base model: tiny-random's recipe at hidden 128, with its chat template."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    from engine import textformat, tiny_random

    records = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines() if line.strip()]
    tokenizer = tiny_random.train_tokenizer(textformat.record_text(r) for r in records)
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=128,
        intermediate_size=256,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=4,
        max_position_embeddings=4096,
        tie_word_embeddings=False,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    torch.manual_seed(0)
    LlamaForCausalLM(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)


class QuietControl:
    """The engine trainer's job line, recording what a job would show."""

    def __init__(self) -> None:
        self.last: dict = {}

    def stop_requested(self) -> None:
        return None

    def message(self, text: str, level: str = "info") -> None:
        pass

    def metrics(self, data: dict) -> None:
        self.last = data

    def progress(self, step: int, total_steps: int, trained_tokens: int, seconds_per_step: float) -> None:
        pass

    def checkpoint(self, step: int, folder: Path, metrics: dict) -> None:
        pass


def run_ours(
    model: Path, data: Path, work: Path, batch_size: int, rank: int, bucketed: bool = True
) -> tuple[float, int, int]:
    from engine import trainer

    # Without bucketing, each batch is random examples (as trl's sampler gives), padded to the longest.
    trainer.BUCKET_GROUP = 16 if bucketed else 1
    spec = trainer.TrainingSpec(
        job_dir=work,
        method="supervised",
        base_model=str(model),
        training_file=data,
        validation_file=None,
        n_epochs=1,
        batch_size=batch_size,
        learning_rate=LEARNING_RATE,
        seed=0,
        lora_rank=rank,
        max_length=MAX_LENGTH,
    )
    control = QuietControl()
    started = time.perf_counter()
    outcome = trainer.train(spec, control)
    return time.perf_counter() - started, outcome.steps, outcome.trained_tokens


def run_trl(model: Path, data: Path, work: Path, batch_size: int, rank: int) -> tuple[float, int]:
    from datasets import load_dataset
    from peft import LoraConfig
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import SFTConfig, SFTTrainer

    started = time.perf_counter()
    tokenizer = AutoTokenizer.from_pretrained(model)
    base = AutoModelForCausalLM.from_pretrained(model)
    dataset = load_dataset("json", data_files=str(data), split="train")
    config = SFTConfig(
        output_dir=str(work),
        per_device_train_batch_size=batch_size,
        num_train_epochs=1,
        learning_rate=LEARNING_RATE,
        max_length=MAX_LENGTH,
        logging_steps=10**6,
        save_strategy="no",
        report_to="none",
        use_cpu=True,
        seed=0,
        dataloader_num_workers=0,
        disable_tqdm=True,
        # trl's defaults turn on activation checkpointing and bf16 autocast (slow matrix products on
        # CPUs without bf16 units); the engine uses neither on CPU, so neither does trl here.
        gradient_checkpointing=False,
        bf16=False,
    )
    lora = LoraConfig(r=rank, lora_alpha=2 * rank, lora_dropout=0.0, target_modules="all-linear")
    sft = SFTTrainer(
        model=base, args=config, train_dataset=dataset, processing_class=tokenizer, peft_config=lora
    )
    result = sft.train()
    sft.save_model(str(work / "adapter"))
    return time.perf_counter() - started, int(result.global_step)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("rows", nargs="?", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=4)
    parser.add_argument("--rank", type=int, default=8)
    parser.add_argument("--threads", type=int, default=0, help="CPU threads for both (default: all cores)")
    arguments = parser.parse_args()

    import torch

    threads = arguments.threads or torch.get_num_threads()
    os.environ["FINETUNE_ENGINE_THREADS"] = str(threads)  # the engine's small-model rule would pick 1
    torch.set_num_threads(threads)
    import datasets
    import peft
    import transformers
    import trl

    datasets.disable_progress_bars()
    transformers.utils.logging.disable_progress_bar()
    data = chat_file(arguments.rows)
    print(
        f"data {data.name}, batch {arguments.batch_size}, LoRA r={arguments.rank}, {threads} threads, "
        f"torch {torch.__version__}, transformers {transformers.__version__}, peft {peft.__version__}, "
        f"trl {trl.__version__}, load {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    ours_times: list[float] = []
    trl_times: list[float] = []
    with tempfile.TemporaryDirectory() as temporary:
        model = Path(temporary) / "model"
        make_model(data, model)
        for round_number in range(arguments.rounds):
            seconds, steps, tokens = run_ours(
                model, data, Path(temporary) / f"ours-{round_number}", arguments.batch_size, arguments.rank
            )
            ours_times.append(seconds)
            print(
                f"round {round_number + 1}: ours {seconds:.2f} s "
                f"({steps} steps, {tokens / seconds:,.0f} tokens/s)",
                flush=True,
            )
            plain, _steps, _tokens = run_ours(
                model,
                data,
                Path(temporary) / f"plain-{round_number}",
                arguments.batch_size,
                arguments.rank,
                False,
            )
            print(f"round {round_number + 1}: ours without length bucketing {plain:.2f} s", flush=True)
            seconds, trl_steps = run_trl(
                model, data, Path(temporary) / f"trl-{round_number}", arguments.batch_size, arguments.rank
            )
            trl_times.append(seconds)
            print(f"round {round_number + 1}: trl  {seconds:.2f} s ({trl_steps} steps)", flush=True)
            if trl_steps != steps:
                print(f"warning: step counts differ (ours {steps}, trl {trl_steps})", flush=True)
    ours, theirs = min(ours_times), min(trl_times)
    print(f"best: ours {ours:.2f} s, trl {theirs:.2f} s, load {os.getloadavg()[0]:.1f}")
    print(f"ratio={theirs / ours:.2f}")


if __name__ == "__main__":
    main()
