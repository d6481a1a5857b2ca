"""Keep your fine-tunes, against two real local engines playing two providers.

Export from the source (after a real tiny-random job), resume an interrupted export, report a file
deleted on the provider, open the folder again offline, record golden answers, retrain on the target
with mapped hyperparameters, and compare the new model with the golden answers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from desktop.core.catalog import load_catalog
from desktop.core.scoring import score_answer
from desktop.providers.client import make_client
from desktop.providers.errors import ErrorKind, ProviderError
from desktop.providers.evaluation import EvaluationRun, RunState
from desktop.providers.events.evaluation import ComparisonStarted, RowAnswered, RowsCounted
from desktop.providers.events.export import ExportProgress
from desktop.providers.events.jobs import JobUpdated
from desktop.providers.events.uploads import UploadProgress, UploadStarted
from desktop.providers.inference import SamplingParameters
from desktop.providers.jobs import JobInfo
from desktop.providers.keep.export import (
    INDEX_NAME,
    EntryKind,
    EntryState,
    ExportFolder,
    ExportReport,
    export_profile,
)
from desktop.providers.keep.golden import (
    compare_with_golden,
    golden_path,
    golden_rows,
    golden_sets,
    record_golden,
    rows_from_jsonl,
)
from desktop.providers.keep.inventory import InventoryItem, build_inventory, live_inventory
from desktop.providers.keep.retrain import (
    RetrainError,
    map_hyperparameters,
    plan_retrain,
    source_from_export,
    start_retrain,
    wait_for_job,
)
from desktop.providers.keep.workflows import (
    ClientFactory,
    Comparison,
    RetrainOutcome,
    RetrainRequest,
    compare_golden_file,
    export_everything,
    golden_rows_for,
    inventory_of_profile,
    open_export,
    record_golden_answers,
    retrain_elsewhere,
)
from desktop.providers.profiles import Profile, ProviderKind
from desktop.providers.uploads import UploadLedger
from tests.support.engine_server import EngineServer, running_engine
from tests.ui.keep.scenario import SUFFIX, SourceScenario, prepare_source
from tests.ui.testtab.seed import ANSWER, QUESTION

pytestmark = pytest.mark.slow

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[EngineServer, EngineServer]]:
    with (
        running_engine(tmp_path_factory.mktemp("source-engine")) as source,
        running_engine(tmp_path_factory.mktemp("target-engine")) as target,
    ):
        yield source, target


@pytest.fixture(scope="module")
def scenario(engines: tuple[EngineServer, EngineServer]) -> SourceScenario:
    return prepare_source(engines[0])


def export_to(server: EngineServer, folder: Path) -> ExportReport:
    return export_profile(
        server.client(), folder, profile={"name": "Source", "kind": "local"}, provider="local"
    )


def test_export_saves_everything_and_reports_the_deleted_file_honestly(
    engines: tuple[EngineServer, EngineServer], scenario: SourceScenario, tmp_path: Path
) -> None:
    source, _target = engines
    progress: list[ExportProgress] = []
    report = export_profile(
        source.client(),
        tmp_path,
        profile={"name": "Source", "kind": "local"},
        provider="local",
        progress=progress.append,
    )
    assert not report.cancelled and report.complete
    assert report.jobs == 2 and report.fine_tuned_models == 1
    [missing] = report.not_saved
    assert (missing.kind, missing.id, missing.state) == (
        EntryKind.TRAINING_FILE,
        scenario.deleted_file_id,
        EntryState.MISSING,
    )
    assert missing.job_id == scenario.cancelled_job_id and "no longer has" in missing.message_en
    assert any(scenario.deleted_file_id in line and "✗" in line for line in report.lines())
    assert progress[-1].done == progress[-1].total

    export = ExportFolder.open(tmp_path)
    assert export.file_path(scenario.training_file).read_bytes() == scenario.training_bytes  # type: ignore[union-attr]
    assert export.file_path(scenario.validation_file).read_bytes() == scenario.validation_bytes  # type: ignore[union-attr]
    job = export.job(scenario.job_id)
    [result_file] = job.result_files
    result_csv = export.file_path(result_file)
    assert result_csv is not None and result_csv.read_text().startswith("step,")
    events = export.events(scenario.job_id)
    assert events[0]["message"].startswith("Created fine-tuning job") and len(events) > 3
    every_event = list(source.client().fine_tuning.jobs.list_events(scenario.job_id))  # all pages
    assert [e["id"] for e in events] == [e.id for e in reversed(every_event)]
    checkpoints = export.checkpoints(scenario.job_id)
    assert checkpoints and all(c["fine_tuned_model_checkpoint"] for c in checkpoints)
    index = json.loads((tmp_path / INDEX_NAME).read_text(encoding="utf-8"))
    assert index["complete"] is True and source.token not in (tmp_path / INDEX_NAME).read_text()
    assert (tmp_path / "export-report.txt").read_text().count("✗") == 1
    # The local engine's model is saved as its adapter, and the report says how large it is.
    [adapter] = [entry for entry in report.saved if entry.kind is EntryKind.ADAPTER]
    assert adapter.id == scenario.fine_tuned_model and "MB" in adapter.message_en
    model_folder = (tmp_path / adapter.path).parent
    assert {"adapter_config.json", "adapter_model.safetensors", "README.md"} <= {
        path.name for path in model_folder.iterdir()
    }
    assert any("model adapter" in line and "MB" in line for line in report.lines())


def test_a_hosted_providers_export_says_plainly_that_weights_stay_there(
    engines: tuple[EngineServer, EngineServer], scenario: SourceScenario, tmp_path: Path
) -> None:
    source, _target = engines
    report = export_profile(source.client(), tmp_path, profile={"name": "Hosted", "kind": "openai"})
    weights = [entry for entry in report.not_saved if entry.kind is EntryKind.WEIGHTS]
    assert [entry.id for entry in weights] == [scenario.fine_tuned_model]
    assert weights[0].state is EntryState.UNAVAILABLE and "download" in weights[0].message_en
    assert not (tmp_path / "models").exists()
    assert any("✗" in line and "model weights" in line for line in report.lines())


def test_an_interrupted_export_resumes_without_downloading_again(
    engines: tuple[EngineServer, EngineServer], scenario: SourceScenario, tmp_path: Path
) -> None:
    source, _target = engines

    class StopAtValidationFile:
        """Cancels once the export reaches the validation file (the training file is saved by then)."""

        def __init__(self) -> None:
            self.cancelled = False

        def progress(self, update: ExportProgress) -> None:
            if "validation file" in update.label_en:
                self.cancelled = True

    stopper = StopAtValidationFile()
    first = export_profile(source.client(), tmp_path, progress=stopper.progress, cancel=stopper)
    assert first.cancelled and not first.complete
    assert scenario.training_file in {e.id for e in first.saved}
    assert scenario.validation_file not in {e.id for e in first.saved}
    assert json.loads((tmp_path / INDEX_NAME).read_text())["complete"] is False
    training_path = ExportFolder.open(tmp_path).file_path(scenario.training_file)
    assert training_path is not None
    before = training_path.stat()
    assert not list(tmp_path.rglob("*.part")), "no half-written file is left behind"

    second = export_profile(source.client(), tmp_path)
    assert not second.cancelled and second.complete
    assert scenario.training_file in {e.id for e in second.already_saved}
    assert scenario.training_file not in {e.id for e in second.saved}
    assert scenario.validation_file in {e.id for e in second.saved}
    after = training_path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)

    # A saved file that was changed on disk no longer matches its hash: it is downloaded again.
    training_path.write_bytes(b"damaged\n")
    third = export_profile(source.client(), tmp_path)
    assert scenario.training_file in {e.id for e in third.saved}
    assert training_path.read_bytes() == scenario.training_bytes


def test_an_imported_export_shows_the_same_inventory_offline(
    engines: tuple[EngineServer, EngineServer], scenario: SourceScenario, tmp_path: Path
) -> None:
    source, _target = engines
    catalog = load_catalog()
    export_to(source, tmp_path)
    live = live_inventory(source.client(), catalog, "local", TODAY)
    offline = ExportFolder.open(tmp_path).inventory(catalog, TODAY)
    assert [item.row() for item in offline] == [item.row() for item in live]
    [trained] = [item for item in offline if item.job_id == scenario.job_id]
    assert trained.fine_tuned_model == scenario.fine_tuned_model and trained.suffix == SUFFIX
    assert trained.base_model == "tiny-random" and trained.trained_tokens and trained.created_at
    assert trained.days_until_new_jobs_stop is None  # the local engine never stops taking jobs


def test_inventory_days_left_come_from_the_catalog_most_urgent_first() -> None:
    catalog = load_catalog()

    def job(job_id: str, model: str, created: int) -> JobInfo:
        return JobInfo.from_api(
            {"id": job_id, "status": "succeeded", "model": model, "created_at": created, "suffix": job_id}
        )

    jobs = [
        job("local", "tiny-random", 300),
        job("mini", "gpt-4o-mini-2024-07-18", 100),
        job("nano", "gpt-4.1-nano-2025-04-14", 200),
    ]
    items = build_inventory(
        jobs, [{"id": "ft:gpt-4o-mini-2024-07-18:org:lost:abc", "created": 50}], catalog, "openai", TODAY
    )
    orphan_key = "ft:gpt-4o-mini-2024-07-18:org:lost:abc"
    # gpt-4.1-nano shut down on 2026-10-23 (its fine-tunes are gone): most urgent. The others stop
    # taking jobs in 42 days; the gpt-4o-mini ones also retire in 50, so they come next.
    assert [item.key for item in items] == ["nano", "mini", orphan_key, "local"]
    nano = items[0]
    assert nano.days_until_retirement is not None and nano.days_until_retirement < 0
    mini = next(item for item in items if item.job_id == "mini")
    assert mini.days_until_new_jobs_stop == (date(2027, 1, 6) - TODAY).days == 42
    assert mini.days_until_retirement == (date(2027, 1, 14) - TODAY).days
    orphan = next(item for item in items if item.job_id is None)
    assert orphan.base_model == "gpt-4o-mini-2024-07-18" and orphan.suffix == "lost"
    local = items[3]
    # OpenAI stops every new job on 2027-01-06, whatever the base model.
    assert local.days_until_new_jobs_stop == 42 and local.days_until_retirement is None
    assert items[1].urgency < items[3].urgency


def test_hyperparameters_are_mapped_into_the_targets_range_with_reasons() -> None:
    mapped = {
        m.name: m
        for m in map_hyperparameters(
            {"n_epochs": 80, "batch_size": 4, "learning_rate_multiplier": 50.0, "seed_rank": 3},
            "supervised",
            ProviderKind.OPENAI,
        )
    }
    assert mapped["n_epochs"].target == 50 and "range" in mapped["n_epochs"].note_en
    assert mapped["batch_size"].target == 4 and mapped["batch_size"].note_en == ""
    assert mapped["learning_rate_multiplier"].target == 10.0
    assert mapped["seed_rank"].target is None
    local = {m.name: m for m in map_hyperparameters({"n_epochs": "auto"}, "dpo", ProviderKind.LOCAL)}
    assert local["n_epochs"].target == "auto" and local["beta"].target == "auto"


def test_golden_answers_retrain_elsewhere_and_compare(
    engines: tuple[EngineServer, EngineServer], scenario: SourceScenario, tmp_path: Path
) -> None:
    source, target = engines
    export_to(source, tmp_path)
    export = ExportFolder.open(tmp_path)

    # Record the model's behaviour over its validation set, into the export folder.
    validation = export.file_path(scenario.validation_file)
    assert validation is not None
    rows = rows_from_jsonl(validation)
    assert len(rows) == 4
    parameters = SamplingParameters(temperature=0, max_tokens=24)
    golden = record_golden(
        source.client(),
        scenario.fine_tuned_model,
        rows,
        golden_path(tmp_path, scenario.fine_tuned_model),
        parameters=parameters,
    )
    assert golden.state is RunState.COMPLETE and golden.done == 4
    export.reload()
    assert scenario.fine_tuned_model in golden_sets(export)
    orangbus = next(i for i, row in enumerate(golden.rows) if row.prompt == QUESTION)
    assert golden.answer(orangbus, scenario.fine_tuned_model).text == ANSWER  # type: ignore[union-attr]

    # Retrain on the other engine from the export: same files, same suffix, mapped hyperparameters.
    plan = plan_retrain(source_from_export(export, scenario.job_id), "tiny-random", ProviderKind.LOCAL)
    original = export.job(scenario.job_id)
    # OpenAI's three, and the engine's own settings: the target is an engine too.
    carried = ("n_epochs", "batch_size", "learning_rate_multiplier")
    carried += tuple(
        k for k in ("lora_rank", "max_seq_length", "gradient_checkpointing") if k in original.hyperparameters
    )
    assert {m.name: m.target for m in plan.hyperparameters} == {
        name: original.hyperparameters[name] for name in carried
    }
    started = start_retrain(target.client(), plan, profile_id="target")
    assert started.suffix == SUFFIX and started.validation_file
    assert started.metadata["retrained_from"] == scenario.job_id
    finished = wait_for_job(target.client(), started.id, timeout=400, interval=0.3)
    assert finished.status == "succeeded" and finished.fine_tuned_model
    assert finished.training_file
    uploaded = target.client().files.content(finished.training_file).content
    assert uploaded == scenario.training_bytes
    assert {k: finished.hyperparameters[k] for k in ("n_epochs", "batch_size")} == {
        k: original.hyperparameters[k] for k in ("n_epochs", "batch_size")
    }

    # Compare the new model with the recorded answers through the batch evaluation.
    comparison = compare_with_golden(target.client(), golden, finished.fine_tuned_model)
    assert comparison.state is RunState.COMPLETE and comparison.models == [finished.fine_tuned_model]
    expected = golden_rows(golden)
    assert [row.expected for row in comparison.rows] == [row.expected for row in expected]
    for index, row in enumerate(comparison.rows):
        answer = comparison.answer(index, finished.fine_tuned_model)
        assert answer is not None and answer.text is not None and answer.error is None
        assert answer.score == score_answer(row.expected, answer.text)
    summary = comparison.summary(finished.fine_tuned_model)
    assert summary.scores.answered == 4
    retrained_orangbus = comparison.answer(orangbus, finished.fine_tuned_model)
    assert retrained_orangbus is not None and retrained_orangbus.score is not None
    assert retrained_orangbus.score.exact  # the same training taught the same answer


def test_overrides_replace_mapped_values_and_say_so(tmp_path: Path) -> None:
    from desktop.providers.keep.retrain import RetrainSource, with_overrides

    job = JobInfo.from_api(
        {
            "id": "ftjob-1",
            "status": "succeeded",
            "model": "gpt-4o-mini-2024-07-18",
            "suffix": "s",
            "seed": 3,
            "training_file": "file-1",
            "method": {
                "type": "supervised",
                "supervised": {"hyperparameters": {"n_epochs": 4, "learning_rate_multiplier": 25.0}},
            },
        }
    )
    plan = plan_retrain(RetrainSource(job, tmp_path / "t.jsonl"), "tiny-random", ProviderKind.LOCAL)
    changed = with_overrides(plan, {"learning_rate_multiplier": 1.0})
    request = changed.job_request("file-2", None)
    assert request["method"]["supervised"]["hyperparameters"]["learning_rate_multiplier"] == 1.0
    assert request["method"]["supervised"]["hyperparameters"]["n_epochs"] == 4
    assert request["suffix"] == "s" and request["seed"] == 3 and "validation_file" not in request
    assert [m.note_en for m in changed.hyperparameters if m.name == "learning_rate_multiplier"] == [
        "Changed by you."
    ]


def test_a_cancel_in_the_middle_of_a_file_leaves_no_half_file(
    engines: tuple[EngineServer, EngineServer],
    scenario: SourceScenario,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from desktop.providers.keep import export

    source, _target = engines
    monkeypatch.setattr(export, "CHUNK_SIZE", 64)  # the seed file then arrives in many pieces

    class StopInsideTheTrainingFile:
        def __init__(self) -> None:
            self.cancelled = False

        def progress(self, update: ExportProgress) -> None:
            if "training file" in update.label_en and update.bytes_done >= 64:
                self.cancelled = True

    stopper = StopInsideTheTrainingFile()
    first = export_profile(source.client(), tmp_path, progress=stopper.progress, cancel=stopper)
    assert first.cancelled
    assert [e.id for e in first.not_saved] == [scenario.deleted_file_id]  # reached before, and missing
    assert not [e for e in first.saved if e.kind.is_file]
    assert not list(tmp_path.rglob("*.part")) and not list((tmp_path / "files").glob("*"))
    second = export_profile(source.client(), tmp_path)
    assert second.complete
    saved = ExportFolder.open(tmp_path).file_path(scenario.training_file)
    assert saved is not None and saved.read_bytes() == scenario.training_bytes


def test_a_live_job_is_a_retraining_source_and_a_deleted_file_is_named(
    engines: tuple[EngineServer, EngineServer], scenario: SourceScenario, tmp_path: Path
) -> None:
    from desktop.providers.keep.retrain import RetrainError, source_from_live

    source, _target = engines
    live = source_from_live(source.client(), scenario.job_id, tmp_path / "live", origin="Source")
    assert live.training_path.read_bytes() == scenario.training_bytes
    assert live.validation_path is not None and live.validation_path.read_bytes() == scenario.validation_bytes
    assert live.job.suffix == SUFFIX and live.origin == "Source"
    with pytest.raises(RetrainError, match=scenario.deleted_file_id):
        source_from_live(source.client(), scenario.cancelled_job_id, tmp_path / "gone")
    export_to(source, tmp_path / "export")
    with pytest.raises(RetrainError, match="not in the export"):
        source_from_export(ExportFolder.open(tmp_path / "export"), scenario.cancelled_job_id)


# --- The workflows the keep page runs (providers/keep/workflows.py), with their progress events -----


class Token:
    """A cancel flag the test sets itself (what run_in_background hands a workflow)."""

    def __init__(self) -> None:
        self.cancelled = False


def profiles_of(engines: tuple[EngineServer, EngineServer]) -> tuple[Profile, Profile, ClientFactory]:
    """The source engine as one profile, the target engine as another, and how to reach each."""
    source, target = engines
    source_profile = Profile.create("Source engine", ProviderKind.LOCAL, base_url=source.base_url)
    target_profile = Profile.create("Target engine", ProviderKind.LOCAL, base_url=target.base_url)
    tokens = {source_profile.id: source.token, target_profile.id: target.token}
    return source_profile, target_profile, lambda profile: make_client(profile, tokens[profile.id])


def trained_item(make: ClientFactory, profile: Profile, scenario: SourceScenario) -> InventoryItem:
    items = inventory_of_profile(make, profile, load_catalog(), TODAY)
    return next(item for item in items if item.job_id == scenario.job_id)


def test_the_record_and_compare_workflows_report_rows_then_answers(
    engines: tuple[EngineServer, EngineServer], scenario: SourceScenario, tmp_path: Path
) -> None:
    source_profile, _target_profile, make = profiles_of(engines)
    item = trained_item(make, source_profile, scenario)

    # Live: the job's validation set is downloaded from the provider, then each row is asked.
    recorded: list[object] = []
    output = tmp_path / "golden.eval.json"
    golden = record_golden_answers(make, source_profile, item, output, progress=recorded.append)
    assert golden.done == 4 and golden.models == [scenario.fine_tuned_model]
    assert recorded[0] == RowsCounted(4)
    assert sorted(recorded[1:], key=lambda event: getattr(event, "row_index", -1)) == [
        RowAnswered(index, scenario.fine_tuned_model) for index in range(4)
    ]
    assert EvaluationRun.load(output).done == 4

    # The same model against its own answers: every answer equal, progress in the same shape.
    compared: list[object] = []
    comparison = compare_golden_file(
        make, source_profile, scenario.fine_tuned_model, output, progress=compared.append
    )
    assert isinstance(comparison, Comparison) and comparison.golden_model == scenario.fine_tuned_model
    scores = comparison.run.summary(scenario.fine_tuned_model).scores
    assert scores.answered == 4 and scores.exact_matches == 4
    assert compared[0] == RowsCounted(4) and len(compared) == 5
    assert all(isinstance(event, RowAnswered) for event in compared[1:])

    # A chosen data file instead of the job's set; a model without a job must be given one.
    data = tmp_path / "questions.jsonl"
    data.write_text(
        json.dumps(
            {"messages": [{"role": "user", "content": QUESTION}, {"role": "assistant", "content": "?"}]}
        )
        + "\n",
        encoding="utf-8",
    )
    assert [row.prompt for row in golden_rows_for(item, data_file=data)] == [QUESTION]
    jobless = InventoryItem("tiny-random", TODAY, fine_tuned_model=scenario.fine_tuned_model)
    with pytest.raises(RetrainError, match="choose a data file"):
        golden_rows_for(jobless)


def test_the_retrain_workflow_uploads_waits_and_compares_with_typed_progress(
    engines: tuple[EngineServer, EngineServer], scenario: SourceScenario, tmp_path: Path
) -> None:
    source_profile, target_profile, make = profiles_of(engines)
    item = trained_item(make, source_profile, scenario)
    golden_file = tmp_path / "golden.eval.json"
    record_golden_answers(make, source_profile, item, golden_file)

    events: list[object] = []
    request = RetrainRequest(
        item, target_profile, "tiny-random", SUFFIX, source_profile=source_profile, golden_file=golden_file
    )
    outcome = retrain_elsewhere(
        make,
        request,
        ledger=UploadLedger(tmp_path / "config"),
        progress=events.append,
        poll_interval=0.3,
        timeout=400,
    )
    assert isinstance(outcome, RetrainOutcome)
    assert outcome.job.status == "succeeded" and outcome.job.suffix == SUFFIX
    assert outcome.job.metadata["retrained_from"] == scenario.job_id
    assert outcome.comparison is not None and outcome.comparison.golden_model == scenario.fine_tuned_model
    assert outcome.comparison.run.summary(outcome.job.fine_tuned_model or "").scores.answered == 4

    # The uploads: the training file then the validation file, each started, then sent to the last byte.
    started = [event.name for event in events if isinstance(event, UploadStarted)]
    assert len(started) == 2 and started[0].startswith(scenario.training_file)
    uploads = [event for event in events if isinstance(event, UploadProgress)]
    assert [(u.file_index, u.file_count) for u in uploads][-1] == (1, 2)
    finished_files = [u for u in uploads if u.sent == u.total]
    assert [u.file_index for u in finished_files] == [0, 1] and finished_files[-1].fraction == 1.0
    # Then the job, polled until it succeeded; then the comparison, row by row.
    kinds = [type(event).__name__ for event in events]
    first_job = kinds.index("JobUpdated")
    assert set(kinds[:first_job]) == {"UploadStarted", "UploadProgress"}
    jobs = [event.job for event in events if isinstance(event, JobUpdated)]
    assert {job.id for job in jobs} == {outcome.job.id} and jobs[-1].status == "succeeded"
    comparing = kinds.index("ComparisonStarted")
    assert events[comparing] == ComparisonStarted(outcome.job.fine_tuned_model or "")
    assert comparing > len(kinds) - 1 - kinds[::-1].index("JobUpdated")
    assert events[comparing + 1] == RowsCounted(4) and kinds[comparing + 2 :] == ["RowAnswered"] * 4


def test_a_cancelled_retrain_stops_before_any_job_is_created(
    engines: tuple[EngineServer, EngineServer], scenario: SourceScenario, tmp_path: Path
) -> None:
    source_profile, target_profile, make = profiles_of(engines)
    _source, target = engines
    item = trained_item(make, source_profile, scenario)
    jobs_before = len(target.client().fine_tuning.jobs.list().data)
    cancel = Token()

    def progressed(event: object) -> None:
        if isinstance(event, UploadStarted) and event.name.startswith(scenario.validation_file):
            cancel.cancelled = True  # the user pressed Cancel while the training file was sent

    request = RetrainRequest(item, target_profile, "tiny-random", source_profile=source_profile)
    with pytest.raises(ProviderError) as raised:
        retrain_elsewhere(make, request, progress=progressed, cancel=cancel)
    assert raised.value.kind is ErrorKind.CANCELLED
    assert len(target.client().fine_tuning.jobs.list().data) == jobs_before


def test_the_export_workflow_names_the_profile_and_the_inventory_reads_back_offline(
    engines: tuple[EngineServer, EngineServer], scenario: SourceScenario, tmp_path: Path
) -> None:
    source_profile, _target_profile, make = profiles_of(engines)
    updates: list[ExportProgress] = []
    report = export_everything(make, source_profile, tmp_path, progress=updates.append)
    assert report.complete and updates and updates[-1].done == updates[-1].total
    export, items = open_export(tmp_path, load_catalog(), TODAY)
    assert export.profile_name == source_profile.name
    live = inventory_of_profile(make, source_profile, load_catalog(), TODAY)
    assert [item.row() for item in items] == [item.row() for item in live]
    with pytest.raises(ValueError):
        open_export(tmp_path / "not-an-export", load_catalog(), TODAY)
