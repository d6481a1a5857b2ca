"""LoRA fine-tuning with transformers + peft: supervised (chat or prompt/completion) and DPO.

Imported lazily by the job runner: the server starts without torch. A plain torch loop rather than
transformers' Trainer: on small jobs the trainer's overhead, not the maths, dominates. Batches are
bucketed by length (less padding), and the vocabulary projection is computed only at target tokens.
"""

from __future__ import annotations

import json
import math
import os
import random
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import torch

from engine import datafiles, textformat, tiny_random
from engine.textformat import Encoded

STATE_FILE = "training_state.pt"
STATE_SUMMARY = "state.json"
ADAPTER_FILE = "adapter_model.safetensors"
BUCKET_GROUP = 16  # batches per length-sorted group: long enough to bucket, short enough to stay random
MAX_VALIDATION_EXAMPLES = 256
DEFAULT_THREADS = torch.get_num_threads()
THREADS_ENV = "FINETUNE_ENGINE_THREADS"
FINAL_LR_FRACTION = 0.1


class TrainingControl(Protocol):
    """How the trainer reports to, and takes orders from, the job that runs it."""

    def stop_requested(self) -> str | None:
        """ "cancel" or "pause" when the job should stop at this step, else None."""

    def message(self, text: str, level: str = "info") -> None: ...

    def metrics(self, data: dict[str, Any]) -> None: ...

    def progress(self, step: int, total_steps: int, trained_tokens: int, seconds_per_step: float) -> None: ...

    def checkpoint(self, step: int, folder: Path, metrics: dict[str, Any]) -> None: ...


class TrainingStopped(Exception):
    """Training stopped early on request ("cancel" or "pause"); a pause saved its state first."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TrainingError(Exception):
    """A problem the user can act on (bad data for this model, a base model that can't be loaded)."""


@dataclass
class TrainingSpec:
    job_dir: Path
    method: str  # "supervised" or "dpo"
    base_model: str  # tiny-random, a local folder, or a Hugging Face model id
    training_file: Path
    validation_file: Path | None
    n_epochs: int
    batch_size: int
    learning_rate: float
    seed: int
    beta: float = 0.1
    lora_rank: int = 8
    max_length: int = 1024
    resume_from: Path | None = None
    init_adapter: Path | None = None  # a fine-tuned model's adapter to continue from
    device: str | None = None  # None: cuda when available, else cpu


@dataclass
class TrainingOutcome:
    adapter_dir: Path
    trained_tokens: int
    steps: int
    final_metrics: dict[str, Any] = field(default_factory=dict)


SMALL_HIDDEN_SIZE = 256


def use_threads_for(model: Any) -> None:
    """Set this thread's CPU thread count for ``model``: one for small models, whose small matrices
    only lose time to thread hand-offs (ten times slower on a busy machine), all cores otherwise.
    ``FINETUNE_ENGINE_THREADS`` overrides."""
    if os.environ.get(THREADS_ENV, "").isdigit():
        threads = max(1, int(os.environ[THREADS_ENV]))
    else:
        hidden = int(getattr(model.config, "hidden_size", 0) or 0)
        threads = 1 if 0 < hidden <= SMALL_HIDDEN_SIZE else DEFAULT_THREADS
    torch.set_num_threads(threads)


def choose_device(requested: str | None) -> str:
    if requested:
        return requested
    return "cuda" if torch.cuda.is_available() else "cpu"


def base_folder(job_dir: Path) -> Path:
    """Where a tiny-random job keeps its own base model (weights + tokenizer)."""
    return job_dir / "base"


HUB_PATTERNS = ["*.json", "*.safetensors", "*.model", "*.txt", "*.jinja", "*.py", "*.tiktoken"]


def hub_reachable(timeout: float = 5.0) -> bool:
    from urllib.parse import urlparse

    endpoint = urlparse(os.environ.get("HF_ENDPOINT") or "https://huggingface.co")
    try:
        socket.create_connection(
            (endpoint.hostname or "huggingface.co", endpoint.port or 443), timeout
        ).close()
    except OSError:
        return False
    return True


def model_folder(source: str) -> str:
    """A local folder for ``source``: itself when it is a folder, else the Hugging Face cache's copy,
    downloaded first when the hub is reachable. Fails fast and clearly offline (no minute of retries)."""
    if Path(source).is_dir():
        return source
    from huggingface_hub import snapshot_download

    try:
        return str(snapshot_download(source, allow_patterns=HUB_PATTERNS, local_files_only=True))
    except Exception:  # not in the cache (the hub library raises several kinds)
        pass
    if os.environ.get("HF_HUB_OFFLINE") == "1" or not hub_reachable():
        raise TrainingError(
            f"Base model {source!r} is not on this machine and huggingface.co can't be reached to "
            "download it. Download it on a connected machine (it goes to the Hugging Face cache), or "
            "copy the model folder into the engine's data folder under models/ and use its name."
        )
    try:
        return str(snapshot_download(source, allow_patterns=HUB_PATTERNS))
    except Exception as error:
        raise TrainingError(f"Could not download base model {source!r} from Hugging Face: {error}") from error


def load_base(spec: TrainingSpec, records: list[dict[str, Any]], device: str) -> tuple[Any, Any]:
    """The base model and its tokenizer, ready for LoRA (a tiny-random base is made once per job)."""
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()

    if spec.base_model == tiny_random.TINY_RANDOM_ID:
        folder = base_folder(spec.job_dir)
        if not (folder / "config.json").exists():
            tiny_random.create(folder, (textformat.record_text(r) for r in records), spec.seed)
        source = str(folder)
    else:
        source = model_folder(spec.base_model)
    dtype = torch.float32
    if (
        device.startswith("cuda")
        and torch.cuda.is_bf16_supported()
        and spec.base_model != tiny_random.TINY_RANDOM_ID
    ):
        dtype = torch.bfloat16  # the tiny model stays in float32: its seed-set recipe was tuned there
    try:
        tokenizer = AutoTokenizer.from_pretrained(source)
        model: Any = AutoModelForCausalLM.from_pretrained(source, dtype=dtype)
    except OSError as error:
        raise TrainingError(
            f"Could not load base model {spec.base_model!r}: {error}. A Hugging Face id is downloaded on "
            "first use and needs access to huggingface.co; otherwise give a local model folder."
        ) from error
    prepare_tokenizer(tokenizer)
    model.to(device)
    return model, tokenizer


def prepare_tokenizer(tokenizer: Any) -> None:
    """Give a tokenizer what training and chat need: a pad token and a chat template."""
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    if not getattr(tokenizer, "chat_template", None):
        tokenizer.chat_template = (
            "{% for message in messages %}"
            "{{ message['role'] + ': ' + message['content'] + eos_token + '\n' }}"
            "{% endfor %}{% if add_generation_prompt %}{{ 'assistant: ' }}{% endif %}"
        )


def add_lora(model: Any, rank: int, seed: int) -> Any:
    from peft import LoraConfig, get_peft_model

    torch.manual_seed(seed)
    config = LoraConfig(r=rank, lora_alpha=2 * rank, lora_dropout=0.0, target_modules="all-linear")
    return get_peft_model(model, config)


# --- data ---------------------------------------------------------------------------------------


@dataclass
class PreferencePair:
    chosen: Encoded
    rejected: Encoded

    @property
    def length(self) -> int:
        return max(len(self.chosen.input_ids), len(self.rejected.input_ids))


def encode_supervised(tokenizer: Any, records: list[dict[str, Any]], max_length: int) -> list[Encoded]:
    encoded: list[Encoded] = []
    for record in records:
        if "messages" in record:
            item = textformat.encode_chat(tokenizer, record["messages"])
        else:
            item = textformat.encode_prompt_completion(
                tokenizer, str(record.get("prompt", "")), str(record.get("completion", ""))
            )
        item = item.truncated(max_length)
        if item.target_count:
            encoded.append(item)
    return encoded


def encode_preferences(
    tokenizer: Any, records: list[dict[str, Any]], max_length: int
) -> list[PreferencePair]:
    pairs: list[PreferencePair] = []
    for record in records:
        prompt = record["input"]["messages"]
        chosen = textformat.encode_chat(tokenizer, [*prompt, record["preferred_output"][0]], only_last=True)
        rejected = textformat.encode_chat(
            tokenizer, [*prompt, record["non_preferred_output"][0]], only_last=True
        )
        chosen, rejected = chosen.truncated(max_length), rejected.truncated(max_length)
        if chosen.target_count and rejected.target_count:
            pairs.append(PreferencePair(chosen, rejected))
    return pairs


def epoch_batches(lengths: list[int], batch_size: int, seed: int, epoch: int) -> list[list[int]]:
    """Shuffled batches of similar-length examples; the same seed and epoch give the same batches."""
    rng = random.Random(seed * 100_003 + epoch)
    order = list(range(len(lengths)))
    rng.shuffle(order)
    group_size = batch_size * BUCKET_GROUP
    batches: list[list[int]] = []
    for start in range(0, len(order), group_size):
        group = sorted(order[start : start + group_size], key=lambda index: lengths[index])
        batches.extend(group[i : i + batch_size] for i in range(0, len(group), batch_size))
    rng.shuffle(batches)
    return batches


def to_tensors(
    items: list[Encoded], pad_id: int, device: str
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Right-padded input ids, attention mask and target weights."""
    width = max(len(item.input_ids) for item in items)
    ids = torch.full((len(items), width), pad_id, dtype=torch.long)
    attention = torch.zeros((len(items), width), dtype=torch.long)
    targets = torch.zeros((len(items), width), dtype=torch.float32)
    for row, item in enumerate(items):
        size = len(item.input_ids)
        ids[row, :size] = torch.tensor(item.input_ids, dtype=torch.long)
        attention[row, :size] = 1
        targets[row, :size] = torch.tensor(item.targets, dtype=torch.float32)
    return ids.to(device), attention.to(device), targets.to(device)


@dataclass
class TokenScores:
    """Log-probabilities of the target tokens of a batch (flattened) and which sequence each is in."""

    logps: torch.Tensor
    rows: torch.Tensor
    correct: torch.Tensor
    batch_rows: int

    def per_sequence(self) -> torch.Tensor:
        sums = torch.zeros(self.batch_rows, dtype=self.logps.dtype, device=self.logps.device)
        return sums.index_add(0, self.rows, self.logps)


def score_targets(
    model: Any, ids: torch.Tensor, attention: torch.Tensor, targets: torch.Tensor
) -> TokenScores:
    """Run the model and score only the target positions (the vocabulary projection is the costly part)."""
    inner = model.get_base_model() if hasattr(model, "get_base_model") else model
    hidden = inner.get_decoder()(input_ids=ids, attention_mask=attention, use_cache=False).last_hidden_state
    selected = targets[:, 1:] > 0
    labels = ids[:, 1:][selected]
    logits = inner.get_output_embeddings()(hidden[:, :-1][selected]).float()
    logps = torch.log_softmax(logits, dim=-1).gather(1, labels.unsqueeze(1)).squeeze(1)
    correct = (logits.argmax(dim=-1) == labels).float()
    rows = selected.nonzero()[:, 0]
    return TokenScores(logps, rows, correct, ids.shape[0])


# --- the loop ------------------------------------------------------------------------------------


class Run:
    """One training run of a job (possibly resumed)."""

    def __init__(self, spec: TrainingSpec, control: TrainingControl) -> None:
        self.spec = spec
        self.control = control
        self.device = choose_device(spec.device)
        self.autocast = (
            self.device.startswith("cuda")
            and torch.cuda.is_bf16_supported()
            and spec.base_model != tiny_random.TINY_RANDOM_ID
        )

    def run(self) -> TrainingOutcome:
        spec = self.spec
        started = time.monotonic()
        records = datafiles.read_records(spec.training_file)
        validation_records = datafiles.read_records(spec.validation_file) if spec.validation_file else []
        self.control.message(f"Loading base model {spec.base_model} on {self.device}")
        model, tokenizer = load_base(spec, records + validation_records, self.device)
        use_threads_for(model)
        self.tokenizer = tokenizer
        self.pad_id = int(tokenizer.pad_token_id)
        model = add_lora(model, spec.lora_rank, spec.seed)
        self.model = model
        if spec.method == "dpo":
            self.pairs = encode_preferences(tokenizer, records, spec.max_length)
            self.valid_pairs = encode_preferences(tokenizer, validation_records, spec.max_length)
            lengths = [pair.length for pair in self.pairs]
            if not self.pairs:
                raise TrainingError("No preference pair has a response left to learn from after truncation.")
            self.reference = self.reference_logps(self.pairs)
            self.valid_reference = self.reference_logps(self.valid_pairs[:MAX_VALIDATION_EXAMPLES])
        else:
            self.examples = encode_supervised(tokenizer, records, spec.max_length)
            self.valid_examples = encode_supervised(tokenizer, validation_records, spec.max_length)
            lengths = [len(item.input_ids) for item in self.examples]
            if not self.examples:
                raise TrainingError("No example has assistant tokens left to learn from after truncation.")
        steps_per_epoch = math.ceil(len(lengths) / spec.batch_size)
        total_steps = steps_per_epoch * spec.n_epochs
        trainable = [p for p in model.parameters() if p.requires_grad]
        optimizer = torch.optim.AdamW(trainable, lr=spec.learning_rate, weight_decay=0.0)
        step, trained_tokens = 0, 0
        if spec.resume_from is not None:
            step, trained_tokens = self.load_state(spec.resume_from, optimizer)
            self.control.message(f"Resumed from step {step} of {total_steps}")
        elif spec.init_adapter is not None:
            self.load_adapter(spec.init_adapter)
            self.control.message(f"Starting from the adapter in {spec.init_adapter.name}")
        self.control.message(
            f"Training {sum(p.numel() for p in trainable):,} LoRA parameters on {len(lengths)} examples: "
            f"{spec.n_epochs} epochs × {steps_per_epoch} steps (setup {time.monotonic() - started:.1f} s)"
        )
        model.train()
        loop_started, loop_first_step = time.monotonic(), step
        metrics: dict[str, Any] = {}
        while step < total_steps:
            request = self.control.stop_requested()
            if request in ("pause", "shutdown"):
                self.save_state(spec.job_dir / "pause", optimizer, step, trained_tokens)
                raise TrainingStopped(request)
            if request:
                raise TrainingStopped(request)
            epoch, index_in_epoch = divmod(step, steps_per_epoch)
            batch = epoch_batches(lengths, spec.batch_size, spec.seed, epoch)[index_in_epoch]
            learning_rate = spec.learning_rate * (1 - (1 - FINAL_LR_FRACTION) * step / max(1, total_steps))
            for group in optimizer.param_groups:
                group["lr"] = learning_rate
            loss, accuracy, tokens = self.train_step(batch, optimizer, trainable)
            step += 1
            trained_tokens += tokens
            metrics = {
                "step": step,
                "total_steps": total_steps,
                "train_loss": loss,
                "train_mean_token_accuracy": accuracy,
            }
            epoch_done = step % steps_per_epoch == 0
            if epoch_done:
                metrics.update(self.validate())
            if epoch_done or self.should_report(step, total_steps):
                self.control.metrics(metrics)
            seconds_per_step = (time.monotonic() - loop_started) / (step - loop_first_step)
            self.control.progress(step, total_steps, trained_tokens, seconds_per_step)
            if epoch_done:
                folder = spec.job_dir / "checkpoints" / f"step-{step}"
                self.save_state(folder, optimizer, step, trained_tokens)
                self.control.checkpoint(step, folder, metrics)
        final = spec.job_dir / "model"
        model.save_pretrained(final)
        return TrainingOutcome(final, trained_tokens, step, metrics)

    @staticmethod
    def should_report(step: int, total_steps: int) -> bool:
        return total_steps <= 1000 or step % max(1, total_steps // 500) == 0 or step == total_steps

    def forward(self, items: list[Encoded]) -> TokenScores:
        ids, attention, targets = to_tensors(items, self.pad_id, self.device)
        if self.autocast:
            with torch.autocast("cuda", dtype=torch.bfloat16):
                return score_targets(self.model, ids, attention, targets)
        return score_targets(self.model, ids, attention, targets)

    def train_step(
        self, batch: list[int], optimizer: torch.optim.Optimizer, trainable: list[torch.Tensor]
    ) -> tuple[float, float, int]:
        optimizer.zero_grad(set_to_none=True)
        if self.spec.method == "dpo":
            pairs = [self.pairs[i] for i in batch]
            loss, accuracy = self.dpo_loss(pairs, self.reference[batch])
            tokens = sum(len(p.chosen.input_ids) + len(p.rejected.input_ids) for p in pairs)
        else:
            items = [self.examples[i] for i in batch]
            scores = self.forward(items)
            loss = -scores.logps.mean()
            accuracy = scores.correct.mean()
            tokens = sum(len(item.input_ids) for item in items)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step()
        return float(loss.detach()), float(accuracy), tokens

    def pair_logps(self, pairs: list[PreferencePair]) -> torch.Tensor:
        """Summed log-probabilities, chosen responses in the first column and rejected in the second."""
        items = [pair.chosen for pair in pairs] + [pair.rejected for pair in pairs]
        sums = self.forward(items).per_sequence()
        return torch.stack([sums[: len(pairs)], sums[len(pairs) :]], dim=1)

    def reference_logps(self, pairs: list[PreferencePair]) -> torch.Tensor:
        """The frozen base model's log-probabilities (the DPO reference), computed once."""
        if not pairs:
            return torch.zeros((0, 2), device=self.device)
        results = []
        with torch.no_grad(), self.model.disable_adapter():
            for start in range(0, len(pairs), 16):
                results.append(self.pair_logps(pairs[start : start + 16]))
        return torch.cat(results)

    def dpo_loss(
        self, pairs: list[PreferencePair], reference: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        policy = self.pair_logps(pairs)
        margins = self.spec.beta * ((policy[:, 0] - reference[:, 0]) - (policy[:, 1] - reference[:, 1]))
        loss = -torch.nn.functional.logsigmoid(margins).mean()
        return loss, (margins > 0).float().mean()

    def validate(self) -> dict[str, Any]:
        if not (self.valid_pairs if self.spec.method == "dpo" else self.valid_examples):
            return {}
        self.model.eval()
        losses: list[float] = []
        accuracies: list[float] = []
        with torch.no_grad():
            if self.spec.method == "dpo":
                pairs = self.valid_pairs[:MAX_VALIDATION_EXAMPLES]
                for start in range(0, len(pairs), 16):
                    loss, accuracy = self.dpo_loss(
                        pairs[start : start + 16], self.valid_reference[start : start + 16]
                    )
                    losses.append(float(loss))
                    accuracies.append(float(accuracy))
            else:
                items = self.valid_examples[:MAX_VALIDATION_EXAMPLES]
                for start in range(0, len(items), 16):
                    scores = self.forward(items[start : start + 16])
                    losses.append(float(-scores.logps.mean()))
                    accuracies.append(float(scores.correct.mean()))
        self.model.train()
        valid_loss = sum(losses) / len(losses)
        return {
            "valid_loss": valid_loss,
            "full_valid_loss": valid_loss,
            "valid_mean_token_accuracy": sum(accuracies) / len(accuracies),
        }

    def save_state(
        self, folder: Path, optimizer: torch.optim.Optimizer, step: int, trained_tokens: int
    ) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / STATE_SUMMARY).unlink(missing_ok=True)
        self.model.save_pretrained(folder)
        torch.save(
            {"optimizer": optimizer.state_dict(), "step": step, "trained_tokens": trained_tokens},
            folder / STATE_FILE,
        )
        # Written last, so that a state cut short by a crash is never taken for a complete one.
        (folder / STATE_SUMMARY).write_text(json.dumps({"step": step, "trained_tokens": trained_tokens}))

    def load_adapter(self, folder: Path) -> None:
        from peft import set_peft_model_state_dict
        from safetensors.torch import load_file

        set_peft_model_state_dict(self.model, load_file(str(folder / ADAPTER_FILE), device=self.device))

    def load_state(self, folder: Path, optimizer: torch.optim.Optimizer) -> tuple[int, int]:
        self.load_adapter(folder)
        state = torch.load(folder / STATE_FILE, map_location=self.device, weights_only=True)
        optimizer.load_state_dict(state["optimizer"])
        return int(state["step"]), int(state["trained_tokens"])


def train(spec: TrainingSpec, control: TrainingControl) -> TrainingOutcome:
    return Run(spec, control).run()
