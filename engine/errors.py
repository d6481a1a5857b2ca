"""Errors in OpenAI's shape (``{"error": {"message", "type", "param", "code"}}``) and status codes."""

from __future__ import annotations

from typing import Any


class APIError(Exception):
    def __init__(
        self,
        status: int,
        message: str,
        error_type: str = "invalid_request_error",
        param: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.error_type = error_type
        self.param = param
        self.code = code

    def body(self) -> dict[str, Any]:
        return error_body(self.message, self.error_type, self.param, self.code)


def error_body(
    message: str, error_type: str = "invalid_request_error", param: str | None = None, code: str | None = None
) -> dict[str, Any]:
    return {"error": {"message": message, "type": error_type, "param": param, "code": code}}


def bad_request(message: str, param: str | None = None, code: str | None = None) -> APIError:
    return APIError(400, message, param=param, code=code)


def not_found(kind: str, object_id: str, param: str | None = None) -> APIError:
    return APIError(
        404, f"No such {kind}: '{object_id}'", param=param, code=f"{kind.replace(' ', '_')}_not_found"
    )


def conflict(message: str) -> APIError:
    return APIError(409, message, code="invalid_state")
