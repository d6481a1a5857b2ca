"""The engine's pure parts: loss masks with weights, file checks, "auto" hyperparameters, batching."""

from __future__ import annotations

import json

import pytest

from engine import catalog, datafiles, textformat, tiny_random
from tests.engine.seed_data import chat_records, write_jsonl


@pytest.fixture(scope="module")
def tokenizer():
    return tiny_random.train_tokenizer(textformat.record_text(r) for r in chat_records())


def target_text(tokenizer, encoded):
    return tokenizer.decode([t for t, w in zip(encoded.input_ids, encoded.targets, strict=True) if w > 0])


def test_loss_is_on_assistant_tokens_and_the_end_marker_only(tokenizer):
    messages = [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "你觉得orangbus怎么样"},
        {"role": "assistant", "content": "帅，非常帅"},
    ]
    encoded = textformat.encode_chat(tokenizer, messages)
    assert target_text(tokenizer, encoded) == "帅，非常帅" + tiny_random.END_TOKEN
    assert tokenizer.decode(encoded.input_ids).startswith("<|system|>Be brief.")


def test_weight_zero_turns_are_not_learned(tokenizer):
    messages = [
        {"role": "user", "content": "Say hi"},
        {"role": "assistant", "content": "Hello", "weight": 0},
        {"role": "user", "content": "Again"},
        {"role": "assistant", "content": "Hi there!"},
    ]
    encoded = textformat.encode_chat(tokenizer, messages)
    assert target_text(tokenizer, encoded) == "Hi there!" + tiny_random.END_TOKEN
    messages[1]["weight"] = 1
    assert target_text(tokenizer, textformat.encode_chat(tokenizer, messages)) == (
        "Hello" + tiny_random.END_TOKEN + "Hi there!" + tiny_random.END_TOKEN
    )


def test_prompt_completion_learns_the_completion_and_end(tokenizer):
    encoded = textformat.encode_prompt_completion(tokenizer, "1+1等于几？", "等于2。")
    assert target_text(tokenizer, encoded) == "等于2。" + tiny_random.END_TOKEN


def test_validation_counts_examples_and_names_bad_lines(tmp_path):
    good = write_jsonl(tmp_path / "good.jsonl", chat_records())
    summary = datafiles.validate_jsonl(good)
    assert (summary.kind, summary.examples) == (datafiles.CHAT, 10)
    bad = tmp_path / "bad.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in chat_records()]
    lines[3] = "[1, 2]"
    lines[6] = json.dumps({"prompt": "p", "completion": "c"})
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(datafiles.InvalidFileError) as caught:
        datafiles.validate_jsonl(bad)
    assert "2 bad line(s)" in str(caught.value)
    assert "line 4 is not a JSON object" in str(caught.value)
    assert "line 7 is a prompt_completion example but line 1 is a chat example" in str(caught.value)


def test_bom_and_blank_lines_are_accepted(tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + b"\n\n".join(json.dumps(r).encode() for r in chat_records()) + b"\n")
    assert datafiles.validate_jsonl(path).examples == 10


@pytest.mark.parametrize(("examples", "epochs"), [(10, 10), (4, 25), (50, 3), (1000, 3), (20_000, 1)])
def test_auto_epochs_follow_openais_heuristic(examples, epochs):
    assert catalog.auto_epochs(examples) == epochs


def test_base_models_are_found_by_id_folder_or_hub_name(tmp_path):
    models_dir = tmp_path / "models"
    (models_dir / "my-llama").mkdir(parents=True)
    (models_dir / "my-llama" / "config.json").write_text("{}")
    assert catalog.find_base_model("tiny-random", models_dir) is catalog.TINY_RANDOM
    assert catalog.find_base_model("my-llama", models_dir).source == str(models_dir / "my-llama")
    assert (
        catalog.find_base_model("Qwen/Qwen2.5-0.5B-Instruct", models_dir).source
        == "Qwen/Qwen2.5-0.5B-Instruct"
    )
    assert catalog.find_base_model("gpt-4o-mini", models_dir) is None


def test_batches_are_bucketed_reproducible_and_cover_every_example():
    from engine.trainer import epoch_batches

    lengths = [(i * 37) % 101 + 1 for i in range(200)]
    batches = epoch_batches(lengths, 4, seed=1, epoch=0)
    assert sorted(i for batch in batches for i in batch) == list(range(200))
    assert batches == epoch_batches(lengths, 4, seed=1, epoch=0)
    assert batches != epoch_batches(lengths, 4, seed=1, epoch=1)
    padding = sum(max(lengths[i] for i in b) * len(b) - sum(lengths[i] for i in b) for b in batches)
    assert padding < sum(lengths) * 0.2


CHATML = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)


def test_masks_follow_any_chat_template(tokenizer):
    """A ChatML-style template (as Qwen's): the assistant's text and its end-of-turn are the targets."""
    original = tokenizer.chat_template
    tokenizer.chat_template = CHATML
    try:
        messages = [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": "你觉得orangbus怎么样"},
            {"role": "assistant", "content": "帅，非常帅"},
        ]
        encoded = textformat.encode_chat(tokenizer, messages)
        assert target_text(tokenizer, encoded) == "帅，非常帅<|im_end|>\n"
        assistant_first = textformat.encode_chat(tokenizer, [{"role": "assistant", "content": "Hello"}])
        assert target_text(tokenizer, assistant_first) == "Hello<|im_end|>\n"
    finally:
        tokenizer.chat_template = original
