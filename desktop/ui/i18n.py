"""The UI language: which one (QSettings, else the system locale) and loading its translations.

Every ``resources/i18n/*_<lang>.qm`` is loaded (each UI area keeps its own file), plus Qt's own
``qtbase_<lang>.qm`` for standard buttons and dialogs when Qt ships it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from desktop.core import i18n as core_i18n
from desktop.ui.resources import resources_dir

LANGUAGE_KEY = "ui/language"
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}

_installed: list[QTranslator] = []


def normalise_language(name: str) -> str:
    """ "zh", "zh_CN", "zh-Hans-CN" and the like select Chinese; anything else English."""
    return "zh_CN" if name.lower().replace("-", "_").startswith("zh") else "en"


def saved_language() -> str:
    value = QSettings().value(LANGUAGE_KEY)
    if isinstance(value, str) and value:
        return normalise_language(value)
    return normalise_language(QLocale.system().name())


def save_language(language: str) -> None:
    QSettings().setValue(LANGUAGE_KEY, normalise_language(language))


def install_translations(language: str) -> list[str]:
    """Load the translations for ``language`` into the running app; returns the files loaded."""
    app = QCoreApplication.instance()
    assert app is not None
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    language = normalise_language(language)
    core_i18n.set_language(language)
    # Numbers written through %L1 / %Ln follow the UI language ("50,000").
    QLocale.setDefault(QLocale("zh_CN" if language == "zh_CN" else "en_US"))
    loaded: list[str] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    # Qt's own strings (standard buttons, file dialogs): qtbase_*.qm, or the qt_*.qm catalogue
    # that wheels ship instead. Installed first: a translator installed later is asked first, so
    # the app's own files (qtextra_zh_CN fills Qt's gaps) take precedence.
    if language != "en":
        for catalogue in (f"qtbase_{language}", f"qt_{language}"):
            qt_translator = QTranslator(app)
            if qt_translator.load(catalogue, qt_dir):
                app.installTranslator(qt_translator)
                _installed.append(qt_translator)
                loaded.append(f"{qt_dir}/{catalogue}.qm")
                break
    # English has a file too: the plural forms of %n messages ("1 row", "5 rows").
    for path in sorted((resources_dir() / "i18n").glob(f"*_{language}.qm")):
        translator = QTranslator(app)
        if translator.load(str(path)):
            app.installTranslator(translator)
            _installed.append(translator)
            loaded.append(str(path))
    _set_display_name()
    return loaded


def _set_display_name() -> None:
    """The name window managers show after each window title, in the UI language."""
    from PySide6.QtGui import QGuiApplication

    app = QCoreApplication.instance()
    if isinstance(app, QGuiApplication):
        app.setApplicationDisplayName(QCoreApplication.translate("MainWindow", "Finetune Desk"))
