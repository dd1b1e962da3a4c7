"""Check a built site: every ``href`` and ``src`` in ``output/`` leads to a file of the site.

``check --built`` reads the HTML files bantin wrote the way a browser sees them once the folder
is published at ``base_url``: with ``base_url: https://example.gov.vn/khoi-thi-dua/`` the page
``output/tin-tuc/index.html`` is served at ``/khoi-thi-dua/tin-tuc/``, and its links are resolved
from there. A link is *internal* when it is relative, root-relative, or an absolute address on
``base_url``'s scheme and host. Internal links must stay inside the sub-path and name a file of
the output folder (a path ending in ``/`` names the ``index.html`` inside; a folder named
without its ``/`` works through the web server's redirect and gets a warning), and a
``#fragment`` must name an ``id`` (or ``<a name>``) of the page it points to. Addresses on other
hosts, and ``mailto:``, ``tel:``, ``data:``…, are counted, not followed; ``javascript:``
addresses are errors.

The work is linear in the size of the site: one walk of the output folder makes the set of its
files, each page is parsed once (:class:`html.parser.HTMLParser`), and the outcome of each
address (without its fragment) is remembered, so the menu repeated on every page is resolved
once. Large sites are read by forked workers (:mod:`bantin.parallel`); links to a fragment of
another page are checked at the end, against the ids each page reported.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, quote, unquote, urlsplit

from . import parallel
from .errors import Problem, Severity, did_you_mean, suggestion
from .messages import msg
from .sanitize import HtmlReader
from .urls import srcset_candidates
from .writer import output_files

# Elements and their attributes that hold an address (``srcset``-like ones hold several).
URL_ATTRS: dict[str, frozenset[str]] = {
    tag: frozenset(attrs)
    for tag, attrs in {
        "a": ("href",),
        "area": ("href",),
        "link": ("href", "imagesrcset"),  # also rel=canonical, rel=alternate
        "img": ("src", "srcset"),
        "source": ("src", "srcset"),
        "script": ("src",),
        "iframe": ("src",),
        "embed": ("src",),
        "track": ("src",),
        "object": ("data",),
        "video": ("src", "poster"),
        "audio": ("src",),
        "form": ("action",),
        "button": ("formaction",),
        "input": ("src", "formaction"),
        "image": ("href", "xlink:href"),  # SVG
        "use": ("href", "xlink:href"),  # SVG
    }.items()
}
SRCSET_ATTRS = frozenset({"srcset", "imagesrcset"})
# <meta property=… content=…> (or name=…) whose content is an address.
META_URL_PROPERTIES = frozenset(
    {
        "og:image",
        "og:image:url",
        "og:image:secure_url",
        "og:url",
        "twitter:image",
        "twitter:image:src",
    }
)
# Where an empty value means "this page"; anywhere else an empty address is a mistake.
EMPTY_IS_THIS_PAGE = frozenset({"<a href>", "<area href>", "<form action>"})
SCRIPT_SCHEMES = frozenset({"javascript", "vbscript"})
DEFAULT_PORTS = {"http": 80, "https": 443}
PAGE_SUFFIXES = (".html", ".htm")
SHOWN_URL = 100  # longer addresses are cut short in messages

_SPACE = " \t\n\r\f"
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
_REFRESH = re.compile(r"^\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?(.*)$", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class LinkStats:
    """What a check looked at: the HTML ``pages`` read, the addresses found in them
    (``links``), of which ``internal`` ones were resolved in the output folder and ``external``
    ones only counted, and the ``#fragments`` checked against the ids of the page they point
    to (``anchors``)."""

    pages: int = 0
    links: int = 0
    internal: int = 0
    external: int = 0
    anchors: int = 0


def check_built(
    output_dir: Path,
    base_url: str,
    *,
    rel_prefix: str = "output",
    jobs: int | None = None,
) -> tuple[list[Problem], LinkStats]:
    """Every problem with the addresses in the HTML files of ``output_dir`` published at
    ``base_url`` (sorted, each once; paths are ``rel_prefix/<file>``), and what was checked."""
    files = {rel: path for rel, path in output_files(Path(output_dir))}
    site = Site.of(base_url, rel_prefix, frozenset(files))
    pages = sorted(rel for rel in files if rel.lower().endswith(PAGE_SUFFIXES))
    _WORK.update(site=site, pages=[(rel, files[rel]) for rel in pages])
    jobs = parallel.default_jobs() if jobs is None else jobs
    try:
        results = parallel.run_all(_check_part, len(pages), jobs, chunk=64)
    finally:
        _WORK.clear()
        gc.unfreeze()  # parallel.run froze what existed before forking
    problems: list[Problem] = []
    ids: dict[str, frozenset[str]] = {}
    counts = [0, 0, 0, 0]
    pending: list[Pending] = []
    for rel, result in zip(pages, results, strict=True):
        if result is None:  # vanished or unreadable since the walk
            continue
        problems.extend(result.problems)
        ids[rel] = result.ids
        pending.extend(result.pending)
        for i, n in enumerate(result.counts):
            counts[i] += n
    for p in pending:
        target_ids = ids.get(p.target, frozenset())
        if not fragment_found(p.fragment, target_ids):
            problems.append(p.problem(site, target_ids))
    stats = LinkStats(
        pages=len(ids),
        links=counts[0],
        internal=counts[1],
        external=counts[2],
        anchors=counts[3],
    )
    return sorted(set(problems)), stats


# ---------------------------------------------------------------------------- reading a page


@dataclass(slots=True)
class Ref:
    """One address in a page: where its tag starts (1-based line and column), which element
    and attribute hold it (``<img srcset>``), and the address as written (entities decoded)."""

    line: int
    col: int
    element: str
    url: str


class PageParser(HtmlReader):
    """Collects the addresses of one page, its ids and its ``<base href>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[Ref] = []
        self.ids: set[str] = set()
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = URL_ATTRS.get(tag)
        meta: dict[str, str] = {}
        for name, value in attrs:
            if name == "id" or (name == "name" and tag == "a"):
                if value:
                    self.ids.add(value)
            elif wanted is not None and name in wanted:
                line, col = self.getpos()
                element = f"<{tag} {name}>"
                if name in SRCSET_ATTRS:
                    for url in srcset_urls(value or ""):
                        self.refs.append(Ref(line, col + 1, element, url))
                else:
                    self.refs.append(Ref(line, col + 1, element, value or ""))
            elif tag == "meta" and value is not None:
                meta.setdefault(name, value)
            elif tag == "base" and name == "href" and self.base is None and value:
                self.base = value
        if meta and "content" in meta:
            self._meta(meta)

    def _meta(self, meta: dict[str, str]) -> None:
        line, col = self.getpos()
        prop = (meta.get("property") or meta.get("name") or "").strip().lower()
        if prop in META_URL_PROPERTIES:
            attr = "property" if meta.get("property") else "name"
            element = f'<meta {attr}="{prop}">'
            self.refs.append(Ref(line, col + 1, element, meta["content"]))
        elif meta.get("http-equiv", "").strip().lower() == "refresh":
            found = _REFRESH.match(meta["content"])
            url = found.group(1).strip().strip("'\"") if found else ""
            if url:
                self.refs.append(Ref(line, col + 1, '<meta http-equiv="refresh">', url))


def srcset_urls(value: str) -> list[str]:
    """The addresses of a ``srcset`` value."""
    return [url for url, _ in srcset_candidates(value)]


# ---------------------------------------------------------------------------- the site


@dataclass
class Site:
    """The output folder as a web server at ``base_url`` sees it."""

    base_url: str
    rel_prefix: str
    files: frozenset[str]
    scheme: str = ""
    host: str = ""
    port: int | None = None
    base_path: str = ""  # "/khoi-thi-dua", or "" at the root of the host
    base_segments: tuple[str, ...] = ()
    _children: dict[str, list[str]] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, base_url: str, rel_prefix: str, files: frozenset[str]) -> Site:
        parts = urlsplit(base_url.strip())
        scheme = parts.scheme.lower()
        base_path = parts.path.rstrip("/")
        return cls(
            base_url=base_url,
            rel_prefix=rel_prefix,
            files=files,
            scheme=scheme,
            host=(parts.hostname or "").lower(),
            port=_port(parts, scheme),
            base_path=base_path,
            base_segments=tuple(base_path.split("/")[1:]),
        )

    def page_url(self, rel: str) -> str:
        """The public path of output file ``rel``, percent-encoded: ``/khoi-thi-dua/a/b/``."""
        return self.base_path + "/" + quote(_pretty(rel), safe="/")

    def shown(self, rel: str) -> str:
        """Output file ``rel`` as readers see its address: ``/khoi-thi-dua/tin-tức/``."""
        return self.base_path + "/" + _pretty(rel)

    def children(self) -> dict[str, list[str]]:
        """Folder → what a link can name directly inside it (``name`` for a file, ``name/``
        for a folder). Made on the first broken link, for did-you-mean hints."""
        if self._children is None:
            children: dict[str, set[str]] = {}
            for rel in self.files:
                parts = rel.split("/")
                for i in range(len(parts)):
                    name = parts[i] + ("/" if i < len(parts) - 1 else "")
                    children.setdefault("/".join(parts[:i]), set()).add(name)
            self._children = {k: sorted(v) for k, v in children.items()}
        return self._children

    def suggest(self, rel: str) -> str:
        """A did-you-mean hint for the missing output path ``rel``, chosen among what the
        deepest existing folder on its way holds (and one level below), or ``""``."""
        children = self.children()
        parts = rel.rstrip("/").split("/")
        depth = 0
        while depth < len(parts) - 1 and "/".join(parts[: depth + 1]) in children:
            depth += 1
        folder = "/".join(parts[:depth])
        prefix = folder + "/" if folder else ""
        choices: list[str] = []
        for name in children.get(folder, ()):
            if name != "index.html":
                choices.append(name)
            if name.endswith("/"):
                inner = children.get(prefix + name[:-1], ())
                choices.extend(name + sub for sub in inner if sub != "index.html")
        close = suggestion(did_you_mean(rel[len(prefix) :], choices))
        if not close:
            return ""
        return msg("common.did_you_mean", choice=self.base_path + "/" + prefix + close)


def _pretty(rel: str) -> str:
    """``a/b/index.html`` → ``a/b/``: the address pretty URLs are linked by."""
    if rel == "index.html":
        return ""
    if rel.endswith("/index.html"):
        return rel[: -len("index.html")]
    return rel


def _port(parts: SplitResult, scheme: str) -> int | None:
    try:
        port = parts.port
    except ValueError:
        port = -1
    return port if port is not None else DEFAULT_PORTS.get(scheme)


# ---------------------------------------------------------------------------- resolving


@dataclass(frozen=True, slots=True)
class Outcome:
    """Where an address (without its fragment) leads."""

    kind: str  # ok, external, missing, outside, escapes, script, invalid
    target: str = ""  # the output file, when ok
    no_slash: bool = False  # ok, but a folder named without its final "/"
    hint: str = ""


_EXTERNAL = Outcome("external")
_SCRIPT = Outcome("script")
_INVALID = Outcome("invalid")
_ESCAPES = Outcome("escapes")


def _dots(segment: str) -> int:
    """2 for a ``..`` segment, 1 for ``.``, 0 otherwise; ``%2e`` is a dot, as in browsers."""
    if not segment or len(segment) > 6 or segment[0] not in ".%":
        return 0
    s = segment.lower().replace("%2e", ".")
    return 2 if s == ".." else 1 if s == "." else 0


def _walk(start: tuple[str, ...], path: str, floor: int) -> tuple[list[str], bool]:
    """``path`` applied to the folder ``start`` (segments), dot segments removed as RFC 3986
    says; the last segment of the result is the file name (``""`` for a folder). Also whether
    a ``..`` climbed above the first ``floor`` segments (above the root when ``floor`` is 0,
    where browsers would quietly stay at the root)."""
    out = list(start)
    climbed = False
    segments = path.split("/")
    last = len(segments) - 1
    for i, seg in enumerate(segments):
        dots = _dots(seg)
        if not dots:
            out.append(seg)
            continue
        if dots == 2:
            if len(out) <= floor:
                climbed = True
            if out:
                out.pop()
        if i == last:
            out.append("")
    return out, climbed


def _decoded(segments: list[str]) -> str | None:
    """The output path that percent-encoded (UTF-8) path segments name, or None when one
    does not decode to a plain file name."""
    out = []
    for seg in segments:
        if "%" in seg:
            try:
                seg = unquote(seg, errors="strict")
            except UnicodeDecodeError:
                return None
            if "/" in seg or "\\" in seg or "\0" in seg:
                return None
        out.append(seg)
    return "/".join(out)


class Resolver:
    """Resolves addresses against the site, remembering each outcome."""

    def __init__(self, site: Site):
        self.site = site
        self._memo: dict[tuple[str, str], Outcome] = {}

    def resolve(self, url: str, folder: tuple[str, ...]) -> Outcome:
        """Where ``url`` (no fragment, not empty) leads from a page in the public folder
        ``folder`` (percent-encoded segments from the root of the host)."""
        relative = not url.startswith("/") and not _SCHEME.match(url)
        key = ("/".join(folder) if relative else "", url)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._resolve(url, folder, relative)
        return found

    def _resolve(self, url: str, folder: tuple[str, ...], relative: bool) -> Outcome:
        found = self.locate(url, folder, relative)
        return found if isinstance(found, Outcome) else self._inside(found)

    def locate(self, url: str, folder: tuple[str, ...], relative: bool) -> list[str] | Outcome:
        """The public path (segments from the root of the host) an address names on this
        site, or where else it leads."""
        site = self.site
        try:
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if scheme in SCRIPT_SCHEMES:
                return _SCRIPT
            if scheme and scheme != site.scheme:
                return _EXTERNAL
            if parts.netloc or url.startswith("//"):
                host = (parts.hostname or "").lower()
                if host != site.host or _port(parts, site.scheme) != site.port:
                    return _EXTERNAL
            elif scheme:  # "https:x": relative in browsers, but nobody means that
                return _INVALID
        except ValueError:
            return _INVALID
        if relative:
            segments, climbed = _walk(folder, parts.path, len(site.base_segments))
        else:
            segments, climbed = _walk((), (parts.path or "/")[1:], 0)
        return _ESCAPES if climbed else segments

    def _inside(self, segments: list[str]) -> Outcome:
        """Where a resolved public path (segments from the root of the host) leads."""
        site = self.site
        n = len(site.base_segments)
        if tuple(segments[:n]) != site.base_segments:
            return Outcome("outside", hint=self._outside_hint(segments))
        if len(segments) == n:  # "/khoi-thi-dua": the site's top folder without its "/"
            if "index.html" in site.files:
                return Outcome("ok", "index.html", no_slash=True)
            return Outcome("missing")
        rel = _decoded(segments[n:])
        return self.file(rel) if rel is not None else Outcome("missing")

    def file(self, rel: str) -> Outcome:
        """Where the output path ``rel`` (decoded; ``a/`` for a folder) leads."""
        files = self.site.files
        if rel == "" or rel.endswith("/"):
            if rel + "index.html" in files:
                return Outcome("ok", rel + "index.html")
        elif rel in files:
            return Outcome("ok", rel)
        elif rel + "/index.html" in files:
            return Outcome("ok", rel + "/index.html", no_slash=True)
        return Outcome("missing", hint=self.site.suggest(rel))

    def _outside_hint(self, segments: list[str]) -> str:
        """A link that forgot the sub-path (``/tin-tuc/`` for ``/khoi-thi-dua/tin-tuc/``)
        gets the right address as its hint; others are told where the site lives."""
        site = self.site
        rel = _decoded(segments)
        files = site.files
        if rel and (rel in files or (rel.endswith("/") and rel + "index.html" in files)):
            return msg("common.did_you_mean", choice=site.base_path + "/" + "/".join(segments))
        return msg("built.outside_hint", base_url=site.base_url, base_path=site.base_path + "/")


# ---------------------------------------------------------------------------- checking a page


@dataclass(frozen=True, slots=True)
class Pending:
    """A link to a fragment of another page, checked once every page has been read."""

    page: str
    line: int
    col: int
    element: str
    url: str
    target: str
    fragment: str

    def problem(self, site: Site, ids: frozenset[str]) -> Problem:
        return Problem(
            f"{site.rel_prefix}/{self.page}",
            self.line,
            self.col,
            msg(
                "built.fragment",
                url=_cut(self.url),
                element=self.element,
                fragment=unquote(self.fragment),
                page=site.shown(self.target),
            ),
            _fragment_hint(unquote(self.fragment), ids),
        )


def _fragment_hint(fragment: str, ids: frozenset[str]) -> str:
    close = suggestion(did_you_mean(fragment, ids))
    return msg("common.did_you_mean", choice="#" + close) if close else ""


@dataclass(frozen=True, slots=True)
class PageResult:
    problems: list[Problem]
    ids: frozenset[str]
    pending: list[Pending]
    counts: tuple[int, int, int, int]  # links, internal, external, anchors


def fragment_found(fragment: str, ids: frozenset[str] | set[str]) -> bool:
    """Whether ``#fragment`` names a place of a page with ``ids``: the id as written or
    percent-decoded; ``#top`` is the top of any page."""
    return fragment in ids or unquote(fragment) in ids or fragment.lower() == "top"


def check_page(site: Site, resolver: Resolver, rel: str, text: str) -> PageResult:
    """The problems of the output page ``rel`` whose HTML is ``text``."""
    parser = PageParser()
    parser.feed(text)
    parser.close()
    path = f"{site.rel_prefix}/{rel}"
    folder = tuple(site.page_url(rel).split("/")[1:-1])
    if parser.base is not None:  # <base href>: relative links start from there
        base = _clean(parser.base).partition("#")[0].partition("?")[0]
        found = resolver.locate(base, folder, not base.startswith("/") and not _SCHEME.match(base))
        if base and isinstance(found, list):
            folder = tuple(found[:-1])
    problems: list[Problem] = []
    pending: list[Pending] = []
    links = internal = external = anchors = 0

    def problem(ref: Ref, key: str, hint: str = "", severity: Severity = "error", **args: Any):
        message = msg(key, url=_cut(ref.url), element=ref.element, **args)
        problems.append(Problem(path, ref.line, ref.col, message, hint, severity))

    for ref in parser.refs:
        links += 1
        url = _clean(ref.url)
        if not url:
            if ref.element in EMPTY_IS_THIS_PAGE:
                internal += 1
            else:
                problems.append(
                    Problem(path, ref.line, ref.col, msg("built.empty", element=ref.element))
                )
            continue
        bare, hashed, fragment = url.partition("#")
        if not bare or bare.startswith("?"):
            outcome = Outcome("ok", rel)  # this page
        else:
            outcome = resolver.resolve(bare, folder)
        kind = outcome.kind
        if kind == "external":
            external += 1
            continue
        if kind == "script":
            problem(ref, "built.script", msg("built.script_hint"))
            continue
        if kind == "invalid":
            problem(ref, "built.invalid")
            continue
        internal += 1
        if kind == "missing":
            problem(ref, "built.missing", outcome.hint, folder=site.rel_prefix)
        elif kind == "outside":
            problem(ref, "built.outside", outcome.hint, base_path=site.base_path + "/")
        elif kind == "escapes":
            problem(ref, "built.escapes", msg("built.escapes_hint", base_url=site.base_url))
        else:
            target = outcome.target
            if outcome.no_slash:
                path_part = bare.partition("?")[0]
                fixed = path_part + "/" + url[len(path_part) :]
                hint = msg("built.no_slash_hint", fixed=_cut(fixed))
                problem(ref, "built.no_slash", hint, "warning")
            fragment = fragment.partition(":~:")[0]  # a text fragment is not a place
            if hashed and fragment and target.lower().endswith(PAGE_SUFFIXES):
                anchors += 1
                if target != rel or not fragment_found(fragment, parser.ids):
                    pending.append(
                        Pending(rel, ref.line, ref.col, ref.element, url, target, fragment)
                    )
    return PageResult(
        problems, frozenset(parser.ids), pending, (links, internal, external, anchors)
    )


def _clean(url: str) -> str:
    """An address as browsers read it: without spaces around it, tabs or line breaks."""
    url = url.strip(_SPACE)
    if "\t" in url or "\n" in url or "\r" in url:
        url = url.replace("\t", "").replace("\n", "").replace("\r", "")
    return url


def _cut(url: str) -> str:
    return url if len(url) <= SHOWN_URL else url[: SHOWN_URL - 1] + "…"


# ---------------------------------------------------------------------------- work in workers

_WORK: dict[str, Any] = {}


def _check_part(part: range) -> list[PageResult | None]:
    site: Site = _WORK["site"]
    pages: list[tuple[str, str]] = _WORK["pages"]
    resolver = _WORK.get("resolver")
    if resolver is None:
        resolver = _WORK["resolver"] = Resolver(site)
    out: list[PageResult | None] = []
    for i in part:
        rel, full = pages[i]
        try:
            with open(full, "rb") as f:
                text = f.read().decode("utf-8", "replace")
        except OSError:
            out.append(None)
            continue
        out.append(check_page(site, resolver, rel, text))
    return out
