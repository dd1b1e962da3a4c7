"""``python -m bantin …``: the same command line as ``bantin …``."""

from .cli import run

if __name__ == "__main__":
    run()
