"""Bad tokens, unknown ids, bad files and bad parameters get OpenAI's errors and status codes."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import openai
import pytest

from tests.engine.seed_data import chat_records, write_jsonl


def raw_get(url: str, token: str | None) -> tuple[int, dict]:
    """A plain HTTP GET (no SDK), to see the status and body exactly as sent."""
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def upload(client, path):
    with path.open("rb") as stream:
        return client.files.create(file=stream, purpose="fine-tune")


def test_missing_or_wrong_token_is_401(engine_server):
    with pytest.raises(openai.AuthenticationError) as caught:
        openai.OpenAI(base_url=engine_server.base_url, api_key="wrong").models.list()
    assert caught.value.status_code == 401
    assert caught.value.body["code"] == "invalid_api_key"
    status, body = raw_get(engine_server.base_url + "/models", token=None)
    assert status == 401
    assert set(body["error"]) == {"message", "type", "param", "code"}


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.files.retrieve("file-doesnotexist"),
        lambda c: c.files.content("file-doesnotexist"),
        lambda c: c.files.delete("file-doesnotexist"),
        lambda c: c.fine_tuning.jobs.retrieve("ftjob-doesnotexist"),
        lambda c: c.fine_tuning.jobs.cancel("ftjob-doesnotexist"),
        lambda c: c.fine_tuning.jobs.list_events("ftjob-doesnotexist"),
        lambda c: c.fine_tuning.jobs.checkpoints.list("ftjob-doesnotexist"),
        lambda c: c.models.retrieve("ft:tiny-random:local::ftjob-doesnotexist"),
        lambda c: c.models.delete("ft:tiny-random:local::ftjob-doesnotexist"),
        lambda c: c.chat.completions.create(
            model="no-such-model", messages=[{"role": "user", "content": "hi"}]
        ),
        lambda c: c.completions.create(model="ft:tiny-random:local::ftjob-gone", prompt="hi"),
    ],
)
def test_unknown_ids_are_404(engine_server, call):
    with pytest.raises(openai.NotFoundError) as caught:
        call(engine_server.client())
    assert caught.value.status_code == 404
    assert caught.value.body["message"]


def test_unknown_path_is_404_in_openai_shape(engine_server):
    status, body = raw_get(engine_server.base_url + "/no/such/path", token=engine_server.token)
    assert status == 404
    assert "Invalid URL" in body["error"]["message"]


BAD_FILES = {
    "not-json.jsonl": json.dumps(chat_records()[0]).encode() + b"\nthis is not json\n",
    "no-assistant.jsonl": json.dumps({"messages": [{"role": "user", "content": "hi"}]}).encode() + b"\n",
    "bad-role.jsonl": json.dumps({"messages": [{"role": "wizard", "content": "hi"}]}).encode() + b"\n",
    "mixed-kinds.jsonl": (
        json.dumps({"prompt": "a", "completion": "b"})
        + "\n"
        + json.dumps({"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]})
        + "\n"
    ).encode(),
    "gbk.jsonl": json.dumps({"prompt": "你好", "completion": "好"}, ensure_ascii=False).encode("gbk") + b"\n",
    "empty.jsonl": b"\n\n",
    "bad-weight.jsonl": json.dumps(
        {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a", "weight": 2}]}
    ).encode()
    + b"\n",
    "data.csv": b"prompt,completion\nhi,there\n",
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_are_refused_with_400(engine_server, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(BAD_FILES[name])
    client = engine_server.client()
    before = {f.id for f in client.files.list()}
    with pytest.raises(openai.BadRequestError) as caught:
        upload(client, path)
    assert caught.value.status_code == 400
    assert caught.value.body["code"] == "invalid_file_format"
    assert {f.id for f in client.files.list()} == before


def test_bad_line_numbers_are_reported(engine_server, tmp_path):
    with pytest.raises(openai.BadRequestError) as caught:
        upload(engine_server.client(), _write(tmp_path))
    assert "line 2" in caught.value.body["message"]


def _write(tmp_path):
    path = tmp_path / "two-bad.jsonl"
    records = [json.dumps(r, ensure_ascii=False) for r in chat_records()[:3]]
    records.insert(1, "{oops")
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    return path


def test_wrong_purpose_is_400(engine_server, tmp_path):
    path = write_jsonl(tmp_path / "seed.jsonl", chat_records())
    with path.open("rb") as stream, pytest.raises(openai.BadRequestError):
        engine_server.client().files.create(file=stream, purpose="assistants")


def test_too_few_examples_and_bad_hyperparameters_are_400(engine_server, tmp_path):
    client = engine_server.client()
    small = upload(client, write_jsonl(tmp_path / "small.jsonl", chat_records()[:4]))
    with pytest.raises(openai.BadRequestError) as caught:
        client.fine_tuning.jobs.create(model="tiny-random", training_file=small.id)
    assert caught.value.body["code"] == "invalid_training_file"
    assert "at least 10" in caught.value.body["message"]
    good = upload(client, write_jsonl(tmp_path / "seed.jsonl", chat_records()))
    for hyperparameters in ({"n_epochs": 0}, {"batch_size": "lots"}, {"learning_rate_multiplier": -1}):
        with pytest.raises(openai.BadRequestError) as caught:
            client.fine_tuning.jobs.create(
                model="tiny-random",
                training_file=good.id,
                method={"type": "supervised", "supervised": {"hyperparameters": hyperparameters}},
            )
        assert caught.value.body["param"] in hyperparameters
    with pytest.raises(openai.BadRequestError):
        client.fine_tuning.jobs.create(
            model="tiny-random", training_file=good.id, method={"type": "dpo"}
        )  # chat data can't train DPO
    with pytest.raises(openai.NotFoundError):
        client.fine_tuning.jobs.create(model="no-such-base", training_file=good.id)
    with pytest.raises(openai.NotFoundError):
        client.fine_tuning.jobs.create(model="tiny-random", training_file="file-nope")


def test_bad_chat_parameters_are_400(engine_server):
    client = engine_server.client()
    for extra in ({"temperature": 5}, {"top_p": 2}, {"max_tokens": 0}, {"n": 100}, {"stop": ["a"] * 5}):
        with pytest.raises(openai.BadRequestError):
            client.chat.completions.create(
                model="tiny-random", messages=[{"role": "user", "content": "hi"}], **extra
            )
    with pytest.raises(openai.BadRequestError):
        client.chat.completions.create(model="tiny-random", messages=[])


def test_files_list_paginates_and_delete_removes(engine_server, tmp_path):
    client = engine_server.client()
    ids = [upload(client, write_jsonl(tmp_path / f"s{i}.jsonl", chat_records())).id for i in range(3)]
    page = client.files.list(limit=2, purpose="fine-tune")
    assert len(page.data) == 2 and page.has_more
    assert [f.id for f in page.data] == ids[::-1][:2]
    rest = client.files.list(limit=2, after=page.data[-1].id, purpose="fine-tune")
    assert rest.data[0].id == ids[0]
    content = client.files.content(ids[1]).text
    assert [json.loads(line) for line in content.splitlines()] == chat_records()
    deleted = client.files.delete(ids[2])
    assert deleted.deleted and deleted.id == ids[2]
    with pytest.raises(openai.NotFoundError):
        client.files.retrieve(ids[2])


def test_cancel_of_a_finished_job_is_409(engine_server, tmp_path):
    client = engine_server.client()
    file = upload(client, write_jsonl(tmp_path / "seed.jsonl", chat_records()))
    job = client.fine_tuning.jobs.create(
        model="tiny-random", training_file=file.id, hyperparameters={"n_epochs": 1}
    )
    cancelled = client.fine_tuning.jobs.cancel(job.id)
    assert cancelled.id == job.id
    from tests.engine.helpers import wait_for_job

    finished = wait_for_job(client, job.id)
    assert finished.status in {"cancelled", "succeeded"}
    with pytest.raises(openai.ConflictError) as caught:
        client.fine_tuning.jobs.cancel(job.id)
    assert caught.value.status_code == 409
    with pytest.raises(openai.ConflictError):
        client.fine_tuning.jobs.resume(job.id)
