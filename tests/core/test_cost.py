"""The cost estimate: the cookbook's epoch rule, billed tokens, prices and stated assumptions."""

from __future__ import annotations

import pytest

from desktop.core.catalog import load_catalog, model_from_dict
from desktop.core.cost import estimate_cost, format_duration, resolve_epochs


@pytest.mark.parametrize(
    ("examples", "expected"),
    [(10, 10), (20, 5), (33, 3), (34, 3), (1000, 3), (8333, 3), (8334, 2), (12500, 2), (30000, 1), (2, 25)],
)
def test_auto_epochs_follow_the_cookbook(examples, expected):
    assert resolve_epochs(examples) == expected
    assert resolve_epochs(examples, "auto") == expected


def test_explicit_epochs_win():
    assert resolve_epochs(1000, 7) == 7
    assert resolve_epochs(1000, "4") == 4
    assert resolve_epochs(0) == 3


def test_billed_tokens_cap_each_example_at_the_limit_and_price_applies():
    mini = load_catalog().find("gpt-4o-mini", "openai")
    tokens = [100] * 99 + [70_000]
    estimate = estimate_cost(tokens, mini)
    assert estimate.epochs == 3 and estimate.epochs_auto
    assert estimate.dataset_tokens == 9_900 + 70_000
    assert estimate.billed_tokens_per_epoch == 9_900 + 65_536
    assert estimate.billed_tokens == 3 * (9_900 + 65_536)
    assert estimate.cost_usd == pytest.approx(estimate.billed_tokens / 1e6 * 3.0)
    assert estimate.seconds_low < estimate.seconds_high
    assert "$" in estimate.message("en") and "轮" in estimate.message("zh_CN")
    assert "25,000" in estimate.heuristic_en and "25,000" in estimate.heuristic_zh
    assert "tokens per second" in estimate.assumptions_en


def test_unknown_price_and_local_model():
    azure = load_catalog().find("gpt-4.1", "azure")
    estimate = estimate_cost([500] * 50, azure, 2)
    assert estimate.cost_usd is None and not estimate.epochs_auto
    assert "price unknown" in estimate.message("en") and "价格未知" in estimate.message("zh_CN")
    local = model_from_dict({"id": "tiny"}, provider="local")
    estimate = estimate_cost([500] * 50, local, tokens_per_second=1000)
    assert estimate.cost_usd == 0.0
    assert "this computer" in estimate.assumptions_en and "本机" in estimate.assumptions_zh
    no_model = estimate_cost([10, 20])
    assert no_model.cost_usd is None and no_model.billed_tokens == 25 * 30


def test_format_duration():
    assert format_duration(30) == "30 s"
    assert format_duration(600) == "10 min"
    assert format_duration(3 * 3600) == "3.0 h"
    assert format_duration(600, zh=True) == "10 分钟"


def test_estimate_for_another_model_without_checking_again():
    from desktop.core.checks import analyze, estimate_for
    from desktop.core.dataset import Dataset, Example, ExampleKind, Split

    records = [
        {"messages": [{"role": "user", "content": f"q{i}"}, {"role": "assistant", "content": f"a{i}"}]}
        for i in range(40)
    ]
    dataset = Dataset(ExampleKind.CHAT, [Example(r) for r in records])
    dataset.examples[0].split = Split.VALIDATION
    analysis = analyze(dataset, parallel=False)
    nano = load_catalog().find("gpt-4.1-nano", "openai")
    estimate = estimate_for(analysis, dataset, nano, 4)
    assert estimate.examples == 39 and estimate.epochs == 4
    assert estimate.billed_tokens == 4 * sum(analysis.summary.tokens_per_example[1:])
    assert estimate.cost_usd == pytest.approx(estimate.billed_tokens / 1e6 * 1.5)
