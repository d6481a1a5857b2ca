"""The dead-code check: definitions in desktop/ and engine/ that nothing in the repository uses.

vulture reads the app, the engine, the tests, the benchmarks and the scripts (a helper that only a
test or a benchmark calls counts as used) and this reports what it finds unused in desktop/ and
engine/, at 60% confidence or more: functions, methods, classes, properties, imports, module-level
names and unreachable code. Fields of classes (dataclass fields, enum members) and attributes are
not checked: they are data that JSON, ``asdict``, ``repr`` and other libraries read by reflection,
and vulture cannot tell those reads from none. What is reached by name from outside our code (Qt's virtual
methods, FastAPI routes, protocols of the standard library, attributes other libraries read) is
named in scripts/dead_code_whitelist.py, each entry with its reason; an entry whose definition is
gone is reported too, so the whitelist cannot rot. Exit status 1 when anything is reported.

Usage: .venv/bin/python scripts/dead_code.py   (run by ./test.sh; takes a few seconds)
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from vulture import Vulture
from vulture.core import Item

ROOT = Path(__file__).resolve().parents[1]
CHECKED = ("desktop", "engine")
READERS = (*CHECKED, "tests", "bench", "scripts")
WHITELIST = ROOT / "scripts" / "dead_code_whitelist.py"
MIN_CONFIDENCE = 60
# Decorators that register a function with a framework, which then calls it by itself.
FRAMEWORK_DECORATORS = ["@app.*", "@atexit.register"]


def whitelisted_names(path: Path) -> set[str]:
    """The names the whitelist refers to (the last part of each dotted entry)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute):
            names.add(node.attr)
    return names


def _in_checked_folder(item: Item) -> bool:
    return Path(item.filename).resolve().relative_to(ROOT).parts[0] in CHECKED


def _checked(item: Item) -> bool:
    """Whether a finding is code we check (see the module docstring), not a field or an attribute."""
    if not _in_checked_folder(item) or item.typ == "attribute":
        return False
    if item.typ == "variable":
        line = Path(item.filename).read_text(encoding="utf-8").splitlines()[item.first_lineno - 1]
        return not line[:1].isspace()  # a module-level name, not a class's field
    return True


def main() -> int:
    vulture = Vulture(ignore_decorators=FRAMEWORK_DECORATORS)
    vulture.scavenge([str(ROOT / name) for name in READERS])
    problems = [
        item.get_report(add_size=False).replace(f"{ROOT}/", "")
        for item in vulture.get_unused_code(min_confidence=MIN_CONFIDENCE)
        if _checked(item)
    ]
    defined = {
        item.name
        for items in (
            vulture.defined_attrs,
            vulture.defined_classes,
            vulture.defined_funcs,
            vulture.defined_methods,
            vulture.defined_props,
            vulture.defined_vars,
        )
        for item in items
        if _in_checked_folder(item)
    }
    stale = sorted(whitelisted_names(WHITELIST) - defined)
    problems += [f"{WHITELIST.relative_to(ROOT)}: '{name}' is defined nowhere any more" for name in stale]
    for problem in problems:
        print(problem)
    if problems:
        print(
            f"dead code: {len(problems)} finding(s). Remove what nothing uses; if Qt, a framework or "
            f"another library reaches it by name, add it to {WHITELIST.relative_to(ROOT)} with the reason.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
