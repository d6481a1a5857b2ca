#!/usr/bin/env bash
# Creates or refreshes .venv with Finetune Desk installed (editable) and the given extras.
# Usage: scripts/setup-venv.sh EXTRAS   (e.g. "engine" or "engine,dev")
# Re-installs only when pyproject.toml or the extras changed, so repeated runs are quick.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-engine}"
python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
stamp=".venv/.finetune-desk-$(sha256sum pyproject.toml | cut -c1-16)-${extras//,/_}"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  # torch is pinned to the CPU build that lies on these machines' disk (see README).
  .venv/bin/python -m pip install -q -e ".[${extras}]"
  rm -f .venv/.finetune-desk-*
  touch "$stamp"
fi
