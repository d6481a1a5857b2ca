"""Every fix on crafted data: preview, apply (a new list, the input unchanged), and the checks after."""

from __future__ import annotations

import copy
import re

import pytest

from desktop.core.catalog import load_catalog
from desktop.core.checks import analyze
from desktop.core.dataset import Dataset, Example, ExampleKind, Split
from desktop.core.findings import FixId
from desktop.core.fixes import (
    FIX_SPECS,
    alternative_fix,
    apply_fixes,
    fix_for_finding,
    fix_spec,
    get_fix,
    recommended_fixes,
)
from desktop.core.tokens import count_tokens, example_tokens

CATALOG = load_catalog()
MINI = CATALOG.find("gpt-4o-mini", "openai")
DAVINCI = CATALOG.find("davinci-002", "openai")


def pc(prompt, completion):
    return {"prompt": prompt, "completion": completion}


def chat(user, assistant, system="You are helpful."):
    messages = [{"role": "system", "content": system}] if system else []
    return {
        "messages": [
            *messages,
            {"role": "user", "content": user},
            {"role": "assistant", "content": assistant},
        ]
    }


def ds(kind, records):
    return Dataset(kind, [Example(copy.deepcopy(r), i + 1) for i, r in enumerate(records)])


def snapshot(dataset):
    return [(e.peek(), e.split) for e in dataset.examples]


def run(fix, dataset):
    """Apply ``fix``; check the input is untouched and the preview agrees with the result."""
    before = snapshot(dataset)
    preview = fix.preview(dataset, limit=3)
    examples = fix.apply(dataset)
    assert snapshot(dataset) == before, "a fix must not change the data set it is given"
    assert len(preview.before) == len(preview.after) == min(3, preview.rows_touched)
    assert preview.summary("en") and preview.summary("zh_CN") != preview.summary("en")
    assert fix.title("zh_CN") and fix.description("en")
    return Dataset(fix.result_kind(dataset.kind), examples), preview


def test_remove_empty_rows_chat_and_prompt_completion():
    records = [chat(f"q{i}", f"a{i}") for i in range(12)]
    records[3] = chat("", "")
    records[5] = {"messages": [{"role": "user", "content": "no answer"}]}
    data = ds(ExampleKind.CHAT, records)
    fixed, preview = run(get_fix(FixId.REMOVE_EMPTY), data)
    assert preview.rows_touched == 2 and preview.rows == [3, 5] and preview.after == [None, None]
    assert len(fixed) == 10
    assert fixed.examples[3] is data.examples[4]  # unchanged rows are the same objects
    assert analyze(fixed, parallel=False).by_code("empty_examples") is None
    records = [pc(f"p{i}", f" c{i}") for i in range(12)] + [pc("p", ""), pc("", " c")]
    data = ds(ExampleKind.PROMPT_COMPLETION, records)
    fixed, _ = run(get_fix(FixId.REMOVE_EMPTY), data)
    assert len(fixed) == 13  # an empty prompt is kept (open-ended generation) ...
    finding = analyze(data, parallel=False).by_code("empty_prompt")
    fixed, _ = run(fix_for_finding(finding), data)
    assert len(fixed) == 12  # ... unless the empty-prompt finding's fix is chosen


def test_remove_duplicates_and_near_duplicates_keep_the_first():
    records = [chat(f"q{i}", f"a{i}") for i in range(12)]
    records[4] = records[1]
    records[6] = chat("Q2 ", "A2!")
    data = ds(ExampleKind.CHAT, records)
    fixed, preview = run(get_fix(FixId.REMOVE_DUPLICATES), data)
    assert preview.rows == [4] and len(fixed) == 11
    fixed, preview = run(get_fix(FixId.REMOVE_NEAR_DUPLICATES), data)
    assert preview.rows == [4, 6]
    assert fixed.examples[2].peek() == records[2]


def test_trim_whitespace_line_endings_and_control_characters():
    records = [chat(f"q{i}", f"a{i}") for i in range(12)]
    records[1] = chat("  padded \n", "answer ")
    records[2] = chat("a\r\nb\rc", "x")
    records[3] = chat("bell\x07 and \ud800", "y")
    data = ds(ExampleKind.CHAT, records)
    fixed, preview = run(get_fix(FixId.TRIM_WHITESPACE), data)
    assert preview.rows == [1]
    assert fixed.examples[1].peek()["messages"][1]["content"] == "padded"
    assert fixed.examples[1].peek()["messages"][2]["content"] == "answer"
    fixed, _ = run(get_fix(FixId.NORMALISE_LINE_ENDINGS), data)
    assert fixed.examples[2].peek()["messages"][1]["content"] == "a\nb\nc"
    fixed, _ = run(get_fix(FixId.REMOVE_CONTROL_CHARACTERS), data)
    assert fixed.examples[3].peek()["messages"][1]["content"] == "bell and \ufffd"
    found = analyze(fixed, parallel=False).codes()
    assert "control_characters" not in found and "invalid_unicode" not in found


def test_trim_keeps_legacy_separator_and_single_leading_space():
    data = ds(ExampleKind.PROMPT_COMPLETION, [pc("  question\n\n###\n\n", "   answer END")])
    fixed, _ = run(get_fix(FixId.TRIM_WHITESPACE), data)
    assert fixed.examples[0].peek() == pc("question\n\n###\n\n", " answer END")


def test_convert_to_chat_with_system_prompt_and_back():
    records = [pc(f"Question {i}\n\n###\n\n", f" Answer {i} END") for i in range(12)]
    data = ds(ExampleKind.PROMPT_COMPLETION, records)
    fix = get_fix(FixId.TO_CHAT, system_prompt="Be brief.")
    assert fix.result_kind(ExampleKind.PROMPT_COMPLETION) is ExampleKind.CHAT
    assert fix.apply_to_kind(ExampleKind.PROMPT_COMPLETION) is ExampleKind.CHAT
    fixed, preview = run(fix, data)
    assert preview.kind_after is ExampleKind.CHAT and preview.rows_touched == 12
    assert fixed.kind is ExampleKind.CHAT
    assert fixed.examples[0].peek() == chat("Question 0", "Answer 0", system="Be brief.")
    assert fixed.examples[0].source_row == 1
    assert not analyze(fixed, MINI, parallel=False).blocks_training
    back, _ = run(get_fix(FixId.TO_PROMPT_COMPLETION, separator="\n\n###\n\n", ending=" END"), fixed)
    assert back.kind is ExampleKind.PROMPT_COMPLETION
    assert back.examples[0].peek() == pc("System: Be brief.\nUser: Question 0\n\n###\n\n", " Answer 0 END")
    plain = Dataset(ExampleKind.CHAT, [Example(chat("Hi", "Hello", system=None))])
    converted = get_fix(FixId.TO_PROMPT_COMPLETION).apply(plain)
    assert converted[0].peek() == pc("Hi\n\n###\n\n", " Hello END")


def test_separator_ending_leading_space_prefixes_and_lowercase():
    records = [pc(f"Classify: item number {i}", f"label{i % 3}") for i in range(30)]
    data = ds(ExampleKind.PROMPT_COMPLETION, records)
    found = {f.code: f for f in analyze(data, parallel=False).findings}
    fixed, _ = run(fix_for_finding(found["no_prompt_separator"]), data)
    assert fixed.examples[0].peek()["prompt"] == "Classify: item number 0 ->"
    assert run(get_fix(FixId.REMOVE_SEPARATOR, separator=" ->"), fixed)[0].examples[0].peek() == records[0]
    fixed, _ = run(fix_for_finding(found["completion_leading_space"]), data)
    assert fixed.examples[0].peek()["completion"] == " label0"
    fixed, _ = run(fix_for_finding(found["common_prompt_prefix"]), data)
    assert fixed.examples[0].peek()["prompt"] == "0"
    fixed, _ = run(get_fix(FixId.ADD_ENDING, ending="\n"), data)
    assert fixed.examples[0].peek()["completion"] == "label0\n"
    assert run(get_fix(FixId.REMOVE_ENDING, ending="\n"), fixed)[0].examples[0].peek() == records[0]
    prefixed = ds(ExampleKind.PROMPT_COMPLETION, [pc(f"p{i}", f" Answer: thing {i}") for i in range(3)])
    fixed, _ = run(get_fix(FixId.REMOVE_COMPLETION_PREFIX, prefix=" Answer: "), prefixed)
    assert fixed.examples[1].peek()["completion"] == " thing 1"
    fixed, _ = run(
        get_fix(FixId.LOWERCASE, column="prompt"), ds(ExampleKind.PROMPT_COMPLETION, [pc("ABC", "DEF")])
    )
    assert fixed.examples[0].peek() == pc("abc", "DEF")


@pytest.mark.parametrize("order", ["empty_first", "long_first"])
def test_drop_long_removes_exactly_the_long_row_in_both_orders(order):
    """The peer dropped the wrong row when an empty row came before the long one."""
    records = [pc(f"p{i}\n\n###\n\n", f" c{i} END") for i in range(20)]
    extra = [pc("empty", ""), pc("long\n\n###\n\n", " " + "word " * 20000 + "END")]
    if order == "long_first":
        extra.reverse()
    records[2:2] = extra
    data = ds(ExampleKind.PROMPT_COMPLETION, records)
    analysis = analyze(data, DAVINCI, parallel=False)
    fixes = recommended_fixes(analysis)
    assert [f.id for f in fixes][:1] == [FixId.REMOVE_EMPTY] and FixId.DROP_LONG in [f.id for f in fixes]
    fixed = apply_fixes(data, fixes)
    texts = [e.peek()["prompt"] for e in fixed.examples]
    assert "long\n\n###\n\n" not in texts and "empty" not in texts
    assert len(fixed) == 20
    assert not analyze(fixed, DAVINCI, parallel=False).blocks_training


def test_truncate_long_fits_the_limit_and_keeps_the_answer():
    long_user = "这是一个很长的问题。" * 3000
    data = ds(ExampleKind.CHAT, [chat(long_user, "The answer stays whole.")])
    fix = get_fix(FixId.TRUNCATE_LONG, limit=500, encoding="o200k_base")
    fixed, preview = run(fix, data)
    record = fixed.examples[0].peek()
    assert example_tokens(record, ExampleKind.CHAT, "o200k_base") <= 500
    assert record["messages"][2]["content"] == "The answer stays whole."
    assert long_user.startswith(record["messages"][1]["content"])
    assert preview.rows_touched == 1
    finding = analyze(
        data, MINI.__class__(**{**MINI.__dict__, "max_example_tokens": 500}), parallel=False
    ).by_code("over_token_limit")
    assert alternative_fix(finding, encoding="o200k_base").id is FixId.TRUNCATE_LONG
    assert count_tokens(record["messages"][1]["content"], "o200k_base") < 500


def test_split_validation_is_seeded_and_shown_in_split():
    data = ds(ExampleKind.CHAT, [chat(f"q{i}", f"a{i}") for i in range(100)])
    fixed, preview = run(get_fix(FixId.SPLIT_VALIDATION, fraction=0.2, seed=7), data)
    assert sum(e.split is Split.VALIDATION for e in fixed.examples) == 20
    assert preview.rows_touched == 20
    again = get_fix(FixId.SPLIT_VALIDATION, fraction=0.2, seed=7).apply(data)
    assert [e.split for e in again] == [e.split for e in fixed.examples]
    other = get_fix(FixId.SPLIT_VALIDATION, fraction=0.2, seed=8).apply(data)
    assert [e.split for e in other] != [e.split for e in fixed.examples]
    assert analyze(fixed, parallel=False).summary.validation_examples == 20


def test_recommended_fixes_skip_opinionated_ones_and_can_be_declined():
    records = [pc(f"Question {i}", f"answer {i}") for i in range(120)]
    records[3] = pc("  padded", " x")
    records[4] = records[5]
    data = ds(ExampleKind.PROMPT_COMPLETION, records)
    analysis = analyze(data, parallel=False)
    ids = [f.id for f in recommended_fixes(analysis)]
    assert ids == [FixId.TRIM_WHITESPACE, FixId.REMOVE_DUPLICATES, FixId.SPLIT_VALIDATION]
    assert FixId.ADD_SEPARATOR not in ids and FixId.LOWERCASE not in ids
    kept = [f for f in recommended_fixes(analysis) if f.id is not FixId.SPLIT_VALIDATION]
    fixed = apply_fixes(data, kept)
    assert len(fixed) == 119 and all(e.split is Split.TRAIN for e in fixed.examples)


def test_unknown_fix_id_is_refused():
    with pytest.raises(ValueError):
        get_fix("no_such_fix")


def test_every_fix_is_in_the_table_with_its_names_in_both_languages():
    assert set(FIX_SPECS) == set(FixId)
    for fix_id, spec in FIX_SPECS.items():
        assert spec.id is fix_id and fix_spec(fix_id.value) is spec
        assert spec.name("en") == spec.name_en and spec.name("zh_CN") == spec.name_zh
        # The Chinese UI shows these names: no English word in them.
        assert spec.name_en and spec.name_zh and not re.search("[A-Za-z]", spec.name_zh), fix_id
        fix = get_fix(fix_id)
        assert fix.id is fix_id and fix.kinds == spec.kinds


def test_a_fix_leaves_data_of_other_kinds_alone():
    conversation = ds(ExampleKind.CHAT, [chat("HELLO", "WORLD")])
    for fix_id, spec in FIX_SPECS.items():
        if ExampleKind.CHAT in spec.kinds:
            continue
        fix = get_fix(fix_id, separator=" ->", ending=" END", prefix="H", column="prompt")
        assert fix.preview(conversation).rows_touched == 0, fix_id
        assert fix.apply(conversation) == conversation.examples, fix_id
    with pytest.raises(ValueError):
        fix_spec("no_such_fix")
