"""Where the local engine once differed from OpenAI's API: it now answers as OpenAI does, or refuses
what it can't do with a 400 naming the parameter (never a silent ignore)."""

from __future__ import annotations

import contextlib

import openai
import pytest

from engine.generation import Generation, SamplingParams
from tests.engine.seed_data import chat_records, write_jsonl

MESSAGES = [{"role": "user", "content": "hi"}]


@pytest.fixture(scope="module")
def file_id(engine_server, tmp_path_factory) -> str:
    path = write_jsonl(tmp_path_factory.mktemp("details") / "seed.jsonl", chat_records())
    with path.open("rb") as stream:
        return engine_server.client().files.create(file=stream, purpose="fine-tune").id


def test_unknown_job_has_openais_error_code(engine_server):
    client = engine_server.client()
    for call in (
        client.fine_tuning.jobs.retrieve,
        client.fine_tuning.jobs.cancel,
        client.fine_tuning.jobs.pause,
    ):
        with pytest.raises(openai.NotFoundError) as caught:
            call("ftjob-doesnotexist")
        assert caught.value.body["code"] == "fine_tune_not_found"
        assert caught.value.body["param"] == "fine_tuning_job_id"


def test_integrations_are_refused_not_dropped(engine_server, file_id):
    client = engine_server.client()
    with pytest.raises(openai.BadRequestError) as caught:
        client.fine_tuning.jobs.create(
            model="tiny-random",
            training_file=file_id,
            integrations=[{"type": "wandb", "wandb": {"project": "p"}}],
        )
    assert caught.value.body["param"] == "integrations"
    assert "Weights & Biases" in caught.value.body["message"]


def test_the_jobs_list_filters_on_metadata(engine_server, file_id):
    client = engine_server.client()
    tagged = client.fine_tuning.jobs.create(
        model="tiny-random",
        training_file=file_id,
        hyperparameters={"n_epochs": 1},
        metadata={"team": "support", "run": "a b&c"},
    )
    other = client.fine_tuning.jobs.create(
        model="tiny-random", training_file=file_id, hyperparameters={"n_epochs": 1}, metadata={"team": "x"}
    )
    bare = client.fine_tuning.jobs.create(
        model="tiny-random", training_file=file_id, hyperparameters={"n_epochs": 1}
    )
    try:
        ids = [job.id for job in client.fine_tuning.jobs.list(metadata={"team": "support"}, limit=100)]
        assert ids == [tagged.id]
        both = client.fine_tuning.jobs.list(metadata={"team": "support", "run": "a b&c"}, limit=100)
        assert [job.id for job in both] == [tagged.id]
        assert list(client.fine_tuning.jobs.list(metadata={"team": "nobody"}, limit=100)) == []
        everything = {job.id for job in client.fine_tuning.jobs.list(limit=100)}
        assert {tagged.id, other.id, bare.id} <= everything
        nulls = client.get(
            "/fine_tuning/jobs?metadata=null&limit=100",
            cast_to=object,  # the literal the docs give
        )
        null_ids = {job["id"] for job in nulls["data"]}
        assert bare.id in null_ids and tagged.id not in null_ids and other.id not in null_ids
    finally:
        for job in (tagged, other, bare):
            with contextlib.suppress(openai.ConflictError):  # it may have finished already
                client.fine_tuning.jobs.cancel(job.id)


@pytest.mark.parametrize(
    "extra, param",
    [
        ({"logprobs": True}, "logprobs"),
        ({"top_logprobs": 2}, "top_logprobs"),
        ({"frequency_penalty": 2.5}, "frequency_penalty"),
        ({"presence_penalty": -3}, "presence_penalty"),
        ({"logit_bias": {"abc": 1}}, "logit_bias"),
        ({"logit_bias": {"5": 101}}, "logit_bias"),
    ],
)
def test_chat_parameters_not_supported_or_out_of_range_are_400(engine_server, extra, param):
    with pytest.raises(openai.BadRequestError) as caught:
        engine_server.client().chat.completions.create(model="tiny-random", messages=MESSAGES, **extra)
    assert caught.value.body["param"] == param


@pytest.mark.parametrize(
    "extra, param",
    [
        ({"logprobs": 2}, "logprobs"),
        ({"echo": True}, "echo"),
        ({"best_of": 3}, "best_of"),
        ({"suffix": "end"}, "suffix"),
        ({"frequency_penalty": -2.01}, "frequency_penalty"),
        ({"prompt": ["a"] * 300, "n": 8}, "prompt"),
    ],
)
def test_completions_parameters_not_supported_or_too_many_are_400(engine_server, extra, param):
    arguments = {"model": "tiny-random", "prompt": "hi", "max_tokens": 2, **extra}
    with pytest.raises(openai.BadRequestError) as caught:
        engine_server.client().completions.create(**arguments)
    assert caught.value.body["param"] == param


def test_off_values_of_unsupported_parameters_are_accepted(engine_server):
    client = engine_server.client()
    reply = client.completions.create(
        model="tiny-random", prompt="hi", max_tokens=2, echo=False, best_of=1, logprobs=None, suffix=None
    )
    assert reply.choices
    chat = client.chat.completions.create(
        model="tiny-random", messages=MESSAGES, max_tokens=2, logprobs=False, frequency_penalty=0.5
    )
    assert chat.choices


def test_logit_bias_is_applied():
    import torch

    # Every token but one pushed down by 100: greedy decoding must pick the one left.
    logits = torch.tensor([3.0, 2.0, 1.0, 0.5])
    run = Generation.__new__(Generation)
    run.params = SamplingParams(4, temperature=0, logit_bias={0: -100, 1: -100, 3: -100})
    assert run._pick(run._adjusted(logits, []), torch.Generator()) == 2


def test_frequency_and_presence_penalties_follow_openais_formula():
    import torch

    run = Generation.__new__(Generation)
    run.params = SamplingParams(4, frequency_penalty=0.5, presence_penalty=1.0)
    logits = torch.tensor([5.0, 5.0, 5.0])
    adjusted = run._adjusted(logits, [0, 0, 0, 1])
    # token 0 seen 3 times: 5 - 3*0.5 - 1; token 1 once: 5 - 0.5 - 1; token 2 never: 5
    assert adjusted.tolist() == [2.5, 3.5, 5.0]
    assert logits.tolist() == [5.0, 5.0, 5.0]  # the model's logits are left alone
    negative = Generation.__new__(Generation)
    negative.params = SamplingParams(4, frequency_penalty=-2.0)
    assert negative._adjusted(torch.tensor([0.0, 0.0]), [1]).tolist() == [0.0, 2.0]


def test_penalties_change_what_greedy_decoding_repeats(engine_server):
    client = engine_server.client()
    plain = client.completions.create(model="tiny-random", prompt="a b", max_tokens=24, temperature=0)
    penalised = client.completions.create(
        model="tiny-random",
        prompt="a b",
        max_tokens=24,
        temperature=0,
        frequency_penalty=2,
        presence_penalty=2,
    )
    assert plain.usage.completion_tokens and penalised.usage.completion_tokens
    if plain.choices[0].text == penalised.choices[0].text:
        pytest.fail("the penalties changed nothing in 24 greedy tokens")
