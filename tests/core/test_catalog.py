"""The model catalog: bundled facts, user overrides, compatibility and retirement warnings."""

from __future__ import annotations

import json
from datetime import date

from desktop.core.catalog import (
    BUNDLED_CATALOG,
    METHOD_DPO,
    METHOD_SUPERVISED,
    compatibility,
    load_catalog,
    local_models,
    model_from_dict,
    retirement_warning,
)
from desktop.core.dataset import ExampleKind


def test_bundled_catalog_has_dated_facts_and_guide_prices():
    catalog = load_catalog()
    assert not catalog.problems
    mini = catalog.find("gpt-4o-mini", provider="openai")
    assert mini is not None and mini.id == "gpt-4o-mini-2024-07-18"
    assert mini.max_example_tokens == 65536
    assert mini.training_price_per_1m == 3.0
    assert mini.status.new_jobs_stop == date(2027, 1, 6)
    assert mini.checked["training_price_per_1m"] and mini.sources["max_example_tokens"]
    prices = {m.id: m.training_price_per_1m for m in catalog.for_provider("openai")}
    assert prices["gpt-4.1-2025-04-14"] == 25.0
    assert prices["gpt-4.1-mini-2025-04-14"] == 5.0
    assert prices["gpt-4.1-nano-2025-04-14"] == 1.5  # shut down, kept to flag fine-tunes on it
    assert prices["gpt-3.5-turbo-0125"] == 8.0
    assert prices["davinci-002"] == 6.0
    assert prices["babbage-002"] == 0.4
    assert {m.id for m in catalog.for_provider("azure")} >= {"gpt-4.1-2025-04-14", "o4-mini-2025-04-16"}
    assert catalog.providers["openai"].new_jobs_stop == date(2027, 1, 6)
    # every model fact in the file is dated
    raw = json.loads(BUNDLED_CATALOG.read_text(encoding="utf-8"))
    for entry in raw["models"]:
        for name in ("formats", "methods", "max_example_tokens", "training_price_per_1m", "status"):
            assert entry[name]["checked"], (entry["id"], name)


def test_find_resolves_fine_tuned_ids_and_new_snapshots():
    catalog = load_catalog()
    assert catalog.find("ft:gpt-4o-mini-2024-07-18:acme::abc", "openai").id == "gpt-4o-mini-2024-07-18"
    # A different dated snapshot is a different model: never mapped onto a listed one.
    assert catalog.find("gpt-4.1-mini-2099-01-01", "openai") is None
    assert catalog.find("no-such-model") is None
    # ...but a dated snapshot of an undated entry still finds it.
    extra = catalog.with_models([model_from_dict({"id": "my-model"}, provider="local")])
    assert extra.find("my-model-2099-01-01", "local").id == "my-model"


def test_snapshots_shut_down_on_2026_10_23_keep_their_own_entries():
    catalog = load_catalog()
    today = date(2026, 11, 27)
    for model_id in (
        "gpt-4.1-nano-2025-04-14",
        "o4-mini-2025-04-16",
        "gpt-4o-2024-05-13",
        "gpt-3.5-turbo-0125",
    ):
        entry = catalog.find(model_id, "openai")
        assert entry is not None and entry.id == model_id
        assert entry.status.shutdown == date(2026, 10, 23) and entry.status.is_shut_down(today)
        assert entry.sources["status"] and entry.checked["status"] == "2026-11-27"
        verdict = compatibility(entry, ExampleKind.CHAT, today=today)
        assert not verdict.ok and "2026-10-23" in verdict.reason_en
    # existing fine-tunes on them are found (and so flagged), OpenAI's and Azure's names alike
    assert catalog.find("ft:o4-mini-2025-04-16:acme::x1", "openai").id == "o4-mini-2025-04-16"
    assert catalog.find("ft:gpt-4o-2024-05-13:acme::x1", "openai").id == "gpt-4o-2024-05-13"
    assert catalog.find("gpt-4.1-2025-04-14.ft-abc123", "azure").id == "gpt-4.1-2025-04-14"
    # the 2027-01-14 shutdowns and the 2027-01-06 stop stand as they were
    for model_id in (
        "gpt-4o-2024-08-06",
        "gpt-4o-mini-2024-07-18",
        "gpt-4.1-2025-04-14",
        "gpt-4.1-mini-2025-04-14",
    ):
        status = catalog.find(model_id, "openai").status
        assert (status.new_jobs_stop, status.shutdown) == (date(2027, 1, 6), date(2027, 1, 14))
        assert not status.is_shut_down(today)


def test_azure_dates_are_no_earlier_than_dates_with_sources():
    catalog = load_catalog()
    expected = {
        "gpt-4o-2024-08-06": (date(2027, 4, 1), date(2027, 10, 1)),
        "gpt-4o-mini-2024-07-18": (date(2027, 4, 1), date(2027, 10, 1)),
        "gpt-4.1-2025-04-14": (date(2027, 4, 14), date(2027, 10, 14)),
        "gpt-4.1-mini-2025-04-14": (date(2027, 4, 14), date(2027, 10, 14)),
        "o4-mini-2025-04-16": (date(2027, 4, 16), date(2027, 10, 16)),
    }
    for model_id, (training, deployed) in expected.items():
        entry = catalog.find(model_id, "azure")
        status = entry.status
        assert (status.new_jobs_stop, status.shutdown) == (training, deployed)
        assert status.new_jobs_stop_not_before and "Microsoft" in entry.sources["status"]
        # "no earlier than": still trainable on the day itself, with a warning that says so
        if "supervised" in entry.methods:
            assert compatibility(entry, ExampleKind.CHAT, "supervised", today=training).ok
        en, zh = retirement_warning(entry, training)
        assert "no earlier than" in en and training.isoformat() in zh
    assert catalog.find("gpt-oss-20b", "azure") is not None


def test_prices_cite_the_providers_page_and_the_day_checked():
    raw = json.loads(BUNDLED_CATALOG.read_text(encoding="utf-8"))
    for entry in raw["models"]:
        for name in ("training_price_per_1m", "inference_price_per_1m"):
            fact = entry[name]
            if entry["provider"] in ("openai", "azure"):
                assert fact["checked"] == "2026-11-27", (entry["id"], name)
                assert "pricing page" in fact["source"] and "GUIDE" not in fact["source"], (entry["id"], name)


def test_user_copy_overrides_and_adds(tmp_path):
    user = {
        "updated": "2027-02-01",
        "models": [
            {
                "provider": "openai",
                "id": "gpt-4o-mini-2024-07-18",
                "training_price_per_1m": {"value": 2.5, "checked": "2027-02-01", "source": "me"},
                "formats": ["chat"],
                "methods": ["supervised"],
            },
            {"provider": "acme", "id": "acme-7b", "formats": ["chat"], "max_example_tokens": 8192},
        ],
    }
    (tmp_path / "catalog.json").write_text(json.dumps(user), encoding="utf-8")
    catalog = load_catalog(tmp_path)
    assert catalog.find("gpt-4o-mini", "openai").training_price_per_1m == 2.5
    assert catalog.find("gpt-4o-mini", "openai").checked["training_price_per_1m"] == "2027-02-01"
    assert catalog.find("acme-7b").max_example_tokens == 8192
    assert catalog.updated == "2027-02-01"
    assert catalog.find("gpt-4.1", "openai") is not None  # bundled entries stay


def test_broken_user_copy_is_reported_not_fatal(tmp_path):
    path = tmp_path / "catalog.json"
    path.write_text("{ not json", encoding="utf-8")
    catalog = load_catalog(path)
    assert catalog.problems and "catalog.json" in catalog.problems[0]
    assert catalog.find("gpt-4o-mini") is not None


def test_compatibility_format_method_size_and_retirement():
    catalog = load_catalog()
    mini = catalog.find("gpt-4o-mini", "openai")
    davinci = catalog.find("davinci-002", "openai")
    ok, en, zh = compatibility(mini, ExampleKind.CHAT, METHOD_SUPERVISED)
    assert ok and en == "" and zh == ""
    result = compatibility(mini, ExampleKind.PROMPT_COMPLETION, METHOD_SUPERVISED)
    assert not result.ok and "prompt/completion" in result.reason_en and "提示" in result.reason_zh
    assert compatibility(davinci, ExampleKind.PROMPT_COMPLETION).ok
    assert not compatibility(davinci, ExampleKind.CHAT).ok
    assert compatibility(mini, ExampleKind.PREFERENCE, METHOD_DPO).ok
    assert not compatibility(mini, ExampleKind.CHAT, METHOD_DPO).ok
    assert not compatibility(catalog.find("gpt-3.5-turbo", "openai"), ExampleKind.PREFERENCE, METHOD_DPO).ok
    too_long = compatibility(mini, ExampleKind.CHAT, longest_example_tokens=70000)
    assert not too_long.ok and "70,000" in too_long.reason_en
    assert compatibility(mini, ExampleKind.CHAT, today=date(2026, 11, 25)).ok
    late = compatibility(mini, ExampleKind.CHAT, today=date(2027, 1, 6))
    assert not late.ok and "2027-01-06" in late.reason_en and "2027-01-06" in late.reason_zh


def test_retirement_warning_windows():
    mini = load_catalog().find("gpt-4o-mini", "openai")
    assert retirement_warning(mini, date(2026, 6, 1)) is None
    en, zh = retirement_warning(mini, date(2026, 11, 25))
    assert "2027-01-06" in en and "42 days" in en and "42" in zh
    en, _ = retirement_warning(mini, date(2027, 1, 7))
    assert "no longer accepts" in en
    en, _ = retirement_warning(mini, date(2027, 2, 1))
    assert "shut down" in en
    azure = load_catalog().find("gpt-4.1", "azure")
    assert retirement_warning(azure, date(2026, 11, 25)) is None
    assert "no earlier than 2027-04-14" in retirement_warning(azure, date(2027, 3, 1))[0]


def test_local_engine_models_from_plain_dicts():
    models = local_models([{"id": "tiny-llama", "owned_by": "local", "context_length": 2048}])
    assert models[0].provider == "local"
    assert models[0].max_example_tokens == 2048
    assert models[0].training_price_per_1m == 0.0
    assert compatibility(models[0], ExampleKind.CHAT).ok
    full = model_from_dict(
        {"id": "m", "formats": ["chat", "preference"], "methods": ["supervised", "dpo"]}, provider="local"
    )
    assert compatibility(full, ExampleKind.PREFERENCE, METHOD_DPO).ok
    merged = load_catalog().with_models(models)
    assert merged.find("tiny-llama", "local") is models[0]


def test_local_engine_models_train_every_data_kind_as_it_is():
    """The engine trains prompt/completion, chat and preference data on any base: nothing greyed."""
    (engine_item,) = local_models([{"id": "tiny-random", "object": "model", "owned_by": "system"}])
    for kind in ExampleKind:
        assert compatibility(engine_item, kind).ok, kind
    assert compatibility(engine_item, ExampleKind.PREFERENCE, METHOD_DPO).ok
    # Elsewhere an unknown model keeps the conservative default (chat, SFT).
    (other,) = [model_from_dict({"id": "some-model"}, provider="compatible")]
    assert not compatibility(other, ExampleKind.PROMPT_COMPLETION).ok
