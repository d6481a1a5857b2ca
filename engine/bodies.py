"""Request bodies every route shares: size limits, JSON parsing, and the checks no handler repeats.

A body is refused with a 400 (or 413) in OpenAI's error shape, naming the parameter, when it is not
JSON, nests deeper than any real request (`MAX_DEPTH`), holds a lone UTF-16 surrogate (``"\\ud800"``:
not text, and it breaks every tokenizer), or a NaN/Infinity number (Python's json reads those
literals; JSON has no such numbers). The handlers then only see plain, finite, shallow JSON.
"""

from __future__ import annotations

import json
import math
from typing import Any

from engine.errors import APIError, bad_request

MAX_DEPTH = 64  # a chat request with tools and a JSON schema nests about 12 deep
MAX_JSON_BODY_BYTES = 32 * 1024**2


def is_text(value: str) -> bool:
    """False for a string with a lone surrogate, which UTF-8 can't hold."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def find_problem(value: Any, root: str = "") -> tuple[str, str] | None:
    """(path, what is wrong) for the first value a handler must never see, or None.

    Walks without recursion, so no nesting depth can overflow the stack.
    """
    stack: list[tuple[Any, str, int]] = [(value, root, 0)]
    while stack:
        item, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            return path, f"is nested more than {MAX_DEPTH} levels deep"
        if isinstance(item, str):
            if not is_text(item):
                return path, "holds a lone UTF-16 surrogate (\\ud800-\\udfff), which is not text"
        elif isinstance(item, float):
            if not math.isfinite(item):
                return path, f"is {item!r}, which is not a JSON number"
        elif isinstance(item, dict):
            children: list[tuple[Any, str, int]] = []
            for key, child in item.items():
                child_path = _join(path, str(key) if is_text(str(key)) else ascii(key))
                if not is_text(str(key)):
                    return child_path, "is a key with a lone UTF-16 surrogate, which is not text"
                children.append((child, child_path, depth + 1))
            stack.extend(reversed(children))  # the first problem in reading order is reported
        elif isinstance(item, list):
            stack.extend((child, f"{path}[{i}]", depth + 1) for i, child in reversed(list(enumerate(item))))
    return None


def parse_json(raw: bytes) -> Any:
    """Parse JSON text, or raise a 400 that says what is wrong (and where, when it can)."""
    try:
        value = json.loads(raw)
    except RecursionError:
        raise bad_request(
            f"The JSON body is nested too deeply (at most {MAX_DEPTH} levels are accepted)."
        ) from None
    except (ValueError, UnicodeDecodeError):
        raise bad_request(
            "We could not parse the JSON body of your request. The body must be a JSON object."
        ) from None
    problem = find_problem(value)
    if problem is not None:
        path, what = problem
        where = f"'{path}'" if path else "The body"
        raise bad_request(f"Invalid value: {where} {what}.", param=path or None)
    return value


def check_declared_size(content_length: str | None, limit: int, what: str, hint: str = "") -> None:
    """Refuse a body whose declared length is over ``limit`` before reading any of it (413)."""
    if content_length is None:
        return
    try:
        declared = int(content_length)
    except ValueError:
        raise bad_request("The Content-Length header is not a number.") from None
    if declared > limit:
        raise APIError(
            413,
            f"The {what} is {declared} bytes, larger than the {limit // 1024**2} MB allowed{hint}.",
            code="file_too_large" if what != "request" else "request_too_large",
            param="file" if what != "request" else None,
        )


class JSONBodyGuard:
    """ASGI middleware: the same checks for the JSON body of every route, whoever wrote its handler.

    A POST/PUT/PATCH body that is not a form is read once here: too large (413), nested too deeply,
    with a lone surrogate or NaN/Infinity (400) never reaches a handler; any other body is passed on
    unchanged (a handler answers text that is no JSON at all in its own words).
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        headers = {key.decode("latin-1").lower(): value.decode("latin-1") for key, value in scope["headers"]}
        content_type = headers.get("content-type", "").lower()
        if content_type.startswith(("multipart/", "application/x-www-form-urlencoded")):
            await self.app(scope, receive, send)
            return
        try:
            check_declared_size(headers.get("content-length"), MAX_JSON_BODY_BYTES, "request")
            raw = bytearray()
            while True:
                message = await receive()
                if message["type"] != "http.request":
                    return  # the client went away
                raw.extend(message.get("body", b""))
                if len(raw) > MAX_JSON_BODY_BYTES:
                    check_declared_size(str(len(raw)), MAX_JSON_BODY_BYTES, "request")
                if not message.get("more_body", False):
                    break
            if raw.strip():
                _refuse_hazards(bytes(raw))
        except APIError as error:
            from fastapi.responses import JSONResponse

            await JSONResponse(error.body(), status_code=error.status)(scope, receive, send)
            return
        delivered = False

        async def replay() -> Any:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": bytes(raw), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def _refuse_hazards(raw: bytes) -> None:
    """parse_json's refusals, except that text which is no JSON at all is left to the handler."""
    try:
        value = json.loads(raw)
    except RecursionError:
        parse_json(raw)  # raises its 400
        return
    except (ValueError, UnicodeDecodeError):
        return
    if find_problem(value) is not None:
        parse_json(raw)  # raises the 400 that names the path
