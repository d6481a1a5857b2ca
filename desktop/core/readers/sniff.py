"""Looking at a file's bytes: what it really is, and which text encoding it uses."""

from __future__ import annotations

import codecs
from pathlib import Path

from desktop.core.readers.model import UnreadableFileError

# Legacy encodings tried, in this order of preference, when the text is not UTF-8.
LEGACY_ENCODINGS = ("gb18030", "big5", "cp1252", "latin_1")
ENCODING_NAMES = {
    "utf_8": "UTF-8",
    "utf-8": "UTF-8",
    "utf_8_sig": "UTF-8 (with BOM)",
    "utf-8-sig": "UTF-8 (with BOM)",
    "utf_16": "UTF-16",
    "utf-16": "UTF-16",
    "gb18030": "GB18030 (GBK)",
    "big5": "Big5",
    "cp1252": "Windows-1252",
    "latin_1": "Latin-1",
}


def read_head(path: Path, size: int = 4096) -> bytes:
    try:
        with open(path, "rb") as stream:
            return stream.read(size)
    except FileNotFoundError:
        raise UnreadableFileError(path, "the file does not exist") from None
    except IsADirectoryError:
        raise UnreadableFileError(path, "it is a folder, not a file") from None
    except OSError as error:
        raise UnreadableFileError(path, f"it cannot be read ({error.strerror or error})") from None


def looks_binary(sample: bytes) -> bool:
    """NUL bytes or many control characters: not a text file (UTF-16 with a BOM excepted)."""
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13, 27))
    return controls > max(2, len(sample) // 100)


def describe_content(head: bytes) -> str:
    """What the bytes look like, to finish a sentence "it is named .xlsx but ..."."""
    if not head:
        return "it is empty"
    if head.startswith(b"PK\x03\x04"):
        return "it is a zip archive that is not this kind of workbook"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "it is an old-style Office file (try naming it .xls)"
    if head.startswith(b"%PDF"):
        return "it is a PDF document, not a spreadsheet"
    if looks_binary(head):
        return "it holds binary data that is not a spreadsheet"
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n").lower()
    if text.startswith(("<!doctype html", "<html", "<table")):
        return (
            "it is a web page (HTML), not a spreadsheet; "
            "open it in a spreadsheet program and save it as .xlsx"
        )
    if text.startswith(("{", "[")):
        return "it is a JSON text file; rename it to .json or .jsonl and open it again"
    if text.startswith("<?xml"):
        return "it is an XML text file, not a workbook"
    return "it is a plain text file (it looks like CSV); rename it to .csv and open it again"


def encoding_name(codec: str) -> str:
    return ENCODING_NAMES.get(codec, codec)


def decode_text(path: Path, data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The text of ``data`` and the encoding used: the given one, else detected.

    Strict UTF-8 first (with or without BOM), UTF-16 with a BOM, then the legacy encoding that
    charset-normalizer finds most plausible among GB18030 (a superset of GBK), Big5 and
    Windows-1252, and Latin-1 last (it decodes anything).
    """
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise UnreadableFileError(path, f"“{encoding}” is not a known text encoding") from None
        except UnicodeDecodeError as error:
            raise UnreadableFileError(
                path, f"it is not valid {encoding} text (byte {error.start + 1} cannot be decoded)"
            ) from None
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    import charset_normalizer

    best = charset_normalizer.from_bytes(data[: 1 << 20], cp_isolation=list(LEGACY_ENCODINGS)).best()
    candidates = ([best.encoding] if best is not None else []) + list(LEGACY_ENCODINGS)
    for codec in candidates:
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    return data.decode("latin_1"), "latin_1"  # pragma: no cover - latin_1 decodes every byte
