"""Full data analysis vs openai 2.34.0's ``prepare_data`` on the same spreadsheet, same run.

Usage: python bench/checks_vs_peer.py ROWS [--repeat N] [--skip-peer]

Ours: read the xlsx with ``desktop.core.readers.open_dataset`` and run every check with exact
token counts (cl100k_base, against davinci-002's limit, since the file is prompt/completion data).
Peer: ``openai tools fine_tunes.prepare_data -f FILE -q`` from bench/.peer-venv (install it with
``python -m venv bench/.peer-venv && bench/.peer-venv/bin/pip install 'openai[datalib]==2.34.0' openpyxl``).
Data: ``../shared/bench/make_datasets.py ROWS bench/data`` (made when missing).
Our modules are byte-compiled once before timing (into their __pycache__ folders), as an
installed package's are (the peer's venv was compiled by pip); the timings include start-up and imports.
The last line printed is ``ratio=<peer seconds / our seconds>``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data"
MAKER = ROOT.parent / "shared" / "bench" / "make_datasets.py"
PEER = ROOT / "bench" / ".peer-venv" / "bin" / "openai"


def dataset_file(rows: int) -> Path:
    path = DATA / f"bench_{rows}.xlsx"
    if not path.exists():
        subprocess.run(
            [sys.executable, str(MAKER), str(rows), str(DATA), "--formats", "xlsx"], check=True, cwd=ROOT
        )
    return path


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_ours(path: Path) -> tuple[float, float, float, object]:
    """Seconds for (imports + reading, imports + reading + analysis), CPU seconds (the helper
    process included), and the analysis. Run once per process: later runs would find the imports done."""
    sys.path.insert(0, str(ROOT))
    # Imports are timed too: the peer's figure includes its start-up.
    cpu_start, children_start = time.process_time(), children_cpu()
    start = time.perf_counter()
    from desktop.core.catalog import load_catalog
    from desktop.core.checks import analyze
    from desktop.core.readers import open_dataset
    from desktop.core.tokens import shutdown_helper, warm_helper

    model = load_catalog().find("davinci-002", "openai")
    warm_helper("cl100k_base")  # the token-counting helper starts while the file is read
    dataset = open_dataset(path).dataset
    read = time.perf_counter() - start
    analysis = analyze(dataset, model)
    total = time.perf_counter() - start
    shutdown_helper()  # so that the helper's CPU time is counted below
    cpu = time.process_time() - cpu_start + children_cpu() - children_start
    return read, total, cpu, analysis


def run_peer(path: Path) -> tuple[float, float]:
    """Wall and CPU seconds of the peer's whole process."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / path.name  # the peer writes its *_prepared.jsonl next to the input
        shutil.copy(path, copy)
        children_start = children_cpu()
        start = time.perf_counter()
        done = subprocess.run(
            [str(PEER), "tools", "fine_tunes.prepare_data", "-f", str(copy), "-q"],
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(f"peer failed ({done.returncode}): {done.stderr[-2000:]}")
        return seconds, children_cpu() - children_start


def compile_our_sources() -> None:
    """Byte-compile our modules (into their __pycache__ folders, which git ignores), as an installed
    package is (pip compiles on install; the peer's venv was). Where PYTHONDONTWRITEBYTECODE is set,
    as on the project's build box, each run of ours would otherwise compile its sources again
    (0.1-0.3 s) and the peer's would not."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "desktop")], check=True, cwd=ROOT)


def run_ours_in_a_fresh_process(rows: int) -> dict:
    """Our side in its own process (start-up and imports included, like the peer's)."""
    children_start = children_cpu()
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, str(rows), "--ours-once"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"ours failed ({done.returncode}): {done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall"] = wall
    result["cpu"] = children_cpu() - children_start
    return result


def ours_once(path: Path) -> None:
    read, total, _, analysis = run_ours(path)
    summary = analysis.summary  # type: ignore[attr-defined]
    findings = [
        f"{f.severity.value:7} {f.code:28} rows={len(f.rows):6}  {f.message_en[:60]}"
        for f in analysis.findings  # type: ignore[attr-defined]
    ]
    print(
        json.dumps(
            {
                "read": read,
                "total": total,
                "examples": summary.examples,
                "tokens": summary.total_tokens,
                "encoding": summary.encoding,
                "longest": summary.max_tokens,
                "findings": findings,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("rows", type=int)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each side; the fastest counts")
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument("--ours-once", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    path = dataset_file(args.rows)
    if args.ours_once:
        ours_once(path)
        return
    print(f"file: {path} ({path.stat().st_size / 1e6:.1f} MB)")

    ours, peers, ours_cpu, peers_cpu = [], [], [], []
    result: dict = {}
    compile_our_sources()
    for _ in range(args.repeat):
        load = os.getloadavg()[0]
        if not args.skip_peer:
            seconds, cpu = run_peer(path)
            peers.append(seconds)
            peers_cpu.append(cpu)
            print(f"peer prepare_data -q: {seconds:.2f} s (CPU {cpu:.2f} s), load {load:.1f}")
        result = run_ours_in_a_fresh_process(args.rows)
        ours.append(result["wall"])
        ours_cpu.append(result["cpu"])
        print(
            f"ours: {result['wall']:.2f} s (CPU {result['cpu']:.2f} s): start-up, imports and reading "
            f"{result['read']:.2f} s, analysis {result['total'] - result['read']:.2f} s; "
            f"load {os.getloadavg()[0]:.1f}"
        )
    print(
        f"ours found {len(result['findings'])} findings on {result['examples']:,} examples, "
        f"{result['tokens']:,} tokens ({result['encoding']}), longest {result['longest']:,}"
    )
    for line in result["findings"]:
        print("  " + line)
    if peers:
        # CPU time is what a busy machine distorts least; wall time is what the user waits for.
        print(f"cpu_ratio={min(peers_cpu) / min(ours_cpu):.2f}")
        print(f"ratio={min(peers) / min(ours):.2f}")


if __name__ == "__main__":
    main()
