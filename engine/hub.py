"""The Hugging Face hub as the engine sees it: where models are cached, which files a model needs,
what the hub says of a model id, and the messages for what can go wrong on the way.

The engine downloads into the standard Hugging Face cache (``HF_HUB_CACHE``, else ``HF_HOME/hub``,
else ``~/.cache/huggingface/hub``), so a model downloaded by another tool is found, and one
downloaded here is found by other tools. The hub's address comes from ``HF_ENDPOINT`` (a mirror, for
many users in China), the token from ``HF_TOKEN`` or the request; neither is ever written to disk.
Nothing here imports ``huggingface_hub`` at module level: the server starts without it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_ENDPOINT = "https://huggingface.co"
HF_ID_PATTERN = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")

# What a causal LM needs to be fine-tuned and served: its config, one weights format, its
# tokenizer and chat template. Everything else in a repo (ONNX/GGUF exports, "original/" weights,
# README images, remote code) stays on the hub.
CONFIG_FILES = {"config.json", "generation_config.json"}
TOKENIZER_FILES = {
    "tokenizer.json",
    "tokenizer_config.json",
    "tokenizer.model",
    "special_tokens_map.json",
    "added_tokens.json",
    "vocab.json",
    "vocab.txt",
    "merges.txt",
    "chat_template.jinja",
    "chat_template.json",
}
SAFETENSORS_INDEX = "model.safetensors.index.json"
BIN_INDEX = "pytorch_model.bin.index.json"


def endpoint() -> str:
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def cache_dir() -> Path:
    """The Hugging Face hub cache, found as ``huggingface_hub`` finds it."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "huggingface" / "hub"


def repo_folder(repo_id: str) -> Path:
    return cache_dir() / ("models--" + repo_id.replace("/", "--"))


def needed_files(names: Iterable[str]) -> list[str]:
    """The files of a repo listing that the engine downloads: top-level config, tokenizer and
    template files, and one weights format (safetensors when there are any, else PyTorch .bin)."""
    top = [n for n in names if "/" not in n]
    wanted = [n for n in top if n in CONFIG_FILES or n in TOKENIZER_FILES]
    safetensors = sorted(n for n in top if n.endswith(".safetensors"))
    if "model.safetensors" in safetensors and SAFETENSORS_INDEX not in top:
        safetensors = ["model.safetensors"]  # a lone model file: other .safetensors aren't its shards
    if safetensors:
        wanted += safetensors + ([SAFETENSORS_INDEX] if SAFETENSORS_INDEX in top else [])
    else:
        bins = sorted(n for n in top if re.fullmatch(r"pytorch_model(-\d+-of-\d+)?\.bin", n))
        wanted += bins + ([BIN_INDEX] if BIN_INDEX in top else [])
    return sorted(set(wanted))


def is_complete_folder(folder: Path) -> bool:
    """A model folder with a config, a tokenizer and all of its weights."""
    if not (folder / "config.json").is_file():
        return False
    if not any((folder / name).is_file() for name in ("tokenizer.json", "tokenizer.model", "vocab.json")):
        return False
    for index_name in (SAFETENSORS_INDEX, BIN_INDEX):
        index = folder / index_name
        if index.is_file():
            try:
                shards = set(json.loads(index.read_text(encoding="utf-8"))["weight_map"].values())
            except (OSError, ValueError, KeyError, AttributeError):
                return False
            return all((folder / shard).is_file() for shard in shards)
    return (folder / "model.safetensors").is_file() or (folder / "pytorch_model.bin").is_file()


def local_snapshot(repo_id: str) -> Path | None:
    """The complete cached copy of ``repo_id`` (its main revision first), or None."""
    folder = repo_folder(repo_id)
    snapshots = folder / "snapshots"
    if not snapshots.is_dir():
        return None
    candidates: list[Path] = []
    try:
        main = (folder / "refs" / "main").read_text(encoding="utf-8").strip()
        candidates.append(snapshots / main)
    except OSError:
        pass
    candidates += sorted(
        (p for p in snapshots.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True
    )
    for candidate in candidates:
        if is_complete_folder(candidate):
            return candidate
    return None


def chat_template_of(folder: Path) -> str | None:
    """The chat template a model folder ships (in tokenizer_config.json or a template file)."""
    jinja = folder / "chat_template.jinja"
    if jinja.is_file():
        return jinja.read_text(encoding="utf-8")
    for name in ("chat_template.json", "tokenizer_config.json"):
        try:
            template = json.loads((folder / name).read_text(encoding="utf-8")).get("chat_template")
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(template, str):
            return template
        if isinstance(template, list) and template:  # named templates: the default one
            return str(template[0].get("template", ""))
    return None


# --- what the hub says -------------------------------------------------------------------------


class HubError(Exception):
    """A hub problem with a message for the user and the HTTP status the engine answers with."""

    def __init__(self, status: int, message: str, code: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code


@dataclass(frozen=True)
class HubModel:
    id: str
    sha: str
    gated: bool
    files: dict[str, int]  # the needed files and their sizes in bytes
    chat_template: bool

    @property
    def download_bytes(self) -> int:
        return sum(self.files.values())


def gated_message(repo_id: str, status: int) -> str:
    page = f"{endpoint()}/{repo_id}"
    if status == 401:
        return (
            f"{repo_id} is a gated model: its publisher asks you to accept its licence before "
            f"downloading. Open {page} while signed in, accept the terms, create an access token "
            "(Settings → Access Tokens, read access) and give it to Finetune Desk."
        )
    return (
        f"Your Hugging Face token has no access to {repo_id} yet. Open {page} while signed in with "
        "the account of that token and accept the licence (some publishers review requests; wait for "
        "their e-mail), then try again."
    )


def explain(error: BaseException, repo_id: str) -> HubError:
    """A HubError for what ``huggingface_hub`` (or the network, or the disk) raised."""
    import errno

    from huggingface_hub import errors

    if isinstance(error, HubError):
        return error
    if isinstance(error, errors.GatedRepoError):
        status = error.response.status_code if error.response is not None else 401
        status = status if status in (401, 403) else 401
        return HubError(status, gated_message(repo_id, status), "gated_model")
    if isinstance(error, errors.RevisionNotFoundError | errors.EntryNotFoundError):
        return HubError(404, f"{repo_id} on {endpoint()} lacks a file it needs: {error}", "model_not_found")
    if isinstance(error, errors.RepositoryNotFoundError):
        return HubError(
            404,
            f"There is no model '{repo_id}' on {endpoint()}. Check the id (it looks like "
            "'Qwen/Qwen2.5-0.5B-Instruct'); a private model needs a token with access to it.",
            "model_not_found",
        )
    if isinstance(error, errors.HfHubHTTPError):
        status = error.response.status_code if error.response is not None else 502
        if status in (401, 403):
            return HubError(status, gated_message(repo_id, status), "gated_model")
        return HubError(
            502, f"The hub at {endpoint()} answered with an error for {repo_id}: {error}", "hub_error"
        )
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return HubError(507, disk_full_message(repo_id, cache_dir()), "disk_full")
    if isinstance(error, errors.OfflineModeIsEnabled) or _is_connection_error(error):
        return HubError(
            503,
            f"Could not reach the Hugging Face hub at {endpoint()} to get {repo_id}: {error}. Check the "
            "network connection; in mainland China set a mirror (e.g. HF_ENDPOINT=https://hf-mirror.com) "
            "in the engine settings.",
            "hub_unreachable",
        )
    return HubError(502, f"Could not get {repo_id} from {endpoint()}: {error}", "hub_error")


def disk_full_message(repo_id: str, folder: Path, needed: int | None = None) -> str:
    import shutil

    try:
        free = shutil.disk_usage(_existing_parent(folder)).free
    except OSError:
        free = None
    text = f"There is not enough free disk space to download {repo_id} into {folder}"
    if needed is not None:
        text += f": it needs {format_bytes(needed)}"
        if free is not None:
            text += f", and {format_bytes(free)} are free"
    elif free is not None:
        text += f" ({format_bytes(free)} free)"
    return text + ". The partial download was removed. Free some space, or set HF_HOME to a larger disk."


def _existing_parent(path: Path) -> Path:
    while not path.exists() and path.parent != path:
        path = path.parent
    return path


def free_bytes(folder: Path) -> int | None:
    import shutil

    try:
        return shutil.disk_usage(_existing_parent(folder)).free
    except OSError:
        return None


def _is_connection_error(error: BaseException) -> bool:
    names = {type(e).__name__ for e in _chain(error)}
    return bool(
        names & {"ConnectError", "ConnectTimeout", "ConnectionError", "TimeoutException", "ReadTimeout"}
    ) or any(isinstance(e, ConnectionError | TimeoutError) for e in _chain(error))


def _chain(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def format_bytes(size: float) -> str:
    for unit in ("bytes", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} TB"


def model_info(repo_id: str, token: str | None) -> HubModel:
    """What the hub says of ``repo_id`` (its commit, gating, the needed files with their sizes).

    Raises HubError with the status for the API (404 unknown, 401/403 gated, 503 unreachable)."""
    if not HF_ID_PATTERN.match(repo_id):
        raise HubError(
            400,
            f"'{repo_id}' is not a Hugging Face model id (it looks like 'owner/name').",
            "invalid_model_id",
        )
    from huggingface_hub import HfApi

    api = HfApi(endpoint=endpoint(), token=token or False)
    try:
        info: Any = api.model_info(repo_id, files_metadata=True)
        sizes = {s.rfilename: int(s.size or 0) for s in info.siblings or []}
        files = {name: sizes[name] for name in needed_files(sizes)}
        # The listing of a gated repo is public, its files are not: fetching the (small, needed)
        # tokenizer config tells whether this token has access, and whether there is a chat template.
        template = any(name in files for name in ("chat_template.jinja", "chat_template.json"))
        if "tokenizer_config.json" in files:
            from huggingface_hub import hf_hub_download

            path = hf_hub_download(
                repo_id,
                "tokenizer_config.json",
                revision=info.sha,
                endpoint=endpoint(),
                token=token or False,
                cache_dir=cache_dir(),
            )
            template = template or chat_template_of(Path(path).parent) is not None
        elif info.gated:
            api.get_hf_file_metadata(url=_resolve_url(repo_id, info.sha, "config.json"), token=token or False)
    except Exception as error:  # huggingface_hub and httpx raise many kinds; explain() sorts them
        raise explain(error, repo_id) from error
    if not any(name.endswith((".safetensors", ".bin")) for name in files):
        raise HubError(
            422,
            f"{repo_id} has no weights in a format the engine can train (safetensors or PyTorch .bin).",
            "unsupported_model",
        )
    return HubModel(repo_id, str(info.sha), bool(info.gated), files, template)


def _resolve_url(repo_id: str, revision: str, filename: str) -> str:
    from huggingface_hub import hf_hub_url

    return str(hf_hub_url(repo_id, filename, revision=revision, endpoint=endpoint()))
