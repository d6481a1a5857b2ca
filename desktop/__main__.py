"""`python -m desktop` and the `finetune-desk` command: open the main window."""

from __future__ import annotations

import sys


def main() -> int:
    # The UI package pulls in Qt; keep this module light so `--help` answers instantly.
    from desktop.ui.app import run

    return run(sys.argv)


if __name__ == "__main__":
    sys.exit(main())
