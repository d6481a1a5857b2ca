"""How many provider profiles are lost when processes save into one settings folder at once.

    .venv/bin/python scripts/measure_profile_races.py [--old-module PATH]

Three processes each save 15 profiles into the same folder, three times over; the script prints how
many of the 135 were missing afterwards. ``--old-module`` measures another ProfileStore (a copy of
desktop/providers/profiles.py from an older commit, e.g. ``git show 1e08eff:desktop/providers/profiles.py``)
beside the current one. See docs/reliability.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import multiprocessing
import sys
import tempfile
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
PROCESSES, SAVES, TRIALS = 3, 15, 3


def _module(path: str | None) -> ModuleType:
    sys.path.insert(0, str(ROOT))
    if path is None:
        import desktop.providers.profiles as current

        return current
    spec = importlib.util.spec_from_file_location("measured_profiles", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["measured_profiles"] = module
    spec.loader.exec_module(module)
    return module


def _save_many(module_path: str | None, folder: str, prefix: str) -> None:
    module = _module(module_path)
    store = module.ProfileStore(Path(folder))
    for index in range(SAVES):
        store.save(module.Profile.create(f"{prefix}-{index}", module.ProviderKind.OPENAI))


def lost(module_path: str | None) -> int:
    context = multiprocessing.get_context("spawn")
    missing = 0
    for _trial in range(TRIALS):
        folder = tempfile.mkdtemp(prefix="profile-race-")
        workers = [
            context.Process(target=_save_many, args=(module_path, folder, f"p{n}")) for n in range(PROCESSES)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        module = _module(module_path)
        names = {profile.name for profile in module.ProfileStore(Path(folder)).profiles()}
        wanted = {f"p{n}-{i}" for n in range(PROCESSES) for i in range(SAVES)}
        missing += len(wanted - names)
    return missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--old-module", help="a profiles.py to measure beside the current one")
    arguments = parser.parse_args()
    total = PROCESSES * SAVES * TRIALS
    if arguments.old_module:
        print(f"old: {lost(arguments.old_module)} of {total} profiles lost")
    print(f"now: {lost(None)} of {total} profiles lost")


if __name__ == "__main__":
    main()
