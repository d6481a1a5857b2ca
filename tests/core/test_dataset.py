from desktop.core.dataset import Dataset, Example, ExampleKind, columns_for, detect_kind, empty_record


def test_detect_kind() -> None:
    assert detect_kind({"prompt": "a", "completion": "b"}) is ExampleKind.PROMPT_COMPLETION
    assert detect_kind({"messages": []}) is ExampleKind.CHAT
    assert (
        detect_kind({"input": {}, "preferred_output": [], "non_preferred_output": []})
        is ExampleKind.PREFERENCE
    )
    assert detect_kind([1]) is None
    assert detect_kind({"x": 1}) is None


def test_raw_example_parses_lazily_and_keeps_edits() -> None:
    example = Example(raw='{"prompt": "你好", "completion": "b"}'.encode())
    assert not example.is_parsed
    assert example.peek()["prompt"] == "你好"
    assert not example.is_parsed
    example.record["completion"] = "c"
    assert example.is_parsed
    assert example.peek() == {"prompt": "你好", "completion": "c"}


def test_chat_columns_read_and_write_roles() -> None:
    record = empty_record(ExampleKind.CHAT)
    system, user, assistant = columns_for(ExampleKind.CHAT)
    system.write(record, "Be brief.")  # type: ignore[misc]
    user.write(record, "你觉得orangbus怎么样")  # type: ignore[misc]
    assistant.write(record, "帅，非常帅")  # type: ignore[misc]
    assert [m["role"] for m in record["messages"]] == ["system", "user", "assistant"]
    assert user.read(record) == "你觉得orangbus怎么样"
    record["messages"].append({"role": "user", "content": "again"})
    assert not user.is_editable(record)
    assert assistant.is_editable(record)


def test_preference_columns() -> None:
    record = empty_record(ExampleKind.PREFERENCE)
    inp, good, bad = columns_for(ExampleKind.PREFERENCE)
    inp.write(record, "q")  # type: ignore[misc]
    good.write(record, "yes")  # type: ignore[misc]
    bad.write(record, "no")  # type: ignore[misc]
    assert (inp.read(record), good.read(record), bad.read(record)) == ("q", "yes", "no")


def test_dataset_copy_is_deep() -> None:
    data = Dataset(ExampleKind.PROMPT_COMPLETION, [Example({"prompt": "a", "completion": "b"}, 2)])
    clone = data.copy()
    clone.examples[0].record["prompt"] = "z"
    assert data.examples[0].peek()["prompt"] == "a"
    assert list(data.records()) == [{"prompt": "a", "completion": "b"}]
