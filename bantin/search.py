"""Search: a Pagefind index of the written site.

Pagefind indexes what sits inside ``data-pagefind-body`` (the article of bulletins, profiles and
campaigns) and folds tone marks, so "nong thon moi" finds "nông thôn mới". It does not fold
``đ`` (U+0111 has no decomposition), so "doan" would not find "Đoàn", nor its look-alike ``Ð``
(U+00D0, the Latin eth, which text copied from some documents has for Đ). When a page is
rendered, :func:`with_folded_words` adds at the end of its indexed element a hidden line
(``<div hidden>``: not shown, not read aloud) of the words that hold ``đ`` or ``ð``, spelt with
``d`` (and those with ``ð`` also with ``đ``), after a marker word. A word is what Pagefind takes
as one, all that lies between spaces: it indexes "98/2023/NĐ-CP" as "982023nđcp" (and its parts),
so the hidden line holds "98/2023/nd-cp" and "98/2023/ND-CP" finds the page. Pagefind indexes
hidden text, so "doan" finds the page; the search page's script (``search.js`` of the theme)
searches for ``ð`` as ``đ``, and builds each excerpt from the text before the marker, so the
folded spelling is never shown.

:func:`build_index` gives the indexed pages of the written site to Pagefind one by one, in the
order of their paths, and writes the index into a folder of the caller's; :func:`settle` sorts
what Pagefind still writes in hash-map order. So the same pages give the same index, whatever
the file system and the order in which it lists the pages.
"""

from __future__ import annotations

import base64
import ctypes
import gzip
import hashlib
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator
from html import escape, unescape
from importlib import metadata
from pathlib import Path
from typing import Any

FORMAT = 5  # bump when what is given to Pagefind changes
FOLD_MARK = "bantinfold"  # begins the hidden line of folded words; the search script cuts there
BODY_ATTR = "data-pagefind-body"


_D_BAR = "đĐðÐ"  # đ, and the Latin eth that looks like it
_TO_D = str.maketrans(_D_BAR, "dDdD")
_TO_D_BAR = str.maketrans("ðÐ", "đĐ")


def fold(text: str) -> str:
    """``Đoàn Thanh niên`` → ``Doan Thanh nien``: tone marks dropped, đ (and ð, Ð) → d."""
    decomposed = unicodedata.normalize("NFD", text.translate(_TO_D))
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


_EDGES_RE = re.compile(r"^\W+|\W+$")


def folded_words(text: str) -> list[str]:
    """The words of ``text`` that hold ``đ`` or ``ð``, folded and in small letters, each once, in
    order; a word with ``ð`` also spelt with ``đ``. A word is what lies between spaces, as
    Pagefind takes it, less the punctuation at its ends: "(98/2023/NĐ-CP)" gives
    "98/2023/nd-cp", which Pagefind indexes as "982023ndcp", "98", "2023", "nd" and "cp"."""
    seen: dict[str, None] = {}
    for chunk in text.split():
        word = _EDGES_RE.sub("", chunk)
        if any(c in _D_BAR for c in word):
            if "ð" in word or "Ð" in word:
                seen.setdefault(word.translate(_TO_D_BAR).lower(), None)
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
    """``html`` with a hidden line of its folded ``đ``-words (and ``ð``-words) at the end of the
    indexed element, as text; unchanged when the page has no such element or no such word. Text in
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
    line = escape(" ".join(words), quote=False)
    return f"{html[:end]}<div hidden>{FOLD_MARK} {line}</div>{html[end:]}"


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
    files = _index_files(program, site, language)
    shutil.rmtree(bundle, ignore_errors=True)
    try:
        for file in files:
            _write_bundle_file(bundle, file["path"], base64.b64decode(file["content"]))
        settle(bundle)
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise SearchError(f"unexpected Pagefind index ({exc})") from None


def _index_files(program: str, site: Path, language: str) -> list[dict[str, str]]:
    """The files of the index of ``site``'s pages, as Pagefind gives them (path, base64)."""
    try:
        with PagefindService(program) as pagefind:
            config = {"force_language": language}
            index = pagefind.ask({"type": "NewIndex", "config": config})["index_id"]
            for rel, html in indexed_pages(site):
                pagefind.ask(
                    {"type": "AddFile", "index_id": index, "file_path": rel, "file_contents": html}
                )
            return pagefind.ask({"type": "GetFiles", "index_id": index})["files"]
    except OSError as exc:
        raise SearchError(str(exc)) from None
    except (ValueError, KeyError, TypeError) as exc:
        raise SearchError(f"unexpected answer from Pagefind ({exc})") from None


def indexed_pages(site: Path) -> Iterator[tuple[str, str]]:
    """The path (relative, with ``/``, as Pagefind names pages) and text of each page of
    ``site`` that holds an indexed element, sorted by path: the order Pagefind numbers them in,
    whatever the order in which the file system lists them. Pagefind would leave out the other
    pages anyway."""
    marker = BODY_ATTR.encode()
    for rel in sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")):
        path = site / rel
        if path.is_file() and marker in (data := path.read_bytes()):
            yield rel, data.decode("utf-8", "replace")


def _write_bundle_file(bundle: Path, rel: str, data: bytes) -> None:
    path = bundle / rel
    if Path(rel).is_absolute() or ".." in Path(rel).parts:
        raise ValueError(f"a file outside the bundle: {rel}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


# ---------------------------------------------------------------- talking to Pagefind
#
# ``pagefind --service`` reads requests on its standard input and answers each on its standard
# output, one at a time and in order: JSON, base64-encoded, each followed by a comma. This is
# what the ``pagefind`` Python package speaks too, but that package waits 0.1 s before reading
# each answer (17 minutes for 10,000 pages), runs an event loop of its own (``serve`` already
# runs one), and its ``write_files`` answers before the files are on disk, so closing the service
# then can leave them cut short. Here the index's files come back in the answer to ``GetFiles``
# and are written by bantin.

TIMEOUT = 3600.0  # seconds for a whole index
PR_SET_PDEATHSIG = 1  # prctl(2): the signal this process gets when its parent ends


class PagefindService:
    """``pagefind --service``, started for one index and ended when the ``with`` block ends.
    On Linux it is killed when this process ends, even by ``kill -9``."""

    def __init__(self, program: str) -> None:
        self._errors = tempfile.TemporaryFile()  # not a pipe: it can never fill up and block
        try:
            self._process = subprocess.Popen(
                [program, "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._errors,
                preexec_fn=_dies_with_parent(),
            )
        except OSError:
            self._errors.close()
            raise
        self._deadline = time.monotonic() + TIMEOUT
        self._received = bytearray()
        self._last_id = 0

    def __enter__(self) -> PagefindService:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self._process.stdin is not None:
                self._process.stdin.close()  # at the end of its input, Pagefind stops
            self._process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self._process.kill()
            self._process.wait()
        finally:
            self._errors.close()

    def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        """Send ``request`` (a payload of the service) and return its answer's payload."""
        self._last_id += 1
        message = json.dumps({"message_id": self._last_id, "payload": request})
        stdin = self._process.stdin
        assert stdin is not None
        try:
            stdin.write(base64.b64encode(message.encode("utf-8")) + b",")
            stdin.flush()
        except BrokenPipeError:
            raise SearchError(self._why("Pagefind stopped")) from None
        answer = json.loads(base64.b64decode(self._read_answer()))
        payload = answer.get("payload") or {}
        if payload.get("type") == "Error" or answer.get("message_id") != self._last_id:
            raise SearchError(str(payload.get("message") or answer)[:500])
        return payload

    def _read_answer(self) -> bytes:
        stdout = self._process.stdout
        assert stdout is not None
        searched = 0
        while (end := self._received.find(b",", searched)) < 0:
            searched = len(self._received)
            left = self._deadline - time.monotonic()
            if left <= 0 or not _readable(stdout, left):
                raise SearchError(f"Pagefind did not finish within {TIMEOUT:.0f} seconds")
            chunk = os.read(stdout.fileno(), 1 << 20)
            if not chunk:
                raise SearchError(self._why("Pagefind stopped"))
            self._received += chunk
        answer = bytes(self._received[:end])
        del self._received[: end + 1]
        return answer

    def _why(self, what: str) -> str:
        """``what``, with the last line Pagefind wrote to its standard error if any."""
        try:
            self._process.wait(timeout=5)
            self._errors.seek(0)
            said = self._errors.read().decode("utf-8", "replace").strip().splitlines()
        except (OSError, subprocess.TimeoutExpired):
            said = []
        return f"{what}: {said[-1]}" if said else what


def _readable(stream: Any, seconds: float) -> bool:
    """Whether ``stream`` has something to read within ``seconds``. Windows cannot wait on a
    pipe: there the read itself waits, without a time limit."""
    if os.name != "posix":
        return True
    return bool(select.select([stream], [], [], seconds)[0])


def _dies_with_parent() -> Callable[[], None] | None:
    """What a child runs before Pagefind starts in it, on Linux: ask the kernel to kill it
    when its parent (this thread) ends, and end at once if the parent is already gone."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up before the fork
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def die_with_parent() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)

    return die_with_parent


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
