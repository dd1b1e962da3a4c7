"""Search: a Pagefind index of the written site.

Pagefind indexes what sits inside ``data-pagefind-body`` (the article of bulletins, profiles and
campaigns) and folds tone marks, so "nong thon moi" finds "nông thôn mới". It does not fold
``đ`` (U+0111 has no decomposition), so "doan" would not find "Đoàn". When a page is rendered,
:func:`with_folded_words` adds at the end of its indexed element a hidden line
(``<div hidden>``: not shown, not read aloud) of the words that hold ``đ``, spelt with ``d``,
after a marker word. Pagefind indexes hidden text, so "doan" finds the page; the search page's
script (``search.js`` of the theme) builds each excerpt from the text before the marker, so the
folded spelling is never shown.

:func:`build_index` runs the Pagefind program over the written site into a folder of the
caller's, and :func:`settle` makes its output the same for the same pages.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import subprocess
import unicodedata
from html import unescape
from importlib import metadata
from pathlib import Path
from typing import Any

FORMAT = 3  # bump when what is given to Pagefind changes
FOLD_MARK = "bantinfold"  # begins the hidden line of folded words; the search script cuts there
BODY_ATTR = "data-pagefind-body"


def fold(text: str) -> str:
    """``Đoàn Thanh niên`` → ``Doan Thanh nien``: tone marks dropped, đ → d."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


_WORD_RE = re.compile(r"\w+")


def folded_words(text: str) -> list[str]:
    """The words of ``text`` that hold ``đ``, folded, each once, in order."""
    seen: dict[str, None] = {}
    for word in _WORD_RE.findall(text):
        if "đ" in word or "Đ" in word:
            seen.setdefault(fold(word).lower(), None)
    return list(seen)


_BODY_RE = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*\s" + BODY_ATTR + r"[\s=/>]")
_IGNORE_RE = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*\sdata-pagefind-ignore[\s=/>]")
_SKIPPED_RE = re.compile(r"<(script|style|template)\b.*?</\1\s*>", re.S | re.I)
_TAG_RE = re.compile(r"<[^>]*>")


def _element_end(html: str, tag: str, start: int) -> int:
    """Where the end tag of the ``tag`` element opened at ``start`` begins (-1 if never)."""
    pattern = re.compile(rf"<(/?){tag}\b[^>]*>", re.I)
    depth = 0
    for m in pattern.finditer(html, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return m.start()
    return -1


def _without_ignored(html: str) -> str:
    out, at = [], 0
    while (m := _IGNORE_RE.search(html, at)) is not None:
        end = _element_end(html, m.group(1), m.start())
        out.append(html[at : m.start()])
        if end < 0:
            return "".join(out)
        at = html.index(">", end) + 1
    out.append(html[at:])
    return "".join(out)


def with_folded_words(html: str) -> str:
    """``html`` with a hidden line of its folded ``đ``-words at the end of the indexed element;
    unchanged when the page has no such element or no such word. Text in
    ``data-pagefind-ignore`` parts, scripts and styles is not indexed, so not folded."""
    m = _BODY_RE.search(html)
    if m is None:
        return html
    end = _element_end(html, m.group(1), m.start())
    if end < 0:
        return html
    inside = _SKIPPED_RE.sub(" ", _without_ignored(html[m.end() : end]))
    words = folded_words(unescape(_TAG_RE.sub(" ", inside)))
    if not words:
        return html
    return f"{html[:end]}<div hidden>{FOLD_MARK} {' '.join(words)}</div>{html[end:]}"


def indexed_part(html: bytes) -> bytes:
    """The part of a page that can change its entry in the index: its language and its
    ``<main>`` (which holds the indexed element), so that a change of menu or footer does not
    make the index again; empty for a page the index does not hold."""
    if BODY_ATTR.encode() not in html:
        return b""
    start, end = html.find(b"<main"), html.rfind(b"</main>")
    lang = html[html.find(b"<html") : html.find(b">", html.find(b"<html")) + 1]
    return lang + (html[start:end] if 0 <= start < end else html)


def version() -> str:
    """The version of the ``pagefind`` package (part of the index's identity)."""
    try:
        return metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        return ""


class SearchError(Exception):
    """Pagefind could not be started or failed; the message says why."""


def executable() -> str | None:
    """The Pagefind program: ``PAGEFIND_BINARY_PATH``, the one the ``pagefind`` package
    installed, or one on ``PATH``."""
    try:
        from pagefind.service import get_executable
    except ImportError:  # pragma: no cover - a dependency of bantin
        return shutil.which("pagefind")
    found = get_executable()
    return str(found) if found else None


def build_index(site: Path, language: str, bundle: Path) -> None:
    """Index the pages of the written site ``site`` into the folder ``bundle`` (made anew).
    Raises :class:`SearchError` when Pagefind is missing or fails."""
    program = executable()
    if program is None:
        raise SearchError("the Pagefind program was not found")
    shutil.rmtree(bundle, ignore_errors=True)
    command = [program, "--site", str(site), "--output-path", str(bundle)]
    command += ["--force-language", language, "--glob", "**/*.html", "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchError(str(exc)) from None
    if done.returncode != 0 or not (bundle / "pagefind.js").is_file():
        said = (done.stderr or done.stdout).strip().splitlines()
        raise SearchError(said[-1] if said else f"exit status {done.returncode}")
    try:
        settle(bundle)
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise SearchError(f"unexpected Pagefind index ({exc})") from None


# ---------------------------------------------------------------- a reproducible bundle
#
# Pagefind writes the values of each filter, and the list of filters, in the order of a Rust
# hash map, which changes from run to run; the file names are hashes of the contents, so they
# change too. settle() sorts both and names the files by the hash of what they now hold, so the
# same pages always give the same bundle. The files are gzip'd "pagefind_dcd" + CBOR (only the
# few CBOR types Pagefind writes are read).

_DCD = b"pagefind_dcd"


def _cbor_decode(data: bytes, i: int = 0) -> tuple[Any, int]:
    first = data[i]
    major, info = first >> 5, first & 31
    i += 1
    if info < 24:
        n = info
    elif info <= 27:
        size = 1 << (info - 24)
        n = int.from_bytes(data[i : i + size], "big")
        i += size
    else:
        raise ValueError(f"CBOR item {first:#x}")
    if major == 0:
        return n, i
    if major == 1:
        return -1 - n, i
    if major == 2:
        return bytes(data[i : i + n]), i + n
    if major == 3:
        return data[i : i + n].decode("utf-8"), i + n
    if major == 4:
        items = []
        for _ in range(n):
            item, i = _cbor_decode(data, i)
            items.append(item)
        return items, i
    if major == 7 and info in (20, 21, 22):
        return {20: False, 21: True, 22: None}[info], i
    raise ValueError(f"CBOR item {first:#x}")


def _cbor_head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise ValueError("CBOR integer too large")


def _cbor_encode(x: Any) -> bytes:
    if x is None or isinstance(x, bool):
        return {False: b"\xf4", True: b"\xf5", None: b"\xf6"}[x]
    if isinstance(x, int):
        return _cbor_head(0, x) if x >= 0 else _cbor_head(1, -1 - x)
    if isinstance(x, bytes):
        return _cbor_head(2, len(x)) + x
    if isinstance(x, str):
        data = x.encode("utf-8")
        return _cbor_head(3, len(data)) + data
    if isinstance(x, list):
        return _cbor_head(4, len(x)) + b"".join(map(_cbor_encode, x))
    raise ValueError(f"CBOR of {type(x).__name__}")


def _read_dcd(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_DCD):
        raise ValueError(f"{path.name} is not a Pagefind file")
    value, end = _cbor_decode(data, len(_DCD))
    if end != len(data):
        raise ValueError(f"{path.name} has trailing bytes")
    return value


def _dcd_bytes(value: Any) -> bytes:
    return gzip.compress(_DCD + _cbor_encode(value), compresslevel=9, mtime=0)


def _name(prefix: str, data: bytes, length: int) -> str:
    return f"{prefix}_{hashlib.sha256(data).hexdigest()[:length]}"


def settle(bundle: Path) -> None:
    """Sort what Pagefind wrote in hash-map order and rename the files it changes."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text("utf-8"))
    for language in entry["languages"].values():
        old_meta = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = _read_dcd(old_meta)
        prefix = language["hash"].rsplit("_", 1)[0]
        filters = []
        for name, old_hash in meta[3]:
            old = bundle / "filter" / f"{old_hash}.pf_filter"
            filter_name, values = _read_dcd(old)
            data = _dcd_bytes([filter_name, sorted(values, key=lambda v: v[0])])
            new_hash = _name(prefix, data, 7)
            old.unlink()
            (bundle / "filter" / f"{new_hash}.pf_filter").write_bytes(data)
            filters.append([name, new_hash])
        meta[3] = sorted(filters)
        data = _dcd_bytes(meta)
        language["hash"] = _name(prefix, data, 10)
        old_meta.unlink()
        (bundle / f"pagefind.{language['hash']}.pf_meta").write_bytes(data)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
