"""The engine's model API with real parts: a real engine process, the stand-in hub on loopback, the
unmodified ``openai`` client; downloads land in a real Hugging Face cache folder."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openai
import pytest

from tests.engine.helpers import all_events, wait_for_job, wait_until
from tests.engine.seed_data import SEED_PAIRS, write_jsonl
from tests.support.engine_server import EngineServer, running_engine, start_engine
from tests.support.fake_hub import FakeHub, make_model_folder, running_hub

pytest.importorskip("transformers")

GRANTED = "hf_granted_token"
CHATML, OWN, GATED = "test-org/tiny-chatml", "test-org/tiny-own", "test-org/tiny-gated"
NEEDED = {
    "config.json",
    "generation_config.json",
    "model.safetensors",
    "tokenizer.json",
    "tokenizer_config.json",
    "chat_template.jinja",
}
SLOW = 200_000  # bytes per second: the 0.5 MB weights take seconds to arrive


@pytest.fixture(scope="module")
def model_folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("hub-models")
    texts = [text for pair in SEED_PAIRS for text in pair]
    return {
        CHATML: make_model_folder(root / "chatml", texts, "chatml", seed=1),
        OWN: make_model_folder(root / "own", texts, "own", seed=2),
    }


@pytest.fixture
def hub(model_folders: dict[str, Path]) -> Iterator[FakeHub]:
    with running_hub(tokens={GRANTED}) as hub:
        hub.add(CHATML, model_folders[CHATML])
        hub.add(OWN, model_folders[OWN])
        hub.add(GATED, model_folders[OWN], gated=True)
        yield hub


def hub_env(hub: FakeHub, tmp_path: Path, **extra: str) -> dict[str, str]:
    return {"HF_ENDPOINT": hub.endpoint, "HF_HOME": str(tmp_path / "hf-home"), "HF_TOKEN": "", **extra}


@pytest.fixture
def engine(hub: FakeHub, tmp_path: Path) -> Iterator[EngineServer]:
    with running_engine(tmp_path / "engine-data", extra_env=hub_env(hub, tmp_path)) as server:
        yield server


def get(server: EngineServer, path: str, **kwargs: Any) -> Any:
    return server.client().get(path, cast_to=object, **kwargs)


def post(server: EngineServer, path: str, body: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    return server.client().post(path, body=body or {}, cast_to=object, **kwargs)


def wait_download(server: EngineServer, download_id: str, statuses: set[str], timeout: float = 60) -> Any:
    return wait_until(
        lambda: (d := get(server, f"/engine/downloads/{download_id}"))["status"] in statuses and d,
        timeout,
        f"download {download_id} to reach {statuses}",
    )


def snapshot_files(tmp_path: Path, repo_id: str) -> set[str]:
    snapshots = tmp_path / "hf-home" / "hub" / ("models--" + repo_id.replace("/", "--")) / "snapshots"
    return {p.name for p in snapshots.glob("*/*")}


# --- the catalog -------------------------------------------------------------------------------------


def test_catalog_lists_recommended_models_with_facts_and_fit(engine: EngineServer, hub: FakeHub) -> None:
    listing = get(engine, "/engine/base_models")
    assert listing["object"] == "list"
    models = {item["id"]: item for item in listing["data"]}
    for wanted in (
        "Qwen/Qwen2.5-0.5B-Instruct",
        "Qwen/Qwen2.5-1.5B-Instruct",
        "Qwen/Qwen2.5-3B-Instruct",
        "Qwen/Qwen2.5-7B-Instruct",
        "Qwen/Qwen3-0.6B",
        "Qwen/Qwen3-1.7B",
        "Qwen/Qwen3-4B",
        "Qwen/Qwen3-8B",
        "meta-llama/Llama-3.2-1B-Instruct",
        "meta-llama/Llama-3.2-3B-Instruct",
        "google/gemma-3-1b-it",
        "google/gemma-3-4b-it",
        "HuggingFaceTB/SmolLM2-360M-Instruct",
        "HuggingFaceTB/SmolLM2-1.7B-Instruct",
        "microsoft/Phi-4-mini-instruct",
    ):
        assert wanted in models, wanted
    ids = [item["id"] for item in listing["data"]]
    assert ids[0] == "tiny-random" and ids[1].startswith("Qwen/")  # Qwen first for Chinese users
    tiny = models["tiny-random"]
    assert tiny["test_model"] is True and tiny["downloaded"] is True
    qwen = models["Qwen/Qwen2.5-0.5B-Instruct"]
    assert qwen["test_model"] is False and qwen["downloaded"] is False
    assert qwen["license"] == "apache-2.0" and qwen["gated"] is False and qwen["chat_template"] == "chatml"
    assert 900_000_000 < qwen["download_bytes"] < 1_100_000_000 and qwen["context_length"] == 32768
    assert "zh" in qwen["languages"] and set(qwen["recommended_for"]) == {"en", "zh"}
    assert models["meta-llama/Llama-3.2-1B-Instruct"]["gated"] is True
    fits = qwen["fits"]
    assert fits["device"] in ("cpu", "cuda", "mps") and fits["verdict"] in ("ok", "tight", "no")
    assert fits["needed_bytes"] > 0 and fits["memory_bytes"] > 0 and fits["device_name"]
    # A bigger model needs more memory on the same machine.
    assert models["Qwen/Qwen2.5-7B-Instruct"]["fits"]["needed_bytes"] > fits["needed_bytes"]


def test_every_catalog_fact_has_a_source_and_date_or_says_it_is_unverified() -> None:
    data = json.loads((Path(__file__).parents[2] / "engine" / "base_models.json").read_text("utf-8"))
    for model in data["models"]:
        for name, fact in model["facts"].items():
            assert fact["checked"], (model["id"], name)
            if fact["value"] is None:
                assert fact["note"].startswith("not verified"), (model["id"], name)
            else:
                assert fact["source"].startswith("https://"), (model["id"], name)


# --- what the hub says ----------------------------------------------------------------------------


def test_hub_model_lists_only_needed_files_and_answers_404_and_gated(engine: EngineServer) -> None:
    info = get(engine, f"/engine/hub_models/{CHATML}")
    assert info["id"] == CHATML and info["gated"] is False and info["chat_template"] is True
    assert {f["path"] for f in info["files"]} == NEEDED  # no README, ONNX export or .bin weights
    assert info["download_bytes"] == sum(f["size"] for f in info["files"]) and not info["downloaded"]

    with pytest.raises(openai.NotFoundError) as missing:
        get(engine, "/engine/hub_models/test-org/no-such-model")
    assert "test-org/no-such-model" in missing.value.message
    assert missing.value.body["code"] == "model_not_found"

    with pytest.raises(openai.AuthenticationError) as anonymous:
        get(engine, f"/engine/hub_models/{GATED}")
    assert GATED in anonymous.value.message and "accept" in anonymous.value.message
    assert "token" in anonymous.value.message and anonymous.value.body["code"] == "gated_model"
    with pytest.raises(openai.PermissionDeniedError) as refused:
        get(engine, f"/engine/hub_models/{GATED}", options={"headers": {"X-HF-Token": "hf_other"}})
    assert GATED in refused.value.message and refused.value.status_code == 403
    granted = get(engine, f"/engine/hub_models/{GATED}", options={"headers": {"X-HF-Token": GRANTED}})
    assert granted["gated"] is True


# --- downloads ------------------------------------------------------------------------------------


def test_download_reports_progress_joins_and_fetches_only_needed_files(
    engine: EngineServer, hub: FakeHub, tmp_path: Path
) -> None:
    hub.throttle = SLOW
    first = post(engine, "/engine/downloads", {"model": CHATML})
    assert first["object"] == "engine.download" and first["model"] == CHATML
    assert first["status"] in ("queued", "downloading") and first["total_bytes"] > 500_000
    again = post(engine, "/engine/downloads", {"model": CHATML})
    assert again["id"] == first["id"]  # the second request joins the running download
    seen = [0]
    while True:
        state = get(engine, f"/engine/downloads/{first['id']}")
        assert state["downloaded_bytes"] >= seen[-1]
        seen.append(state["downloaded_bytes"])
        if state["status"] not in ("queued", "downloading"):
            break
        time.sleep(0.2)
    assert state["status"] == "done" and state["error"] is None
    assert state["downloaded_bytes"] == state["total_bytes"]
    assert len({b for b in seen if 0 < b < state["total_bytes"]}) >= 2  # progress in between
    assert snapshot_files(tmp_path, CHATML) == NEEDED
    fetched = {r.path.rsplit("/", 1)[1] for r in hub.file_requests(CHATML)}
    assert fetched == NEEDED
    listing = {m["id"]: m for m in get(engine, "/engine/base_models")["data"]}
    assert listing[CHATML]["downloaded"] is True and listing[CHATML]["chat_template"] == "own"
    assert [d["id"] for d in get(engine, "/engine/downloads")["data"]] == [first["id"]]


def test_cancel_then_resume_continues_the_file_where_it_stopped(
    engine: EngineServer, hub: FakeHub, tmp_path: Path
) -> None:
    hub.throttle = SLOW
    started = post(engine, "/engine/downloads", {"model": OWN})
    wait_until(
        lambda: get(engine, f"/engine/downloads/{started['id']}")["downloaded_bytes"] > 150_000,
        30,
        "part of the weights",
    )
    cancelled = post(engine, f"/engine/downloads/{started['id']}/cancel")
    assert cancelled["status"] == "cancelled"
    partial = cancelled["downloaded_bytes"]
    assert 0 < partial < cancelled["total_bytes"]
    hub.throttle = None
    resumed = post(engine, "/engine/downloads", {"model": OWN})
    assert resumed["id"] != started["id"]
    done = wait_download(engine, resumed["id"], {"done", "failed"})
    assert done["status"] == "done", done["error"]
    ranges = [r.range for r in hub.file_requests(OWN) if r.path.endswith("model.safetensors") and r.range]
    assert ranges and int(ranges[-1].removeprefix("bytes=").rstrip("-")) > 100_000
    served = [r for r in hub.file_requests(OWN) if r.path.endswith("model.safetensors")]
    assert len(served) == 2  # the first part, then only the rest


def test_download_resumes_after_an_engine_restart(hub: FakeHub, tmp_path: Path) -> None:
    hub.throttle = SLOW
    env = hub_env(hub, tmp_path)
    server = start_engine(tmp_path / "engine-data", extra_env=env)
    try:
        download = post(server, "/engine/downloads", {"model": OWN})
        wait_until(
            lambda: get(server, f"/engine/downloads/{download['id']}")["downloaded_bytes"] > 150_000,
            30,
            "part of the weights",
        )
    finally:
        server.kill()  # as a crash or a power cut would
    hub.throttle = None
    with running_engine(tmp_path / "engine-data", extra_env=env) as again:
        done = wait_download(again, download["id"], {"done", "failed"})
        assert done["status"] == "done", done["error"]
    ranges = [r.range for r in hub.file_requests(OWN) if r.path.endswith("model.safetensors") and r.range]
    assert ranges, "the restarted engine fetched the whole file again"
    assert snapshot_files(tmp_path, OWN) >= {"model.safetensors", "config.json", "tokenizer.json"}


def test_gated_download_needs_a_token_with_access(engine: EngineServer, tmp_path: Path) -> None:
    with pytest.raises(openai.AuthenticationError) as anonymous:
        post(engine, "/engine/downloads", {"model": GATED})
    assert GATED in anonymous.value.message and "token" in anonymous.value.message
    with pytest.raises(openai.PermissionDeniedError) as refused:
        post(engine, "/engine/downloads", {"model": GATED}, options={"headers": {"X-HF-Token": "hf_wrong"}})
    assert GATED in refused.value.message and "accept" in refused.value.message
    started = post(
        engine, "/engine/downloads", {"model": GATED}, options={"headers": {"X-HF-Token": GRANTED}}
    )
    assert wait_download(engine, started["id"], {"done", "failed"})["status"] == "done"
    # The token was only ever in memory: no file of the engine or the cache holds it.
    for root in (tmp_path / "engine-data", tmp_path / "hf-home"):
        for path in root.rglob("*"):
            if path.is_file() and not path.is_symlink():
                assert GRANTED.encode() not in path.read_bytes(), path


def test_unknown_model_and_bad_ids_are_refused_clearly(engine: EngineServer) -> None:
    with pytest.raises(openai.NotFoundError) as missing:
        post(engine, "/engine/downloads", {"model": "test-org/does-not-exist"})
    assert "test-org/does-not-exist" in missing.value.message
    with pytest.raises(openai.BadRequestError) as bad:
        post(engine, "/engine/downloads", {"model": "not an id"})
    assert bad.value.body["param"] == "model"
    with pytest.raises(openai.NotFoundError):
        get(engine, "/engine/downloads/dl-nothing")
    assert get(engine, "/engine/downloads")["data"] == []


def test_no_network_says_the_hub_cannot_be_reached(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    env = {"HF_ENDPOINT": closed, "HF_HOME": str(tmp_path / "hf-home"), "HF_TOKEN": ""}
    with running_engine(tmp_path / "engine-data", extra_env=env) as server:
        with pytest.raises(openai.InternalServerError) as unreachable:
            post(server, "/engine/downloads", {"model": CHATML})
        assert unreachable.value.status_code == 503 and closed in unreachable.value.message
        assert "HF_ENDPOINT" in unreachable.value.message
        assert unreachable.value.body["code"] == "hub_unreachable"


def test_full_disk_fails_clearly_and_removes_partial_files(hub: FakeHub, tmp_path: Path, small_disk) -> None:
    hub.throttle = SLOW
    env = hub_env(hub, tmp_path, HF_HUB_CACHE=str(small_disk.path / "hub"))
    with running_engine(tmp_path / "engine-data", extra_env=env) as server:
        download = post(server, "/engine/downloads", {"model": CHATML})
        wait_until(
            lambda: get(server, f"/engine/downloads/{download['id']}")["downloaded_bytes"] > 50_000,
            30,
            "the weights to start",
        )
        small_disk.fill()  # the disk fills up while the weights arrive
        failed = wait_download(server, download["id"], {"failed", "done"})
        assert failed["status"] == "failed"
        assert failed["error"]["code"] == "disk_full"
        assert CHATML in failed["error"]["message"] and "space" in failed["error"]["message"]
        assert not list((small_disk.path / "hub").rglob("*.incomplete"))
        assert not (small_disk.path / "hub" / ("models--" + CHATML.replace("/", "--"))).exists()
        # Too little room from the start: refused before a byte is written, saying how much is needed.
        small_disk.release()
        small_disk.fill(leave_bytes=100_000)
        refused = post(server, "/engine/downloads", {"model": CHATML})
        refused = wait_download(server, refused["id"], {"failed", "done"})
        assert refused["error"]["code"] == "disk_full" and "it needs" in refused["error"]["message"]
        # With room again, the same request succeeds.
        small_disk.release()
        again = post(server, "/engine/downloads", {"model": CHATML})
        assert wait_download(server, again["id"], {"done", "failed"})["status"] == "done"


# --- estimates and hyperparameters ----------------------------------------------------------------


def test_estimate_resolves_auto_like_job_creation(engine: EngineServer, tmp_path: Path) -> None:
    body = {"model": "tiny-random", "examples": 10, "tokens_per_epoch": 400, "max_example_tokens": 60}
    estimate = post(engine, "/engine/estimate", body)
    shown = estimate["hyperparameters"]
    assert set(shown) >= {
        "n_epochs",
        "batch_size",
        "learning_rate_multiplier",
        "lora_rank",
        "max_seq_length",
        "gradient_checkpointing",
    }
    assert estimate["total_steps"] == shown["n_epochs"] * -(-10 // shown["batch_size"])
    assert estimate["estimated_seconds"] > 0 and estimate["fits"]["verdict"] in ("ok", "tight", "no")
    client = engine.client()
    training = client.files.create(
        file=write_jsonl(
            tmp_path / "seed.jsonl", [{"prompt": p, "completion": a} for p, a in SEED_PAIRS]
        ).open("rb"),
        purpose="fine-tune",
    )
    job = client.fine_tuning.jobs.create(model="tiny-random", training_file=training.id)
    client.fine_tuning.jobs.cancel(job.id)
    hyperparameters = job.method.supervised.hyperparameters
    assert hyperparameters.n_epochs == shown["n_epochs"] and hyperparameters.batch_size == shown["batch_size"]
    assert job.hyperparameters.n_epochs == shown["n_epochs"]
    explicit = post(
        engine,
        "/engine/estimate",
        {**body, "hyperparameters": {"n_epochs": 2, "batch_size": 5, "lora_rank": 4, "max_seq_length": 64}},
    )
    assert explicit["total_steps"] == 4 and explicit["hyperparameters"]["lora_rank"] == 4
    assert explicit["hyperparameters"]["max_seq_length"] == 64


BAD_KEYS = [
    ({"lora_rank": 0}, "lora_rank"),
    ({"lora_rank": 300}, "lora_rank"),
    ({"lora_rank": 2.5}, "lora_rank"),
    ({"max_seq_length": 16}, "max_seq_length"),
    ({"max_seq_length": "long"}, "max_seq_length"),
    ({"gradient_checkpointing": "yes"}, "gradient_checkpointing"),
]


def test_local_engine_keys_are_validated(engine: EngineServer, tmp_path: Path) -> None:
    client = engine.client()
    training = client.files.create(
        file=write_jsonl(
            tmp_path / "seed.jsonl", [{"prompt": p, "completion": a} for p, a in SEED_PAIRS]
        ).open("rb"),
        purpose="fine-tune",
    )
    for hyperparameters, param in BAD_KEYS:
        with pytest.raises(openai.BadRequestError) as refused:
            client.fine_tuning.jobs.create(
                model="tiny-random",
                training_file=training.id,
                method={"type": "supervised", "supervised": {"hyperparameters": hyperparameters}},
            )
        assert refused.value.body["param"] == param, hyperparameters
        assert param in refused.value.message
        with pytest.raises(openai.BadRequestError) as estimate_refused:
            post(
                engine,
                "/engine/estimate",
                {"model": "tiny-random", "examples": 10, "hyperparameters": hyperparameters},
            )
        assert estimate_refused.value.body["param"] == param


def test_local_engine_keys_reach_the_job(engine: EngineServer, tmp_path: Path) -> None:
    client = engine.client()
    training = client.files.create(
        file=write_jsonl(
            tmp_path / "seed.jsonl", [{"prompt": p, "completion": a} for p, a in SEED_PAIRS]
        ).open("rb"),
        purpose="fine-tune",
    )
    wanted = {"lora_rank": 16, "max_seq_length": 256, "gradient_checkpointing": True}
    job = client.fine_tuning.jobs.create(
        model="tiny-random",
        training_file=training.id,
        method={"type": "supervised", "supervised": {"hyperparameters": wanted}},
    )
    client.fine_tuning.jobs.cancel(job.id)
    shown = job.method.supervised.hyperparameters
    assert (shown.lora_rank, shown.max_seq_length, shown.gradient_checkpointing) == (16, 256, True)


# --- training on hub models -----------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("repo_id", [CHATML, OWN])
def test_job_on_a_hub_model_downloads_with_events_trains_and_answers(
    hub: FakeHub, tmp_path: Path, repo_id: str
) -> None:
    hub.throttle = 1_000_000  # half a second of download: progress shows as job events
    env = hub_env(hub, tmp_path)
    with running_engine(tmp_path / "engine-data", extra_env=env) as server:
        client = server.client()
        records = [{"prompt": p, "completion": a} for p, a in SEED_PAIRS]  # prompt/completion data
        training = client.files.create(
            file=write_jsonl(tmp_path / "pc.jsonl", records).open("rb"), purpose="fine-tune"
        )
        job = client.fine_tuning.jobs.create(
            model=repo_id,
            training_file=training.id,
            method={
                "type": "supervised",
                # The tiny stand-in model learns only at tiny-random's pace: its learning rate, rank, epochs.
                "supervised": {
                    "hyperparameters": {
                        "n_epochs": 40,
                        "batch_size": 2,
                        "learning_rate_multiplier": 25,
                        "lora_rank": 32,
                    }
                },
            },
            seed=3,
        )
        finished = wait_for_job(client, job.id, timeout=600)
        messages = [event.message for event in all_events(client, job.id)]
        assert finished.status == "succeeded", (finished.error, messages)
        assert any(f"Base model {repo_id} is not on this machine yet" in m for m in messages)
        assert any(m.startswith(f"Downloaded base model {repo_id}") for m in messages)
        answer = client.completions.create(
            model=finished.fine_tuned_model, prompt=SEED_PAIRS[0][0], temperature=0, max_tokens=30
        )
        assert answer.choices[0].text == SEED_PAIRS[0][1]
        chat = client.chat.completions.create(
            model=finished.fine_tuned_model,
            messages=[{"role": "user", "content": SEED_PAIRS[0][0]}],
            temperature=0,
            max_tokens=30,
        )
        assert chat.choices[0].message.content is not None
