"""bench/engine_gpu.py runs end to end (``--small``, on this CPU) and prints its figures."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.engine.seed_data import varied_chat_records, write_jsonl

pytest.importorskip("torch")
pytest.importorskip("peft")

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def test_gpu_benchmark_runs_small_on_cpu(tmp_path):
    data = write_jsonl(tmp_path / "rows.jsonl", varied_chat_records())
    with_trl = (
        importlib.util.find_spec("trl") is not None and importlib.util.find_spec("datasets") is not None
    )
    command = [sys.executable, str(ROOT / "bench" / "engine_gpu.py"), "--small", "--device", "cpu"]
    command += ["--data", str(data), "--threads", "1"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.strip().splitlines()
    assert re.search(r"measured torch\.matmul rate \((bf16|float32)\): [0-9.]+ TFLOP/s", done.stdout)
    ours = next(line for line in lines if line.startswith("best ours:"))
    assert float(re.search(r"tokens_per_second=([0-9.]+)", ours).group(1)) > 0
    assert float(re.search(r"of_matmul=([0-9.]+)", ours).group(1)) > 0
    assert re.search(r"round 1 ours: .* 5 steps", done.stdout)  # 20 rows, batch 4
    if with_trl:
        assert re.fullmatch(r"ratio=[0-9.]+", lines[-1])
        assert any(line.startswith("best trl:") for line in lines)
    else:
        assert "trl side skipped: " in done.stdout
        assert lines[-1] == "ratio=n/a (trl side not run)"
