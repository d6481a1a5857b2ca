"""Every malformed request the outside probe found answers a 4xx in OpenAI's error shape, never a 500.

Sent as raw HTTP (no SDK), so the bodies are exactly the bad bytes: deep nesting, lists where text
belongs, NaN/Infinity literals, lone surrogates, out-of-range numbers.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid

import pytest

from tests.engine.seed_data import chat_records, write_jsonl


def send(server, method: str, path: str, body: bytes | None = None, content_type: str = "application/json"):
    request = urllib.request.Request(
        server.base_url + path,
        data=body,
        method=method,
        headers={"Authorization": f"Bearer {server.token}", "Content-Type": content_type},
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def multipart(fields: dict[str, str], file_field: str, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def assert_4xx(status: int, body: dict, param: str | None = None, status_code: int = 400) -> None:
    assert status == status_code, body
    assert set(body["error"]) == {"message", "type", "param", "code"}
    assert body["error"]["message"]
    if param is not None:
        assert body["error"]["param"] == param, body


@pytest.fixture(scope="module")
def training_file(engine_server, tmp_path_factory) -> str:
    path = write_jsonl(tmp_path_factory.mktemp("seed") / "seed.jsonl", chat_records())
    body, content_type = multipart({"purpose": "fine-tune"}, "file", "seed.jsonl", path.read_bytes())
    status, file = send(engine_server, "POST", "/files", body, content_type)
    assert status == 200, file
    return file["id"]


def files_on_disk(server) -> set[str]:
    return {p.name for p in (server.data_dir / "files").iterdir()}


def test_a_jsonl_line_nested_100000_deep_is_400_and_leaves_no_file(engine_server):
    before = files_on_disk(engine_server)
    deep = b"[" * 100_000 + b"]" * 100_000
    good = json.dumps(chat_records()[0]).encode()
    body, content_type = multipart(
        {"purpose": "fine-tune"}, "file", "deep.jsonl", good + b"\n" + deep + b"\n"
    )
    status, error = send(engine_server, "POST", "/files", body, content_type)
    assert_4xx(status, error, "file")
    assert "line 2" in error["error"]["message"]
    assert files_on_disk(engine_server) == before


def test_a_json_body_nested_100000_deep_is_400(engine_server):
    status, error = send(
        engine_server, "POST", "/fine_tuning/jobs", b'{"a":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    )
    assert_4xx(status, error)
    assert "nested" in error["error"]["message"]


@pytest.mark.parametrize("purpose", [["fine-tune"], {"a": 1}])
def test_purpose_as_list_or_object_is_400(engine_server, purpose):
    body = json.dumps({"purpose": purpose, "filename": "a.jsonl", "bytes": 10}).encode()
    assert_4xx(*send(engine_server, "POST", "/uploads", body), "purpose")


@pytest.mark.parametrize("part_ids", [[["part_a"]], [{"id": "part_a"}], [1], "part_a"])
def test_part_ids_holding_lists_or_objects_is_400(engine_server, part_ids):
    created = json.dumps({"purpose": "fine-tune", "filename": "a.jsonl", "bytes": 10}).encode()
    status, upload = send(engine_server, "POST", "/uploads", created)
    assert status == 200
    body = json.dumps({"part_ids": part_ids}).encode()
    assert_4xx(*send(engine_server, "POST", f"/uploads/{upload['id']}/complete", body), "part_ids")


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
@pytest.mark.parametrize("place", ["top", "method"])
def test_n_epochs_nan_or_infinity_is_400(engine_server, training_file, literal, place):
    if place == "top":
        text = (
            f'{{"model": "tiny-random", "training_file": "{training_file}", '
            f'"hyperparameters": {{"n_epochs": {literal}}}}}'
        )
        param = "hyperparameters.n_epochs"
    else:
        text = (
            f'{{"model": "tiny-random", "training_file": "{training_file}", '
            f'"method": {{"type": "supervised", '
            f'"supervised": {{"hyperparameters": {{"n_epochs": {literal}}}}}}}}}'
        )
        param = "method.supervised.hyperparameters.n_epochs"
    assert_4xx(*send(engine_server, "POST", "/fine_tuning/jobs", text.encode()), param)


@pytest.mark.parametrize("value", ["fast", 3, [1], True, False])
def test_hyperparameters_of_the_wrong_type_are_400(engine_server, training_file, value):
    top = {"model": "tiny-random", "training_file": training_file, "hyperparameters": value}
    assert_4xx(*send(engine_server, "POST", "/fine_tuning/jobs", json.dumps(top).encode()), "hyperparameters")
    nested = {
        "model": "tiny-random",
        "training_file": training_file,
        "method": {"type": "supervised", "supervised": {"hyperparameters": value}},
    }
    assert_4xx(
        *send(engine_server, "POST", "/fine_tuning/jobs", json.dumps(nested).encode()),
        "method.supervised.hyperparameters",
    )


def test_method_settings_of_the_wrong_type_are_400(engine_server, training_file):
    body = {
        "model": "tiny-random",
        "training_file": training_file,
        "method": {"type": "supervised", "supervised": [1]},
    }
    assert_4xx(
        *send(engine_server, "POST", "/fine_tuning/jobs", json.dumps(body).encode()), "method.supervised"
    )


def chat(**extra) -> bytes:
    return json.dumps(
        {"model": "tiny-random", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 2, **extra}
    ).encode()


@pytest.mark.parametrize("seed", [2**64, 2**63, -(2**63) - 1, 10**30])
def test_chat_seed_outside_int64_is_400(engine_server, seed):
    assert_4xx(*send(engine_server, "POST", "/chat/completions", chat(seed=seed)), "seed")


def test_chat_seed_at_the_int64_limits_works(engine_server):
    for seed in (2**63 - 1, -(2**63)):
        status, reply = send(engine_server, "POST", "/chat/completions", chat(seed=seed, n=2))
        assert status == 200, reply


def test_a_lone_surrogate_in_message_content_is_400(engine_server):
    body = b'{"model": "tiny-random", "messages": [{"role": "user", "content": "hi \\ud800 there"}]}'
    status, error = send(engine_server, "POST", "/chat/completions", body)
    assert_4xx(status, error, "messages[0].content")
    assert "surrogate" in error["error"]["message"]


def test_a_lone_surrogate_in_training_data_is_refused(engine_server):
    line = b'{"messages": [{"role": "user", "content": "q\\udc00"}, {"role": "assistant", "content": "a"}]}\n'
    body, content_type = multipart({"purpose": "fine-tune"}, "file", "s.jsonl", line)
    status, error = send(engine_server, "POST", "/files", body, content_type)
    assert_4xx(status, error, "file")
    assert "surrogate" in error["error"]["message"]


def test_completions_with_an_empty_prompt_completes(engine_server):
    body = json.dumps({"model": "tiny-random", "prompt": "", "max_tokens": 3}).encode()
    status, reply = send(engine_server, "POST", "/completions", body)
    assert status == 200, reply
    assert reply["usage"]["prompt_tokens"] == 1


@pytest.mark.parametrize("temperature", [1e-45, 5e-324, 1e-30])
def test_a_vanishing_temperature_samples_greedily(engine_server, temperature):
    greedy = send(engine_server, "POST", "/chat/completions", chat(temperature=0, max_tokens=6))
    tiny = send(engine_server, "POST", "/chat/completions", chat(temperature=temperature, max_tokens=6))
    assert greedy[0] == tiny[0] == 200, tiny
    assert tiny[1]["choices"][0]["message"]["content"] == greedy[1]["choices"][0]["message"]["content"]


@pytest.mark.parametrize("model", ["a/..", "a/.", "../..", "a/b..c", "x/-y"])
def test_a_model_id_that_is_no_hub_id_is_404(engine_server, training_file, model):
    status, error = send(
        engine_server,
        "POST",
        "/chat/completions",
        json.dumps({"model": model, "messages": [{"role": "user", "content": "hi"}]}).encode(),
    )
    assert_4xx(status, error, "model", status_code=404)
    body = json.dumps({"model": model, "training_file": training_file}).encode()
    assert_4xx(*send(engine_server, "POST", "/fine_tuning/jobs", body), "model", status_code=404)


@pytest.mark.parametrize(
    "body",
    [b"", b"not json", b"[1, 2]", b'"text"', b"\xff\xfe", b'{"model": NaN}'],
)
def test_bodies_that_are_no_json_object_are_400(engine_server, body):
    for path in ("/chat/completions", "/completions", "/fine_tuning/jobs", "/uploads"):
        assert_4xx(*send(engine_server, "POST", path, body))


HAZARDS = {
    "deep": b'{"model": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "surrogate": b'{"model": "\\ud800", "folder": "x", "format": "adapter", "out": "x"}',
    "nan": b'{"model": NaN}',
}


@pytest.mark.parametrize("hazard", sorted(HAZARDS))
@pytest.mark.parametrize(
    "path", ["/engine/exports", "/engine/imports", "/fine_tuning/jobs", "/completions", "/uploads"]
)
def test_every_json_route_refuses_the_hazards_whoever_wrote_it(engine_server, path, hazard):
    status, error = send(engine_server, "POST", path, HAZARDS[hazard])
    assert_4xx(status, error, None if hazard == "deep" else "model")


def test_a_body_without_the_token_is_refused_before_it_is_read(engine_server):
    request = urllib.request.Request(
        engine_server.base_url + "/fine_tuning/jobs", data=HAZARDS["deep"], method="POST"
    )
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=60)
    assert caught.value.code == 401
