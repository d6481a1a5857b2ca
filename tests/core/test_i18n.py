from collections.abc import Iterator

import pytest

from desktop.core import i18n


@pytest.fixture(autouse=True)
def restore_language() -> Iterator[None]:
    yield
    i18n.set_language("en")


def test_pick_follows_language() -> None:
    assert i18n.pick("Save", "保存") == "Save"
    i18n.set_language("zh_CN.UTF-8")
    assert i18n.current_language() == "zh_CN"
    assert i18n.pick("Save", "保存") == "保存"
    i18n.set_language("de_DE")
    assert i18n.pick("Save", "保存") == "Save"
