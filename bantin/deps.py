"""What each page is built from, so that a later build re-renders exactly the pages whose
inputs changed.

While a page renders, the :class:`Recorder` notes every template it loads (its own, the ones it
extends, includes and imports) and every attribute of ``site`` its templates read (through
:class:`SiteView`). The page's digest combines:

* the global settings every page depends on (bantin version, configuration, interface strings,
  menu);
* its context: the items it shows, each standing for the hash of its source file, and the
  derived values (pagers, neighbours, related bulletins, tags…) as they are now;
* the source of each template it loaded last time;
* the value of each ``site`` attribute it read last time.

If a page's digest equals the one recorded at the last build, rendering it again would give the
same bytes (rendering is a pure function of these), so it is skipped.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

import jinja2

from .messages import msg
from .models import Bloc, Bulletin, Campaign, Page, Profile

ITEMS = (Bulletin, Profile, Campaign, Bloc, Page)
# Site methods, and the data each of them reads
METHOD_DEPS = {
    "bulletins_for": "by_id",
    "profiles_for": "profile_by_slug",
    "unit": "bloc_by_slug",
    "status_of": "status",
}


class Recorder:
    """The templates and site data the page being rendered has used."""

    def __init__(self) -> None:
        self.templates: set[str] = set()
        self.attrs: set[str] = set()

    def reset(self) -> None:
        self.templates = set()
        self.attrs = set()


RECORDER = Recorder()


class SiteView:
    """``site`` as templates see it: the real :class:`~bantin.site.Site`, with every attribute
    read noted in :data:`RECORDER`."""

    __slots__ = ("_site",)

    def __init__(self, site: Any):
        object.__setattr__(self, "_site", site)

    def __getattr__(self, name: str) -> Any:
        RECORDER.attrs.add(METHOD_DEPS.get(name, name))
        return getattr(self._site, name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(msg("load.site_read_only"))


class RecordingEnvironment(jinja2.Environment):
    """A Jinja environment that notes each template a render asks for."""

    def get_template(self, name, parent=None, globals=None):  # type: ignore[override]
        if isinstance(name, str):
            RECORDER.templates.add(self.join_path(name, parent) if parent else name)
        return super().get_template(name, parent, globals)

    def select_template(self, names, parent=None, globals=None):  # type: ignore[override]
        for n in names:
            if isinstance(n, str):
                RECORDER.templates.add(self.join_path(n, parent) if parent else n)
        return super().select_template(names, parent, globals)


def _h(*parts: bytes) -> bytes:
    h = hashlib.blake2b(digest_size=16)
    for p in parts:
        h.update(len(p).to_bytes(4, "little"))
        h.update(p)
    return h.digest()


_SCALARS = (str, int, float, bool, type(None), date, datetime, Path, Enum)


class Digester:
    """Digests of values, templates and site data for one build; memoised, so a tag or bloc
    shown on thousands of pages is hashed once."""

    def __init__(self, site: Any, env: jinja2.Environment, global_parts: bytes):
        self.site = site
        self.env = env
        self.global_digest = _h(global_parts)
        self._memo: dict[int, bytes] = {}
        self._keep: list[Any] = []  # keeps memoised objects alive, so their ids stay unique
        self._templates: dict[str, bytes] = {}
        self._attrs: dict[str, bytes] = {}

    # ------------------------------------------------------------------ values

    def value(self, v: Any) -> bytes:
        """A digest of ``v`` — or, for a plain value, its tagged repr, which is cheaper and
        just as unambiguous inside the length-prefixed digests of its containers."""
        if isinstance(v, _SCALARS):
            return type(v).__name__.encode() + b":" + repr(v).encode("utf-8", "surrogatepass")
        key = id(v)
        found = self._memo.get(key)
        if found is not None:
            return found
        d = self._compute(v)
        self._memo[key] = d
        self._keep.append(v)
        return d

    def _compute(self, v: Any) -> bytes:
        if isinstance(v, ITEMS):
            source = self.site.digests.get(v.loc.path)
            if source is not None:
                return _h(b"item", type(v).__name__.encode(), source)
        if isinstance(v, (list, tuple)):
            return _h(b"seq", *(self.value(x) for x in v))
        if isinstance(v, (set, frozenset)):
            return _h(b"set", *sorted(self.value(x) for x in v))
        if isinstance(v, Mapping):
            return _h(b"map", *(self.value(k) + self.value(x) for k, x in v.items()))
        if dataclasses.is_dataclass(v) and not isinstance(v, type):
            return _h(
                b"dc",
                type(v).__qualname__.encode(),
                *(self.value(getattr(v, f.name)) for f in dataclasses.fields(v)),
            )
        # anything else: its repr; if that is not stable the page is simply rendered again
        return _h(b"repr", type(v).__qualname__.encode(), repr(v).encode("utf-8", "replace"))

    # ------------------------------------------------------------------ templates and data

    def template(self, name: str) -> bytes:
        found = self._templates.get(name)
        if found is None:
            try:
                source, filename, _ = self.env.loader.get_source(self.env, name)  # type: ignore[union-attr]
                found = _h(b"tpl", (filename or "").encode(), source.encode("utf-8"))
            except jinja2.TemplateNotFound:
                found = _h(b"missing", name.encode())
            self._templates[name] = found
        return found

    def attr(self, name: str) -> bytes:
        found = self._attrs.get(name)
        if found is None:
            value = getattr(self.site, name, None)
            if callable(value) and not isinstance(value, type):
                found = self.all_content()  # a method we cannot see into: depend on everything
            else:
                found = self.value(value)
            self._attrs[name] = found
        return found

    def all_content(self) -> bytes:
        return _h(b"all", *(k.encode() + v for k, v in sorted(self.site.digests.items())))

    def page(
        self,
        url: str,
        template: str,
        context: Mapping[str, Any],
        templates: tuple[str, ...],
        attrs: tuple[str, ...],
    ) -> bytes:
        return _h(
            self.global_digest,
            url.encode(),
            template.encode(),
            self.value(context),
            *(n.encode() + self.template(n) for n in templates),
            *(a.encode() + self.attr(a) for a in attrs),
        )
