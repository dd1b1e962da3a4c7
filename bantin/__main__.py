"""``python -m bantin …``: the same command line as ``bantin …``."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
