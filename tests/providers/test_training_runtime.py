"""The training runtime's set-up: hardware, pip configuration, plans, and real uv runs that fail.

The failures are real: uv runs against loopback package indexes of ours (one empty, one that never
answers, one closed port), into a real size-limited disk. The full install that trains is in
tests/packaging/test_training_runtime_bundle.py (slow).
"""

from __future__ import annotations

import http.server
import json
import os
import socket
import stat
import sys
import threading
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.providers import training_runtime as rt
from desktop.providers.training_runtime import (
    HardwareKind,
    PackageSources,
    PipConfig,
    RuntimeInstaller,
    RuntimeLayout,
    RuntimeSetupError,
    RuntimeState,
    SetupCancelled,
)
from tests.support.small_disk import SmallDisk

ROOT = Path(__file__).resolve().parents[2]
needs_uv = pytest.mark.skipif(rt.uv_binary() is None, reason="uv is not installed (dev extra)")


def test_the_runtime_requirements_are_the_engines_dependencies() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    engine_extra = project["optional-dependencies"]["engine"]
    assert f"torch=={rt.TORCH_VERSION}" in engine_extra
    wanted = {name for name in rt.iter_requirement_names(engine_extra) if name != "torch"}
    for server_library in ("fastapi", "uvicorn", "python-multipart"):
        assert any(dependency.startswith(server_library) for dependency in project["dependencies"])
        wanted.add(server_library)
    assert set(rt.iter_requirement_names(rt.ENGINE_REQUIREMENTS)) == wanted


# -- hardware


def fake_nvidia_smi(tmp_path: Path, name: str, driver: str, capability: str, cuda: str) -> str:
    """A stand-in `nvidia-smi` program answering the two queries detect_hardware makes."""
    script = tmp_path / "nvidia-smi"
    script.write_text(
        "#!/bin/sh\n"
        'case "$1" in\n'
        f'  --query-gpu=*) echo "{name}, {driver}, {capability}" ;;\n'
        f'  *) echo "| NVIDIA-SMI {driver}    Driver Version: {driver}    CUDA Version: {cuda}     |" ;;\n'
        "esac\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in nvidia-smi is a shell script")
@pytest.mark.parametrize(
    ("driver", "capability", "cuda", "variant"),
    [
        ("580.65", "8.9", "13.0", "cu130"),
        ("580.65", "6.1", "13.0", "cu128"),  # CUDA 13 builds dropped Pascal
        ("570.86", "8.6", "12.8", "cu128"),
        ("560.35", "7.5", "12.6", "cu126"),
    ],
)
def test_an_nvidia_gpu_gets_the_newest_cuda_build_its_driver_runs(
    tmp_path: Path, driver: str, capability: str, cuda: str, variant: str
) -> None:
    smi = fake_nvidia_smi(tmp_path, "NVIDIA GeForce RTX 4090", driver, capability, cuda)
    hardware = rt.detect_hardware(system="Linux", machine="x86_64", nvidia_smi=smi)
    assert hardware.kind is HardwareKind.CUDA
    assert hardware.torch_variant == variant
    assert hardware.description == f"NVIDIA GeForce RTX 4090 (driver {driver}, CUDA {cuda})"
    assert hardware.note_en == ""


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in nvidia-smi is a shell script")
def test_an_old_driver_or_gpu_falls_back_to_cpu_and_says_why(tmp_path: Path) -> None:
    old_driver = rt.detect_hardware(
        system="Linux", nvidia_smi=fake_nvidia_smi(tmp_path, "Tesla T4", "535.10", "7.5", "12.2")
    )
    assert old_driver.kind is HardwareKind.CPU and old_driver.torch_variant == "cpu"
    assert "535.10" in old_driver.note_en and "Update the driver" in old_driver.note_en
    assert "560" in old_driver.note_zh
    old_gpu = rt.detect_hardware(
        system="Linux", nvidia_smi=fake_nvidia_smi(tmp_path, "Tesla K80", "570.86", "3.7", "12.8")
    )
    assert old_gpu.kind is HardwareKind.CPU and "too old" in old_gpu.note_en


def test_a_broken_nvidia_tool_means_cpu_with_advice(tmp_path: Path) -> None:
    broken = tmp_path / "nvidia-smi"
    broken.write_text("#!/bin/sh\necho 'NVIDIA-SMI has failed' >&2\nexit 9\n", encoding="utf-8")
    broken.chmod(0o755)
    hardware = rt.detect_hardware(system="Linux", nvidia_smi=str(broken))
    assert hardware.kind is HardwareKind.CPU
    assert "driver" in hardware.note_en and "修复" in hardware.note_zh


def test_macs_and_plain_computers() -> None:
    assert rt.detect_hardware(system="Darwin", machine="arm64", macos_version="15.1").kind is HardwareKind.MPS
    old_macos = rt.detect_hardware(system="Darwin", machine="arm64", macos_version="13.6")
    assert old_macos.kind is HardwareKind.CPU and "macOS 14" in old_macos.note_en
    intel = rt.detect_hardware(system="Darwin", machine="x86_64")
    assert intel.kind is HardwareKind.CPU and "Intel Macs" in intel.note_en
    plain = rt.detect_hardware(system="Linux", machine="x86_64", nvidia_smi=False)
    assert (plain.kind, plain.torch_variant, plain.note_en) == (HardwareKind.CPU, "cpu", "")


# -- pip configuration


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_pip_configuration_is_read_in_pips_order(tmp_path: Path) -> None:
    home = tmp_path / "home"
    system_dir = tmp_path / "xdg-system"
    write(
        system_dir / "pip" / "pip.conf",
        "[global]\nindex-url = https://system.example/simple\nconstraint = /etc/c.txt\n"
        "trusted-host = system.example\n",
    )
    write(
        home / ".config" / "pip" / "pip.conf",
        "[global]\nextra-index-url =\n    https://one.example/simple\n    https://two.example/simple\n"
        "[install]\nindex-url = https://user.example/simple\n",
    )
    env = {"XDG_CONFIG_DIRS": str(system_dir), "PIP_FIND_LINKS": "/opt/wheels", "PIP_DEFAULT_TIMEOUT": "99"}
    config = rt.read_pip_config(env, system="Linux", home=home)
    assert config.index_url == "https://user.example/simple"  # user over global, [install] over [global]
    assert config.extra_index_urls == ("https://one.example/simple", "https://two.example/simple")
    assert config.find_links == ("/opt/wheels",)
    assert config.constraints == ("/etc/c.txt",)
    assert config.trusted_hosts == ("system.example",)
    assert config.timeout == "99"
    assert str(home / ".config" / "pip" / "pip.conf") in config.files

    # PIP_CONFIG_FILE wins over the files and hides the user's; os.devnull switches files off.
    own = write(tmp_path / "own.conf", "[global]\nindex-url = https://own.example/simple\n")
    config = rt.read_pip_config({**env, "PIP_CONFIG_FILE": str(own)}, system="Linux", home=home)
    assert config.index_url == "https://own.example/simple" and config.extra_index_urls == ()
    config = rt.read_pip_config({"PIP_CONFIG_FILE": os.devnull}, system="Linux", home=home)
    assert config.empty
    # The environment wins over every file.
    config = rt.read_pip_config(
        {**env, "PIP_INDEX_URL": "https://env.example/simple"}, system="Linux", home=home
    )
    assert config.index_url == "https://env.example/simple"


def test_an_unreadable_pip_configuration_is_skipped(tmp_path: Path) -> None:
    home = tmp_path / "home"
    bad = write(home / ".config" / "pip" / "pip.conf", "this is not [an ini file\nindex-url = x\n")
    config = rt.read_pip_config({"XDG_CONFIG_DIRS": str(tmp_path / "none")}, system="Linux", home=home)
    assert str(bad) not in config.files and config.index_url is None


# -- plans


def test_a_cuda_plan_pins_the_cuda_build_and_its_index() -> None:
    cuda = rt.Hardware(HardwareKind.CUDA, "RTX", "cu128")
    plan = rt.make_plan(cuda, PackageSources(), PipConfig())
    assert plan.requirements[0] == f"torch=={rt.TORCH_VERSION}+cu128"
    arguments = list(plan.uv_arguments)
    assert arguments[arguments.index("--index-url") + 1] == rt.PYPI_INDEX
    assert arguments[arguments.index("--extra-index-url") + 1] == "https://download.pytorch.org/whl/cu128"
    assert "--no-build" in arguments
    assert plan.needed_bytes > plan.installed_bytes > plan.download_bytes


def test_a_mirror_and_the_machines_pip_configuration_both_count() -> None:
    cpu = rt.Hardware(HardwareKind.CPU, "CPU", "cpu")
    pip = PipConfig(
        index_url="https://pip.example/simple",
        extra_index_urls=("file:///opt/pypi/simple",),
        find_links=("/opt/wheels",),
        trusted_hosts=("pip.example",),
        constraints=("/etc/xdg/pip/constraints.txt",),
        cert="/etc/ssl/certs/ca.crt",
        proxy="http://proxy.example:3128",
        timeout="180",
        files=("/etc/pip.conf",),
    )
    sources = PackageSources(
        index_url="https://mirrors.example/pypi/simple",
        extra_index_urls=("https://extra.example/simple",),
        find_links=("/media/wheels",),
        pytorch_index_url="https://mirrors.example/pytorch",
    )
    plan = rt.make_plan(cpu, sources, pip)
    arguments = list(plan.uv_arguments)

    def values(option: str) -> list[str]:
        return [arguments[i + 1] for i, argument in enumerate(arguments) if argument == option]

    assert values("--index-url") == ["https://mirrors.example/pypi/simple"]  # the app's mirror wins
    assert values("--extra-index-url") == [
        "https://mirrors.example/pytorch/cpu",
        "https://extra.example/simple",
        "file:///opt/pypi/simple",
    ]
    assert values("--find-links") == ["/media/wheels", "/opt/wheels"]
    assert values("--allow-insecure-host") == ["pip.example"]
    assert values("--constraint") == ["/etc/xdg/pip/constraints.txt"]
    assert plan.environment == {
        "SSL_CERT_FILE": "/etc/ssl/certs/ca.crt",
        "HTTP_PROXY": "http://proxy.example:3128",
        "HTTPS_PROXY": "http://proxy.example:3128",
        "UV_HTTP_TIMEOUT": "180",
    }
    assert any("/etc/pip.conf" in line for line in plan.source_lines)
    # Without the pip configuration only the app's own sources are used.
    plain = rt.make_plan(cpu, PackageSources(use_pip_config=False, pytorch_index_url=""), pip)
    assert list(plain.uv_arguments).count("--extra-index-url") == 0
    assert plain.environment == {}


def test_sources_survive_a_round_trip_and_bad_files(tmp_path: Path) -> None:
    sources = PackageSources(
        index_url="https://mirror.example/simple", find_links=("/w",), python_downloads=False
    )
    rt.save_sources(tmp_path, sources)
    assert rt.load_sources(tmp_path) == sources
    (tmp_path / rt.SOURCES_FILE).write_text("{not json", encoding="utf-8")
    assert rt.load_sources(tmp_path) == PackageSources()


# -- state


def test_the_runtime_state_is_missing_broken_or_ready(tmp_path: Path) -> None:
    layout = RuntimeLayout(tmp_path)
    assert rt.runtime_status(layout).state is RuntimeState.MISSING
    assert rt.engine_launch(layout) is None
    layout.runtime.mkdir()
    broken = rt.runtime_status(layout)
    assert broken.state is RuntimeState.BROKEN and "Repair" in broken.problem_en
    layout.manifest.write_text(json.dumps({"format": rt.MANIFEST_FORMAT}), encoding="utf-8")
    assert "Python" in rt.runtime_status(layout).problem_en
    python = rt.environment_python(layout.runtime)
    python.parent.mkdir(parents=True)
    python.symlink_to(sys.executable)
    assert rt.runtime_status(layout).state is RuntimeState.READY
    launch = rt.engine_launch(layout)
    assert launch is not None and launch.python == str(python)
    assert (launch.engine_source / "engine" / "__main__.py").is_file()


# -- real uv runs that fail


class EmptyIndex(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_error(404)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def empty_index() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), EmptyIndex)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/simple"
    server.shutdown()


@pytest.fixture
def silent_index() -> Iterator[str]:
    """An index that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/simple"
    listener.close()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def plan_for(index: str) -> rt.InstallPlan:
    sources = PackageSources(
        index_url=index, pytorch_index_url="", use_pip_config=False, python_downloads=False
    )
    return rt.make_plan(rt.Hardware(HardwareKind.CPU, "CPU", "cpu"), sources)


def installer(tmp_path: Path) -> RuntimeInstaller:
    return RuntimeInstaller(RuntimeLayout(tmp_path / "data"), extra_environment={"UV_HTTP_RETRIES": "0"})


def assert_nothing_left(tmp_path: Path) -> None:
    layout = RuntimeLayout(tmp_path / "data")
    assert not layout.runtime.exists()
    assert layout.leftovers() == []


@needs_uv
def test_packages_missing_from_the_index_say_to_choose_other_sources(
    tmp_path: Path, empty_index: str
) -> None:
    with pytest.raises(RuntimeSetupError) as caught:
        installer(tmp_path).install(plan_for(empty_index))
    assert caught.value.reason == "not_found", caught.value.detail
    assert "Package sources" in caught.value.message_en and "软件包来源" in caught.value.message_zh
    assert "torch" in caught.value.detail
    assert_nothing_left(tmp_path)


@needs_uv
def test_an_unreachable_index_says_to_check_the_connection(tmp_path: Path) -> None:
    with pytest.raises(RuntimeSetupError) as caught:
        installer(tmp_path).install(plan_for(f"http://127.0.0.1:{closed_port()}/simple"))
    assert caught.value.reason == "network", caught.value.detail
    assert "internet connection" in caught.value.message_en
    assert "http://127.0.0.1:" in caught.value.message_en  # which server, so the user knows what to fix
    assert_nothing_left(tmp_path)


@needs_uv
def test_cancel_stops_uv_and_keeps_nothing(tmp_path: Path, silent_index: str) -> None:
    setup = installer(tmp_path)
    seen: list[rt.Progress] = []

    def cancel_once_installing(progress: rt.Progress) -> None:
        seen.append(progress)
        if "which packages" in progress.message_en:
            threading.Timer(0.5, setup.cancel).start()

    started = time.monotonic()
    with pytest.raises(SetupCancelled):
        setup.install(plan_for(silent_index), cancel_once_installing)
    assert time.monotonic() - started < 20  # uv itself would wait 30 s for the silent index
    assert seen[0].fraction is not None and seen[0].fraction < 0.1
    assert_nothing_left(tmp_path)


def test_a_full_disk_is_refused_before_anything_is_written(small_disk: SmallDisk) -> None:
    setup = RuntimeInstaller(RuntimeLayout(small_disk.path / "data"), uv=Path(sys.executable))
    with pytest.raises(RuntimeSetupError) as caught:
        setup.install(plan_for("http://127.0.0.1:9/simple"))
    assert caught.value.reason == "disk_full"
    assert "Free some space" in caught.value.message_en and "释放" in caught.value.message_zh
    assert list((small_disk.path / "data").iterdir()) == []


def test_uv_saying_the_disk_is_full_or_the_proxy_refused_is_explained() -> None:
    full = rt.explain_failure("error: Failed to write: No space left on device (os error 28)", 3 * 2**30)
    assert full.reason == "disk_full" and "3.0 GB" in full.message_en
    proxy = rt.explain_failure("error: HTTP status client error (407 Proxy Authentication Required)", 1)
    assert proxy.reason == "proxy" and "proxy" in proxy.message_en
    other = rt.explain_failure("error: something nobody foresaw", 1)
    assert other.reason == "failed" and other.detail.endswith("nobody foresaw")


@needs_uv
def test_leftovers_of_an_interrupted_install_are_removed_and_never_used(tmp_path: Path) -> None:
    layout = RuntimeLayout(tmp_path)
    leftover = tmp_path / "training-runtime.partial-1-2"
    (leftover / "bin").mkdir(parents=True)
    assert rt.runtime_status(layout).state is RuntimeState.MISSING
    RuntimeInstaller(layout).remove()
    assert not leftover.exists()


def test_programs_outside_the_bundle_get_the_users_library_path_back(monkeypatch: pytest.MonkeyPatch) -> None:
    frozen = {
        "LD_LIBRARY_PATH": "/opt/app/_internal",
        "LD_LIBRARY_PATH_ORIG": "/usr/local/lib",
        "_PYI_X": "1",
    }
    # Not frozen (tests run from source): only the bootloader's own markers go.
    assert rt.outside_environment(frozen) == {
        "LD_LIBRARY_PATH": "/opt/app/_internal",
        "LD_LIBRARY_PATH_ORIG": "/usr/local/lib",
    }
    monkeypatch.setattr(sys, "_MEIPASS", "/opt/app/_internal", raising=False)
    assert rt.outside_environment(frozen) == {"LD_LIBRARY_PATH": "/usr/local/lib"}
    assert rt.outside_environment({"LD_LIBRARY_PATH": "/opt/app/_internal", "HOME": "/h"}) == {"HOME": "/h"}


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in nvidia-smi is a shell script")
def test_the_hardware_is_described_in_the_users_language(tmp_path: Path) -> None:
    from desktop.core.i18n import set_language

    smi = fake_nvidia_smi(tmp_path, "NVIDIA GeForce RTX 4090", "570.86", "8.9", "12.8")
    set_language("zh_CN")
    try:
        hardware = rt.detect_hardware(system="Linux", machine="x86_64", nvidia_smi=smi)
    finally:
        set_language("en")
    assert hardware.description == "NVIDIA GeForce RTX 4090（驱动 570.86，CUDA 12.8）"
