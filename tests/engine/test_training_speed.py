"""The trainer's fast paths give the plain path's results: tokenized once and cached, each epoch
planned once, packed sequences, the chunked loss, micro-batches and gradient checkpointing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.engine.helpers import all_events, wait_for_job
from tests.engine.seed_data import varied_chat_records, write_jsonl

torch = pytest.importorskip("torch")
pytest.importorskip("peft")

from engine import packing, precision, textformat, tokencache, trainer  # noqa: E402

pytestmark = pytest.mark.slow


class RecordingControl:
    def __init__(self) -> None:
        self.metrics_seen: list[dict[str, Any]] = []
        self.messages: list[str] = []

    def stop_requested(self) -> str | None:
        return None

    def message(self, text: str, level: str = "info") -> None:
        self.messages.append(text)

    def metrics(self, data: dict[str, Any]) -> None:
        self.metrics_seen.append(dict(data))

    def progress(self, step: int, total_steps: int, trained_tokens: int, seconds_per_step: float) -> None:
        pass

    def checkpoint(self, step: int, folder: Path, metrics: dict[str, Any]) -> None:
        pass


def spec_for(tmp_path: Path, data: Path, name: str, **options: Any) -> trainer.TrainingSpec:
    return trainer.TrainingSpec(
        job_dir=tmp_path / name,
        method="supervised",
        base_model="tiny-random",
        training_file=data,
        validation_file=None,
        n_epochs=2,
        batch_size=4,
        learning_rate=1e-3,
        seed=3,
        **options,
    )


def plain_path_losses(spec: trainer.TrainingSpec, base: Path) -> tuple[list[float], list[list[int]]]:
    """The training loop spelled out the plain way (what the engine did before the fast paths):
    per-row encodings, the epoch re-planned at each step, right-padded batches, the model's full
    logits and log-softmax. Returns each step's loss and batch."""
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(base)
    trainer.prepare_tokenizer(tokenizer)
    model = AutoModelForCausalLM.from_pretrained(base, dtype=torch.float32)
    torch.manual_seed(spec.seed)
    lora = LoraConfig(
        r=spec.lora_rank, lora_alpha=2 * spec.lora_rank, lora_dropout=0.0, target_modules="all-linear"
    )
    model = get_peft_model(model, lora)
    records = [json.loads(line) for line in spec.training_file.read_text(encoding="utf-8").splitlines()]
    examples = [textformat.encode_chat(tokenizer, r["messages"]).truncated(spec.max_length) for r in records]
    lengths = [len(e.input_ids) for e in examples]
    steps_per_epoch = -(-len(examples) // spec.batch_size)
    total = steps_per_epoch * spec.n_epochs
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=spec.learning_rate, weight_decay=0.0)
    losses: list[float] = []
    batches: list[list[int]] = []
    model.train()
    for step in range(total):
        epoch, index = divmod(step, steps_per_epoch)
        batch = trainer.epoch_batches(lengths, spec.batch_size, spec.seed, epoch)[index]
        for group in optimizer.param_groups:
            group["lr"] = spec.learning_rate * (1 - (1 - trainer.FINAL_LR_FRACTION) * step / total)
        items = [examples[i] for i in batch]
        width = max(len(e.input_ids) for e in items)
        ids = torch.full((len(items), width), int(tokenizer.pad_token_id))
        mask = torch.zeros((len(items), width), dtype=torch.long)
        weights = torch.zeros((len(items), width))
        for row, item in enumerate(items):
            ids[row, : len(item.input_ids)] = torch.tensor(item.input_ids)
            mask[row, : len(item.input_ids)] = 1
            weights[row, : len(item.input_ids)] = torch.tensor(item.targets)
        optimizer.zero_grad()
        logits = model(input_ids=ids, attention_mask=mask).logits[:, :-1].float()
        logps = torch.log_softmax(logits, dim=-1).gather(2, ids[:, 1:, None]).squeeze(2)
        selected = weights[:, 1:] > 0
        loss = -logps[selected].mean()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step()
        losses.append(float(loss.detach()))
        batches.append(batch)
    return losses, batches


def test_fast_paths_train_on_the_plain_paths_batches_with_its_losses(tmp_path, monkeypatch):
    data = write_jsonl(tmp_path / "mixed.jsonl", varied_chat_records())
    planned: list[int] = []
    original_plan = trainer.epoch_batches

    def counting_plan(lengths: list[int], batch_size: int, seed: int, epoch: int) -> list[list[int]]:
        planned.append(epoch)
        return original_plan(lengths, batch_size, seed, epoch)

    trained: list[list[int]] = []
    original_step = trainer.Run.train_step

    def recording_step(self: trainer.Run, batch: list[int], *rest: Any) -> trainer.StepResult:
        trained.append(list(batch))
        return original_step(self, batch, *rest)

    monkeypatch.setattr(trainer.Run, "train_step", recording_step)
    monkeypatch.setattr(trainer, "epoch_batches", counting_plan)
    control = RecordingControl()
    trainer.train(spec_for(tmp_path, data, "fast"), control)
    monkeypatch.setattr(trainer, "epoch_batches", original_plan)
    assert planned == [0, 1]  # once per epoch, not once per step
    fast = [m["train_loss"] for m in control.metrics_seen]

    expected, expected_batches = plain_path_losses(
        spec_for(tmp_path, data, "plain"), tmp_path / "fast" / "base"
    )
    assert trained == expected_batches
    assert fast == pytest.approx(expected, abs=1e-4)

    # Packed sequences, gradient accumulation (micro-batches of at most 40 tokens) and
    # gradient checkpointing each give the same losses too.
    for name, options in {
        "packed": {"packing": True},
        "accumulated": {"max_batch_tokens": 40},
        "checkpointed": {"gradient_checkpointing": True, "packing": True},
    }.items():
        control = RecordingControl()
        trainer.train(spec_for(tmp_path, data, name, **options), control)
        assert [m["train_loss"] for m in control.metrics_seen] == pytest.approx(expected, abs=1e-4), name
        assert ("Gradient checkpointing is on" in " ".join(control.messages)) == (name == "checkpointed")


def test_packed_batch_scores_equal_padded_batch_scores(tmp_path):
    """Sequences end to end with restarting positions see only themselves: their target
    log-probabilities equal those of a padded batch, and so do the gradients."""
    from engine import tiny_random

    records = varied_chat_records()
    base = tmp_path / "base"
    tiny_random.create(base, (textformat.record_text(r) for r in records), 0)
    tokenizer = trainer.load_tokenizer(spec_for(tmp_path, base, "x"), str(base))
    data = write_jsonl(tmp_path / "data.jsonl", records)
    tokenized = tokencache.tokenize_file(data, tokenizer, "supervised", 1024)
    model = trainer.load_model(spec_for(tmp_path, base, "x"), str(base), "cpu")
    packing.use_packed_attention(model)  # padded batches (no bounds) get plain SDPA from it
    model = trainer.add_lora(model, 8, 0)
    indices = [0, 5, 13, 19]
    results = {}
    for packed in (False, True):
        model.zero_grad()
        batch = trainer.make_batch(tokenized, indices, int(tokenizer.pad_token_id), packed)
        assert batch.targets == sum(int(tokenized.sequence(i)[1][1:].sum()) for i in indices)
        scores = trainer.score_targets(model, batch)
        (-scores.logps.mean()).backward()
        grads = [p.grad.clone() for p in model.parameters() if p.requires_grad]
        results[packed] = (scores.logps.detach(), scores.per_sequence().detach(), grads)
    padded, packed = results[False], results[True]
    assert torch.allclose(padded[0], packed[0], atol=1e-5)
    assert torch.allclose(padded[1], packed[1], atol=1e-4)
    for a, b in zip(padded[2], packed[2], strict=True):
        assert torch.allclose(a, b, atol=1e-5)


@pytest.mark.parametrize("trained_weight", [False, True])
def test_chunked_target_loss_equals_full_log_softmax(trained_weight):
    generator = torch.Generator().manual_seed(0)
    hidden = torch.randn(37, 16, generator=generator, dtype=torch.float64, requires_grad=True)
    weight = torch.randn(50, 16, generator=generator, dtype=torch.float64, requires_grad=trained_weight)
    labels = torch.randint(0, 50, (37,), generator=generator)
    # 5 chunks; with a frozen weight the gradient comes from the forward pass's per-row Jacobian.
    logps, correct = trainer.TargetLogProbs.apply(hidden, weight, labels, 8, not trained_weight)
    logits = hidden @ weight.T
    expected = torch.log_softmax(logits, dim=-1).gather(1, labels[:, None]).squeeze(1)
    assert torch.allclose(logps.double(), expected, atol=1e-5)
    assert torch.equal(correct, (logits.argmax(dim=-1) == labels).float())
    upstream = torch.randn(37, generator=generator, dtype=torch.float64)
    inputs = [hidden, weight] if trained_weight else [hidden]
    got = torch.autograd.grad((logps.double() * upstream).sum(), inputs)
    want = torch.autograd.grad((expected * upstream).sum(), inputs)
    for a, b in zip(got, want, strict=True):
        assert torch.allclose(a, b, atol=1e-5)


def test_memory_plan_accumulates_before_it_checkpoints(tmp_path):
    from types import SimpleNamespace

    config = SimpleNamespace(hidden_size=896, intermediate_size=4864, num_hidden_layers=24)
    spec = spec_for(tmp_path, tmp_path / "unused.jsonl", "plan")
    plain = trainer.activation_bytes_per_token(config, 2, False)
    assert trainer.activation_bytes_per_token(config, 2, True) < plain / 10
    roomy = trainer.plan_memory(config, plain * 100_000, 2, 32 * 1024, 1024, spec)
    assert (roomy.checkpointing, roomy.max_batch_tokens) == (False, 100_000)
    # Room for 8k tokens but not the 32k of the batch: micro-batches of 8k, no recomputation.
    split = trainer.plan_memory(config, plain * 8192, 2, 32 * 1024, 1024, spec)
    assert (split.checkpointing, split.max_batch_tokens) == (False, 8192)
    # Not even 2k tokens fit: checkpointing, then micro-batches as large as fit with it.
    tight = trainer.plan_memory(config, plain * 1000, 2, 32 * 1024, 1024, spec)
    assert tight.checkpointing and tight.max_batch_tokens > 1000
    # The job's own choices win.
    forced = spec_for(
        tmp_path, tmp_path / "unused.jsonl", "plan", gradient_checkpointing=True, max_batch_tokens=64
    )
    chosen = trainer.plan_memory(config, plain * 100_000, 2, 32 * 1024, 1024, forced)
    assert (chosen.checkpointing, chosen.max_batch_tokens) == (True, 64)
    off = spec_for(tmp_path, tmp_path / "unused.jsonl", "plan", gradient_checkpointing=False)
    assert not trainer.plan_memory(config, plain * 1000, 2, 32 * 1024, 1024, off).checkpointing
    assert trainer.micro_batches([0, 1, 2, 3], [5, 9, 3, 4], 12, packed=True) == [[0], [1, 2], [3]]
    assert trainer.micro_batches([0, 1, 2, 3], [5, 9, 3, 4], 12, packed=False) == [[0], [1], [2, 3]]
    assert trainer.micro_batches([1], [5, 90], 12, packed=False) == [[1]]


def test_training_precision(tmp_path, monkeypatch):
    """bf16 weights where the hardware computes in bf16; the tiny model always float32."""
    real = spec_for(tmp_path, tmp_path / "unused.jsonl", "dtype")
    real.base_model = str(tmp_path / "some-model-folder")
    tiny = spec_for(tmp_path, tmp_path / "unused.jsonl", "dtype")
    monkeypatch.setenv(precision.CPU_BF16_ENV, "1")
    assert precision.cpu_has_bf16_units()
    assert trainer.training_dtype(real, "cpu") == torch.bfloat16
    assert trainer.training_dtype(tiny, "cpu") == torch.float32
    monkeypatch.setenv(precision.CPU_BF16_ENV, "0")
    assert trainer.training_dtype(real, "cpu") == torch.float32
    monkeypatch.delenv(precision.CPU_BF16_ENV)
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        flags = next((line for line in cpuinfo.read_text().splitlines() if line.startswith("flags")), "")
        assert precision.cpu_has_bf16_units() == any(f in flags.split() for f in ("avx512_bf16", "amx_bf16"))


def test_tokenized_arrays_and_cache_keys(tmp_path):
    from engine import tiny_random

    records = varied_chat_records()
    tokenizer = tiny_random.train_tokenizer(textformat.record_text(r) for r in records)
    trainer.prepare_tokenizer(tokenizer)
    data = write_jsonl(tmp_path / "data.jsonl", records)
    tokenized = tokencache.tokenize_file(data, tokenizer, "supervised", 1024)
    assert tokenized.count == len(records)
    assert tokenized.ids.dtype.itemsize == 4 and tokenized.targets.dtype.itemsize == 1
    for index, record in enumerate(records):
        assert tokenized.encoded(index) == textformat.encode_chat(tokenizer, record["messages"])
    short = tokencache.tokenize_file(data, tokenizer, "supervised", 8)
    assert int(short.lengths().max()) <= 8 and short.count <= tokenized.count

    cache = tokencache.TokenCache(tmp_path / "cache")
    first = tokencache.tokenize(data, tokenizer, "supervised", 1024, cache)
    again = tokencache.tokenize(data, tokenizer, "supervised", 1024, cache)
    assert (first.from_cache, again.from_cache) == (False, True)
    assert again.data.ids.tolist() == tokenized.ids.tolist()
    assert again.data.offsets.tolist() == tokenized.offsets.tolist()
    # Another maximum length, another template or other content is another entry.
    assert not tokencache.tokenize(data, tokenizer, "supervised", 512, cache).from_cache
    tokenizer.chat_template = textformat_template = "{% for m in messages %}{{ m['content'] }}{% endfor %}"
    assert tokenizer.chat_template == textformat_template
    assert not tokencache.tokenize(data, tokenizer, "supervised", 1024, cache).from_cache
    changed = write_jsonl(tmp_path / "changed.jsonl", records[:-1])
    assert not tokencache.tokenize(changed, tokenizer, "supervised", 1024, cache).from_cache
    # A damaged entry is never trusted: it is made again.
    key = tokencache.cache_key(data, tokenizer, "supervised", 1024)
    (cache.folder / key / "offsets.npy").write_bytes(b"not an array")
    assert not tokencache.tokenize(data, tokenizer, "supervised", 1024, cache).from_cache


def test_second_job_on_the_same_file_reuses_the_tokenized_data(engine_server, tmp_path):
    client = engine_server.client()
    only_here = [{"role": "user", "content": "cache test"}, {"role": "assistant", "content": "仅此一次"}]
    records = [*varied_chat_records(), {"messages": only_here}]
    path = write_jsonl(tmp_path / "cache-test.jsonl", records)
    with path.open("rb") as stream:
        file = client.files.create(file=stream, purpose="fine-tune")
    messages = []
    for _ in range(2):
        job = client.fine_tuning.jobs.create(
            model="tiny-random",
            training_file=file.id,
            method={"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 1}}},
            seed=11,
        )
        finished = wait_for_job(client, job.id)
        assert finished.status == "succeeded", finished.error
        messages.append([event.message for event in all_events(client, job.id)])
    assert any(m.startswith(f"Tokenized {len(records)} examples") for m in messages[0])
    assert not any("reused from the cache" in m for m in messages[0])
    assert any(m.startswith("Tokenized data reused from the cache") for m in messages[1])
