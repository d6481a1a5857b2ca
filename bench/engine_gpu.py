#!/usr/bin/env python3
"""The engine's trainer vs trl's SFTTrainer at a real model size: tokens/s, peak memory and MFU.

Usage: python bench/engine_gpu.py [--rows N | --data FILE] [--batch-size B] [--rounds R]
                                  [--device cuda|cpu] [--small] [--skip-trl] [--packing auto|on|off]
                                  [--compare-packing]

The model is the 0.5B shape of Qwen2.5-0.5B as a Llama (hidden 896, 24 layers, 14 heads, 2 KV heads,
MLP 4864, vocabulary 151,936), built from a config with random weights: nothing is downloaded. The
tokenizer is a byte-level BPE learned from the data (as bench/engine_vs_trl.py). Both sides train
the same chat rows from ../shared/bench/make_datasets.py for one epoch at the same batch size (the
same steps) with LoRA r=16 (alpha 32, no dropout) on all linear layers, in the same precision: the
engine's choice (bf16 weights and autocast on GPUs and on CPUs with bf16 units, float32 otherwise;
``FINETUNE_ENGINE_CPU_BF16=0`` forces float32 on CPU for both). trl runs with its own defaults on
CUDA (gradient checkpointing on) and without checkpointing on CPU (as bench/engine_vs_trl.py).

Each side runs in a fresh child process per round (so peak memory is its own: CUDA's
max_memory_allocated, or the process's peak RSS on CPU), timed from "model folder and JSONL on disk"
to "adapter saved", after imports; rounds alternate ours/trl. tokens/s = the tokens of the data set
(without padding) / those seconds. Model FLOPs per token = forward (2 × the weights of every matrix
product, the vocabulary projection at every token, plus causal attention) + backward through the
frozen weights (the same again: LoRA computes no gradient for them) — recomputation by gradient
checkpointing is not counted. MFU = model FLOPs per second / the device's peak: the datasheet's dense
bf16 figure where the GPU is known, and always the torch.matmul rate measured in the same run
("of matmul"). ``--small`` shrinks the model (hidden 64, 2 layers) and the data, so a CPU runs it in
seconds (the test suite does). The last line is ``ratio=<our tokens/s / trl's tokens/s>``.
``--compare-packing`` runs ours twice instead, with packed sequences and with length-bucketed
padded batches, rounds alternating; then ``ratio=<packed tokens/s / padded tokens/s>``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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
RANK = 16

REAL_SHAPE = {
    "hidden_size": 896,
    "intermediate_size": 4864,
    "num_hidden_layers": 24,
    "num_attention_heads": 14,
    "num_key_value_heads": 2,
    "vocab_size": 151_936,
}
SMALL_SHAPE = {
    "hidden_size": 64,
    "intermediate_size": 128,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "num_key_value_heads": 2,
    "vocab_size": 4096,
}
# Dense bf16 peaks from the datasheets (without sparsity), by a part of the device name.
BF16_PEAK = {
    "H200": 989e12,
    "H100 PCIe": 756e12,
    "H100": 989e12,
    "A100": 312e12,
    "L40S": 362e12,
    "L4": 121e12,
}


def chat_file(rows: int) -> Path:
    out = ROOT / "bench" / "data"
    path = out / f"bench_{rows}_chat.jsonl"
    if not path.exists():
        subprocess.run(
            [sys.executable, str(MAKE_DATASETS), str(rows), str(out), "--formats", "chat"], check=True
        )
    return path


def make_model(data: Path, folder: Path, shape: dict[str, int]) -> None:
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM
    from transformers.utils import logging as transformers_logging

    from engine import textformat, tiny_random

    transformers_logging.disable_progress_bar()

    records = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines() if line.strip()]
    tokenizer = tiny_random.train_tokenizer(textformat.record_text(r) for r in records)
    config = LlamaConfig(
        **{**shape, "vocab_size": max(shape["vocab_size"], len(tokenizer))},
        max_position_embeddings=32768,
        rope_theta=1_000_000.0,
        rms_norm_eps=1e-6,
        tie_word_embeddings=True,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    torch.manual_seed(0)
    LlamaForCausalLM(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)


def flops_per_token(config: dict[str, Any], mean_length: float) -> float:
    """Model FLOPs of one trained token (forward + backward through frozen weights), as documented above."""
    hidden, mlp = config["hidden_size"], config["intermediate_size"]
    layers, heads, kv_heads = (
        config["num_hidden_layers"],
        config["num_attention_heads"],
        config["num_key_value_heads"],
    )
    head_dim = hidden // heads
    per_layer = hidden * hidden * 2 + 2 * hidden * kv_heads * head_dim + 3 * hidden * mlp
    weights = layers * per_layer + hidden * config["vocab_size"]
    attention = layers * 2 * 2 * hidden * mean_length / 2  # scores and values, causal half
    forward = 2 * weights + attention
    return 2 * forward


def uses_bf16(device: str) -> bool:
    """Whether the engine trains this model in bf16 here (a GPU, or a CPU with bf16 units); trl is
    given the same precision."""
    from engine import precision

    return precision.trains_in_bf16(device)


def matmul_rate(device: str) -> float:
    """This machine's measured matrix-product rate in FLOP/s, in the precision training uses."""
    import torch

    size = 8192 if device.startswith("cuda") else 1024
    dtype = torch.bfloat16 if uses_bf16(device) else torch.float32
    a = torch.randn(size, size, device=device, dtype=dtype)
    b = torch.randn(size, size, device=device, dtype=dtype)
    best = float("inf")
    for _ in range(5):
        if device.startswith("cuda"):
            torch.cuda.synchronize()
        started = time.perf_counter()
        for _ in range(4):
            torch.matmul(a, b)
        if device.startswith("cuda"):
            torch.cuda.synchronize()
        best = min(best, (time.perf_counter() - started) / 4)
    return 2 * size**3 / best


class QuietControl:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def stop_requested(self) -> None:
        return None

    def message(self, text: str, level: str = "info") -> None:
        self.messages.append(text)

    def metrics(self, data: dict) -> None:
        pass

    def progress(self, step: int, total_steps: int, trained_tokens: int, seconds_per_step: float) -> None:
        pass

    def checkpoint(self, step: int, folder: Path, metrics: dict) -> None:
        pass


def run_ours(model: Path, data: Path, work: Path, arguments: argparse.Namespace) -> dict[str, Any]:
    from engine import trainer

    packing = {"auto": None, "on": True, "off": False}[arguments.packing]
    spec = trainer.TrainingSpec(
        job_dir=work,
        method="supervised",
        base_model=str(model),
        training_file=data,
        validation_file=None,
        n_epochs=1,
        batch_size=arguments.batch_size,
        learning_rate=LEARNING_RATE,
        seed=0,
        lora_rank=RANK,
        max_length=MAX_LENGTH,
        device=arguments.device,
        packing=packing,
    )
    control = QuietControl()
    started = time.perf_counter()
    outcome = trainer.train(spec, control)
    seconds = time.perf_counter() - started
    checkpointing = any("checkpointing is on" in m for m in control.messages)
    return {"seconds": seconds, "steps": outcome.steps, "checkpointing": checkpointing}


def run_trl(model: Path, data: Path, work: Path, arguments: argparse.Namespace) -> dict[str, Any]:
    import torch
    from datasets import load_dataset
    from peft import LoraConfig
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import SFTConfig, SFTTrainer

    cuda = arguments.device.startswith("cuda")
    bf16 = uses_bf16(arguments.device)
    started = time.perf_counter()
    tokenizer = AutoTokenizer.from_pretrained(model)
    base = AutoModelForCausalLM.from_pretrained(model, dtype=torch.bfloat16 if bf16 else torch.float32)
    dataset = load_dataset("json", data_files=str(data), split="train")
    options: dict[str, Any] = {} if cuda else {"use_cpu": True, "gradient_checkpointing": False, "bf16": bf16}
    config = SFTConfig(
        output_dir=str(work),
        per_device_train_batch_size=arguments.batch_size,
        num_train_epochs=1,
        learning_rate=LEARNING_RATE,
        max_length=MAX_LENGTH,
        logging_steps=10**6,
        save_strategy="no",
        report_to="none",
        seed=0,
        dataloader_num_workers=0,
        disable_tqdm=True,
        **options,
    )
    lora = LoraConfig(r=RANK, lora_alpha=2 * RANK, lora_dropout=0.0, target_modules="all-linear")
    sft = SFTTrainer(
        model=base, args=config, train_dataset=dataset, processing_class=tokenizer, peft_config=lora
    )
    result = sft.train()
    sft.save_model(str(work / "adapter"))
    return {
        "seconds": time.perf_counter() - started,
        "steps": int(result.global_step),
        "checkpointing": bool(config.gradient_checkpointing),
    }


def child(arguments: argparse.Namespace) -> None:
    """One side, one round, in this fresh process; prints one JSON line."""
    import torch

    if arguments.threads:
        torch.set_num_threads(arguments.threads)
        os.environ["FINETUNE_ENGINE_THREADS"] = str(arguments.threads)
    if arguments.side == "trl":
        import datasets
        import transformers
        import trl  # noqa: F401  (imported before the clock starts, as ours is)

        datasets.disable_progress_bars()
        transformers.utils.logging.disable_progress_bar()
    else:
        import peft  # noqa: F401
        import transformers

        from engine import trainer  # noqa: F401
    cuda = arguments.device.startswith("cuda")
    if cuda:
        torch.cuda.reset_peak_memory_stats()
    runner = run_trl if arguments.side == "trl" else run_ours
    result = runner(Path(arguments.model), Path(arguments.data), Path(arguments.work), arguments)
    if cuda:
        result["peak_bytes"] = torch.cuda.max_memory_allocated()
    else:
        result["peak_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print("RESULT " + json.dumps(result), flush=True)


def data_tokens(model: Path, data: Path) -> tuple[int, float]:
    """Tokens of the data set as both sides see them (the chat template, truncated), and the mean length."""
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model)
    lengths = []
    for line in data.read_text(encoding="utf-8").splitlines():
        if line.strip():
            text = tokenizer.apply_chat_template(json.loads(line)["messages"], tokenize=False)
            lengths.append(min(MAX_LENGTH, len(tokenizer(text, add_special_tokens=False)["input_ids"])))
    return sum(lengths), sum(lengths) / max(1, len(lengths))


def run_side(
    side: str, round_number: int, folder: Path, data: Path, arguments: argparse.Namespace
) -> dict[str, Any]:
    # --compare-packing: "packed" and "padded" are our trainer with packing on and off.
    packing = {"packed": "on", "padded": "off"}.get(side, arguments.packing)
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--side",
        "trl" if side == "trl" else "ours",
        "--model",
        str(folder / "model"),
        "--data",
        str(data),
        "--work",
        str(folder / f"{side}-{round_number}"),
        "--device",
        arguments.device,
        "--batch-size",
        str(arguments.batch_size),
        "--threads",
        str(arguments.threads),
        "--packing",
        packing,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return dict(json.loads(line[len("RESULT ") :]))
    raise SystemExit(f"{side} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--rows", type=int, default=0, help="chat rows (default 2000; 48 on CPU; 24 with --small)"
    )
    parser.add_argument("--batch-size", type=int, default=0, help="default 8 (4 on CPU)")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--device", default="", help="cuda or cpu (default: cuda when available)")
    parser.add_argument("--small", action="store_true", help="a small model and data set (seconds on a CPU)")
    parser.add_argument("--skip-trl", action="store_true", help="run our side only")
    parser.add_argument("--packing", choices=["auto", "on", "off"], default="auto")
    parser.add_argument(
        "--compare-packing",
        action="store_true",
        help="instead of trl: ours with packed sequences vs ours with length-bucketed padding",
    )
    parser.add_argument("--threads", type=int, default=0, help="CPU threads for both (default: all cores)")
    parser.add_argument("--side", choices=["ours", "trl"], help=argparse.SUPPRESS)
    parser.add_argument("--model", help=argparse.SUPPRESS)
    parser.add_argument("--data", help="a chat JSONL file to train on instead of make_datasets.py rows")
    parser.add_argument("--work", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.side:
        child(arguments)
        return

    import torch

    if not arguments.device:
        arguments.device = "cuda" if torch.cuda.is_available() else "cpu"
    cuda = arguments.device.startswith("cuda")
    arguments.threads = arguments.threads or (0 if cuda else torch.get_num_threads())
    arguments.rows = arguments.rows or (24 if arguments.small else 2000 if cuda else 48)
    arguments.batch_size = arguments.batch_size or (8 if cuda else 4)
    shape = SMALL_SHAPE if arguments.small else REAL_SHAPE
    run_trl_side = not arguments.skip_trl and not arguments.compare_packing
    if run_trl_side:
        try:
            import datasets  # noqa: F401
            import trl
        except ImportError as error:
            print(f"trl side skipped: {error} (pip install 'finetune-desk[bench]')", flush=True)
            run_trl_side = False
    device_name = (
        torch.cuda.get_device_name(arguments.device) if cuda else f"CPU, {arguments.threads} threads"
    )
    data = Path(arguments.data) if arguments.data else chat_file(arguments.rows)
    print(
        f"device {device_name}; model hidden {shape['hidden_size']}, {shape['num_hidden_layers']} layers, "
        f"vocabulary {shape['vocab_size']:,}; {data.name}, batch {arguments.batch_size}, LoRA r={RANK}; "
        f"torch {torch.__version__}" + (f", trl {trl.__version__}" if run_trl_side else ""),
        flush=True,
    )
    rate = matmul_rate(arguments.device)
    peak = next((value for name, value in BF16_PEAK.items() if cuda and name in device_name), None)
    precision = "bf16" if uses_bf16(arguments.device) else "float32"
    print(f"measured torch.matmul rate ({precision}): {rate / 1e12:.3f} TFLOP/s", flush=True)
    sides = ["ours", "trl"] if run_trl_side else ["ours"]
    if arguments.compare_packing:
        sides = ["packed", "padded"]
    best: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="engine-gpu-bench-") as temporary:
        folder = Path(temporary)
        make_model(data, folder / "model", shape)
        tokens, mean_length = data_tokens(folder / "model", data)
        config = json.loads((folder / "model" / "config.json").read_text())
        flops = flops_per_token(config, mean_length)
        print(
            f"{tokens:,} tokens (mean {mean_length:.0f} per row); {flops / 1e9:.2f} GFLOP per trained token"
        )
        for round_number in range(arguments.rounds):
            order = sides if round_number % 2 == 0 else list(reversed(sides))
            for side in order:
                result = run_side(side, round_number, folder, data, arguments)
                result["tokens_per_second"] = tokens / result["seconds"]
                achieved = result["tokens_per_second"] * flops
                result["of_matmul"] = achieved / rate
                result["mfu"] = achieved / peak if peak else None
                mfu = f", MFU {result['mfu']:.1%}" if result["mfu"] is not None else ""
                checkpointing = "on" if result["checkpointing"] else "off"
                print(
                    f"round {round_number + 1} {side:4}: {result['seconds']:.2f} s, {result['steps']} steps, "
                    f"{result['tokens_per_second']:,.0f} tokens/s, "
                    f"peak {result['peak_bytes'] / 2**30:.2f} GiB{mfu}, {result['of_matmul']:.1%} of matmul, "
                    f"checkpointing {checkpointing}; load {os.getloadavg()[0]:.1f}",
                    flush=True,
                )
                if side not in best or result["seconds"] < best[side]["seconds"]:
                    best[side] = result
    for side, result in best.items():
        mfu = f" mfu={result['mfu']:.4f}" if result["mfu"] is not None else ""
        print(
            f"best {side}: tokens_per_second={result['tokens_per_second']:.1f} "
            f"peak_gib={result['peak_bytes'] / 2**30:.2f}{mfu} of_matmul={result['of_matmul']:.4f}"
        )
    if "packed" in best:
        print(f"memory_ratio={best['packed']['peak_bytes'] / best['padded']['peak_bytes']:.2f}")
        print(f"ratio={best['packed']['tokens_per_second'] / best['padded']['tokens_per_second']:.2f}")
    elif "trl" in best:
        print(f"memory_ratio={best['ours']['peak_bytes'] / best['trl']['peak_bytes']:.2f}")
        print(f"ratio={best['ours']['tokens_per_second'] / best['trl']['tokens_per_second']:.2f}")
    else:
        print("ratio=n/a (trl side not run)")


if __name__ == "__main__":
    main()
