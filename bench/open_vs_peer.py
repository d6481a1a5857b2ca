"""Open-and-convert-to-JSONL: Finetune Desk's readers against the old openai data-preparation CLI.

Usage: python bench/open_vs_peer.py [ROWS] [--chat-rows N] [--skip-peer]

Generates ROWS-row files with /work/shared/bench/make_datasets.py (or $FTD_MAKE_DATASETS) into
bench/data/, installs the peer (openai[datalib]==2.34.0 + openpyxl) into bench/.peer-venv when it
is missing, then times, each as its own process and in the same run:
  ours: open the file (readers.open_dataset) and save it as JSONL (writers.save_dataset)
  peer: openai tools fine_tunes.prepare_data -f FILE -q (prompts answered "y")
for the xlsx and the JSONL file. Also measures, in our process, time to the first rows
(readers.preview_dataset) and to the whole file, and the peak memory of opening a --chat-rows
chat JSONL (ru_maxrss after minus before, against the file's size).
The last line is ratio=<peer seconds / our seconds> for the xlsx case.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "bench" / "data"
PEER_VENV = REPO / "bench" / ".peer-venv"
PEER_PACKAGES = ["openai[datalib]==2.34.0", "openpyxl"]
MAKE_DATASETS = Path(os.environ.get("FTD_MAKE_DATASETS", "/work/shared/bench/make_datasets.py"))
PYTHON = sys.executable


def dataset_files(rows: int, formats: str) -> Path:
    base = DATA / f"bench_{rows}"
    wanted = {
        "xlsx": Path(f"{base}.xlsx"),
        "jsonl": Path(f"{base}.jsonl"),
        "chat": Path(f"{base}_chat.jsonl"),
    }
    missing = [name for name in formats.split(",") if not wanted[name].exists()]
    if missing:
        print(f"generating {rows}-row {','.join(missing)} files into {DATA} ...", flush=True)
        subprocess.run(
            [PYTHON, str(MAKE_DATASETS), str(rows), str(DATA), "--formats", ",".join(missing)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return base


def peer_openai() -> Path:
    executable = PEER_VENV / "bin" / "openai"
    probe = [
        str(PEER_VENV / "bin" / "python"),
        "-c",
        "import openai, pandas, openpyxl; print(openai.__version__)",
    ]
    ok = (
        executable.exists()
        and subprocess.run(probe, capture_output=True, text=True).stdout.strip() == "2.34.0"
    )
    if not ok:
        print(f"installing the peer ({' '.join(PEER_PACKAGES)}) into {PEER_VENV} ...", flush=True)
        subprocess.run([PYTHON, "-m", "venv", str(PEER_VENV)], check=True)
        pip = [str(PEER_VENV / "bin" / "python"), "-m", "pip", "install", "-q"]
        subprocess.run([*pip, *PEER_PACKAGES], check=True)
    return executable


def run_measured(command: list[str], answers: bytes = b"", cwd: Path | None = None) -> tuple[float, int, str]:
    """(wall seconds, peak RSS in bytes, output) of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    chunks: list[bytes] = []
    assert process.stdout is not None and process.stdin is not None
    reader = threading.Thread(target=lambda: chunks.append(process.stdout.read()))  # type: ignore[union-attr]
    reader.start()
    try:
        process.stdin.write(answers)
        process.stdin.close()
    except BrokenPipeError:
        pass
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    reader.join()
    output = b"".join(chunks).decode("utf-8", errors="replace")
    if process.returncode != 0:
        raise RuntimeError(f"{command[:3]} failed ({process.returncode}):\n{output[-2000:]}")
    return elapsed, usage.ru_maxrss * 1024, output


# --- Our side, run in a child process --------------------------------------------------------------


def child_ours(source: str, target: str) -> None:
    """Open ``source`` and save it as JSONL ``target``; print the phases as JSON."""
    import resource

    started = time.perf_counter()
    sys.path.insert(0, str(REPO))
    from desktop.core.readers import open_dataset, preview_dataset
    from desktop.core.writers import save_dataset

    imported = time.perf_counter()
    phases: dict[str, float] = {"import_s": imported - started}
    begin = time.perf_counter()
    preview = preview_dataset(Path(source))
    phases["first_rows_s"] = time.perf_counter() - begin
    phases["first_rows"] = len(preview.dataset)
    begin = time.perf_counter()
    result = open_dataset(Path(source))
    phases["open_s"] = time.perf_counter() - begin
    begin = time.perf_counter()
    save_dataset(result.dataset, Path(target))
    phases["save_jsonl_s"] = time.perf_counter() - begin
    phases["rows"] = len(result.dataset)
    phases["problems"] = len(result.problems)
    phases["maxrss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps(phases))


def child_memory(source: str) -> None:
    """Peak memory of opening ``source`` (a big JSONL), beyond what the interpreter had before."""
    import gc
    import resource

    sys.path.insert(0, str(REPO))
    from desktop.core.readers import open_dataset, preview_dataset

    begin = time.perf_counter()
    first = len(preview_dataset(Path(source)).dataset)
    first_rows_s = time.perf_counter() - begin
    gc.collect()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    begin = time.perf_counter()
    result = open_dataset(Path(source))
    seconds = time.perf_counter() - begin
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    # Reading every row's text, as scrolling through the whole table does.
    begin = time.perf_counter()
    columns = result.dataset.columns
    for example in result.dataset.examples:
        record = example.peek()
        for column in columns:
            column.read(record)
    scroll = time.perf_counter() - begin
    after_scroll = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(
        json.dumps(
            {
                "rows": len(result.dataset),
                "first_rows": first,
                "first_rows_s": first_rows_s,
                "open_s": seconds,
                "read_all_rows_s": scroll,
                "before": before,
                "after": after,
                "after_scroll": after_scroll,
            }
        )
    )


# --- The comparison --------------------------------------------------------------------------------


def ours(source: Path, work: Path) -> tuple[float, dict[str, float]]:
    target = work / (source.stem + "_ours.jsonl")
    seconds, _, output = run_measured([PYTHON, __file__, "--child-ours", str(source), str(target)])
    return seconds, json.loads(output.strip().splitlines()[-1])


def peer(openai: Path, source: Path, work: Path) -> tuple[float, int, int]:
    copy = work / source.name  # the peer writes FILE_prepared.jsonl next to its input
    shutil.copyfile(source, copy)
    seconds, rss, _ = run_measured(
        [str(openai), "tools", "fine_tunes.prepare_data", "-f", copy.name, "-q"], b"y\n" * 50, work
    )
    prepared = work / f"{copy.stem}_prepared.jsonl"
    lines = -1
    if prepared.exists():
        with open(prepared, "rb") as written:
            lines = sum(1 for _ in written)
    return seconds, rss, lines


def mib(size: float) -> str:
    return f"{size / 2**20:.0f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("rows", nargs="?", type=int, default=100_000)
    parser.add_argument(
        "--chat-rows", type=int, default=0, help="also measure memory on a chat JSONL this long"
    )
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument("--child-ours", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--child-memory", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_ours:
        child_ours(*args.child_ours)
        return
    if args.child_memory:
        child_memory(args.child_memory)
        return

    base = dataset_files(args.rows, "xlsx,jsonl")
    openai = None if args.skip_peer else peer_openai()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {args.rows} rows")
    ratios: dict[str, float] = {}
    with tempfile.TemporaryDirectory(dir=DATA) as folder:
        work = Path(folder)
        for suffix in ("xlsx", "jsonl"):
            source = Path(f"{base}.{suffix}")
            our_seconds, phases = ours(source, work)
            details = ", ".join(
                f"{k} {v:.2f}" if k.endswith("_s") else f"{k} {v:.0f}"
                for k, v in phases.items()
                if k != "maxrss"
            )
            print(f"{suffix}: ours {our_seconds:.2f} s, peak {mib(phases['maxrss'])} ({details})", flush=True)
            if openai is not None:
                peer_seconds, peer_rss, peer_lines = peer(openai, source, work)
                ratios[suffix] = peer_seconds / our_seconds
                print(
                    f"{suffix}: peer {peer_seconds:.2f} s, peak {mib(peer_rss)} "
                    f"({peer_lines} lines written); "
                    f"peer/ours {ratios[suffix]:.2f}",
                    flush=True,
                )
    if args.chat_rows:
        chat = Path(f"{dataset_files(args.chat_rows, 'chat')}_chat.jsonl")
        _, _, output = run_measured([PYTHON, __file__, "--child-memory", str(chat)])
        memory = json.loads(output.strip().splitlines()[-1])
        size = chat.stat().st_size
        grown = memory["after"] - memory["before"]
        print(
            f"chat jsonl {memory['rows']} rows, {mib(size)}: first {memory['first_rows']} rows "
            f"{memory['first_rows_s']:.3f} s, whole file {memory['open_s']:.2f} s, "
            f"memory +{mib(grown)} = {grown / size:.2f}x the file (peak RSS {mib(memory['after'])}, "
            f"{memory['after'] / size:.2f}x); reading every row's cells {memory['read_all_rows_s']:.2f} s, "
            f"peak RSS then {mib(memory['after_scroll'])}"
        )
    if "xlsx" in ratios:
        print(f"ratio={ratios['xlsx']:.2f}")


if __name__ == "__main__":
    main()
