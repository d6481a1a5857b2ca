"""The Profiles dialog on real widgets: edit, keys (keyring or this session only), test connection."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import SecretService, chainer, fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from desktop.providers.profiles import LOCAL_PROFILE_ID, ProviderKind
from desktop.providers.secrets import ProfileSecrets, SecretStore, SessionSecretStore
from desktop.ui.profiles.dialog import ProfilesDialog
from desktop.ui.profiles.models import DeploymentColumn
from desktop.ui.services import ProviderServices, create_provider_services
from tests.providers.fault_server import closed_port, running_fault_server

KEY = "sk-dialog-test-" + uuid.uuid4().hex


@pytest.fixture
def services(tmp_path: Path) -> Iterator[ProviderServices]:
    made = create_provider_services(
        tmp_path / "config", tmp_path / "data", ProfileSecrets(SecretStore(timeout=5), SessionSecretStore())
    )
    yield made
    made.shutdown()


@pytest.fixture
def no_keyring() -> Iterator[None]:
    original = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(original)


@pytest.fixture
def dialog(qtbot, services: ProviderServices) -> ProfilesDialog:
    made = ProfilesDialog(services)
    qtbot.addWidget(made)
    qtbot.waitUntil(lambda: not made.tasks)
    return made


def settle(qtbot, dialog: ProfilesDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.tasks, timeout=20_000)


def test_first_open_shows_the_local_engine_active(dialog: ProfilesDialog, qtmodeltester) -> None:
    qtmodeltester.check(dialog.list_model)
    qtmodeltester.check(dialog.editor.deployments_model)
    qtmodeltester.check(dialog.report_model)
    assert dialog.list_model.rowCount() == 1
    assert dialog.current_profile_id() == LOCAL_PROFILE_ID
    assert dialog.editor.kind() is ProviderKind.LOCAL
    assert "(active)" in dialog.list_model.index(0, 0).data()
    assert not dialog.activate_button.isEnabled()


def test_kind_specific_fields(qtbot, dialog: ProfilesDialog) -> None:
    dialog.add_profile(ProviderKind.OPENAI)
    form = dialog.editor.form
    assert form.isRowVisible(dialog.editor.organization_edit)
    assert not form.isRowVisible(dialog.editor.api_version_edit)
    assert dialog.editor.deployments_group.isHidden()
    dialog.editor.kind_combo.setCurrentIndex(dialog.editor.kind_combo.findData(ProviderKind.AZURE.value))
    assert not form.isRowVisible(dialog.editor.organization_edit)
    assert form.isRowVisible(dialog.editor.api_version_edit)
    assert not dialog.editor.deployments_group.isHidden()
    assert dialog.editor.api_version_edit.text()  # a default API version is filled in


def test_azure_deployments_are_saved(
    qtbot, dialog: ProfilesDialog, services: ProviderServices, qtmodeltester
) -> None:
    profile = dialog.add_profile(ProviderKind.AZURE)
    editor = dialog.editor
    editor.base_url_edit.setText("https://my-resource.openai.azure.com/")
    model = editor.deployments_model
    row = model.add_row()
    model.setData(model.index(row, DeploymentColumn.MODEL), "gpt-4o-mini-2024-07-18.ft-abc")
    model.setData(model.index(row, DeploymentColumn.DEPLOYMENT), "support-bot")
    model.add_row()  # an unfinished row is not saved
    qtmodeltester.check(model)
    assert dialog.save_current()
    settle(qtbot, dialog)
    saved = services.profiles.get(profile.id)
    assert saved.azure_deployments == {"gpt-4o-mini-2024-07-18.ft-abc": "support-bot"}
    assert saved.deployment_for("gpt-4o-mini-2024-07-18.ft-abc") == "support-bot"


def test_problems_block_saving(dialog: ProfilesDialog, services: ProviderServices) -> None:
    profile = dialog.add_profile(ProviderKind.COMPATIBLE)
    dialog.editor.base_url_edit.setText("localhost:8000")
    assert not dialog.save_current()
    assert not dialog.problems_label.isHidden()
    assert "http://" in dialog.problems_label.text()
    assert services.profiles.get(profile.id).base_url == ""


def test_without_a_keyring_the_key_can_be_kept_for_this_session(
    qtbot, no_keyring: None, dialog: ProfilesDialog, services: ProviderServices
) -> None:
    profile = dialog.add_profile(ProviderKind.OPENAI)
    settle(qtbot, dialog)
    dialog.editor.name_edit.setText("Work")
    dialog.editor.key_edit.setText(KEY)
    assert dialog.save_current()
    settle(qtbot, dialog)
    assert not dialog.keyring_banner.isHidden()
    assert "this session only" in dialog.keyring_label.text()
    assert dialog.editor.key_edit.text() == ""  # the field never keeps the key
    assert services.secrets.session.get(profile.id) is None  # not before the user agrees
    qtbot.mouseClick(dialog.session_only_button, Qt.MouseButton.LeftButton)
    assert dialog.keyring_banner.isHidden()
    assert services.secrets.get(profile.id) == KEY
    assert services.secrets.is_session_only(profile.id)
    assert "session only" in dialog.editor.key_status_label.text()
    assert KEY not in services.profiles.path.read_text(encoding="utf-8")
    assert json.loads(services.profiles.path.read_text(encoding="utf-8"))["profiles"][1]["name"] == "Work"


def secret_service_available() -> bool:
    backend = keyring.get_keyring()
    if isinstance(backend, chainer.ChainerBackend):
        return any(isinstance(b, SecretService.Keyring) for b in backend.backends)
    return isinstance(backend, SecretService.Keyring)


@pytest.mark.keyring
@pytest.mark.skipif(not secret_service_available(), reason="no Secret Service keyring (run ./test.sh)")
def test_the_key_goes_to_the_real_keyring(qtbot, dialog: ProfilesDialog, services: ProviderServices) -> None:
    profile = dialog.add_profile(ProviderKind.OPENAI)
    settle(qtbot, dialog)
    dialog.editor.key_edit.setText(KEY)
    try:
        assert dialog.save_current()
        settle(qtbot, dialog)
        assert dialog.keyring_banner.isHidden()
        assert "keyring" in dialog.editor.key_status_label.text()
        assert keyring.get_password("finetune-desk", profile.id) == KEY
        # Opening the dialog again tells the key is there without showing it.
        again = ProfilesDialog(services)
        qtbot.addWidget(again)
        again.list_view.setCurrentIndex(again.list_model.index(again.list_model.row_of(profile.id), 0))
        settle(qtbot, again)
        assert "stored" in again.editor.key_status_label.text() and again.editor.key_edit.text() == ""
    finally:
        services.secrets.delete(profile.id)


def test_test_connection_lists_models(qtbot, dialog: ProfilesDialog, qtmodeltester) -> None:
    with running_fault_server() as server:
        server.answer(
            200,
            {
                "object": "list",
                "data": [
                    {"id": "llama-3-8b", "object": "model", "created": 1, "owned_by": "me"},
                    {"id": "qwen2.5-7b", "object": "model", "created": 1, "owned_by": "me"},
                ],
            },
        )
        server.answer(200, {"object": "list", "data": [], "has_more": False})  # fine_tuning.jobs.list
        dialog.add_profile(ProviderKind.COMPATIBLE)
        dialog.editor.base_url_edit.setText(server.base_url)
        dialog.editor.key_edit.setText(KEY)
        dialog.test_current()
        assert not dialog.test_button.isEnabled()
        settle(qtbot, dialog)
        assert dialog.test_button.isEnabled()
        assert "Connected: 2 models" in dialog.report_label.text()
        assert dialog.report_model.rowCount() == 2
        qtmodeltester.check(dialog.report_model)
        auth = {k.lower(): v for k, v in server.requests[0].headers.items()}["authorization"]
        assert auth == f"Bearer {KEY}"  # the typed (unsaved) key was used for the test


def test_test_connection_says_what_is_wrong(qtbot, dialog: ProfilesDialog) -> None:
    dialog.add_profile(ProviderKind.COMPATIBLE)
    dialog.editor.base_url_edit.setText(f"http://127.0.0.1:{closed_port()}/v1")
    dialog.editor.key_edit.setText(KEY)
    dialog.test_current()
    settle(qtbot, dialog)
    assert "refused" in dialog.report_label.text()
    assert KEY not in dialog.report_label.text()


def test_activate_and_delete(qtbot, dialog: ProfilesDialog, services: ProviderServices, monkeypatch) -> None:
    profile = dialog.add_profile(ProviderKind.OPENAI)
    settle(qtbot, dialog)
    with qtbot.waitSignal(dialog.active_profile_changed) as activated:
        dialog.activate_current()
    assert activated.args == [profile.id]
    assert services.profiles.active_id == profile.id
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(dialog.active_profile_changed) as fallback:
        dialog.delete_current()
    settle(qtbot, dialog)
    assert fallback.args == [LOCAL_PROFILE_ID]
    assert profile.id not in services.profiles
    assert dialog.list_model.rowCount() == 1


def test_switching_profiles_keeps_edits(qtbot, dialog: ProfilesDialog, services: ProviderServices) -> None:
    first = dialog.add_profile(ProviderKind.COMPATIBLE)
    settle(qtbot, dialog)
    dialog.editor.base_url_edit.setText("http://gpu-box:8000/v1")
    dialog.list_view.setCurrentIndex(dialog.list_model.index(dialog.list_model.row_of(LOCAL_PROFILE_ID), 0))
    settle(qtbot, dialog)
    assert services.profiles.get(first.id).base_url == "http://gpu-box:8000/v1"
    assert dialog.editor.kind() is ProviderKind.LOCAL


def test_chinese_translation(qtbot, qapp, services: ProviderServices) -> None:
    from PySide6.QtCore import QTranslator

    from desktop.ui.resources import resources_dir

    translator = QTranslator()
    assert translator.load(str(resources_dir() / "i18n" / "profiles_zh_CN.qm"))
    qapp.installTranslator(translator)
    try:
        chinese = ProfilesDialog(services)
        qtbot.addWidget(chinese)
        settle(qtbot, chinese)
        assert chinese.windowTitle() == "服务商与密钥"
        assert chinese.test_button.text() == "测试连接"
        assert "当前使用" in chinese.list_model.index(0, 0).data()
    finally:
        qapp.removeTranslator(translator)


def test_testing_the_local_profile_starts_the_engine(
    qtbot, dialog: ProfilesDialog, services: ProviderServices
) -> None:
    assert dialog.current_profile_id() == LOCAL_PROFILE_ID
    dialog.test_current()
    settle(qtbot, dialog)
    assert "Connected" in dialog.report_label.text(), dialog.report_label.text()
    engine = services.local_engine
    assert engine is not None and engine.running
    assert engine.data_dir == services.data_dir / "engine"
    rows = [dialog.report_model.index(r, 0).data() for r in range(dialog.report_model.rowCount())]
    assert "tiny-random" in rows
    # The same engine and token serve the rest of the app.
    client = services.client_for()
    assert "tiny-random" in [m.id for m in client.models.list()]
    services.shutdown()
    assert not engine.running


def test_a_proxy_password_goes_to_the_secrets_not_the_file(
    qtbot, no_keyring: None, dialog: ProfilesDialog, services: ProviderServices
) -> None:
    profile = dialog.add_profile(ProviderKind.OPENAI)
    settle(qtbot, dialog)
    dialog.editor.proxy_edit.setText("http://bob:proxy-pw-123456@127.0.0.1:3128")
    assert dialog.save_current()
    settle(qtbot, dialog)
    assert dialog.editor.proxy_edit.text() == "http://bob@127.0.0.1:3128"
    assert "proxy-pw-123456" not in services.profiles.path.read_text(encoding="utf-8")
    qtbot.mouseClick(dialog.session_only_button, Qt.MouseButton.LeftButton)
    assert services.secrets.proxy_password(profile.id) == "proxy-pw-123456"
    connectable, _secret = services.connectable(services.profiles.get(profile.id), "typed-key-123456")
    assert connectable.proxy_url() == "http://bob:proxy-pw-123456@127.0.0.1:3128"


def test_title_and_a_safe_delete(
    qtbot, dialog: ProfilesDialog, services: ProviderServices, monkeypatch
) -> None:
    assert dialog.windowTitle() == "Providers and keys"  # as the menu item that opens it
    assert not dialog.delete_button.autoDefault() and not dialog.delete_button.isDefault()
    asked: list[tuple[object, ...]] = []

    def answer_default(*args: object) -> QMessageBox.StandardButton:
        asked.append(args)
        default = args[4]
        assert isinstance(default, QMessageBox.StandardButton)
        return default  # what Enter would do

    monkeypatch.setattr(QMessageBox, "question", answer_default)
    dialog.select_profile(LOCAL_PROFILE_ID)
    dialog.delete_current()
    assert asked and asked[0][4] == QMessageBox.StandardButton.No
    assert "in use" in str(asked[0][2])
    assert LOCAL_PROFILE_ID in services.profiles  # Enter kept it


def test_changes_are_saved_as_you_go_and_buttons_stay_put(
    qtbot, dialog: ProfilesDialog, services: ProviderServices
) -> None:
    from PySide6.QtCore import QPoint

    profile = dialog.add_profile(ProviderKind.COMPATIBLE)
    settle(qtbot, dialog)
    dialog.show()
    dialog.editor.name_edit.setText("My server")
    dialog.editor.base_url_edit.setText("http://127.0.0.1:9/v1")
    # No Save button: a pause in typing saves.
    qtbot.waitUntil(lambda: services.profiles.get(profile.id).name == "My server", timeout=5_000)
    assert "saved as you go" in dialog.saved_label.text()
    assert not any(b.text() == "Save" for b in dialog.findChildren(QPushButton))

    before = dialog.test_button.mapTo(dialog, QPoint(0, 0))
    dialog._test_failed(RuntimeError("connection refused by 127.0.0.1:9"))
    qtbot.wait(50)
    assert dialog.report_label.text().startswith("✘")
    assert dialog.test_button.mapTo(dialog, QPoint(0, 0)) == before
