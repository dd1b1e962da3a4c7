"""Puts tests/data/vi_collation.txt in ICU's Vietnamese order (the reference the tests compare
bantin.text.sort_key with). Needs PyICU: on Debian or Ubuntu, `apt-get install python3-icu` and
run it with that Python:

    /usr/bin/python3 scripts/vi_collation.py

The comment lines at the top of the file stay; the names below them are sorted with
``icu.Collator.createInstance(icu.Locale("vi"))`` and written back, one a line.
"""

from __future__ import annotations

from pathlib import Path

import icu

LIST = Path(__file__).resolve().parent.parent / "tests" / "data" / "vi_collation.txt"


def main() -> None:
    lines = LIST.read_text(encoding="utf-8").splitlines()
    header = [line for line in lines if line.startswith("#")]
    names = [line for line in lines if line and not line.startswith("#")]
    collator = icu.Collator.createInstance(icu.Locale("vi"))
    names.sort(key=collator.getSortKey)
    version = f"# Sorted with ICU {icu.ICU_VERSION} (PyICU {icu.VERSION})."
    header = [line for line in header if not line.startswith("# Sorted with ICU")] + [version]
    LIST.write_text("\n".join(header + names) + "\n", encoding="utf-8")
    print(f"{LIST.name}: {len(names)} names in ICU's Vietnamese order")


if __name__ == "__main__":
    main()
