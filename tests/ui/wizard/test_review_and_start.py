from __future__ import annotations

import json

from pytestqt.qtbot import QtBot

from desktop.core.dataset import Dataset, Example, ExampleKind, Split
from desktop.providers.client import make_client
from desktop.providers.profiles import Profile
from desktop.ui.wizard.data_source import DatasetData
from desktop.ui.wizard.model_page import ModelPage
from desktop.ui.wizard.review_page import ReviewPage
from desktop.ui.wizard.services import WizardServices
from desktop.ui.wizard.start_page import StartPage
from desktop.ui.wizard.state import WizardState
from tests.support.engine_server import EngineServer


def _dataset() -> Dataset:
    pairs = [("你觉得orangbus怎么样", "帅，非常帅")] + [(f"问题 {i}", f"回答 {i}") for i in range(11)]
    return Dataset(
        ExampleKind.CHAT,
        [
            Example(
                {"messages": [{"role": "user", "content": q}, {"role": "assistant", "content": a}]},
                source_row=i + 2,
                split=Split.VALIDATION if i >= 10 else Split.TRAIN,
            )
            for i, (q, a) in enumerate(pairs)
        ],
    )


def test_review_shows_the_request_and_start_creates_the_job(
    qtbot: QtBot, engine_server: EngineServer
) -> None:
    profile = Profile.local_engine().with_base_url(engine_server.base_url)
    state = WizardState(
        DatasetData(_dataset()), WizardServices([profile], lambda p: make_client(p, engine_server.token))
    )
    model_page = ModelPage(state)
    review_page = ReviewPage(state)
    start_page = StartPage(state)
    for page in (model_page, review_page, start_page):
        qtbot.addWidget(page)
    model_page.initializePage()
    qtbot.waitUntil(lambda: not model_page.is_loading, timeout=30_000)
    assert model_page.select_model("tiny-random")
    state.settings.n_epochs = 1
    state.settings.seed = 11
    state.settings.suffix = "wizard-test"
    state.settings.use_validation = True

    review_page.initializePage()
    qtbot.waitUntil(lambda: review_page.files is not None, timeout=30_000)
    shown = review_page.request_view.toPlainText()
    assert engine_server.token not in shown
    assert engine_server.token not in review_page.request_title.text()
    request = json.loads(shown)
    assert request["model"] == "tiny-random"
    assert request["suffix"] == "wizard-test" and request["seed"] == 11
    assert request["method"]["supervised"]["hyperparameters"]["n_epochs"] == 1
    assert "validation_file" in request
    files = review_page.files_label.text()
    assert "dataset.train.jsonl</td><td>training</td><td align='right'>10</td>" in files
    assert "dataset.validation.jsonl</td><td>validation</td><td align='right'>2</td>" in files

    progress: list[int] = []
    start_page.progress_bar.valueChanged.connect(progress.append)
    with qtbot.waitSignal(start_page.job_started, timeout=60_000) as started:
        start_page.start()
    job_id, profile_id = started.args
    assert profile_id == profile.id
    assert progress and progress[-1] == 1000
    job = engine_server.client().fine_tuning.jobs.retrieve(job_id)
    assert job.model == "tiny-random"
    assert job.seed == 11
    assert job.method is not None and job.method.supervised is not None
    assert job.method.supervised.hyperparameters.n_epochs == 1
    assert job.validation_file
    sent = engine_server.client().files.content(job.training_file).text
    assert len(sent.splitlines()) == 10
    assert "你觉得orangbus怎么样" in sent
    assert start_page.isComplete()
    assert engine_server.token not in start_page.request_view.toPlainText()


def _start_page(qtbot: QtBot, engine_server: EngineServer, client_factory, model_id: str) -> StartPage:  # type: ignore[no-untyped-def]
    from desktop.ui.wizard.state import ChosenModel

    profile = Profile.local_engine().with_base_url(engine_server.base_url)
    state = WizardState(DatasetData(_dataset()), WizardServices([profile], client_factory))
    state.set_model(profile, ChosenModel(model_id, supports_dpo=False))
    page = StartPage(state)
    qtbot.addWidget(page)
    page.initializePage()
    return page


def test_cancel_during_upload_starts_nothing(qtbot: QtBot, engine_server: EngineServer) -> None:
    import threading

    gate = threading.Event()

    def slow_client(profile: Profile):  # type: ignore[no-untyped-def]
        gate.wait(30)  # hold the worker until the user has pressed Cancel
        return make_client(profile, engine_server.token)

    jobs_before = len(engine_server.client().fine_tuning.jobs.list().data)
    page = _start_page(qtbot, engine_server, slow_client, "tiny-random")
    page.start_button.click()
    assert page.cancel_button.isEnabled() and not page.start_button.isEnabled()
    page.cancel_button.click()
    gate.set()
    qtbot.waitUntil(lambda: not page.is_running, timeout=30_000)
    assert page.job_id is None and not page.isComplete()
    assert "cancelled" in page.progress_label.text()
    assert page.start_button.isEnabled()
    assert len(engine_server.client().fine_tuning.jobs.list().data) == jobs_before


def test_a_refused_job_is_explained(qtbot: QtBot, engine_server: EngineServer) -> None:
    page = _start_page(
        qtbot, engine_server, lambda p: make_client(p, engine_server.token), "no-such-base-model"
    )
    page.start_button.click()
    qtbot.waitUntil(lambda: not page.is_running, timeout=30_000)
    assert page.job_id is None
    text = page.message_label.text()
    assert "could not be started" in text
    assert "no-such-base-model" in text  # what the provider said, under what to do about it
    assert engine_server.token not in text
    assert page.start_button.isEnabled()  # the user can try again (the files are not sent twice)


def test_start_during_a_data_check_waits_for_it(qtbot: QtBot, engine_server: EngineServer) -> None:
    profile = Profile.local_engine().with_base_url(engine_server.base_url)
    state = WizardState(
        DatasetData(_dataset()), WizardServices([profile], lambda p: make_client(p, engine_server.token))
    )
    model_page = ModelPage(state)
    start_page = StartPage(state)
    for page in (model_page, start_page):
        qtbot.addWidget(page)
    model_page.initializePage()
    qtbot.waitUntil(lambda: not model_page.is_loading, timeout=30_000)
    assert model_page.select_model("tiny-random")
    state.settings.n_epochs = 1

    # A check in progress (e.g. token counts for the chosen model): start waits, then goes on.
    state.set_data_blocker("Counting the tokens again for the chosen model…", checking=True)
    start_page.start()
    assert start_page.is_running and start_page.job_id is None
    assert "as soon as the check is done" in start_page.message_label.text()
    state.set_data_blocker(None)
    qtbot.waitUntil(lambda: not start_page.is_running, timeout=60_000)
    assert start_page.job_id is not None, start_page.message_label.text()

    # Cancel while waiting: nothing starts.
    other = StartPage(state)
    qtbot.addWidget(other)
    state.set_data_blocker("Counting…", checking=True)
    other.start()
    assert other.is_running
    other.cancel()
    assert not other.is_running
    state.set_data_blocker(None)
    qtbot.wait(200)
    assert other.job_id is None and not other.is_running
