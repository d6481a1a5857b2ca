"""A conversation with a model: its turns as plain data, and a read-only view that shows them.

Failed or stopped answers stay visible where they happened (an error under the question, a
"stopped" note) but are not sent back to the model on the next turn, so an error never costs the
user the conversation.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QTextBrowser, QWidget

from desktop.core.dataset import JSONObject
from desktop.providers.inference import Answer, PromptFormat
from desktop.ui.display_text import printable


@dataclass
class Turn:
    role: str  # "user" or "assistant"
    content: str
    model: str | None = None  # assistant turns: who answered
    answer: Answer | None = None  # assistant turns: latency, usage, finish reason once done
    error: str | None = None  # assistant turns that failed: the message shown in their place
    streaming: bool = False

    @property
    def usable(self) -> bool:
        """Whether the turn is part of what the model is sent next time."""
        if self.role != "assistant":
            return True
        return self.error is None and not self.streaming and bool(self.content)


@dataclass
class Conversation:
    turns: list[Turn] = field(default_factory=list)

    def add_user(self, text: str) -> Turn:
        turn = Turn("user", text)
        self.turns.append(turn)
        return turn

    def add_answer(self, model: str) -> Turn:
        turn = Turn("assistant", "", model=model, streaming=True)
        self.turns.append(turn)
        return turn

    def messages(self, system_prompt: str = "") -> tuple[JSONObject, ...]:
        """The chat messages to send: the system prompt and every usable turn.

        Two user turns in a row (the answer between them failed) are sent as they are: the model
        sees both questions, as the user did.
        """
        messages: list[JSONObject] = []
        if system_prompt.strip():
            messages.append({"role": "system", "content": system_prompt})
        for turn in self.turns:
            if turn.usable:
                messages.append({"role": turn.role, "content": turn.content})
        return tuple(messages)

    @property
    def last_exchange(self) -> tuple[Turn, Turn] | None:
        """The last question and its finished answer, if the conversation ends with one."""
        if len(self.turns) >= 2:
            question, answer = self.turns[-2], self.turns[-1]
            if question.role == "user" and answer.role == "assistant" and answer.usable:
                return question, answer
        return None

    def training_record(
        self, system_prompt: str, completions: PromptFormat | None = None
    ) -> JSONObject | None:
        """The conversation as a training example (chat messages, or prompt/completion for legacy models)."""
        if completions is not None:
            exchange = self.last_exchange
            if exchange is None:
                return None
            question, answer = exchange
            return {
                "prompt": completions.prompt_for(question.content),
                # Legacy completions start with a space and end with the data's ending marker.
                "completion": " " + answer.content.strip() + completions.ending,
            }
        messages = list(self.messages(system_prompt))
        while messages and messages[-1]["role"] != "assistant":
            messages.pop()
        if not any(message["role"] == "assistant" for message in messages):
            return None
        return {"messages": messages}

    def clear(self) -> None:
        self.turns.clear()


def answer_details(answer: Answer) -> str:
    """ "0.42 s · first token 0.05 s · 12 → 5 tokens", as shown under an answer."""
    translate = QCoreApplication.translate
    parts = [translate("Conversation", "%1 s").replace("%1", f"{answer.latency_s:.2f}")]
    if answer.first_token_s is not None:
        parts.append(
            translate("Conversation", "first token %1 s").replace("%1", f"{answer.first_token_s:.2f}")
        )
    if answer.usage is not None:
        parts.append(
            translate("Conversation", "%1 → %2 tokens")
            .replace("%1", str(answer.usage.prompt_tokens))
            .replace("%2", str(answer.usage.completion_tokens))
        )
    if answer.finish_reason == "length":
        parts.append(translate("Conversation", "cut off at max tokens"))
    elif answer.stopped:
        parts.append(translate("Conversation", "stopped"))
    return " · ".join(parts)


def _paragraphs(text: str) -> str:
    return html.escape(printable(text)).replace("\n", "<br>")


class ConversationView(QTextBrowser):
    """Shows a conversation; call :meth:`show_conversation` again whenever it changed."""

    USER_BACKGROUND = "#e8f0fe"
    ANSWER_BACKGROUND = "#f3f4f6"
    ERROR_BACKGROUND = "#fdecea"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setPlaceholderText(self.tr("The conversation appears here."))

    def show_conversation(self, conversation: Conversation, system_prompt: str = "") -> None:
        scroll = self.verticalScrollBar()
        at_bottom = scroll.value() >= scroll.maximum() - 4
        blocks: list[str] = []
        if system_prompt.strip():
            blocks.append(
                f'<p style="color:#6b7280"><i>{html.escape(self.tr("System"))}: '
                f"{_paragraphs(system_prompt)}</i></p>"
            )
        for turn in conversation.turns:
            blocks.append(self._turn_html(turn))
        self.setHtml("".join(blocks) if conversation.turns else "")
        if at_bottom:
            self.moveCursor(QTextCursor.MoveOperation.End)
            scroll.setValue(scroll.maximum())

    def _turn_html(self, turn: Turn) -> str:
        if turn.role == "user":
            title, background, body = self.tr("You"), self.USER_BACKGROUND, _paragraphs(turn.content)
            footer = ""
        else:
            title = turn.model or self.tr("Model")
            background = self.ANSWER_BACKGROUND
            body = _paragraphs(turn.content)
            footer = ""
            if turn.streaming:
                body += " ▍"
            else:
                if not turn.content and turn.error is None:
                    empty = self.tr("(no text: the model ended its answer at once)")
                    body = f'<i style="color:#6b7280">{html.escape(empty)}</i>'
                if turn.answer is not None:
                    footer = answer_details(turn.answer)
            if turn.error is not None:
                background = self.ERROR_BACKGROUND
                error = f'<span style="color:#b42318">⚠ {_paragraphs(turn.error)}</span>'
                body = f"{body}<br>{error}" if turn.content else error
        footer_html = (
            f'<br><span style="color:#6b7280; font-size:small">{html.escape(footer)}</span>' if footer else ""
        )
        return (
            f'<table width="100%" cellpadding="8" cellspacing="0" style="margin-bottom:6px" '
            f'bgcolor="{background}"><tr><td><b>{html.escape(title)}</b><br>{body}{footer_html}</td></tr></table>'
        )
