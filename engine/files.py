"""Files and the Uploads API: training data lands on disk, is validated, and gets an OpenAI file object."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path
from typing import Any, BinaryIO

from engine import datafiles
from engine.atomic import TMP_SUFFIX, atomic_writer
from engine.errors import APIError, bad_request, conflict, not_found
from engine.jobs import Paths
from engine.store import JSONObject, Store, new_id, now

MAX_FILE_BYTES = 512 * 1024**2
MAX_UPLOAD_BYTES = 8 * 1024**3
MAX_PART_BYTES = 64 * 1024**2
UPLOAD_LIFETIME = 3600
PURPOSES = {"fine-tune"}
COPY_CHUNK = 1024 * 1024
MD5_PATTERN = re.compile(r"[0-9a-fA-F]{32}")


def copy_limited(source: BinaryIO, target: Path, limit: int, what: str) -> tuple[int, str]:
    """Copy a stream to a file in chunks; refuse when it grows past ``limit`` bytes.

    Returns the size and the MD5 (hex) of what was written. The file appears whole or not at all
    (a refused, failed or killed copy leaves only a ``.tmp`` file that the startup sweep removes).
    """
    written = 0
    digest = hashlib.md5(usedforsecurity=False)
    with atomic_writer(target) as out:
        while chunk := source.read(COPY_CHUNK):
            written += len(chunk)
            if written > limit:
                raise APIError(
                    413,
                    f"The {what} is larger than {limit // 1024**2} MB.",
                    param="file",
                    code="file_too_large",
                )
            digest.update(chunk)
            out.write(chunk)
    return written, digest.hexdigest()


class Files:
    def __init__(self, store: Store, paths: Paths) -> None:
        self.store = store
        self.paths = paths

    def _check_purpose(self, purpose: object) -> str:
        if not isinstance(purpose, str) or purpose not in PURPOSES:
            raise bad_request(
                f"Invalid purpose {purpose!r}: the local engine accepts 'fine-tune' files.", param="purpose"
            )
        return str(purpose)

    def create(self, stream: BinaryIO, filename: str, purpose: object) -> JSONObject:
        purpose = self._check_purpose(purpose)
        file_id = new_id("file-")
        path = self.paths.files / f"{file_id}.jsonl"
        size, _md5 = copy_limited(stream, path, MAX_FILE_BYTES, "file (use the Uploads API for larger files)")
        return self._register(file_id, path, size, filename, purpose)

    def _register(self, file_id: str, path: Path, size: int, filename: str, purpose: str) -> JSONObject:
        """Validate a written file and record it; on any failure the file is removed, never left."""
        try:
            return self._validate_and_insert(file_id, path, size, filename, purpose)
        except BaseException:
            path.unlink(missing_ok=True)
            raise

    def _validate_and_insert(
        self, file_id: str, path: Path, size: int, filename: str, purpose: str
    ) -> JSONObject:
        if not filename.lower().endswith(".jsonl"):
            raise bad_request(
                f"Invalid file format for fine-tuning: '{filename}' is not a .jsonl file.",
                param="file",
                code="invalid_file_format",
            )
        try:
            summary = datafiles.validate_jsonl(path)
        except datafiles.InvalidFileError as error:
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
        # The data goes first: on a full disk that is what makes room for the database's own write.
        path.unlink(missing_ok=True)  # a job keeps its own link to the data it trains on
        self.store.delete("files", file_id)
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
        size, md5 = copy_limited(stream, path, MAX_PART_BYTES, "upload part")
        # Read, change and write the parts list as one: parts added in parallel all stay.
        try:
            with self.store.transaction():
                self._pending_upload(upload_id)  # cancelled or completed while the part streamed in?
                parts = dict(self.store.get_internal("uploads", upload_id)["parts"])
                parts[part_id] = {"path": str(path), "bytes": size, "md5": md5}
                self.store.update("uploads", upload_id, internal_changes={"parts": parts})
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return {"id": part_id, "object": "upload.part", "created_at": now(), "upload_id": upload_id}

    def complete_upload(self, upload_id: str, body: JSONObject) -> JSONObject:
        upload = self._pending_upload(upload_id)
        part_ids = body.get("part_ids")
        if (
            not isinstance(part_ids, list)
            or not part_ids
            or not all(isinstance(p, str) and p for p in part_ids)
        ):
            raise bad_request("'part_ids' must be a non-empty list of part ids", param="part_ids")
        if len(set(part_ids)) != len(part_ids):
            raise bad_request("'part_ids' names a part more than once", param="part_ids")
        expected_md5 = body.get("md5")
        if expected_md5 is not None and (
            not isinstance(expected_md5, str) or not MD5_PATTERN.fullmatch(expected_md5)
        ):
            raise bad_request("'md5' must be the 32 hexadecimal digits of an MD5 checksum", param="md5")
        parts = self.store.get_internal("uploads", upload_id)["parts"]
        unknown = [p for p in part_ids if p not in parts]
        if unknown:
            raise bad_request(f"Unknown part id(s): {', '.join(unknown)}", param="part_ids")
        total = sum(parts[p]["bytes"] for p in part_ids)
        if total != upload["bytes"]:
            raise bad_request(
                f"The parts hold {total} bytes but the upload was created for {upload['bytes']}.",
                param="part_ids",
            )
        file_id = new_id("file-")
        path = self.paths.files / f"{file_id}.jsonl"
        digest = hashlib.md5(usedforsecurity=False)
        with atomic_writer(path) as out:
            for part_id in part_ids:
                with open(parts[part_id]["path"], "rb") as part:
                    while chunk := part.read(COPY_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
        if expected_md5 is not None and digest.hexdigest() != expected_md5.lower():
            path.unlink(missing_ok=True)
            raise bad_request(
                f"The parts' MD5 checksum is {digest.hexdigest()}, not the {expected_md5} given: "
                "a part was damaged or is missing. Nothing was created; upload the parts again.",
                param="md5",
                code="md5_mismatch",
            )
        file = self._register(file_id, path, total, upload["filename"], upload["purpose"])
        shutil.rmtree(self.paths.uploads / upload_id, ignore_errors=True)
        return self.store.update("uploads", upload_id, {"status": "completed", "file": file})

    def cancel_upload(self, upload_id: str) -> JSONObject:
        self._pending_upload(upload_id)
        shutil.rmtree(self.paths.uploads / upload_id, ignore_errors=True)
        return self.store.update("uploads", upload_id, {"status": "cancelled"})


def sweep(store: Store, paths: Paths) -> list[str]:
    """Remove what killed or failed requests left behind; returns what was removed (for the log).

    Runs at startup, while this process holds the data folder's lock, so nothing is being written:
    temporary files of interrupted writes, files no file object names, folders of uploads that are
    no longer pending (or whose pending time ran out), and folders of jobs that were never created.
    """
    removed: list[str] = []

    def remove(path: Path) -> None:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(str(path.relative_to(paths.data_dir)))

    for folder in (paths.data_dir, paths.files, paths.uploads, paths.jobs):
        for path in folder.glob(f".*{TMP_SUFFIX}"):
            remove(path)
    known_files = {Path(internal["path"]).name for _file, internal in store.select("files")}
    for path in paths.files.iterdir():
        if path.is_file() and path.name not in known_files:
            remove(path)
    moment = now()
    for upload, _internal in store.select("uploads", "json_extract(data, '$.status') = 'pending'"):
        if moment > upload["expires_at"]:
            store.update("uploads", upload["id"], {"status": "expired"})
    pending = {
        upload["id"]: internal
        for upload, internal in store.select("uploads", "json_extract(data, '$.status') = 'pending'")
    }
    for folder in paths.uploads.iterdir():
        if folder.name not in pending:
            remove(folder)
            continue
        listed = {Path(part["path"]).name for part in pending[folder.name].get("parts", {}).values()}
        for part in folder.iterdir():
            if part.name not in listed:  # written, but the request died before it was recorded
                remove(part)
    known_jobs = {job["id"] for job, _internal in store.select("jobs")}
    for folder in paths.jobs.iterdir():
        if folder.name not in known_jobs:
            remove(folder)
    return removed
