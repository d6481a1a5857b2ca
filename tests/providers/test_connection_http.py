"""Test connection over real HTTP to a loopback server: each problem is named, models are classified."""

from __future__ import annotations

import json
from datetime import date

import pytest

from desktop.providers import connection
from desktop.providers.errors import ErrorKind
from desktop.providers.profiles import Profile, ProviderKind
from tests.providers.fault_server import FaultServer, closed_port, running_fault_server

KEY = "sk-connection-test-0123456789"
TODAY = date(2026, 11, 25)


def models_page(*ids: str) -> dict:
    return {
        "object": "list",
        "data": [{"id": i, "object": "model", "created": 1, "owned_by": "x"} for i in ids],
    }


@pytest.fixture
def server():
    with running_fault_server() as running:
        yield running


def openai_profile(server: FaultServer) -> Profile:
    return Profile.create("OpenAI", ProviderKind.OPENAI, base_url=server.base_url)


def test_openai_lists_models_and_marks_the_fine_tunable(server: FaultServer) -> None:
    server.answer(
        200,
        models_page(
            "gpt-4.1-mini-2025-04-14",
            "gpt-4o-mini-2024-07-18",
            "whisper-1",
            "ft:gpt-4o-mini-2024-07-18:org::abc",
        ),
    )
    # The probe's job creation is refused over the (non-existent) file: training is allowed.
    server.answer(
        400,
        {
            "error": {
                "message": "invalid training_file: file-finetune-desk-connection-probe",
                "code": "invalid_value",
            }
        },
    )
    report = connection.test_connection(openai_profile(server), KEY, today=TODAY)
    assert report.ok and report.fine_tuning_available is True
    by_id = {m.id: m for m in report.models}
    assert by_id["gpt-4.1-mini-2025-04-14"].can_fine_tune is True
    assert by_id["gpt-4o-mini-2024-07-18"].can_fine_tune is True
    assert by_id["whisper-1"].can_fine_tune is False and by_id["whisper-1"].reason_en
    assert by_id["ft:gpt-4o-mini-2024-07-18:org::abc"].fine_tuned
    assert "can be fine-tuned" in report.summary_en
    probe = server.requests[1]
    assert probe.path == "/v1/fine_tuning/jobs"
    assert json.loads(probe.body)["training_file"] == connection.PROBE_TRAINING_FILE_ID


def test_organisation_blocked_from_training(server: FaultServer) -> None:
    server.answer(200, models_page("gpt-4.1-mini-2025-04-14"))
    server.answer(
        403,
        {
            "error": {
                "message": "Fine-tuning is not available for your organization.",
                "code": "training_not_available",
            }
        },
    )
    report = connection.test_connection(openai_profile(server), KEY, today=TODAY)
    assert report.ok  # the key works
    assert report.fine_tuning_available is False
    assert report.fine_tuning_error is not None
    assert report.fine_tuning_error.kind is ErrorKind.TRAINING_NOT_AVAILABLE
    assert report.trainable_models == []
    assert "local engine" in report.summary_en


def test_bad_key(server: FaultServer) -> None:
    server.answer(
        401, {"error": {"message": "Incorrect API key provided: sk-conn***", "code": "invalid_api_key"}}
    )
    report = connection.test_connection(openai_profile(server), KEY)
    assert not report.ok and report.error is not None and report.error.kind is ErrorKind.AUTH
    assert report.summary_en == report.error.message_en


def test_no_server() -> None:
    profile = Profile.create("gone", ProviderKind.COMPATIBLE, base_url=f"http://127.0.0.1:{closed_port()}/v1")
    report = connection.test_connection(profile, KEY)
    assert report.error is not None and report.error.kind is ErrorKind.CONNECTION
    assert "refused" in report.error.message_en


def test_proxy_refused(server: FaultServer) -> None:
    profile = Profile.create(
        "p", ProviderKind.COMPATIBLE, base_url=server.base_url, proxy=f"http://127.0.0.1:{closed_port()}"
    )
    report = connection.test_connection(profile, KEY)
    assert report.error is not None and "proxy" in report.error.message_en


def test_wrong_base_url(server: FaultServer) -> None:
    server.answer(404, "<html><h1>Welcome to nginx</h1></html>")
    profile = Profile.create("c", ProviderKind.COMPATIBLE, base_url=server.base_url.removesuffix("/v1"))
    report = connection.test_connection(profile, KEY)
    assert report.error is not None and report.error.kind is ErrorKind.NOT_FOUND
    assert "base URL" in report.error.message_en


def test_compatible_server_without_fine_tuning(server: FaultServer) -> None:
    server.answer(200, models_page("llama-3-8b"))
    server.answer(404, {"detail": "Not Found"})
    profile = Profile.create("vllm", ProviderKind.COMPATIBLE, base_url=server.base_url)
    report = connection.test_connection(profile, None)
    assert report.ok and report.fine_tuning_available is False
    assert report.models[0].can_fine_tune is None  # nobody says; the UI shows "unknown"
    assert "no fine-tuning API" in report.summary_en


def test_an_unusable_profile_is_explained_before_any_request() -> None:
    report = connection.test_connection(Profile(id="x", name="", kind=ProviderKind.AZURE), KEY)
    assert report.error is not None and report.error.kind is ErrorKind.BAD_REQUEST
    assert "name" in report.error.message_en and "base URL" in report.error.message_en


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (200, "<html><body>Welcome to our website</body></html>"),
        (200, {"hello": "world"}),
        (405, "Not allowed"),
    ],
)
def test_a_web_page_instead_of_an_api_means_a_wrong_base_url(
    server: FaultServer, status: int, body: object
) -> None:
    server.answer(status, body)
    profile = Profile.create("site", ProviderKind.COMPATIBLE, base_url=server.base_url)
    report = connection.test_connection(profile, KEY)
    assert report.error is not None and report.error.kind is ErrorKind.NOT_FOUND
    assert "does not look like an OpenAI-compatible API" in report.error.message_en


def test_a_refusal_of_the_probe_model_is_not_training_allowed(server: FaultServer) -> None:
    server.answer(200, models_page("gpt-4o-mini-2024-07-18"))
    server.answer(
        400,
        {
            "error": {
                "message": "Model gpt-4o-mini-2024-07-18 is not available for fine-tuning.",
                "param": "model",
                "code": "model_not_available",
            }
        },
    )
    report = connection.test_connection(openai_profile(server), KEY, today=TODAY)
    assert report.ok
    assert report.fine_tuning_available is not True
    assert report.fine_tuning_error is not None and "refused the model" in report.fine_tuning_error.message_en


def test_the_probe_names_a_model_that_still_trains(server: FaultServer) -> None:
    server.answer(200, models_page("gpt-4o-mini-2024-07-18"))
    server.answer(
        400, {"error": {"message": "invalid training_file", "param": "training_file", "code": None}}
    )
    report = connection.test_connection(openai_profile(server), KEY, today=TODAY)
    assert report.fine_tuning_available is True
    probed = json.loads(server.requests[1].body)["model"]
    from desktop.core.catalog import load_catalog

    entry = load_catalog().find(probed, "openai")
    assert entry is not None and not entry.status.is_shut_down(TODAY)
    # after OpenAI's last day for new jobs no probe job is sent, and the report says why
    server.answer(200, models_page("gpt-4o-mini-2024-07-18"))
    late = connection.test_connection(openai_profile(server), KEY, today=date(2027, 1, 7))
    assert late.fine_tuning_available is False and len(server.requests) == 3
    assert late.fine_tuning_error is not None and "2027-01-06" in late.fine_tuning_error.message_en


def test_existing_fine_tunes_on_shut_down_models_are_flagged(server: FaultServer) -> None:
    server.answer(
        200,
        models_page(
            "ft:gpt-4.1-nano-2025-04-14:org::n1",
            "ft:o4-mini-2025-04-16:org::r1",
            "gpt-4o-2024-05-13",
            "ft:gpt-4o-2024-08-06:org::ok",
        ),
    )
    server.answer(
        400, {"error": {"message": "invalid training_file", "param": "training_file", "code": None}}
    )
    report = connection.test_connection(openai_profile(server), KEY, today=TODAY)
    by_id = {m.id: m for m in report.models}
    for model_id in (
        "ft:gpt-4.1-nano-2025-04-14:org::n1",
        "ft:o4-mini-2025-04-16:org::r1",
        "gpt-4o-2024-05-13",
    ):
        assert by_id[model_id].can_fine_tune is False
        assert "2026-10-23" in by_id[model_id].reason_en and "2026-10-23" in by_id[model_id].reason_zh
    assert "no longer answers" in by_id["ft:gpt-4.1-nano-2025-04-14:org::n1"].reason_en
    assert by_id["ft:gpt-4o-2024-08-06:org::ok"].can_fine_tune is True
