"""The garbage collector is paused around bulk reading and checking, and always resumed."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import pytest

from desktop.core.gcpause import gc_paused
from desktop.core.readers import UnreadableFileError, open_dataset
from tests.core.conftest import write_xlsx


@pytest.fixture(autouse=True)
def collector_on():
    gc.enable()
    yield
    gc.enable()


def test_pauses_nest_and_resume_after_the_last():
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_resumes_after_an_error_and_leaves_a_disabled_collector_off():
    with pytest.raises(ValueError), gc_paused():
        raise ValueError("boom")
    assert gc.isenabled()
    gc.disable()
    with gc_paused():
        pass
    assert not gc.isenabled()


def test_overlapping_pauses_in_two_threads():
    entered, release_first = threading.Event(), threading.Event()
    states: list[bool] = []

    def first() -> None:
        with gc_paused():
            entered.set()
            release_first.wait(10)

    thread = threading.Thread(target=first)
    thread.start()
    assert entered.wait(10)
    with gc_paused():
        release_first.set()
        thread.join(10)
        states.append(gc.isenabled())  # the other thread's pause ended; ours still holds
    states.append(gc.isenabled())
    assert states == [False, True]


def test_opening_a_file_resumes_the_collector(tmp_path: Path):
    path = write_xlsx(tmp_path / "data.xlsx", {"Sheet1": [["prompt", "completion"], ["hi", "there"]]})
    assert len(open_dataset(path).dataset.examples) == 1
    assert gc.isenabled()
    with pytest.raises(UnreadableFileError):
        open_dataset(tmp_path / "missing.xlsx")
    assert gc.isenabled()
