"""Peak memory of LoRA training on the CPU, measured, against the engine's estimate (engine/fit.py).

    .venv/bin/python bench/engine_memory.py [--quick]

For each model shape (tiny-random's, and a 0.5B model shaped as Qwen2.5-0.5B-Instruct's
config.json, built from its config with random weights) and each batch × length, a fresh process
trains a few steps with the engine's own trainer and reports its peak resident memory (ru_maxrss);
the estimate is what ``POST /v1/engine/estimate`` would say for the same settings. Prints a
markdown table with the ratio estimate / measured (within 0.7–1.3 is the goal).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Qwen2.5-0.5B-Instruct's config.json (as published; see engine/base_models.json for the source).
QWEN_05B = {
    "architectures": ["Qwen2ForCausalLM"],
    "model_type": "qwen2",
    "hidden_size": 896,
    "intermediate_size": 4864,
    "num_hidden_layers": 24,
    "num_attention_heads": 14,
    "num_key_value_heads": 2,
    "max_position_embeddings": 32768,
    "vocab_size": 151936,
    "tie_word_embeddings": True,
    "rms_norm_eps": 1e-6,
    "rope_theta": 1000000.0,
}
WORDS = ["the", "model", "learns", "answers", "about", "orders", "refunds", "invoices", "travel", "plans"]


class QuietControl:
    def stop_requested(self) -> str | None:
        return None

    def message(self, text: str, level: str = "info") -> None:
        pass

    def metrics(self, data: dict[str, Any]) -> None:
        pass

    def progress(self, step: int, total_steps: int, trained_tokens: int, seconds_per_step: float) -> None:
        pass

    def checkpoint(self, step: int, folder: Path, metrics: dict[str, Any]) -> None:
        pass


def build_folder(kind: str, folder: Path) -> None:
    from engine import tiny_random

    texts = [" ".join(WORDS[(i * 7 + j) % len(WORDS)] for j in range(40)) for i in range(50)]
    if kind == "tiny":
        tiny_random.create(folder, texts, seed=0)
        return
    import torch
    from transformers import AutoModelForCausalLM, Qwen2Config

    tokenizer = tiny_random.train_tokenizer(texts)
    config = Qwen2Config(**{k: v for k, v in QWEN_05B.items() if k not in ("architectures", "model_type")})
    config.eos_token_id = tokenizer.eos_token_id
    config.pad_token_id = tokenizer.pad_token_id
    with torch.device("cpu"):
        model = AutoModelForCausalLM.from_config(config, dtype=torch.bfloat16)  # as published: bf16
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)


def write_data(path: Path, examples: int, length: int) -> None:
    """Chat examples of about ``length`` tokens each (half prompt, half answer) for the tiny tokenizer."""
    words = max(4, int(length / 1.1))  # the tiny BPE trained on these words makes about one token each
    with path.open("w", encoding="utf-8") as out:
        for i in range(examples):
            text = [WORDS[(i + j) % len(WORDS)] for j in range(words)]
            half = len(text) // 2
            record = {
                "messages": [
                    {"role": "user", "content": " ".join(text[:half])},
                    {"role": "assistant", "content": " ".join(text[half:])},
                ]
            }
            out.write(json.dumps(record) + "\n")


def longest_example(folder: Path, data: Path) -> int:
    """The longest example in tokens, with the model's chat template."""
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(folder)
    lengths = []
    for line in data.read_text(encoding="utf-8").splitlines():
        messages = json.loads(line)["messages"]
        text = tokenizer.apply_chat_template(messages, tokenize=False)
        lengths.append(len(tokenizer(text, add_special_tokens=False)["input_ids"]))
    return max(lengths)


def child(folder: str, data: str, batch: int, rank: int, length: int, queue: Any) -> None:
    from engine import trainer

    job = Path(tempfile.mkdtemp(prefix="bench-mem-"))
    spec = trainer.TrainingSpec(
        job_dir=job,
        method="supervised",
        base_model=folder,
        training_file=Path(data),
        validation_file=None,
        n_epochs=1,
        batch_size=batch,
        learning_rate=1e-4,
        seed=0,
        lora_rank=rank,
        max_length=length,
        max_seq_length=length,
        gradient_checkpointing=False,
        device="cpu",
    )
    started = time.perf_counter()
    trainer.train(spec, QuietControl())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux
    queue.put((peak, time.perf_counter() - started))


def measure(folder: Path, data: Path, batch: int, rank: int, length: int) -> tuple[int, float]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=child, args=(str(folder), str(data), batch, rank, length, queue))
    process.start()
    peak, seconds = queue.get(timeout=3600)
    process.join()
    return peak, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one setting per model")
    parser.add_argument(
        "--runs", help="instead of the default settings: KIND:BATCH:RANK:LENGTH,... (tiny|qwen)"
    )
    arguments = parser.parse_args()
    from engine import base_catalog, fit

    runs = [
        ("tiny", 4, 32, 128),
        ("tiny", 8, 32, 512),
        ("qwen-0.5b-shape", 2, 8, 128),
        ("qwen-0.5b-shape", 4, 8, 256),
    ]
    if arguments.quick:
        runs = [runs[0], runs[2]]
    if arguments.runs:
        names = {"tiny": "tiny", "qwen": "qwen-0.5b-shape"}
        runs = [
            (names[k], int(b), int(r), int(n))
            for k, b, r, n in (item.split(":") for item in arguments.runs.split(","))
        ]
    from engine import precision

    print(f"precision of real models on this CPU: {'bf16' if precision.trains_in_bf16('cpu') else 'float32'}")
    print("| model | batch × length | LoRA rank | estimate (GB) | measured peak (GB) | estimate / measured |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="bench-mem-") as work:
        folders: dict[str, Path] = {}
        for kind, batch, rank, length in runs:
            if kind not in folders:
                folders[kind] = Path(work) / kind
                build_folder(kind, folders[kind])
            data = Path(work) / f"data-{kind}-{batch}-{length}.jsonl"
            write_data(data, batch * 3, length)
            tokens = longest_example(folders[kind], data)  # as the app gives max_example_tokens
            peak, _seconds = measure(folders[kind], data, batch, rank, length)
            shape = base_catalog.tiny_shape() if kind == "tiny" else fit.ModelShape.from_config(QWEN_05B)
            # The precision the trainer uses here (tiny-random: always float32).
            float32 = True if kind == "tiny" else None
            need = fit.memory_needed(shape, "cpu", batch, tokens, rank, checkpointing=False, float32=float32)
            print(
                f"| {kind} | {batch} × {tokens} | {rank} | {need.total / 1e9:.2f} | {peak / 1e9:.2f} "
                f"| {need.total / peak:.2f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
