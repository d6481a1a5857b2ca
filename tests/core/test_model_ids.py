"""The one parser for model ids, on every form the providers write (ids taken from the other tests)."""

from __future__ import annotations

import pytest

from desktop.core.catalog import load_catalog
from desktop.core.model_ids import IdForm, ModelId, is_fine_tuned, parse_model_id
from desktop.core.tokens import base_model_id, encoding_for_model


def test_openai_fine_tuned_model_with_a_suffix() -> None:
    parsed = parse_model_id("ft:gpt-4o-mini-2024-07-18:my-org:custom-suffix:9ABel2dg")
    assert parsed == ModelId(
        "ft:gpt-4o-mini-2024-07-18:my-org:custom-suffix:9ABel2dg",
        IdForm.OPENAI,
        base="gpt-4o-mini-2024-07-18",
        organisation="my-org",
        suffix="custom-suffix",
        unique="9ABel2dg",
    )
    assert parsed.fine_tuned and not parsed.is_checkpoint and not parsed.is_local


def test_openai_fine_tuned_model_without_a_suffix() -> None:
    parsed = parse_model_id("ft:gpt-4o-mini-2024-07-18:acme::abc123")
    assert (parsed.form, parsed.base) == (IdForm.OPENAI, "gpt-4o-mini-2024-07-18")
    assert parsed.organisation == "acme"
    assert (parsed.suffix, parsed.unique) == ("", "abc123")
    assert parsed.fine_tuned and not parsed.is_local


def test_short_openai_ids_keep_what_can_be_read() -> None:
    # Fewer than five parts: the base is known, the suffix and the id are not.
    parsed = parse_model_id("ft:tiny-random:a")
    assert (parsed.form, parsed.base, parsed.organisation, parsed.suffix, parsed.unique) == (
        IdForm.OPENAI,
        "tiny-random",
        "a",
        "",
        "",
    )
    assert parse_model_id("ft:tiny-random:").base == "tiny-random"
    assert parse_model_id("ft:").base == ""
    assert parse_model_id("ft:").fine_tuned


def test_openai_checkpoint() -> None:
    parsed = parse_model_id("ft:gpt-4o-mini-2024-07-18:o:mini:1:ckpt-step-80")
    assert parsed.is_checkpoint and parsed.fine_tuned
    assert parsed.checkpoint == "ckpt-step-80"
    assert (parsed.base, parsed.suffix, parsed.unique) == ("gpt-4o-mini-2024-07-18", "mini", "1")
    assert parsed.text == "ft:gpt-4o-mini-2024-07-18:o:mini:1:ckpt-step-80"
    assert parse_model_id("ft:tiny:x::job:ckpt-step-10").checkpoint == "ckpt-step-10"


def test_local_engine_models_checkpoints_and_imports() -> None:
    trained = parse_model_id("ft:tiny-random:local:demo:ftjob-1")
    assert trained.is_local and trained.fine_tuned
    assert (trained.base, trained.organisation, trained.suffix, trained.unique) == (
        "tiny-random",
        "local",
        "demo",
        "ftjob-1",
    )
    assert parse_model_id("ft:tiny-random:local::ftjob-gone").is_local
    assert parse_model_id("ft:tiny-random:local:moved:ftimp-1a2b").unique == "ftimp-1a2b"
    checkpoint = parse_model_id("ft:tiny-random:local:seed:ftjob-a:ckpt-step-10")
    assert checkpoint.is_local and checkpoint.is_checkpoint
    # Another organisation, or too few parts, is not the local engine's.
    assert not parse_model_id("ft:tiny-random:nobody::missing").is_local
    assert not parse_model_id("ft:tiny-random:local").is_local
    assert not parse_model_id("tiny-random").is_local


def test_azure_fine_tuned_models_and_checkpoints() -> None:
    parsed = parse_model_id("gpt-4o-mini-2024-07-18.ft-abc")
    assert (parsed.form, parsed.base, parsed.unique, parsed.suffix) == (
        IdForm.AZURE,
        "gpt-4o-mini-2024-07-18",
        "abc",
        "",
    )
    assert parsed.fine_tuned and not parsed.is_local
    with_suffix = parse_model_id("gpt-4.1-2025-04-14.ft-0123456789abcdef-support-bot")
    assert (with_suffix.base, with_suffix.unique, with_suffix.suffix) == (
        "gpt-4.1-2025-04-14",
        "0123456789abcdef",
        "support-bot",
    )
    checkpoint = parse_model_id("gpt-4.1-2025-04-14.ft-0123456789abcdef0:ckpt-step-1")
    assert checkpoint.form is IdForm.AZURE and checkpoint.is_checkpoint
    assert (checkpoint.base, checkpoint.unique) == ("gpt-4.1-2025-04-14", "0123456789abcdef0")


def test_legacy_openai_names() -> None:
    parsed = parse_model_id("curie:ft-personal-2022-02-15-04-21-04")
    assert (parsed.form, parsed.base) == (IdForm.LEGACY, "curie")
    assert parsed.fine_tuned and not parsed.is_checkpoint
    assert parse_model_id("ft-AbC123").form is IdForm.LEGACY
    assert parse_model_id("ft-AbC123").base == ""


@pytest.mark.parametrize(
    "model_id",
    ["gpt-4o-mini-2024-07-18", "gpt-4.1-mini", "babbage-002", "tiny-random", "Qwen/Qwen2.5-0.5B", ""],
)
def test_base_models(model_id: str) -> None:
    parsed = parse_model_id(model_id)
    assert parsed == ModelId(model_id, IdForm.BASE, base=model_id)
    assert not parsed.fine_tuned and not is_fine_tuned(model_id)


def test_is_fine_tuned_covers_every_form() -> None:
    for model_id in (
        "ft:gpt-4.1-mini:org::abc",
        "ft:tiny-random:local:demo:ftjob-1",
        "gpt-4.1-2025-04-14.ft-abc",
        "curie:ft-personal-2022-02-15-04-21-04",
        "ft-AbC123",
    ):
        assert is_fine_tuned(model_id), model_id


def test_the_users_of_the_parser_agree() -> None:
    # The token counter and the catalog find a fine-tuned model's base through the parser.
    assert base_model_id(" ft:gpt-4o-mini-2024-07-18:org::abc ") == "gpt-4o-mini-2024-07-18"
    assert base_model_id("gpt-4.1-2025-04-14.ft-abc123") == "gpt-4.1-2025-04-14"
    assert encoding_for_model("ft:babbage-002:acme::x1") == "cl100k_base"
    catalog = load_catalog()
    found = catalog.find("gpt-4.1-2025-04-14.ft-abc123", "azure")
    assert found is not None and found.id == "gpt-4.1-2025-04-14"
