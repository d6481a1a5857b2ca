"""`python -m desktop` and the `finetune-desk` command: open the main window."""

from __future__ import annotations

import sys


def main() -> int:
    if "--self-test" in sys.argv or "--setup-training-runtime" in sys.argv:
        from desktop.ui.command_line import main as command_line

        return command_line(sys.argv)
    # The UI package pulls in Qt; keep this module light so `--help` answers instantly.
    from desktop.ui.app import run

    return run(sys.argv)


if __name__ == "__main__":
    sys.exit(main())
