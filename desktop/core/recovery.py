"""The recovery journal: unsaved edits written to disk a few seconds after each change.

One file per running app, ``session-<pid>.journal`` in the recovery folder. Line 1 is a header
(JSON object, ``"journal": "finetune-desk"``), every further line one example:
``{"s": source row, "x": extras, "p": split, "r": record}``. The file is replaced atomically
(temporary file, flush, fsync, rename), so a kill -9 leaves either the previous journal or the new
one, never half of one. A clean exit deletes it; a journal whose process is gone is what the next
start offers to restore. Pure Python: no Qt.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from desktop.core.dataset import Dataset, Example, ExampleKind, JSONObject, Split

JOURNAL_MAGIC = "finetune-desk"
JOURNAL_VERSION = 1
JOURNAL_SUFFIX = ".journal"


@dataclass
class JournalInfo:
    """What the journal's header says about the edited data set."""

    pid: int
    kind: str
    rows: int
    written_at: float
    document_path: str | None = None  # the file the edits belong to (None: never saved)
    document_format: str | None = None
    source_path: str | None = None
    source_format: str | None = None
    extra_columns: list[str] = field(default_factory=list)


@dataclass
class RecoveredSession:
    path: Path
    info: JournalInfo
    dataset: Dataset


def journal_path(folder: Path, pid: int | None = None) -> Path:
    return folder / f"session-{pid if pid is not None else os.getpid()}{JOURNAL_SUFFIX}"


def _record_json(example: Example) -> str:
    # A reader may hand over examples still as raw JSON lines; the journal keeps them as they are.
    # peek() may race with the UI thread parsing the same example (record first, then raw cleared),
    # so read again once if the first read saw neither.
    for _attempt in range(2):
        try:
            return json.dumps(example.peek(), ensure_ascii=False, separators=(",", ":"))
        except (AssertionError, TypeError):
            continue
    return json.dumps(example.record, ensure_ascii=False, separators=(",", ":"))


def example_line(example: Example) -> str:
    bookkeeping = json.dumps(
        {"s": example.source_row, "x": example.extras, "p": example.split.value},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return bookkeeping[:-1] + ',"r":' + _record_json(example) + "}\n"


def write_journal(folder: Path, info: JournalInfo, examples: list[Example]) -> Path:
    """Write the journal for ``info.pid`` atomically; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    target = journal_path(folder, info.pid)
    temporary = target.with_name(target.name + ".tmp")
    header = {"journal": JOURNAL_MAGIC, "version": JOURNAL_VERSION, **asdict(info)}
    with open(temporary, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(json.dumps(header, ensure_ascii=False) + "\n")
        for example in examples:
            handle.write(example_line(example))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, target)
    return target


class JournalError(Exception):
    """A journal file that cannot be read back (from another program, or damaged)."""


def read_journal_info(path: Path) -> JournalInfo:
    with open(path, encoding="utf-8") as handle:
        first = handle.readline()
    try:
        header = json.loads(first)
    except ValueError as error:
        raise JournalError(f"{path.name}: not a recovery journal") from error
    if not isinstance(header, dict) or header.get("journal") != JOURNAL_MAGIC:
        raise JournalError(f"{path.name}: not a recovery journal")
    if header.get("version") != JOURNAL_VERSION:
        raise JournalError(f"{path.name}: journal version {header.get('version')} is not supported")
    fields = {name for name in JournalInfo.__dataclass_fields__}
    return JournalInfo(**{k: v for k, v in header.items() if k in fields})


def read_journal(path: Path) -> RecoveredSession:
    info = read_journal_info(path)
    examples: list[Example] = []
    with open(path, encoding="utf-8") as handle:
        handle.readline()
        for line in handle:
            if not line.strip():
                continue
            try:
                item: JSONObject = json.loads(line)
                record = item["r"]
                split = Split(item.get("p") or Split.TRAIN.value)
            except (ValueError, KeyError) as error:
                # Only the last line can be cut short, and only by a full disk: keep what was whole.
                if handle.readline():
                    raise JournalError(f"{path.name}: damaged line") from error
                break
            examples.append(Example(record, item.get("s"), dict(item.get("x") or {}), split))
    dataset = Dataset(
        ExampleKind(info.kind),
        examples,
        list(info.extra_columns),
        Path(info.source_path) if info.source_path else None,
        info.source_format,
    )
    return RecoveredSession(path, info, dataset)


def process_is_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, owned by someone else
    except OSError:
        return False
    return True


def orphaned_journals(folder: Path) -> list[Path]:
    """Journals left by app processes that are gone (crashed or killed), newest first."""
    if not folder.is_dir():
        return []
    found: list[tuple[float, Path]] = []
    for path in folder.glob(f"session-*{JOURNAL_SUFFIX}"):
        try:
            info = read_journal_info(path)
        except (OSError, JournalError):
            continue
        if info.pid == os.getpid() or process_is_alive(info.pid):
            continue
        found.append((info.written_at, path))
    return [path for _written, path in sorted(found, reverse=True)]


def discard_journal(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".tmp")):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


def now() -> float:
    return time.time()
