"""Entry point of the frozen (PyInstaller) build.

One binary serves as both the desktop app and the local engine: ``finetune-desk engine serve ...``
runs the engine, anything else opens the app. The app starts the engine this way when frozen,
because there is no ``python -m engine`` inside a bundle.
"""

from __future__ import annotations

import sys


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "engine":
        from engine.__main__ import main as engine_main

        sys.argv = [sys.argv[0], *sys.argv[2:]]
        return engine_main()
    from desktop.__main__ import main as desktop_main

    return desktop_main()


if __name__ == "__main__":
    sys.exit(main())
