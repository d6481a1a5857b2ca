"""Screenshots of each page of the fine-tuning wizard, offscreen, against a real local engine.

    .venv/bin/python scripts/screenshot_wizard.py [--lang en|zh_CN] [--out docs/screenshots]

Writes wizard_1_data.png … wizard_5_start.png and wizard_1_fix_preview.png (``_zh_CN`` added in
Chinese). The data set is a
realistic mixed Chinese/English customer-service set with the problems people really have (an
empty answer, a duplicate, stray whitespace, a phone number); the walk applies the recommended
fixes on the way.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QCoreApplication, QEventLoop, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from desktop.core.dataset import Dataset, Example, ExampleKind

PAIRS = [
    ("你觉得orangbus怎么样", "帅，非常帅"),
    ("How do I reset my password?", "Open Settings → Account → Reset password, then follow the e-mail link."),
    ("退货需要几天到账？", "退款会在仓库收到商品后 3–5 个工作日内原路退回。"),
    (
        "Can I change my delivery address after ordering?",
        "Yes, until the parcel ships: open the order and edit it.",
    ),
    ("发票怎么开？", "在“我的订单”里选择订单，点击“申请发票”，填写抬头和税号即可。"),
    ("Do you ship to Hong Kong?", "Yes, delivery to Hong Kong takes 3–5 working days."),
    ("会员积分会过期吗？", "积分自获得之日起 12 个月内有效，到期前 30 天会短信提醒。"),
    ("What payment methods do you accept?", "Visa, Mastercard, Alipay, WeChat Pay and UnionPay."),
    ("商品有质量问题怎么办？", "请拍照后在订单页提交售后申请，我们会在 24 小时内处理。"),
    ("How long is the warranty?", "Every device has a two-year warranty from the delivery date."),
    ("可以货到付款吗？", "目前仅支持在线支付，暂不支持货到付款。"),
    ("Where is my order?", "Open “My orders” to see the tracking number and the carrier's latest update."),
    ("优惠券可以叠加使用吗？", "每笔订单只能使用一张优惠券，不能与其他优惠叠加。"),
    (
        "Can I cancel my subscription?",
        "Yes, any time in Settings → Subscription; it runs to the end of the period.",
    ),
    ("客服工作时间是？", "人工客服每天 9:00–21:00 在线，其他时间可以留言。"),
    (
        "Is my data shared with third parties?",
        "No. We only share what a carrier needs to deliver your order.",
    ),
    ("如何修改绑定的手机号？", "进入“账户安全”，验证原手机号后即可更换新号码。"),
    ("Do you have a student discount?", "Yes, 10% off with a verified student e-mail address."),
    ("快递可以指定时间送达吗？", "部分城市支持预约送达，下单时可选择送达时间段。"),
    ("How do I contact support?", "Chat with us here, or write to the support address in the app."),
]


def sample_dataset() -> Dataset:
    """Chat examples with a system prompt, and four typical problems for the checks to find."""
    system = "你是“小帮”，一家网店的客服助手。回答简短、友好，用用户的语言回答。"
    rows: list[tuple[str, str]] = list(PAIRS)
    rows.append(("你觉得orangbus怎么样", "帅，非常帅"))  # a duplicate
    rows.append(("  What are your opening hours?  ", "We are open 9:00–21:00 every day.\r\n"))  # whitespace
    rows.append(("我的订单到哪了？", ""))  # an empty answer: an error
    rows.append(
        (
            "Call me back please",
            "Sure, we will call you on 13800138000 today, or write to li.lei@example.com.",
        )
    )  # personal data
    examples = [
        Example(
            {
                "messages": [
                    {"role": "system", "content": system},
                    {"role": "user", "content": user},
                    {"role": "assistant", "content": assistant},
                ]
            },
            source_row=index + 2,
        )
        for index, (user, assistant) in enumerate(rows)
    ]
    return Dataset(ExampleKind.CHAT, examples, source_path=Path("客服问答.xlsx"), source_format="xlsx")


def wait_until(condition, timeout_s: float = 180.0) -> None:  # type: ignore[no-untyped-def]
    import time

    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the wizard did not get there in time")
        loop = QEventLoop()
        QTimer.singleShot(20, loop.quit)
        loop.exec()


def settle(ms: int = 150) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def save(widget: QWidget, path: Path) -> None:
    settle()
    widget.grab().save(str(path))
    print(f"wrote {path}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", default="en", choices=["en", "zh_CN"])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.lang == "en" else f"_{args.lang}"  # wizard_1_data.png, wizard_1_data_zh_CN.png

    app = QApplication.instance() or QApplication(sys.argv)
    QCoreApplication.setOrganizationName("FinetuneDeskScreenshots")
    from desktop.ui.i18n import install_translations

    install_translations(args.lang)

    from desktop.providers.client import make_client
    from desktop.providers.profiles import Profile, ProviderKind
    from desktop.ui.document import DatasetDocument
    from desktop.ui.wizard.data_source import DocumentData
    from desktop.ui.wizard.services import WizardServices
    from desktop.ui.wizard.wizard import FineTuneWizard
    from tests.support.engine_server import running_engine

    with tempfile.TemporaryDirectory() as folder, running_engine(Path(folder) / "engine") as server:
        profile = Profile.local_engine().with_base_url(server.base_url)
        # An OpenAI profile whose key was never entered: the catalog still shows what it offers.
        openai_profile = Profile.create("OpenAI", ProviderKind.OPENAI)
        document = DatasetDocument(sample_dataset())
        wizard = FineTuneWizard(
            DocumentData(document),
            WizardServices(
                [profile, openai_profile],
                lambda p: make_client(p, server.token if p.kind is ProviderKind.LOCAL else None),
                jump_to_row=lambda row: None,
                active_profile_id=profile.id,
            ),
        )
        wizard.resize(980, 720)
        wizard.show()

        data_page = wizard.data_page
        wait_until(lambda: wizard.state.analysis is not None and not data_page.is_running)
        data_page.select_finding(0)
        save(wizard, args.out / f"wizard_1_data{suffix}.png")

        # The preview of the fix for the selected finding (declined here; the checklist follows).
        data_page.fix_selected()
        wait_until(lambda: getattr(data_page, "preview_dialog", None) is not None)
        save(data_page.preview_dialog, args.out / f"wizard_1_fix_preview{suffix}.png")
        data_page.preview_dialog.reject()

        # Apply the recommended fixes (all of them), then go on.
        data_page.apply_recommended()
        wait_until(lambda: getattr(data_page, "recommended_dialog", None) is not None)
        data_page.recommended_dialog.accept()
        wait_until(lambda: data_page.isComplete())
        wizard.next()

        model_page = wizard.model_page
        wait_until(lambda: not model_page.is_loading)
        model_page.profile_combo.setCurrentIndex(1)
        wait_until(lambda: not model_page.is_loading)
        model_page.select_model("gpt-4.1-mini-2025-04-14")
        save(wizard, args.out / f"wizard_2_model{suffix}.png")
        model_page.profile_combo.setCurrentIndex(0)
        wait_until(lambda: not model_page.is_loading and model_page.select_model("tiny-random"))
        wizard.next()

        method_page = wizard.method_page
        method_page.epochs.auto.setChecked(False)
        method_page.epochs_spin.setValue(3)
        method_page.seed_check.setChecked(True)
        method_page.suffix_edit.setText("kefu-xiaobang")
        save(wizard, args.out / f"wizard_3_method{suffix}.png")
        wizard.next()

        wait_until(lambda: not data_page.is_running and wizard.review_page.isComplete())
        wait_until(lambda: wizard.review_page.files is not None)
        save(wizard, args.out / f"wizard_4_review{suffix}.png")
        wizard.next()

        start_page = wizard.start_page
        start_page.start()
        wait_until(lambda: start_page.job_id is not None or not start_page.is_running, 120)
        save(wizard, args.out / f"wizard_5_start{suffix}.png")
        if start_page.job_id is None:
            print("the job was not created:", start_page.message_label.text(), file=sys.stderr)
            return 1
        wizard.close()
        QThreadPool.globalInstance().waitForDone(30_000)
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
