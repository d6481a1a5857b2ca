"""The data checks on crafted data sets: every check, both languages, the peer's defect cases."""

from __future__ import annotations

import copy
import json
from datetime import date

import pytest

from desktop.core.catalog import load_catalog
from desktop.core.checks import Analyzer, analyze, histogram
from desktop.core.dataset import Dataset, Example, ExampleKind, Split
from desktop.core.findings import FixId, Severity
from desktop.core.tokens import count_tokens

CATALOG = load_catalog()
MINI = CATALOG.find("gpt-4o-mini", "openai")
DAVINCI = CATALOG.find("davinci-002", "openai")


def pc(prompt: str, completion: str) -> dict:
    return {"prompt": prompt, "completion": completion}


def chat(user: str, assistant: str, system: str | None = "You are helpful.") -> dict:
    messages = [{"role": "system", "content": system}] if system is not None else []
    messages += [{"role": "user", "content": user}, {"role": "assistant", "content": assistant}]
    return {"messages": messages}


def dataset(kind: ExampleKind, records: list, *, raw: bool = False) -> Dataset:
    if raw:
        examples = [
            Example(raw=json.dumps(r, ensure_ascii=False).encode(), source_row=i + 1)
            for i, r in enumerate(records)
        ]
    else:
        examples = [Example(r, i + 1) for i, r in enumerate(records)]
    return Dataset(kind, examples)


def good_pc(n: int = 60) -> list[dict]:
    return [pc(f"Question number {i} about orders\n\n###\n\n", f" Answer {i} is fine. END") for i in range(n)]


def good_chat(n: int = 60) -> list[dict]:
    return [chat(f"Question {i}: where is my order?", f"Answer {i}: it ships tomorrow.") for i in range(n)]


def codes(records: list, kind: ExampleKind = ExampleKind.CHAT, model=None, **kw) -> dict:
    result = analyze(dataset(kind, records), model, parallel=False, **kw)
    return {f.code: f for f in result.findings}


def test_clean_chat_data_has_no_errors_or_warnings():
    result = analyze(dataset(ExampleKind.CHAT, good_chat()), MINI, parallel=False)
    assert not result.blocks_training
    assert not result.warnings, [f.code for f in result.warnings]
    assert result.summary.examples == 60


def test_counts_fewer_than_10_is_an_error_fewer_than_50_a_warning():
    found = codes(good_chat(5))
    assert found["too_few_examples"].severity is Severity.ERROR
    assert "5" in found["too_few_examples"].message_en and "10" in found["too_few_examples"].message_zh
    found = codes(good_chat(20))
    assert found["few_examples"].severity is Severity.WARNING
    assert "too_few_examples" not in found


def test_cookbook_chat_format_errors():
    records = [
        *good_chat(12),
        "not a dict",
        {"nothing": 1},
        {"messages": []},
        {"messages": [{"role": "user"}, {"role": "assistant", "content": "x"}]},
        {"messages": [{"role": "user", "content": "x", "extra": 1}, {"role": "assistant", "content": "y"}]},
        {"messages": [{"role": "robot", "content": "x"}, {"role": "assistant", "content": "y"}]},
        {"messages": [{"role": "user", "content": ""}, {"role": "assistant", "content": "y"}]},
        {"messages": [{"role": "user", "content": "only a question"}]},
        {"messages": [{"role": "assistant", "content": "no user here"}]},
    ]
    found = codes(records)
    first = 12
    assert found["not_a_dict"].rows == [first]
    assert first + 1 in found["unknown_key"].rows and first + 1 in found["missing_messages"].rows
    assert first + 2 in found["missing_messages"].rows
    assert found["message_missing_key"].rows == [first + 3]
    assert (
        found["message_unknown_key"].rows == [first + 4]
        and "extra" in found["message_unknown_key"].message_en
    )
    assert found["unknown_role"].rows == [first + 5] and "robot" in found["unknown_role"].message_en
    assert found["missing_content"].rows == [first + 6]
    assert first + 7 in found["no_assistant"].rows
    assert first + 8 in found["missing_user"].rows
    for code in ("not_a_dict", "missing_messages", "message_missing_key", "unknown_role", "no_assistant"):
        assert found[code].severity is Severity.ERROR
        assert found[code].message("zh_CN") != found[code].message("en")


def test_missing_system_message_is_info_when_others_have_one():
    records = [*good_chat(20), chat("q", "a", system=None)]
    found = codes(records)
    assert found["missing_system"].severity is Severity.INFO
    assert found["missing_system"].rows == [20]


def test_tools_tool_calls_weights_and_multipart_content():
    call = {
        "id": "call_1",
        "type": "function",
        "function": {"name": "weather", "arguments": '{"city": "Paris"}'},
    }
    tools = [{"type": "function", "function": {"name": "weather", "parameters": {"type": "object"}}}]
    ok_tool_use = {
        "messages": [
            {"role": "user", "content": "Weather in Paris?"},
            {"role": "assistant", "tool_calls": [call]},
            {"role": "tool", "tool_call_id": "call_1", "content": "sunny"},
            {"role": "assistant", "content": "Sunny.", "weight": 1},
        ],
        "tools": tools,
    }
    multipart = {
        "messages": [
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "What is this?"},
                    {"type": "image_url", "image_url": {"url": "https://x/y.png"}},
                ],
            },
            {"role": "assistant", "content": "A cat.", "weight": 0},
            {"role": "user", "content": "Sure?"},
            {"role": "assistant", "content": "Yes.", "weight": 1},
        ]
    }
    bad = [
        {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a", "weight": 2}]},
        {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "tool_calls": [{"id": 1}]}]},
        {
            "messages": [
                {"role": "user", "content": "q"},
                {"role": "tool", "tool_call_id": "nope", "content": "x"},
                {"role": "assistant", "content": "a"},
            ]
        },
        {
            "messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}],
            "tools": [{"type": "function"}],
        },
        {
            "messages": [
                {"role": "user", "content": [{"text": "no type"}]},
                {"role": "assistant", "content": "a"},
            ]
        },
        {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a", "weight": 0}]},
    ]
    good = [*good_chat(12), ok_tool_use, multipart]
    assert not analyze(dataset(ExampleKind.CHAT, good), MINI, parallel=False).blocks_training
    found = codes(good + bad)
    base = len(good)
    assert found["bad_weight"].rows == [base]
    assert found["bad_tool_call"].rows == [base + 1]
    assert found["tool_reply_unmatched"].rows == [base + 2]
    assert found["bad_tools"].rows == [base + 3]
    assert found["bad_content_part"].rows == [base + 4]
    assert found["all_weights_zero"].rows == [base + 5]


def test_preference_pairs():
    def pair(q, good, bad, last_role="user"):
        return {
            "input": {
                "messages": [{"role": "user", "content": q}]
                + ([{"role": "assistant", "content": "x"}] if last_role != "user" else [])
            },
            "preferred_output": [{"role": "assistant", "content": good}],
            "non_preferred_output": [{"role": "assistant", "content": bad}],
        }

    records = [pair(f"q{i}", f"good {i}", f"bad {i}") for i in range(12)]
    assert not analyze(dataset(ExampleKind.PREFERENCE, records), MINI, parallel=False).blocks_training
    records += [
        {
            "input": {"messages": []},
            "preferred_output": [{"role": "assistant", "content": "a"}],
            "non_preferred_output": [{"role": "assistant", "content": "b"}],
        },
        {
            "input": {"messages": [{"role": "user", "content": "q"}]},
            "preferred_output": [{"role": "assistant", "content": "a"}],
        },
        pair("q", "same", "same"),
        pair("q", "a", ""),
        pair("q2", "a", "b", last_role="assistant"),
        {
            "input": {"messages": [{"role": "user", "content": "q"}]},
            "preferred_output": [{"role": "user", "content": "a"}],
            "non_preferred_output": [{"role": "assistant", "content": "b"}],
        },
    ]
    found = codes(records, ExampleKind.PREFERENCE)
    assert found["dpo_missing_input"].rows == [12]
    assert found["dpo_missing_output"].rows == [13]
    assert found["dpo_identical_outputs"].rows == [14]
    assert found["dpo_empty_output"].rows == [15]
    assert found["dpo_input_not_user_last"].rows == [16]
    assert found["dpo_output_not_assistant"].rows == [17]
    result = analyze(dataset(ExampleKind.PREFERENCE, records[:12]), MINI, parallel=False)
    assert result.summary.tokens_per_example[0] > 0


def test_prompt_completion_peer_checks():
    records = [pc(f"Classify: item {i}", ["positive", "negative"][i % 2]) for i in range(60)]
    found = codes(records, ExampleKind.PROMPT_COMPLETION)
    assert "looks_like_classification" in found
    assert found["no_prompt_separator"].fix is FixId.ADD_SEPARATOR
    assert found["no_prompt_separator"].params["separator"] == " ->"  # no newline in the prompts
    assert found["common_prompt_prefix"].params["prefix"] == "Classify: item "
    assert found["completion_leading_space"].fix is FixId.ADD_LEADING_SPACE
    assert "no_completion_ending" not in found  # not for classification, as the peer
    # conditional generation: ending advice, completion prefix, separator found
    records = [
        pc(f"Text about topic {i}\n\n###\n\n", f" Summary: point {i} and more {i * 7}") for i in range(60)
    ]
    found = codes(records, ExampleKind.PROMPT_COMPLETION)
    assert found["prompt_separator"].severity is Severity.INFO
    assert found["prompt_separator"].params["separator"] == "\n\n###\n\n"
    assert found["common_completion_prefix"].params["prefix"].startswith(" Summary: point ")
    assert found["no_completion_ending"].params["ending"] == "\n"
    assert "completion_leading_space" not in found


def test_prompt_completion_identical_and_empty_and_columns():
    records = [pc("same prompt", f" answer {i}") for i in range(20)]
    assert codes(records, ExampleKind.PROMPT_COMPLETION)["identical_prompts"].severity is Severity.ERROR
    records = [pc(f"prompt {i}", " same answer") for i in range(3)] * 1 + [
        pc(f"prompt {i}", " same answer") for i in range(3, 20)
    ]
    found = codes(records, ExampleKind.PROMPT_COMPLETION)
    assert "identical_completions" in found or "looks_like_classification" in found
    records = [
        *good_pc(20),
        pc("p", ""),
        pc("", " c"),
        {"Prompt": "x", "completion": " y"},
        {"prompt": "x"},
        {"prompt": "a", "completion": " b", "id": 7},
    ]
    found = codes(records, ExampleKind.PROMPT_COMPLETION)
    assert found["empty_completion"].rows == [20, 23]
    assert (
        found["empty_completion"].severity is Severity.ERROR
        and found["empty_completion"].fix is FixId.REMOVE_EMPTY
    )
    assert found["empty_prompt"].rows == [21, 22]
    assert found["column_case"].rows == [22] and "Prompt" in found["column_case"].message_en
    assert found["missing_column"].rows == [23]
    assert found["extra_keys"].rows == [24]


def test_uppercase_check():
    records = [
        pc(f"WHAT IS THE STATUS OF ORDER {i}?\n\n###\n\n", f" It ships on day {i}. END") for i in range(30)
    ]
    found = codes(records, ExampleKind.PROMPT_COMPLETION)
    assert found["uppercase_prompt"].fix is FixId.LOWERCASE
    assert "uppercase_completion" not in found


@pytest.mark.parametrize("order", ["empty_first", "long_first"])
def test_long_and_empty_rows_in_both_orders_name_the_right_rows(order):
    """The peer crashed (KeyError '[4] not found in axis') or deleted the wrong row here."""
    long_text = "word " * 20000
    records = good_pc(20)
    extra = [pc("empty completion", ""), pc("long one\n\n###\n\n", " " + long_text + " END")]
    if order == "long_first":
        extra.reverse()
    records[3:3] = extra
    result = analyze(dataset(ExampleKind.PROMPT_COMPLETION, records), DAVINCI, parallel=False)
    found = {f.code: f for f in result.findings}
    empty_row = records.index(extra[0] if order == "empty_first" else extra[1])
    long_row = records.index(extra[1] if order == "empty_first" else extra[0])
    assert found["empty_completion"].rows == [empty_row]
    assert found["over_token_limit"].rows == [long_row]
    assert found["over_token_limit"].severity is Severity.ERROR
    assert result.summary.tokens_per_example[long_row] > DAVINCI.max_example_tokens


def test_exact_token_counts_in_summary_and_no_model_long_info():
    records = good_chat(12)
    result = analyze(dataset(ExampleKind.CHAT, records), MINI, parallel=False)
    enc = "o200k_base"
    expected = (
        3 * 3
        + 3
        + sum(
            count_tokens(t, enc)
            for t in (
                "system",
                "You are helpful.",
                "user",
                records[0]["messages"][1]["content"],
                "assistant",
                records[0]["messages"][2]["content"],
            )
        )
    )
    assert result.summary.tokens_per_example[0] == expected
    assert result.summary.total_tokens == sum(result.summary.tokens_per_example)
    assert sum(b.count for b in result.summary.histogram) == 12
    long_record = chat("x " * 20000, "y")
    found = codes([*good_chat(12), long_record])
    assert found["long_examples"].severity is Severity.INFO and found["long_examples"].rows == [12]


def test_whitespace_line_endings_control_characters_and_unicode():
    records = good_chat(20)
    records[2] = chat("  padded question ", "answer")
    records[3] = chat("line one\r\nline two", "answer")
    records[4] = chat("line one\nline two", "answer")
    records[5] = chat("bell\x07 inside", "answer")
    records[6] = chat("broken \ud800 surrogate", "answer")
    records[7] = chat("mojibake \ufffd here", "answer")
    found = codes(records)
    assert found["whitespace_edges"].rows == [2] and found["whitespace_edges"].fix is FixId.TRIM_WHITESPACE
    assert (
        found["mixed_line_endings"].rows == [3]
        and found["mixed_line_endings"].fix is FixId.NORMALISE_LINE_ENDINGS
    )
    assert found["control_characters"].rows == [5]
    assert found["invalid_unicode"].rows == [6] and found["invalid_unicode"].severity is Severity.ERROR
    assert found["replacement_characters"].rows == [7]
    # consistent Windows endings everywhere are fine
    same = [chat(f"q {i}\r\nmore", f"a {i}") for i in range(20)]
    assert "mixed_line_endings" not in codes(same)


def test_prompt_completion_whitespace_respects_separator_and_leading_space():
    records = good_pc(20)  # prompts end with "\n\n###\n\n", completions start with one space
    assert "whitespace_edges" not in codes(records, ExampleKind.PROMPT_COMPLETION)
    records[1] = pc("  leading", "  two spaces")
    assert codes(records, ExampleKind.PROMPT_COMPLETION)["whitespace_edges"].rows == [1]


def test_inconsistent_system_prompts():
    records = good_chat(20)
    records[4] = chat("q", "a", system="You are a pirate.")
    found = codes(records)
    assert found["inconsistent_system_prompts"].rows == [4]
    assert found["inconsistent_system_prompts"].params["common_system"] == "You are helpful."
    # all different on purpose: no finding
    varied = [chat(f"q{i}", f"a{i}", system=f"Persona {i}") for i in range(20)]
    assert "inconsistent_system_prompts" not in codes(varied)


def test_duplicates_and_near_duplicates():
    records = good_chat(20)
    records[5] = records[1]
    records[6] = chat("QUESTION 2:   where is my order", "answer 2: it ships tomorrow")
    records[7] = chat("", "")
    records[8] = chat("", "")  # empty rows are reported as empty, not as duplicates
    found = codes(records)
    assert found["duplicates"].rows == [5] and found["duplicates"].fix is FixId.REMOVE_DUPLICATES
    assert found["near_duplicates"].rows == [6]
    assert found["empty_examples"].rows == [7, 8]


def test_secrets_and_personal_data_are_flagged():
    records = good_chat(20)
    records[1] = chat("my key is sk-proj-abcdefghijklmnopqrstuvwxyz123456", "ok")
    records[2] = chat("mail me at li.wei+ft@example.com.cn", "ok")
    records[3] = chat("打电话给我 13812345678 好吗", "ok")
    records[4] = chat("call +44 20 7946 0958 now", "ok")
    records[5] = chat("order 123456789012345 shipped", "ok")  # a long number is not a phone
    records[6] = chat("AWS AKIAABCDEFGHIJKLMNOP", "ok")
    found = codes(records)
    assert found["secrets"].rows == [1, 6]
    assert "OpenAI API key" in found["secrets"].message_en and "AWS" in found["secrets"].message_en
    assert found["personal_data"].rows == [2, 3, 4]
    assert "电子邮件" in found["personal_data"].message_zh


def test_model_compatibility_retirement_and_split():
    records = good_pc(120)
    found = codes(records, ExampleKind.PROMPT_COMPLETION, model=MINI, today=date(2026, 11, 25))
    assert found["incompatible_model"].fix is FixId.TO_CHAT
    assert "common_completion_prefix" not in found  # legacy advice is noise for a chat model
    assert "common_completion_prefix" in codes(records, ExampleKind.PROMPT_COMPLETION, model=DAVINCI)
    assert found["no_validation_split"].fix is FixId.SPLIT_VALIDATION
    found = codes(good_chat(120), model=MINI, today=date(2026, 11, 25))
    assert found["model_retiring"].severity is Severity.WARNING
    assert "incompatible_model" not in found
    found = codes(good_chat(20), model=DAVINCI)
    assert found["incompatible_model"].fix is FixId.TO_PROMPT_COMPLETION
    ds = dataset(ExampleKind.CHAT, good_chat(20))
    for e in ds.examples:
        e.split = Split.VALIDATION
    assert analyze(ds, parallel=False).by_code("no_training_examples").severity is Severity.ERROR


def test_summary_estimate_uses_training_split_and_cookbook_epochs():
    ds = dataset(ExampleKind.CHAT, good_chat(20))
    ds.examples[0].split = Split.VALIDATION
    result = analyze(ds, MINI, parallel=False)
    estimate = result.summary.estimate
    assert result.summary.train_examples == 19 and result.summary.validation_examples == 1
    assert estimate.examples == 19
    assert estimate.epochs == 5  # 100 // 19
    assert estimate.billed_tokens == 5 * sum(result.summary.tokens_per_example[1:])
    assert estimate.cost_usd == pytest.approx(estimate.billed_tokens / 1e6 * 3.0)


def test_raw_examples_are_read_without_being_kept():
    ds = dataset(ExampleKind.CHAT, good_chat(15), raw=True)
    result = analyze(ds, MINI, parallel=False)
    assert not result.blocks_training
    assert not any(e.is_parsed for e in ds.examples)


def test_incremental_update_rechecks_only_changed_rows():
    ds = dataset(ExampleKind.CHAT, good_chat(30))
    analyzer = Analyzer(MINI, parallel=False)
    first = analyzer.analyze(ds)
    assert not first.blocks_training
    ds.examples[3].record["messages"][2]["content"] = ""
    second = analyzer.update(ds, [3])
    assert second.by_code("missing_content").rows == [3]
    # an insertion and a removal shift rows: findings follow the examples
    ds.examples.insert(0, Example(chat("fresh", "new")))
    third = analyzer.update(ds, [0])
    assert third.by_code("missing_content").rows == [4]
    del ds.examples[4]
    fourth = analyzer.update(ds, [])
    assert fourth.by_code("missing_content") is None
    assert fourth.summary.examples == 30
    assert fourth.summary.tokens_per_example == analyze(ds, MINI, parallel=False).summary.tokens_per_example


def test_progress_and_cancel():
    seen = []
    analyze(dataset(ExampleKind.CHAT, good_chat(12)), progress=seen.append, parallel=False)
    assert seen[0] == 0.0 and seen[-1] == 1.0

    class Stop(Exception):
        pass

    class Cancel:
        def raise_if_cancelled(self):
            raise Stop

    with pytest.raises(Stop):
        analyze(dataset(ExampleKind.CHAT, good_chat(12)), cancel=Cancel(), parallel=False)


def test_histogram_bins_cover_all_values():
    bins = histogram([0, 1, 5, 99, 100], bins=4)
    assert [b.count for b in bins] == [3, 0, 0, 2] or sum(b.count for b in bins) == 5
    assert bins[0].start == 0 and bins[-1].end > 100
    assert histogram([]) == []


def test_plain_and_general_chat_rows_agree():
    """Plain rows take a fast path; a row with a weight takes the general one: same facts."""
    records = good_chat(12)
    weighted = copy.deepcopy(records[0])
    weighted["messages"][2]["weight"] = 1
    blank = chat("", "answer")
    blank_weighted = copy.deepcopy(blank)
    blank_weighted["messages"][2]["weight"] = 1
    result = analyze(dataset(ExampleKind.CHAT, [*records, weighted, blank, blank_weighted]), parallel=False)
    assert result.by_code("duplicates").rows == [12, 14]
    tokens = result.summary.tokens_per_example
    assert tokens[12] == tokens[0] and tokens[14] == tokens[13]
    assert result.by_code("missing_content").rows == [13, 14]


def test_unit_separator_inside_a_text_keeps_rows_right():
    """The scans join texts with U+001F; a text holding one must not shift the rows found."""
    records = good_chat(20)
    records[3] = chat("odd \x1f separator", "x")
    records[9] = chat("write to a.b@example.org", "ok")
    records[12] = chat("  padded", "ok")
    found = codes(records)
    assert found["control_characters"].rows == [3]
    assert found["personal_data"].rows == [9]
    assert found["whitespace_edges"].rows == [12]
