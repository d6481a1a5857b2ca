"""Light and dark: the app follows the system's colour scheme, and its own colours follow too.

- :func:`apply_color_scheme` gives the application the palette of the system's scheme (Qt 6.5+
  reports it through ``QStyleHints.colorScheme``). Where the platform style does not draw dark
  itself (Linux desktops without a Qt platform theme), the Fusion style with a dark palette is used.
- :func:`colour` is the one place for the app's meaning-carrying colours (error, warning, success,
  muted text), in a shade readable on the current scheme's background (WCAG 3:1 at least).
- :func:`contrast` is the WCAG contrast ratio, for the tests that check both schemes.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

# Meaning -> (on a light background, on a dark background).
_COLOURS = {
    "error": ("#b3261e", "#ff8a80"),
    "warning": ("#a15c00", "#ffb74d"),
    "success": ("#1b6e20", "#81c995"),
    "muted": ("#555555", "#b0b0b0"),
    "info": ("#1565c0", "#8ab4f8"),
}
_dark = False


def is_dark() -> bool:
    """Whether the app shows the dark scheme now."""
    return _dark


def system_is_dark() -> bool:
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return False
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def colour(meaning: str) -> str:
    """The colour (``#rrggbb``) for ``meaning`` ("error", "warning", "success", "muted", "info")."""
    light, dark = _COLOURS[meaning]
    return dark if _dark else light


def css(meaning: str, extra: str = "") -> str:
    """A style sheet that colours a label's text by meaning, e.g. ``css("error", "font-weight: bold;")``."""
    return f"color: {colour(meaning)};{(' ' + extra) if extra else ''}"


def dark_palette() -> QPalette:
    """A dark palette whose text roles all read at 4.5:1 or better on their backgrounds."""
    palette = QPalette()
    window, base, text = QColor("#2b2b2b"), QColor("#1e1e1e"), QColor("#e8e8e8")
    group_colours = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: QColor("#262626"),
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: QColor("#353535"),
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor("#ffffff"),
        QPalette.ColorRole.ToolTipBase: QColor("#3c3c3c"),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.Highlight: QColor("#3d6fb4"),
        QPalette.ColorRole.HighlightedText: QColor("#ffffff"),
        QPalette.ColorRole.Link: QColor("#8ab4f8"),
        QPalette.ColorRole.LinkVisited: QColor("#c58af9"),
        QPalette.ColorRole.PlaceholderText: QColor("#9a9a9a"),
        QPalette.ColorRole.Light: QColor("#4a4a4a"),
        QPalette.ColorRole.Midlight: QColor("#3a3a3a"),
        QPalette.ColorRole.Mid: QColor("#8c8c8c"),
        QPalette.ColorRole.Dark: QColor("#1a1a1a"),
        QPalette.ColorRole.Shadow: QColor("#000000"),
    }
    for role, value in group_colours.items():
        palette.setColor(role, value)
    _readable_disabled(palette, QColor("#9a9a9a"))
    return palette


def _platform_draws_dark() -> bool:
    # macOS and Windows 11 styles draw their own dark scheme; elsewhere Qt needs a palette.
    return sys.platform in ("darwin", "win32")


def apply_color_scheme(dark: bool | None = None) -> bool:
    """Give the application the palette of ``dark`` (default: the system's scheme); True when dark."""
    global _dark
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return False
    _dark = system_is_dark() if dark is None else dark
    if _platform_draws_dark() and dark is None:
        return _dark
    from PySide6.QtWidgets import QApplication

    if isinstance(app, QApplication):
        if _dark:
            app.setStyle("Fusion")
            app.setPalette(dark_palette())
        else:
            app.setPalette(light_palette(app))
    return _dark


def light_palette(app: object) -> QPalette:
    """The style's own light palette, with selection and greyed text dark enough to read."""
    from PySide6.QtWidgets import QApplication

    style = app.style() if isinstance(app, QApplication) else None
    palette = style.standardPalette() if style is not None else QPalette()
    # Fusion's selection blue is 3.7:1 with white text; this one is 5.4:1.
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#2a6bb3"))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    _readable_disabled(palette, QColor("#6e6e6e"))
    return palette


def _readable_disabled(palette: QPalette, grey: QColor) -> None:
    # Greyed text says "not now", but labels use it for quiet information too: keep it legible.
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, grey)


def relative_luminance(value: QColor) -> float:
    def channel(component: float) -> float:
        return component / 12.92 if component <= 0.04045 else ((component + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(value.redF()) + 0.7152 * channel(value.greenF()) + 0.0722 * channel(value.blueF())


def contrast(foreground: QColor, background: QColor) -> float:
    """The WCAG 2 contrast ratio (1 to 21) of two opaque colours."""
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
