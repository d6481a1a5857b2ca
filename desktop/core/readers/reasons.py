"""The readers' reasons (why a file or a row cannot be read) in Chinese.

The readers write each reason once, in English, where they find the problem (often with details
from a parser). This table gives the Chinese for every one of them, details carried over, so that
:class:`UnreadableFileError` and the Problems panel speak the UI's language. A reason it does not
know stays English rather than being lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from desktop.core.i18n import current_language

_Rule = tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]


def _rule(english: str, chinese: str | Callable[[re.Match[str]], str]) -> _Rule:
    return re.compile(english + r"\Z", re.DOTALL), chinese


def _content(match: re.Match[str]) -> str:
    """The second half of "it is named .xlsx but …" (describe_content), translated in turn."""
    return (
        f"它的扩展名是 .{match.group('ext')}，但{chinese_reason(match.group('rest')) or match.group('rest')}"
    )


_KINDS = {
    "prompt / completion": "提示 / 补全",
    "chat conversations": "对话",
    "preference pairs (dpo)": "偏好对（DPO）",
}


# Python's json messages, which the JSON reasons carry as their detail.
_JSON_MESSAGES = {
    "Expecting value": "此处应为一个值",
    "Expecting property name enclosed in double quotes": "属性名应使用双引号括起来",
    "Expecting ',' delimiter": "缺少逗号",
    "Expecting ':' delimiter": "缺少冒号",
    "Extra data": "后面有多余的内容",
    "Unterminated string starting at": "字符串没有结束",
    "Invalid control character at": "含有无效的控制字符",
    "Invalid \\escape": "无效的转义符",
}


def _json(message: str) -> str:
    return _JSON_MESSAGES.get(message, message)


def _kind(name: str) -> str:
    return _KINDS.get(name.lower(), name)


RULES: tuple[_Rule, ...] = (
    _rule(r"the file is empty", "文件是空的"),
    _rule(r"the file does not exist", "文件不存在"),
    _rule(r"it is a folder, not a file", "这是一个文件夹，不是文件"),
    _rule(r"it cannot be read \((?P<why>.*)\)", "无法读取（{why}）"),
    _rule(r"it is empty", "它是空的"),
    _rule(r"it is a zip archive that is not this kind of workbook", "它是一个 zip 压缩包，但不是这种工作簿"),
    _rule(
        r"it is an old-style Office file \(try naming it \.xls\)",
        "它是旧版 Office 文件（试试把扩展名改为 .xls）",
    ),
    _rule(r"it is a PDF document, not a spreadsheet", "它是 PDF 文档，不是电子表格"),
    _rule(r"it holds binary data that is not a spreadsheet", "它包含的二进制数据不是电子表格"),
    _rule(
        r"it is a web page \(HTML\), not a spreadsheet; open it in a spreadsheet program and save it "
        r"as \.xlsx",
        "它是网页（HTML），不是电子表格；请用电子表格程序打开并另存为 .xlsx",
    ),
    _rule(
        r"it is a JSON text file; rename it to \.json or \.jsonl and open it again",
        "它是 JSON 文本文件；请把扩展名改为 .json 或 .jsonl 后重新打开",
    ),
    _rule(r"it is an XML text file, not a workbook", "它是 XML 文本文件，不是工作簿"),
    _rule(
        r"it is a plain text file \(it looks like CSV\); rename it to \.csv and open it again",
        "它是纯文本文件（看起来像 CSV）；请把扩展名改为 .csv 后重新打开",
    ),
    _rule(r"it is named \.(?P<ext>\w+) but (?P<rest>it .*)", _content),
    _rule(
        r"it is named \.(?P<ext>\w+) but is a spreadsheet workbook; rename it to \.xlsx and open it again",
        "它的扩展名是 .{ext}，但其实是电子表格工作簿；请把扩展名改为 .xlsx 后重新打开",
    ),
    _rule(
        r"it is named \.(?P<ext>\w+) but is an old-style Excel workbook; rename it to \.xls and open it "
        r"again",
        "它的扩展名是 .{ext}，但其实是旧版 Excel 工作簿；请把扩展名改为 .xls 后重新打开",
    ),
    _rule(r"“(?P<enc>.+)” is not a known text encoding", "“{enc}”不是已知的文本编码"),
    _rule(
        r"it is not valid (?P<enc>\S+) text \(byte (?P<byte>\d+) cannot be decoded\)",
        "它不是有效的 {enc} 文本（第 {byte} 个字节无法解码）",
    ),
    _rule(r"it holds binary data, not text", "它包含二进制数据，不是文本"),
    _rule(r"it holds binary data, not JSON text", "它包含二进制数据，不是 JSON 文本"),
    _rule(r"it is not a text file", "它不是文本文件"),
    _rule(r"it is not readable as delimited text \((?P<why>.*)\)", "无法按分隔符文本读取（{why}）"),
    _rule(
        r"it is a spreadsheet workbook, not JSON text; rename it to \.xlsx and open it again",
        "它是电子表格工作簿，不是 JSON 文本；请把扩展名改为 .xlsx 后重新打开",
    ),
    _rule(
        r"it is a JSON object, not a list of examples \(\[\{…\}, \{…\}\]\) or one example",
        "它是一个 JSON 对象，不是示例列表（[{{…}}, {{…}}]），也不是单个示例",
    ),
    _rule(
        r"it is not JSON: it should start with \[ \(a list of examples\)",
        "它不是 JSON：应以 [ 开头（示例列表）",
    ),
    _rule(
        r"it is not valid JSON: (?P<msg>.*) at line (?P<line>\d+), column (?P<col>\d+)",
        lambda m: (
            f"它不是有效的 JSON：第 {m.group('line')} 行第 {m.group('col')} 列，{_json(m.group('msg'))}"
        ),
    ),
    _rule(r"the list of examples is empty", "示例列表是空的"),
    _rule(r"the JSON array is not closed", "JSON 数组没有闭合"),
    _rule(r"a comma is missing here", "这里缺少逗号"),
    _rule(
        r"not valid JSON: (?P<msg>.*) \(column (?P<col>\d+)\)",
        lambda m: f"不是有效的 JSON：第 {m.group('col')} 列，{_json(m.group('msg'))}",
    ),
    _rule(r"not valid JSON: (?P<msg>.*)", lambda m: f"不是有效的 JSON：{_json(m.group('msg'))}"),
    _rule(r"not a JSON object \(each line must be \{…\}\)", "不是 JSON 对象（每行必须是 {{…}}）"),
    _rule(r"not a JSON object \(each example must be \{…\}\)", "不是 JSON 对象（每个示例必须是 {{…}}）"),
    _rule(
        r"none of its lines is a usable example \(line (?P<line>\d+): (?P<why>.*)\)",
        lambda m: (
            f"没有一行是可用的示例（第 {m.group('line')} 行："
            f"{chinese_reason(m.group('why')) or m.group('why')}）"
        ),
    ),
    _rule(r"“messages” is not a list", "“messages”不是列表"),
    _rule(r"“messages” holds something that is not a message object", "“messages”中有不是消息对象的内容"),
    _rule(r"“input” is not an object with “messages”", "“input”不是包含“messages”的对象"),
    _rule(r"“(?P<key>\w+)” is not a list of messages", "“{key}”不是消息列表"),
    _rule(
        r"it has none of the fields of a (?P<kind>.+) example",
        lambda m: f"它没有{_kind(m.group('kind'))}示例的任何字段",
    ),
    _rule(
        r"it is a (?P<found>.+) example, but the file holds (?P<wanted>.+)",
        lambda m: f"它是{_kind(m.group('found'))}示例，但文件中是{_kind(m.group('wanted'))}",
    ),
    _rule(r"the workbook has no sheets", "工作簿中没有工作表"),
    _rule(r"the workbook has no sheet called “(?P<sheet>.+)”", "工作簿中没有名为“{sheet}”的工作表"),
    _rule(r"every sheet of the workbook is empty", "工作簿的每个工作表都是空的"),
    _rule(
        r"the workbook is damaged or incomplete \(its zip archive is cut short or broken\)",
        "工作簿已损坏或不完整（其 zip 压缩包被截断或损坏）",
    ),
    _rule(
        r"the workbook is damaged or not a spreadsheet \((?P<why>.*)\)", "工作簿已损坏或不是电子表格（{why}）"
    ),
    _rule(r"the workbook is password-protected", "工作簿受密码保护"),
    _rule(
        r"the workbook is password-protected \(encrypted\); save a copy without a password and open that",
        "工作簿受密码保护（已加密）；请另存一份不带密码的副本再打开",
    ),
    _rule(r"sheet “(?P<sheet>.+)” is damaged \((?P<why>.*)\)", "工作表“{sheet}”已损坏（{why}）"),
    _rule(r"sheet “(?P<sheet>.+)” has no data", "工作表“{sheet}”中没有数据"),
    _rule(r"the file has no data", "文件中没有数据"),
    _rule(r"(?P<what>.+) has no data", "{what} 中没有数据"),
    _rule(
        r"files named (?P<suffix>.+) are not supported \(use (?P<known>.+)\)",
        "不支持扩展名为 {suffix} 的文件（请使用 {known}）",
    ),
    _rule(r"the conversation cell is empty", "对话单元格是空的"),
    _rule(r"the conversation is not valid JSON \((?P<why>.*)\)", "对话不是有效的 JSON（{why}）"),
    _rule(r"the conversation is not a JSON list of messages", "对话不是 JSON 消息列表"),
    _rule(r"“(?P<target>.+)” is not valid JSON \((?P<why>.*)\)", "“{target}”不是有效的 JSON（{why}）"),
    _rule(
        r"this cell has (?P<n>[\d,]+) characters, the most a spreadsheet cell holds: its text was "
        r"probably cut off \(keep long examples in JSONL\)",
        "此单元格有 {n} 个字符，已达电子表格单元格的上限：文字很可能被截断了（长示例请保存为 JSONL）",
    ),
)


def chinese_reason(english: str) -> str | None:
    """The Chinese for a reader's reason, or None when it is not one the readers write."""
    for pattern, chinese in RULES:
        match = pattern.match(english)
        if match is None:
            continue
        if callable(chinese):
            return chinese(match)
        return chinese.format(**match.groupdict())
    return None


def in_ui_language(english: str) -> str:
    """``english`` (a reader's reason) in the current UI language."""
    if current_language() != "zh_CN":
        return english
    return chinese_reason(english) or english
