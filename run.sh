#!/usr/bin/env bash
# Sets everything up (once) and opens Finetune Desk with the sample data set, on the local engine.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup-venv.sh engine
exec .venv/bin/python -m desktop --sample "$@"
