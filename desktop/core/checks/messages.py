# ruff: noqa: E501  (the messages below read better as whole lines)
"""The bilingual message table of the row-level findings, and how one finding is made.

Every finding carries English and Chinese text; :func:`finding` puts English counts of one in the
singular, and :func:`row_findings` turns the issues recorded per row (see :mod:`.rows`) into findings
from :data:`ROW_FINDINGS`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from desktop.core.checks.rows import RowFacts
from desktop.core.findings import Finding, FixId, Severity


def finding(
    code: str,
    severity: Severity,
    en: str,
    zh: str,
    rows: Iterable[int] = (),
    fix: FixId | None = None,
    **params: Any,
) -> Finding:
    return Finding(code, severity, _singular(en), zh, sorted(rows), fix, params)


_ONE_OF_MANY = re.compile(r"(?<![\d,.])1 (examples|completions|prompts|rows) (\w+)")
_SINGULAR_VERBS = {"have": "has", "are": "is", "do": "does", "were": "was"}


def _singular(text: str) -> str:
    """English grammar for a count of one: "1 examples have" -> "1 example has"."""

    def one(match: re.Match[str]) -> str:
        noun, verb = match.group(1)[:-1], match.group(2)
        verb = _SINGULAR_VERBS.get(verb, verb if verb.endswith("s") or not verb.isalpha() else verb + "s")
        return f"1 {noun} {verb}"

    return _ONE_OF_MANY.sub(one, text)


def _show(text: str) -> str:
    """A separator or prefix as the user can read it: newlines as \\n."""
    return text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")


ROW_FINDINGS: dict[str, tuple[Severity, str, str, FixId | None]] = {
    "not_a_dict": (
        Severity.ERROR,
        "{n} examples are not JSON objects.",
        "{n} 个样本不是 JSON 对象。",
        None,
    ),
    "missing_messages": (
        Severity.ERROR,
        "{n} examples have no “messages” list (or an empty one).",
        "{n} 个样本缺少 “messages” 列表（或列表为空）。",
        FixId.REMOVE_EMPTY,
    ),
    "message_not_dict": (
        Severity.ERROR,
        "{n} examples have a message that is not a JSON object.",
        "{n} 个样本中有消息不是 JSON 对象。",
        None,
    ),
    "message_missing_key": (
        Severity.ERROR,
        "{n} examples have a message without “role” or “content”.",
        "{n} 个样本中有消息缺少 “role” 或 “content”。",
        None,
    ),
    "message_unknown_key": (
        Severity.ERROR,
        "{n} examples have a message with a key the API does not accept (e.g. “{detail}”); "
        "allowed: role, content, name, weight, tool_calls, tool_call_id, function_call.",
        "{n} 个样本中有消息包含 API 不接受的键（例如 “{detail}”）；允许的键：role、content、name、"
        "weight、tool_calls、tool_call_id、function_call。",
        None,
    ),
    "unknown_role": (
        Severity.ERROR,
        "{n} examples have a message with an unknown role (e.g. “{detail}”); "
        "use system, user, assistant or tool.",
        "{n} 个样本中有消息的角色无效（例如 “{detail}”）；请使用 system、user、assistant 或 tool。",
        None,
    ),
    "missing_content": (
        Severity.ERROR,
        "{n} examples have a message with empty content (e.g. a “{detail}” message).",
        "{n} 个样本中有消息内容为空（例如一条 “{detail}” 消息）。",
        FixId.REMOVE_EMPTY,
    ),
    "bad_content_type": (
        Severity.ERROR,
        "{n} examples have message content that is neither text nor a list of parts.",
        "{n} 个样本中有消息内容既不是文本也不是内容片段列表。",
        None,
    ),
    "bad_content_part": (
        Severity.ERROR,
        "{n} examples have a malformed content part (each part needs a “type”; text parts a “text”; "
        "images only in user messages).",
        "{n} 个样本中有格式错误的内容片段（每个片段都需要 “type”，文本片段需要 “text”，图片只能出现在用户消息中）。",
        None,
    ),
    "no_assistant": (
        Severity.ERROR,
        "{n} examples have no assistant message: there is nothing to learn from them.",
        "{n} 个样本没有助手（assistant）消息：模型无法从中学习。",
        FixId.REMOVE_EMPTY,
    ),
    "all_weights_zero": (
        Severity.WARNING,
        "{n} examples give every assistant message weight 0, so they teach nothing.",
        "{n} 个样本中所有助手消息的 weight 都为 0，因此不会产生任何训练效果。",
        None,
    ),
    "bad_weight": (
        Severity.ERROR,
        "{n} examples have a “weight” that is not 0 or 1, or on a message that is not the assistant's.",
        "{n} 个样本中的 “weight” 不是 0 或 1，或出现在非助手消息上。",
        None,
    ),
    "bad_tool_call": (
        Severity.ERROR,
        "{n} examples have a malformed “tool_calls” (each needs an id, type “function”, and a function "
        "with a name and JSON arguments as a string; only assistant messages make calls).",
        "{n} 个样本中的 “tool_calls” 格式错误（每个调用都需要 id、type 为 “function”，以及带 name 和字符串形式 "
        "JSON arguments 的 function；只有助手消息可以发起调用）。",
        None,
    ),
    "tool_reply_unmatched": (
        Severity.ERROR,
        "{n} examples have a tool message whose “tool_call_id” matches no earlier tool call.",
        "{n} 个样本中有工具消息的 “tool_call_id” 与之前的任何工具调用都不匹配。",
        None,
    ),
    "bad_tools": (
        Severity.ERROR,
        "{n} examples have a malformed “tools” list (each tool: type “function” and a function with a name).",
        "{n} 个样本的 “tools” 列表格式错误（每个工具都需要 type 为 “function”，以及带 name 的 function）。",
        None,
    ),
    "unknown_key": (
        Severity.WARNING,
        "{n} examples have a key the API does not expect (e.g. “{detail}”); the upload may be rejected.",
        "{n} 个样本包含 API 不认识的键（例如 “{detail}”）；上传可能会被拒绝。",
        None,
    ),
    "dpo_missing_input": (
        Severity.ERROR,
        "{n} preference pairs have no “input” with a list of messages.",
        "{n} 个偏好对缺少带消息列表的 “input”。",
        FixId.REMOVE_EMPTY,
    ),
    "dpo_missing_output": (
        Severity.ERROR,
        "{n} preference pairs lack a preferred or a non-preferred answer.",
        "{n} 个偏好对缺少更好的回答或较差的回答。",
        FixId.REMOVE_EMPTY,
    ),
    "dpo_empty_output": (
        Severity.ERROR,
        "{n} preference pairs have an empty answer.",
        "{n} 个偏好对中有回答为空。",
        FixId.REMOVE_EMPTY,
    ),
    "dpo_output_not_assistant": (
        Severity.ERROR,
        "{n} preference pairs have an answer whose role is not “assistant”.",
        "{n} 个偏好对中有回答的角色不是 “assistant”。",
        None,
    ),
    "dpo_multi_message_output": (
        Severity.WARNING,
        "{n} preference pairs have an answer made of several messages; DPO expects one assistant message.",
        "{n} 个偏好对的回答由多条消息组成；DPO 要求每个回答只有一条助手消息。",
        None,
    ),
    "dpo_identical_outputs": (
        Severity.WARNING,
        "{n} preference pairs have the same preferred and non-preferred answer, so they teach nothing.",
        "{n} 个偏好对的两个回答完全相同，因此不会产生任何训练效果。",
        FixId.REMOVE_EMPTY,
    ),
    "dpo_input_not_user_last": (
        Severity.WARNING,
        "{n} preference pairs have an input that does not end with a user message.",
        "{n} 个偏好对的输入不是以用户消息结尾。",
        None,
    ),
    "missing_column": (
        Severity.ERROR,
        "{n} examples have no “{detail}” field. Make sure your columns/keys are named prompt and completion.",
        "{n} 个样本缺少 “{detail}” 字段。请确认列名/键名为 prompt 和 completion。",
        None,
    ),
    "column_case": (
        Severity.ERROR,
        "{n} examples name a field “{detail}”; it must be lower case (prompt, completion).",
        "{n} 个样本的字段名为 “{detail}”；必须使用小写（prompt、completion）。",
        None,
    ),
    "extra_keys": (
        Severity.WARNING,
        "{n} examples have fields besides prompt and completion (e.g. “{detail}”); "
        "the file should have exactly these two.",
        "{n} 个样本除了 prompt 和 completion 之外还有其他字段（例如 “{detail}”）；文件中应只有这两个字段。",
        None,
    ),
    "not_text": (
        Severity.ERROR,
        "{n} examples have a “{detail}” that is not text.",
        "{n} 个样本的 “{detail}” 不是文本。",
        None,
    ),
    "invalid_unicode": (
        Severity.ERROR,
        "{n} examples contain invalid Unicode (lone surrogates); the file cannot be saved as UTF-8.",
        "{n} 个样本包含无效的 Unicode 字符（孤立代理项），文件无法保存为 UTF-8。",
        FixId.REMOVE_CONTROL_CHARACTERS,
    ),
    "control_characters": (
        Severity.WARNING,
        "{n} examples contain invisible control characters (often left over from copying or a bad export).",
        "{n} 个样本包含不可见的控制字符（通常来自复制粘贴或错误的导出）。",
        FixId.REMOVE_CONTROL_CHARACTERS,
    ),
    "replacement_characters": (
        Severity.WARNING,
        "{n} examples contain “\ufffd”, a sign that the file was once read with the wrong encoding.",
        "{n} 个样本包含 “\ufffd”，说明文件曾以错误的编码读取。",
        None,
    ),
    "whitespace_edges": (
        Severity.WARNING,
        "{n} examples have spaces or blank lines at the start or end of a text.",
        "{n} 个样本的文本开头或结尾有多余的空格或空行。",
        FixId.TRIM_WHITESPACE,
    ),
    "secrets": (
        Severity.WARNING,
        "{n} examples contain what looks like a secret ({detail}). Remove it before uploading: "
        "a fine-tuned model can repeat its training data. (Checked on this computer only.)",
        "{n} 个样本中似乎包含密钥（{detail}）。请在上传前删除：微调后的模型可能复述训练数据。（仅在本机检查。）",
        None,
    ),
    "personal_data": (
        Severity.WARNING,
        "{n} examples contain what looks like personal data ({detail}). Make sure you may use it for "
        "training. (Checked on this computer only.)",
        "{n} 个样本中似乎包含个人信息（{detail}）。请确认你有权将其用于训练。（仅在本机检查。）",
        None,
    ),
}

_KIND_NAMES = {
    "openai_key": ("OpenAI API key", "OpenAI API 密钥"),
    "aws_key": ("AWS access key", "AWS 访问密钥"),
    "github_token": ("GitHub token", "GitHub 令牌"),
    "slack_token": ("Slack token", "Slack 令牌"),
    "google_key": ("Google API key", "Google API 密钥"),
    "private_key": ("private key", "私钥"),
    "email": ("e-mail address", "电子邮件地址"),
    "phone_cn": ("phone number", "电话号码"),
    "phone_intl": ("phone number", "电话号码"),
    "phone_us": ("phone number", "电话号码"),
    "id_card_cn": ("ID card number", "身份证号"),
}


def row_findings(facts: Sequence[RowFacts]) -> list[Finding]:
    rows_by_code: dict[str, list[int]] = defaultdict(list)
    details: dict[str, Any] = {}
    kinds_by_code: dict[str, set[str]] = defaultdict(set)
    for row, fact in enumerate(facts):
        for code, detail in fact.issues.items():
            rows_by_code[code].append(row)
            if isinstance(detail, set):
                kinds_by_code[code].update(detail)
            elif code not in details:
                details[code] = detail
    findings = []
    for code, rows in rows_by_code.items():
        spec = ROW_FINDINGS.get(code)
        if spec is None:
            continue
        severity, en, zh, fix = spec
        detail_en = detail_zh = str(details.get(code, ""))
        if code in kinds_by_code:
            names = sorted({_KIND_NAMES[k] for k in kinds_by_code[code]})
            detail_en = ", ".join(dict.fromkeys(n[0] for n in names))
            detail_zh = "、".join(dict.fromkeys(n[1] for n in names))
        findings.append(
            finding(
                code,
                severity,
                en.format(n=len(rows), detail=detail_en),
                zh.format(n=len(rows), detail=detail_zh),
                rows,
                fix,
            )
        )
    return findings
