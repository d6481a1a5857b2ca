"""The stand-in hub speaks enough of the hub's protocol for the unmodified ``huggingface_hub``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.request import Request, urlopen

import pytest

from tests.support.fake_hub import FakeHub, make_model_folder, running_hub

pytest.importorskip("transformers")

TEXTS = ["hello world", "你好，世界"]


@pytest.fixture(scope="module")
def model_folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("hub-models")
    return {
        "chatml": make_model_folder(root / "chatml", TEXTS, "chatml"),
        "own": make_model_folder(root / "own", TEXTS, "own"),
    }


@pytest.fixture
def hub(model_folders: dict[str, Path]) -> Iterator[FakeHub]:
    with running_hub(tokens={"hf_granted"}) as hub:
        hub.add("test-org/chatml", model_folders["chatml"])
        hub.add("test-org/gated", model_folders["own"], gated=True)
        yield hub


def test_snapshot_download_loads_with_transformers(hub: FakeHub, tmp_path: Path) -> None:
    from huggingface_hub import HfApi, snapshot_download
    from transformers import AutoModelForCausalLM, AutoTokenizer

    info = HfApi(endpoint=hub.endpoint).model_info("test-org/chatml", files_metadata=True)
    sizes = {s.rfilename: s.size for s in info.siblings or []}
    assert (
        sizes["model.safetensors"]
        == (hub.repos["test-org/chatml"].folder / "model.safetensors").stat().st_size
    )
    folder = snapshot_download(
        "test-org/chatml",
        endpoint=hub.endpoint,
        cache_dir=tmp_path,
        allow_patterns=["*.json", "*.jinja", "model.safetensors"],
    )
    assert info.sha and folder.endswith(info.sha)
    tokenizer = AutoTokenizer.from_pretrained(folder)
    prompt = tokenizer.apply_chat_template(
        [{"role": "user", "content": "hi"}], tokenize=False, add_generation_prompt=True
    )
    assert prompt.endswith("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n")
    assert AutoModelForCausalLM.from_pretrained(folder).config.eos_token_id == tokenizer.eos_token_id
    fetched = {r.path.rsplit("/", 1)[1] for r in hub.file_requests("test-org/chatml")}
    assert "model.safetensors" in fetched and "model.onnx" not in fetched


def test_gated_repo_needs_a_granted_token(hub: FakeHub, tmp_path: Path) -> None:
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import GatedRepoError

    with pytest.raises(GatedRepoError) as missing:
        snapshot_download("test-org/gated", endpoint=hub.endpoint, cache_dir=tmp_path, token=False)
    assert missing.value.response.status_code == 401
    with pytest.raises(GatedRepoError) as refused:
        snapshot_download("test-org/gated", endpoint=hub.endpoint, cache_dir=tmp_path, token="hf_other")
    assert refused.value.response.status_code == 403
    folder = snapshot_download(
        "test-org/gated", endpoint=hub.endpoint, cache_dir=tmp_path, token="hf_granted"
    )
    assert (Path(folder) / "config.json").is_file()


def test_unknown_repo_and_file_are_404(hub: FakeHub, tmp_path: Path) -> None:
    from huggingface_hub import hf_hub_download
    from huggingface_hub.errors import EntryNotFoundError, RepositoryNotFoundError

    with pytest.raises(RepositoryNotFoundError):
        hf_hub_download("test-org/missing", "config.json", endpoint=hub.endpoint, cache_dir=tmp_path)
    with pytest.raises(EntryNotFoundError):
        hf_hub_download("test-org/chatml", "nothing.json", endpoint=hub.endpoint, cache_dir=tmp_path)


def test_range_requests_resume_a_file(hub: FakeHub) -> None:
    repo = hub.repos["test-org/chatml"]
    content = (repo.folder / "model.safetensors").read_bytes()
    url = f"{hub.endpoint}/test-org/chatml/resolve/main/model.safetensors"
    with urlopen(Request(url, method="HEAD")) as head:
        assert head.headers["X-Repo-Commit"] == repo.sha
        assert head.headers["ETag"].strip('"') == repo.files["model.safetensors"].lfs_sha256
        assert int(head.headers["Content-Length"]) == len(content)
    with urlopen(Request(url, headers={"Range": "bytes=1000-"})) as tail:
        assert tail.status == 206
        assert tail.headers["Content-Range"] == f"bytes 1000-{len(content) - 1}/{len(content)}"
        assert tail.read() == content[1000:]
