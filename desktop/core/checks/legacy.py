# ruff: noqa: E501  (the messages below read better as whole lines)
"""The old tool's checks: everything openai 2.34.0's ``prepare_data`` checks for prompt/completion data.

With its advice for babbage-002/davinci-002 (:data:`LEGACY_ADVICE`), but with row indexes that always
mean the same rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress, repeat

from desktop.core.checks.messages import finding
from desktop.core.checks.rows import RowFacts
from desktop.core.findings import Finding, FixId, Severity
from desktop.core.text_hygiene import letter_case_counts

PROMPT_PREFIX_LIMIT = 12  # the peer's MAX_PREFIX_LEN for prompts
COMPLETION_PREFIX_LIMIT = 5  # and for completions
CLASSIFICATION_THRESHOLD = 3  # the peer: fewer than n/3 distinct completions means classification
XFIX_WINDOW = 200  # characters kept from each end of prompts/completions for the prefix checks
SEPARATOR_OPTIONS = (" ->", "\n\n###\n\n", "\n\n===\n\n", "\n\n---\n\n", "\n\n===>\n\n", "\n\n--->\n\n")
# The peer's formatting advice that only matters for babbage-002/davinci-002.
LEGACY_ADVICE = frozenset(
    {
        "prompt_separator",
        "no_prompt_separator",
        "common_prompt_prefix",
        "common_completion_prefix",
        "completion_ending",
        "no_completion_ending",
        "completion_leading_space",
        "uppercase_prompt",
        "uppercase_completion",
    }
)
ENDING_OPTIONS = ("\n", ".", " END", "***", "+++", "&&&", "$$$", "@@@", "%%%")


def _show(text: str) -> str:
    """A separator or prefix as the user can read it: newlines as \\n."""
    return text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")


def common_prefix(values: Sequence[str], window: int = XFIX_WINDOW) -> str:
    """The longest common prefix (at most ``window`` characters): that of the smallest and the
    largest string in sort order. Most columns have none, which one C-level pass shows."""
    if not values:
        return ""
    first = values[0][:1]
    if not first or not all(map(str.startswith, values, repeat(first))):
        return ""
    low, high = min(values)[:window], max(values)[:window]
    n, limit = 0, min(len(low), len(high))
    while n < limit and low[n] == high[n]:
        n += 1
    return low[:n]


def common_suffix(values: Sequence[str], window: int = XFIX_WINDOW) -> str:
    if not values:
        return ""
    last = values[0][-1:]
    if not last or not all(map(str.endswith, values, repeat(last))):
        return ""
    return common_prefix([v[-window:][::-1] for v in values], window)[::-1]


def infer_task_type(prompts: Sequence[str], completions: Sequence[str]) -> str:
    """The peer's guess: "open-ended generation", "classification" or "conditional generation"."""
    if not any(prompts):
        return "open-ended generation"
    if len(set(completions)) < len(completions) / CLASSIFICATION_THRESHOLD:
        return "classification"
    return "conditional generation"


def legacy_findings(records: Sequence[object], facts: Sequence[RowFacts]) -> list[Finding]:
    """The peer's prompt/completion advice (separator, ending, prefixes, leading space, case)."""
    # Empty completions are reported (and removed) first, as the peer does.
    rows = [i for i, f in enumerate(facts) if not f.pc_completion_empty and "not_a_dict" not in f.issues]
    picked = [records[i] for i in rows]
    prompts = [p if type(p) is str else "" for p in (r.get("prompt") for r in picked)]  # type: ignore[attr-defined]
    completions = [c if type(c) is str else "" for c in (r.get("completion") for r in picked)]  # type: ignore[attr-defined]
    del picked
    findings: list[Finding] = []
    if len(prompts) < 2:
        return findings
    task = infer_task_type(prompts, completions)
    if task == "classification":
        findings.append(
            finding(
                "looks_like_classification",
                Severity.INFO,
                f"The data looks like classification: {len(set(completions))} different completions for "
                f"{len(completions)} prompts. Keep some examples aside as a validation set to measure accuracy.",
                f"数据看起来像分类任务：{len(completions)} 个提示只有 {len(set(completions))} 种不同的补全。"
                "请留出一部分样本作为验证集以衡量准确率。",
                fix=FixId.SPLIT_VALIDATION,
            )
        )
    # Prompt separator (not for open-ended generation, where prompts are empty).
    if task != "open-ended generation":
        if len(set(prompts)) == 1:
            findings.append(
                finding(
                    "identical_prompts",
                    Severity.ERROR,
                    f"All prompts are identical: “{_show(prompts[0][:80])}”. Leave prompts empty for open-ended "
                    "generation, otherwise make them different.",
                    f"所有提示都相同：“{_show(prompts[0][:80])}”。开放式生成请让提示为空，否则请让提示各不相同。",
                    rows,
                )
            )
        else:
            suffix = common_suffix(prompts)
            if suffix:
                en = f"All prompts end with the separator “{_show(suffix)}”."
                zh = f"所有提示都以分隔符 “{_show(suffix)}” 结尾。"
                severity = Severity.INFO
                fix: FixId | None = None
                if len(suffix) > 10:
                    en += " It is very long; a short one such as “\\n\\n###\\n\\n” works as well."
                    zh += " 它太长了；像 “\\n\\n###\\n\\n” 这样的短分隔符效果一样。"
                    severity = Severity.WARNING
                twice = [rows[i] for i, p in enumerate(prompts) if suffix in p[: -len(suffix)]]
                if twice:
                    en += f" {len(twice)} prompts contain it more than once; use a separator that appears only at the end."
                    zh += f" 有 {len(twice)} 个提示中它出现了不止一次；请使用只出现在结尾的分隔符。"
                    severity = Severity.WARNING
                en += " When you call the fine-tuned model, end your prompt with it too."
                zh += " 调用微调后的模型时，提示也要以它结尾。"
                findings.append(finding("prompt_separator", severity, en, zh, twice, fix, separator=suffix))
            else:
                suggested = _suggest(prompts, SEPARATOR_OPTIONS, "\n\n### =>\n\n", newline_blocks=" ->")
                findings.append(
                    finding(
                        "no_prompt_separator",
                        Severity.WARNING,
                        "The prompts do not end with a common separator. For babbage-002/davinci-002 a fixed "
                        f"string at the end of every prompt, such as “{_show(suggested)}”, shows the model where "
                        "the completion begins.",
                        "提示没有以统一的分隔符结尾。对于 babbage-002/davinci-002，在每个提示末尾加上固定的字符串"
                        f"（例如 “{_show(suggested)}”）可以让模型知道补全从哪里开始。",
                        fix=FixId.ADD_SEPARATOR,
                        separator=suggested,
                    )
                )
    # Common prompt prefix.
    prefix = common_prefix(prompts)
    if prefix and len(set(prompts)) > 1 and len(prefix) > PROMPT_PREFIX_LIMIT:
        findings.append(
            finding(
                "common_prompt_prefix",
                Severity.INFO,
                f"All prompts start with “{_show(prefix[:80])}”. Fine-tuning does not need the task's "
                "instructions or examples in every prompt: usually the input alone is enough.",
                f"所有提示都以 “{_show(prefix[:80])}” 开头。微调不需要在每个提示中重复任务说明或示例：通常只放输入数据就够了。",
                fix=FixId.REMOVE_PROMPT_PREFIX,
                prefix=prefix,
            )
        )
    # Common completion prefix.
    c_prefix = common_prefix(completions)
    if len(c_prefix) >= COMPLETION_PREFIX_LIMIT and len(set(completions)) > 1:
        findings.append(
            finding(
                "common_completion_prefix",
                Severity.WARNING,
                f"All completions start with “{_show(c_prefix[:80])}”. Put only the output in the completion, "
                "without a fixed prefix.",
                f"所有补全都以 “{_show(c_prefix[:80])}” 开头。补全中只应放输出内容，不要加固定前缀。",
                fix=FixId.REMOVE_COMPLETION_PREFIX,
                prefix=c_prefix,
            )
        )
    # Completion ending (not for open-ended generation nor classification, as the peer).
    if task == "conditional generation":
        if len(set(completions)) == 1:
            findings.append(
                finding(
                    "identical_completions",
                    Severity.ERROR,
                    f"All completions are identical: “{_show(completions[0][:80])}”. The model would only learn "
                    "to repeat it.",
                    f"所有补全都相同：“{_show(completions[0][:80])}”。模型只会学会重复它。",
                    rows,
                )
            )
        else:
            ending = common_suffix(completions)
            if ending:
                en = f"All completions end with “{_show(ending)}”; use it as the stop sequence when you call the model."
                zh = f"所有补全都以 “{_show(ending)}” 结尾；调用模型时请把它用作停止序列（stop）。"
                twice = [rows[i] for i, c in enumerate(completions) if ending in c[: -len(ending)]]
                severity = Severity.INFO
                if twice:
                    en += f" {len(twice)} completions contain it more than once; use a unique ending."
                    zh += f" 有 {len(twice)} 个补全中它出现了不止一次；请使用唯一的结束符。"
                    severity = Severity.WARNING
                findings.append(finding("completion_ending", severity, en, zh, twice, ending=ending))
            else:
                suggested = _suggest(completions, ENDING_OPTIONS, " [END]")
                findings.append(
                    finding(
                        "no_completion_ending",
                        Severity.WARNING,
                        "The completions do not end with a common ending. For babbage-002/davinci-002 a fixed "
                        f"ending such as “{_show(suggested)}” lets you stop generation at the right place.",
                        "补全没有以统一的结束符结尾。对于 babbage-002/davinci-002，加上固定的结束符"
                        f"（例如 “{_show(suggested)}”）可以让生成在正确的位置停止。",
                        fix=FixId.ADD_ENDING,
                        ending=suggested,
                    )
                )
    # Leading space (the peer's tokenisation advice; still sound for cl100k_base completions).
    no_space = list(compress(rows, [not c.startswith(" ") for c in completions]))
    if no_space:
        findings.append(
            finding(
                "completion_leading_space",
                Severity.INFO,
                f"{len(no_space)} completions do not start with a space. For babbage-002/davinci-002 a "
                "completion that starts with one space tokenises better.",
                f"{len(no_space)} 个补全不是以空格开头。对于 babbage-002/davinci-002，补全以一个空格开头时分词效果更好。",
                no_space,
                FixId.ADD_LEADING_SPACE,
            )
        )
    # Upper case: more than a third of the letters (ASCII letters, as the peer's data was English).
    for column, values in (("prompt", prompts), ("completion", completions)):
        upper, lower = letter_case_counts(values)
        if upper * 2 > lower and upper > 0:
            findings.append(
                finding(
                    f"uppercase_{column}",
                    Severity.WARNING,
                    f"More than a third of the letters in the {column}s are upper case. Mostly upper-case text "
                    "tends to train worse than normal mixed case; lower-case it if that makes sense.",
                    f"{'提示' if column == 'prompt' else '补全'}中超过三分之一的字母是大写。大量大写文本的训练效果通常不如正常大小写混合的文本；"
                    "如果合适，请转换为小写。",
                    fix=FixId.LOWERCASE,
                    column=column,
                )
            )
    return findings


def _suggest(values: Sequence[str], options: Sequence[str], fallback: str, newline_blocks: str = "") -> str:
    """The first option that appears in none of the values (the peer's choice of separator/ending)."""
    joined = "\x1f".join(values)  # one fast substring search per option instead of one per value
    has_newline = "\n" in joined
    for option in options:
        if option == newline_blocks and has_newline:
            continue
        if option not in joined:
            return option
    return fallback
