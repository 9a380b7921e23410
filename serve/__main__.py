"""`python -m serve [--workers N] [--port P] [--bind ADDR] [--store PATH] [--app SCRIPT] [--run-dir DIR]`."""

from __future__ import annotations

import sys

from serve.settings import settings_from
from serve.supervisor import Supervisor


def main(argv: list[str] | None = None) -> int:
    return Supervisor(settings_from(argv)).run()


if __name__ == "__main__":
    sys.exit(main())
