"""The readers' reasons in Chinese: real bad files, read with the UI in Chinese."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core import i18n
from desktop.core.readers import open_dataset
from desktop.core.readers.model import UnreadableFileError
from desktop.core.readers.reasons import chinese_reason

# Names and formats that stay as they are in Chinese text.
KEPT = {"JSON", "JSONL", "CSV", "PDF", "HTML", "XML", "Office", "Excel", "zip", "xlsx", "xls", "UTF"}


def english_words(text: str) -> list[str]:
    words = re.findall(r"(?<![\w.\-“])[A-Za-z]{2,}(?![\w.\-”])", text)
    return [w for w in words if w not in KEPT]


@pytest.fixture
def chinese() -> Iterator[None]:
    i18n.set_language("zh_CN")
    yield
    i18n.set_language("en")


def _bad_files(folder: Path) -> list[Path]:
    files = {
        "empty.jsonl": b"",
        "report.xlsx": b"%PDF-1.7 not a workbook" * 10,
        "page.xlsx": b"<!doctype html><html><table></table></html>",
        "notes.xlsx": b"prompt,completion\nhello,world\n",
        "object.json": b'{"rows": [1, 2], "meta": "x"}',
        "broken.jsonl": b"{not json\n[1, 2]\n",
        "blob.csv": bytes(range(256)) * 4,
    }
    paths = []
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    folder_named_like_a_file = folder / "folder.jsonl"
    folder_named_like_a_file.mkdir()
    paths.append(folder_named_like_a_file)
    paths.append(folder / "missing.xlsx")
    return paths


def test_every_unreadable_file_is_explained_in_chinese(tmp_path: Path, chinese: None) -> None:
    messages = []
    for path in _bad_files(tmp_path):
        with pytest.raises(UnreadableFileError) as caught:
            open_dataset(path)
        message = str(caught.value)
        messages.append(message)
        assert message.startswith(f"无法打开“{path.name}”"), message
        assert not english_words(message), message
        assert "Traceback" not in caught.value.user_details
    assert len(set(messages)) == len(messages)


def test_row_reasons_have_chinese() -> None:
    for english in (
        "not valid JSON: Expecting value (column 2)",
        "not a JSON object (each line must be {…})",
        "it is a chat conversations example, but the file holds prompt / completion",
        "the conversation is not a JSON list of messages",
        "this cell has 32,767 characters, the most a spreadsheet cell holds: its text was probably cut off "
        "(keep long examples in JSONL)",
    ):
        chinese = chinese_reason(english)
        assert chinese is not None, english
        assert chinese != english
    assert chinese_reason("something no reader writes") is None
