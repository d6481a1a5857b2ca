from __future__ import annotations

from desktop.core.dataset import Example
from desktop.providers.inference import Endpoint
from desktop.ui.testtab import TestTab, TestTabServices
from tests.support.engine_server import EngineServer
from tests.ui.testtab.seed import SEED_EXAMPLES


def services_for(server: EngineServer, **extra: object) -> TestTabServices:
    return TestTabServices(
        make_client=server.client,
        endpoint=lambda: Endpoint(server.base_url),
        **extra,  # type: ignore[arg-type]
    )


def seed_examples() -> list[Example]:
    return [Example(record, number) for number, record in enumerate(SEED_EXAMPLES, 1)]


def loaded_tab(qtbot, services: TestTabServices) -> TestTab:  # type: ignore[no-untyped-def]
    tab = TestTab(services)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.models.loaded, timeout=60_000):
        tab.refresh_models()
    return tab
