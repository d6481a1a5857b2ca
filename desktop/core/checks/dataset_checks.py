# ruff: noqa: E501  (the messages below read better as whole lines)
"""The checks that look at the whole data set: counts, duplicates, empty rows, roles, line endings,
token limits, the chosen model and the validation split.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from desktop.core.catalog import CatalogModel, compatibility, method_for_kind, retirement_warning
from desktop.core.checks.messages import finding
from desktop.core.checks.rows import RowFacts
from desktop.core.dataset import Example, ExampleKind, Split
from desktop.core.findings import Finding, FixId, Severity

MIN_EXAMPLES = 10  # the API refuses fewer
RECOMMENDED_EXAMPLES = 50  # OpenAI: "clear improvements from 50 to 100 examples"
NO_MODEL_LONG_TOKENS = 16_384  # without a chosen model: longer than the smallest hosted limit
SYSTEM_MAJORITY = 0.6  # "inconsistent system prompt" only when most examples share one


def line_ending_findings(facts: Sequence[RowFacts]) -> list[Finding]:
    cr_rows = [i for i, f in enumerate(facts) if "carriage_return" in f.issues]
    if not cr_rows:
        return []
    mixed_rows = [i for i in cr_rows if "mixed_line_endings_in_row" in facts[i].issues]
    lf_elsewhere = any("bare_newline" in f.issues and "carriage_return" not in f.issues for f in facts)
    if not mixed_rows and not lf_elsewhere:
        return []  # consistent Windows line endings everywhere: nothing to fix
    return [
        finding(
            "mixed_line_endings",
            Severity.WARNING,
            f"Line endings are mixed: {len(cr_rows)} examples use Windows (\\r\\n) or old Mac (\\r) line "
            "endings while others use \\n. The model learns them as different characters.",
            f"换行符不统一：{len(cr_rows)} 个样本使用 Windows（\\r\\n）或旧 Mac（\\r）换行符，其余使用 \\n。"
            "模型会把它们当作不同的字符来学习。",
            cr_rows,
            FixId.NORMALISE_LINE_ENDINGS,
        )
    ]


def count_findings(n: int, kind: ExampleKind) -> list[Finding]:
    what_en = "prompt-completion pairs" if kind is ExampleKind.PROMPT_COMPLETION else "examples"
    what_zh = "个提示-补全对" if kind is ExampleKind.PROMPT_COMPLETION else "个样本"
    if n < MIN_EXAMPLES:
        return [
            finding(
                "too_few_examples",
                Severity.ERROR,
                f"The data has {n} {what_en}; fine-tuning needs at least {MIN_EXAMPLES}.",
                f"数据只有 {n} {what_zh}；微调至少需要 {MIN_EXAMPLES} 个。",
            )
        ]
    if n < RECOMMENDED_EXAMPLES:
        return [
            finding(
                "few_examples",
                Severity.WARNING,
                f"The data has {n} {what_en}. Results usually improve clearly with 50 to 100 or more, "
                "and keep improving with every doubling.",
                f"数据有 {n} {what_zh}。通常 50 到 100 个以上效果会明显提升，数据量每翻一倍效果还会继续提升。",
            )
        ]
    if kind is ExampleKind.PROMPT_COMPLETION and n < 100:
        return [
            finding(
                "few_examples_legacy",
                Severity.INFO,
                f"The data has {n} {what_en}. For babbage-002/davinci-002 a few hundred examples work much "
                "better; performance tends to rise with every doubling.",
                f"数据有 {n} {what_zh}。对于 babbage-002/davinci-002，几百个样本效果会好得多；数据量每翻一倍效果通常都会提升。",
            )
        ]
    return []


def duplicate_findings(facts: Sequence[RowFacts], kind: ExampleKind) -> list[Finding]:
    findings = []
    first_by_key: dict[int, int] = {}
    duplicate_rows = []
    for row, fact in enumerate(facts):
        if "not_a_dict" in fact.issues or fact.empty:
            continue
        if fact.key in first_by_key:
            duplicate_rows.append(row)
        else:
            first_by_key[fact.key] = row
    if duplicate_rows:
        what_en = "prompt-completion pairs" if kind is ExampleKind.PROMPT_COMPLETION else "examples"
        findings.append(
            finding(
                "duplicates",
                Severity.WARNING,
                f"{len(duplicate_rows)} {what_en} repeat an earlier one exactly. Duplicates weigh those "
                "examples more and make validation look better than it is.",
                f"{len(duplicate_rows)} 个样本与前面的样本完全重复。重复会加大这些样本的权重，并让验证结果显得比实际更好。",
                duplicate_rows,
                FixId.REMOVE_DUPLICATES,
            )
        )
    duplicates = set(duplicate_rows)
    first_by_near: dict[int, int] = {}
    near_rows = []
    for row, fact in enumerate(facts):
        if row in duplicates or fact.empty or "not_a_dict" in fact.issues:
            continue
        first = first_by_near.get(fact.near)
        if first is None:
            first_by_near[fact.near] = row
        elif facts[first].key != fact.key:
            near_rows.append(row)
    if near_rows:
        findings.append(
            finding(
                "near_duplicates",
                Severity.WARNING,
                f"{len(near_rows)} examples differ from an earlier one only in letter case, spacing or "
                "punctuation.",
                f"{len(near_rows)} 个样本与前面的样本只在大小写、空格或标点上有差别。",
                near_rows,
                FixId.REMOVE_NEAR_DUPLICATES,
            )
        )
    return findings


def empty_findings(facts: Sequence[RowFacts], kind: ExampleKind) -> list[Finding]:
    findings = []
    if kind is ExampleKind.PROMPT_COMPLETION:
        empty_completions = [
            i for i, f in enumerate(facts) if f.pc_completion_empty and "not_a_dict" not in f.issues
        ]
        if empty_completions:
            findings.append(
                finding(
                    "empty_completion",
                    Severity.ERROR,
                    f"{len(empty_completions)} examples have an empty completion: there is nothing to learn.",
                    f"{len(empty_completions)} 个样本的补全（completion）为空：模型无法从中学习。",
                    empty_completions,
                    FixId.REMOVE_EMPTY,
                )
            )
        prompts_empty = [i for i, f in enumerate(facts) if f.pc_prompt_empty and not f.pc_completion_empty]
        if prompts_empty and len(prompts_empty) < len(facts) - len(empty_completions):
            findings.append(
                finding(
                    "empty_prompt",
                    Severity.WARNING,
                    f"{len(prompts_empty)} examples have an empty prompt while others do not. Leave every "
                    "prompt empty only for open-ended generation.",
                    f"{len(prompts_empty)} 个样本的提示（prompt）为空，而其他样本不为空。只有开放式生成才应让所有提示为空。",
                    prompts_empty,
                    FixId.REMOVE_EMPTY,
                    include_empty_prompts=True,
                )
            )
    else:
        empty = [i for i, f in enumerate(facts) if f.empty and "not_a_dict" not in f.issues]
        if empty:
            findings.append(
                finding(
                    "empty_examples",
                    Severity.ERROR,
                    f"{len(empty)} examples are empty.",
                    f"{len(empty)} 个样本为空。",
                    empty,
                    FixId.REMOVE_EMPTY,
                )
            )
    return findings


def chat_role_findings(facts: Sequence[RowFacts], kind: ExampleKind) -> list[Finding]:
    if kind is ExampleKind.PROMPT_COMPLETION:
        return []
    findings = []
    structural = {"not_a_dict", "missing_messages", "dpo_missing_input"}
    candidates = [i for i, f in enumerate(facts) if not structural & f.issues.keys()]
    no_user = [i for i in candidates if not facts[i].has_user]
    if no_user:
        findings.append(
            finding(
                "missing_user",
                Severity.WARNING,
                f"{len(no_user)} examples have no user message.",
                f"{len(no_user)} 个样本没有用户（user）消息。",
                no_user,
            )
        )
    no_system = [i for i in candidates if not facts[i].has_system]
    if no_system and len(no_system) < len(candidates):
        findings.append(
            finding(
                "missing_system",
                Severity.INFO,
                f"{len(no_system)} examples have no system message while others have one. Use the same "
                "system message when you call the fine-tuned model.",
                f"{len(no_system)} 个样本没有系统（system）消息，而其他样本有。调用微调后的模型时请使用相同的系统消息。",
                no_system,
            )
        )
    systems: Counter[str] = Counter(s for i in candidates if (s := facts[i].system) is not None)
    if len(systems) > 1:
        common, count = systems.most_common(1)[0]
        with_system = sum(systems.values())
        if count >= SYSTEM_MAJORITY * with_system:
            others = [i for i in candidates if facts[i].system is not None and facts[i].system != common]
            shown = common if len(common) <= 60 else common[:57] + "…"
            findings.append(
                finding(
                    "inconsistent_system_prompts",
                    Severity.WARNING,
                    f"{count} examples use the system message “{shown}” but {len(others)} use another one. "
                    "If that is not on purpose, make them the same.",
                    f"{count} 个样本使用系统消息 “{shown}”，但有 {len(others)} 个样本使用了不同的系统消息。"
                    "如果不是有意为之，请统一。",
                    others,
                    common_system=common,
                )
            )
    return findings


def token_findings(
    facts: Sequence[RowFacts], model: CatalogModel | None, kind: ExampleKind
) -> tuple[list[Finding], int | None]:
    limit = model.max_example_tokens if model is not None else None
    if limit is None:
        long_rows = [i for i, f in enumerate(facts) if f.tokens > NO_MODEL_LONG_TOKENS]
        if not long_rows:
            return [], None
        return [
            finding(
                "long_examples",
                Severity.INFO,
                f"{len(long_rows)} examples are longer than {NO_MODEL_LONG_TOKENS:,} tokens, too long for "
                "some models. Choose a model to check them against its limit.",
                f"{len(long_rows)} 个样本超过 {NO_MODEL_LONG_TOKENS:,} 个词元，对部分模型来说太长。选择模型后会按其上限检查。",
                long_rows,
                FixId.DROP_LONG,
                limit=NO_MODEL_LONG_TOKENS,
                alternative=FixId.TRUNCATE_LONG.value,
            )
        ], None
    long_rows = [i for i, f in enumerate(facts) if f.tokens > limit]
    if not long_rows:
        return [], limit
    assert model is not None
    return [
        finding(
            "over_token_limit",
            Severity.ERROR,
            f"{len(long_rows)} examples are longer than {model.name}'s limit of {limit:,} tokens per example; "
            "training would cut or reject them. Drop them, or shorten them to the limit.",
            f"{len(long_rows)} 个样本超过 {model.name} 每个样本 {limit:,} 个词元的上限；训练时会被截断或拒绝。"
            "请删除它们，或截短到上限以内。",
            long_rows,
            FixId.DROP_LONG,
            limit=limit,
            alternative=FixId.TRUNCATE_LONG.value,
        )
    ], limit


def model_findings(model: CatalogModel, kind: ExampleKind, today: date | None) -> list[Finding]:
    findings = []
    verdict = compatibility(model, kind, method_for_kind(kind), today=today)
    if not verdict.ok:
        fix = None
        if kind is ExampleKind.PROMPT_COMPLETION and ExampleKind.CHAT in model.formats:
            fix = FixId.TO_CHAT
        elif kind is ExampleKind.CHAT and ExampleKind.PROMPT_COMPLETION in model.formats:
            fix = FixId.TO_PROMPT_COMPLETION
        findings.append(
            finding("incompatible_model", Severity.ERROR, verdict.reason_en, verdict.reason_zh, fix=fix)
        )
    if today is not None:
        warning = retirement_warning(model, today)
        if warning is not None and verdict.ok:
            findings.append(finding("model_retiring", Severity.WARNING, warning[0], warning[1]))
    return findings


def split_findings(examples: Sequence[Example]) -> list[Finding]:
    n = len(examples)
    validation = sum(1 for e in examples if e.split is Split.VALIDATION)
    if validation == 0 and n >= 100:
        return [
            finding(
                "no_validation_split",
                Severity.INFO,
                "There is no validation set. Keeping about 10% of the examples aside shows whether the model "
                "generalises or only memorises.",
                "没有验证集。留出约 10% 的样本作为验证集，可以看出模型是学会了泛化还是只记住了训练数据。",
                fix=FixId.SPLIT_VALIDATION,
            )
        ]
    if validation and validation == n:
        return [
            finding(
                "no_training_examples",
                Severity.ERROR,
                "Every example is in the validation set; nothing is left to train on.",
                "所有样本都在验证集中，没有可用于训练的样本。",
                fix=FixId.SPLIT_VALIDATION,
            )
        ]
    return []
