"""Property-based: read -> edit -> save -> read keeps every value, in every writable format.

Hypothesis draws data sets (prompt/completion and chat, any Unicode text but lone surrogates, which
no file can hold), each is saved, read back, edited (a cell changed, an example added), saved over
the first file and read again; what comes back must be what was written. Bounded so the suite stays
quick: a few dozen examples per format, no deadline (xlsx is slow on a busy machine).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.dataset import Dataset, Example, ExampleKind
from desktop.core.readers import open_dataset
from desktop.core.writers import SAVE_FORMATS, save_dataset

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
NONEMPTY = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30).filter(
    lambda text: text.strip() != ""
)

PROMPT_RECORDS = st.lists(
    st.fixed_dictionaries({"prompt": NONEMPTY, "completion": NONEMPTY}), min_size=1, max_size=5
)
CHAT_RECORDS = st.lists(
    st.tuples(NONEMPTY, NONEMPTY).map(
        lambda pair: {
            "messages": [{"role": "user", "content": pair[0]}, {"role": "assistant", "content": pair[1]}]
        }
    ),
    min_size=1,
    max_size=5,
)
SETTINGS = settings(
    max_examples=15,
    deadline=None,
    derandomize=True,  # the same examples every run: a failure is never a matter of luck
    suppress_health_check=[HealthCheck.too_slow],
)


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return []


def _save_or_refuse(dataset: Dataset, path: Path, fmt: str) -> bool:
    """Save; a CSV/TSV save may instead be refused for control characters, leaving the file as it was."""
    before = path.read_bytes() if path.exists() else None
    try:
        save_dataset(dataset, path, fmt)
    except ValueError as error:
        assert fmt in ("csv", "tsv") and "control characters" in str(error)
        assert CONTROL.search("".join(_texts([e.record for e in dataset.examples])))
        assert (path.read_bytes() if path.exists() else None) == before
        return False
    return True


def _round_trip(fmt: str, kind: ExampleKind, records: list[dict], edited: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"data.{fmt}"
        if not _save_or_refuse(Dataset(kind, [Example(r) for r in records]), path, fmt):
            return
        first = open_dataset(path)  # what was saved always opens again
        assert first.problems == []
        assert [e.record for e in first.dataset] == records

        # Edit: change the last field of the first example, add one example, save over the file.
        dataset = first.dataset
        changed = [dict(e.record) for e in dataset.examples]
        if kind is ExampleKind.CHAT:
            changed[0] = {"messages": [changed[0]["messages"][0], {"role": "assistant", "content": edited}]}
        else:
            changed[0] = {**changed[0], "completion": edited}
        changed.append(records[-1])
        dataset.examples = [Example(r) for r in changed]
        if not _save_or_refuse(dataset, path, fmt):
            return
        second = open_dataset(path)
        assert second.problems == []
        assert [e.record for e in second.dataset] == changed


@pytest.mark.parametrize("fmt", SAVE_FORMATS)
@SETTINGS
@given(records=PROMPT_RECORDS, edited=NONEMPTY)
def test_prompt_completion_round_trips(fmt: str, records: list[dict], edited: str) -> None:
    _round_trip(fmt, ExampleKind.PROMPT_COMPLETION, records, edited)


@pytest.mark.parametrize("fmt", SAVE_FORMATS)
@SETTINGS
@given(records=CHAT_RECORDS, edited=NONEMPTY)
def test_chat_round_trips(fmt: str, records: list[dict], edited: str) -> None:
    _round_trip(fmt, ExampleKind.CHAT, records, edited)
