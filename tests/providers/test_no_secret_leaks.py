"""A whole flow with a key, then a search of everything written: the key is found nowhere.

Profile + key (keyring, or this session only where there is none) + test connection + upload + a
failed and a successful job creation against the real local engine, with every logger at DEBUG
writing to a file in the settings folder. Then the settings folder, the log, the engine's data
folder and output, and every error message are searched for the key.
"""

from __future__ import annotations

import json
import logging
import sys
import urllib.parse
import uuid
from pathlib import Path

from desktop.providers import connection
from desktop.providers.client import make_client
from desktop.providers.errors import translate_error, with_retries
from desktop.providers.local_engine import LocalEngineProcess
from desktop.providers.profiles import Profile, ProfileStore, ProviderKind
from desktop.providers.redaction import Redactor, install_logging_redaction
from desktop.providers.secrets import ProfileSecrets, SecretStore, SecretStoreUnavailable, SessionSecretStore
from desktop.providers.uploads import UploadLedger, upload_training_file


def every_file_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def test_the_key_leaks_nowhere(tmp_path: Path) -> None:
    key = "team-key-" + uuid.uuid4().hex  # not sk-shaped: only knowing the secret can remove it
    config_dir = tmp_path / "config"
    engine_dir = tmp_path / "engine-data"
    log_file = config_dir / "logs" / "finetune-desk.log"
    log_file.parent.mkdir(parents=True)

    redactor = Redactor()
    secrets = ProfileSecrets(SecretStore(timeout=10), SessionSecretStore(), redactor)
    install_logging_redaction(redactor.redact)
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    log = logging.getLogger("tests.flow")
    messages: list[str] = []

    # A team's OpenAI-compatible server (here: the local engine, started with that key as its token).
    engine = LocalEngineProcess(engine_dir, key, python=sys.executable, redactor=redactor)
    profiles = ProfileStore(config_dir)
    profile = Profile.create("Team server", ProviderKind.COMPATIBLE)
    stored_in_keyring = True
    try:
        base_url = engine.start(timeout=120)
        profile.base_url = base_url
        profiles.save(profile)
        profiles.set_active(profile.id)
        try:
            secrets.set(profile.id, key)
        except SecretStoreUnavailable:
            stored_in_keyring = False
            secrets.set(profile.id, key, session_only=True)

        secret = secrets.get(profiles.active().id)
        assert secret == key
        client = make_client(profiles.active(), secret)
        log.debug("client for %s with key %s", base_url, secret)  # a careless debug line

        report = connection.test_connection(profiles.active(), secret)
        assert report.ok, report.summary_en
        messages.append(report.summary_en)

        training = tmp_path / "train.jsonl"
        training.write_text(
            "\n".join(
                json.dumps(
                    {
                        "messages": [
                            {"role": "user", "content": f"q{n}"},
                            {"role": "assistant", "content": f"a{n}"},
                        ]
                    }
                )
                for n in range(12)
            ),
            encoding="utf-8",
        )
        ledger = UploadLedger(config_dir)
        uploaded = upload_training_file(client, training, profile_id=profile.id, ledger=ledger)
        try:
            client.fine_tuning.jobs.create(model="no-such-model", training_file=uploaded.file_id)
        except Exception as exc:
            error = translate_error(exc)
            messages += [error.message_en, error.message_zh, error.detail]
            log.exception("creating the job failed with key %s: %s", key, error)
        again = upload_training_file(client, training, profile_id=profile.id, ledger=ledger)
        assert again.reused
        job = with_retries(
            lambda: client.fine_tuning.jobs.create(model="tiny-random", training_file=again.file_id),
            attempts=1,
        )
        log.info("job %s created", job.id)
        client.fine_tuning.jobs.cancel(job.id)
        wrong = connection.test_connection(profiles.active(), key + "-wrong")
        assert wrong.error is not None
        messages.append(wrong.summary_en)
        try:
            raise RuntimeError(f"simulated crash while holding {key}")
        except RuntimeError:
            log.critical("crash report", exc_info=True)
    finally:
        engine.stop()
        root.removeHandler(handler)
        handler.close()
        root.setLevel(old_level)
        if stored_in_keyring:
            secrets.delete(profile.id)

    forms = {key, urllib.parse.quote(key), json.dumps(key)[1:-1], key.encode().hex()}
    searched: list[Path] = [*every_file_under(config_dir), *every_file_under(engine_dir)]
    assert log_file in searched and ledger.path in searched and profiles.path in searched
    assert len(log_file.read_text(encoding="utf-8")) > 0
    for path in searched:
        content = path.read_bytes()
        for form in forms:
            assert form.encode() not in content, f"the key leaked into {path}"
    for text in [*messages, engine.log_text()]:
        for form in forms:
            assert form not in text
    assert "[redacted]" in log_file.read_text(encoding="utf-8")  # the careless lines were there, redacted
