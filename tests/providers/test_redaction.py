"""Secrets are removed from text and from every log record."""

from __future__ import annotations

import logging
from pathlib import Path

from desktop.providers.redaction import MASK, RedactingFilter, Redactor, install_logging_redaction


def test_known_secrets_and_lookalikes_are_removed() -> None:
    redactor = Redactor()
    redactor.add("engine-token-7f3a9c")
    text = (
        "key sk-proj-AbCdEf0123456789xyz, header Authorization: Bearer abc.def-123456, "
        'azure {"api-key": "0123456789abcdef"}, proxy http://bob:hunter22@proxy:3128, '
        "engine-token-7f3a9c in a URL ?token=engine-token-7f3a9c"
    )
    cleaned = redactor.redact(text)
    for secret in (
        "sk-proj-AbCdEf0123456789xyz",
        "abc.def-123456",
        "0123456789abcdef",
        "hunter22",
        "engine-token-7f3a9c",
    ):
        assert secret not in cleaned
    assert "proxy:3128" in cleaned and "Authorization" in cleaned


def test_ordinary_text_is_left_alone() -> None:
    redactor = Redactor()
    redactor.add("abc")  # too short to remove safely everywhere
    text = "trained tokens: 123456; max_tokens=2048; model gpt-4o-mini; abc"
    assert redactor.redact(text) == text


def test_redact_value_walks_json() -> None:
    redactor = Redactor()
    redactor.add("s3cret-value-xyz")
    exported = {"headers": {"Authorization": "Bearer s3cret-value-xyz"}, "body": ["s3cret-value-xyz", 3]}
    assert "s3cret-value-xyz" not in repr(redactor.redact_value(exported))


def test_logging_filter_redacts_message_args_and_traceback(tmp_path: Path) -> None:
    redactor = Redactor()
    redactor.add("sk-leaky-0123456789")
    log_file = tmp_path / "app.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.addFilter(RedactingFilter(redactor))
    logger = logging.getLogger("tests.redaction.filter")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("calling with key %s", "sk-leaky-0123456789")
        try:
            raise RuntimeError("bad key sk-leaky-0123456789")
        except RuntimeError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
        handler.close()
    written = log_file.read_text(encoding="utf-8")
    assert "sk-leaky-0123456789" not in written
    assert written.count(MASK) >= 2 and "RuntimeError" in written


def test_installed_redaction_covers_child_loggers_and_any_handler(tmp_path: Path) -> None:
    redactor = Redactor()
    install_logging_redaction(redactor.redact)
    install_logging_redaction(redactor.redact)  # twice is harmless
    redactor.add("tok-installed-abcdef123")
    log_file = tmp_path / "child.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    logger = logging.getLogger("tests.redaction.child.deeper")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        logger.info("token is %s", "tok-installed-abcdef123")
    finally:
        logger.removeHandler(handler)
        handler.close()
    assert "tok-installed-abcdef123" not in log_file.read_text(encoding="utf-8")
