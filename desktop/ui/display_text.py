"""Text from models and files made safe to show: control characters become visible marks."""

from __future__ import annotations

# Control characters (a base model's noise) would show as boxes; line breaks and tabs stay.
_CONTROL_CHARACTERS = {code: "\ufffd" for code in (*range(0, 9), 11, 12, *range(14, 32), 127)}


def printable(text: str) -> str:
    return text.translate(_CONTROL_CHARACTERS)
