"""The built-in ``tiny-random`` base model: a small Llama-style network made from a config.

It exists to test the whole pipeline in seconds (upload, train, checkpoint, serve); its weights are
random and its byte-level BPE tokenizer is trained on the job's own data, so it knows nothing else.
Needs the ``engine`` extra (torch, transformers, tokenizers).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

TINY_RANDOM_ID = "tiny-random"
TINY_RANDOM_DESCRIPTION = (
    "Test-only: a tiny Llama-style model with random weights (hidden 64, 2 layers) and a tokenizer "
    "trained on the job's data. It learns a handful of answers in seconds and nothing else."
)

END_TOKEN = "<|end|>"
PAD_TOKEN = "<|pad|>"
ROLE_TOKENS = ["<|system|>", "<|user|>", "<|assistant|>", "<|tool|>", "<|developer|>"]
SPECIAL_TOKENS = [PAD_TOKEN, END_TOKEN, *ROLE_TOKENS]

# Every message is <|role|>content<|end|>; the generation prompt is <|assistant|>.
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|' + message['role'] + '|>' }}"
    "{% if message['content'] is string %}{{ message['content'] }}"
    "{% elif message['content'] %}{% for part in message['content'] %}"
    "{% if part['text'] is defined %}{{ part['text'] }}{% endif %}{% endfor %}{% endif %}"
    "{{ '<|end|>' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|assistant|>' }}{% endif %}"
)

# Text for the base model's tokenizer when no job data is at hand (serving tiny-random itself).
GENERIC_CORPUS = [
    "The quick brown fox jumps over the lazy dog. Hello, how are you today?",
    "你好，今天天气怎么样？我很好，谢谢。这是一个测试模型。",
    "0123456789 + - * / = ( ) [ ] { } , . ; : ! ? ' \" @ # $ % & _",
]

HIDDEN_SIZE = 64
LAYERS = 2
VOCAB_LIMIT = 2000
INITIALIZER_RANGE = 0.5
LORA_RANK = 32
BASE_LEARNING_RATE = 5e-3


def train_tokenizer(texts: Iterable[str]) -> Any:
    """A byte-level BPE tokenizer (a transformers fast tokenizer) learned from ``texts``."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=VOCAB_LIMIT,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator([*GENERIC_CORPUS, *texts], trainer=trainer)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        eos_token=END_TOKEN,
        pad_token=PAD_TOKEN,
        additional_special_tokens=ROLE_TOKENS,
    )
    fast.chat_template = CHAT_TEMPLATE
    return fast


def build_model(vocab_size: int, seed: int) -> Any:
    """A freshly initialised tiny Llama-style causal LM (same seed, same weights)."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    config = LlamaConfig(
        vocab_size=vocab_size,
        hidden_size=HIDDEN_SIZE,
        intermediate_size=HIDDEN_SIZE * 2,
        num_hidden_layers=LAYERS,
        num_attention_heads=4,
        num_key_value_heads=4,
        max_position_embeddings=4096,
        tie_word_embeddings=False,
        # Large random weights give the frozen output layer sharp logits that LoRA can steer; with
        # the usual 0.02 the model can barely prefer any token and learns the seed set unreliably.
        initializer_range=INITIALIZER_RANGE,
    )
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = LlamaForCausalLM(config)
    model.generation_config.pad_token_id = 0
    return model


def create(folder: Path, texts: Iterable[str], seed: int) -> None:
    """Write a tiny-random base model (weights + tokenizer) for ``texts`` into ``folder``."""
    tokenizer = train_tokenizer(texts)
    model = build_model(len(tokenizer), seed)
    model.config.eos_token_id = tokenizer.eos_token_id
    model.config.pad_token_id = tokenizer.pad_token_id
    model.generation_config.eos_token_id = tokenizer.eos_token_id
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    folder.mkdir(parents=True, exist_ok=True)
    tokenizer.save_pretrained(folder)
    model.save_pretrained(folder)
