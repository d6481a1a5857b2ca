"""A bounded fuzz run: schemathesis sends generated requests, valid and invalid, to every operation
of the engine's own OpenAPI schema; none may answer 5xx. Deterministic (derandomized), a few seconds.
"""

from __future__ import annotations

import os

import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from engine.api import Engine, create_app

CASES_PER_OPERATION_AND_MODE = int(os.environ.get("ENGINE_FUZZ_CASES", "10"))


def engine_schema(tmp_path) -> dict:
    engine = Engine.open(tmp_path / "schema-only", "unused")
    try:
        return create_app(engine).openapi()
    finally:
        engine.store.close()


def test_every_operation_of_the_schema_is_described(tmp_path):
    schema = engine_schema(tmp_path)
    operations = {(method, path) for path, item in schema["paths"].items() for method in item}
    assert ("post", "/v1/fine_tuning/jobs") in operations
    body = schema["paths"]["/v1/chat/completions"]["post"]["requestBody"]
    assert "messages" in body["content"]["application/json"]["schema"]["properties"]


def test_fuzzed_requests_never_get_a_server_error(fresh_engine, tmp_path):
    raw = engine_schema(tmp_path)
    schema = schemathesis.openapi.from_dict(raw)
    root = fresh_engine.base_url.removesuffix("/v1")
    headers = {"Authorization": f"Bearer {fresh_engine.token}"}
    session = requests.Session()
    failures: list[str] = []
    sent = 0

    def fuzz(operation, mode: GenerationMode) -> None:
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=CASES_PER_OPERATION_AND_MODE,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case) -> None:
            nonlocal sent
            response = case.call(base_url=root, headers=headers, session=session, timeout=60)
            sent += 1
            if response.status_code >= 500:
                failures.append(
                    f"{operation.label} → {response.status_code}: {response.text[:300]}\n"
                    f"  {case.as_curl_command()}"
                )

        try:
            check()
        except Unsatisfiable:
            # Nothing to vary: an operation without parameters (GET /v1/models) has one request.
            assert operation.label == "GET /v1/models", operation.label

    for result in schema.get_all_operations():
        operation = result.ok()
        fuzz(operation, GenerationMode.POSITIVE)
        described = raw["paths"][operation.path][operation.method.lower()]
        if "requestBody" in described or any(p["in"] == "query" for p in described.get("parameters", [])):
            # Invalid path ids are covered by the positive run (any text is a valid, unknown id).
            fuzz(operation, GenerationMode.NEGATIVE)
    print(f"engine fuzz: {sent} requests, {len(failures)} answered 5xx")  # the figure in docs/reliability.md
    assert sent >= 200, f"only {sent} requests were sent"
    assert not failures, "\n".join(failures[:10])
    assert fresh_engine.process.poll() is None, fresh_engine.log  # and it is still up
