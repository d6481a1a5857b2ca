from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core.dataset import Example, ExampleKind, Split
from desktop.core.recovery import (
    JournalError,
    JournalInfo,
    discard_journal,
    journal_path,
    orphaned_journals,
    read_journal,
    read_journal_info,
    write_journal,
)


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def info(pid: int, rows: int) -> JournalInfo:
    return JournalInfo(
        pid=pid,
        kind=ExampleKind.PROMPT_COMPLETION.value,
        rows=rows,
        written_at=1.0,
        document_path="/data/训练.xlsx",
        document_format="xlsx",
        extra_columns=["备注"],
    )


def test_journal_round_trip_keeps_records_rows_extras_and_splits(tmp_path: Path) -> None:
    examples = [
        Example({"prompt": "你觉得orangbus怎么样", "completion": "帅，非常帅"}, 3, {"备注": "x"}),
        Example(raw=b'{"prompt": "raw", "completion": "line\\nbreak"}\n', source_row=4),
        Example({"prompt": "new", "completion": ""}, None, {}, Split.VALIDATION),
    ]
    path = write_journal(tmp_path, info(12345, 3), examples)
    assert path == journal_path(tmp_path, 12345)
    session = read_journal(path)
    assert session.info.document_path == "/data/训练.xlsx"
    assert session.dataset.kind is ExampleKind.PROMPT_COMPLETION
    assert session.dataset.extra_columns == ["备注"]
    assert session.dataset.examples == examples
    assert "帅，非常帅" in path.read_text(encoding="utf-8")  # readable, not escaped
    assert not path.with_name(path.name + ".tmp").exists()


def test_only_journals_of_dead_processes_are_orphaned(tmp_path: Path) -> None:
    gone = dead_pid()
    write_journal(tmp_path, info(gone, 0), [])
    write_journal(tmp_path, info(os.getpid(), 0), [])  # this very process
    write_journal(tmp_path, info(os.getppid(), 0), [])  # alive
    (tmp_path / "session-7.journal").write_text("not a journal\n", encoding="utf-8")
    assert orphaned_journals(tmp_path) == [journal_path(tmp_path, gone)]
    with pytest.raises(JournalError):
        read_journal_info(tmp_path / "session-7.journal")
    discard_journal(journal_path(tmp_path, gone))
    assert orphaned_journals(tmp_path) == []
    assert orphaned_journals(tmp_path / "missing") == []


def test_a_journal_cut_short_keeps_its_whole_lines(tmp_path: Path) -> None:
    examples = [Example({"prompt": str(i), "completion": "c"}) for i in range(3)]
    path = write_journal(tmp_path, info(dead_pid(), 3), examples)
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) - 10], encoding="utf-8")
    session = read_journal(path)
    assert [e.peek()["prompt"] for e in session.dataset.examples] == ["0", "1"]
    header = json.loads(text.splitlines()[0])
    assert header["journal"] == "finetune-desk" and header["rows"] == 3
