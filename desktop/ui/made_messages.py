"""Messages made outside the UI in English — job events, reading notes — shown in the UI's language.

The local engine and OpenAI write job events in English (the engine stands alone and speaks the
OpenAI protocol, which has no language field), and the readers' notes are English. This module
knows their patterns and says them in Chinese when the UI is Chinese; a message it does not know
is shown as it came, so nothing is ever hidden. Numbers, ids and file names are carried over.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from desktop.core import i18n as core_i18n

_KINDS = {
    "prompt / completion": "提示 / 补全",
    "prompt-completion": "提示 / 补全",
    "chat conversations": "对话",
    "chat": "对话",
    "preference pairs (dpo)": "偏好对 (DPO)",
    "preference": "偏好对",
    "dpo": "DPO",
    "supervised": "监督",
    "examples": "示例",
    "pairs": "对",
}


def _kind(value: str) -> str:
    return _KINDS.get(value.lower(), value)


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern[str]
    chinese: str
    # Group values that are words themselves (a kind, a nested message) are translated too.
    convert: tuple[tuple[str, Callable[[str], str]], ...] = ()


def _p(english: str, chinese: str, **convert: Callable[[str], str]) -> _Pattern:
    return _Pattern(re.compile(english + r"\Z", re.DOTALL), chinese, tuple(convert.items()))


_NUM = r"[\d,.]+"

PATTERNS: tuple[_Pattern, ...] = (
    # Local engine (engine/jobs.py, engine/trainer.py)
    _p(r"Created fine-tuning job: (?P<id>\S+)", "已创建微调任务：{id}"),
    _p(
        r"Validated training file: (?P<file>\S+) \((?P<n>\d+) (?P<kind>[\w-]+) examples\); hyperparameters "
        r"(?P<rest>.*)",
        "已验证训练文件：{file}（{n} 条{kind}示例）；超参数 {rest}",
        kind=_kind,
        rest=lambda text: text.replace("learning rate ", "学习率 ").replace("=auto", "=自动"),
    ),
    _p(r"Fine-tuning job started", "微调任务已开始"),
    _p(r"Fine-tuning job continues", "微调任务继续进行"),
    _p(r"Fine-tuning job paused", "微调任务已暂停"),
    _p(r"Fine-tuning job cancelled", "微调任务已取消"),
    _p(r"Fine-tuning job resumed; it is queued to continue", "微调任务已恢复，正在排队继续"),
    _p(r"Pausing the job at the next step", "将在下一步暂停任务"),
    _p(
        r"The engine is shutting down; the job resumes when it starts again",
        "引擎正在关闭；它再次启动时任务会继续",
    ),
    _p(r"The engine stopped repeatedly while training this job", "训练此任务时引擎多次停止"),
    _p(r"The training libraries are not installed", "未安装训练所需的库"),
    _p(r"Fine-tuning failed: (?P<why>.*)", "微调失败：{why}"),
    _p(r"New fine-tuned model created: (?P<model>\S+)", "已创建新的微调模型：{model}"),
    _p(r"The job has successfully completed", "任务已成功完成"),
    _p(r"Checkpoint created at step (?P<step>\d+): (?P<model>\S+)", "已在第 {step} 步创建检查点：{model}"),
    _p(
        r"Loading base model (?P<model>.+) on (?P<device>\S+)",
        "正在 {device} 上加载基础模型 {model}",
        device=lambda name: {"cpu": "CPU", "cuda": "GPU (CUDA)", "mps": "GPU (Apple MPS)"}.get(name, name),
    ),
    _p(
        rf"Tokenized data reused from the cache: (?P<n>{_NUM}) (?P<what>\w+), (?P<tokens>{_NUM}) tokens",
        "复用缓存中的分词数据：{n} 条{what}，{tokens} 个词元",
        what=_kind,
    ),
    _p(
        rf"Tokenized (?P<n>{_NUM}) (?P<what>\w+): (?P<tokens>{_NUM}) tokens",
        "已分词 {n} 条{what}：{tokens} 个词元",
        what=_kind,
    ),
    _p(
        r"Gradient checkpointing is on \(activations are recomputed to save memory\)",
        "已开启梯度检查点（重新计算激活值以节省内存）",
    ),
    _p(r"Resumed from step (?P<step>\d+) of (?P<total>\d+)", "从第 {step} 步（共 {total} 步）继续"),
    _p(r"Starting from the adapter in (?P<name>.+)", "从 {name} 中的适配器开始"),
    _p(
        rf"Training (?P<params>{_NUM}) LoRA parameters on (?P<n>{_NUM}) (?P<what>\w+): "
        rf"(?P<epochs>\d+) epochs × (?P<steps>\d+) steps \(setup (?P<setup>{_NUM}) s\)",
        "在 {n} 条{what}上训练 {params} 个 LoRA 参数：{epochs} 轮 × 每轮 {steps} 步（准备用时 {setup} 秒）",
        what=_kind,
    ),
    _p(
        rf"Trained (?P<tokens>{_NUM}) tokens in (?P<seconds>{_NUM}) s \((?P<rate>{_NUM}) tokens/s\)",
        "{seconds} 秒内训练了 {tokens} 个词元（每秒 {rate} 个）",
    ),
    _p(
        rf"Step (?P<step>\d+)/(?P<total>\d+): training loss=(?P<loss>{_NUM})"
        rf"(?:, validation loss=(?P<valid>{_NUM}))?",
        "第 {step}/{total} 步：训练损失={loss}{valid_part}",
    ),
    # The local engine's job errors (job.error.message)
    _p(
        r"The engine stopped (?P<n>\d+) times while this job was running \(out of memory\?\)\. Try a smaller "
        r"batch size or model\.",
        "训练此任务时引擎停止了 {n} 次（内存不足？）。请尝试更小的批大小或模型。",
    ),
    _p(
        r"The local engine can't train: (?P<why>.*)\. Install them with (?P<hint>.*)\.",
        "本地引擎无法训练：{why}。请用 {hint} 安装所需的库。",
    ),
    # OpenAI's own events
    _p(r"Validating training file: (?P<file>\S+)", "正在验证训练文件：{file}"),
    _p(
        r"Validating training file: (?P<file>\S+) and validation file: (?P<valid>\S+)",
        "正在验证训练文件 {file} 和验证文件 {valid}",
    ),
    _p(r"Files validated, moving job to queued state", "文件已验证，任务进入排队状态"),
    _p(r"Evaluating model against our usage policies(?: before enabling)?", "正在按使用政策评估模型"),
    _p(
        r"Usage policy evaluations completed, model is now enabled for sampling",
        "使用政策评估完成，模型现在可以调用",
    ),
    _p(r"Job cancelled", "任务已取消"),
    _p(r"Job paused", "任务已暂停"),
    _p(r"Job resumed", "任务已恢复"),
    # Reading notes (desktop/core/readers)
    _p(
        r"(?P<n>[\d,]+) (?P<kind>.+?) examples?",
        "{n} 条{kind}示例",
        kind=_kind,
    ),
    _p(r"(?P<n>[\d,]+) lines? skipped", "跳过了 {n} 行"),
    _p(r"(?P<n>[\d,]+) elements? skipped", "跳过了 {n} 个元素"),
    _p(r"(?P<n>[\d,]+) empty rows? skipped", "跳过了 {n} 个空行"),
    _p(r"Read as (?P<codec>.+) text; saving writes UTF-8", "按 {codec} 编码读取；保存时写为 UTF-8"),
    _p(r"No header row found: columns are named by letter", "未找到标题行：各列以字母命名"),
    _p(
        r"Headers are on row (?P<row>\d+); (?P<n>\d+) rows? above (?:it|them) skipped \(titles\)",
        "标题在第 {row} 行；跳过了其上方的 {n} 行（标题文字）",
    ),
    _p(r"Whole numbers shown without decimals \(1\.0 → 1\)", "整数不显示小数（1.0 → 1）"),
    _p(r"Numbers shown in full \(0\.1 → 0\.1\)", "数字完整显示（0.1 → 0.1）"),
    _p(r"Dates shown as 2024-05-01", "日期显示为 2024-05-01"),
    _p(r"Dates with times shown as 2024-05-01 13:45", "日期时间显示为 2024-05-01 13:45"),
    _p(r"Times shown as 13:45", "时间显示为 13:45"),
    _p(r"Durations shown as hours:minutes:seconds \(26:30:00\)", "时长显示为 时:分:秒（26:30:00）"),
    _p(r"Yes/no cells shown as TRUE / FALSE", "是/否单元格显示为 TRUE / FALSE"),
    _p(r"Formulas shown as their last calculated values", "公式显示为上次计算的结果"),
    _p(
        r"(?P<kind>Prompt / completion|Chat conversations|Preference pairs \(DPO\)): (?P<rest>.*)",
        "{kind}：{rest}",
        kind=_kind,
        rest=lambda text: text.replace("kept, not exported: ", "保留但不导出："),
    ),
)


def translate_made_message(text: str, language: str | None = None) -> str:
    """``text`` (an English job event or reading note) in ``language`` (default: the UI's)."""
    if (language or core_i18n.current_language()) != "zh_CN":
        return text
    for pattern in PATTERNS:
        match = pattern.regex.match(text)
        if match is None:
            continue
        values = {name: value or "" for name, value in match.groupdict().items()}
        for name, convert in pattern.convert:
            values[name] = convert(values[name])
        valid = values.get("valid", "")
        values["valid_part"] = f"，验证损失={valid}" if valid else ""
        return pattern.chinese.format(**values)
    return text
