#!/usr/bin/env python3
"""Cost per training step against the size of the data set: it should not depend on it.

Usage: python bench/engine_steps_vs_rows.py [--small-rows 2400] [--large-rows 48000]
                                            [--first 100] [--last 500]

Trains tiny-random (the engine's test model, one CPU thread, batch 1) on chat rows from
../shared/bench/make_datasets.py, once on each file, and times the steps between step ``--first``
and step ``--last`` (the job is cancelled there). Tokenizing is reported separately (the first job
on a file tokenizes it; a second job on the same file would read the engine's cache). The last line
is ``ratio=<large-file steps/s / small-file steps/s>``: 1.0 means a step costs the same whatever the
file's size (it was 0.13 when each step planned the whole epoch again).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

from bench.engine_gpu import chat_file  # noqa: E402


class TimingControl:
    """Notes when steps ``first`` and ``last`` finish; cancels the job at ``last``."""

    def __init__(self, first: int, last: int) -> None:
        self.first, self.last = first, last
        self.times: dict[int, float] = {}
        self.messages: list[str] = []

    def stop_requested(self) -> str | None:
        return "cancel" if self.last in self.times else None

    def message(self, text: str, level: str = "info") -> None:
        self.messages.append(f"{time.perf_counter():.3f} {text}")

    def metrics(self, data: dict[str, Any]) -> None:
        pass

    def progress(self, step: int, total_steps: int, trained_tokens: int, seconds_per_step: float) -> None:
        if step in (self.first, self.last):
            self.times[step] = time.perf_counter()

    def checkpoint(self, step: int, folder: Path, metrics: dict[str, Any]) -> None:
        pass


def steps_per_second(rows: int, first: int, last: int, work: Path) -> tuple[float, float]:
    from engine import trainer

    data = chat_file(rows)
    spec = trainer.TrainingSpec(
        job_dir=work / f"job-{rows}",
        method="supervised",
        base_model="tiny-random",
        training_file=data,
        validation_file=None,
        n_epochs=1,
        batch_size=1,
        learning_rate=1e-3,
        seed=0,
        cache_dir=work / "cache",
    )
    control = TimingControl(first, last)
    started = time.perf_counter()
    with contextlib.suppress(trainer.TrainingStopped):  # the cancel at step ``last``
        trainer.train(spec, control)
    if last not in control.times:
        raise SystemExit(f"{rows} rows: the job ended before step {last}")
    setup = control.times[first] - started
    return (last - first) / (control.times[last] - control.times[first]), setup


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--small-rows", type=int, default=2400)
    parser.add_argument("--large-rows", type=int, default=48000)
    parser.add_argument("--first", type=int, default=100)
    parser.add_argument("--last", type=int, default=500)
    arguments = parser.parse_args()
    print(f"load {os.getloadavg()[0]:.1f}", flush=True)
    results = {}
    with tempfile.TemporaryDirectory(prefix="engine-steps-") as temporary:
        for rows in (arguments.small_rows, arguments.large_rows):
            rate, setup = steps_per_second(rows, arguments.first, arguments.last, Path(temporary))
            results[rows] = rate
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"{rows:,} rows: {rate:.1f} steps/s between steps {arguments.first} and {arguments.last} "
                f"(set-up and tokenizing before step {arguments.first}: {setup:.1f} s; "
                f"process peak RSS so far {peak:,.0f} MiB); load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
    print(f"ratio={results[arguments.large_rows] / results[arguments.small_rows]:.2f}")


if __name__ == "__main__":
    main()
