"""Full data analysis vs openai 2.34.0's ``prepare_data`` on the same spreadsheet, same run.

Usage: python bench/checks_vs_peer.py ROWS [--repeat N] [--skip-peer]

Ours: read the xlsx with ``desktop.core.readers.open_dataset`` and run every check with exact
token counts (cl100k_base, against davinci-002's limit, since the file is prompt/completion data).
Peer: ``openai tools fine_tunes.prepare_data -f FILE -q`` from bench/.peer-venv (install it with
``python -m venv bench/.peer-venv && bench/.peer-venv/bin/pip install 'openai[datalib]==2.34.0' openpyxl``).
Data: ``../shared/bench/make_datasets.py ROWS bench/data`` (made when missing).
The last line printed is ``ratio=<peer seconds / our seconds>``.
"""

from __future__ import annotations

import argparse
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


def run_ours(path: Path) -> tuple[float, float, object]:
    """Seconds for (reading, reading + analysis) and the analysis."""
    sys.path.insert(0, str(ROOT))
    from desktop.core.catalog import load_catalog
    from desktop.core.checks import analyze
    from desktop.core.readers import open_dataset
    from desktop.core.tokens import warm_helper

    model = load_catalog().find("davinci-002", "openai")
    start = time.perf_counter()
    warm_helper("cl100k_base")  # the token-counting helper starts while the file is read
    dataset = open_dataset(path).dataset
    read = time.perf_counter() - start
    analysis = analyze(dataset, model)
    total = time.perf_counter() - start
    return read, total, analysis


def run_peer(path: Path) -> float:
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / path.name  # the peer writes its *_prepared.jsonl next to the input
        shutil.copy(path, copy)
        start = time.perf_counter()
        done = subprocess.run(
            [str(PEER), "tools", "fine_tunes.prepare_data", "-f", str(copy), "-q"],
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(f"peer failed ({done.returncode}): {done.stderr[-2000:]}")
        return seconds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("rows", type=int)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each side; the fastest counts")
    parser.add_argument("--skip-peer", action="store_true")
    args = parser.parse_args()
    path = dataset_file(args.rows)
    print(f"file: {path} ({path.stat().st_size / 1e6:.1f} MB)")

    ours, peers = [], []
    analysis = None
    for _ in range(args.repeat):
        if not args.skip_peer:
            peers.append(run_peer(path))
            print(f"peer prepare_data -q: {peers[-1]:.2f} s")
        read, total, analysis = run_ours(path)
        ours.append(total)
        print(f"ours: read {read:.2f} s, analysis {total - read:.2f} s, total {total:.2f} s")

    summary = analysis.summary  # type: ignore[attr-defined]
    print(
        f"ours found {len(analysis.findings)} findings on {summary.examples:,} examples, "  # type: ignore[attr-defined]
        f"{summary.total_tokens:,} tokens ({summary.encoding}), longest {summary.max_tokens:,}"
    )
    for finding in analysis.findings:  # type: ignore[attr-defined]
        print(
            f"  {finding.severity.value:7}"
            f" {finding.code:28} rows={len(finding.rows):6}  {finding.message_en[:60]}"
        )
    if peers:
        print(f"ratio={min(peers) / min(ours):.2f}")


if __name__ == "__main__":
    main()
