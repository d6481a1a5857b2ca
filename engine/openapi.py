"""The engine's OpenAPI description, with the request bodies its handlers read by hand.

The handlers take the raw request (to answer malformed JSON in OpenAI's error shape), so FastAPI
can't see their bodies; `with_request_bodies` adds them, as OpenAI documents them, to the schema
FastAPI builds. The schema drives the fuzz test (schemathesis) and documents the API for tools.
"""

from __future__ import annotations

from typing import Any

_ANY: dict[str, Any] = {}
_AUTO_OR_NUMBER: dict[str, Any] = {"anyOf": [{"type": "string", "enum": ["auto"]}, {"type": "number"}]}
_MESSAGE: dict[str, Any] = {
    "type": "object",
    "required": ["role"],
    "properties": {
        "role": {"type": "string", "enum": ["system", "developer", "user", "assistant", "tool"]},
        "content": {"anyOf": [{"type": "string"}, {"type": "array"}, {"type": "null"}]},
        "name": {"type": "string"},
    },
}
_SAMPLING: dict[str, Any] = {
    "model": {"type": "string"},
    "max_tokens": {"type": ["integer", "null"]},
    "temperature": {"type": ["number", "null"]},
    "top_p": {"type": ["number", "null"]},
    "n": {"type": ["integer", "null"]},
    "seed": {"type": ["integer", "null"]},
    "stop": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}, {"type": "null"}]},
    "stream": {"type": ["boolean", "null"]},
    "frequency_penalty": {"type": ["number", "null"]},
    "presence_penalty": {"type": ["number", "null"]},
    "logit_bias": {"type": ["object", "null"]},
    "logprobs": _ANY,
}

REQUEST_BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("post", "/v1/fine_tuning/jobs"): {
        "type": "object",
        "required": ["model", "training_file"],
        "properties": {
            "model": {"type": "string"},
            "training_file": {"type": "string"},
            "validation_file": {"type": ["string", "null"]},
            "suffix": {"type": ["string", "null"]},
            "seed": {"type": ["integer", "null"]},
            "metadata": {"type": ["object", "null"], "additionalProperties": {"type": "string"}},
            "integrations": {"type": ["array", "null"]},
            "hyperparameters": {
                "type": "object",
                "properties": {
                    "n_epochs": _AUTO_OR_NUMBER,
                    "batch_size": _AUTO_OR_NUMBER,
                    "learning_rate_multiplier": _AUTO_OR_NUMBER,
                },
            },
            "method": {
                "type": "object",
                "properties": {
                    "type": {"type": "string", "enum": ["supervised", "dpo", "reinforcement"]},
                    "supervised": {"type": "object", "properties": {"hyperparameters": {"type": "object"}}},
                    "dpo": {"type": "object", "properties": {"hyperparameters": {"type": "object"}}},
                },
            },
        },
    },
    ("post", "/v1/chat/completions"): {
        "type": "object",
        "required": ["model", "messages"],
        "properties": {**_SAMPLING, "messages": {"type": "array", "items": _MESSAGE}},
    },
    ("post", "/v1/completions"): {
        "type": "object",
        "required": ["model", "prompt"],
        "properties": {
            **_SAMPLING,
            "prompt": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
            "echo": _ANY,
            "best_of": _ANY,
            "suffix": _ANY,
        },
    },
    ("post", "/v1/uploads"): {
        "type": "object",
        "required": ["purpose", "filename", "bytes", "mime_type"],
        "properties": {
            "purpose": _ANY,
            "filename": {"type": "string"},
            "bytes": {"type": "integer"},
            "mime_type": {"type": "string"},
        },
    },
    ("post", "/v1/uploads/{upload_id}/complete"): {
        "type": "object",
        "required": ["part_ids"],
        "properties": {"part_ids": {"type": "array"}, "md5": {"type": "string"}},
    },
    ("post", "/v1/files"): {
        "type": "object",
        "required": ["file", "purpose"],
        "properties": {"file": {"type": "string", "format": "binary"}, "purpose": {"type": "string"}},
    },
    ("post", "/v1/uploads/{upload_id}/parts"): {
        "type": "object",
        "required": ["data"],
        "properties": {"data": {"type": "string", "format": "binary"}},
    },
}
MULTIPART = {("post", "/v1/files"), ("post", "/v1/uploads/{upload_id}/parts")}


def with_request_bodies(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the hand-read request bodies to FastAPI's schema (in place; returns it)."""
    for (method, path), body in REQUEST_BODIES.items():
        operation = schema.get("paths", {}).get(path, {}).get(method)
        if operation is None:
            continue
        media = "multipart/form-data" if (method, path) in MULTIPART else "application/json"
        operation["requestBody"] = {"required": True, "content": {media: {"schema": body}}}
    return schema
