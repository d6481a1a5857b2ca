"""``python -m engine serve``: run the local engine (an OpenAI-compatible fine-tuning server)."""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import logging
import os
import secrets
import socket
import sys
import threading
import warnings
from pathlib import Path
from typing import Any

TOKEN_ENV = "FINETUNE_ENGINE_TOKEN"
DATA_DIR_ENV = "FINETUNE_ENGINE_DATA_DIR"
TOKEN_FILE = "token"


def default_data_dir() -> Path:
    if os.environ.get(DATA_DIR_ENV):
        return Path(os.environ[DATA_DIR_ENV])
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "finetune-desk" / "engine"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def resolve_token(given: str | None, data_dir: Path) -> tuple[str, str]:
    """The bearer token and where it came from: --token, the environment, or the data folder."""
    if given:
        return given, "--token"
    if os.environ.get(TOKEN_ENV):
        return os.environ[TOKEN_ENV], TOKEN_ENV
    path = data_dir / TOKEN_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip(), str(path)
    token = "fte-" + secrets.token_urlsafe(32)
    from engine.atomic import atomic_write

    atomic_write(path, token + "\n", mode=0o600)  # 0600 from its first byte: never readable by others
    return token, f"{path} (generated now)"


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="finetune-engine", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the server")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback only)")
    serve.add_argument("--port", type=int, default=8765, help="port (0 picks a free one)")
    serve.add_argument("--data-dir", type=Path, default=None, help="where jobs, files and models live")
    serve.add_argument("--token", default=None, help=f"bearer token (or ${TOKEN_ENV}; else generated once)")
    serve.add_argument(
        "--allow-remote", action="store_true", help="allow binding to a non-loopback address (needs a token)"
    )
    serve.add_argument("--access-log", action="store_true", help="log every request")
    serve.add_argument(
        "--exit-with-stdin",
        action="store_true",
        help="shut down when standard input closes (a parent app that dies, even by kill -9, closes it)",
    )
    export = commands.add_parser("export", help="export a fine-tuned model (adapter, merged or ollama)")
    export.add_argument("model", help="a fine-tuned model id (ft:…) or a checkpoint id (…:ckpt-step-N)")
    export.add_argument("--data-dir", type=Path, default=None, help="the engine's data folder")
    export.add_argument("--format", required=True, choices=["adapter", "merged", "ollama"])
    export.add_argument("--out", type=Path, required=True, help="the folder to write (new or empty)")
    export.add_argument("--force", action="store_true", help="replace OUT when it exists and is not empty")
    imports = commands.add_parser("import-adapter", help="bring an exported adapter folder in as a model")
    imports.add_argument("folder", type=Path, help="a folder written by 'export --format adapter'")
    imports.add_argument("--base", default=None, help="its base model (default: the one the export names)")
    imports.add_argument("--data-dir", type=Path, default=None, help="the engine's data folder")
    imports.add_argument("--suffix", default=None, help="the suffix in the new model's id")
    return parser.parse_args(argv)


def serve(arguments: argparse.Namespace) -> int:
    if not is_loopback(arguments.host):
        if not arguments.allow_remote:
            print(
                f"Refusing to bind to {arguments.host}: other machines could reach the engine. "
                "Pass --allow-remote (and a token) to serve a network.",
                file=sys.stderr,
            )
            return 2
        if not (arguments.token or os.environ.get(TOKEN_ENV)):
            print(f"--allow-remote needs an explicit --token or ${TOKEN_ENV}.", file=sys.stderr)
            return 2
    # The trainer's and the tokenizers' thread pools otherwise fight over the cores.
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    # Libraries' deprecation notices are not the user's business in the engine's log.
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", message=".*tensor.detach.*")
    logging.basicConfig(
        level=logging.INFO, stream=sys.stdout, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    data_dir = (arguments.data_dir or default_data_dir()).expanduser().resolve()
    # Everything the engine creates (data, models, the database) is for the user alone.
    os.umask(0o077)
    data_dir.mkdir(parents=True, exist_ok=True)
    from engine.datalock import DataFolderBusy, DataFolderLock

    lock = DataFolderLock(data_dir)
    try:
        lock.acquire()
    except DataFolderBusy as busy:
        print(busy, file=sys.stderr, flush=True)
        return 3
    token, token_source = resolve_token(arguments.token, data_dir)

    import uvicorn

    from engine.api import Engine, create_app

    engine = Engine.open(data_dir, token)
    engine.jobs.start()
    app = create_app(engine)
    family = socket.AF_INET6 if ":" in arguments.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((arguments.host, arguments.port))
    sock.listen(128)
    port = sock.getsockname()[1]
    host = f"[{arguments.host}]" if family == socket.AF_INET6 else arguments.host
    print(f"Data folder: {data_dir}; token from {token_source}", flush=True)
    # Connections made from now on wait in the socket's backlog until uvicorn serves them.
    print(f"Finetune engine listening on http://{host}:{port}/v1", flush=True)
    lock.describe(f"http://{host}:{port}/v1")
    config = uvicorn.Config(
        app, log_level="warning", access_log=arguments.access_log, timeout_graceful_shutdown=5
    )
    server = uvicorn.Server(config)
    if arguments.exit_with_stdin:
        threading.Thread(
            target=_stop_when_stdin_closes, args=(server,), name="stdin-watch", daemon=True
        ).start()
    try:
        server.run(sockets=[sock])
    finally:
        engine.jobs.stop()
        lock.release()
    return 0


def _stop_when_stdin_closes(server: Any) -> None:
    """Shut the server down (saving a running job's state) once the parent's end of stdin closes."""
    try:
        while sys.stdin.buffer.read(4096):
            pass
    except (OSError, ValueError):
        pass
    server.should_exit = True
    # The app that read our output may be gone with its end of the pipe: printing can fail then.
    with contextlib.suppress(OSError, ValueError):
        print("Standard input closed: the app that started the engine is gone; shutting down.", flush=True)


def export_or_import(arguments: argparse.Namespace) -> int:
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    warnings.filterwarnings("ignore", category=FutureWarning)
    from engine import exports

    data_dir = (arguments.data_dir or default_data_dir()).expanduser().resolve()
    if arguments.command == "export":
        return exports.run_export_command(
            data_dir, arguments.model, arguments.format, arguments.out, arguments.force
        )
    return exports.run_import_command(data_dir, arguments.folder, arguments.base, arguments.suffix)


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    if arguments.command == "serve":
        return serve(arguments)
    if arguments.command in ("export", "import-adapter"):
        return export_or_import(arguments)
    return 2


if __name__ == "__main__":
    sys.exit(main())
