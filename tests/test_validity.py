"""Every page of the sample site is valid HTML (the Nu HTML Checker finds no error), and no page
loads anything from another host. Slow: builds the whole sample site; the Nu checker needs Java
and ``.tools/`` (``scripts/install-test-tools.sh``)."""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import tools
from sitefixtures import ServedSite

from bantin.linkcheck import srcset_urls

pytestmark = pytest.mark.slow


# ---------------------------------------------------------------- the Nu HTML Checker


def nu_errors(output: Path) -> list[str]:
    """The Nu checker's errors over every HTML file under ``output``, as ``file:line: message``."""
    java, jar = tools.java(), tools.vnu_jar()
    proc = subprocess.run(
        [
            java,
            "-jar",
            str(jar),
            "--skip-non-html",
            "--errors-only",
            "--format",
            "json",
            str(output),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    try:
        report = json.loads(proc.stderr or proc.stdout)  # the JSON report goes to stderr
    except json.JSONDecodeError:
        pytest.fail(f"the Nu checker failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    errors = []
    for m in report.get("messages", []):
        if m.get("type") == "info":
            continue
        url = m.get("url", "")
        path = unquote(urlsplit(url).path) if url.startswith("file:") else url
        try:
            path = Path(path).relative_to(output).as_posix()
        except ValueError:
            pass
        line = m.get("lastLine", m.get("firstLine", 0))
        kind = "" if m.get("type") == "error" else f"[{m.get('type')}/{m.get('subType', '')}] "
        errors.append(f"{path}:{line}: {kind}{m.get('message', '')}")
    if not errors and proc.returncode not in (0, 1):
        pytest.fail(f"the Nu checker failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    return errors


def test_every_page_is_valid_html(sample_site: ServedSite):
    pages = sample_site.html_files()
    assert len(pages) > 50, "the sample site should have many pages"
    errors = nu_errors(sample_site.output)
    if errors:
        pytest.fail(f"{len(errors)} Nu HTML Checker errors:\n" + "\n".join(errors), pytrace=False)


def test_every_page_of_a_site_made_by_init_is_valid_html(office_site: ServedSite):
    pages = office_site.html_files()
    assert len(pages) > 5, "the office's site should have its home, bloc, unit and pages"
    errors = nu_errors(office_site.output)
    if errors:
        pytest.fail(f"{len(errors)} Nu HTML Checker errors:\n" + "\n".join(errors), pytrace=False)


# ---------------------------------------------------------------- nothing from other hosts

# <link rel=…> values that make the browser fetch the href.
FETCHING_RELS = {
    "stylesheet",
    "icon",
    "apple-touch-icon",
    "mask-icon",
    "preload",
    "modulepreload",
    "prefetch",
    "manifest",
}
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", re.I)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?(['"]?)([^'")\s;]+)\1""", re.I)


def css_urls(text: str) -> list[str]:
    return [m[2] for m in CSS_URL.finditer(text)] + [m[2] for m in CSS_IMPORT.finditer(text)]


class _Resources(HTMLParser):
    """Every URL a page makes the browser fetch by itself, with its line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []  # (line, what, url)
        self._in_style = False

    def _add(self, what: str, url: str | None) -> None:
        if url:
            self.found.append((self.getpos()[0], what, url.strip()))

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        for name in ("src", "poster"):
            if name in a:
                self._add(f"<{tag} {name}>", a[name])
        if tag == "object" and "data" in a:
            self._add("<object data>", a["data"])
        if "srcset" in a:
            for url in srcset_urls(a["srcset"]):
                self._add(f"<{tag} srcset>", url)
        if tag == "link" and FETCHING_RELS & set(a.get("rel", "").lower().split()):
            self._add(f"<link rel={a.get('rel')}>", a.get("href"))
        if "style" in a:
            for url in css_urls(a["style"]):
                self._add(f"<{tag} style>", url)
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            for url in css_urls(data):
                self._add("<style>", url)


def foreign(url: str, host: str) -> bool:
    """Does ``url`` point at a host other than ``host``? (Relative URLs and data: do not.)"""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return False
    return bool(parts.netloc) and parts.netloc.lower() != host.lower()


def test_no_page_loads_anything_from_another_host(sample_site: ServedSite):
    host, out = sample_site.host, sample_site.output
    offending, checked = [], 0
    for path in sample_site.html_files():
        parser = _Resources()
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
        for line, what, url in parser.found:
            checked += 1
            if foreign(url, host):
                offending.append(f"{path.relative_to(out)}:{line}: {what} {url}")
    for path in sorted(out.rglob("*.css")):
        text = path.read_text(encoding="utf-8")
        for url in css_urls(text):
            checked += 1
            if foreign(url, host):
                line = text[: text.find(url)].count("\n") + 1
                offending.append(f"{path.relative_to(out)}:{line}: css {url}")
    assert checked > 0
    if offending:
        pytest.fail("resources from other hosts:\n" + "\n".join(offending), pytrace=False)


@pytest.mark.parametrize(
    ("url", "is_foreign"),
    [
        ("/khoi-thi-dua/static/css/site.css", False),
        ("../media/a.jpg", False),
        ("https://example.gov.vn/khoi-thi-dua/a.jpg", False),
        ("data:image/svg+xml,%3Csvg%3E", False),
        ("https://fonts.googleapis.com/css?family=Roboto", True),
        ("//cdn.example.com/x.js", True),
    ],
)
def test_foreign_tells_other_hosts(url, is_foreign):
    assert foreign(url, "example.gov.vn") is is_foreign


def test_the_resource_scan_finds_every_kind():
    parser = _Resources()
    parser.feed(
        '<link rel="stylesheet" href="//a.test/s.css"><link rel="canonical" href="//b.test/">'
        '<img src="/i.jpg" srcset="/i-480.webp 480w, https://c.test/i.webp 960w">'
        '<script src="https://d.test/x.js"></script>'
        "<div style=\"background:url('//e.test/b.png')\">"
        "<style>@import 'https://f.test/i.css'; a{background:url(g.png)}</style>"
        "<a href='//h.test/'>"
    )
    urls = [url for _, _, url in parser.found]
    assert urls == [
        "//a.test/s.css",
        "/i.jpg",
        "/i-480.webp",
        "https://c.test/i.webp",
        "https://d.test/x.js",
        "//e.test/b.png",
        "g.png",
        "https://f.test/i.css",
    ]


# ---------------------------------------------------------------- the tools helper


def test_a_missing_tool_skips_locally_and_fails_in_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"run scripts/install-test-tools\.sh"):
        tools.missing("the Frobnicator")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="the Frobnicator not found"):
        tools.missing("the Frobnicator")
