"""Take a fine-tuned model elsewhere: export it as an adapter, merged weights or an Ollama folder,
and import an exported adapter into another engine.

Formats (``python -m engine export MODEL --format F --out OUT``, or the HTTP API below):

- ``adapter``: the LoRA adapter as peft writes it (``adapter_config.json``,
  ``adapter_model.safetensors``), a README naming the base model and how to load it, and
  ``finetune-export.json`` (what :func:`import_adapter` reads back). A model trained on the built-in
  ``tiny-random`` base carries that base in ``base/``: its tokenizer was made from the job's data,
  so no other copy of it exists.
- ``merged``: the base with the adapter merged in, in the base's dtype, as safetensors, with the
  tokenizer, the generation config (every end-of-sequence id the engine stops at) and the exact chat
  template the engine used in training. Plain ``transformers`` loads it (no peft) and, greedy,
  answers as the engine's ``/v1/chat/completions`` does.
- ``ollama``: the merged weights in ``model/`` (safetensors: ``ollama create`` imports them for the
  architectures it supports; we write no GGUF because a GGUF needs llama.cpp's per-architecture
  tensor and tokenizer mapping, which we could not check here), a ``Modelfile`` with
  ``FROM ./model``, a ``TEMPLATE`` made from the chat template, the stop tokens and the training
  system prompt when every training example began with the same one, and a README.

Nothing half-written is left behind: an export is written to a hidden sibling of OUT
(``.OUT.partial-…``) and renamed into place; an OUT that exists and is not empty is replaced only
with ``force`` (and then only once the new one is complete).

HTTP API (under the engine's bearer token, errors in OpenAI's shape; registered by
:func:`register_routes`):

- ``GET /v1/engine/exports/sizes?model=M[&out=PATH]`` →
  ``{"object": "engine.export_sizes", "model", "sizes": {"adapter", "merged", "ollama"},
  "free_bytes"}`` — bytes each format will take (null when the base model is not on this machine)
  and the free space where ``out`` would go (null without ``out``).
- ``POST /v1/engine/exports {"model", "format", "out", "force"}`` → an export object
  ``{"id", "object": "engine.export", "model", "format", "out", "status", "written_bytes",
  "total_bytes", "created_at", "finished_at", "error"}``; status is queued, running, succeeded,
  failed or cancelled; ``error`` is ``{"code", "message"}`` or null. Exports run one at a time, in
  the order asked. 404 ``model_not_found`` for an unknown model (or one of another engine), 409
  ``output_exists`` for a non-empty OUT without force, 400 ``insufficient_storage`` when the disk
  has too little room.
- ``GET /v1/engine/exports`` (``{"object": "list", "data": [...]}``, newest first),
  ``GET /v1/engine/exports/{id}``, ``POST /v1/engine/exports/{id}/cancel``.
- ``POST /v1/engine/imports {"folder", "base"?, "suffix"?}`` → the new model object
  (``ft:BASE:local:SUFFIX:ftimp-…``), ready for chat completions and further fine-tuning.

Paths are on the engine's machine. Exports live in memory: the list starts empty when the engine
starts again. Torch and transformers are imported only when weights are merged.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import secrets
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.concurrency import run_in_threadpool

from engine import catalog, datafiles, tiny_random
from engine.errors import APIError, bad_request, conflict
from engine.jobs import INSTALL_HINT, Paths
from engine.store import JSONObject, Store, new_id, now

log = logging.getLogger("engine.exports")

FORMATS = ("adapter", "merged", "ollama")
MANIFEST = "finetune-export.json"
ADAPTER_FILES = ("adapter_config.json", "adapter_model.safetensors")
WEIGHT_SUFFIXES = (".safetensors", ".bin")
TOKENIZER_SUFFIXES = (".json", ".jinja", ".model", ".txt", ".tiktoken")
OLLAMA_MODEL_FOLDER = "model"
BUNDLED_BASE_FOLDER = "base"
ROOM_MARGIN = 16 * 1024**2  # free space to keep beyond the export's own size
PROGRESS_INTERVAL = 0.5
ROLES = ("system", "user", "assistant")

Progress = Callable[[int, int, str], None]  # written bytes, total bytes, what is happening


class ExportError(Exception):
    """A failure the user can act on; ``status`` and ``code`` are what the HTTP API answers."""

    def __init__(self, message: str, code: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status

    def api_error(self) -> APIError:
        param = "model" if self.code == "model_not_found" else None
        return APIError(self.status, self.message, param=param, code=self.code)


class ExportCancelled(Exception):
    pass


# --- which model ------------------------------------------------------------------------------------


@dataclass
class ModelInfo:
    """A fine-tuned model (or checkpoint) of this engine, and what exporting it needs."""

    model_id: str
    base_name: str  # the base's name in the model id (tiny-random, a folder's name, a hub id)
    base_source: str  # what the job trained on: tiny-random, a folder path or a hub id
    base_folder: str  # where the weights are: a folder, or a hub id (resolved through the cache)
    adapter_dir: Path
    bundled_base: bool  # the base exists only here (tiny-random): an adapter export carries it
    system_prompt: str | None
    origin: JSONObject = field(default_factory=dict)  # lora_rank, learning rate, max_length, base_name

    def manifest(self, export_format: str) -> JSONObject:
        return {
            "format": export_format,
            "model": self.model_id,
            "base_model": self.base_name,
            "base_source": self.base_source,
            "bundled_base": self.bundled_base and export_format == "adapter",
            "system_prompt": self.system_prompt,
            "training": self.origin,
            "exported_at": now(),
        }


def find_model(store: Store, paths: Paths, model_id: str) -> ModelInfo:
    """The fine-tuned model ``model_id`` of the engine whose data folder this is, or an ExportError."""
    rows = store.select("models", "id = ?", (model_id,))
    if not rows:
        parts = model_id.split(":")
        if model_id.startswith("ft:") and (len(parts) < 3 or parts[2] != "local"):
            raise ExportError(
                f"'{model_id}' is a model of another provider, not of this local engine: its weights stay "
                "with that provider and can't be exported.",
                "model_not_found",
                404,
            )
        if catalog.find_base_model(model_id, paths.models) is not None and not model_id.startswith("ft:"):
            raise ExportError(
                f"'{model_id}' is a base model; only fine-tuned models (ft:…) and their checkpoints can be "
                "exported.",
                "model_not_found",
                404,
            )
        hint = (
            " It looks like a model of another local engine: export it there and import the adapter "
            "here with import-adapter."
            if model_id.startswith("ft:")
            else ""
        )
        raise ExportError(
            f"The model '{model_id}' does not exist in the engine's data folder {paths.data_dir}.{hint}",
            "model_not_found",
            404,
        )
    internal = rows[0][1]
    job_internal = store.get_internal("jobs", str(internal.get("job_id", "")))
    origin: JSONObject = dict(internal.get("origin") or {})
    for key in ("lora_rank", "base_learning_rate", "max_length", "base_name", "base_id", "base_source"):
        if key in job_internal:
            origin[key] = job_internal[key]
    base_source = str(origin.get("base_source") or internal["base_folder"])
    base_name = str(origin.get("base_name") or origin.get("base_id") or Path(base_source).name)
    system_prompt = internal.get("system_prompt")
    training_file = paths.job(str(internal.get("job_id", ""))) / "training.jsonl"
    if system_prompt is None and training_file.is_file():
        system_prompt = training_system_prompt(training_file)
    return ModelInfo(
        model_id=model_id,
        base_name=base_name,
        base_source=base_source,
        base_folder=str(internal["base_folder"]),
        adapter_dir=Path(internal["adapter_dir"]),
        bundled_base=base_source == tiny_random.TINY_RANDOM_ID or bool(internal.get("bundled_base")),
        system_prompt=system_prompt,
        origin=origin,
    )


def training_system_prompt(training_file: Path) -> str | None:
    """The system message every training conversation begins with, when they all share one."""
    prompts: set[str] = set()
    try:
        records = datafiles.read_records(training_file)
    except (OSError, ValueError):
        return None
    for record in records:
        messages = record.get("messages") or ((record.get("input") or {}).get("messages") or [])
        first = messages[0] if messages else None
        if not isinstance(first, dict) or first.get("role") not in ("system", "developer"):
            return None
        prompts.add(str(first.get("content") or ""))
        if len(prompts) > 1:
            return None
    return prompts.pop() if len(prompts) == 1 and records else None


# --- sizes --------------------------------------------------------------------------------------------


def _files_size(folder: Path, suffixes: tuple[str, ...] | None = None) -> int:
    total = 0
    for path in folder.rglob("*"):
        if path.is_file() and (suffixes is None or path.name.endswith(suffixes)):
            total += path.stat().st_size
    return total


def local_base_folder(info: ModelInfo, tiny_cache: Path | None = None) -> Path | None:
    """The base's folder on this machine, without downloading; None when it is only on the hub."""
    if info.base_folder == tiny_random.TINY_RANDOM_ID:
        return tiny_cache
    folder = Path(info.base_folder)
    if folder.is_dir():
        return folder
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(info.base_folder, local_files_only=True))
    except Exception:  # not in the cache, or the hub library missing
        return None


def base_model_files(folder: Path) -> Iterator[Path]:
    """The files of a model folder that loading it needs (weights, config, tokenizer)."""
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name.endswith(WEIGHT_SUFFIXES + TOKENIZER_SUFFIXES):
            yield path


def export_sizes(info: ModelInfo) -> dict[str, int | None]:
    adapter = sum((info.adapter_dir / name).stat().st_size for name in ADAPTER_FILES)
    base = local_base_folder(info)
    base_weights = _files_size(base, WEIGHT_SUFFIXES) if base else None
    base_other = _files_size(base, TOKENIZER_SUFFIXES) if base else 0
    extra = 16 * 1024  # README, manifest, Modelfile
    if info.bundled_base:
        adapter += (base_weights or 0) + base_other
    merged = None if base_weights is None else base_weights + base_other + extra
    return {"adapter": adapter + extra, "merged": merged, "ollama": merged}


def free_bytes(out: Path) -> int:
    probe = out
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    return shutil.disk_usage(probe).free


# --- writing ------------------------------------------------------------------------------------------


def check_out(out: Path, force: bool) -> None:
    if not out.is_absolute():
        raise ExportError(f"The output folder must be an absolute path, not '{out}'.", "invalid_output")
    if out.exists() and not out.is_dir():
        if not force:
            raise ExportError(
                f"{out} exists and is a file. Choose another folder, or replace it with --force.",
                "output_exists",
                409,
            )
    elif out.is_dir() and any(out.iterdir()) and not force:
        raise ExportError(
            f"The folder {out} exists and is not empty. Choose an empty or new folder, or replace it "
            "with --force.",
            "output_exists",
            409,
        )


def _disk_full(where: Path, needed: int | None = None) -> ExportError:
    need = f" It needs about {_megabytes(needed)}, and" if needed else ""
    return ExportError(
        f"Not enough free space to export to {where}.{need} the disk has "
        f"{_megabytes(free_bytes(where))} free. Free some space or choose another disk.",
        "insufficient_storage",
    )


def _megabytes(count: int) -> str:
    return f"{count / 1024**2:,.1f} MB"


class _Writer:
    """Reports the bytes under a folder while a long write (weights) goes on."""

    def __init__(self, folder: Path, total: int, progress: Progress, cancelled: Callable[[], bool]) -> None:
        self.folder = folder
        self.total = total
        self.progress = progress
        self.cancelled = cancelled
        self.stage = ""

    def written(self) -> int:
        return _files_size(self.folder)

    def report(self, stage: str | None = None) -> None:
        if stage is not None:
            self.stage = stage
        self.progress(self.written(), self.total, self.stage)
        if self.cancelled():
            raise ExportCancelled

    def watch(self, work: Callable[[], None], stage: str) -> None:
        """Run ``work`` while reporting the folder's size every half second."""
        self.report(stage)
        done = threading.Event()

        def ticker() -> None:
            while not done.wait(PROGRESS_INTERVAL):
                self.progress(self.written(), self.total, self.stage)

        thread = threading.Thread(target=ticker, name="export-progress", daemon=True)
        thread.start()
        try:
            work()
        finally:
            done.set()
            thread.join()
        self.report()

    def copy(self, source: Path, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        with source.open("rb") as reader, target.open("wb") as writer:
            while chunk := reader.read(8 * 1024**2):
                writer.write(chunk)
                self.progress(self.written(), self.total, self.stage)
                if self.cancelled():
                    raise ExportCancelled


def export_model(
    info: ModelInfo,
    export_format: str,
    out: Path,
    force: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    tiny_cache: Path | None = None,
) -> Path:
    """Write ``info`` in ``export_format`` to ``out`` (atomically); returns ``out``."""
    if export_format not in FORMATS:
        raise ExportError(
            f"Unknown export format '{export_format}': choose one of {', '.join(FORMATS)}.", "invalid_format"
        )
    out = out.expanduser()
    check_out(out, force)
    sizes = export_sizes(info)
    total = sizes[export_format]
    if total is None:
        raise ExportError(
            f"The base model {info.base_source} of '{info.model_id}' is not on this machine: the engine "
            "needs it to merge the adapter. Download it first (or export the adapter).",
            "base_model_missing",
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    if free_bytes(out.parent) < total + ROOM_MARGIN:
        raise _disk_full(out.parent, total)
    token = secrets.token_hex(4)
    partial = out.parent / f".{out.name}.partial-{token}"
    for stale in out.parent.glob(f".{out.name}.partial-*"):  # left by an export that was killed
        shutil.rmtree(stale, ignore_errors=True)
    writer = _Writer(partial, total, progress or (lambda _w, _t, _s: None), cancelled or (lambda: False))
    try:
        partial.mkdir()
        if export_format == "adapter":
            _write_adapter(info, partial, writer)
        else:
            target = partial / OLLAMA_MODEL_FOLDER if export_format == "ollama" else partial
            template = _write_merged(info, target, writer, tiny_cache)
            if export_format == "ollama":
                _write_ollama(info, partial, template)
            else:
                (partial / "README.md").write_text(_merged_readme(info), encoding="utf-8")
        (partial / MANIFEST).write_text(
            json.dumps(info.manifest(export_format), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        writer.report("Finishing")
        _swap_in(partial, out)
    except OSError as error:
        shutil.rmtree(partial, ignore_errors=True)
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise _disk_full(out.parent, total) from error
        raise ExportError(f"Could not write the export to {out}: {error}", "write_failed") from error
    except (ExportError, ExportCancelled):
        shutil.rmtree(partial, ignore_errors=True)
        raise
    except BaseException as error:
        shutil.rmtree(partial, ignore_errors=True)
        # Writers in other languages (safetensors' Rust) report a full disk in their own exception.
        if os.strerror(errno.ENOSPC) in str(error) or os.strerror(errno.EDQUOT) in str(error):
            raise _disk_full(out.parent, total) from error
        raise
    writer.progress(total, total, "Done")
    return out


def _swap_in(partial: Path, out: Path) -> None:
    """Put the finished export at ``out``; what was there goes only once the new one is in place."""
    if not out.exists():
        partial.rename(out)
        return
    if out.is_dir() and not any(out.iterdir()):
        out.rmdir()
        partial.rename(out)
        return
    replaced = out.parent / f".{out.name}.replaced-{secrets.token_hex(4)}"
    out.rename(replaced)
    partial.rename(out)
    if replaced.is_dir():
        shutil.rmtree(replaced, ignore_errors=True)
    else:
        replaced.unlink(missing_ok=True)


def _write_adapter(info: ModelInfo, folder: Path, writer: _Writer) -> None:
    writer.report("Copying the adapter")
    config = json.loads((info.adapter_dir / "adapter_config.json").read_text(encoding="utf-8"))
    # Where the base is on the machine that loads the adapter: a hub id, or the bundled copy.
    if info.bundled_base:
        config["base_model_name_or_path"] = BUNDLED_BASE_FOLDER
    elif not Path(info.base_source).is_absolute():
        config["base_model_name_or_path"] = info.base_source
    (folder / "adapter_config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    writer.copy(info.adapter_dir / "adapter_model.safetensors", folder / "adapter_model.safetensors")
    if info.bundled_base:
        writer.report("Copying the base model")
        base = Path(info.base_folder)
        for path in base_model_files(base):
            writer.copy(path, folder / BUNDLED_BASE_FOLDER / path.name)
    (folder / "README.md").write_text(_adapter_readme(info), encoding="utf-8")


def _write_merged(info: ModelInfo, folder: Path, writer: _Writer, tiny_cache: Path | None) -> ChatSegments:
    """The merged model in ``folder``; returns the chat template's segments (for a Modelfile)."""
    writer.report("Loading the base model")
    base = local_base_folder(info, tiny_cache)
    if base is None:
        raise ExportError(f"The base model {info.base_source} is not on this machine.", "base_model_missing")
    try:
        import torch
        from peft import PeftModel
        from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer
    except ImportError as error:
        raise ExportError(
            f"Merging needs the training libraries ({error}). Install them with {INSTALL_HINT}, or "
            "export the adapter, which needs none.",
            "engine_dependencies_missing",
        ) from error
    from transformers.utils import logging as transformers_logging

    from engine.trainer import prepare_tokenizer

    transformers_logging.disable_progress_bar()
    config = AutoConfig.from_pretrained(str(base))
    dtype = getattr(config, "dtype", None) or getattr(config, "torch_dtype", None) or torch.float32
    if isinstance(dtype, str):
        dtype = getattr(torch, dtype)
    tokenizer = AutoTokenizer.from_pretrained(str(base))
    prepare_tokenizer(tokenizer)  # the pad token and chat template the engine trained and serves with
    # Merged in float32 (as the engine does when it serves), then stored in the base's own dtype.
    model: Any = AutoModelForCausalLM.from_pretrained(str(base), dtype=torch.float32)
    writer.report("Merging the adapter")
    model = PeftModel.from_pretrained(model, str(info.adapter_dir)).merge_and_unload()
    model = model.to(dtype)
    eos_ids: list[int] = []
    configured = model.generation_config.eos_token_id
    for value in configured if isinstance(configured, list) else [configured]:
        if isinstance(value, int) and value not in eos_ids:
            eos_ids.append(value)
    if tokenizer.eos_token_id is not None and int(tokenizer.eos_token_id) not in eos_ids:
        eos_ids.append(int(tokenizer.eos_token_id))
    model.generation_config.eos_token_id = eos_ids[0] if len(eos_ids) == 1 else eos_ids
    if model.generation_config.pad_token_id is None:
        model.generation_config.pad_token_id = tokenizer.pad_token_id
    folder.mkdir(parents=True, exist_ok=True)
    writer.watch(lambda: model.save_pretrained(str(folder)), "Writing the merged weights")
    tokenizer.save_pretrained(str(folder))
    segments = chat_segments(tokenizer)
    segments.stops = [str(token) for token in tokenizer.convert_ids_to_tokens(eos_ids) if token]
    return segments


# --- chat template → Ollama TEMPLATE ------------------------------------------------------------------


@dataclass
class ChatSegments:
    """A chat template as the text around each message's content, so that another template language
    can reproduce it: ``start[role]`` before the first message, ``between[(previous, role)]``
    between two messages, ``prompt[role]`` after the last one when the assistant is to answer."""

    start: dict[str, str] = field(default_factory=dict)
    between: dict[tuple[str, str], str] = field(default_factory=dict)
    prompt: dict[str, str] = field(default_factory=dict)
    stops: list[str] = field(default_factory=list)

    def render(self, messages: list[JSONObject]) -> str:
        """The prompt these segments give (the engine's template gives the same, for our roles)."""
        text, previous = "", ""
        for message in messages:
            role = str(message["role"])
            text += self.start.get(role, "") if not previous else self.between.get((previous, role), "")
            text += str(message["content"])
            previous = role
        return text + self.prompt.get(previous, "")

    def go_template(self) -> str:
        """The same as an Ollama (Go text/template) TEMPLATE over ``.Messages``."""

        def literal(text: str) -> str:
            return "{{ " + json.dumps(text, ensure_ascii=False) + " }}" if text else ""

        def by_role(table: dict[str, str], variable: str) -> str:
            branches = [(role, literal(text)) for role, text in table.items() if text]
            out = ""
            for index, (role, text) in enumerate(branches):
                out += ("{{ if " if index == 0 else "{{ else if ") + f'eq {variable} "{role}" }}}}{text}'
            return out + "{{ end }}" if branches else ""

        pairs = ""
        first = True
        for (previous, role), text in self.between.items():
            if not text:
                continue
            condition = f'and (eq $previous "{previous}") (eq .Role "{role}")'
            pairs += ("{{ if " if first else "{{ else if ") + condition + " }}" + literal(text)
            first = False
        if pairs:
            pairs += "{{ end }}"
        return (
            '{{ $previous := "" }}{{ range .Messages }}'
            f'{{{{ if eq $previous "" }}}}{by_role(self.start, ".Role")}{{{{ else }}}}{pairs}{{{{ end }}}}'
            "{{ .Content }}{{ $previous = .Role }}{{ end }}" + by_role(self.prompt, "$previous")
        )


def chat_segments(tokenizer: Any) -> ChatSegments:
    """Find the segments of ``tokenizer``'s chat template by rendering marked conversations."""
    from engine import textformat

    marks = [f"Xq{index}markZ" for index in range(3)]
    segments = ChatSegments()

    def rendered(roles: list[str], generation_prompt: bool) -> str | None:
        messages = [{"role": role, "content": marks[i]} for i, role in enumerate(roles)]
        try:
            return textformat.render(tokenizer, messages, add_generation_prompt=generation_prompt)
        except Exception:  # a template that refuses this shape of conversation (e.g. two users in a row)
            return None

    for role in ROLES:
        text = rendered([role], False)
        if text is not None and marks[0] in text:
            segments.start[role] = text.split(marks[0])[0]
        text = rendered([role], True)
        if text is not None and marks[0] in text and role != "assistant":
            segments.prompt[role] = text.split(marks[0])[1]
        for following in ROLES:
            text = rendered([role, following], False)
            if text is not None and marks[0] in text and marks[1] in text:
                segments.between[(role, following)] = text.split(marks[0])[1].split(marks[1])[0]
    return segments


def _write_ollama(info: ModelInfo, folder: Path, segments: ChatSegments) -> None:
    lines = [
        f"# {info.model_id}, exported by the Finetune Desk local engine",
        f"FROM ./{OLLAMA_MODEL_FOLDER}",
        f'TEMPLATE """{segments.go_template()}"""',
    ]
    lines.extend(f"PARAMETER stop {json.dumps(stop, ensure_ascii=False)}" for stop in segments.stops)
    if info.system_prompt:
        lines.append(f'SYSTEM """{info.system_prompt}"""')
    (folder / "Modelfile").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "README.md").write_text(_ollama_readme(info), encoding="utf-8")


def ollama_name(model_id: str) -> str:
    """A name ``ollama create`` accepts, made from a model id."""
    parts = model_id.split(":")
    name = "-".join(part for part in (parts[1:2] + parts[3:4]) if part) or "finetuned"
    cleaned = "".join(c if c.isalnum() or c in "-_." else "-" for c in name.lower()).strip("-.")
    return cleaned or "finetuned"


def _adapter_readme(info: ModelInfo) -> str:
    if info.bundled_base:
        base_line = (
            f"Base model: `{info.base_name}` — a test model made for this job; its weights and "
            "tokenizer are in `base/` (no other copy exists)."
        )
        load_base = (
            'base = AutoModelForCausalLM.from_pretrained("base")\n'
            'tokenizer = AutoTokenizer.from_pretrained("base")'
        )
        import_line = "finetune-engine import-adapter /path/to/this/folder"
    else:
        base_line = f"Base model: `{info.base_source}`."
        load_base = (
            f'base = AutoModelForCausalLM.from_pretrained("{info.base_source}")\n'
            f'tokenizer = AutoTokenizer.from_pretrained("{info.base_source}")'
        )
        import_line = f"finetune-engine import-adapter /path/to/this/folder --base {info.base_source}"
    return f"""# {info.model_id} (LoRA adapter)

{base_line}

Load it with transformers and peft, from this folder:

```python
from peft import PeftModel
from transformers import AutoModelForCausalLM, AutoTokenizer

{load_base}
model = PeftModel.from_pretrained(base, ".")
```

Bring it into another Finetune Desk engine (it becomes a fine-tuned model there):

```bash
{import_line}
```
{_system_prompt_note(info)}"""


def _merged_readme(info: ModelInfo) -> str:
    return f"""# {info.model_id} (merged)

The base model `{info.base_name}` with the fine-tuned adapter merged in, stored in the base's dtype.
The tokenizer carries the chat template the engine trained with. No peft needed:

```python
from transformers import AutoModelForCausalLM, AutoTokenizer

model = AutoModelForCausalLM.from_pretrained(".")
tokenizer = AutoTokenizer.from_pretrained(".")
messages = [{{"role": "user", "content": "Hello"}}]
inputs = tokenizer.apply_chat_template(
    messages, add_generation_prompt=True, return_tensors="pt", return_dict=True
)
output = model.generate(**inputs, max_new_tokens=200, do_sample=False)
print(tokenizer.decode(output[0][inputs["input_ids"].shape[1]:], skip_special_tokens=True))
```
{_system_prompt_note(info)}"""


def _ollama_readme(info: ModelInfo) -> str:
    name = ollama_name(info.model_id)
    return f"""# {info.model_id} for Ollama

`model/` holds the merged weights (safetensors) and tokenizer; `Modelfile` points at it, with the chat
template, stop tokens{" and the system prompt" if info.system_prompt else ""} the model was trained with.
From this folder:

```bash
ollama create {name} -f Modelfile
ollama run {name}
```

Ollama imports safetensors for the architectures it supports (Llama, Mistral, Gemma, Phi-3, Qwen2 and
others); add `--quantize q4_K_M` to `ollama create` for a smaller copy.
{_system_prompt_note(info)}"""


def _system_prompt_note(info: ModelInfo) -> str:
    if not info.system_prompt:
        return ""
    return (
        "\nEvery training example began with this system message; give it too for the answers it "
        f"learned:\n\n> {info.system_prompt}\n"
    )


# --- import -------------------------------------------------------------------------------------------


def import_adapter(
    store: Store, paths: Paths, folder: Path, base: str | None = None, suffix: str | None = None
) -> JSONObject:
    """Register the adapter in ``folder`` (an ``adapter`` export, or any peft LoRA folder) as a
    fine-tuned model of this engine; returns its model object."""
    folder = folder.expanduser()
    missing = [name for name in ADAPTER_FILES if not (folder / name).is_file()]
    if missing:
        raise ExportError(
            f"{folder} is not an adapter folder: {', '.join(missing)} missing. Export with --format adapter.",
            "invalid_adapter",
        )
    if suffix is not None and (len(suffix) > 64 or ":" in suffix):
        raise ExportError("The suffix must be at most 64 characters without ':'.", "invalid_suffix")
    manifest: JSONObject = {}
    if (folder / MANIFEST).is_file():
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except ValueError as error:
            raise ExportError(f"{folder / MANIFEST} is not valid JSON: {error}", "invalid_adapter") from error
    bundled = folder / BUNDLED_BASE_FOLDER
    wanted = base or manifest.get("base_source") or manifest.get("base_model")
    use_bundled = catalog.is_model_folder(bundled) and (
        base is None or base == tiny_random.TINY_RANDOM_ID or base == manifest.get("base_model")
    )
    base_model: catalog.BaseModel | None = None
    if not use_bundled:
        if not wanted:
            raise ExportError(
                f"Say which base model the adapter in {folder} belongs to (--base).", "base_model_missing"
            )
        base_model = catalog.find_base_model(str(wanted), paths.models)
        if base_model is None or base_model.is_tiny_random:
            raise ExportError(
                f"The base model '{wanted}' is not known here: give a model folder, a folder name under "
                f"{paths.models}, or a Hugging Face id.",
                "base_model_missing",
            )
    import_id = new_id("ftimp-")
    target = paths.data_dir / "imports" / import_id
    partial = target.parent / f".{import_id}.partial"
    try:
        partial.mkdir(parents=True)
        for name in ADAPTER_FILES:
            shutil.copyfile(folder / name, partial / name)
        if (folder / MANIFEST).is_file():
            shutil.copyfile(folder / MANIFEST, partial / MANIFEST)
        if use_bundled:
            (partial / BUNDLED_BASE_FOLDER).mkdir()
            for path in base_model_files(bundled):
                shutil.copyfile(path, partial / BUNDLED_BASE_FOLDER / path.name)
        partial.rename(target)
    except OSError as error:
        shutil.rmtree(partial, ignore_errors=True)
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise _disk_full(paths.data_dir) from error
        raise ExportError(f"Could not copy the adapter from {folder}: {error}", "write_failed") from error
    adapter_config = json.loads((folder / "adapter_config.json").read_text(encoding="utf-8"))
    training: JSONObject = dict(manifest.get("training") or {})
    if use_bundled:
        base_name = str(manifest.get("base_model") or tiny_random.TINY_RANDOM_ID)
        base_folder = str(target / BUNDLED_BASE_FOLDER)
        base_source = base_folder
    else:
        assert base_model is not None
        base_name, base_folder, base_source = base_model.short_name(), base_model.source, base_model.source
    origin: JSONObject = {
        "lora_rank": int(adapter_config.get("r") or training.get("lora_rank") or catalog.DEFAULT_LORA_RANK),
        "base_learning_rate": float(training.get("base_learning_rate") or catalog.DEFAULT_BASE_LEARNING_RATE),
        "max_length": int(training.get("max_length") or catalog.DEFAULT_MAX_LENGTH),
        "base_name": base_name,
        "base_source": base_source,
    }
    model_id = f"ft:{base_name}:local:{suffix or ''}:{import_id}"
    model: JSONObject = {"id": model_id, "object": "model", "created": now(), "owned_by": "user"}
    store.insert(
        "models",
        model,
        {
            "base_folder": base_folder,
            "adapter_dir": str(target),
            "checkpoint": False,
            "job_id": import_id,
            "origin": origin,
            "bundled_base": use_bundled,
            "system_prompt": manifest.get("system_prompt"),
            "imported_from": str(folder),
        },
        job_id=import_id,
    )
    log.info("imported %s from %s", model_id, folder)
    return model


# --- the HTTP API -------------------------------------------------------------------------------------


class Exports:
    """Exports asked for over HTTP: run one at a time on a worker thread, kept in memory."""

    def __init__(self, store: Store, paths: Paths) -> None:
        self.store = store
        self.paths = paths
        self._lock = threading.Lock()
        self._run_lock = threading.Lock()
        self._exports: dict[str, JSONObject] = {}
        self._cancel: dict[str, threading.Event] = {}

    def sizes(self, model: str | None, out: str | None) -> JSONObject:
        model = _text(model, "model")
        folder = _path(out, "out") if out else None
        try:
            sizes = export_sizes(find_model(self.store, self.paths, model))
            free = free_bytes(folder) if folder is not None and folder.is_absolute() else None
        except ExportError as error:
            raise error.api_error() from None
        except OSError as error:
            raise bad_request(f"Can't look at '{out}': {error.strerror or error}", param="out") from None
        return {"object": "engine.export_sizes", "model": model, "sizes": sizes, "free_bytes": free}

    def create(self, body: JSONObject) -> JSONObject:
        model, export_format = body.get("model"), body.get("format")
        out, force = body.get("out"), body.get("force")
        model = _text(model, "model")
        if export_format not in FORMATS:
            raise bad_request(f"'format' must be one of {', '.join(FORMATS)}", param="format")
        folder = _path(out, "out")
        if force is not None and not isinstance(force, bool):
            raise bad_request("'force' must be true or false", param="force")
        try:
            info = find_model(self.store, self.paths, model)
            check_out(folder, bool(force))
            total = export_sizes(info)[str(export_format)]
            if total is not None and free_bytes(folder) < total + ROOM_MARGIN:
                raise _disk_full(folder, total)
        except ExportError as error:
            raise error.api_error() from None
        except OSError as error:
            raise bad_request(f"Can't write to '{out}': {error.strerror or error}", param="out") from None
        export_id = new_id("export-")
        export: JSONObject = {
            "id": export_id,
            "object": "engine.export",
            "model": model,
            "format": export_format,
            "out": out,
            "status": "queued",
            "stage": "",
            "written_bytes": 0,
            "total_bytes": total,
            "created_at": now(),
            "finished_at": None,
            "error": None,
        }
        with self._lock:
            self._exports[export_id] = export
            self._cancel[export_id] = threading.Event()
        threading.Thread(
            target=self._run, args=(export_id, info, bool(force)), name=f"export-{export_id}", daemon=True
        ).start()
        return dict(export)

    def _update(self, export_id: str, **changes: Any) -> None:
        with self._lock:
            self._exports[export_id].update(changes)

    def _run(self, export_id: str, info: ModelInfo, force: bool) -> None:
        cancel = self._cancel[export_id]
        with self._run_lock:
            if cancel.is_set():
                self._update(export_id, status="cancelled", finished_at=now())
                return
            self._update(export_id, status="running")
            export = self.get(export_id)

            def progress(written: int, total: int, stage: str) -> None:
                self._update(export_id, written_bytes=written, total_bytes=total, stage=stage)

            try:
                export_model(
                    info,
                    str(export["format"]),
                    Path(str(export["out"])),
                    force,
                    progress,
                    cancel.is_set,
                    self.paths.cache / "tiny-random",
                )
            except ExportCancelled:
                self._update(export_id, status="cancelled", finished_at=now(), written_bytes=0)
            except ExportError as error:
                self._update(
                    export_id,
                    status="failed",
                    finished_at=now(),
                    error={"code": error.code, "message": error.message},
                )
            except Exception as error:  # the worker must report every failure, never die silently
                log.exception("export %s failed", export_id)
                self._update(
                    export_id,
                    status="failed",
                    finished_at=now(),
                    error={"code": "export_failed", "message": f"The export failed: {error}"},
                )
            else:
                self._update(export_id, status="succeeded", finished_at=now(), stage="Done")

    def get(self, export_id: str) -> JSONObject:
        with self._lock:
            export = self._exports.get(export_id)
            if export is None:
                raise APIError(
                    404, f"No such export: '{export_id}'", param="export_id", code="export_not_found"
                )
            return dict(export)

    def list(self) -> JSONObject:
        with self._lock:
            data = [dict(export) for export in reversed(self._exports.values())]
        return {"object": "list", "data": data, "has_more": False}

    def cancel(self, export_id: str) -> JSONObject:
        export = self.get(export_id)
        if export["status"] in ("succeeded", "failed", "cancelled"):
            raise conflict(f"Export {export_id} has already {export['status']}; it can't be cancelled.")
        self._cancel[export_id].set()
        return export

    def wait(self, export_id: str, timeout: float) -> JSONObject:
        """The export once it is over (or as it is after ``timeout`` seconds); for tests and tools."""
        deadline = time.monotonic() + timeout
        while True:
            export = self.get(export_id)
            if export["status"] in ("succeeded", "failed", "cancelled") or time.monotonic() > deadline:
                return export
            time.sleep(0.1)


MAX_TEXT = 4096


def _text(value: object, param: str) -> str:
    """A non-empty string parameter without NUL characters (which no path or id may hold)."""
    if not isinstance(value, str) or not value:
        raise bad_request(f"'{param}' is required (text)", param=param)
    if "\x00" in value or len(value) > MAX_TEXT:
        raise bad_request(f"'{param}' must be text without NUL characters, at most {MAX_TEXT} long", param)
    return value


def _path(value: object, param: str) -> Path:
    """An absolute path on the engine's machine, from a request."""
    path = Path(_text(value, param))
    if not path.is_absolute():
        raise bad_request(f"'{param}' must be an absolute path on the engine's machine, not '{value}'", param)
    return path


def register_routes(app: Any, store: Store, paths: Paths) -> Exports:
    """Add the export and import routes to the engine's FastAPI app (before its catch-all route)."""
    exports = Exports(store, paths)

    async def body_of(request: Request) -> JSONObject:
        try:
            body = await request.json()
        except ValueError:
            raise bad_request("The request body must be a JSON object.") from None
        if not isinstance(body, dict):
            raise bad_request("The request body must be a JSON object.")
        return body

    @app.get("/v1/engine/exports/sizes")
    async def export_sizes_route(model: str | None = None, out: str | None = None) -> JSONObject:
        return await run_in_threadpool(exports.sizes, model, out)

    @app.post("/v1/engine/exports")
    async def create_export(request: Request) -> JSONObject:
        return await run_in_threadpool(exports.create, await body_of(request))

    @app.get("/v1/engine/exports")
    def list_exports() -> JSONObject:
        return exports.list()

    @app.get("/v1/engine/exports/{export_id}")
    def retrieve_export(export_id: str) -> JSONObject:
        return exports.get(export_id)

    @app.post("/v1/engine/exports/{export_id}/cancel")
    def cancel_export(export_id: str) -> JSONObject:
        return exports.cancel(export_id)

    @app.post("/v1/engine/imports")
    async def import_route(request: Request) -> JSONObject:
        body = await body_of(request)
        folder = _path(body.get("folder"), "folder")
        base, suffix = body.get("base"), body.get("suffix")
        base = _text(base, "base") if base is not None else None
        suffix = _text(suffix, "suffix") if suffix is not None else None
        try:
            return await run_in_threadpool(import_adapter, store, paths, folder, base, suffix)
        except ExportError as error:
            raise error.api_error() from None
        except OSError as error:
            raise bad_request(f"Can't read '{folder}': {error.strerror or error}", param="folder") from None

    return exports


# --- the command line ---------------------------------------------------------------------------------


def _stderr_progress() -> Progress:
    last: dict[str, Any] = {"stage": "", "percent": -1, "at": 0.0}

    def progress(written: int, total: int, stage: str) -> None:
        import sys

        percent = int(100 * written / total) if total else 0
        moment = time.monotonic()
        if stage != last["stage"] or (percent != last["percent"] and moment - float(last["at"]) >= 1):
            line = f"{stage}: {_megabytes(written)} of {_megabytes(total)} ({percent}%)"
            print(line, file=sys.stderr, flush=True)
            last.update(stage=stage, percent=percent, at=moment)

    return progress


def run_export_command(data_dir: Path, model: str, export_format: str, out: Path, force: bool) -> int:
    import sys

    paths = Paths(data_dir)
    if not (data_dir / "engine.sqlite3").is_file():
        print(f"No engine data in {data_dir} (no engine.sqlite3). Give --data-dir.", file=sys.stderr)
        return 2
    store = Store(data_dir / "engine.sqlite3")
    try:
        info = find_model(store, paths, model)
        out = out.expanduser().absolute()
        tiny_cache = paths.cache / "tiny-random"
        export_model(info, export_format, out, force, _stderr_progress(), tiny_cache=tiny_cache)
    except ExportError as error:
        print(f"Export failed: {error.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Export cancelled; nothing was written.", file=sys.stderr)
        return 130
    finally:
        store.close()
    print(f"Exported {model} ({export_format}) to {out}", file=sys.stderr)
    print(str(out))
    return 0


def run_import_command(data_dir: Path, folder: Path, base: str | None, suffix: str | None) -> int:
    import sys

    paths = Paths(data_dir)
    paths.create()
    store = Store(data_dir / "engine.sqlite3")
    try:
        model = import_adapter(store, paths, folder.expanduser().absolute(), base, suffix)
    except ExportError as error:
        print(f"Import failed: {error.message}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(f"Imported {folder} as {model['id']}", file=sys.stderr)
    print(model["id"])
    return 0
