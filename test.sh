#!/usr/bin/env bash
# Sets everything up (once) and runs every check: ruff, mypy, import-linter, dead code, then the test suite.
# Extra arguments go to pytest (e.g. ./test.sh tests/core -x).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup-venv.sh engine,dev
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/lint-imports
.venv/bin/python scripts/dead_code.py
export QT_QPA_PLATFORM=offscreen
# The keyring tests talk to a real Secret Service: run the suite inside a private D-Bus session
# with an unlocked gnome-keyring, and a throw-away HOME so nothing touches the user's own keyring.
if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  test_home="$(mktemp -d)"
  trap 'rm -rf "$test_home"' EXIT
  HOME="$test_home" XDG_DATA_HOME="$test_home/.local/share" XDG_CONFIG_HOME="$test_home/.config" \
    dbus-run-session -- sh -c \
    'echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec .venv/bin/python -m pytest "$@"' \
    sh "$@"
else
  echo "note: gnome-keyring or dbus-run-session missing; keyring tests will be skipped" >&2
  .venv/bin/python -m pytest "$@"
fi
