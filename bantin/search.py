"""Search: the built pages → a Pagefind index, written with the site.

Pagefind indexes what sits inside ``data-pagefind-body`` (the article of bulletins, profiles and
campaigns) and folds tone marks, so "nong thon moi" finds "nông thôn mới". It does not fold
``đ`` (U+0111 has no decomposition), so "doan" would not find "Đoàn". Before a page is handed
to Pagefind, :func:`with_folded_words` adds inside its indexed element a hidden line of the
words that hold ``đ``, spelt with ``d``, after a marker. Only the index sees that line: the
published page does not have it, and the search page's script (``search.js`` of the theme)
builds each excerpt from the text before the marker, so the folded spelling is never shown.

The index is made in memory by Pagefind's own service (the ``pagefind`` package) and returned as
files; the pipeline publishes them with the pages, so a failed build never leaves a half index.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path
from typing import Any

FORMAT = 2  # bump when what is given to Pagefind changes
FOLD_MARK = "bantinfold"  # begins the hidden line of folded words; the search script cuts there
BUNDLE = "pagefind"  # the bundle's folder inside the search page's folder


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


_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_SKIP = frozenset({"script", "style", "template"})


class _BodyText(HTMLParser):
    """The text inside the ``data-pagefind-body`` element (less ``data-pagefind-ignore`` parts)
    and where that element's end tag starts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.body_depth: int | None = None
        self.ignore_depth: int | None = None
        self.skip_depth: int | None = None
        self.text: list[str] = []
        self.end: tuple[int, int] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        self.depth += 1
        names = {k for k, _ in attrs}
        if self.body_depth is None and "data-pagefind-body" in names and self.end is None:
            self.body_depth = self.depth
        elif self.body_depth is not None:
            if self.ignore_depth is None and "data-pagefind-ignore" in names:
                self.ignore_depth = self.depth
            if self.skip_depth is None and tag in _SKIP:
                self.skip_depth = self.depth

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self.depth == self.body_depth:
            self.end = self.getpos()
            self.body_depth = None
        if self.depth == self.ignore_depth:
            self.ignore_depth = None
        if self.depth == self.skip_depth:
            self.skip_depth = None
        self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.body_depth is not None and self.ignore_depth is None and self.skip_depth is None:
            self.text.append(data)


def with_folded_words(html: str) -> str:
    """``html`` with a hidden line of its folded ``đ``-words at the end of the indexed element;
    unchanged when the page has no such element or no such word."""
    parser = _BodyText()
    parser.feed(html)
    parser.close()
    if parser.end is None:
        return html
    words = folded_words(" ".join(parser.text))
    if not words:
        return html
    line, col = parser.end
    lines = html.splitlines(keepends=True)
    at = sum(len(x) for x in lines[: line - 1]) + col
    hidden = f"<div hidden>{FOLD_MARK} {' '.join(words)}</div>"
    return html[:at] + hidden + html[at:]


@dataclass(frozen=True)
class IndexedPage:
    url: str  # the page's site path, without the base_url sub-path: /tin-tuc/2024/slug/
    html: str


def page_url(rel: str) -> str:
    """The site path of the page in output file ``rel``: ``a/b/index.html`` → ``/a/b/``."""
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def is_indexable(html: bytes) -> bool:
    """Whether a built page is one the index holds (its template marked what to index)."""
    return b"data-pagefind-body" in html


def indexed_part(html: bytes) -> bytes:
    """The part of a page that can change its entry in the index: its language and its
    ``<main>`` (which holds the indexed element), so that a change of menu or footer does not
    make the index again."""
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


def build_index(pages: Iterable[IndexedPage], language: str, work: Path) -> Path:
    """Write the Pagefind bundle for ``pages``; return its folder (inside ``work``, a scratch
    folder of the caller's). Raises :class:`SearchError` when Pagefind is missing or fails."""
    program = executable()
    if program is None:
        raise SearchError("the Pagefind program was not found")
    site, bundle = work / "pages", work / "bundle"
    for page in pages:
        target = site / output_of(page.url)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(with_folded_words(page.html), encoding="utf-8")
    site.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(
            [
                program,
                "--site",
                str(site),
                "--output-path",
                str(bundle),
                "--force-language",
                language,
                "--silent",
            ],
            capture_output=True,
            text=True,
            timeout=3600,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchError(str(exc)) from None
    if done.returncode != 0 or not (bundle / "pagefind.js").is_file():
        said = (done.stderr or done.stdout).strip().splitlines()
        raise SearchError(said[-1] if said else f"exit status {done.returncode}")
    try:
        settle(bundle)
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise SearchError(f"unexpected Pagefind index ({exc})") from None
    return bundle


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


def output_of(url: str) -> str:
    """The file of a page's site path: ``/a/b/`` → ``a/b/index.html``."""
    rel = url.lstrip("/")
    return rel + "index.html" if rel == "" or rel.endswith("/") else rel
