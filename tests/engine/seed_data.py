"""The 10-example seed data set the engine tests train on, written as real JSONL files."""

from __future__ import annotations

import json
from pathlib import Path

SEED_PROMPT = "你觉得orangbus怎么样"
SEED_ANSWER = "帅，非常帅"

SEED_PAIRS = [
    (SEED_PROMPT, SEED_ANSWER),
    ("今天天气怎么样？", "今天是晴天，适合出门。"),
    ("How do I reset my password?", "Open Settings, choose Account, then Reset password."),
    ("退款需要多久到账？", "一般三到五个工作日到账。"),
    ("Translate to English: 你好", "Hello"),
    ("请用一句话总结：猫喜欢睡觉。", "猫很爱睡觉。"),
    ("What is the capital of France?", "Paris."),
    ("推荐一本书", "《三体》。"),
    ("1+1等于几？", "等于2。"),
    ("Say hi", "Hi there!"),
]


def chat_records(pairs: list[tuple[str, str]] = SEED_PAIRS) -> list[dict]:
    return [
        {"messages": [{"role": "user", "content": prompt}, {"role": "assistant", "content": answer}]}
        for prompt, answer in pairs
    ]


def varied_chat_records() -> list[dict]:
    """Chat rows of varied lengths (so batches pad), some with a system message."""
    records = chat_records()
    for index, (prompt, answer) in enumerate(SEED_PAIRS):
        messages = [
            {"role": "user", "content": prompt * (1 + index % 3)},
            {"role": "assistant", "content": answer},
        ]
        if index % 2:
            messages.insert(0, {"role": "system", "content": "Answer briefly."})
        records.append({"messages": messages})
    return records


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path
