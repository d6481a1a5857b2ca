"""The memory estimate sizes weights and activations in the precision the trainer really trains in."""

from __future__ import annotations

from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("peft")

from engine import fit, precision, tiny_random, trainer  # noqa: E402


def spec_on(tmp_path: Path, base_model: str) -> trainer.TrainingSpec:
    return trainer.TrainingSpec(
        job_dir=tmp_path / "job",
        method="supervised",
        base_model=base_model,
        training_file=tmp_path / "unused.jsonl",
        validation_file=None,
        n_epochs=1,
        batch_size=4,
        learning_rate=1e-3,
        seed=0,
    )


@pytest.mark.parametrize("cpu_bf16", ["1", "0"])
def test_cpu_estimate_uses_the_trainers_precision(tmp_path, monkeypatch, cpu_bf16):
    """A real model folder loads in bf16 on a CPU with bf16 units (forced here both ways) and the
    estimate's weights are its parameters at that size; tiny-random stays float32 in both."""
    monkeypatch.setenv(precision.CPU_BF16_ENV, cpu_bf16)
    folder = tmp_path / "model"
    tiny_random.create(folder, ["the model learns answers about orders and refunds"] * 8, seed=0)
    model = trainer.load_model(spec_on(tmp_path, str(folder)), str(folder), "cpu")
    loaded = {p.dtype for p in model.parameters()}
    assert loaded == {torch.bfloat16 if cpu_bf16 == "1" else torch.float32}
    element = next(iter(loaded)).itemsize
    assert precision.bytes_per_value("cpu") == element

    shape = fit.ModelShape.from_folder(folder)
    assert shape is not None
    need = fit.memory_needed(shape, "cpu", batch_size=2, length=64, rank=8)
    assert need.weights == shape.parameters * element
    assert need == fit.memory_needed(shape, "cpu", batch_size=2, length=64, rank=8, float32=element == 4)
    float32_need = fit.memory_needed(shape, "cpu", batch_size=2, length=64, rank=8, float32=True)
    # Activations are kept in the training precision too; LoRA state, logits and runtime are not.
    assert need.activations * 4 == pytest.approx(float32_need.activations * element, rel=1e-6)
    assert (need.lora, need.logits, need.runtime) == (
        float32_need.lora,
        float32_need.logits,
        float32_need.runtime,
    )

    assert trainer.training_dtype(spec_on(tmp_path, tiny_random.TINY_RANDOM_ID), "cpu") == torch.float32
    assert not precision.trains_in_bf16("cpu", tiny_random=True)


def test_estimate_for_a_gpu_elsewhere_assumes_bf16(monkeypatch):
    """Where no GPU can be asked (this machine), an estimate for "cuda" is in bf16, as before."""
    if torch.cuda.is_available():
        pytest.skip("a GPU is here: its own answer is used")
    shape = fit.ModelShape.from_parameters(500_000_000)
    assert fit.memory_needed(shape, "cuda").weights == shape.parameters * 2
    assert precision.trains_in_bf16("cuda")
    assert not precision.trains_in_bf16("mps")
