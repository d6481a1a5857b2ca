"""The UI language for messages made outside Qt (checks, provider errors), in English and Chinese.

Qt code translates with Qt Linguist; code below the UI layer writes each message in both languages
and picks one here. The app calls :func:`set_language` once at start-up from the user's setting.
"""

from __future__ import annotations

_language = "en"


def set_language(language: str) -> None:
    """Set "en" or "zh_CN" (any "zh…" locale name selects Chinese, anything else English)."""
    global _language
    _language = "zh_CN" if language.lower().startswith("zh") else "en"


def current_language() -> str:
    return _language


def pick(english: str, chinese: str) -> str:
    """The message in the current language."""
    return chinese if _language == "zh_CN" else english
