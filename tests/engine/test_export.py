"""Export and import over the real engine: train tiny-random once, export it in every format, load
the results with plain transformers and peft, and bring the adapter into a second engine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openai
import pytest

from tests.engine.helpers import wait_for_job, wait_until
from tests.engine.seed_data import SEED_PAIRS, write_jsonl
from tests.support.engine_server import EngineServer, running_engine

pytestmark = pytest.mark.slow

SYSTEM_PROMPT = "你是客服助手。"
QUESTIONS = [SEED_PAIRS[0][0], SEED_PAIRS[2][0], "What is the capital of France?", "没见过的问题"]
MAX_TOKENS = 24


def engine_cli(*arguments: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "engine", *arguments],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )


class Answer:
    def __init__(self, status_code: int, body: dict) -> None:
        self.status_code = status_code
        self.body = body
        self.text = json.dumps(body)

    def json(self) -> dict:
        return self.body


class Api:
    """The engine's extension routes through the openai package's own HTTP."""

    def __init__(self, server: EngineServer) -> None:
        self.client = server.client(max_retries=0)

    def __enter__(self) -> Api:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.client.close()

    def get(self, path: str, params: dict | None = None) -> Answer:
        try:
            return Answer(200, self.client.get(path, cast_to=object, options={"params": params or {}}))
        except openai.APIStatusError as error:
            return Answer(error.status_code, error.response.json())

    def post(self, path: str, json: dict) -> Answer:
        try:
            return Answer(200, self.client.post(path, cast_to=object, body=json))
        except openai.APIStatusError as error:
            return Answer(error.status_code, error.response.json())


def api(server: EngineServer) -> Api:
    return Api(server)


def chat_answers(server: EngineServer, model: str) -> list[str]:
    client = server.client()
    answers = []
    for question in QUESTIONS:
        response = client.chat.completions.create(
            model=model,
            messages=[{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": question}],
            temperature=0,
            max_tokens=MAX_TOKENS,
        )
        answers.append(response.choices[0].message.content)
    return answers


def greedy_answers(model, tokenizer) -> list[str]:
    import torch

    answers = []
    for question in QUESTIONS:
        messages = [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": question}]
        text = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        ids = tokenizer(text, add_special_tokens=False, return_tensors="pt")
        with torch.no_grad():
            output = model.generate(**ids, max_new_tokens=MAX_TOKENS, do_sample=False)
        answers.append(tokenizer.decode(output[0][ids["input_ids"].shape[1] :], skip_special_tokens=True))
    return answers


def system_records() -> list[dict]:
    return [
        {
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": prompt},
                {"role": "assistant", "content": answer},
            ]
        }
        for prompt, answer in SEED_PAIRS
    ]


@pytest.fixture(scope="module")
def trained(engine_server, tmp_path_factory) -> str:
    """The seed set, each example under one system prompt, fine-tuned on tiny-random for 3 epochs."""
    client = engine_server.client()
    path = write_jsonl(tmp_path_factory.mktemp("export-data") / "train.jsonl", system_records())
    with path.open("rb") as stream:
        file = client.files.create(file=stream, purpose="fine-tune")
    job = client.fine_tuning.jobs.create(
        model="tiny-random",
        training_file=file.id,
        suffix="export",
        seed=11,
        hyperparameters={"n_epochs": 3, "batch_size": 2},
    )
    finished = wait_for_job(client, job.id)
    assert finished.status == "succeeded", (finished.error, engine_server.log)
    return finished.fine_tuned_model


@pytest.fixture(scope="module")
def exported(engine_server, trained, tmp_path_factory) -> dict[str, Path]:
    """All three formats: adapter through the command line, merged and ollama through the API."""
    root = tmp_path_factory.mktemp("exports")
    folders = {name: root / name for name in ("adapter", "merged", "ollama")}
    result = engine_cli(
        "export",
        trained,
        "--data-dir",
        str(engine_server.data_dir),
        "--format",
        "adapter",
        "--out",
        str(folders["adapter"]),
    )
    assert result.returncode == 0, result.stderr
    assert "Copying the adapter" in result.stderr and "%" in result.stderr  # progress on stderr
    assert result.stdout.strip() == str(folders["adapter"])
    with api(engine_server) as http:
        for name in ("merged", "ollama"):
            response = http.post(
                "/engine/exports", json={"model": trained, "format": name, "out": str(folders[name])}
            )
            assert response.status_code == 200, response.text
            export = response.json()
            assert export["object"] == "engine.export" and export["format"] == name
            done = wait_until(
                lambda export_id=export["id"]: (
                    (
                        (found := http.get(f"/engine/exports/{export_id}").json())["status"]
                        in {"succeeded", "failed", "cancelled"}
                    )
                    and found
                ),
                timeout=300,
                what=f"the {name} export",
            )
            assert done["status"] == "succeeded", done["error"]
            assert done["written_bytes"] == done["total_bytes"] > 0
    return folders


def test_sizes_say_what_each_format_takes(engine_server, trained, exported):
    with api(engine_server) as http:
        response = http.get(
            "/engine/exports/sizes", params={"model": trained, "out": str(exported["merged"])}
        )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["object"] == "engine.export_sizes" and body["free_bytes"] > 0
    for name, folder in exported.items():
        actual = sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
        assert body["sizes"][name] * 0.8 <= actual <= body["sizes"][name], name


def test_merged_loads_without_peft_and_answers_as_the_engine(engine_server, trained, exported):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder = exported["merged"]
    assert (folder / "model.safetensors").is_file() and not (folder / "adapter_config.json").exists()
    model = AutoModelForCausalLM.from_pretrained(folder)
    tokenizer = AutoTokenizer.from_pretrained(folder)
    assert str(model.dtype) == "torch.float32"  # tiny-random's own dtype
    expected = chat_answers(engine_server, trained)
    assert greedy_answers(model, tokenizer) == expected
    assert any(answer for answer in expected)


def test_adapter_loads_with_peft_onto_its_base(engine_server, trained, exported):
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder = exported["adapter"]
    manifest = json.loads((folder / "finetune-export.json").read_text())
    assert manifest["model"] == trained and manifest["base_model"] == "tiny-random"
    assert manifest["system_prompt"] == SYSTEM_PROMPT
    assert "tiny-random" in (folder / "README.md").read_text()
    assert not list(folder.glob("*.pt"))  # no optimizer state
    base = AutoModelForCausalLM.from_pretrained(folder / "base")
    tokenizer = AutoTokenizer.from_pretrained(folder / "base")
    model = PeftModel.from_pretrained(base, folder)
    assert greedy_answers(model, tokenizer) == chat_answers(engine_server, trained)


def test_modelfile_points_inside_with_template_stops_and_system_prompt(exported):
    from transformers import AutoTokenizer

    from engine import exports, textformat

    folder = exported["ollama"]
    modelfile = (folder / "Modelfile").read_text()
    assert "FROM ./model\n" in modelfile
    assert (folder / "model" / "model.safetensors").is_file()
    assert 'PARAMETER stop "<|end|>"' in modelfile
    assert f'SYSTEM """{SYSTEM_PROMPT}"""' in modelfile
    assert "{{ range .Messages }}" in modelfile and '{{ "<|assistant|>" }}' in modelfile
    assert "ollama create tiny-random-export -f Modelfile" in (folder / "README.md").read_text()
    tokenizer = AutoTokenizer.from_pretrained(folder / "model")
    segments = exports.chat_segments(tokenizer)
    conversations = [
        [{"role": "user", "content": "hi"}],
        [{"role": "system", "content": "s"}, {"role": "user", "content": "q"}],
        [
            {"role": "system", "content": "s"},
            {"role": "user", "content": "q"},
            {"role": "assistant", "content": "a"},
            {"role": "user", "content": "q2"},
        ],
    ]
    for messages in conversations:
        assert segments.render(messages) == textformat.render(tokenizer, messages, add_generation_prompt=True)


def test_checkpoint_exports_too(engine_server, trained, tmp_path):
    checkpoint = f"{trained}:ckpt-step-10"
    result = engine_cli(
        "export",
        checkpoint,
        "--data-dir",
        str(engine_server.data_dir),
        "--format",
        "adapter",
        "--out",
        str(tmp_path / "c"),
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "c" / "finetune-export.json").read_text())
    assert manifest["model"] == checkpoint


def test_round_trip_answers_the_same_on_a_second_engine(engine_server, trained, exported, tmp_path):
    data_dir = tmp_path / "second-engine"
    result = engine_cli(
        "import-adapter", str(exported["adapter"]), "--data-dir", str(data_dir), "--suffix", "moved"
    )
    assert result.returncode == 0, result.stderr
    imported = result.stdout.strip()
    assert imported.startswith("ft:tiny-random:local:moved:ftimp-")
    expected = chat_answers(engine_server, trained)
    with running_engine(data_dir) as second:
        assert chat_answers(second, imported) == expected
        with api(second) as http:
            response = http.post("/engine/imports", json={"folder": str(exported["adapter"])})
            assert response.status_code == 200, response.text
            again = response.json()["id"]
            assert again.startswith("ft:tiny-random:local::ftimp-")
            assert again in {model.id for model in second.client().models.list()}
        assert chat_answers(second, again) == expected
        # An imported model trains further like one of the engine's own.
        client = second.client()
        path = write_jsonl(tmp_path / "more.jsonl", system_records())
        with path.open("rb") as stream:
            file = client.files.create(file=stream, purpose="fine-tune")
        job = client.fine_tuning.jobs.create(
            model=imported, training_file=file.id, hyperparameters={"n_epochs": 1, "batch_size": 5}
        )
        finished = wait_for_job(client, job.id)
        assert finished.status == "succeeded", (finished.error, second.log)
        assert finished.fine_tuned_model.startswith("ft:tiny-random:local::ftjob-")


def test_unknown_and_foreign_models_are_refused_clearly(engine_server, tmp_path):
    data = ["--data-dir", str(engine_server.data_dir), "--format", "adapter", "--out", str(tmp_path / "x")]
    unknown = engine_cli("export", "ft:tiny-random:local::ftjob-nothere", *data)
    assert (
        unknown.returncode == 1 and "does not exist" in unknown.stderr and "import-adapter" in unknown.stderr
    )
    foreign = engine_cli("export", "ft:gpt-4o-mini-2024-07-18:acme::AbC123", *data)
    assert foreign.returncode == 1 and "another provider" in foreign.stderr
    base = engine_cli("export", "tiny-random", *data)
    assert base.returncode == 1 and "base model" in base.stderr
    assert not (tmp_path / "x").exists()
    with api(engine_server) as http:
        response = http.post(
            "/engine/exports",
            json={"model": "ft:gpt-4o:acme::x", "format": "merged", "out": str(tmp_path / "y")},
        )
        assert response.status_code == 404 and response.json()["error"]["code"] == "model_not_found"
        response = http.post("/engine/exports", json={"model": "x", "format": "gguf", "out": str(tmp_path)})
        assert response.status_code == 400 and response.json()["error"]["param"] == "format"
        assert http.get("/engine/exports/export-nothere").status_code == 404


def test_an_existing_folder_is_replaced_only_with_force(engine_server, trained, tmp_path):
    out = tmp_path / "taken"
    out.mkdir()
    (out / "mine.txt").write_text("keep me")
    arguments = [
        "export",
        trained,
        "--data-dir",
        str(engine_server.data_dir),
        "--format",
        "adapter",
        "--out",
        str(out),
    ]
    refused = engine_cli(*arguments)
    assert refused.returncode == 1 and "not empty" in refused.stderr and "--force" in refused.stderr
    assert (out / "mine.txt").read_text() == "keep me"
    with api(engine_server) as http:
        response = http.post("/engine/exports", json={"model": trained, "format": "adapter", "out": str(out)})
        assert response.status_code == 409 and response.json()["error"]["code"] == "output_exists"
    forced = engine_cli(*arguments, "--force")
    assert forced.returncode == 0, forced.stderr
    assert not (out / "mine.txt").exists() and (out / "adapter_model.safetensors").is_file()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["taken"]  # no partial or replaced folder left


def test_a_cancelled_export_leaves_nothing_behind(engine_server, trained, tmp_path):
    from engine import exports
    from engine.jobs import Paths
    from engine.store import Store

    store = Store(engine_server.data_dir / "engine.sqlite3")
    try:
        info = exports.find_model(store, Paths(engine_server.data_dir), trained)
    finally:
        store.close()
    seen: list[str] = []
    with pytest.raises(exports.ExportCancelled):
        exports.export_model(
            info,
            "merged",
            tmp_path / "out",
            progress=lambda _w, _t, stage: seen.append(stage),
            cancelled=lambda: True,
        )
    assert seen and list(tmp_path.iterdir()) == []


def test_import_refuses_a_folder_without_an_adapter(tmp_path):
    (tmp_path / "empty").mkdir()
    result = engine_cli("import-adapter", str(tmp_path / "empty"), "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 1 and "not an adapter folder" in result.stderr


def test_a_full_disk_is_refused_before_writing(engine_server, trained, small_disk):
    small_disk.fill(leave_bytes=200 * 1024)  # less than the merged model needs
    out = small_disk.path / "merged"
    result = engine_cli(
        "export", trained, "--data-dir", str(engine_server.data_dir), "--format", "merged", "--out", str(out)
    )
    assert result.returncode == 1 and "Not enough free space" in result.stderr, result.stderr
    with api(engine_server) as http:
        response = http.post("/engine/exports", json={"model": trained, "format": "merged", "out": str(out)})
    assert response.status_code == 400 and response.json()["error"]["code"] == "insufficient_storage"
    assert sorted(path.name for path in small_disk.path.iterdir()) == [".ballast"]


def test_a_disk_that_fills_while_writing_leaves_nothing_half_written(
    engine_server, trained, small_disk, monkeypatch
):
    from engine import exports
    from engine.jobs import Paths
    from engine.store import Store

    store = Store(engine_server.data_dir / "engine.sqlite3")
    try:
        info = exports.find_model(store, Paths(engine_server.data_dir), trained)
    finally:
        store.close()
    small_disk.fill(leave_bytes=300 * 1024)
    # Past the up-front check, so that the kernel itself refuses a write half-way through.
    monkeypatch.setattr(exports, "ROOM_MARGIN", -(10 * 1024**2))
    with pytest.raises(exports.ExportError) as caught:
        exports.export_model(info, "merged", small_disk.path / "merged")
    assert caught.value.code == "insufficient_storage" and "free" in caught.value.message
    assert sorted(path.name for path in small_disk.path.iterdir()) == [".ballast"]


def test_bad_paths_are_refused_with_the_parameter_named(engine_server, trained):
    with api(engine_server) as http:
        relative = http.post("/engine/exports", json={"model": trained, "format": "adapter", "out": "rel/x"})
        assert relative.status_code == 400 and relative.json()["error"]["param"] == "out"
        nul = http.get("/engine/exports/sizes", params={"model": trained, "out": "/tmp/a\x00b"})
        assert nul.status_code == 400 and nul.json()["error"]["param"] == "out"
        missing = http.post("/engine/imports", json={"folder": "/nowhere/at/all"})
        assert missing.status_code == 400 and missing.json()["error"]["code"] == "invalid_adapter"
