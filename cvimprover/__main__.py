"""The `cvimprover` command (and `python -m cvimprover`).

`serve` first makes sure glibc runs with MALLOC_TUNING, which it reads only when a process
starts: if the environment lacks it, the process starts itself again with it, here,
before the application (seconds to import) is loaded, so it is loaded once.
"""

import os
import sys

MALLOC_TUNING = {"MALLOC_ARENA_MAX": "2", "MALLOC_MMAP_THRESHOLD_": str(4 * 1024 * 1024)}
"""glibc keeps an arena per thread and, past its dynamic threshold, never returns
argon2id's 19 MiB per hash: each gthread worker would grow by that much per thread.
Fixed, the large buffers are mapped and unmapped per hash."""


def main() -> None:
    if sys.argv[1:2] == ["serve"]:
        missing = {name: value for name, value in MALLOC_TUNING.items() if name not in os.environ}
        if missing:
            command = [sys.executable, "-m", "cvimprover", *sys.argv[1:]]
            os.execve(sys.executable, command, os.environ | missing)  # noqa: S606
    from cvimprover.cli import app

    app()


if __name__ == "__main__":
    main()
