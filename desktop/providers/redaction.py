"""Remove secrets from text before it leaves the provider layer (logs, errors, exported requests).

A :class:`Redactor` knows every secret the app has handled (keys and tokens are added as they are
read or stored) and also removes anything that merely looks like one: ``sk-...`` keys, bearer tokens,
``api-key`` headers and passwords inside URLs. :func:`install_logging_redaction` makes every log
record pass through it, whatever handler later writes it.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from typing import Any

MASK = "[redacted]"
# Shorter strings are too likely to occur in ordinary text to be removed everywhere.
MIN_SECRET_LENGTH = 6

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # OpenAI-style keys: sk-..., sk-proj-..., sk-svcacct-...
    (re.compile(r"\bsk-[A-Za-z0-9_\-]{8,}"), MASK),
    # "Authorization: Bearer xyz", "bearer=xyz", JSON "Bearer xyz"
    (re.compile(r"(?i)\b(bearer)(\s+|=|:\s*)[A-Za-z0-9_\-\.=~+/]{6,}"), r"\1\2" + MASK),
    # Azure's header and query forms: api-key: xyz, "api-key": "xyz", api_key=xyz
    (
        re.compile(
            r"""(?i)\b(api[-_]?key|x-api-key|access[-_]?token|token)(["']?\s*[:=]\s*["']?)(?=[^\s"',;&]*[A-Za-z])[^\s"',;&]{6,}"""
        ),
        r"\1\2" + MASK,
    ),
    # user:password@host in URLs (proxies)
    (re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^/\s:@]+:[^/\s@]+@"), r"\1" + MASK + "@"),
)


class Redactor:
    """Removes known secrets and secret-looking strings from text. Thread-safe."""

    def __init__(self) -> None:
        self._secrets: set[str] = set()
        self._lock = threading.Lock()
        self._known: re.Pattern[str] | None = None

    def add(self, secret: str | None) -> None:
        """Remember a secret so it is removed wherever it appears."""
        if not secret:
            return
        secret = secret.strip()
        if len(secret) < MIN_SECRET_LENGTH:
            return
        with self._lock:
            if secret in self._secrets:
                return
            self._secrets.add(secret)
            # Longest first, so a secret containing another is removed whole.
            ordered = sorted(self._secrets, key=len, reverse=True)
            self._known = re.compile("|".join(re.escape(s) for s in ordered))

    def forget(self, secret: str) -> None:
        with self._lock:
            self._secrets.discard(secret.strip())
            ordered = sorted(self._secrets, key=len, reverse=True)
            self._known = re.compile("|".join(re.escape(s) for s in ordered)) if ordered else None

    def redact(self, text: str) -> str:
        if not text:
            return text
        known = self._known
        if known is not None:
            text = known.sub(MASK, text)
        for pattern, replacement in _PATTERNS:
            text = pattern.sub(replacement, text)
        return text

    __call__ = redact

    def redact_value(self, value: Any) -> Any:
        """Redact strings anywhere inside JSON-like data (dicts, lists), e.g. an exported request."""
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, dict):
            return {self.redact_value(k): self.redact_value(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(self.redact_value(v) for v in value)
        return value


class RedactingFilter(logging.Filter):
    """A logging filter that redacts the message (with its arguments) and any traceback text."""

    def __init__(self, redact: Callable[[str], str]) -> None:
        super().__init__()
        self._redact = redact

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record, self._redact)
        return True


_formatter = logging.Formatter()


def redact_record(record: logging.LogRecord, redact: Callable[[str], str]) -> None:
    """Render the record's message and traceback now, redacted, so no handler sees the secret."""
    try:
        message = record.getMessage()
    except (TypeError, ValueError):  # a bad format string: keep what there is, redacted
        message = f"{record.msg} {record.args}"
    record.msg = redact(message)
    record.args = None
    if record.exc_info and not record.exc_text:
        record.exc_text = _formatter.formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)


_installed_lock = threading.Lock()
_installed: list[Callable[[str], str]] = []


def install_logging_redaction(redact: Callable[[str], str]) -> None:
    """Redact every log record from now on, at creation, whichever logger and handler it goes to.

    A filter on the root logger would miss records from child loggers (filters do not propagate),
    so the record factory does it. Installing the same function twice has no further effect.
    """
    with _installed_lock:
        if redact in _installed:
            return
        _installed.append(redact)
        previous = logging.getLogRecordFactory()

        def make_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            redact_record(record, redact)
            return record

        logging.setLogRecordFactory(make_record)
