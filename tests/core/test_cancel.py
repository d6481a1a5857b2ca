from __future__ import annotations

import threading

import pytest

from desktop.core.cancel import CancelledError, CancelSignal, CancelToken


def test_a_token_is_cancelled_once_and_raises_at_safe_points() -> None:
    token = CancelToken()
    assert not token.cancelled
    token.raise_if_cancelled()  # not cancelled: nothing happens
    token.cancel()
    token.cancel()  # idempotent
    assert token.cancelled
    with pytest.raises(CancelledError):
        token.raise_if_cancelled()


def test_a_child_token_follows_its_parent_but_not_the_other_way() -> None:
    parent = CancelToken()
    child = CancelToken(parent=parent)
    child.cancel()
    assert child.cancelled and not parent.cancelled

    other = CancelToken(parent=parent)
    parent.cancel()
    assert other.cancelled
    # A child made after its parent was cancelled starts cancelled.
    assert CancelToken(parent=parent).cancelled


def test_a_parent_that_only_answers_cancelled_is_followed_too() -> None:
    flag = threading.Event()

    class Flag:
        @property
        def cancelled(self) -> bool:
            return flag.is_set()

        def raise_if_cancelled(self) -> None:
            if flag.is_set():
                raise CancelledError

    parent: CancelSignal = Flag()
    child = CancelToken(parent=parent)
    assert not child.cancelled
    threading.Timer(0.05, flag.set).start()
    assert child.wait(30.0)  # wakes on the parent's flag, long before the 30 s
    assert child.cancelled


def test_wait_returns_early_on_cancel_and_false_on_timeout() -> None:
    token = CancelToken()
    assert token.wait(0.01) is False
    child = CancelToken(parent=token)
    threading.Timer(0.05, token.cancel).start()
    assert child.wait(30.0) is True
