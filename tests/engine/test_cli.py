"""Starting the engine: loopback by default, a token always, and no torch needed to serve."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import openai
import pytest

from tests.engine.helpers import wait_for_job
from tests.engine.seed_data import chat_records, write_jsonl
from tests.support.engine_server import BASE_URL_PATTERN


def run_engine(arguments: list[str], env: dict[str, str] | None = None, timeout: float = 60):
    return subprocess.run(
        [sys.executable, "-m", "engine", *arguments],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env or dict(os.environ),
    )


def test_binding_beyond_loopback_needs_a_flag_and_a_token(tmp_path):
    environment = {k: v for k, v in os.environ.items() if k != "FINETUNE_ENGINE_TOKEN"}
    refused = run_engine(
        ["serve", "--host", "0.0.0.0", "--port", "0", "--data-dir", str(tmp_path)], environment
    )
    assert refused.returncode == 2
    assert "--allow-remote" in refused.stderr
    tokenless = run_engine(
        ["serve", "--host", "0.0.0.0", "--allow-remote", "--port", "0", "--data-dir", str(tmp_path)],
        environment,
    )
    assert tokenless.returncode == 2
    assert "token" in tokenless.stderr


def start_script(code: str, tmp_path, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=os.getcwd(),
    )


def base_url_of(process: subprocess.Popen) -> str:
    assert process.stdout is not None
    for line in process.stdout:
        match = BASE_URL_PATTERN.search(line)
        if match:
            return match.group(1)
    raise AssertionError("the engine printed no base URL")


def test_token_is_generated_once_and_kept_in_the_data_folder(tmp_path):
    environment = {k: v for k, v in os.environ.items() if k != "FINETUNE_ENGINE_TOKEN"}
    data_dir = tmp_path / "data"
    arguments = [sys.executable, "-m", "engine", "serve", "--port", "0", "--data-dir", str(data_dir)]
    tokens = []
    for _ in range(2):
        process = subprocess.Popen(
            arguments, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environment
        )
        try:
            base_url = base_url_of(process)
            token = (data_dir / "token").read_text().strip()
            tokens.append(token)
            assert openai.OpenAI(base_url=base_url, api_key=token).models.list().data
        finally:
            process.terminate()
            process.wait(timeout=30)
    assert tokens[0] == tokens[1] and len(tokens[0]) > 30
    assert (data_dir / "token").stat().st_mode & 0o077 == 0


@pytest.mark.slow
def test_engine_serves_without_torch_and_fails_jobs_clearly(tmp_path):
    """The HTTP layer starts without the training extra; a job then fails with a clear error."""
    code = f"""
        import sys
        for name in ("torch", "transformers", "peft"):
            sys.modules[name] = None  # as if the engine extra were not installed
        from engine.__main__ import main
        sys.exit(main(["serve", "--port", "0", "--data-dir", {str(tmp_path / "data")!r}, "--token", "t0"]))
    """
    process = start_script(code, tmp_path, dict(os.environ))
    try:
        client = openai.OpenAI(base_url=base_url_of(process), api_key="t0")
        with write_jsonl(tmp_path / "seed.jsonl", chat_records()).open("rb") as stream:
            file = client.files.create(file=stream, purpose="fine-tune")
        job = wait_for_job(
            client, client.fine_tuning.jobs.create(model="tiny-random", training_file=file.id).id
        )
        assert job.status == "failed"
        assert job.error.code == "engine_dependencies_missing"
        assert "pip install" in job.error.message
        with pytest.raises(openai.APIStatusError) as caught:
            client.chat.completions.create(model="tiny-random", messages=[{"role": "user", "content": "hi"}])
        assert caught.value.status_code == 503
    finally:
        process.terminate()
        process.wait(timeout=30)
