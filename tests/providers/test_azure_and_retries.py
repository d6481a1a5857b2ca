"""Azure's names and errors, the test tab's model list, and what is never retried (real HTTP).

A loopback server answers as Azure or the local engine would; the unmodified ``openai`` package
talks to it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.providers.client import make_client
from desktop.providers.errors import ErrorKind, ProviderError, with_retries
from desktop.providers.inference import (
    ChatRequest,
    ModelKind,
    endpoint_for_profile,
    list_models,
    request_answer,
)
from desktop.providers.profiles import Profile, ProviderKind
from tests.providers.fault_server import FaultServer, running_fault_server

KEY = "azure-test-key-0123456789"
AZURE_FT = "gpt-4.1-2025-04-14.ft-0123456789abcdef"


def _job(job_id: str, fine_tuned: str | None, status: str = "succeeded") -> dict[str, object]:
    return {
        "id": job_id,
        "object": "fine_tuning.job",
        "model": "gpt-4.1-2025-04-14",
        "created_at": 1_700_000_000,
        "fine_tuned_model": fine_tuned,
        "status": status,
        "training_file": "file-1",
        "validation_file": None,
        "result_files": [],
        "organization_id": "org",
        "hyperparameters": {"n_epochs": 1},
        "seed": 1,
        "trained_tokens": 10,
        "finished_at": 1_700_000_100,
        "error": None,
    }


def _azure_v1_profile(server: FaultServer) -> Profile:
    return Profile.create(
        "azure", ProviderKind.AZURE, base_url=server.base_url.removesuffix("/v1") + "/openai/v1"
    )


def test_azure_fine_tuned_names_are_recognised_in_the_test_tab() -> None:
    with running_fault_server() as server:
        server.answer(200, {"object": "list", "data": [{"id": AZURE_FT, "object": "model", "created": 5}]})
        server.answer(200, {"object": "list", "data": [], "has_more": False})
        choices = list_models(make_client(_azure_v1_profile(server), KEY))
        assert [(c.id, c.kind) for c in choices] == [(AZURE_FT, ModelKind.FINE_TUNED)]


def test_the_test_tab_reads_one_page_of_jobs_and_of_checkpoints() -> None:
    with running_fault_server() as server:
        server.answer(200, {"object": "list", "data": []})  # /models
        jobs = [_job(f"ftjob-{i}", f"{AZURE_FT}{i}") for i in range(3)]
        server.answer(200, {"object": "list", "data": jobs, "has_more": True})
        for i in range(3):
            checkpoint = {
                "id": f"ftckpt-{i}",
                "object": "fine_tuning.job.checkpoint",
                "created_at": 1,
                "fine_tuning_job_id": f"ftjob-{i}",
                "fine_tuned_model_checkpoint": f"{AZURE_FT}{i}:ckpt-step-1",
                "step_number": 1,
                "metrics": {},
            }
            server.answer(200, {"object": "list", "data": [checkpoint], "has_more": True})
        server.default.body = {"object": "list", "data": [_job("ftjob-old", None)], "has_more": True}
        choices = list_models(make_client(_azure_v1_profile(server), KEY), max_jobs=3)
        paths = [request.path.split("?")[0] for request in server.requests]
        assert paths.count("/openai/v1/fine_tuning/jobs") == 1
        assert len([p for p in paths if p.endswith("/checkpoints")]) == 3
        assert len(server.requests) == 5
        assert sum(c.kind is ModelKind.CHECKPOINT for c in choices) == 3


def test_azure_deployment_not_found_says_not_deployed_and_what_to_do() -> None:
    with running_fault_server() as server:
        profile = _azure_v1_profile(server)
        profile.azure_deployments[AZURE_FT] = "not-yet"
        body = {
            "error": {
                "code": "DeploymentNotFound",
                "message": "The API deployment for this resource does not exist.",
            }
        }
        server.answer(404, body)
        request = ChatRequest(model=AZURE_FT, messages=({"role": "user", "content": "hi"},))
        with pytest.raises(ProviderError) as caught:
            request_answer(make_client(profile, KEY), request, endpoint_for_profile(profile), attempts=3)
        assert caught.value.kind is ErrorKind.NOT_DEPLOYED
        assert "Deploy the model" in caught.value.message_en and "部署" in caught.value.message_zh
        assert len(server.requests) == 1  # not retried


def test_engine_dependencies_missing_is_not_retried() -> None:
    with running_fault_server() as server:
        body = {"error": {"code": "engine_dependencies_missing", "message": "torch is not installed"}}
        server.answer(503, body, times=3)
        client = make_client(Profile.create("c", ProviderKind.COMPATIBLE, base_url=server.base_url), "k")
        with pytest.raises(ProviderError) as caught:
            with_retries(lambda: client.models.list(), attempts=3, base_delay=0.01)
        assert caught.value.retryable is False
        assert "install" in caught.value.message_en.lower()
        assert len(server.requests) == 1


def test_a_base64_encoded_result_file_is_decoded_and_a_plain_one_kept(tmp_path: Path) -> None:
    import base64

    from desktop.providers.jobs import JobService

    csv = "step,train_loss,train_accuracy\n" + "".join(f"{i},{1 / i:.4f},0.5\n" for i in range(1, 400))
    encoded = base64.encodebytes(csv.encode()).decode()  # wrapped in lines, as some servers send it
    with running_fault_server() as server:
        server.answer(200, encoded)
        server.answer(200, csv)
        service = JobService(
            make_client(Profile.create("o", ProviderKind.OPENAI, base_url=server.base_url), "k")
        )
        decoded = service.download_file("file-results", tmp_path / "a" / "results.csv")
        plain = service.download_file("file-results", tmp_path / "b" / "results.csv")
    assert decoded.read_text(encoding="utf-8") == csv
    assert plain.read_text(encoding="utf-8") == csv
    assert server.requests[0].path == "/v1/files/file-results/content"


def test_azure_training_files_go_up_in_utf8_with_a_byte_order_mark() -> None:
    from desktop.core.dataset import Split
    from desktop.providers.finetune import upload_file
    from desktop.providers.job_request import UploadFile
    from desktop.providers.uploads import UTF8_BOM

    content = '{"messages": [{"role": "user", "content": "你好"}]}\n'.encode()
    upload = UploadFile("data.train.jsonl", Split.TRAIN, content, 1)
    file_object = {
        "id": "file-1",
        "object": "file",
        "bytes": 1,
        "created_at": 1,
        "filename": "data.train.jsonl",
        "purpose": "fine-tune",
        "status": "processed",
    }
    sent: dict[str, bytes] = {}
    for kind in ("azure", "openai"):
        with running_fault_server() as server:
            server.answer(200, file_object)
            if kind == "azure":
                profile = _azure_v1_profile(server)
            else:
                profile = Profile.create("o", ProviderKind.OPENAI, base_url=server.base_url)
            client = make_client(profile, KEY)
            upload_file(client, upload, profile, None, lambda event: None, None)
            sent[kind] = server.requests[0].body
    assert UTF8_BOM + content in sent["azure"]
    assert content in sent["openai"] and UTF8_BOM not in sent["openai"]


def test_azure_suffix_rule() -> None:
    from desktop.providers.job_request import SuffixProblem, suffix_problem

    assert suffix_problem("a" * 40, azure=True) is None
    assert suffix_problem("a" * 41, azure=True) is SuffixProblem.TOO_LONG
    assert suffix_problem("a" * 41) is None  # OpenAI allows 64
    assert suffix_problem("v1.2", azure=True) is SuffixProblem.BAD_CHARACTERS
    assert suffix_problem("v1.2") is None
    assert suffix_problem("bot_v-2", azure=True) is None


def test_a_file_uploaded_to_azure_from_disk_gets_the_byte_order_mark(tmp_path: Path) -> None:
    from desktop.providers.uploads import UTF8_BOM, upload_training_file

    path = tmp_path / "exported.train.jsonl"
    content = '{"messages": [{"role": "user", "content": "你好"}]}\n'.encode()
    path.write_bytes(content)
    with running_fault_server() as server:
        server.answer(
            200,
            {
                "id": "file-9",
                "object": "file",
                "bytes": 1,
                "created_at": 1,
                "filename": path.name,
                "purpose": "fine-tune",
                "status": "processed",
            },
        )
        client = make_client(_azure_v1_profile(server), KEY)
        uploaded = upload_training_file(client, path, profile_id="a", provider_kind="azure")
    assert uploaded.file_id == "file-9" and uploaded.filename == path.name
    assert UTF8_BOM + content in server.requests[0].body
    assert path.read_bytes() == content  # the user's file is not changed


def test_the_test_tab_flags_fine_tunes_whose_base_was_shut_down() -> None:
    nano = "ft:gpt-4.1-nano-2025-04-14:acme::n1"
    mini = "ft:gpt-4o-mini-2024-07-18:acme::m1"
    with running_fault_server() as server:
        server.answer(
            200,
            {"object": "list", "data": [{"id": m, "object": "model", "created": 1} for m in (nano, mini)]},
        )
        server.answer(200, {"object": "list", "data": [], "has_more": False})
        client = make_client(Profile.create("o", ProviderKind.OPENAI, base_url=server.base_url), KEY)
        choices = {c.id: c for c in list_models(client)}
    assert choices[nano].shut_down == "2026-10-23" and "2026-10-23" in choices[nano].shut_down_note
    assert choices[mini].shut_down is None and choices[mini].shut_down_note == ""
