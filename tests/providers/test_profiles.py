"""Profiles persist everything but secrets; a first start makes the local engine active."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from desktop.providers.errors import AZURE_PORTAL_URL, ErrorKind, ProviderError
from desktop.providers.profiles import (
    LOCAL_PROFILE_ID,
    Profile,
    ProfileStore,
    ProviderKind,
    split_proxy_password,
)


def test_first_start_makes_the_local_engine_active(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path)
    active = store.active()
    assert active.kind is ProviderKind.LOCAL
    assert active.id == LOCAL_PROFILE_ID
    assert [p.id for p in store.profiles()] == [LOCAL_PROFILE_ID]
    assert json.loads(store.path.read_text())["active"] == LOCAL_PROFILE_ID


def test_profiles_round_trip_and_one_is_active(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path)
    openai_profile = Profile.create(
        "Work OpenAI", ProviderKind.OPENAI, organization="org-1", project="proj_2", proxy="http://proxy:3128"
    )
    azure = Profile.create(
        "Azure",
        ProviderKind.AZURE,
        base_url="https://res.openai.azure.com/",
        azure_deployments={"gpt-4o-mini-2024-07-18.ft-abc": "my-deployment"},
    )
    store.save(openai_profile)
    store.save(azure)
    store.set_active(azure.id)

    reloaded = ProfileStore(tmp_path)
    assert [p.name for p in reloaded.profiles()] == ["Local engine (this computer)", "Work OpenAI", "Azure"]
    assert reloaded.active_id == azure.id
    assert reloaded.get(openai_profile.id) == openai_profile
    again = reloaded.get(azure.id)
    assert again.api_version  # Azure profiles get a default API version
    assert again.azure_deployments == {"gpt-4o-mini-2024-07-18.ft-abc": "my-deployment"}


def test_returned_profiles_are_copies(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path)
    profile = store.active()
    profile.name = "changed"
    profile.azure_deployments["x"] = "y"
    assert store.active().name != "changed"
    assert store.active().azure_deployments == {}


def test_removing_the_active_profile_falls_back_to_the_local_engine(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path)
    compatible = Profile.create("vLLM", ProviderKind.COMPATIBLE, base_url="http://gpu-box:8000/v1")
    store.save(compatible)
    store.set_active(compatible.id)
    store.remove(compatible.id)
    assert store.active_id == LOCAL_PROFILE_ID
    store.remove(LOCAL_PROFILE_ID)  # removing the last profile brings the local engine back
    assert store.active().kind is ProviderKind.LOCAL
    with pytest.raises(KeyError):
        store.set_active("nope")


@pytest.mark.parametrize("content", ["{ not json", "", "[]"])
def test_a_damaged_or_empty_file_is_kept_aside_and_the_user_told(tmp_path: Path, content: str) -> None:
    (tmp_path / "profiles.json").write_text(content, encoding="utf-8")
    store = ProfileStore(tmp_path)
    assert store.active().kind is ProviderKind.LOCAL
    kept = list(tmp_path.glob("profiles.json.damaged-*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == content
    assert store.damaged is not None and store.damaged.kept_as == kept[0]
    assert kept[0].name in store.damaged.message_en and kept[0].name in store.damaged.message_zh
    # the next start finds a good file again and says nothing; the kept copy stays
    assert ProfileStore(tmp_path).damaged is None and kept[0].exists()


def test_two_windows_do_not_overwrite_each_others_profiles(tmp_path: Path) -> None:
    first, second = ProfileStore(tmp_path), ProfileStore(tmp_path)
    first.save(Profile.create("From the first window", ProviderKind.OPENAI))
    second.save(Profile.create("From the second window", ProviderKind.COMPATIBLE, base_url="http://x/v1"))
    names = {p.name for p in ProfileStore(tmp_path).profiles()}
    assert {"From the first window", "From the second window"} <= names
    assert {p.name for p in first.profiles()} == names  # the first window sees the second's profile
    removed = next(p for p in first.profiles() if p.name == "From the second window")
    first.remove(removed.id)
    assert "From the second window" not in {p.name for p in second.profiles()}


def _add_profiles(folder: str, prefix: str, count: int) -> None:
    store = ProfileStore(Path(folder))
    for index in range(count):
        store.save(Profile.create(f"{prefix}-{index}", ProviderKind.OPENAI))


def test_processes_saving_at_once_lose_nothing(tmp_path: Path) -> None:
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_add_profiles, args=(str(tmp_path), f"p{n}", 15)) for n in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    names = {p.name for p in ProfileStore(tmp_path).profiles()}
    assert {f"p{n}-{i}" for n in range(3) for i in range(15)} <= names


def test_validation_names_each_problem() -> None:
    assert Profile.create("ok", ProviderKind.OPENAI).problems() == []
    assert Profile.create("ok", ProviderKind.OPENAI, max_retries=2).attempts == 3
    problems = Profile(id="x", name=" ", kind=ProviderKind.AZURE, proxy="proxy:80", timeout=0).problems()
    assert len(problems) == 5  # name, base URL, proxy, API version, timeout
    assert (
        Profile.create(
            "v1", ProviderKind.AZURE, base_url="https://r.openai.azure.com/openai/v1/", api_version=""
        ).problems()
        == []
    )
    assert Profile.create("bad", ProviderKind.COMPATIBLE, base_url="localhost:8000").problems()


def test_azure_deployment_mapping() -> None:
    azure = Profile.create(
        "Azure",
        ProviderKind.AZURE,
        base_url="https://res.openai.azure.com/",
        azure_deployments={"gpt-4o-mini-2024-07-18.ft-abc": "support-bot"},
    )
    assert azure.deployment_for("gpt-4o-mini-2024-07-18.ft-abc") == "support-bot"
    assert azure.deployment_for("gpt-4o-mini") == "gpt-4o-mini"  # base models: their usual deployment name
    with pytest.raises(ProviderError) as caught:
        azure.deployment_for("gpt-4.1-mini-2025-04-14.ft-xyz")
    assert caught.value.kind is ErrorKind.NOT_DEPLOYED
    assert AZURE_PORTAL_URL in caught.value.message_en and AZURE_PORTAL_URL in caught.value.message_zh
    openai_profile = Profile.create("OpenAI", ProviderKind.OPENAI)
    assert openai_profile.deployment_for("ft:gpt-4.1-mini:org::abc") == "ft:gpt-4.1-mini:org::abc"


def test_a_proxy_password_never_reaches_the_settings_file(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path)
    profile = Profile.create("p", ProviderKind.OPENAI, proxy="http://bob:pa%3Ass-w0rd@proxy.example:3128")
    assert split_proxy_password(profile.proxy) == ("http://bob@proxy.example:3128", "pa:ss-w0rd")
    store.save(profile)
    assert "w0rd" not in store.path.read_text(encoding="utf-8")
    saved = store.get(profile.id)
    assert saved.proxy == "http://bob@proxy.example:3128"
    # The password comes back from the keyring at connection time and goes back into the URL.
    with_password = replace(saved, proxy_password="pa:ss-w0rd")
    assert with_password.proxy_url() == "http://bob:pa%3Ass-w0rd@proxy.example:3128"
    assert "w0rd" not in json.dumps(with_password.to_json()) and "w0rd" not in repr(with_password)
    assert Profile.create("q", ProviderKind.OPENAI, proxy="http://proxy:80").proxy_url() == "http://proxy:80"
