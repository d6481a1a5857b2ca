"""The request as people see and copy it: curl and Python texts, prompt formats, parameters."""

from __future__ import annotations

import ast

import pytest

from desktop.providers.inference import (
    ChatRequest,
    Endpoint,
    InferenceMode,
    PromptFormat,
    SamplingParameters,
    default_mode_for,
    endpoint_for_profile,
    infer_prompt_format,
    request_as_curl,
    request_as_python,
)
from desktop.providers.profiles import Profile, ProviderKind

SECRET = "sk-test-0123456789abcdefSECRET"

CHAT = ChatRequest(
    model="ft:gpt-4o-mini:acme::abc",
    messages=(
        {"role": "system", "content": "You're a helpful assistant, aren't you?"},
        {"role": "user", "content": "你觉得orangbus怎么样"},
    ),
    parameters=SamplingParameters(temperature=0, top_p=0.9, max_tokens=64, stop=("\n\n",), seed=7),
)


def test_body_carries_only_the_parameters_that_were_set() -> None:
    body = CHAT.body()
    assert body["temperature"] == 0 and body["top_p"] == 0.9 and body["seed"] == 7
    assert body["max_tokens"] == 64 and body["stop"] == ["\n\n"]
    assert "frequency_penalty" not in body and "stream" not in body
    assert (
        ChatRequest("o4-mini", CHAT.messages, SamplingParameters(max_tokens=5)).body()[
            "max_completion_tokens"
        ]
        == 5
    )
    streamed = CHAT.body(stream=True)
    assert streamed["stream"] is True and streamed["stream_options"] == {"include_usage": True}


def test_curl_reads_the_key_from_the_environment() -> None:
    text = request_as_curl(CHAT, Endpoint("http://user:pw@127.0.0.1:8000/v1/"))
    assert SECRET not in text and "pw" not in text
    assert "$OPENAI_API_KEY" in text
    assert "curl 'http://127.0.0.1:8000/v1/chat/completions'" in text
    assert "你觉得orangbus怎么样" in text
    assert "aren'\"'\"'t" in text  # the single quote survives shell quoting


def test_python_is_valid_and_reads_the_key_from_the_environment() -> None:
    text = request_as_python(CHAT, Endpoint("https://api.openai.com/v1"))
    tree = ast.parse(text)
    assert tree.body
    assert 'os.environ["OPENAI_API_KEY"]' in text
    assert "temperature=0" in text and "seed=7" in text
    assert "你觉得orangbus怎么样" in text


def test_azure_classic_puts_the_deployment_in_the_path() -> None:
    profile = Profile.create(
        "azure",
        ProviderKind.AZURE,
        base_url="https://acme.openai.azure.com/",
        api_version="2025-04-01-preview",
        azure_deployments={CHAT.model: "my-deployment"},
    )
    endpoint = endpoint_for_profile(profile)
    curl = request_as_curl(CHAT, endpoint)
    assert (
        "https://acme.openai.azure.com/openai/deployments/my-deployment/chat/completions"
        "?api-version=2025-04-01-preview"
    ) in curl
    assert "api-key: $OPENAI_API_KEY" in curl and '"model"' not in curl
    python = request_as_python(CHAT, endpoint)
    ast.parse(python)
    assert "AzureOpenAI(" in python and "model='my-deployment'" in python


def test_azure_v1_sends_the_deployment_as_model() -> None:
    profile = Profile.create(
        "azure",
        ProviderKind.AZURE,
        base_url="https://acme.openai.azure.com/openai/v1",
        api_version="v1",
        azure_deployments={CHAT.model: "dep"},
    )
    endpoint = endpoint_for_profile(profile)
    curl = request_as_curl(CHAT, endpoint)
    assert "https://acme.openai.azure.com/openai/v1/chat/completions" in curl
    assert '"model": "dep"' in curl


def test_azure_model_without_deployment_says_so() -> None:
    from desktop.providers.errors import ErrorKind, ProviderError

    profile = Profile.create("azure", ProviderKind.AZURE, base_url="https://acme.openai.azure.com/")
    with pytest.raises(ProviderError) as caught:
        request_as_curl(CHAT, endpoint_for_profile(profile))
    assert caught.value.kind is ErrorKind.NOT_DEPLOYED


def test_completions_request_uses_separator_and_ending() -> None:
    prompt_format = PromptFormat(separator="\n\n###\n\n", ending=" END")
    request = ChatRequest(
        "ft:davinci-002:acme::x",
        ({"role": "user", "content": "Say hi"},),
        SamplingParameters(max_tokens=10),
        InferenceMode.COMPLETIONS,
        prompt_format,
    )
    body = request.body()
    assert body["prompt"] == "Say hi\n\n###\n\n"
    assert body["stop"] == [" END"]
    assert "messages" not in body
    assert request_as_curl(request, Endpoint()).splitlines()[0].endswith("/v1/completions' \\")
    assert prompt_format.clean_completion(" hello END more") == "hello"


def test_infer_prompt_format_finds_markers_not_shared_words() -> None:
    records = [
        {"prompt": "Q: how are you?\n\n###\n\n", "completion": " Fine. END"},
        {"prompt": "Q: and you?\n\n###\n\n", "completion": " Good. END"},
    ]
    assert infer_prompt_format(records) == PromptFormat("\n\n###\n\n", " END")
    plain = [{"prompt": "你好吗", "completion": "好"}, {"prompt": "他好吗", "completion": "不好"}]
    assert infer_prompt_format(plain) == PromptFormat("", "")
    assert infer_prompt_format([{"prompt": "a ->", "completion": "b\n"}]) == PromptFormat()


def test_default_mode_by_model_name() -> None:
    assert default_mode_for("davinci-002") is InferenceMode.COMPLETIONS
    assert default_mode_for("ft:babbage-002:acme::x") is InferenceMode.COMPLETIONS
    assert default_mode_for("ft:gpt-4.1-mini:acme::x") is InferenceMode.CHAT


def test_parameters_round_trip() -> None:
    assert SamplingParameters.from_json(CHAT.parameters.to_json()) == CHAT.parameters
