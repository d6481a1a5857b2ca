"""EngineModels over real HTTP: the real local engine, the unmodified openai client, the stand-in hub.

The engine downloads from tests/support/fake_hub.py through HF_ENDPOINT in its environment (as the
app starts it), with the unmodified huggingface_hub; nothing here reaches the internet.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop.providers.engine_models import (
    DownloadStatus,
    EngineModels,
    EstimateRequest,
    FitVerdict,
)
from desktop.providers.errors import ErrorKind, ProviderError
from tests.support.engine_server import EngineServer, running_engine

pytestmark = pytest.mark.slow

TOKEN = "hf_" + "GrantedForTheClientTest0123"
PUBLIC = "test-org/tiny-chatml"
GATED = "test-org/gated-tiny"


class Cancel:
    def __init__(self) -> None:
        self.cancelled = False


@pytest.fixture(scope="module")
def hub_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[EngineServer, object]]:
    from tests.support.fake_hub import make_model_folder, running_hub

    folder = tmp_path_factory.mktemp("hub")
    with running_hub(tokens=[TOKEN], throttle=300_000) as hub:
        hub.add(PUBLIC, make_model_folder(folder / "public", ["hello", "你好"], "chatml"))
        hub.add(GATED, make_model_folder(folder / "gated", ["hello", "你好"], "own", seed=2), gated=True)
        home = tmp_path_factory.mktemp("home")
        environment = {"HF_ENDPOINT": hub.endpoint, "HOME": str(home), "HF_HOME": str(home / "hf")}
        with running_engine(tmp_path_factory.mktemp("engine"), extra_env=environment) as server:
            yield server, hub


def test_base_models_and_estimates(hub_engine: tuple[EngineServer, object]) -> None:
    server, _hub = hub_engine
    engine = EngineModels(server.client())
    models = {m.id: m for m in engine.base_models()}
    tiny = models["tiny-random"]
    assert tiny.test_model and tiny.downloaded and not tiny.needs_download
    qwen = models["Qwen/Qwen2.5-0.5B-Instruct"]
    assert qwen.is_hub_model and qwen.needs_download and qwen.download_bytes and qwen.parameters
    assert qwen.fits is not None and qwen.fits.verdict in (FitVerdict.OK, FitVerdict.TIGHT, FitVerdict.NO)
    assert qwen.fits.needed_bytes and qwen.fits.memory_bytes

    request = EstimateRequest("tiny-random", examples=61, tokens_per_epoch=1500, max_example_tokens=60)
    estimate = engine.estimate(request)
    assert estimate.n_epochs and estimate.batch_size and estimate.total_steps
    assert estimate.estimated_seconds is not None and estimate.fits is not None
    chosen = engine.estimate(
        EstimateRequest("tiny-random", 61, 1500, 60, hyperparameters={"n_epochs": 2, "batch_size": 8})
    )
    assert (chosen.n_epochs, chosen.batch_size) == (2, 8)

    # One model the engine cannot estimate does not spoil the others.
    found = engine.estimates([request, EstimateRequest("no-such-model", 61, 1500, 60)])
    assert not isinstance(found["tiny-random"], ProviderError)
    missing = found["no-such-model"]
    assert isinstance(missing, ProviderError) and missing.kind is ErrorKind.NOT_FOUND


def test_hub_look_up_says_what_is_wrong(hub_engine: tuple[EngineServer, object]) -> None:
    server, _hub = hub_engine
    engine = EngineModels(server.client())
    model = engine.hub_model(PUBLIC)
    assert model.id == PUBLIC and model.download_bytes and model.chat_template and not model.gated
    assert any(name.endswith(".safetensors") for name in model.files)
    with pytest.raises(ProviderError) as unknown:
        engine.hub_model("test-org/no-such-model")
    assert unknown.value.kind is ErrorKind.NOT_FOUND
    assert "no model named “test-org/no-such-model”" in unknown.value.message_en
    assert "没有名为“test-org/no-such-model”的模型" in unknown.value.message_zh


def test_download_progress_cancel_resume_and_a_gated_model(hub_engine: tuple[EngineServer, object]) -> None:
    server, hub = hub_engine
    engine = EngineModels(server.client())
    cancel = Cancel()
    seen = []

    def progress(download: object) -> None:
        seen.append(download)
        fraction = getattr(download, "fraction", None)
        if fraction is not None and 0.5 < fraction < 1:
            cancel.cancelled = True  # inside the weights file: the user presses Cancel

    started = engine.start_download(PUBLIC)
    with pytest.raises(ProviderError) as stopped:
        engine.follow_download(started, progress, cancel, interval=0.1)
    assert stopped.value.kind is ErrorKind.CANCELLED
    assert engine.download(started.id).status is DownloadStatus.CANCELLED

    done = engine.follow_download(engine.start_download(PUBLIC), lambda d: None, interval=0.1)
    assert done.status is DownloadStatus.DONE and done.fraction == 1.0
    assert any(r.range for r in hub.file_requests(PUBLIC))  # type: ignore[attr-defined]
    assert next(m for m in engine.base_models() if m.id == PUBLIC).downloaded

    # A gated model without a token: the failure names the model and says how to get access.
    with pytest.raises(ProviderError) as gated:
        engine.follow_download(engine.start_download(GATED), lambda d: None, interval=0.1)
    assert gated.value.kind is ErrorKind.GATED
    assert f"https://huggingface.co/{GATED}" in gated.value.message_en
    assert "settings/tokens" in gated.value.message_en and "受限模型" in gated.value.message_zh
    # With the token in the request header it goes through; the token is never in the answer.
    download = engine.start_download(GATED, hf_token=TOKEN)
    assert TOKEN not in str(download)
    assert engine.follow_download(download, lambda d: None, interval=0.1).status is DownloadStatus.DONE
    authorizations = {r.authorization for r in hub.file_requests(GATED)}  # type: ignore[attr-defined]
    assert f"Bearer {TOKEN}" in authorizations
