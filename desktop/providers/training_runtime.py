"""The training runtime: torch, transformers and peft installed beside the app, for the local engine.

The packaged app leaves the training libraries out (they are gigabytes, and which torch build fits
depends on the GPU). This module installs them on demand into the user's data folder and tells the
app how to start the engine from there:

- :func:`detect_hardware` picks the torch build: a CUDA build matched to the NVIDIA driver, the
  macOS arm64 build (MPS) on Apple Silicon, else the CPU build.
- :func:`read_pip_config` reads the machine's pip configuration (files and ``PIP_*`` variables, in
  pip's own order) so a mirror or local index set up for pip is honoured; :class:`PackageSources`
  holds the app's own settings (default index, a mirror, extra indexes, find-links).
- :class:`RuntimeInstaller` runs the bundled ``uv`` to make a Python environment (uv uses a Python
  3.11+ found on the computer, or downloads one) and install the packages into a temporary folder
  next to the final one, verifies it by importing the engine's trainer with it, and only then renames
  it into place: a half-finished runtime is never used. Cancel stops uv and deletes the folder.
- :func:`engine_launch` says which Python runs the engine, and where the engine's source is.

Why uv: the frozen app has no Python of its own that could create an environment or run pip, and uv
is one self-contained binary (on PyPI, so it is bundled at build time) that creates environments,
finds or downloads a Python, and installs wheels quickly with a shared cache, on all three systems.
Every failure is a :class:`RuntimeSetupError` whose message says what to do, in English and Chinese.
"""

from __future__ import annotations

import configparser
import contextlib
import importlib.util
import json
import logging
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from desktop.core.i18n import pick

log = logging.getLogger(__name__)

# What the engine needs beyond the standard library (pyproject's dependencies for the engine's HTTP
# layer plus its `engine` extra; tests/providers/test_training_runtime.py keeps the two in step).
TORCH_VERSION = "2.13.0"
ENGINE_REQUIREMENTS = (
    "transformers>=4.56",
    "peft>=0.17",
    "tokenizers>=0.21",
    "safetensors>=0.4",
    "fastapi>=0.110",
    "uvicorn>=0.29",
    "python-multipart>=0.0.9",
)
PYTHON_REQUEST = ">=3.11,<3.15"
PYPI_INDEX = "https://pypi.org/simple"
PYTORCH_INDEX = "https://download.pytorch.org/whl"
# CUDA builds of torch, newest first, with the lowest driver-reported CUDA version each needs.
CUDA_VARIANTS = (("cu130", (13, 0)), ("cu128", (12, 8)), ("cu126", (12, 6)))
# The oldest GPUs the CUDA 12.6 build still runs on (compute capability 5.0, Maxwell).
MIN_COMPUTE_CAPABILITY = (5, 0)
MANIFEST_NAME = "finetune-runtime.json"
MANIFEST_FORMAT = 1
SOURCES_FILE = "training-runtime-sources.json"
# Rough sizes (bytes) per kind, for the explanation and the free-space check; docs/benchmarks.md says
# where they come from. Installed size includes the download's unpacked wheels; the cache holds the
# downloads for a later repair.
SIZE_ESTIMATES = {
    "cpu": (240 * 2**20, 1000 * 2**20),
    "mps": (150 * 2**20, 500 * 2**20),
    "cuda": (2700 * 2**20, 6000 * 2**20),
}
# PyTorch 2.13's only macOS build is for Apple Silicon on macOS 14 or newer.
MIN_MACOS_FOR_TORCH = (14, 0)


class HardwareKind(Enum):
    CUDA = "cuda"
    MPS = "mps"
    CPU = "cpu"


@dataclass(frozen=True)
class Hardware:
    """What this computer can train on, and the torch build that fits it."""

    kind: HardwareKind
    description: str  # "NVIDIA GeForce RTX 4090 (driver 570.86, CUDA 12.8)", "Apple M2", "CPU: ..."
    torch_variant: str  # "cu128", "mps", "cpu"
    # Why a GPU was seen but can't be used (old driver, too old a GPU): shown, and the CPU build offered.
    note_en: str = ""
    note_zh: str = ""

    @property
    def note(self) -> str:
        return pick(self.note_en, self.note_zh)


class RuntimeSetupError(Exception):
    """A failure of the runtime set-up, with a message (both languages) that says what to do."""

    def __init__(self, reason: str, message_en: str, message_zh: str, detail: str = "") -> None:
        super().__init__(message_en)
        self.reason = reason  # "network", "disk_full", "proxy", "certificate", "not_found", ...
        self.message_en = message_en
        self.message_zh = message_zh
        self.detail = detail  # the tool's own last lines, for "Details"

    @property
    def message(self) -> str:
        return pick(self.message_en, self.message_zh)


class SetupCancelled(Exception):
    """The user cancelled the set-up; nothing was kept."""


# -- hardware


Runner = Callable[[list[str]], str]
# Console programs started from the windowed app must not flash a console window on Windows.
_NO_WINDOW = getattr(subprocess, "CREATE_NO_WINDOW", 0) if sys.platform == "win32" else 0


def _run_quietly(command: list[str]) -> str:
    creation_flags = getattr(subprocess, "CREATE_NO_WINDOW", 0) if sys.platform == "win32" else 0
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=20,
        check=True,
        creationflags=creation_flags,
    )
    return result.stdout


def _nvidia_smi() -> str | None:
    found = shutil.which("nvidia-smi")
    if found is None and sys.platform == "win32":
        candidate = Path(os.environ.get("SYSTEMROOT", r"C:\Windows")) / "System32" / "nvidia-smi.exe"
        found = str(candidate) if candidate.exists() else None
    return found


def detect_hardware(
    *,
    system: str | None = None,
    machine: str | None = None,
    run: Runner = _run_quietly,
    nvidia_smi: str | bool | None = True,
    macos_version: str | None = None,
) -> Hardware:
    """The torch build for this computer (pass ``system``/``machine``/``run`` to ask about another)."""
    system = system or platform.system()
    machine = (machine or platform.machine()).lower()
    if system == "Darwin":
        release = _version_tuple(macos_version if macos_version is not None else platform.mac_ver()[0])
        if machine in ("arm64", "aarch64") and (release is None or release >= MIN_MACOS_FOR_TORCH):
            return Hardware(HardwareKind.MPS, pick("Apple Silicon (Metal)", "Apple 芯片（Metal）"), "mps")
        if machine in ("arm64", "aarch64"):
            return Hardware(
                HardwareKind.CPU,
                pick("Apple Silicon (CPU)", "Apple 芯片（CPU）"),
                "cpu",
                note_en=f"PyTorch {TORCH_VERSION} needs macOS 14 or newer; local training cannot run on this "
                "macOS. Update macOS, then choose Repair, or train with a cloud provider.",
                note_zh=f"PyTorch {TORCH_VERSION} 需要 macOS 14 或更高版本，本机的 macOS 无法进行本地训练。"
                "请更新 macOS 后选择“修复”，或改用云端服务商训练。",
            )
        return Hardware(
            HardwareKind.CPU,
            pick("Intel Mac (CPU)", "Intel Mac（CPU）"),
            "cpu",
            note_en=f"PyTorch {TORCH_VERSION} has no build for Intel Macs; local training cannot run here. "
            "Train with a cloud provider instead.",
            note_zh=f"PyTorch {TORCH_VERSION} 没有适用于 Intel Mac 的版本，本机无法进行本地训练。"
            "请改用云端服务商训练。",
        )
    smi = _nvidia_smi() if nvidia_smi is True else (nvidia_smi or None)
    cpu = Hardware(HardwareKind.CPU, pick(f"CPU ({machine})", f"CPU（{machine}）"), "cpu")
    if smi is None:
        return cpu
    try:
        table = run([smi, "--query-gpu=name,driver_version,compute_cap", "--format=csv,noheader"])
        banner = run([smi])
    except (OSError, subprocess.SubprocessError) as error:
        log.info("nvidia-smi failed: %s", error)
        return replace(
            cpu,
            note_en="An NVIDIA tool is installed but does not answer (is the driver loaded?); "
            "the CPU build will be installed. Reinstall the NVIDIA driver, then choose Repair.",
            note_zh="已安装 NVIDIA 工具但没有响应（驱动是否已加载？），将安装 CPU 版本。"
            "请重新安装 NVIDIA 驱动，然后选择“修复”。",
        )
    first = next((line for line in table.splitlines() if line.strip()), "")
    parts = [part.strip() for part in first.split(",")]
    if len(parts) < 2:
        return cpu
    name, driver = parts[0], parts[1]
    capability = _version_tuple(parts[2]) if len(parts) > 2 else None
    match = re.search(r"CUDA Version:\s*(\d+)\.(\d+)", banner)
    driver_cuda = (int(match.group(1)), int(match.group(2))) if match else None
    cuda = f"CUDA {driver_cuda[0]}.{driver_cuda[1]}" if driver_cuda else ""
    description = pick(
        f"{name} (driver {driver}" + (f", {cuda})" if cuda else ")"),
        f"{name}（驱动 {driver}" + (f"，{cuda}）" if cuda else "）"),
    )
    if capability is not None and capability < MIN_COMPUTE_CAPABILITY:
        return replace(
            cpu,
            description=description,
            note_en=f"{name} is too old for PyTorch {TORCH_VERSION} (compute capability "
            f"{parts[2]}; 5.0 or newer is needed); the CPU build will be installed.",
            note_zh=f"{name} 对 PyTorch {TORCH_VERSION} 来说太旧（计算能力 {parts[2]}，需要 5.0 或更高），"
            "将安装 CPU 版本。",
        )
    for variant, needed in CUDA_VARIANTS:
        if driver_cuda is not None and driver_cuda >= needed:
            if variant == "cu130" and capability is not None and capability < (7, 5):
                continue  # CUDA 13 builds dropped GPUs before Turing
            return Hardware(HardwareKind.CUDA, description, variant)
    return replace(
        cpu,
        description=description,
        note_en=f"The NVIDIA driver {driver} is too old for PyTorch's CUDA builds (they need a driver "
        "for CUDA 12.6 or newer: 560 or later). Update the driver from nvidia.com and choose Repair "
        "to switch to the GPU build; until then the CPU build will be installed.",
        note_zh=f"NVIDIA 驱动 {driver} 对 PyTorch 的 CUDA 版本来说太旧（需要支持 CUDA 12.6 或更高的驱动，"
        "即 560 或更新版本）。请从 nvidia.com 更新驱动后选择“修复”以改用 GPU 版本；在此之前将安装 CPU 版本。",
    )


def _version_tuple(text: str) -> tuple[int, int] | None:
    match = re.match(r"\s*(\d+)\.(\d+)", text)
    return (int(match.group(1)), int(match.group(2))) if match else None


# -- package sources


@dataclass(frozen=True)
class PipConfig:
    """The package sources pip on this computer would use (empty where nothing is configured)."""

    index_url: str | None = None
    extra_index_urls: tuple[str, ...] = ()
    find_links: tuple[str, ...] = ()
    no_index: bool = False
    trusted_hosts: tuple[str, ...] = ()
    constraints: tuple[str, ...] = ()
    cert: str | None = None
    client_cert: str | None = None
    proxy: str | None = None
    timeout: str | None = None
    files: tuple[str, ...] = ()  # the configuration files that were read

    @property
    def empty(self) -> bool:
        return self == PipConfig(files=self.files)


def _pip_config_files(env: Mapping[str, str], system: str, home: Path) -> list[Path]:
    """pip's configuration files, lowest priority first (pip's global, user and PIP_CONFIG_FILE)."""
    files: list[Path] = []
    if system == "Windows":
        files.append(Path(env.get("ProgramData", r"C:\ProgramData")) / "pip" / "pip.ini")
    elif system == "Darwin":
        files.append(Path("/Library/Application Support/pip/pip.conf"))
    else:
        for folder in reversed(env.get("XDG_CONFIG_DIRS", "/etc/xdg").split(os.pathsep)):
            if folder:
                files.append(Path(folder) / "pip" / "pip.conf")
        files.append(Path("/etc/pip.conf"))
    own_file = env.get("PIP_CONFIG_FILE")
    if own_file is None or not Path(own_file).exists():  # pip skips user files when this one exists
        if system == "Windows":
            files.append(home / "pip" / "pip.ini")  # legacy
            files.append(Path(env.get("APPDATA", str(home / "AppData" / "Roaming"))) / "pip" / "pip.ini")
        else:
            files.append(home / ".pip" / "pip.conf")  # legacy
            if system == "Darwin":
                files.append(home / "Library" / "Application Support" / "pip" / "pip.conf")
            files.append(Path(env.get("XDG_CONFIG_HOME") or home / ".config") / "pip" / "pip.conf")
    if own_file is not None:
        files.append(Path(own_file))
    return files


def read_pip_config(
    env: Mapping[str, str] | None = None, *, system: str | None = None, home: Path | None = None
) -> PipConfig:
    """The machine's pip configuration as pip reads it: files, then ``PIP_*`` variables on top.

    ``[global]`` then ``[install]`` in each file; later files and the environment override earlier
    values. ``PIP_CONFIG_FILE=os.devnull`` switches the files off, as in pip.
    """
    env = os.environ if env is None else env
    system = system or platform.system()
    home = home or Path.home()
    values: dict[str, str] = {}
    read: list[str] = []
    if env.get("PIP_CONFIG_FILE") != os.devnull:
        for path in _pip_config_files(env, system, home):
            parser = configparser.RawConfigParser()
            try:
                if not path.is_file() or not parser.read(path, encoding="utf-8"):
                    continue
            except (OSError, configparser.Error, UnicodeDecodeError) as error:
                log.warning("ignoring unreadable pip configuration %s: %s", path, error)
                continue
            read.append(str(path))
            for section in ("global", "install"):
                if parser.has_section(section):
                    for key, value in parser.items(section):
                        values[key.lower().replace("_", "-")] = value
    for key, value in env.items():
        if key.startswith("PIP_") and key != "PIP_CONFIG_FILE":
            values[key[4:].lower().replace("_", "-")] = value

    def many(key: str) -> tuple[str, ...]:
        return tuple(values.get(key, "").split())

    def one(key: str) -> str | None:
        return values.get(key, "").strip() or None

    return PipConfig(
        index_url=one("index-url"),
        extra_index_urls=many("extra-index-url"),
        find_links=many("find-links"),
        no_index=values.get("no-index", "").strip().lower() in ("1", "true", "yes", "on"),
        trusted_hosts=many("trusted-host"),
        constraints=many("constraint"),
        cert=one("cert"),
        client_cert=one("client-cert"),
        proxy=one("proxy"),
        timeout=one("timeout") or one("default-timeout"),
        files=tuple(read),
    )


@dataclass(frozen=True)
class PackageSources:
    """Where the runtime's packages come from (the user's settings; saved beside the runtime).

    ``index_url`` replaces PyPI (a mirror such as a university's); ``pytorch_index_url`` is where the
    hardware-specific torch builds come from ("" = from the other sources only); ``use_pip_config``
    adds what this computer's pip configuration names. ``python_downloads`` lets uv download a Python
    when the computer has no 3.11+; ``python_mirror`` replaces the address it downloads from.
    """

    index_url: str = ""
    extra_index_urls: tuple[str, ...] = ()
    find_links: tuple[str, ...] = ()
    pytorch_index_url: str = PYTORCH_INDEX
    use_pip_config: bool = True
    python_downloads: bool = True
    python_mirror: str = ""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["extra_index_urls"] = list(self.extra_index_urls)
        data["find_links"] = list(self.find_links)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PackageSources:
        defaults = cls()

        def text(key: str, default: str) -> str:
            value = data.get(key, default)
            return value.strip() if isinstance(value, str) else default

        def texts(key: str) -> tuple[str, ...]:
            value = data.get(key, [])
            return (
                tuple(v.strip() for v in value if isinstance(v, str) and v.strip())
                if isinstance(value, list)
                else ()
            )

        return cls(
            index_url=text("index_url", defaults.index_url),
            extra_index_urls=texts("extra_index_urls"),
            find_links=texts("find_links"),
            pytorch_index_url=text("pytorch_index_url", defaults.pytorch_index_url),
            use_pip_config=bool(data.get("use_pip_config", defaults.use_pip_config)),
            python_downloads=bool(data.get("python_downloads", defaults.python_downloads)),
            python_mirror=text("python_mirror", defaults.python_mirror),
        )


def load_sources(data_dir: Path) -> PackageSources:
    path = Path(data_dir) / SOURCES_FILE
    try:
        return PackageSources.from_json(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return PackageSources()
    except (OSError, ValueError, TypeError, AttributeError) as error:
        log.warning("ignoring unreadable %s: %s", path, error)
        return PackageSources()


def save_sources(data_dir: Path, sources: PackageSources) -> None:
    path = Path(data_dir) / SOURCES_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(sources.to_json(), indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)


# -- the plan


@dataclass(frozen=True)
class InstallPlan:
    """Everything one install will do: shown to the user first, then run."""

    hardware: Hardware
    requirements: tuple[str, ...]
    uv_arguments: tuple[str, ...]  # the source options for `uv pip install`
    environment: dict[str, str]  # variables uv gets on top of ours (cert, proxy, timeout)
    download_bytes: int
    installed_bytes: int
    source_lines: tuple[str, ...]  # human-readable: where packages come from
    python_downloads: bool
    python_mirror: str

    @property
    def needed_bytes(self) -> int:
        # The download sits in uv's cache while the wheels are unpacked, plus room to breathe.
        return self.download_bytes + self.installed_bytes + 200 * 2**20


def make_plan(
    hardware: Hardware, sources: PackageSources, pip_config: PipConfig | None = None
) -> InstallPlan:
    torch = f"torch=={TORCH_VERSION}"
    if hardware.kind is HardwareKind.CUDA:
        torch += f"+{hardware.torch_variant}"  # the PyPI build of some systems has no CUDA
    requirements = (torch, *ENGINE_REQUIREMENTS)
    arguments: list[str] = ["--no-build", "--index-strategy", "unsafe-best-match"]
    environment: dict[str, str] = {}
    lines: list[str] = []
    pip = pip_config if (pip_config is not None and sources.use_pip_config) else PipConfig()
    index = sources.index_url or pip.index_url
    if pip.no_index and not sources.index_url:
        arguments.append("--no-index")
        lines.append(
            pick("no package index (pip configuration: no-index)", "不使用软件包索引（pip 配置：no-index）")
        )
    else:
        arguments += ["--index-url", index or PYPI_INDEX]
        lines.append(pick("packages: ", "软件包：") + (index or PYPI_INDEX))
    torch_index = _pytorch_index(sources.pytorch_index_url, hardware)
    extra = [*([torch_index] if torch_index else []), *sources.extra_index_urls, *pip.extra_index_urls]
    for url in dict.fromkeys(extra):
        arguments += ["--extra-index-url", url]
        lines.append(pick("also: ", "另外：") + url)
    for link in dict.fromkeys([*sources.find_links, *pip.find_links]):
        arguments += ["--find-links", link]
        lines.append(pick("local packages: ", "本地软件包：") + link)
    for host in pip.trusted_hosts:
        arguments += ["--allow-insecure-host", host]
    for constraint in pip.constraints:
        arguments += ["--constraint", constraint]
    if pip.cert:
        environment["SSL_CERT_FILE"] = pip.cert
    if pip.client_cert:
        environment["SSL_CLIENT_CERT"] = pip.client_cert
    if pip.proxy:
        environment["HTTP_PROXY"] = environment["HTTPS_PROXY"] = pip.proxy
    if pip.timeout:
        environment["UV_HTTP_TIMEOUT"] = pip.timeout
    if pip.files:
        lines.append(pick("pip configuration: ", "pip 配置：") + ", ".join(pip.files))
    download, installed = SIZE_ESTIMATES[hardware.kind.value]
    return InstallPlan(
        hardware=hardware,
        requirements=requirements,
        uv_arguments=tuple(arguments),
        environment=environment,
        download_bytes=download,
        installed_bytes=installed,
        source_lines=tuple(lines),
        python_downloads=sources.python_downloads,
        python_mirror=sources.python_mirror,
    )


def _pytorch_index(base: str, hardware: Hardware) -> str:
    """The PyTorch index for this build ("" when the user turned it off or PyPI's build is the one)."""
    if not base:
        return ""
    if hardware.kind is HardwareKind.MPS or (hardware.kind is HardwareKind.CPU and sys.platform == "darwin"):
        return ""  # macOS builds come from PyPI
    return base.rstrip("/") + "/" + hardware.torch_variant


# -- where things live


@dataclass(frozen=True)
class RuntimeLayout:
    """The runtime's folders inside the app's data folder."""

    data_dir: Path

    @property
    def runtime(self) -> Path:
        return self.data_dir / "training-runtime"

    @property
    def python_installs(self) -> Path:
        return self.data_dir / "training-python"

    @property
    def cache(self) -> Path:
        return self.data_dir / "training-cache"

    def partial(self) -> Path:
        return self.data_dir / f"training-runtime.partial-{os.getpid()}-{int(time.time())}"

    def leftovers(self) -> list[Path]:
        """Folders of an install that was interrupted (crash, power cut): never used, deleted."""
        if not self.data_dir.is_dir():
            return []
        names = ("training-runtime.partial-", "training-runtime.old-")
        return [path for path in self.data_dir.iterdir() if path.name.startswith(names)]

    @property
    def manifest(self) -> Path:
        return self.runtime / MANIFEST_NAME


def environment_python(environment: Path) -> Path:
    return environment / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


class RuntimeState(Enum):
    MISSING = "missing"
    READY = "ready"
    BROKEN = "broken"


@dataclass(frozen=True)
class RuntimeStatus:
    state: RuntimeState
    manifest: dict[str, Any] = field(default_factory=dict)
    problem_en: str = ""
    problem_zh: str = ""

    @property
    def problem(self) -> str:
        return pick(self.problem_en, self.problem_zh)


def runtime_status(layout: RuntimeLayout) -> RuntimeStatus:
    """Is a finished, verified runtime there? (Cheap: reads the manifest, looks for its Python.)"""
    if not layout.runtime.exists():
        return RuntimeStatus(RuntimeState.MISSING)
    try:
        manifest = json.loads(layout.manifest.read_text(encoding="utf-8"))
        if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
            raise ValueError("unknown manifest format")
    except (OSError, ValueError) as error:
        return RuntimeStatus(
            RuntimeState.BROKEN,
            problem_en=f"The training runtime is damaged ({error}). Choose Repair to install it again.",
            problem_zh=f"训练运行环境已损坏（{error}）。请选择“修复”重新安装。",
        )
    if not environment_python(layout.runtime).exists():
        return RuntimeStatus(
            RuntimeState.BROKEN,
            manifest,
            problem_en="The training runtime's Python is gone (was it uninstalled or moved?). "
            "Choose Repair to install the runtime again.",
            problem_zh="训练运行环境的 Python 不见了（是否已被卸载或移动？）。请选择“修复”重新安装。",
        )
    return RuntimeStatus(RuntimeState.READY, manifest)


def folder_size(path: Path) -> int:
    total = 0
    for root, _folders, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(root, name)).st_size
    return total


# -- the engine and the tools the app carries


def bundle_dir() -> Path | None:
    """The PyInstaller bundle's data folder, when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle is not None else None


def engine_source_dir() -> Path | None:
    """A folder holding the engine's ``engine/`` package as source, for the runtime's Python to run.

    In a bundle it is ``engine-src`` (build.spec copies it there); otherwise the folder the ``engine``
    package is installed or checked out in (found without importing it).
    """
    bundle = bundle_dir()
    if bundle is not None:
        source = bundle / "engine-src"
        return source if (source / "engine" / "__main__.py").is_file() else None
    spec = importlib.util.find_spec("engine")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).resolve().parents[1]


def uv_binary() -> Path | None:
    """The uv executable: the bundle's own, else the `uv` package's, else one on PATH."""
    name = "uv.exe" if sys.platform == "win32" else "uv"
    bundle = bundle_dir()
    if bundle is not None and (bundle / name).is_file():
        return bundle / name
    try:
        import uv  # type: ignore[import-not-found,unused-ignore]

        return Path(uv.find_uv_bin())
    except (ImportError, FileNotFoundError):
        pass
    found = shutil.which("uv")
    return Path(found) if found else None


# Search paths a PyInstaller bootloader sets for the bundle's own libraries (saving the user's value as
# <NAME>_ORIG): a program outside the bundle, such as the runtime's Python, must not load those.
_LOADER_PATHS = ("LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH", "DYLD_FALLBACK_LIBRARY_PATH")


def outside_environment(environment: Mapping[str, str]) -> dict[str, str]:
    """``environment`` as a program outside the bundle must get it: the bundle's loader settings undone."""
    clean = {key: value for key, value in environment.items() if not key.startswith("_PYI_")}
    if bundle_dir() is None:
        return clean
    for name in _LOADER_PATHS:
        original = clean.pop(name + "_ORIG", None)
        if original is not None:
            clean[name] = original
        else:
            clean.pop(name, None)
    return clean


@dataclass(frozen=True)
class EngineLaunch:
    python: str
    engine_source: Path


def engine_launch(layout: RuntimeLayout) -> EngineLaunch | None:
    """How to start the engine with the training runtime, or None to start it as before."""
    if runtime_status(layout).state is not RuntimeState.READY:
        return None
    source = engine_source_dir()
    if source is None:
        return None
    return EngineLaunch(str(environment_python(layout.runtime)), source)


# -- progress


@dataclass(frozen=True)
class Progress:
    fraction: float | None  # 0..1, or None while the length of a step is unknown
    message_en: str
    message_zh: str
    log_line: str = ""

    @property
    def message(self) -> str:
        return pick(self.message_en, self.message_zh)


ProgressCallback = Callable[[Progress], None]

_SIZE = re.compile(r"Downloading (\S+) \(([\d.]+)\s*([KMG]i?B)\)")
_DONE = re.compile(r"^\s*Downloaded (\S+)")
_RESOLVED = re.compile(r"Resolved (\d+) packages?")
_PREPARED = re.compile(r"Prepared (\d+) packages?")
_UNITS = {"KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "KB": 10**3, "MB": 10**6, "GB": 10**9}

# uv's words for a failure, and what the user should do about it.
_FAILURES: tuple[tuple[str, re.Pattern[str], str, str], ...] = (
    (
        "disk_full",
        re.compile(r"No space left on device|os error 28|os error 112|There is not enough space", re.I),
        "The disk is full. Free some space (the runtime needs about {needed}) and choose Repair.",
        "磁盘已满。请释放一些空间（运行环境约需 {needed}），然后选择“修复”。",
    ),
    (
        "proxy",
        re.compile(r"407|Proxy Authentication|proxy", re.I),
        "The proxy refused the connection. Check the proxy address and its user name and password "
        "(the HTTPS_PROXY variable or pip's proxy setting), then try again.",
        "代理拒绝了连接。请检查代理地址及其用户名和密码（HTTPS_PROXY 变量或 pip 的 proxy 设置），然后重试。",
    ),
    (
        "certificate",
        re.compile(r"certificate|UnknownIssuer|invalid peer|SSL", re.I),
        "The package server's certificate was not trusted. If your network inspects HTTPS, point "
        "pip's 'cert' setting (or SSL_CERT_FILE) at your organisation's certificate, then try again.",
        "软件包服务器的证书不受信任。如果您的网络会检查 HTTPS，请将 pip 的 cert 设置（或 SSL_CERT_FILE）"
        "指向您所在机构的证书，然后重试。",
    ),
    (
        "python_download",
        re.compile(r"python-build-standalone|Failed to download .*cpython|No interpreter found", re.I),
        "No Python 3.11 or newer was found on this computer and none could be downloaded. Connect to "
        "the internet, set a Python download mirror in Package sources, or install Python 3.12 from "
        "python.org, then try again.",
        "本机没有 Python 3.11 或更高版本，也无法下载。请连接互联网、在“软件包来源”中设置 Python 下载镜像，"
        "或从 python.org 安装 Python 3.12，然后重试。",
    ),
    (
        "network",
        re.compile(
            r"dns error|failed to lookup address|Connection refused|connect error|client error \(Connect\)"
            r"|timed out|Network is unreachable|error sending request|No such host",
            re.I,
        ),
        "The package server {server}could not be reached. Check the internet connection (or choose a "
        "mirror in Package sources, or empty the PyTorch index there if only it is out of reach), then "
        "try again.",
        "无法连接软件包服务器{server}。请检查网络连接（或在“软件包来源”中选择镜像；如果只是 PyTorch "
        "索引无法访问，可将其清空），然后重试。",
    ),
    (
        "not_found",
        re.compile(r"No solution found|not found in the package registry|was not found|no version of", re.I),
        "The package sources do not have every package this runtime needs (for example torch "
        f"{TORCH_VERSION} for this computer). Choose another mirror, or add the PyTorch index, in "
        "Package sources.",
        f"软件包来源中缺少本运行环境所需的软件包（例如适用于本机的 torch {TORCH_VERSION}）。"
        "请在“软件包来源”中更换镜像或添加 PyTorch 索引。",
    ),
)


def explain_failure(output: str, needed_bytes: int) -> RuntimeSetupError:
    """The failure uv's output describes, as an error that says what to do."""
    tail = "\n".join(output.strip().splitlines()[-25:])
    url = re.search(r"(?:Failed to fetch:|for url \()\s*`?(https?://[^/\s`)]+)", output)
    server = url.group(1) if url else ""
    for reason, pattern, english, chinese in _FAILURES:
        if pattern.search(output):
            values = {"needed": human_size(needed_bytes), "server": server}
            english_text = english.format(**{**values, "server": server + " " if server else ""})
            chinese_text = chinese.format(**{**values, "server": f"（{server}）" if server else ""})
            return RuntimeSetupError(reason, english_text, chinese_text, detail=tail)
    return RuntimeSetupError(
        "failed",
        "Setting up the training runtime failed. The details below say why; choose Repair to try again.",
        "训练运行环境安装失败。下方详情说明了原因；请选择“修复”重试。",
        detail=tail,
    )


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit in ("B", "KB") else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


# -- the installer


VERIFY_SCRIPT = """
import json, sys
import torch, transformers, peft, fastapi, uvicorn
import engine.trainer, engine.generation
mps = getattr(torch.backends, "mps", None)
print(json.dumps({
    "python": sys.version.split()[0],
    "torch": torch.__version__,
    "transformers": transformers.__version__,
    "peft": peft.__version__,
    "cuda_build": torch.version.cuda,
    "cuda_available": bool(torch.cuda.is_available()),
    "mps_available": bool(mps is not None and mps.is_available()),
}))
"""


class RuntimeInstaller:
    """Installs, repairs and removes the training runtime. Blocking: run it off the UI thread."""

    def __init__(
        self,
        layout: RuntimeLayout,
        *,
        uv: Path | None = None,
        engine_source: Path | None = None,
        app_version: str = "",
        extra_environment: Mapping[str, str] | None = None,
    ) -> None:
        self.layout = layout
        self._uv = uv
        self._engine_source = engine_source
        self._app_version = app_version
        self._extra_environment = dict(extra_environment or {})
        self._cancel = threading.Event()
        self._process: subprocess.Popen[str] | None = None
        self._process_lock = threading.Lock()

    def cancel(self) -> None:
        """Stop a running install (from any thread); :meth:`install` then raises SetupCancelled."""
        self._cancel.set()
        with self._process_lock:
            if self._process is not None and self._process.poll() is None:
                self._process.terminate()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def install(self, plan: InstallPlan, progress: ProgressCallback | None = None) -> dict[str, Any]:
        """Install (or repair: install anew, then replace) the runtime; returns its manifest."""
        report = progress or (lambda _progress: None)
        uv = self._uv or uv_binary()
        if uv is None:
            raise RuntimeSetupError(
                "no_uv",
                "The installer tool (uv) is missing from this copy of Finetune Desk. Reinstall the app, "
                "or when running from source: pip install uv.",
                "此 Finetune Desk 副本中缺少安装工具（uv）。请重新安装本应用；若从源码运行：pip install uv。",
            )
        engine_source = self._engine_source or engine_source_dir()
        if engine_source is None:
            raise RuntimeSetupError(
                "no_engine",
                "The local engine's files are missing from this copy of Finetune Desk. Reinstall the app.",
                "此 Finetune Desk 副本中缺少本地引擎的文件。请重新安装本应用。",
            )
        self.layout.data_dir.mkdir(parents=True, exist_ok=True)
        self.remove_leftovers()
        free = shutil.disk_usage(self.layout.data_dir).free
        if free < plan.needed_bytes:
            raise RuntimeSetupError(
                "disk_full",
                f"Not enough free disk space: the training runtime needs about "
                f"{human_size(plan.needed_bytes)} in {self.layout.data_dir}, and {human_size(free)} is free. "
                "Free some space, then try again.",
                f"磁盘空间不足：训练运行环境在 {self.layout.data_dir} 中"
                f"约需 {human_size(plan.needed_bytes)}，"
                f"当前仅剩 {human_size(free)}。请释放一些空间后重试。",
            )
        partial = self.layout.partial()
        try:
            self._create_environment(uv, partial, plan, report)
            self._install_packages(uv, partial, plan, report)
            report(Progress(0.92, "Checking the runtime…", "正在检查运行环境…"))
            versions = self._verify(partial, engine_source)
            manifest = {
                "format": MANIFEST_FORMAT,
                "hardware": plan.hardware.kind.value,
                "torch_variant": plan.hardware.torch_variant,
                "device": plan.hardware.description,
                "requirements": list(plan.requirements),
                "versions": versions,
                "app_version": self._app_version,
                "installed_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "size_bytes": folder_size(partial),
            }
            (partial / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
            self._check_cancel()
            report(Progress(0.98, "Putting the runtime in place…", "正在启用运行环境…"))
            self._swap_in(partial)
        except BaseException:
            _remove_tree(partial)
            raise
        report(Progress(1.0, "The training runtime is ready.", "训练运行环境已就绪。"))
        return manifest

    def remove(self) -> None:
        """Delete the runtime, the Python it downloaded and its download cache."""
        old = self.layout.data_dir / f"training-runtime.old-{os.getpid()}-{int(time.time())}"
        if self.layout.runtime.exists():
            os.replace(self.layout.runtime, old)  # gone at once, even if deleting takes a while
            _remove_tree(old)
        for folder in (self.layout.python_installs, self.layout.cache):
            _remove_tree(folder)
        self.remove_leftovers()

    def remove_leftovers(self) -> None:
        for leftover in self.layout.leftovers():
            _remove_tree(leftover)

    # -- steps

    def _environment(self, plan: InstallPlan) -> dict[str, str]:
        env = outside_environment(os.environ)
        env.update(self._extra_environment)
        env.update(plan.environment)
        env["UV_CACHE_DIR"] = str(self.layout.cache)
        env["UV_PYTHON_INSTALL_DIR"] = str(self.layout.python_installs)
        env["UV_PYTHON_DOWNLOADS"] = "automatic" if plan.python_downloads else "never"
        env["NO_COLOR"] = "1"
        env.pop("VIRTUAL_ENV", None)  # uv would otherwise install into the app's own environment
        env.pop("UV_SYSTEM_PYTHON", None)
        if plan.python_mirror:
            env["UV_PYTHON_INSTALL_MIRROR"] = plan.python_mirror
        return env

    def _create_environment(
        self, uv: Path, target: Path, plan: InstallPlan, report: ProgressCallback
    ) -> None:
        finding = ("Finding or downloading Python…", "正在查找或下载 Python…")
        report(Progress(0.02, *finding))
        self._run(
            [str(uv), "venv", "--relocatable", "--no-project", "--python", PYTHON_REQUEST,
             "--python-preference", "system", str(target)],
            plan,
            lambda line: report(Progress(None, *finding, line)),
        )  # fmt: skip

    def _install_packages(self, uv: Path, target: Path, plan: InstallPlan, report: ProgressCallback) -> None:
        announced: dict[str, int] = {}
        done: set[str] = set()
        state = {"resolved": 0}

        def on_line(line: str) -> None:
            if match := _RESOLVED.search(line):
                state["resolved"] = int(match.group(1))
            if match := _SIZE.search(line):
                announced[match.group(1)] = int(float(match.group(2)) * _UNITS[match.group(3)])
            if match := _DONE.search(line):
                done.add(match.group(1))
            total = sum(announced.values())
            fetched = sum(size for name, size in announced.items() if name in done)
            if _PREPARED.search(line):
                fraction: float | None = 0.85
            elif total:
                fraction = 0.15 + 0.7 * fetched / total
            else:
                fraction = 0.1 if state["resolved"] else None
            report(
                Progress(
                    fraction,
                    f"Downloading packages ({human_size(fetched)} of {human_size(total)})…"
                    if total
                    else "Working out which packages to install…",
                    f"正在下载软件包（{human_size(fetched)} / {human_size(total)}）…"
                    if total
                    else "正在确定要安装的软件包…",
                    line,
                )
            )

        report(Progress(0.05, "Working out which packages to install…", "正在确定要安装的软件包…"))
        self._run(
            [str(uv), "pip", "install", "--python", str(environment_python(target)), *plan.uv_arguments,
             *plan.requirements],
            plan,
            on_line,
        )  # fmt: skip

    def _verify(self, target: Path, engine_source: Path) -> dict[str, Any]:
        env = {
            key: value
            for key, value in outside_environment(os.environ).items()
            if not key.startswith(("PYTHON", "VIRTUAL_ENV"))
        }
        env["PYTHONPATH"] = str(engine_source)
        env["PYTHONNOUSERSITE"] = "1"
        env["PYTHONPYCACHEPREFIX"] = str(target / "pycache")  # as the engine will (local_engine.py)
        try:
            result = subprocess.run(
                [str(environment_python(target)), "-c", VERIFY_SCRIPT],
                capture_output=True,
                text=True,
                timeout=600,
                env=env,
                cwd=str(target),
                check=False,
                creationflags=_NO_WINDOW,
            )
        except (OSError, subprocess.SubprocessError) as error:
            raise RuntimeSetupError(
                "verify",
                f"The new training runtime could not be started ({error}); it was not kept. Choose Repair.",
                f"新的训练运行环境无法启动（{error}），已丢弃。请选择“修复”。",
            ) from error
        self._check_cancel()
        if result.returncode != 0:
            raise RuntimeSetupError(
                "verify",
                "The new training runtime was installed but does not work (see the details); it was not "
                "kept. Choose Repair; if it fails again, choose other package sources.",
                "新的训练运行环境已安装但无法工作（见详情），已丢弃。请选择“修复”；若仍失败，请更换软件包来源。",
                detail="\n".join(result.stderr.strip().splitlines()[-25:]),
            )
        versions: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
        return versions

    def _swap_in(self, partial: Path) -> None:
        runtime = self.layout.runtime
        old = self.layout.data_dir / f"training-runtime.old-{os.getpid()}-{int(time.time())}"
        if runtime.exists():
            try:
                os.replace(runtime, old)
            except OSError as error:
                raise RuntimeSetupError(
                    "in_use",
                    "The current training runtime is in use (is a job training?). Stop the local engine's "
                    "jobs, close other copies of Finetune Desk, then try again.",
                    "当前的训练运行环境正在使用中（是否有任务正在训练？）。请停止本地引擎的任务、关闭其他"
                    "Finetune Desk 窗口，然后重试。",
                    detail=str(error),
                ) from error
        os.replace(partial, runtime)
        _remove_tree(old)

    def _check_cancel(self) -> None:
        if self._cancel.is_set():
            raise SetupCancelled()

    def _run(self, command: list[str], plan: InstallPlan, on_line: Callable[[str], None]) -> None:
        self._check_cancel()
        log.info("running %s", shlex.join(command))
        output: list[str] = []
        try:
            with self._process_lock:
                process = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                    encoding="utf-8",
                    errors="replace",
                    env=self._environment(plan),
                    cwd=str(self.layout.data_dir),
                    creationflags=_NO_WINDOW,
                )
                self._process = process
        except OSError as error:
            raise RuntimeSetupError(
                "no_uv",
                f"The installer tool could not be started ({error.strerror or error}). Reinstall the app.",
                f"无法启动安装工具（{error.strerror or error}）。请重新安装本应用。",
            ) from error
        assert process.stdout is not None
        for raw in process.stdout:
            line = raw.rstrip()
            output.append(line)
            if line:
                on_line(line)
        code = process.wait()
        with self._process_lock:
            self._process = None
        self._check_cancel()
        if code != 0:
            raise explain_failure("\n".join(output), plan.needed_bytes)


def _remove_tree(path: Path) -> None:
    """Delete a folder; on Windows files may stay locked for a moment after a process ends."""
    for attempt in range(5):
        try:
            if path.is_symlink() or path.is_file():
                path.unlink()
            elif path.exists():
                shutil.rmtree(path)
            return
        except OSError as error:
            if attempt == 4:
                log.warning("could not delete %s: %s", path, error)
                return
            time.sleep(0.5)


def describe(plan: InstallPlan) -> list[str]:
    """What will be installed, line by line, for the dialog (current language)."""
    torch = next(requirement for requirement in plan.requirements if requirement.startswith("torch"))
    lines = [
        pick("Hardware: ", "硬件：") + plan.hardware.description,
        pick("PyTorch build: ", "PyTorch 版本：") + torch,
        pick(
            "Also: transformers, peft, tokenizers, safetensors and the engine's web server",
            "另外：transformers、peft、tokenizers、safetensors 以及引擎的网络服务",
        ),
        pick(
            f"Download about {human_size(plan.download_bytes)}, "
            f"about {human_size(plan.installed_bytes)} on disk",
            f"下载约 {human_size(plan.download_bytes)}，占用磁盘约 {human_size(plan.installed_bytes)}",
        ),
        *plan.source_lines,
    ]
    return lines


def iter_requirement_names(requirements: Iterable[str]) -> list[str]:
    return [re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0].lower() for requirement in requirements]
