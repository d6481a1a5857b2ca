# ruff: noqa: E501  (whole-line messages)
"""The cost and time estimate of a fine-tuning job, with the rules it follows spelled out.

Epochs set to "auto" are resolved the way the OpenAI cookbook does it (the public description of how
the service picks them from the data set's size; the job reports the number it really used): aim at 3
epochs, but make small data sets run at least 100 example-passes and big ones at most 25,000, within
1 to 25 epochs. Billed tokens are epochs × Σ min(limit, tokens per example).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop.core.catalog import CatalogModel

TARGET_EPOCHS = 3
MIN_TARGET_EXAMPLES = 100
MAX_TARGET_EXAMPLES = 25_000
MIN_DEFAULT_EPOCHS = 1
MAX_DEFAULT_EPOCHS = 25

# Time assumptions (stated to the user, never presented as a promise).
HOSTED_SETUP_SECONDS = 10 * 60  # file validation, queue at a quiet time, start-up, final checks
HOSTED_TOKENS_PER_SECOND = 4_000  # trained tokens per second on a hosted service (rough)
LOCAL_SETUP_SECONDS = 30  # loading the base model on this computer
LOCAL_TOKENS_PER_SECOND = 400  # LoRA on a small open model, on a laptop CPU (rough)

HEURISTIC_EN = (
    "Epochs on “auto” follow the OpenAI cookbook: 3 epochs, raised so that epochs × examples reaches "
    "at least 100 (up to 25 epochs) and lowered so that it stays at most 25,000 (at least 1 epoch). "
    "Billed tokens ≈ epochs × the sum over examples of min(the model's per-example limit, the "
    "example's tokens); each chat message adds 3 tokens, each name 1, and each example 3 more."
)
HEURISTIC_ZH = (
    "轮数为“自动”时按 OpenAI 官方示例手册的规则确定：默认 3 轮；若轮数 × 样本数不足 100，则增加轮数"
    "（最多 25 轮）；若超过 25,000，则减少轮数（至少 1 轮）。计费词元 ≈ 轮数 × 各样本 min(模型单样本上限, "
    "样本词元数) 之和；对话中每条消息另加 3 个词元，每个 “name” 字段加 1 个，每个样本再加 3 个。"
)


def _explicit_epochs(requested: int | str | None) -> bool:
    if isinstance(requested, int):
        return requested > 0
    return isinstance(requested, str) and requested.isdigit() and int(requested) > 0


def resolve_epochs(n_examples: int, requested: int | str | None = None) -> int:
    """The number of epochs: ``requested`` when it is a number, else the cookbook's "auto" rule."""
    if _explicit_epochs(requested):
        return int(requested)  # type: ignore[arg-type]
    n_epochs = TARGET_EPOCHS
    if n_examples <= 0:
        return n_epochs
    if n_examples * TARGET_EPOCHS < MIN_TARGET_EXAMPLES:
        n_epochs = min(MAX_DEFAULT_EPOCHS, MIN_TARGET_EXAMPLES // n_examples)
    elif n_examples * TARGET_EPOCHS > MAX_TARGET_EXAMPLES:
        n_epochs = max(MIN_DEFAULT_EPOCHS, MAX_TARGET_EXAMPLES // n_examples)
    return n_epochs


@dataclass(frozen=True)
class CostEstimate:
    examples: int
    epochs: int
    epochs_auto: bool
    dataset_tokens: int  # Σ tokens per example, uncapped
    billed_tokens_per_epoch: int  # Σ min(limit, tokens per example)
    billed_tokens: int  # epochs × billed_tokens_per_epoch
    token_limit: int | None
    price_per_1m: float | None  # training price, US dollars per 1M tokens; None when unknown
    cost_usd: float | None
    seconds_low: float
    seconds_high: float
    model_id: str | None = None
    provider: str | None = None

    @property
    def heuristic_en(self) -> str:
        return HEURISTIC_EN

    @property
    def heuristic_zh(self) -> str:
        return HEURISTIC_ZH

    @property
    def assumptions_en(self) -> str:
        if self.provider == "local":
            return (
                f"Time assumes about {LOCAL_TOKENS_PER_SECOND} trained tokens per second on this computer "
                f"plus {LOCAL_SETUP_SECONDS} s to load the model; a GPU is much faster."
            )
        return (
            f"Time assumes about {HOSTED_TOKENS_PER_SECOND:,} trained tokens per second and about "
            f"{HOSTED_SETUP_SECONDS // 60} minutes of validation and start-up; queues can add hours. "
            "The price is the catalog's, checked on the date it shows; the provider's invoice decides."
        )

    @property
    def assumptions_zh(self) -> str:
        if self.provider == "local":
            return (
                f"时间按本机每秒约训练 {LOCAL_TOKENS_PER_SECOND} 个词元、加载模型约 {LOCAL_SETUP_SECONDS} 秒估算；"
                "有 GPU 时会快得多。"
            )
        return (
            f"时间按每秒约训练 {HOSTED_TOKENS_PER_SECOND:,} 个词元、校验和启动约 {HOSTED_SETUP_SECONDS // 60} "
            "分钟估算；排队可能再多几个小时。价格取自模型目录（以其标注的核对日期为准），实际以服务商账单为准。"
        )

    def message(self, lang: str) -> str:
        """One line for the review page: tokens, epochs, cost and time."""
        zh = lang.lower().startswith("zh")
        cost = _money(self.cost_usd)
        time = format_duration(self.seconds_low, zh) + " – " + format_duration(self.seconds_high, zh)
        if zh:
            auto = "（自动）" if self.epochs_auto else ""
            cost_text = cost if cost is not None else "价格未知"
            return (
                f"{self.examples:,} 个样本，{self.dataset_tokens:,} 个词元；{self.epochs} 轮{auto}，"
                f"计费约 {self.billed_tokens:,} 个词元，费用约 {cost_text}，训练时间约 {time}。"
            )
        auto = " (auto)" if self.epochs_auto else ""
        cost_text = cost if cost is not None else "price unknown"
        return (
            f"{self.examples:,} examples, {self.dataset_tokens:,} tokens; {self.epochs} epochs{auto}, "
            f"about {self.billed_tokens:,} billed tokens, about {cost_text}, training takes about {time}."
        )


def _money(value: float | None) -> str | None:
    if value is None:
        return None
    return f"${value:,.2f}" if value >= 0.01 or value == 0 else "< $0.01"


def format_duration(seconds: float, zh: bool = False) -> str:
    minutes = seconds / 60
    if minutes < 1:
        return f"{max(1, round(seconds))} 秒" if zh else f"{max(1, round(seconds))} s"
    if minutes < 90:
        return f"{round(minutes)} 分钟" if zh else f"{round(minutes)} min"
    hours = minutes / 60
    return f"{hours:.1f} 小时" if zh else f"{hours:.1f} h"


def estimate_cost(
    tokens_per_example: Sequence[int],
    model: CatalogModel | None = None,
    epochs: int | str | None = None,
    *,
    token_limit: int | None = None,
    tokens_per_second: float | None = None,
) -> CostEstimate:
    """The estimate for training ``model`` on examples of these token counts (training split only).

    ``token_limit`` overrides the model's per-example limit; ``tokens_per_second`` overrides the
    throughput assumption (e.g. the local engine's measured speed).
    """
    n = len(tokens_per_example)
    n_epochs = resolve_epochs(n, epochs)
    limit = token_limit if token_limit is not None else (model.max_example_tokens if model else None)
    dataset_tokens = sum(tokens_per_example)
    per_epoch = sum(min(limit, t) for t in tokens_per_example) if limit else dataset_tokens
    billed = n_epochs * per_epoch
    price = model.training_price_per_1m if model is not None else None
    cost = None if price is None else billed / 1_000_000 * price
    local = model is not None and model.provider == "local"
    speed = tokens_per_second or (LOCAL_TOKENS_PER_SECOND if local else HOSTED_TOKENS_PER_SECOND)
    setup = LOCAL_SETUP_SECONDS if local else HOSTED_SETUP_SECONDS
    middle = setup + billed / speed
    return CostEstimate(
        examples=n,
        epochs=n_epochs,
        epochs_auto=not _explicit_epochs(epochs),
        dataset_tokens=dataset_tokens,
        billed_tokens_per_epoch=per_epoch,
        billed_tokens=billed,
        token_limit=limit,
        price_per_1m=price,
        cost_usd=cost,
        seconds_low=setup + billed / speed / 2,
        seconds_high=setup + (middle - setup) * 2,
        model_id=model.id if model else None,
        provider=model.provider if model else None,
    )
