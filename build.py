#!/usr/bin/env python3
"""bantin's entry point: ``python build.py [build|serve|check] …`` (see ``--help``)."""

from bantin.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
