"""Files and the Uploads API: training data lands on disk, is validated, and gets an OpenAI file object."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, BinaryIO

from engine import datafiles
from engine.errors import APIError, bad_request, conflict, not_found
from engine.jobs import Paths
from engine.store import JSONObject, Store, new_id, now

MAX_FILE_BYTES = 512 * 1024**2
MAX_UPLOAD_BYTES = 8 * 1024**3
MAX_PART_BYTES = 64 * 1024**2
UPLOAD_LIFETIME = 3600
PURPOSES = {"fine-tune"}
COPY_CHUNK = 1024 * 1024


def copy_limited(source: BinaryIO, target: Path, limit: int, what: str) -> int:
    """Copy a stream to a file in chunks; refuse (and remove it) when it grows past ``limit`` bytes."""
    written = 0
    with target.open("wb") as out:
        while chunk := source.read(COPY_CHUNK):
            written += len(chunk)
            if written > limit:
                out.close()
                target.unlink(missing_ok=True)
                raise bad_request(
                    f"The {what} is larger than {limit // 1024**2} MB.", param="file", code="file_too_large"
                )
            out.write(chunk)
    return written


class Files:
    def __init__(self, store: Store, paths: Paths) -> None:
        self.store = store
        self.paths = paths

    def _check_purpose(self, purpose: object) -> str:
        if purpose not in PURPOSES:
            raise bad_request(
                f"Invalid purpose {purpose!r}: the local engine accepts 'fine-tune' files.", param="purpose"
            )
        return str(purpose)

    def create(self, stream: BinaryIO, filename: str, purpose: object) -> JSONObject:
        purpose = self._check_purpose(purpose)
        file_id = new_id("file-")
        path = self.paths.files / f"{file_id}.jsonl"
        size = copy_limited(stream, path, MAX_FILE_BYTES, "file (use the Uploads API for larger files)")
        return self._register(file_id, path, size, filename, purpose)

    def _register(self, file_id: str, path: Path, size: int, filename: str, purpose: str) -> JSONObject:
        if not filename.lower().endswith(".jsonl"):
            path.unlink(missing_ok=True)
            raise bad_request(
                f"Invalid file format for fine-tuning: '{filename}' is not a .jsonl file.",
                param="file",
                code="invalid_file_format",
            )
        try:
            summary = datafiles.validate_jsonl(path)
        except datafiles.InvalidFileError as error:
            path.unlink(missing_ok=True)
            raise bad_request(str(error), param="file", code="invalid_file_format") from error
        file = {
            "id": file_id,
            "object": "file",
            "bytes": size,
            "created_at": now(),
            "filename": filename,
            "purpose": purpose,
            "status": "processed",
            "status_details": None,
            "expires_at": None,
        }
        internal = {"path": str(path), "kind": summary.kind, "examples": summary.examples}
        self.store.insert("files", file, internal, purpose=purpose)
        return file

    def get(self, file_id: str) -> JSONObject:
        file = self.store.get("files", file_id)
        if file is None:
            raise not_found("file", file_id, param="file_id")
        return file

    def path(self, file_id: str) -> Path:
        self.get(file_id)
        return Path(self.store.get_internal("files", file_id)["path"])

    def list(self, purpose: str | None, after: str | None, limit: int, order: str) -> dict[str, Any]:
        where, parameters = ("purpose = ?", (purpose,)) if purpose else ("", ())
        try:
            page = self.store.page("files", after, limit, where, parameters, newest_first=order != "asc")
        except KeyError as error:
            raise bad_request(f"No file '{after}' to list after", param="after") from error
        return page.as_list()

    def delete(self, file_id: str) -> JSONObject:
        path = self.path(file_id)
        self.store.delete("files", file_id)
        path.unlink(missing_ok=True)  # a job keeps its own link to the data it trains on
        return {"id": file_id, "object": "file", "deleted": True}

    # --- Uploads API -------------------------------------------------------------------------------

    def create_upload(self, body: JSONObject) -> JSONObject:
        purpose = self._check_purpose(body.get("purpose"))
        filename, size = body.get("filename"), body.get("bytes")
        if not isinstance(filename, str) or not filename:
            raise bad_request("'filename' is required", param="filename")
        if isinstance(size, bool) or not isinstance(size, int) or not 0 < size <= MAX_UPLOAD_BYTES:
            raise bad_request(f"'bytes' must be from 1 to {MAX_UPLOAD_BYTES} (8 GB)", param="bytes")
        created = now()
        upload: JSONObject = {
            "id": new_id("upload_"),
            "object": "upload",
            "bytes": size,
            "created_at": created,
            "expires_at": created + UPLOAD_LIFETIME,
            "filename": filename,
            "purpose": purpose,
            "status": "pending",
            "file": None,
        }
        self.store.insert("uploads", upload, {"parts": {}})
        (self.paths.uploads / upload["id"]).mkdir(parents=True, exist_ok=True)
        return upload

    def _pending_upload(self, upload_id: str) -> JSONObject:
        upload = self.store.get("uploads", upload_id)
        if upload is None:
            raise not_found("upload", upload_id, param="upload_id")
        if upload["status"] == "pending" and now() > upload["expires_at"]:
            upload = self.store.update("uploads", upload_id, {"status": "expired"})
            shutil.rmtree(self.paths.uploads / upload_id, ignore_errors=True)
        if upload["status"] != "pending":
            raise conflict(f"Upload {upload_id} is {upload['status']}.")
        return upload

    def add_part(self, upload_id: str, stream: BinaryIO) -> JSONObject:
        self._pending_upload(upload_id)
        part_id = new_id("part_")
        path = self.paths.uploads / upload_id / part_id
        size = copy_limited(stream, path, MAX_PART_BYTES, "upload part")
        parts = dict(self.store.get_internal("uploads", upload_id)["parts"])
        parts[part_id] = {"path": str(path), "bytes": size}
        self.store.update("uploads", upload_id, internal_changes={"parts": parts})
        return {"id": part_id, "object": "upload.part", "created_at": now(), "upload_id": upload_id}

    def complete_upload(self, upload_id: str, body: JSONObject) -> JSONObject:
        upload = self._pending_upload(upload_id)
        part_ids = body.get("part_ids")
        if not isinstance(part_ids, list) or not part_ids:
            raise bad_request("'part_ids' must be a non-empty list", param="part_ids")
        parts = self.store.get_internal("uploads", upload_id)["parts"]
        unknown = [p for p in part_ids if p not in parts]
        if unknown:
            raise bad_request(f"Unknown part id(s): {', '.join(map(str, unknown))}", param="part_ids")
        total = sum(parts[p]["bytes"] for p in part_ids)
        if total != upload["bytes"]:
            raise bad_request(
                f"The parts hold {total} bytes but the upload was created for {upload['bytes']}.",
                param="part_ids",
            )
        file_id = new_id("file-")
        path = self.paths.files / f"{file_id}.jsonl"
        with path.open("wb") as out:
            for part_id in part_ids:
                with open(parts[part_id]["path"], "rb") as part:
                    shutil.copyfileobj(part, out, COPY_CHUNK)
        file = self._register(file_id, path, total, upload["filename"], upload["purpose"])
        shutil.rmtree(self.paths.uploads / upload_id, ignore_errors=True)
        return self.store.update("uploads", upload_id, {"status": "completed", "file": file})

    def cancel_upload(self, upload_id: str) -> JSONObject:
        self._pending_upload(upload_id)
        shutil.rmtree(self.paths.uploads / upload_id, ignore_errors=True)
        return self.store.update("uploads", upload_id, {"status": "cancelled"})


def reject_oversized(declared: int | None) -> None:
    if declared is not None and declared > MAX_FILE_BYTES + COPY_CHUNK:
        raise APIError(413, "The request is larger than 512 MB; use the Uploads API.", code="file_too_large")
