"""Fine-tuning jobs: creation, the queue (one job trains at a time), cancel/pause/resume, recovery.

A job's folder (``DATA_DIR/jobs/JOB_ID``) holds its own copy of the data, its base model when that
is tiny-random, its checkpoints (one per epoch, the last 3 kept), the state of a pause, and the
final adapter. The training libraries are imported only when a job runs.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import shutil
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine import base_catalog, catalog, datafiles, hyperparams
from engine.atomic import atomic_write
from engine.errors import APIError, bad_request, conflict
from engine.store import JSONObject, Store, new_id, now

if TYPE_CHECKING:
    from engine.base_fetch import BaseFetcher

log = logging.getLogger("engine.jobs")

TERMINAL = {"succeeded", "failed", "cancelled"}
KEPT_CHECKPOINTS = 3
MAX_RECOVERIES = 3  # restarts in the middle of one job before it is failed
PROGRESS_WRITE_INTERVAL = 1.0  # seconds between writes of trained_tokens / estimated_finish
SUFFIX_LIMIT = 64
METADATA_PAIRS, METADATA_KEY_LIMIT, METADATA_VALUE_LIMIT = 16, 64, 512
STATE_SUMMARY = "state.json"  # written last by the trainer: its presence marks a complete state
STOP_WAIT = 10.0  # seconds a pause or cancel waits for the running step to end before answering
INSTALL_HINT = "pip install 'finetune-desk[engine]' (torch==2.13.0, transformers, peft)"


@dataclass
class Paths:
    data_dir: Path

    @property
    def files(self) -> Path:
        return self.data_dir / "files"

    @property
    def jobs(self) -> Path:
        return self.data_dir / "jobs"

    @property
    def models(self) -> Path:
        return self.data_dir / "models"

    @property
    def uploads(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def cache(self) -> Path:
        return self.data_dir / "cache"

    def job(self, job_id: str) -> Path:
        return self.jobs / job_id

    def create(self) -> None:
        for folder in (self.files, self.jobs, self.models, self.uploads, self.cache):
            folder.mkdir(parents=True, exist_ok=True)


def fine_tuned_model_id(base: catalog.BaseModel, suffix: str | None, job_id: str) -> str:
    return f"ft:{base.short_name()}:local:{suffix or ''}:{job_id}"


def link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _object_or_none(value: object, name: str) -> JSONObject:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise bad_request(f"'{name}' must be an object", param=name)
    return value


def latest_state(job_dir: Path) -> Path | None:
    """The newest saved training state in a job folder (a pause or a checkpoint), by step."""
    candidates = [job_dir / "pause", *(job_dir / "checkpoints").glob("step-*")]
    best: tuple[int, Path] | None = None
    for folder in candidates:
        try:
            step = int(json.loads((folder / STATE_SUMMARY).read_text())["step"])
        except (OSError, ValueError, KeyError):
            continue  # absent, or cut short by a crash while it was written
        if best is None or step > best[0]:
            best = (step, folder)
    return best[1] if best else None


class JobManager:
    def __init__(self, store: Store, paths: Paths) -> None:
        self.store = store
        self.paths = paths
        self._wake = threading.Condition()
        self._stop_requests: dict[str, str] = {}
        self._running_job: str | None = None
        self._shutdown = False
        self._warming = False
        self._thread = threading.Thread(target=self._work, name="training-queue", daemon=True)
        self.base_fetcher: BaseFetcher | None = None  # set by engine.extension: downloads hub models

    # --- life cycle --------------------------------------------------------------------------------

    def start(self) -> None:
        self._recover()
        self._thread.start()

    def stop(self, timeout: float = 10) -> None:
        """Stop the queue; a running job saves its state at its next step (within ``timeout``) and
        stays "running" in the database, so the next start resumes it without counting a crash."""
        with self._wake:
            self._shutdown = True
            if self._running_job:
                self._stop_requests.setdefault(self._running_job, "shutdown")
                self.store.update("jobs", self._running_job, internal_changes={"clean_stop": True})
            self._wake.notify_all()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _recover(self) -> None:
        """Jobs the last process left running go back in the queue, to resume from their last state."""
        for job, internal in self.store.select(
            "jobs", "status IN ('running', 'pausing', 'validating_files')"
        ):
            # A clean shutdown (the app closed) is not a crash: only crashes count towards giving up.
            recoveries = int(internal.get("recoveries", 0)) + (0 if internal.get("clean_stop") else 1)
            if recoveries > MAX_RECOVERIES:
                # The job itself may be what brings the engine down (e.g. out of memory): stop retrying.
                self._finish(
                    job["id"],
                    "failed",
                    "The engine stopped repeatedly while training this job",
                    {
                        "code": "engine_stopped",
                        "message": f"The engine stopped {recoveries} times while this job was running "
                        "(out of memory?). Try a smaller batch size or model.",
                        "param": None,
                    },
                )
                continue
            resume = self._latest_state(job["id"])
            stopped = "The engine was shut down" if internal.get("clean_stop") else "The engine stopped"
            if resume is None:
                message = f"{stopped} while this job was running; it starts again from the beginning."
            else:
                message = f"{stopped} while this job was running; it resumes from {resume.name}."
            self.store.update(
                "jobs",
                job["id"],
                {"status": "queued", "estimated_finish": None},
                {"recoveries": recoveries, "clean_stop": False},
            )
            self.store.add_event(job["id"], message, level="warn")
            log.warning("job %s: %s", job["id"], message)

    def _latest_state(self, job_id: str) -> Path | None:
        return latest_state(self.paths.job(job_id))

    # --- API operations ----------------------------------------------------------------------------

    def create(self, body: JSONObject) -> JSONObject:
        model_name = body.get("model")
        if not isinstance(model_name, str) or not model_name:
            raise bad_request("'model' is required", param="model")
        base, init_adapter = self._continued_model(model_name)
        if base is None:
            base = catalog.find_base_model(model_name, self.paths.models)
        if base is None:
            raise APIError(
                404,
                f"The model '{model_name}' does not exist or is not available for fine-tuning here.",
                param="model",
                code="model_not_found",
            )
        training_id = body.get("training_file")
        if not isinstance(training_id, str) or not training_id:
            raise bad_request("'training_file' is required", param="training_file")
        self._fine_tune_file(training_id, "training_file")
        validation_id = body.get("validation_file")
        validation = self._fine_tune_file(validation_id, "validation_file") if validation_id else None

        method = body.get("method") or {}
        if not isinstance(method, dict):
            raise bad_request("'method' must be an object", param="method")
        method_type = method.get("type") or "supervised"
        if method_type not in ("supervised", "dpo"):
            raise bad_request(
                f"Method '{method_type}' is not supported by the local engine (supervised or dpo).",
                param="method.type",
            )
        settings = method.get(method_type) or {}
        if not isinstance(settings, dict):
            raise bad_request(f"'method.{method_type}' must be an object", param=f"method.{method_type}")
        given: JSONObject = dict(_object_or_none(body.get("hyperparameters"), "hyperparameters"))
        given.update(
            _object_or_none(settings.get("hyperparameters"), f"method.{method_type}.hyperparameters")
        )
        integrations = body.get("integrations")
        if integrations not in (None, []):
            raise bad_request(
                "The local engine does not report to outside services: 'integrations' (such as "
                "Weights & Biases) can't be used here. Follow the job's events and metrics instead.",
                param="integrations",
            )
        training_internal = self.store.get_internal("files", training_id)
        kind, examples = training_internal.get("kind"), int(training_internal.get("examples", 0))
        wanted_kinds = {
            "dpo": {datafiles.PREFERENCE},
            "supervised": {datafiles.CHAT, datafiles.PROMPT_COMPLETION},
        }
        if kind not in wanted_kinds[method_type]:
            raise bad_request(
                f"Training file {training_id} holds {kind} examples, which {method_type} fine-tuning "
                "can't use.",
                param="training_file",
                code="invalid_training_file",
            )
        if examples < datafiles.MIN_TRAINING_EXAMPLES:
            raise bad_request(
                f"Training file {training_id} has {examples} example(s), but must have at least "
                f"{datafiles.MIN_TRAINING_EXAMPLES} examples.",
                param="training_file",
                code="invalid_training_file",
            )
        if validation is not None and self.store.get_internal("files", validation["id"]).get("kind") != kind:
            raise bad_request(
                "The validation file must hold the same kind of examples as the training file.",
                param="validation_file",
                code="invalid_validation_file",
            )
        wanted = hyperparams.validate(given)
        if base.context_length is None:
            base = base_catalog.base_model_for(model_name, self.paths.models) or base
        if init_adapter and wanted.lora_rank not in (None, base.lora_rank):
            raise bad_request(
                f"lora_rank must stay {base.lora_rank} when continuing {model_name} (its adapter's rank).",
                param="lora_rank",
            )
        resolved = hyperparams.resolve(wanted, base, examples, method_type)
        hyperparameters: JSONObject = resolved.public()
        suffix = body.get("suffix")
        if suffix is not None and (
            not isinstance(suffix, str) or len(suffix) > SUFFIX_LIMIT or ":" in suffix
        ):
            raise bad_request(
                f"'suffix' must be text of at most {SUFFIX_LIMIT} characters without ':'", param="suffix"
            )
        seed = body.get("seed")
        if seed is None:
            seed = int.from_bytes(os.urandom(3), "big")
        elif isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= 2_147_483_647:
            raise bad_request("'seed' must be a whole number between 0 and 2147483647", param="seed")
        metadata = self._metadata(body.get("metadata"))

        job_id = new_id("ftjob-")
        job_dir = self.paths.job(job_id)
        job_dir.mkdir(parents=True)
        try:
            link_or_copy(
                Path(self.store.get_internal("files", training_id)["path"]), job_dir / "training.jsonl"
            )
            if validation is not None:
                link_or_copy(
                    Path(self.store.get_internal("files", validation["id"])["path"]),
                    job_dir / "validation.jsonl",
                )
        except BaseException:
            shutil.rmtree(job_dir, ignore_errors=True)  # a job that was never created leaves nothing
            raise
        job: JSONObject = {
            "id": job_id,
            "object": "fine_tuning.job",
            "created_at": now(),
            "error": None,
            "fine_tuned_model": None,
            "finished_at": None,
            "hyperparameters": {
                k: hyperparameters[k] for k in ("batch_size", "learning_rate_multiplier", "n_epochs")
            },
            "model": model_name,
            "organization_id": "org-local",
            "result_files": [],
            "seed": seed,
            "status": "queued",
            "trained_tokens": None,
            "training_file": training_id,
            "validation_file": validation["id"] if validation else None,
            "estimated_finish": None,
            "integrations": [],
            "metadata": metadata,
            "method": {"type": method_type, method_type: {"hyperparameters": hyperparameters}},
            "user_provided_suffix": suffix,
        }
        internal = {
            "base_id": base.id,
            "base_source": base.source,
            "lora_rank": resolved.lora_rank,
            "learning_rate": resolved.learning_rate,
            "max_length": resolved.max_seq_length,
            "gradient_checkpointing": resolved.gradient_checkpointing,
            "base_learning_rate": base.base_learning_rate,
            "base_name": base.short_name(),
            "model_id": fine_tuned_model_id(base, suffix, job_id),
            "examples": examples,
            "init_adapter": init_adapter,
        }
        try:
            self.store.insert("jobs", job, internal, status="queued")
        except BaseException:
            shutil.rmtree(job_dir, ignore_errors=True)
            raise
        self.store.add_event(job_id, f"Created fine-tuning job: {job_id}")
        self.store.add_event(
            job_id,
            f"Validated training file: {training_id} ({examples} {kind} examples); hyperparameters "
            + ", ".join(f"{k}={v}" for k, v in hyperparameters.items())
            + f", learning rate {internal['learning_rate']:g}",
        )
        log.info("job %s queued on %s", job_id, model_name)
        with self._wake:
            self._wake.notify_all()
        return job

    def _continued_model(self, model_id: str) -> tuple[catalog.BaseModel | None, str | None]:
        """A fine-tuned model (or checkpoint) to train further: its base, and its adapter to start from."""
        rows = self.store.select("models", "id = ?", (model_id,))
        if not rows:
            return None, None
        model_internal = rows[0][1]
        origin = self.store.get_internal("jobs", str(model_internal.get("job_id", "")))
        origin = origin or dict(model_internal.get("origin") or {})  # an imported adapter has no job
        base = catalog.BaseModel(
            id=model_id,
            source=model_internal["base_folder"],
            description=f"Continues {model_id}",
            lora_rank=int(origin.get("lora_rank", catalog.DEFAULT_LORA_RANK)),
            base_learning_rate=float(origin.get("base_learning_rate", catalog.DEFAULT_BASE_LEARNING_RATE)),
            max_length=int(origin.get("max_length", catalog.DEFAULT_MAX_LENGTH)),
            name_in_ids=str(origin.get("base_name") or origin.get("base_id") or "model"),
        )
        return base, model_internal["adapter_dir"]

    def _fine_tune_file(self, file_id: object, param: str) -> JSONObject:
        if not isinstance(file_id, str):
            raise bad_request(f"'{param}' must be a file id", param=param)
        file = self.store.get("files", file_id)
        if file is None:
            raise APIError(404, f"No such file: '{file_id}'", param=param, code="file_not_found")
        if file["purpose"] != "fine-tune":
            raise bad_request(
                f"File {file_id} has purpose '{file['purpose']}', not 'fine-tune'.",
                param=param,
                code="invalid_file_purpose",
            )
        return file

    @staticmethod
    def _metadata(value: object) -> JSONObject | None:
        if value is None:
            return None
        if not isinstance(value, dict) or len(value) > METADATA_PAIRS:
            raise bad_request(
                f"'metadata' must be an object of at most {METADATA_PAIRS} pairs", param="metadata"
            )
        for key, item in value.items():
            if len(key) > METADATA_KEY_LIMIT or not isinstance(item, str) or len(item) > METADATA_VALUE_LIMIT:
                raise bad_request(
                    f"metadata keys are at most {METADATA_KEY_LIMIT} characters and values text of at most "
                    f"{METADATA_VALUE_LIMIT}",
                    param="metadata",
                )
        return dict(value)

    def get(self, job_id: str) -> JSONObject:
        job = self.store.get("jobs", job_id)
        if job is None:
            # OpenAI's code for an unknown job id
            raise APIError(
                404,
                f"Could not find fine-tuning job: '{job_id}'",
                param="fine_tuning_job_id",
                code="fine_tune_not_found",
            )
        return job

    def cancel(self, job_id: str, wait: float = STOP_WAIT) -> JSONObject:
        """Cancel a job; a running one is answered once it has stopped (as OpenAI answers
        ``cancelled``), unless its step outlasts ``wait`` seconds."""
        with self._wake:
            job = self.get(job_id)
            if job["status"] in TERMINAL:
                raise conflict(f"Job {job_id} has already {job['status']}; it can't be cancelled.")
            if job_id != self._running_job:
                return self._finish(job_id, "cancelled", "Fine-tuning job cancelled")
            self._stop_requests[job_id] = "cancel"
        return self._wait_while(job_id, {"running", "pausing"}, wait)

    def pause(self, job_id: str, wait: float = STOP_WAIT) -> JSONObject:
        """Pause a running job; answered once its state is saved (``paused``, as OpenAI's example),
        or ``pausing`` when its step outlasts ``wait`` seconds."""
        with self._wake:
            job = self.get(job_id)
            if job["status"] != "running" or job_id != self._running_job:
                raise conflict(f"Only a running job can be paused; job {job_id} is {job['status']}.")
            self._stop_requests[job_id] = "pause"
            self.store.add_event(job_id, "Pausing the job at the next step")
            self.store.update("jobs", job_id, {"status": "pausing"})
        return self._wait_while(job_id, {"running", "pausing"}, wait)

    def _wait_while(self, job_id: str, statuses: set[str], wait: float) -> JSONObject:
        deadline = time.monotonic() + wait
        with self._wake:
            while True:
                job = self.get(job_id)
                left = deadline - time.monotonic()
                if job["status"] not in statuses or left <= 0 or self._running_job != job_id:
                    return job
                self._wake.wait(min(left, 0.5))

    def resume(self, job_id: str) -> JSONObject:
        with self._wake:
            job = self.get(job_id)
            if job["status"] != "paused":
                raise conflict(f"Only a paused job can be resumed; job {job_id} is {job['status']}.")
            self.store.add_event(job_id, "Fine-tuning job resumed; it is queued to continue")
            job = self.store.update("jobs", job_id, {"status": "queued"})
            self._wake.notify_all()
            return job

    def _finish(self, job_id: str, status: str, message: str, error: JSONObject | None = None) -> JSONObject:
        changes: JSONObject = {"status": status, "finished_at": now(), "estimated_finish": None}
        if error:
            changes["error"] = error
        job = self.store.update("jobs", job_id, changes)
        self.store.add_event(job_id, message, level="error" if status == "failed" else "info")
        log.info("job %s %s", job_id, status)
        return job

    # --- the queue ---------------------------------------------------------------------------------

    def _next_job(self) -> str | None:
        with self._wake:
            while not self._shutdown:
                queued = self.store.select("jobs", "status = 'queued'")
                if queued:
                    job_id = str(queued[0][0]["id"])
                    self._running_job = job_id
                    self.store.update("jobs", job_id, {"status": "running"})
                    return job_id
                self._wake.wait(timeout=5)
        return None

    def _work(self) -> None:
        while True:
            job_id = self._next_job()
            if job_id is None:
                return
            try:
                self._run(job_id)
            except Exception:  # the queue must outlive any one job
                log.exception("job %s crashed", job_id)
                self._finish(
                    job_id,
                    "failed",
                    "The job failed unexpectedly",
                    {"code": "internal_error", "message": traceback.format_exc(limit=3), "param": None},
                )
            finally:
                with self._wake:
                    self._running_job = None
                    self._stop_requests.pop(job_id, None)
                    self._wake.notify_all()  # a pause or cancel waiting for the job to stop

    def _run(self, job_id: str) -> None:
        job = self.get(job_id)
        internal = self.store.get_internal("jobs", job_id)
        try:
            from engine import trainer
        except ImportError as error:
            self._finish(
                job_id,
                "failed",
                "The training libraries are not installed",
                {
                    "code": "engine_dependencies_missing",
                    "message": f"The local engine can't train: {error}. Install them with {INSTALL_HINT}.",
                    "param": None,
                },
            )
            return
        if self.base_fetcher is not None:
            from engine.base_fetch import FetchFailed, FetchStopped

            try:  # a hub model not on this machine yet is downloaded first, with progress events
                internal["base_source"] = self.base_fetcher.folder_for(
                    internal["base_source"],
                    lambda text: self.store.add_event(job_id, text),
                    lambda: self.stop_request(job_id),
                )
            except FetchStopped as stopped:
                self._stopped(job_id, stopped.reason)
                return
            except FetchFailed as error:
                self._finish(
                    job_id,
                    "failed",
                    f"Fine-tuning failed: {error}",
                    {"code": error.code, "message": str(error), "param": "model"},
                )
                return
        job_dir = self.paths.job(job_id)
        resume_from = self._latest_state(job_id)  # a pause, or the last checkpoint before a crash
        if resume_from is not None:
            self._forget_steps_after(job_id, resume_from)
        self.store.add_event(
            job_id, "Fine-tuning job started" if resume_from is None else "Fine-tuning job continues"
        )
        hyperparameters = job["method"][job["method"]["type"]]["hyperparameters"]
        spec = trainer.TrainingSpec(
            job_dir=job_dir,
            method=job["method"]["type"],
            base_model=internal["base_source"],
            training_file=job_dir / "training.jsonl",
            validation_file=job_dir / "validation.jsonl" if job.get("validation_file") else None,
            n_epochs=int(hyperparameters["n_epochs"]),
            batch_size=int(hyperparameters["batch_size"]),
            learning_rate=float(internal["learning_rate"]),
            seed=int(job["seed"]),
            beta=float(hyperparameters.get("beta", catalog.DEFAULT_DPO_BETA)),
            lora_rank=int(internal["lora_rank"]),
            max_length=int(internal["max_length"]),
            resume_from=resume_from,
            init_adapter=Path(internal["init_adapter"]) if internal.get("init_adapter") else None,
            cache_dir=self.paths.cache / "tokens",
            max_seq_length=int(internal["max_length"]),
            gradient_checkpointing=internal.get("gradient_checkpointing"),  # None: the trainer decides
        )
        control = JobControl(self, job_id, internal)
        try:
            outcome = trainer.train(spec, control)
        except trainer.TrainingStopped as stopped:
            self._stopped(job_id, stopped.reason)
            return
        except trainer.TrainingError as error:
            self._finish(
                job_id,
                "failed",
                f"Fine-tuning failed: {error}",
                {"code": "training_failed", "message": str(error), "param": None},
            )
            return
        self._succeeded(job_id, internal, outcome.adapter_dir, outcome.trained_tokens)

    def _forget_steps_after(self, job_id: str, state: Path) -> None:
        """The steps a crash cut off after ``state`` are trained again: their old metrics go, so
        that the events and the result file hold each step once."""
        step = int(json.loads((state / STATE_SUMMARY).read_text())["step"])
        dropped = self.store.delete_metrics_after(job_id, step)
        if dropped:
            self.store.add_event(
                job_id,
                f"The metrics of {dropped} report(s) after step {step} were not saved in a checkpoint; "
                "those steps are trained again.",
                level="warn",
            )

    def _stopped(self, job_id: str, reason: str) -> None:
        if reason == "pause":
            self.store.update("jobs", job_id, {"status": "paused", "estimated_finish": None})
            self.store.add_event(job_id, "Fine-tuning job paused")
        elif reason == "shutdown":
            # Left as running, its state saved: the next start resumes it from there.
            self.store.add_event(
                job_id, "The engine is shutting down; the job resumes when it starts again", "warn"
            )
            log.warning("job %s: state saved for the next start", job_id)
        else:
            self._finish(job_id, "cancelled", "Fine-tuning job cancelled")

    def _succeeded(self, job_id: str, internal: JSONObject, adapter_dir: Path, trained_tokens: int) -> None:
        model_id = internal["model_id"]
        self.register_model(model_id, job_id, internal, adapter_dir, checkpoint=False)
        result_file = self.write_result_file(job_id)
        self.store.add_event(job_id, f"New fine-tuned model created: {model_id}")
        self.store.update(
            "jobs",
            job_id,
            {
                "fine_tuned_model": model_id,
                "trained_tokens": trained_tokens,
                "result_files": [result_file],
                "status": "succeeded",
                "finished_at": now(),
                "estimated_finish": None,
            },
        )
        self.store.add_event(job_id, "The job has successfully completed")
        shutil.rmtree(self.paths.job(job_id) / "pause", ignore_errors=True)
        log.info("job %s succeeded: %s", job_id, model_id)

    def register_model(
        self, model_id: str, job_id: str, internal: JSONObject, adapter_dir: Path, checkpoint: bool
    ) -> None:
        base_source = internal["base_source"]
        base_folder = str(self.paths.job(job_id) / "base") if base_source == "tiny-random" else base_source
        self.store.delete("models", model_id)
        self.store.insert(
            "models",
            {"id": model_id, "object": "model", "created": now(), "owned_by": "user"},
            {
                "base_folder": base_folder,
                "adapter_dir": str(adapter_dir),
                "checkpoint": checkpoint,
                "job_id": job_id,
            },
            job_id=job_id,
        )

    def write_result_file(self, job_id: str) -> str:
        """The metrics as CSV, like OpenAI's result file (plain CSV text, not base64)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["step", "train_loss", "train_accuracy", "valid_loss", "valid_mean_token_accuracy"])
        by_step: dict[Any, JSONObject] = {}
        for event in self.store.events_of(job_id):
            if event["type"] == "metrics":
                by_step[event["data"].get("step")] = event["data"]  # a step trained again: the last
        for data in by_step.values():
            if data:
                writer.writerow(
                    [
                        data.get("step"),
                        data.get("train_loss"),
                        data.get("train_mean_token_accuracy"),
                        data.get("valid_loss", ""),
                        data.get("valid_mean_token_accuracy", ""),
                    ]
                )
        file_id = new_id("file-")
        path = self.paths.files / f"{file_id}.csv"
        content = buffer.getvalue().encode("utf-8")
        atomic_write(path, content)
        self.store.insert(
            "files",
            {
                "id": file_id,
                "object": "file",
                "bytes": len(content),
                "created_at": now(),
                "filename": "step_metrics.csv",
                "purpose": "fine-tune-results",
                "status": "processed",
                "status_details": None,
                "expires_at": None,
            },
            {"path": str(path), "kind": None, "examples": 0},
            purpose="fine-tune-results",
        )
        return file_id

    def warm_up(self) -> None:
        """Import the training libraries in the background (once), so a job that follows an upload
        doesn't wait for them; a server without them only learns so sooner."""
        with self._wake:
            if self._warming:
                return
            self._warming = True

        def load() -> None:
            try:
                import engine.trainer  # noqa: F401
            except ImportError as error:
                log.warning("training libraries unavailable: %s", error)

        threading.Thread(target=load, name="warm-up", daemon=True).start()

    def stop_request(self, job_id: str) -> str | None:
        with self._wake:
            return self._stop_requests.get(job_id)


class JobControl:
    """The trainer's line to its job: events, metrics, checkpoints, progress, stop requests."""

    def __init__(self, manager: JobManager, job_id: str, internal: JSONObject) -> None:
        self.manager = manager
        self.store = manager.store
        self.job_id = job_id
        self.internal = internal
        self._last_progress_write = 0.0

    def stop_requested(self) -> str | None:
        return self.manager.stop_request(self.job_id)

    def message(self, text: str, level: str = "info") -> None:
        self.store.add_event(self.job_id, text, level=level)
        log.log(logging.WARNING if level == "warn" else logging.INFO, "job %s: %s", self.job_id, text)

    def metrics(self, data: dict[str, Any]) -> None:
        text = f"Step {data['step']}/{data['total_steps']}: training loss={data['train_loss']:.4f}"
        if "valid_loss" in data:
            text += f", validation loss={data['valid_loss']:.4f}"
        self.store.add_event(self.job_id, text, kind="metrics", data=data)

    def progress(self, step: int, total_steps: int, trained_tokens: int, seconds_per_step: float) -> None:
        moment = time.monotonic()
        if step < total_steps and moment - self._last_progress_write < PROGRESS_WRITE_INTERVAL:
            return
        self._last_progress_write = moment
        finish = int(time.time() + (total_steps - step) * seconds_per_step) + 1
        self.store.update("jobs", self.job_id, {"trained_tokens": trained_tokens, "estimated_finish": finish})

    def checkpoint(self, step: int, folder: Path, metrics: dict[str, Any]) -> None:
        model_id = f"{self.internal['model_id']}:ckpt-step-{step}"
        checkpoint = {
            "id": new_id("ftckpt-"),
            "object": "fine_tuning.job.checkpoint",
            "created_at": now(),
            "fine_tuned_model_checkpoint": model_id,
            "fine_tuning_job_id": self.job_id,
            "metrics": {k: v for k, v in metrics.items() if k != "total_steps"},
            "step_number": step,
        }
        self.store.insert("checkpoints", checkpoint, {"path": str(folder)}, job_id=self.job_id)
        self.manager.register_model(model_id, self.job_id, self.internal, folder, checkpoint=True)
        self.store.add_event(self.job_id, f"Checkpoint created at step {step}: {model_id}")
        log.info(
            "job %s: checkpoint at step %d, train loss %.4f",
            self.job_id,
            step,
            metrics.get("train_loss", 0.0),
        )
        kept = self.store.select("checkpoints", "job_id = ?", (self.job_id,))
        for old, old_internal in kept[:-KEPT_CHECKPOINTS]:
            self.store.delete("checkpoints", old["id"])
            self.store.delete("models", old["fine_tuned_model_checkpoint"])
            shutil.rmtree(old_internal["path"], ignore_errors=True)
