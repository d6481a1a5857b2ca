"""The document contract other pages use: replace_examples, append_examples, set_kind, signals."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.core.dataset import Example, ExampleKind
from desktop.ui.document import DatasetDocument
from desktop.ui.kinds import convert_examples, convert_record
from tests.ui.editor_helpers import pc_dataset


def test_fix_actions_replace_all_examples_in_one_step(qtbot: QtBot) -> None:
    document = DatasetDocument(pc_dataset([(" a ", "1"), ("b", "2"), ("b", "2")]))
    original = list(document.examples)
    fixed = [Example({"prompt": "a", "completion": "1"}, 2), original[1]]
    with qtbot.waitSignal(document.changed), qtbot.waitSignal(document.modified_changed) as modified:
        document.replace_examples(fixed, "Remove duplicates")
    assert modified.args == [True]
    assert document.examples == fixed
    assert document.undo_stack.undoText() == "Remove duplicates"
    document.undo_stack.undo()
    assert document.examples == original
    assert not document.is_modified

    document.append_examples([Example({"prompt": "c", "completion": "3"})], "Add examples")
    assert len(document.examples) == 4 and document.undo_stack.count() == 1

    with qtbot.waitSignal(document.dataset_replaced), qtbot.waitSignal(document.path_changed):
        document.load(pc_dataset([("x", "y")]))
    assert document.undo_stack.count() == 0 and not document.is_modified


def test_set_kind_converts_and_undoes() -> None:
    document = DatasetDocument(pc_dataset([("问", "答")]))
    examples = convert_examples(document.examples, ExampleKind.PROMPT_COMPLETION, ExampleKind.PREFERENCE)
    document.set_kind(ExampleKind.PREFERENCE, examples, "Change kind")
    assert document.kind is ExampleKind.PREFERENCE
    assert document.examples[0].peek() == {
        "input": {"messages": [{"role": "user", "content": "问"}]},
        "preferred_output": [{"role": "assistant", "content": "答"}],
        "non_preferred_output": [{"role": "assistant", "content": ""}],
    }
    assert document.examples[0].source_row == 2
    document.undo_stack.undo()
    assert document.kind is ExampleKind.PROMPT_COMPLETION
    assert document.examples[0].peek() == {"prompt": "问", "completion": "答"}


def test_kind_conversions_keep_what_the_target_can_hold() -> None:
    chat = {
        "messages": [
            {"role": "system", "content": "s"},
            {"role": "user", "content": "u1"},
            {"role": "assistant", "content": "a1"},
            {"role": "user", "content": "u2"},
            {"role": "assistant", "content": "a2", "weight": 1},
        ]
    }
    assert convert_record(chat, ExampleKind.CHAT, ExampleKind.PROMPT_COMPLETION) == {
        "prompt": "u2",
        "completion": "a2",
    }
    preference = convert_record(chat, ExampleKind.CHAT, ExampleKind.PREFERENCE)
    assert preference["input"]["messages"] == chat["messages"][:4]
    assert preference["preferred_output"] == [chat["messages"][4]]
    assert convert_record(preference, ExampleKind.PREFERENCE, ExampleKind.CHAT) == chat
