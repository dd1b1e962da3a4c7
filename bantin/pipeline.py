"""The build as a script of phases: load → validate → link → render → write.

A :class:`Builder` runs the phases and remembers, in ``.cache/``, what it read and wrote:

1. **scan** every input file; if none changed since the last build and ``output/`` is as that
   build left it, stop: there is nothing to do;
2. **load** each content file, from the parse cache when its bytes were seen before, parsing the
   others on all cores;
3. **link** the whole site (cross-file checks, indexes, related bulletins) — always in full, so
   an incremental build can never see a stale cross-reference;
4. **plan** every page, and **select** those whose digest (:mod:`bantin.deps`) differs from the
   one recorded when the page was last written;
5. **render** those on all cores into a staging folder beside ``output/``, noting what each page
   used;
6. **write**: assemble the new site in the staging folder (changed pages moved in, unchanged
   files linked from ``output/``, static files and media copied), make again the parts of the
   search index whose pages' records changed (:mod:`bantin.search`; the records are read from
   the pages as they are rendered, and kept in the cache), swap the new site in for ``output/``
   at once (:mod:`bantin.writer`) and record the new state.

The result is byte-identical to a clean build; ``tests/test_incremental.py`` checks that with
random sequences of edits.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import importlib
import json
import os
import pickle
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__, branding
from .bundled import theme_folder
from .cache import (
    CACHE_DIR,
    BuildCache,
    FileState,
    Manifest,
    PageRecord,
    collector_off,
    digest,
    loads_many,
    now_ns,
    remove,
)
from .config import FLAGS, SiteConfig, load_config
from .errors import Problem, SiteError
from .messages import msg
from .sources import Source, hash_all, inputs_digest, scan, source_records
from .text import nfc
from .writer import (
    MARKER,
    Assembly,
    Shelf,
    Staging,
    check_output_dir,
    disk_trouble,
    files_intact,
    folders_intact,
    intact,
    output_files,
    same_disk,
    staging_dir,
)


class _Later:
    """A module imported when first used, then put in its place: a build that finds nothing
    changed never needs the ones behind rendering, parsing, pictures and search (Jinja,
    Python-Markdown, Pillow, lxml: about 0.3 CPU-s of a 10,000-bulletin no-change build)."""

    def __init__(self, name: str, module: str):
        self._name = name  # the name it has here
        self._module = module

    def __getattr__(self, attr: str) -> Any:
        module = importlib.import_module(self._module)
        globals()[self._name] = module
        return getattr(module, attr)


deps: Any = _Later("deps", "bantin.deps")
images: Any = _Later("images", "bantin.images")
loader: Any = _Later("loader", "bantin.loader")
render: Any = _Later("render", "bantin.render")
search: Any = _Later("search", "bantin.search")
linker: Any = _Later("linker", "bantin.site")  # "site" is the linked site, everywhere below
parallel: Any = _Later("parallel", "bantin.parallel")  # multiprocessing
urlmod: Any = _Later("urlmod", "bantin.urls")  # slugify

if TYPE_CHECKING:
    from .deps import Digester
    from .loader import ParseJob
    from .render import PageSpec
    from .site import Site, Visibility


def build_time() -> datetime:
    """The moment of the build (:func:`bantin.site.build_time`: ``SOURCE_DATE_EPOCH``, checked,
    or now), without importing the linker when that variable is not set."""
    if os.environ.get("SOURCE_DATE_EPOCH", ""):
        return linker.build_time()
    return datetime.now(UTC)


@dataclass
class BuildResult:
    site: Site | None  # None when nothing had changed and nothing was loaded
    pages: int  # pages the site has
    files: int  # all files in output/, pages included
    rendered: int = 0  # pages rendered by this build
    rendered_paths: list[str] = field(default_factory=list)  # their output files
    written: int = 0  # files written (new or changed)
    removed: int = 0  # files deleted because the site no longer has them
    warnings: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # e.g. a damaged cache that was rebuilt
    counts: dict[str, int] = field(default_factory=dict)  # bulletins, profiles, …
    output: str = "output"  # the output folder's name
    files_read: int = 0  # content files loaded
    files_parsed: int = 0  # of which parsed (the others came from the cache)
    unpublished: dict[str, int] = field(default_factory=dict)  # shown anyway: draft → count
    left_out: tuple[tuple[str, str], ...] = ()  # (status, file) of the items left out
    pictures: int = 0  # content pictures with resized copies
    media_files: int = 0  # files published for the media the site uses
    indexed: int = 0  # pages in the search index
    index_made: bool = False  # whether this build made any part of the search index
    parts_made: int = 0  # parts of the search index this build made (the others were kept)
    parts: int = 0  # parts the search index has
    parts_pending: int = 0  # parts left for the next build to make (``search_later``)
    reindexed: int = 0  # pages in the parts this build made
    loaded: bool = False  # the build went past the scan (site is None too after a lean build)


Progress = Callable[[str, int, int], None]  # (phase, done, total); ("", 0, 0): phases over


def load_site(
    root: Path,
    overrides: Mapping[str, Any] | None = None,
    vis: Visibility | None = None,
    config_file: Path | None = None,
) -> tuple[Site, list[Problem]]:
    """Load, validate and link without a cache. Raises :class:`SiteError` if anything is
    wrong; returns the Site and its warnings otherwise."""
    config = load_config(root, overrides, config_file)
    content = loader.load_content(config)
    return _linked(config, content, None, vis)


def _linked(
    config: SiteConfig,
    content: Any,
    memo: dict[bytes, Any] | None = None,
    vis: Visibility | None = None,
) -> tuple[Site, list[Problem]]:
    site, problems = linker.link(config, content, memo, vis)
    problems = content.problems + problems
    if any(p.severity == "error" for p in problems):
        raise SiteError(problems)
    return site, sorted(set(problems))


def static_copies(
    site: Site,
    media: list[tuple[Path, str]] | None = None,
    brand: list[tuple[Path, str]] | None = None,
) -> list[tuple[Path, str]]:
    """Theme static files and the media the content uses, as (source, output path). ``media``
    is what the image phase publishes (file, media path); without it, the used media files
    are copied as they are. ``brand`` is the favicon set made from the logo (file, name in
    static/): the site's own static files win over it, and it over the theme's."""
    config: SiteConfig = site.config
    copies: list[tuple[Path, str]] = []
    seen: set[str] = set()

    def add(src: Path, name: str) -> None:
        rel = urlmod.output_path(site.urls.static(name))
        if rel not in seen:  # the first wins
            seen.add(rel)
            copies.append((src, rel))

    for base in (
        config.root / "templates" / "static",
        None,
        theme_folder(config.root, config.theme) / "static",
    ):
        if base is None:
            for src, name in brand or ():
                add(src, name)
            continue
        if not base.is_dir():
            continue
        for src in sorted(base.rglob("*")):
            if src.is_file() and not src.name.startswith("."):
                add(src, src.relative_to(base).as_posix())
    if media is None:
        media = [(config.content_dir / "media" / site.media[m], m) for m in sorted(site.media_used)]
    copies += [(source, urlmod.output_path(site.urls.media(path))) for source, path in media]
    return copies


def _counts(site: Site) -> dict[str, int]:
    return {
        "bulletins": len(site.bulletins),
        "profiles": len(site.profiles),
        "campaigns": len(site.campaigns),
        "blocs": len(site.blocs),
        "pages": len(site.pages),
    }


@dataclass(frozen=True)
class _Told:
    """What a build still tells of the linked site once its pages are written (all a lean build
    keeps of it)."""

    counts: dict[str, int]
    next_change: float | None
    left_out: tuple[tuple[str, str], ...]
    digests: set[bytes]  # the keys of the parsed files the site was made from
    unpublished: dict[str, int]
    pictures: int
    rendered_paths: list[str]
    search_base: str  # the search bundle's folder in the output

    @classmethod
    def of(cls, site: Site, rendered_paths: list[str]) -> _Told:
        return cls(
            _counts(site),
            site.next_change.timestamp() if site.next_change else None,
            site.left_out,
            set(site.digests.values()),
            dict(Counter(site.status.values())),
            sum(1 for info in site.images.values() if info.fallback),
            rendered_paths,
            site.urls.search_bundle("").lstrip("/"),
        )


class _Laps(dict[str, float]):
    """Seconds by phase: ``lap(name)`` ends the phase ``name`` now, begun when the last ended."""

    def __init__(self) -> None:
        super().__init__()
        self.since = time.perf_counter()

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        self[name] = now - self.since
        self.since = now

    def add(self, laps: dict[str, float]) -> None:
        """The phases timed elsewhere since the last lap; the time they leave unaccounted for
        goes to the last of them."""
        self.update(laps)
        now = time.perf_counter()
        if laps:
            self[list(laps)[-1]] += now - self.since - sum(laps.values())
        self.since = now


@dataclass
class _Made:
    """What phases load to write leave for the rest of a build; in a lean build, sent back by
    the child process that did them, without the site, its templates and its page plan."""

    site: Site | None
    env: Any
    specs: list[PageSpec] | None
    warnings: list[Problem]
    volatile: set[str]  # content files edited during this build
    media: list[tuple[Path, str]]  # the pictures' files and their media paths
    pages: dict[str, PageRecord]  # by output path
    index: SearchIndex  # the plan of the search index
    new: Assembly  # the new site, its search index still to add
    told: _Told
    timings: dict[str, float]


# what the builder itself learnt in phases load to write, sent back from a lean build's child
_MADE_STATE = ("parsed", "_link_memo", "_records")
_CACHE_STATE = ("notes", "enabled", "_parsed_ok")


def _changed_during(sources: list[Source], volatile: set[str]) -> list[Source]:
    """``sources`` with those edited during the build marked as such (no digest matches them)."""
    return [s._replace(sha=b"changed") if s.rel in volatile else s for s in sources]


def _config_saved_since(sources: list[Source], config: SiteConfig) -> list[Source]:
    """``sources`` with the settings file marked as edited during the build when what the scan
    hashed is not what :func:`load_config` read: this build goes on with what it read, and the
    next build looks at the file again (a save between the two would otherwise be taken as
    built)."""
    rel = _config_rel(config)
    if any(s.rel == rel and s.sha != config.config_digest for s in sources):
        return _changed_during(sources, {rel})
    return sources


def give_back_memory() -> None:
    """Return to the system the memory freed, which the C library would otherwise keep for this
    process; where the C library cannot (not glibc), nothing."""
    import ctypes

    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, TypeError, AttributeError):  # no C library to ask (Windows), or not glibc
        return
    trim(0)


# ---------------------------------------------------------------- work done in worker processes

_PARSE: dict[str, Any] = {}
_RENDER: dict[str, Any] = {}


def _parse_part(part: range) -> list[bytes | None]:
    """Pickled (model, problems) of each file; None for a file whose bytes are no longer the
    ones that were hashed (it changed during the build): the caller parses it without caching
    the result under a key it does not match."""
    config, jobs = _PARSE["config"], _PARSE["jobs"]
    out: list[bytes | None] = []
    for i in part:
        j: ParseJob = jobs[i]
        try:
            data = j.path.read_bytes()
        except OSError:
            data = None
        if data is None or (j.sha and digest(data) != j.sha):
            out.append(None)
            continue
        out.append(
            pickle.dumps(loader.parse_file(config, j.path, j.rel, j.parts, data), protocol=5)
        )
    return out


Rendered = tuple[int, bytes, tuple[str, ...], tuple[str, ...], bytes, str, bytes]


@dataclass
class RenderedPart:
    """What rendering a part of the pages gave: for each page its number, the digest of its
    bytes, the templates and site data it used, its search record's key (the digest of the
    record's bytes; b"" if none) and date, and the digest of what it was rendered from; the
    search records themselves, as (key, bytes); the problems that stopped it, and the first of
    the part, which orders the problems of parts that come in any order."""

    start: int
    pages: list[Rendered]
    records: list[tuple[bytes, bytes]]
    problems: list[Problem]


def _render_part(part: range) -> RenderedPart:
    """Render pages into the staging folder (:class:`RenderedPart`; the digest of what a page
    was rendered from, :mod:`deps`, is worked out here, on every core, rather than for every
    page in the building process)."""
    env, specs, todo, staging = (_RENDER[k] for k in ("env", "specs", "todo", "staging"))
    digester: Digester = _RENDER["digester"]
    language = _RENDER["search"]  # None: no search index
    # in the building process, a page at a time takes turns with Builder.quick (serve), which
    # renders from another thread: both note what a page uses in the one deps.RECORDER. A forked
    # worker has no such thread (and may have inherited the lock taken).
    lock = _RENDER["lock"] if os.getpid() == _RENDER["pid"] else contextlib.nullcontext()
    done = RenderedPart(part.start, [], [], [])
    for k in part:
        i = todo[k]
        try:
            with lock:
                deps.RECORDER.reset()
                page = render.render_page(env, specs[i])
                templates, attrs = (
                    tuple(sorted(deps.RECORDER.templates)),
                    tuple(sorted(deps.RECORDER.attrs)),
                )
        except SiteError as exc:
            done.problems = list(exc.problems)
            return done
        (staging / str(i)).write_bytes(page.data)
        record = None if language is None else search.read_page(page.path, page.data, language)
        key = b""
        if record is not None:
            data = search.record_bytes(record)
            key = digest(data)
            done.records.append((key, data))
        s = specs[i]
        done.pages.append(
            (
                i,
                digest(page.data),
                templates,
                attrs,
                key,
                "" if record is None else search.record_date(record),
                digester.page(s.url, s.template, s.context, templates, attrs),
            )
        )
    return done


# ---------------------------------------------------------------- the builder


class Builder:
    """Builds one project again and again (the command line builds once, ``serve`` at every
    change), reusing what has not changed."""

    def __init__(
        self,
        root: Path,
        overrides: Mapping[str, Any] | None = None,
        jobs: int | None = None,
        cache: bool = True,
        *,
        drafts: bool = False,
        future: bool = False,
        expired: bool = False,
        progress: Progress | None = None,
        manifest: str = "manifest",
        search_limit: float | None = None,
        config_file: Path | None = None,
        flags: Mapping[str, str] | None = None,
        keep: bool = False,
        lean: bool = False,
    ):
        """``drafts``, ``future`` and ``expired`` show those unpublished items (a preview);
        ``config_file`` is ``--config`` and ``flags`` the settings the command line gives
        (:func:`bantin.config.load_config`);
        ``search_limit`` is accepted and unused (the search index is made in parts, each
        quickly);
        ``progress`` is told how far long phases have got; ``manifest`` names the record of
        what was built, one per output folder; ``keep`` keeps the last linked site, its
        templates and its items' own pages in memory between builds, for :meth:`quick`
        (``serve``); ``lean`` (a build of the command line, not with ``keep``) loads the site
        and writes its pages in a child process (:meth:`_made_apart`), so that this one is
        small while Pagefind makes the search index beside it; the result has no ``site``."""
        self.root = root
        self.overrides = dict(overrides or {})
        self.config_file = config_file
        self.flags = dict(flags or {})
        self._jobs = jobs
        self.cache = BuildCache(root, cache, manifest)
        # resized pictures, shared by the published site and the preview; only the published
        # site's build removes the entries it no longer uses (the preview's come back when used).
        # Where .cache/ cannot be written, a temporary folder for one build.
        self.image_cache = self.cache.dir / "images"
        self._scratch: tempfile.TemporaryDirectory[str] | None = None
        self.prunes_images = manifest == "manifest"
        self.show = {"drafts": drafts, "future": future, "expired": expired}
        self.progress = progress
        self.parsed = 0  # files parsed by the last build (not found in a cache)
        self._memory: dict[bytes, tuple[Any, list[Problem]]] = {}  # parsed files, in serve
        self._link_memo: dict[bytes, Any] = {}  # related bulletins, kept between builds
        self._volatile: set[bytes] = set()  # keys of files that changed while being built
        self._records: dict[bytes, bytes] = {}  # search records of the pages rendered, by key
        self.keep = keep
        self.lean = lean and not keep
        self._kept: _Kept | None = None  # the last good build's site, with ``keep``
        # the changed paths given since the last build that recorded what it read (the hint of
        # build(changed=…)), and the moment of that record; None: not known, scan everything
        self._pending: set[str] | None = None
        self._recorded_ns = 0
        # quick() may run in another thread while a full build runs (serve): it renders in turn
        # with that build's pages (_render_lock), and writes into the output folder in turn with
        # its publishing (_out_lock); what it wrote, by output file: (its number, the bytes, the
        # content file), for the build running meanwhile to publish instead of its older page
        self._quick_lock = threading.Lock()
        self._render_lock = threading.Lock()
        self._out_lock = threading.Lock()
        self._early: dict[str, tuple[int, bytes, str]] = {}
        self._early_count = 0

    @property
    def jobs(self) -> int:
        """The processes to use: those given, else as many as the machine gives this one."""
        return self._jobs or parallel.default_jobs()

    # ------------------------------------------------------------ phases

    def _settings(self, config: SiteConfig) -> bytes:
        """What changes the output but is not in a file."""
        return repr(
            (
                __version__,
                sorted(self.overrides.items(), key=repr),
                sorted(self.flags.items()),
                os.environ.get("SOURCE_DATE_EPOCH", ""),
                date.today().isoformat(),  # a site with no bulletins dates itself by the build
                str(config.output_dir),
                sorted(self.show.items()),
                branding.brand_key(config),  # the logo may be a file no folder scan sees
            )
        ).encode()

    def _parse_settings(self, config: SiteConfig) -> bytes:
        return repr(
            (
                __version__,
                config.timezone,
                config.default_bloc,
                config.base_url,  # redirect_from is checked against its host and old_domains
                config.old_domains,
                config.vocabularies,
                config.markdown,
                config.limits,
            )
        ).encode()

    def _parse_many(
        self, config: SiteConfig, jobs: list[ParseJob]
    ) -> list[tuple[Any, list[Problem]]]:
        results: list[Any] = [self._memory.get(j.key) for j in jobs]
        wanted = [i for i, r in enumerate(results) if r is None]
        stored = self.cache.get_parsed(jobs[i].key for i in wanted)
        hits = [i for i in wanted if jobs[i].key in stored]
        try:
            for i, value in zip(hits, loads_many(stored[jobs[i].key] for i in hits), strict=True):
                results[i] = value
        except Exception:  # intact, but written by another version of a class: parsed again
            self.cache.note(msg("load.cache_parse_unreadable"))
        misses = [i for i, r in enumerate(results) if r is None]
        if misses:
            self.parsed += len(misses)
            _PARSE.update(config=config, jobs=[jobs[i] for i in misses])
            try:
                blobs = parallel.run_all(
                    _parse_part,
                    len(misses),
                    self.jobs,
                    chunk=16,
                    progress=self._told("parse", len(misses)),
                )
            finally:
                _PARSE.clear()
            fresh = [(i, b) for i, b in zip(misses, blobs, strict=True) if b is not None]
            for (i, _), value in zip(fresh, loads_many(b for _, b in fresh), strict=True):
                results[i] = value
            self.cache.put_parsed((jobs[i].key, b) for i, b in fresh)
            for i in misses:  # changed while this build ran: parsed, but not under its key
                if results[i] is None:
                    j = jobs[i]
                    results[i] = loader.parse_file(config, j.path, j.rel, j.parts)
                    self._volatile.add(j.key)
        if self.cache.enabled or self._memory:
            self._memory = {
                j.key: r for j, r in zip(jobs, results, strict=True) if j.key not in self._volatile
            }
        return results

    def build(self, changed: set[str] | None = None, *, search_later: bool = False) -> BuildResult:
        """One build. The cyclic garbage collector is kept off the loaded site (thousands of
        long-lived objects it would otherwise scan again and again) until the build is over.

        ``changed`` is a hint from a file watcher (``serve``): the paths, relative to the
        project's root with "/", that may have changed since this builder's last build. The scan
        then does not walk content/: it looks only at those paths (a file or folder that
        appeared, changed or disappeared there) and takes every other content file as the last
        build recorded it (:func:`bantin.sources.scan`). The result is the same as without the
        hint, which is used only when the cache's record is the one this builder wrote (a hint
        given to a build that failed is kept for the next one) and content/ holds no symbolic
        link; ``None`` (the default) looks at every file.

        ``search_later`` publishes the site without the parts of the search index it would
        make (``serve``'s first build: the pages are shown that much sooner); its result says how
        many (``parts_pending``), and the next build makes them, whatever changed or not."""
        if changed is None:
            self._pending = None
        elif self._pending is not None:
            self._pending |= {str(p) for p in changed}
        try:
            return self._build(search_later)
        except BaseException:
            self._kept = None  # after a failed build, edits wait for a good one
            raise
        finally:
            self._tidy()

    def quick(self, changed: set[str]) -> list[str] | None:
        """Write the own pages of the content files in ``changed`` (paths relative to the root)
        straight into the output folder, before the full build that must follow; returns the
        output files written, or None when nothing was written (it cannot be done exactly).

        Only with ``keep`` and after a good build; only for bulletins, profiles, campaigns and
        pages that the last build showed, whose text changed and nothing else (front matter,
        links, pictures and problems as they were, no heading taken away): then nothing but the
        item's own page can show the edit the way the full build will, so that page is rendered
        from the kept site with the new text and written as the full build will write it. The
        listings, feeds and search index that show the item too are brought up to date by the
        full build, which also puts every file back in the record (the manifest is not
        touched here; the page written no longer matches it, so that build renders it again).

        It may run while a full build runs in another thread (``serve``: a save made during a
        build is shown at once). It then works from the last good build's site, renders in turn
        with that build's pages and writes in turn with its publishing; that build publishes the
        pages written meanwhile instead of its own (older) renderings of them, and records them
        as not matching anything, so that the build that follows renders them again."""
        kept = self._kept
        if kept is None or not changed:
            return None
        with self._quick_lock:
            collecting = gc.isenabled()
            gc.disable()  # a full collection over the kept site would cost more than the page
            try:
                return self._quick(kept, changed)
            finally:
                if collecting:
                    gc.enable()

    def _quick(self, kept: _Kept, changed: set[str]) -> list[str] | None:
        site = kept.site
        config = site.config
        out = config.output_dir
        if not (out / MARKER).is_file():
            return None
        edits: list[tuple[PageSpec, Any, str]] = []
        for rel in sorted(changed):
            name = nfc(rel)
            spec = kept.own.get(name)
            last = kept.memory.get(site.digests.get(name, b""))
            if spec is None or last is None:  # new, not shown, or not parsed by the last build
                return None
            try:
                data = (config.root / rel).read_bytes()
            except OSError:  # deleted, or not readable now
                return None
            parts = tuple(name.split("/")[1:])
            item, problems = loader.parse_file(config, config.root / rel, name, parts, data)
            old, old_problems = last
            if item is None or problems != old_problems or not _text_only(old, item):
                return None
            kind = spec.context["kind"]
            edits.append((spec, dataclasses.replace(spec.context[kind], body=item.body), name))
        pages = []
        for spec, item, name in edits:
            context = {**spec.context, spec.context["kind"]: item}
            try:
                with self._render_lock:
                    deps.RECORDER.reset()
                    page = render.render_page(
                        kept.env, render.PageSpec(spec.url, spec.template, context, spec.owner)
                    )
            except SiteError:  # the full build reports it
                return None
            pages.append((page, item, name))
        written = []
        for page, item, name in pages:
            with self._out_lock:
                if not _write_in_place(out / page.path, page.data):
                    break  # the full build will say what is wrong with the disk
                self._early_count += 1
                self._early[page.path] = (self._early_count, page.data, name)
            kept.replace(item)
            written.append(page.path)
        return written or None

    def warm(self) -> bool:
        """With ``keep``, when the last build found nothing to do and so loaded nothing (``serve``
        started on a preview that is up to date): load, link and plan the site as it is and keep
        it for :meth:`quick`. Nothing is rendered or written. False when there is nothing to do,
        or when the files are no longer those of the last build (the build they call for will
        keep its site)."""
        if not self.keep or self._kept is not None:
            return False
        try:
            config = load_config(self.root, self.overrides, self.config_file, self.flags)
            self.cache.prepare()
            manifest = self.cache.load_manifest()
            sources = hash_all(scan(config.root, config.theme, _config_rel(config)), manifest)
            if manifest is None or manifest.inputs_digest != inputs_digest(
                sources, self._settings(config)
            ):
                return False
            vis = linker.Visibility(build_time(), **self.show)
            with collector_off():
                site, _, volatile = self._load(config, sources, vis)
                gc.freeze()
            if volatile:
                return False
            with disk_trouble(config.output_dir, config.root, self.image_cache):
                self._images(site, sources)  # their sizes, from the cache of pictures
            env = render.make_env(site, self.cache.bytecode_dir())
            kept = _Kept.of(site, env, render.plan_pages(site), self._memory)
            kept.load_templates()
            self._kept = kept
            return True
        except (SiteError, OSError):  # the next build reports it
            return False
        finally:
            self._tidy()

    def _tidy(self) -> None:
        """After a build or a warm-up: the cache closed, scratch files gone, the collector back
        on everything. With a site kept (``serve``), what the builds left behind is collected
        now and the kept site frozen again: otherwise a later full collection would walk it
        whole (about 0.4 s at 10,000 bulletins, holding the interpreter), at a moment nobody
        chose — such as while a page saved during a build is written quickly (0.9 s once)."""
        self.cache.close()
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None
        gc.unfreeze()
        if self._kept is not None:
            gc.collect()
            gc.freeze()

    def _build(self, search_later: bool = False) -> BuildResult:
        lap = _Laps()
        config = load_config(self.root, self.overrides, self.config_file, self.flags)
        out = config.output_dir
        self.cache.prepare()
        if self.cache.dir.resolve() in out.parents:
            self._repair_preview(out)
        where = FLAGS["output"] if "output" in self.flags else config.config_name
        check_output_dir(out, config.root, where)
        manifest = self.cache.load_manifest()
        started = now_ns()
        since = self._early_count  # pages quick() writes from now on are newer than this build's
        now = build_time()
        self.parsed = 0
        hint = self._pending if manifest and manifest.written_ns == self._recorded_ns else None
        listed = scan(config.root, config.theme, _config_rel(config), manifest, hint)
        sources = _config_saved_since(hash_all(listed, manifest), config)
        inputs = inputs_digest(sources, self._settings(config))
        lap("scan")
        if (
            manifest
            and manifest.inputs_digest == inputs
            and (manifest.next_change is None or now.timestamp() < manifest.next_change)
            and _unchanged(out, manifest)
        ):
            lap("verify")
            self._pending = set()  # every change given was looked at: nothing changed
            self._recorded_ns = manifest.written_ns
            return BuildResult(
                None,
                manifest.page_count,
                len(manifest.outputs),
                warnings=list(manifest.warnings),
                timings=dict(lap),
                notes=self.cache.notes,
                counts=dict(manifest.counts),
                output=out.name,
                left_out=getattr(manifest, "left_out", ()),
            )
        if manifest and not self._link_memo:
            self._link_memo = dict(manifest.related)
        with disk_trouble(out, config.root, staging_dir(out)), Staging(out) as staging:
            make = functools.partial(self._make, config, manifest, sources, now, staging)
            made = self._made_apart(make) if self.lean else make()
            lap.add(made.timings)  # load … write (in a lean build, the way back added to write)
            pages, told, new = made.pages, made.told, made.new
            if made.volatile:  # edited during this build: the next build must look again
                sources = _changed_during(sources, made.volatile)
                inputs = inputs_digest(sources, self._settings(config))
            index = made.index
            pending: tuple[str, ...] = ()  # the parts left for the next build (search_later)
            if search_later and index.made:
                index, pending = index.without_made(), index.made
            else:
                index = self._search(config, told.search_base, index, new, staging)
            lap("search")
            with self._out_lock:
                early = self._take_early(new, staging, since)
                published = new.publish()
            lap("publish")
        if early:  # newer than this build's pages: the next build renders them again
            pages.update(
                (rel, dataclasses.replace(pages[rel], digest=b"")) for rel in early if rel in pages
            )
            sources = [
                s._replace(size=-1, mtime_ns=started, sha=b"early")
                if s.rel in early.values()
                else s
                for s in sources
            ]
            inputs = inputs_digest(sources, self._settings(config))
        if pending:  # the index is not whole: the next build must not take this one as current
            inputs = b""
        if published.note:
            self.cache.notes.append(published.note)
        saved = self.cache.save_manifest(
            Manifest(
                written_ns=started,
                inputs_digest=inputs,
                sources=source_records(sources),
                source_links=listed.links,
                outputs=published.outputs,
                folders=published.folders,
                spare=published.spare,
                spare_folders=published.spare_folders,
                pages=pages,
                page_count=len(pages),
                warnings=made.warnings,
                counts=told.counts,
                related=self._link_memo,
                next_change=told.next_change,
                left_out=told.left_out,
                search_parts=index.parts,
            )
        )
        self._records = {}
        self.cache.prune(
            told.digests,
            {rec.search for rec in pages.values() if rec.search} if config.search.enabled else None,
        )
        # what the hint of the next build is relative to
        self._pending, self._recorded_ns = (set(), started) if saved else (None, 0)
        if self.prunes_images and self._scratch is None:
            images.remove_stale(self.image_cache, [f for f, _ in made.media])
        lap("save")
        if self.keep:
            self._kept = _Kept.of(made.site, made.env, made.specs, self._memory)
        return BuildResult(
            made.site,
            len(pages),
            len(published.outputs),
            rendered=len(told.rendered_paths),
            rendered_paths=told.rendered_paths,
            written=published.written,
            removed=published.removed,
            warnings=made.warnings,
            timings=dict(lap),
            notes=self.cache.notes,
            counts=told.counts,
            output=out.name,
            files_read=len(told.digests),
            files_parsed=self.parsed,
            unpublished=told.unpublished,
            left_out=told.left_out,
            pictures=told.pictures,
            media_files=len(made.media),
            indexed=index.pages,
            index_made=bool(index.made),
            parts_made=len(index.made),
            parts=len(index.parts),
            parts_pending=len(pending),
            reindexed=sum(len(index.todo[name]) for name in index.made),
            loaded=True,
        )

    def _make(
        self,
        config: SiteConfig,
        manifest: Manifest | None,
        sources: list[Source],
        now: datetime,
        staging: Staging,
    ) -> _Made:
        """Phases load to write: the site loaded and linked, its pictures, the pages to render
        chosen and rendered, and the new site assembled in ``staging`` (its search index still
        to make)."""
        out = config.output_dir
        lap = _Laps()
        vis = linker.Visibility(now, **self.show)
        with collector_off():
            site, warnings, volatile = self._load(config, sources, vis)
            gc.freeze()
        if volatile:  # the pictures edited during this build are not taken from the cache
            sources = _changed_during(sources, volatile)
        lap("load")
        with disk_trouble(out, config.root, self.image_cache):
            media = self._images(site, sources)
            brand = self._brand(config)
        lap("images")
        specs = render.plan_pages(site)
        env = render.make_env(site, self.cache.bytecode_dir())
        lap("plan")
        digester = deps.Digester(site, env, _global_parts(site, env))
        todo, kept = _select(specs, digester, manifest, out)
        lap("select")
        staged, records = self._render(env, specs, todo, digester, staging.pages)
        env.macro_memo.done.clear()  # needed no more, while the search index is made
        lap("render")
        paths = [urlmod.output_path(s.url) for s in specs]
        pages = {
            path: records.get(i) or manifest.pages[path]  # type: ignore[union-attr]
            for i, path in enumerate(paths)
        }
        index = self._search_plan(config, pages, manifest, out)
        kept.update(index.kept)  # the parts of the last index this build keeps
        new = Assembly(staging, manifest, self._shelf(out))
        if new.damaged:
            self.cache.damaged(new.damaged)
        for rel, (tmp, sha) in staged.items():
            new.add(rel, tmp, sha)
        for rel, state in kept.items():
            new.keep(rel, state)
        for src, rel in static_copies(site, media, brand):
            new.copy(src, rel)
        new.settle()  # the tree is the new site, for the search index made over it
        told = _Told.of(site, [paths[i] for i in todo])
        lap("write")
        laps = dict(lap)
        return _Made(site, env, specs, warnings, volatile, media, pages, index, new, told, laps)

    def _made_apart(self, make: Callable[[], _Made]) -> _Made:
        """``make()`` in a child process (a lean build): the linked site, its page plan and
        templates never enter this process, which holds only what ``make`` sends back while
        Pagefind makes the search index beside it — at 10,000 bulletins about 100 MB instead of
        the 460 MB the site takes, of which an edit's Pagefind would find 260 still held here
        after the site was let go (memory the C library cannot give back)."""
        self.cache.close()  # the child opens its own connection to the cache
        if not self.cache.writable:
            self._scratch_folder()  # made here, where it is removed when the build ends

        def apart() -> tuple[_Made, list[Any], list[Any]]:
            try:
                made = make()
            finally:
                self.cache.close()  # what the child stored, committed
                if self.progress is not None:
                    self.progress("", 0, 0)  # the child's progress bar ends with it
            made.site = made.env = made.specs = None
            mine = [getattr(self, name) for name in _MADE_STATE]
            return made, mine, [getattr(self.cache, name) for name in _CACHE_STATE]

        made, mine, cache = parallel.in_child(apart)
        for owner, names, values in ((self, _MADE_STATE, mine), (self.cache, _CACHE_STATE, cache)):
            for name, value in zip(names, values, strict=True):
                setattr(owner, name, value)
        return made

    def _take_early(self, new: Assembly, staging: Staging, since: int) -> dict[str, str]:
        """Put into the new site the pages :meth:`quick` wrote while this build ran (newer than
        this build's renderings of them); return them, with the content file of each. Called
        with ``_out_lock`` held, just before publishing."""
        taken: dict[str, str] = {}
        for rel, (count, data, source) in sorted(self._early.items()):
            if count <= since or rel not in new.outputs:
                continue
            tmp = staging.work / f"early-{count}"
            tmp.write_bytes(data)
            new.add(rel, tmp, digest(data))
            taken[rel] = source
        # what was written before this build began, this build has rendered from newer files
        self._early = {rel: v for rel, v in self._early.items() if v[0] > since}
        return taken

    def _shelf(self, out: Path) -> Shelf | None:
        """Where the spare copy of ``out`` rests between builds (``.cache/``), when there is a
        usable cache on the same disk as ``out`` (and ``out`` is not a mount point)."""
        if not (self.cache.enabled and self.cache.writable):
            return None
        if not same_disk(self.cache.dir, out.parent, *([out] if out.exists() else [])):
            return None
        return Shelf(self.cache.dir, self.cache.manifest_name)

    def _images(self, site: Site, sources: list[Source]) -> list[tuple[Path, str]]:
        """Resize the pictures the site uses (or take them from the cache); note their sizes
        and copies in ``site.images``; return the files to publish as (file, media path)."""
        config = site.config
        shas = {s.rel: s.sha for s in sources}
        items = []
        for path in sorted(site.media_used):
            disk = site.media[path]
            items.append(
                (config.content_dir / "media" / disk, path, shas.get(f"content/media/{disk}", b""))
            )
        folder = self.image_cache
        if not self.cache.writable:
            folder = Path(self._scratch_folder()) / "images"
        repaired: list[str] = []
        progress = self.progress
        infos, files, problems = images.process_images(
            items,
            config.images,
            folder,
            self.jobs,
            repaired,
            progress=(lambda done, total: progress("images", done, total)) if progress else None,
        )
        if problems:
            raise SiteError(problems)
        if repaired:
            self.cache.damaged(f"{CACHE_DIR}/images/")
        site.images = infos
        return files

    def _scratch_folder(self) -> str:
        """A temporary folder for this build's resized pictures, where .cache/ cannot be
        written (removed when the build ends)."""
        if self._scratch is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="bantin-images-")
        return self._scratch.name

    def _brand(self, config: SiteConfig) -> list[tuple[Path, str]]:
        """The favicon set and share picture made from the logo (or kept in the cache)."""
        render.require_theme(config)  # the default logo is the theme's
        folder = self.cache.dir / "brand"
        if not self.cache.writable:
            if self._scratch is None:
                self._scratch = tempfile.TemporaryDirectory(prefix="bantin-images-")
            folder = Path(self._scratch.name) / "brand"
        try:
            return branding.brand_files(config, folder)
        except branding.BrandError as exc:
            raise SiteError([exc.problem]) from None

    def _repair_preview(self, out: Path) -> None:
        """The preview's folder is part of ``.cache/``: anything else in its place (a file, a
        folder bantin did not write) is damage, removed and built again."""
        if not (out.exists() or out.is_symlink()):
            return
        if out.is_dir() and not out.is_symlink():
            if (out / MARKER).is_file() or not any(out.iterdir()):
                return
        remove(out)
        self.cache.damaged(f"{CACHE_DIR}/{out.name}/")

    def _search_plan(
        self,
        config: SiteConfig,
        pages: Mapping[str, PageRecord],
        manifest: Manifest | None,
        out: Path,
    ) -> SearchIndex:
        """The parts of the search index: which this build keeps from the last (each part made
        from the same records, into the same folder, with its files intact) and which it makes."""
        if not config.search.enabled:
            return SearchIndex()
        held = {search.page_url(rel): (rel, rec) for rel, rec in pages.items() if rec.search}
        plan = search.plan_parts(
            ((url, rec.search_date) for url, (_rel, rec) in held.items()), config.search.part_size
        )
        primary = search.primary_part(plan)
        identity = repr((search.FORMAT, search.version(), config.language))
        last = manifest.search_parts if manifest else {}
        outputs = manifest.outputs if manifest else {}
        parts: dict[str, tuple[bytes, tuple[str, ...]]] = {}
        kept: dict[str, FileState] = {}
        made: list[str] = []
        todo: dict[str, list[tuple[str, bytes]]] = {}
        for name, urls in plan.items():
            folder = "" if name == primary else f"{name}/"
            records = [(held[url][0], held[url][1].search) for url in urls]
            made_from = digest(
                identity,
                folder,
                *(url.encode() + key for url, (_, key) in zip(urls, records, strict=True)),
            )
            before = last.get(name)
            if (
                before is not None
                and before[0] == made_from
                and all(intact(out / rel, outputs.get(rel)) for rel in before[1])
            ):
                parts[name] = before
                kept.update((rel, outputs[rel]) for rel in before[1])
            else:
                parts[name] = (made_from, ())
                made.append(name)
                todo[name] = records
        return SearchIndex(parts, len(held), kept, tuple(made), todo, primary)

    def _search(
        self,
        config: SiteConfig,
        base: str,
        index: SearchIndex,
        new: Assembly,
        staging: Staging,
    ) -> SearchIndex:
        """Make the parts of the search index this build makes (each part's records read when
        its turn comes: :meth:`_records_of`) and add their files and the list of parts."""
        if not index.parts:
            return index
        work = staging.work / "search"

        def records(name: str) -> Callable[[], list[bytes]]:
            return lambda: self._records_of(index.todo[name], new.tree, config)

        jobs = [
            search.Part(
                name, work / name, records(name), name == index.primary, len(index.todo[name])
            )
            for name in index.made
        ]
        try:
            at_once = search.RECORDS_AT_ONCE_LEAN if self.lean else search.RECORDS_AT_ONCE
            search.make_parts(jobs, config.language, self.jobs, at_once)
        except search.SearchError as exc:
            raise SiteError(
                [
                    Problem(
                        config.config_name,
                        0,
                        0,
                        msg("render.search_failed", reason=str(exc)),
                        msg("render.hint_search"),
                    )
                ]
            ) from None
        parts = dict(index.parts)
        for job in jobs:
            folder = "" if job.primary else f"{job.name}/"
            files = []
            for f in sorted(job.folder.rglob("*")):
                if f.is_file():
                    rel = base + folder + f.relative_to(job.folder).as_posix()
                    new.add(rel, f, digest(f.read_bytes()))
                    files.append(rel)
            parts[job.name] = (parts[job.name][0], tuple(files))
        others = sorted(name for name in parts if name != index.primary)
        listing = work / search.PARTS_FILE
        listing.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(others).encode()
        listing.write_bytes(data)
        new.add(base + search.PARTS_FILE, listing, digest(data))
        return dataclasses.replace(index, parts=parts)

    def _records_of(
        self, pages: list[tuple[str, bytes]], tree: Path, config: SiteConfig
    ) -> list[bytes]:
        """The search records of ``pages`` (output path, record key) for one part of the index,
        read when its turn comes: kept by this build, else from the cache, else read again from
        the page in the new site (``tree``)."""
        found = {key: self._records[key] for _rel, key in pages if key in self._records}
        found.update(self.cache.get_records(key for _rel, key in pages if key not in found))
        again = []
        for rel, key in pages:
            if key in found:
                continue
            try:
                record = search.page_record(rel, (tree / rel).read_bytes(), config.language)
            except OSError:
                record = None
            if record is None or digest(record) != key:  # the page is not what was recorded
                raise SiteError(
                    [
                        Problem(
                            rel, 0, 0, msg("render.output_changed"), msg("render.hint_build_again")
                        )
                    ]
                )
            found[key] = record
            again.append((key, record))
        self.cache.put_records(again)
        return [found[key] for _rel, key in pages]

    def _told(self, phase: str, total: int) -> Callable[[int], None] | None:
        """A callback for ``parallel.run`` that reports how far ``phase`` has got."""
        progress = self.progress
        if progress is None:
            return None
        return lambda done: progress(phase, done, total)

    def _load(
        self, config: SiteConfig, sources: list[Source], vis: Visibility
    ) -> tuple[Site, list[Problem], set[str]]:
        """The linked site, its warnings, and the files that changed while they were read."""
        parse_settings = self._parse_settings(config)
        files = [
            (Path(s.path), s.rel, digest(parse_settings, s.rel.encode(), s.sha), s.sha)
            for s in sources
            if s.rel.startswith("content/")
        ]
        self._volatile = set()
        content = loader.load_content(config, files, self._parse_many)
        for rel, key in content.digests.items():
            if key in self._volatile:  # what was parsed is not what was hashed: no identity
                content.digests[rel] = os.urandom(16)
        volatile = {f[1] for f in files if f[2] in self._volatile}
        return (*_linked(config, content, self._link_memo, vis), volatile)

    def _render(
        self,
        env: Any,
        specs: list[PageSpec],
        todo: list[int],
        digester: Digester,
        staging: Path,
    ) -> tuple[dict[str, tuple[Path, bytes]], dict[int, PageRecord]]:
        """Render the pages ``todo`` into files in ``staging``."""
        config = env.globals["config"]
        language = config.language if config.search.enabled else None
        _RENDER.update(
            env=env,
            specs=specs,
            todo=todo,
            staging=staging,
            digester=digester,
            search=language,
            lock=self._render_lock,
            pid=os.getpid(),
        )
        failed: list[tuple[int, list[Problem]]] = []
        done = []
        # each part's search records go into the cache as they come, not held until the last
        # page (50 MB at 10,000 bulletins); only those the cache cannot take are kept here
        self._records = {}
        try:
            told = self._told("render", len(todo))
            for part in parallel.run(
                _render_part, len(todo), self.jobs, chunk=24, progress=told, in_order=False
            ):
                if not self.cache.put_records(part.records):
                    self._records.update(part.records)
                done += part.pages
                if part.problems:
                    failed.append((part.start, part.problems))
        finally:
            _RENDER.clear()
        if failed:
            raise SiteError([p for _, errors in sorted(failed) for p in errors])
        done.sort()  # in the order of the pages (the parts came in any order)
        staged: dict[str, tuple[Path, bytes]] = {}
        records: dict[int, PageRecord] = {}
        # the pages of a kind use the same templates and data: one tuple of names for them all
        # (17,922 pages noted 209,000 names, 12 MB, 50 of them different)
        names: dict[tuple[str, ...], tuple[str, ...]] = {}
        for i, sha, templates, attrs, key, filed, made_from in done:
            staged[urlmod.output_path(specs[i].url)] = (staging / str(i), sha)
            records[i] = PageRecord(
                made_from,
                names.setdefault(templates, templates),
                names.setdefault(attrs, attrs),
                key,
                filed,
            )
        return staged, records


QUICK_KINDS = ("bulletin", "profile", "campaign", "page")  # whose own page quick() writes


@dataclass
class _Kept:
    """What :meth:`Builder.quick` needs from the last good build: the linked site, its
    template environment, and the own page of each item, by the item's content file."""

    site: Site
    env: Any
    own: dict[str, PageSpec]
    memory: dict[bytes, tuple[Any, list[Problem]]]  # that build's parse of each file, by key

    @classmethod
    def of(
        cls,
        site: Site,
        env: Any,
        specs: list[PageSpec],
        memory: dict[bytes, tuple[Any, list[Problem]]],
    ) -> _Kept:
        own = {}
        for s in specs:
            kind = s.context.get("kind")
            if kind in QUICK_KINDS:
                own[s.context[kind].loc.path] = s
        return cls(site, env, own, memory)

    def load_templates(self) -> None:
        """Render one own page of each template, and throw it away: the first page written
        first then finds its templates compiled, as after a build."""
        first = {s.template: s for s in self.own.values()}
        for spec in first.values():
            deps.RECORDER.reset()
            try:
                render.render_page(self.env, spec)
            except SiteError:  # the build reports it
                pass

    def replace(self, item: Any) -> None:
        """Put ``item`` (new text) in place of the item of the same file, in the site and in
        its own page, so that a template that looks it up finds the new one."""
        path = item.loc.path
        spec = self.own[path]
        kind = spec.context["kind"]
        old = spec.context[kind]
        self.own[path] = render.PageSpec(
            spec.url, spec.template, {**spec.context, kind: item}, spec.owner
        )
        s = self.site
        listed, by_key = {
            "bulletin": ("bulletins", s.by_id),
            "profile": ("profiles", s.profile_by_slug),
            "campaign": ("campaigns", s.campaign_by_slug),
            "page": ("pages", s.page_by_slug),
        }[kind]
        key = old.id if kind == "bulletin" else old.slug
        if by_key.get(key) is old:
            by_key[key] = item
        setattr(s, listed, tuple(item if x is old else x for x in getattr(s, listed)))


def _write_in_place(target: Path, data: bytes) -> bool:
    """Put ``data`` in place of the file ``target`` of the output folder, through a temporary
    file renamed over it (the file there may be shared with the spare copy: never written
    into). The folder keeps its modification time: it holds the same names as before, and its
    time is what tells the next build that nothing was added or removed by hand, so that the
    spare copy stays usable. False if the disk would not take it."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.quick")
    try:
        before = os.stat(target.parent)
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except OSError:
        tmp.unlink(missing_ok=True)
        return False
    with contextlib.suppress(OSError):
        os.utime(target.parent, ns=(before.st_atime_ns, before.st_mtime_ns))
    return True


def _text_only(old: Any, new: Any) -> bool:
    """Whether ``new`` is ``old`` with another text and nothing else that another page could
    show or check: the same front matter, the same links and pictures in the text, and every
    heading a link could point at still there."""
    if type(old) is not type(new) or not dataclasses.is_dataclass(old):
        return False
    if any(
        getattr(old, f.name) != getattr(new, f.name)
        for f in dataclasses.fields(old)
        if f.name != "body"
    ):
        return False
    a, b = old.body, new.body

    def links(body: Any) -> list[tuple[str, str, str, str | None]]:
        return [(r.scheme, r.target, r.anchor, r.alt) for r in body.refs]  # where they stand aside

    return (
        links(a) == links(b) and a.images == b.images and set(a.heading_ids) <= set(b.heading_ids)
    )


def _config_rel(config: SiteConfig) -> str:
    """The settings file as the scan lists it: relative to the root, or in full when it lies
    outside (``--config``); either way it is hashed as an input of the build."""
    try:
        return config.config_file.resolve().relative_to(config.root.resolve()).as_posix()
    except ValueError:
        return str(config.config_file.resolve())


def _global_parts(site: Site, env: Any) -> bytes:
    """What every page depends on: version, configuration, interface strings, menu."""
    config = dataclasses.replace(site.config, root=Path("."))
    return repr((__version__, repr(config), sorted(env.strings.items(), key=repr))).encode() + (
        b"menu" + repr(env.globals["menu"]).encode() + repr(env.globals["brand"]).encode()
    )


def _select(
    specs: list[PageSpec], digester: Digester, manifest: Manifest | None, out: Path
) -> tuple[list[int], dict[str, FileState]]:
    """The pages to render (their indexes) and the output files to keep as they are. (Worked
    out in this process: forked workers did it in two thirds of the time, but the worker's copy
    of the memory it touched made an edit's peak at 10,000 bulletins 882 MB, against 475.)"""
    if manifest is None:
        return list(range(len(specs))), {}
    todo: list[int] = []
    kept: dict[str, FileState] = {}
    base = str(out) + os.sep
    for i, s in enumerate(specs):
        path = urlmod.output_path(s.url)
        rec = manifest.pages.get(path)
        state = manifest.outputs.get(path)
        if (
            rec is not None
            and intact(base + path, state)
            and digester.page(s.url, s.template, s.context, rec.templates, rec.attrs) == rec.digest
        ):
            kept[path] = state  # type: ignore[assignment]
        else:
            todo.append(i)
    return todo, kept


@dataclass(frozen=True)
class SearchIndex:
    """The search index of a build: its parts, and what this build does with them."""

    # part name → (digest of what it is made from, its files in output/)
    parts: dict[str, tuple[bytes, tuple[str, ...]]] = field(default_factory=dict)
    pages: int = 0  # pages it holds
    kept: Mapping[str, FileState] = field(default_factory=dict)  # files of the parts kept
    made: tuple[str, ...] = ()  # the parts this build makes
    todo: Mapping[str, list[tuple[str, bytes]]] = field(default_factory=dict)  # their records
    primary: str = ""  # the part in the bundle folder itself

    def without_made(self) -> SearchIndex:
        """The index as published when the parts this build would make are left for the next
        (``search_later``): the parts kept, nothing made."""
        parts = {name: part for name, part in self.parts.items() if name not in self.made}
        return dataclasses.replace(self, parts=parts, made=(), todo={})


def _unchanged(out: Path, manifest: Manifest) -> bool:
    """Whether ``out`` holds exactly the files the last build left, untouched: each file as
    recorded (size and time), and no file added or removed (each folder's modification time
    as recorded; where the folders are not known, the folder is listed)."""
    if not (out / MARKER).is_file():
        return False
    if manifest.folders:
        if not folders_intact(out, manifest.folders):
            return False
    elif {rel for rel, _ in output_files(out)} != manifest.outputs.keys():
        return False
    return files_intact(out, manifest.outputs)


def build(
    root: Path,
    overrides: Mapping[str, Any] | None = None,
    jobs: int | None = None,
    cache: bool = True,
    **options: Any,
) -> BuildResult:
    return Builder(root, overrides, jobs, cache, **options).build()
