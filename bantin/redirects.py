"""Old addresses keep working: ``redirect_from`` read, checked and published.

An item's ``redirect_from`` lists the addresses its article had on the office's old portal: a
path from the root of the host (``/tin-tuc/hoi-nghi-123.html``, ``/Default.aspx?tabid=5&ItemID=12``,
``/?p=123``) or a full URL on the site's own host or on a host of ``old_domains`` (the hosts
that will point at this site). :func:`old_address` reads one (the loader checks each); the
build then publishes, for every old address:

* an HTML page at the old path where a static host serves that path from a file (a folder's
  ``index.html``, an ``.html``/``.htm`` file): ``meta refresh`` to the new page,
  ``rel=canonical``, ``noindex`` and a link to follow by hand (:func:`stub_url`);
* a line in each redirect map, for hosts that answer with a real 301: ``_redirects``
  (Netlify, Cloudflare Pages), ``.htaccess`` (Apache mod_rewrite) and ``nginx-redirects.conf``
  (a ``map`` to include). An address with a query string, or ending in ``.aspx``, ``.php``…,
  cannot be a static file: it has map lines only.

``bantin serve`` reads ``_redirects`` back (:func:`read_netlify`, :func:`find`) and answers the
old addresses with a 301, as a configured host would.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from .config import SiteConfig
from .errors import Loc
from .messages import Msg, msg
from .text import printable
from .urls import unsafe_path

# the files the build writes in the output folder's root when the site has redirects
NETLIFY_FILE = "_redirects"
APACHE_FILE = ".htaccess"
NGINX_FILE = "nginx-redirects.conf"
MAP_FILES = (NETLIFY_FILE, APACHE_FILE, NGINX_FILE)

# what a path and a query string keep as they are when made into the form a browser sends
_PATH_SAFE = "/%:@!$&'()*+,;=~-._"
_QUERY_SAFE = "/?%:@!$&'()*+,;=~-._"
# the file names a static host serves as a web page
_PAGE_SUFFIXES = (".html", ".htm")


@dataclass(frozen=True)
class OldAddress:
    """An old address as a browser sends it: the path and the query string, percent-encoded."""

    path: str
    query: str = ""

    def __str__(self) -> str:
        return self.path + ("?" + self.query if self.query else "")


@dataclass(frozen=True)
class BadAddress:
    """Why a ``redirect_from`` value cannot be used: the message and what to do."""

    message: Msg
    hint: Msg


@dataclass(frozen=True)
class Redirect:
    """One old address of a page of the site."""

    old: OldAddress
    target: str  # the new page's site path (/tin-tuc/2019/slug/), without the base_url path
    title: str  # the new page's title, for the link on the HTML page
    owner: str  # the content file that names the old address
    loc: Loc  # where it names it


def hosts(config: SiteConfig) -> list[str]:
    """The hosts whose addresses ``redirect_from`` may name: the site's, then old_domains'."""
    own = urlsplit(config.base_url).netloc.lower()
    return list(dict.fromkeys([own, *(h.lower() for h in config.old_domains)]))


def old_address(value: str, config: SiteConfig) -> OldAddress | BadAddress:
    """``value`` (a ``redirect_from`` entry) as the address a browser asks for, or why not.
    A fragment (``#binh-luan``) is never sent by a browser, so it is left out."""
    text = value.strip()
    shown = printable(text if len(text) <= 200 else text[:200] + "…")
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        if "\0" in text:
            return _unsafe(shown, msg("load.path_reason.nul"))
        return _unsafe(shown, msg("load.path_reason.control"))
    if text.startswith("/") and not text.startswith("//"):
        parts = urlsplit(text)
    else:
        try:
            parts = urlsplit(text)
            host = (parts.netloc.rsplit("@", 1)[-1]).lower()
        except ValueError:
            parts, host = None, ""
        if parts is None or parts.scheme.lower() not in ("http", "https") or not host:
            return BadAddress(
                msg("load.redirect_not_address", value=shown), msg("load.hint_redirect_address")
            )
        known = hosts(config)
        if host not in known and host.split(":")[0] not in known:
            return BadAddress(
                msg("load.redirect_foreign_host", value=shown, host=host, hosts=", ".join(known)),
                msg("load.hint_redirect_foreign_host", host=host),
            )
    path = quote(parts.path or "/", safe=_PATH_SAFE)
    reason = _path_reason(path)
    if reason is not None:
        return _unsafe(shown, reason)
    return OldAddress(path, quote(parts.query, safe=_QUERY_SAFE))


def _unsafe(shown: str, reason: Msg) -> BadAddress:
    return BadAddress(
        msg("load.redirect_unsafe", value=shown, reason=reason), msg("load.hint_redirect_unsafe")
    )


def _path_reason(path: str) -> Msg | None:
    """Why ``path`` (from the root, percent-encoded) could not be an old address a static host
    serves: ``..`` or ``.`` (a browser never sends them), an empty folder name, a backslash."""
    inner = path[1:].removesuffix("/")
    if not inner:
        return None  # the root: "/" with a query string (/?p=123)
    reason = unsafe_path(inner)
    if reason is not None:
        return reason
    if "." in unquote(inner).split("/"):
        return msg("load.path_reason.dot")
    return None


def check_item(item: object, config: SiteConfig) -> list[tuple[Loc, BadAddress]]:
    """The ``redirect_from`` entries of ``item`` that cannot be used, with where each is."""
    found = []
    for i, value in enumerate(getattr(item, "redirect_from", ())):
        read = old_address(value, config)
        if isinstance(read, BadAddress):
            pos = item.pos  # type: ignore[attr-defined]
            found.append((pos.get(f"redirect_from[{i}]") or pos.get("redirect_from"), read))
    return found


def item_redirects(item: object, target: str, title: str, config: SiteConfig) -> list[Redirect]:
    """The redirects ``item`` (published at ``target``) asks for, each old address once."""
    out: dict[OldAddress, Redirect] = {}
    pos = item.pos  # type: ignore[attr-defined]
    for i, value in enumerate(getattr(item, "redirect_from", ())):
        read = old_address(value, config)
        if isinstance(read, OldAddress) and read not in out:
            loc = pos.get(f"redirect_from[{i}]") or pos.get("redirect_from") or item.loc  # type: ignore[attr-defined]
            out[read] = Redirect(read, target, title, loc.path, loc)
    return list(out.values())


# ---------------------------------------------------------------- where an old address lands


def site_path(old: OldAddress, config: SiteConfig) -> str | None:
    """The old path as a path of the site (without the base_url path), or None when it lies
    outside the site's folder on the host (then no file of the site can answer it)."""
    base = quote(config.base_path, safe=_PATH_SAFE)
    if not base:
        return old.path
    if old.path == base or old.path.startswith(base + "/"):
        return old.path[len(base) :] or "/"
    return None


def stub_url(old: OldAddress, config: SiteConfig) -> str | None:
    """The site path of the HTML page that answers ``old`` on a static host, or None when no
    file can: a query string, an address outside the site's folder, or a name a static host
    does not serve as a page (``.aspx``, ``.php``…). A folder (``/2019/05/bai/``) and a name
    without an extension (``/tin-tuc/bai``) are a folder's ``index.html``; ``.html`` and
    ``.htm`` are that file."""
    if old.query:
        return None
    path = site_path(old, config)
    if path is None or path.endswith("/"):
        return path
    name = unquote(path.rsplit("/", 1)[-1])
    if name.lower().endswith(_PAGE_SUFFIXES):
        return path
    if "." not in name:
        return path + "/"
    return None


def claimed_url(old: OldAddress, config: SiteConfig) -> str | None:
    """The site path whose file would answer ``old`` without a redirect map: its HTML page, or
    for a name such as ``/robots.txt`` that file itself; None for an address with a query."""
    if old.query:
        return None
    return stub_url(old, config) or site_path(old, config)


# ---------------------------------------------------------------- the redirect maps


def _by_address(redirects: Iterable[Redirect]) -> list[Redirect]:
    return sorted(redirects, key=lambda r: (r.old.path, r.old.query, r.target))


def netlify(redirects: Iterable[Redirect], href: Mapping[str, str]) -> str:
    """``_redirects`` for Netlify and Cloudflare Pages: ``/old /new/ 301``; an address with a
    query string as Netlify matches one, ``/Default.aspx tabid=5 ItemID=12 /new/ 301``
    (Cloudflare Pages ignores those lines). ``href`` gives each target's address."""
    lines = [
        "# Redirects from old addresses, written by bantin build.",
        "# Netlify and Cloudflare Pages read this file as it is.",
    ]
    for r in _by_address(redirects):
        params = [p for p in r.old.query.split("&") if p]
        if any("=" not in p for p in params):
            lines.append(f"# {r.old} {href[r.target]} (Netlify matches only key=value)")
            continue
        lines.append(" ".join([r.old.path, *params, href[r.target], "301"]))
    return "\n".join(lines) + "\n"


def _apache_quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def apache(redirects: Iterable[Redirect], href: Mapping[str, str]) -> str:
    """``.htaccess`` for Apache: mod_rewrite rules matching the whole path (``REQUEST_URI``,
    which Apache decodes) and, for an address with one, the exact query string."""
    lines = [
        "# Redirects from old addresses, written by bantin build.",
        "# Apache: needs mod_rewrite, and AllowOverride FileInfo (or All) for this folder.",
        "<IfModule mod_rewrite.c>",
        "RewriteEngine On",
    ]
    for r in _by_address(redirects):
        lines.append("")
        lines.append(f"RewriteCond %{{REQUEST_URI}} {_apache_quoted('=' + unquote(r.old.path))}")
        if r.old.query:
            lines.append(f"RewriteCond %{{QUERY_STRING}} {_apache_quoted('=' + r.old.query)}")
        lines.append(f"RewriteRule ^ {_apache_quoted(href[r.target])} [R=301,L,NE,QSD]")
    lines.append("</IfModule>")
    return "\n".join(lines) + "\n"


def _nginx_quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$") + '"'


def nginx(redirects: Iterable[Redirect], href: Mapping[str, str]) -> str:
    """``nginx-redirects.conf``: a ``map`` from ``$request_uri`` (path and query as sent) to
    the new address, and how to include it."""
    lines = [
        "# Redirects from old addresses, written by bantin build.",
        "# nginx: include this file in the http { } block,",
        "#     include /path/to/output/nginx-redirects.conf;",
        "# and answer in the site's server { } block:",
        "#     if ($bantin_redirect) { return 301 $bantin_redirect; }",
        "map $request_uri $bantin_redirect {",
        '    default "";',
    ]
    for r in _by_address(redirects):
        lines.append(f"    {_nginx_quoted(str(r.old))} {_nginx_quoted(href[r.target])};")
    lines.append("}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- the preview's 301s

Table = dict[tuple[str, tuple[tuple[str, str], ...]], str]


def _params(query: str) -> tuple[tuple[str, str], ...]:
    pairs = (p.partition("=") for p in query.split("&") if p)
    return tuple(sorted((k, v) for k, _, v in pairs))


def read_netlify(text: str) -> Table:
    """The rules of a ``_redirects`` file bantin wrote: (path, query parameters) → address."""
    table: Table = {}
    for line in text.splitlines():
        words = line.split()
        if len(words) < 3 or words[0].startswith("#") or words[-1] != "301":
            continue
        path, params, target = words[0], words[1:-2], words[-2]
        table.setdefault((path, _params("&".join(params))), target)
    return table


def find(table: Table, path: str, query: str) -> str | None:
    """The new address of a request for ``path`` (as sent) with ``query``, or None."""
    return table.get((quote(path, safe=_PATH_SAFE), _params(query)))
