"""The sample site in a real browser (Chromium, driven by Playwright's sync API), served over HTTP
on 127.0.0.1 under its sub-path: accessibility (axe-core), a reader's journey from page to page,
no request to another host, no horizontal scrolling on a phone, every link and resource of a
build under another sub-path, and search (Pagefind).

Slow. Needs Chromium, Playwright for Python and axe-core in ``.tools/``
(``scripts/install-test-tools.sh``): skipped without them, failed without them in CI. One
browser for the whole module, a fresh context (cookies, cache) for each test."""

from __future__ import annotations

import json
import re
from collections import Counter, deque
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urldefrag, urlsplit

import pytest
import tools
from sitefixtures import ServedSite

pytestmark = pytest.mark.slow

TIMEOUT_MS = 10_000
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


# ---------------------------------------------------------------- browser and pages


@pytest.fixture(scope="module")
def browser():
    executable = tools.chromium()
    sync_api = tools.playwright_sync()
    playwright = sync_api.sync_playwright().start()
    try:
        # headless=True adds --headless; a new temporary profile (user data dir) every launch
        args = [a for a in tools.CHROMIUM_ARGS if a != "--headless"]
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=args)
    except Exception:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()


@dataclass(repr=False)
class Watch:
    """What a page did: every request, failed responses, console errors, document loads."""

    page: object
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # "404 http://…"
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    documents: list[tuple[str, int]] = field(default_factory=list)  # (url, status)

    def __post_init__(self):
        page = self.page
        page.set_default_timeout(TIMEOUT_MS)
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("response", self._response)
        page.on("requestfailed", self._failed)
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))

    def __repr__(self) -> str:
        return f"<Watch {self.page.url}: {len(self.requests)} requests>"

    def _response(self, response):
        if response.status >= 400:
            self.failed.append(f"{response.status} {response.url}")
        if response.request.is_navigation_request() and response.frame == self.page.main_frame:
            self.documents.append((response.url, response.status))

    def _failed(self, request):
        # leaving a page before its images have loaded aborts them: no fault of the site
        if "ERR_ABORTED" not in (request.failure or ""):
            self.failed.append(f"{request.failure} {request.url}")

    def _console(self, message):
        if message.type == "error":
            where = message.location.get("url", "")
            self.errors.append(f"{message.text} ({where})" if where else message.text)

    def goto(self, url: str, wait_until: str = "load"):
        response = self.page.goto(url, wait_until=wait_until)
        assert response is not None, url
        assert response.status == 200, f"{response.status} {url}"
        return response


def new_page(browser, **options) -> Watch:
    context = browser.new_context(**options)
    return Watch(context.new_page())


@pytest.fixture
def watch(browser):
    w = new_page(browser)
    yield w
    w.page.context.close()


@pytest.fixture
def phone(browser):
    w = new_page(browser, **PHONE)
    yield w
    w.page.context.close()


@cache
def key_pages(site: ServedSite) -> dict[str, str]:
    """One site path of each kind: a bulletin that names people and campaigns and is linked from
    the home page, its bloc, a unit of that bloc, one of its people, one of its campaigns, its
    year's archive, and the search page."""
    s, u = site.site, site.site.urls
    home = (site.output / "index.html").read_text(encoding="utf-8")
    shown = {p.slug for p in s.profiles}
    candidates = [
        b
        for b in s.bulletins
        if shown & set(b.people)
        and b.campaigns
        and f'href="{site.prefix}{u.bulletin(b.year, b.slug).lstrip("/")}"' in home
    ]
    assert candidates, "the home page should link a bulletin that names people and campaigns"
    b = candidates[0]
    bloc = s.bloc_by_slug[b.bloc or s.config.default_bloc]
    return {
        "home": u.home(),
        "bulletin": u.bulletin(b.year, b.slug),
        "bloc": u.bloc(bloc.slug),
        "unit": u.unit(bloc.slug, bloc.members[0].slug),
        "profile": u.profile(next(p for p in b.people if p in shown)),
        "campaign": u.campaign(b.campaigns[0]),
        "archive": u.year(b.year),
        "search": u.search(),
        "stats": u.bloc_stats(bloc.slug),
        "stats_overview": u.stats(),
        "awards": u.awards(),
        "open_data": u.open_data(),
    }


# ---------------------------------------------------------------- accessibility (axe-core)

AXE_PAGES = [
    "home",
    "bulletin",
    "bloc",
    "unit",
    "profile",
    "campaign",
    "archive",
    "search",
    "stats",
    "stats_overview",
    "awards",
    "open_data",
]


def axe_report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"][:10]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary[:300]}")
        if len(v["nodes"]) > 10:
            lines.append(f"    … and {len(v['nodes']) - 10} more")
    return "\n".join(lines)


def assert_axe_clean(watch, url: str, kind: str) -> None:
    """axe-core finds no serious or critical violation on the page at ``url``."""
    watch.goto(url, wait_until="networkidle")
    watch.page.add_script_tag(path=str(tools.axe_js()))
    results = watch.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    if bad:
        pytest.fail(f"axe-core on {kind} ({watch.page.url}):\n" + axe_report(bad), pytrace=False)


@pytest.mark.parametrize("kind", AXE_PAGES)
def test_axe_finds_no_serious_or_critical_violations(watch, sample_site, kind):
    assert_axe_clean(watch, sample_site.url(key_pages(sample_site)[kind]), kind)


OFFICE_PAGES = ["home", "bloc", "unit", "about", "contact", "bulletins", "search", "not_found"]


def office_pages(site: ServedSite) -> dict[str, str]:
    """One path of each kind an office's new site has (it has no bulletin yet)."""
    s, u = site.site, site.site.urls
    bloc = s.blocs[0]
    return {
        "home": u.home(),
        "bloc": u.bloc(bloc.slug),
        "unit": u.unit(bloc.slug, bloc.members[-1].slug),
        "about": u.page("gioi-thieu"),
        "contact": u.page("lien-he"),
        "bulletins": u.bulletins(),
        "search": u.search(),
        "not_found": u.not_found(),
    }


@pytest.mark.parametrize("kind", OFFICE_PAGES)
def test_axe_finds_nothing_serious_on_a_site_made_by_init(watch, office_site, kind):
    assert_axe_clean(watch, office_site.url(office_pages(office_site)[kind]), kind)


# ---------------------------------------------------------------- a reader's journey


def test_a_reader_goes_from_page_to_page(watch, sample_site):
    from playwright.sync_api import expect

    pages = key_pages(sample_site)
    page = watch.page

    def link(path: str) -> str:
        return f'main a[href="{sample_site.prefix}{path.lstrip("/")}"]'

    def arrived(kind: str, path: str | None = None, *, loaded: bool = True) -> None:
        if path is not None:
            page.wait_for_url(sample_site.url(path))
        page.wait_for_load_state("load")
        if loaded:
            url, status = watch.documents[-1]
            assert (url, status) == (page.url, 200), f"{kind}: {status} {url}"
        expect(page.locator("h1")).not_to_have_count(0)
        assert watch.errors == [], f"console errors on {kind} ({page.url}): {watch.errors}"
        assert watch.failed == [], f"failed requests on {kind} ({page.url}): {watch.failed}"

    watch.goto(sample_site.url(pages["home"]))
    arrived("home")
    page.locator(link(pages["bulletin"])).first.click()
    arrived("bulletin", pages["bulletin"])
    page.locator(link(pages["bloc"])).first.click()
    arrived("bloc", pages["bloc"])
    page.go_back()
    arrived("bulletin, back", pages["bulletin"], loaded=False)  # may come from the cache
    page.locator(link(pages["profile"])).first.click()
    arrived("profile", pages["profile"])
    campaigns = sample_site.prefix + sample_site.site.urls.campaigns().lstrip("/")
    page.locator(f'main a[href^="{campaigns}"]:not([href="{campaigns}"])').first.click()
    page.wait_for_url(re.compile(re.escape(sample_site.origin + campaigns) + r".+/$"))
    arrived("campaign")


# ---------------------------------------------------------------- nothing from other hosts


@pytest.mark.parametrize("kind", AXE_PAGES)
def test_every_request_goes_to_the_test_server(watch, sample_site, kind):
    watch.goto(sample_site.url(key_pages(sample_site)[kind]), wait_until="networkidle")
    watch.page.mouse.wheel(0, 20_000)  # bring lazy images in
    watch.page.wait_for_load_state("networkidle")
    assert len(watch.requests) > 1
    foreign = sorted(
        {
            url
            for url in watch.requests
            if urlsplit(url).scheme not in ("data", "blob")
            and urlsplit(url).hostname != "127.0.0.1"
        }
    )
    assert foreign == [], "requests to other hosts:\n" + "\n".join(foreign)


# ---------------------------------------------------------------- phones

WIDEST_OFFENDER = """() => {
  const width = window.innerWidth;
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  const describe = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 5; e = e.parentElement) {
      let s = e.tagName.toLowerCase();
      if (e.id) s += '#' + e.id;
      else if (typeof e.className === 'string' && e.className.trim())
        s += '.' + e.className.trim().split(/\\s+/).join('.');
      parts.unshift(s);
    }
    return parts.join(' > ');
  };
  let worst = null;
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right > width + 0.5 && !clipped(el) && (!worst || r.right > worst.right)) {
      worst = {right: Math.round(r.right), width: Math.round(r.width), selector: describe(el),
               text: (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 80)};
    }
  }
  return {innerWidth: width, scrollWidth: document.documentElement.scrollWidth, worst};
}"""

PHONE_PAGES = [
    "home",
    "bulletin",
    "bloc",
    "profile",
    "campaign",
    "archive",
    "search",
    "stats",
    "stats_overview",
]


@pytest.mark.parametrize("kind", PHONE_PAGES)
def test_no_horizontal_scrolling_on_a_phone(phone, sample_site, kind):
    phone.goto(sample_site.url(key_pages(sample_site)[kind]), wait_until="networkidle")
    m = phone.page.evaluate(WIDEST_OFFENDER)
    assert m["scrollWidth"] <= m["innerWidth"], (
        f"{kind} scrolls sideways at {m['innerWidth']} px (content {m['scrollWidth']} px wide); "
        f"widest element: {m['worst']}"
    )


CHART_TEXT = """() => [...document.querySelectorAll('svg.chart')].map(svg => {
  const scale = svg.getScreenCTM().a;
  const sizes = [...svg.querySelectorAll('text')].map(
    t => parseFloat(getComputedStyle(t).fontSize) * scale);
  const region = svg.closest('[role=region]');
  return {id: svg.id, smallest: Math.min(...sizes), texts: sizes.length,
          region: region ? region.getAttribute('aria-label') : null,
          focusable: region ? region.tabIndex === 0 : false,
          fits: region ? region.getBoundingClientRect().right <= innerWidth : false};
})"""


def test_on_a_phone_chart_text_stays_readable_and_a_wide_chart_scrolls_in_its_region(
    phone, sample_site
):
    phone.goto(sample_site.url(key_pages(sample_site)["stats"]), wait_until="networkidle")
    charts = phone.page.evaluate(CHART_TEXT)
    assert charts, "the sample bloc's statistics page should have charts"
    for c in charts:
        assert c["texts"] > 0 and c["smallest"] >= 12, c  # 13-px text, never shrunk below 12
        assert c["region"] and c["focusable"] and c["fits"], c


# ---------------------------------------------------------------- another sub-path

COLLECT_URLS = """() => {
  const out = [];
  const add = (what, el, value) => {
    if (!value) return;
    let url = null;
    try { url = new URL(value.trim(), document.baseURI).href; } catch (e) {}
    out.push({what, raw: value, url});
  };
  for (const a of document.querySelectorAll('a[href], area[href]'))
    add('a', a, a.getAttribute('href'));
  for (const l of document.querySelectorAll('link[href]'))
    add('link[rel=' + l.getAttribute('rel') + ']', l, l.getAttribute('href'));
  for (const e of document.querySelectorAll('[src]'))
    add(e.tagName.toLowerCase() + '[src]', e, e.getAttribute('src'));
  for (const e of document.querySelectorAll('[srcset]'))
    for (const c of e.getAttribute('srcset').split(','))
      if (c.trim()) add(e.tagName.toLowerCase() + '[srcset]', e, c.trim().split(/\\s+/)[0]);
  for (const m of document.querySelectorAll('meta[property^="og:"][content^="http"]'))
    add('meta[' + m.getAttribute('property') + ']', m, m.getAttribute('content'));
  return out;
}"""

MAX_PAGES = 600


def test_every_link_and_resource_resolves_under_another_sub_path(watch, sub_path_site):
    site = sub_path_site
    prefix, origin, public = site.prefix, site.origin, site.host
    assert prefix == "/a/b/"
    start = site.url("/")
    queue, seen = deque([start]), {start}
    status: dict[str, int] = {}
    problems: list[str] = []
    crawled = 0

    def check(url: str) -> int:
        if url not in status:
            status[url] = watch.page.request.get(url, max_redirects=0).status
        return status[url]

    while queue and crawled < MAX_PAGES:
        page_url = queue.popleft()
        response = watch.page.goto(page_url, wait_until="domcontentloaded")
        crawled += 1
        status[page_url] = response.status if response else 0
        if status[page_url] != 200:
            problems.append(f"{page_url}: status {status[page_url]}")
            continue
        here = page_url[len(origin) :]
        for item in watch.page.evaluate(COLLECT_URLS):
            url, raw, what = item["url"], item["raw"], item["what"]
            if url is None:
                problems.append(f"{here}: {what} {raw!r} is not a URL")
                continue
            url = urldefrag(url).url
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https"):
                continue  # mailto:, tel:, data:
            if parts.netloc == public:  # the site's own absolute address (canonical, og:url)
                if not parts.path.startswith(prefix):
                    problems.append(f"{here}: {what} {raw} is outside {prefix}")
                continue
            if url.startswith(origin):
                if not parts.path.startswith(prefix):
                    problems.append(f"{here}: {what} {raw} is outside {prefix}")
                    continue
                code = check(url)
                if code != 200:
                    problems.append(f"{here}: {what} {raw} → {code}")
                elif what == "a" and (parts.path.endswith("/") or parts.path.endswith(".html")):
                    if url not in seen:
                        seen.add(url)
                        queue.append(url)
            elif what != "a":  # links to other sites are navigation; resources are not
                problems.append(f"{here}: {what} {raw} is on another host")
    # what the pages loaded by themselves (CSS url(), scripts' fetches)
    problems += [f"while loading: {f}" for f in watch.failed]
    problems += [
        f"requested outside {prefix}: {u}"
        for u in sorted(set(watch.requests))
        if u.startswith(origin) and not urlsplit(u).path.startswith(prefix)
    ]
    assert crawled > 50, f"only {crawled} pages reachable from the home page"
    assert not queue, f"more than {MAX_PAGES} pages: raise MAX_PAGES"
    if problems:
        problems = sorted(set(problems))
        pytest.fail(
            f"{len(problems)} problems in {crawled} pages:\n" + "\n".join(problems), pytrace=False
        )


# ---------------------------------------------------------------- search (Pagefind)

# The parts of the search page (search.js of the theme)
UI = {
    "input": "#search .search__input",
    "status": "#search .search__status",
    "result": "#search .search__result",
    "more": "#search .search__more",
}
RESULT_LINK = ".search__link"
EXCERPT = ".search__excerpt"


def search(w: Watch, site: ServedSite, query: str, expected: str):
    """Type ``query`` on the search page; wait for a result that contains ``expected``
    (case-insensitive) and return the results' locator."""
    from playwright.sync_api import expect

    w.goto(site.url(site.site.urls.search()))
    box = w.page.locator(UI["input"])
    expect(box).to_be_visible(timeout=TIMEOUT_MS)
    box.press_sequentially(query, delay=20)
    results = w.page.locator(UI["result"])
    matching = results.filter(has_text=re.compile(re.escape(expected), re.I))
    expect(matching.first).to_be_visible(timeout=TIMEOUT_MS)
    return results


def searched(w: Watch, site: ServedSite, query: str, expected: str):
    """:func:`search`, once the whole of ``query`` has been searched for (not a part typed)."""
    from playwright.sync_api import expect

    results = search(w, site, query, expected)
    expect(w.page.locator(UI["status"])).to_contain_text(f"“{query}”")
    return results


def test_search_folds_tone_marks(watch, sample_site):
    search(watch, sample_site, "nong thon moi", "nông thôn mới")
    assert watch.errors == [], watch.errors


# A word spelt with d where the text has đ: the index's folded copy, shown to a reader.
FOLDED = re.compile(r"(?<!\w)(doan|thi dua|dai hoi)(?!\w)", re.I)


def test_search_finds_d_with_stroke_and_shows_it_as_written(watch, sample_site):
    results = search(watch, sample_site, "doan", "Đoàn")
    excerpts = [t for t in results.locator(EXCERPT).all_inner_texts()]
    assert excerpts, "the results should have excerpts"
    folded = [t for t in excerpts if FOLDED.search(t)]
    assert folded == [], "excerpts show the folded spelling instead of Đoàn:\n" + "\n".join(folded)
    assert watch.errors == [], watch.errors


def test_search_finds_doan_thanh_nien_without_accents_and_never_shows_the_fold_line(
    watch, sample_site
):
    results = search(watch, sample_site, "doan thanh nien", "Đoàn")
    shown = results.all_inner_texts()
    assert not [t for t in shown if "bantinfold" in t], shown
    marked = results.locator(f"{EXCERPT} mark").all_inner_texts()
    assert any(m.lower().startswith("đoàn") for m in marked), marked
    assert watch.errors == [], watch.errors


def test_search_results_can_be_filtered_by_bloc_year_campaign_and_activity(watch, sample_site):
    from playwright.sync_api import expect

    watch.goto(sample_site.url(sample_site.site.urls.search()))
    bundle = sample_site.prefix + "tim-kiem/pagefind/pagefind.js"
    found = watch.page.evaluate(
        """async ([bundle, base]) => {
          const pf = await import(bundle);
          await pf.options({baseUrl: base});
          const all = await pf.search("doan");
          const filters = await pf.filters();
          const bloc = Object.keys(filters["Khối"])[0];
          const some = await pf.search("doan", {filters: {"Khối": bloc}});
          return {all: all.results.length, some: some.results.length, filters};
        }""",
        [bundle, sample_site.prefix],
    )
    assert set(found["filters"]) == {"Loại", "Khối", "Năm", "Phong trào", "Hoạt động"}
    site = sample_site.result.site
    kinds = {"Tin": len(site.bulletins), "Điển hình": len(site.profiles)}
    assert found["filters"]["Loại"] == {**kinds, "Phong trào": len(site.campaigns)}
    assert 0 < found["some"] < found["all"]
    # the same through the page: a group of boxes for each filter, in the theme's order
    results = search(watch, sample_site, "doan", "Đoàn")
    page = watch.page
    groups = page.locator("#search .search__group-name").all_inner_texts()
    assert groups == ["Loại", "Khối", "Năm", "Phong trào", "Hoạt động"]
    status = page.locator(UI["status"])
    expect(status).to_have_text(f"{found['all']} kết quả cho “doan”")
    expect(results).to_have_count(min(10, found["all"]))
    for group in groups:
        options = page.locator("#search .search__group").filter(has_text=group)
        counts = [int(c.strip("()")) for c in options.locator(".search__count").all_inner_texts()]
        assert sum(counts) >= found["all"] and max(counts) > 0, (group, counts)
        first = next(i for i, c in enumerate(counts) if c > 0)
        box = options.locator("input").nth(first)
        box.check()
        expect(status).to_have_text(f"{counts[first]} kết quả cho “doan”")
        if group == "Khối":
            assert counts[first] < found["all"]
        box.uncheck()
        expect(status).to_have_text(f"{found['all']} kết quả cho “doan”")
    # without words, a filter alone lists its pages
    page.locator(UI["input"]).fill("")
    page.locator(UI["input"]).press("Enter")
    expect(status).to_be_empty()
    bloc, count = next(iter(found["filters"]["Khối"].items()))
    option = page.locator("#search .search__option").filter(has=page.get_by_text(bloc, exact=True))
    option.locator("input").check()
    expect(status).to_have_text(f"{count} kết quả")
    assert watch.errors == [], watch.errors


def test_search_works_under_another_sub_path(watch, sub_path_site):
    results = search(watch, sub_path_site, "nong thon moi", "nông thôn mới")
    hrefs = results.locator(RESULT_LINK).evaluate_all("links => links.map(a => a.href)")
    assert hrefs
    outside = [h for h in hrefs if not urlsplit(h).path.startswith(sub_path_site.prefix)]
    assert outside == [], f"result links outside {sub_path_site.prefix}: {outside}"
    assert watch.failed == [], watch.failed
    assert watch.errors == [], watch.errors


def test_search_reads_the_query_from_the_address_and_loads_more(watch, sample_site):
    from playwright.sync_api import expect

    watch.goto(sample_site.url(sample_site.site.urls.search()) + "?q=doan")
    page = watch.page
    expect(page.locator(UI["input"])).to_have_value("doan")
    status = page.locator(UI["status"])
    expect(status).to_have_text(re.compile(r"^\d+ kết quả cho “doan”$"))
    total = int(status.inner_text().split()[0])
    assert total > 10
    results = page.locator(UI["result"])
    expect(results).to_have_count(10)
    page.locator(UI["more"]).click()
    expect(results).to_have_count(min(20, total))
    # the first new result has the focus, for a keyboard user
    focused = page.evaluate("document.activeElement.closest('.search__result') !== null")
    assert focused
    expect(results.nth(10).locator(RESULT_LINK)).to_be_focused()
    assert watch.errors == [], watch.errors


def test_search_with_results_and_filters_open_has_no_serious_axe_violation(watch, sample_site):
    search(watch, sample_site, "doan", "Đoàn")
    watch.page.locator("#search details:not([open]) > summary").evaluate_all(
        "summaries => summaries.forEach(s => s.click())"
    )
    watch.page.add_script_tag(path=str(tools.axe_js()))
    results = watch.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    if bad:
        pytest.fail("axe-core on the search page with results:\n" + axe_report(bad), pytrace=False)


def test_on_a_phone_search_results_come_before_the_filters_and_nothing_scrolls_sideways(
    phone, sample_site
):
    from playwright.sync_api import expect

    # the whole query searched: a result of a part typed ("do") may be replaced meanwhile
    searched(phone, sample_site, "doan", "Đoàn")
    page = phone.page
    expect(page.locator(UI["result"]).first).to_be_visible()
    results = page.locator(UI["result"]).first.bounding_box()
    filters = page.locator("#search .search__filters").bounding_box()
    assert results["y"] + results["height"] <= filters["y"], (results, filters)
    assert results["y"] < page.viewport_size["height"], "the first result is below the fold"
    page.locator("#search .search__filters > summary").click()
    m = page.evaluate(WIDEST_OFFENDER)
    assert m["scrollWidth"] <= m["innerWidth"], m


@pytest.mark.parametrize("query", ["doan", "khen thuong", "nong thon moi", "?q=khen thuong"])
def test_on_a_phone_the_first_result_shows_whole_without_scrolling(phone, sample_site, query):
    from playwright.sync_api import expect

    page = phone.page
    if query.startswith("?q="):  # sent here by a search form on another page
        phone.goto(sample_site.url(sample_site.site.urls.search()) + query)
        expect(page.locator(UI["result"]).first).to_be_visible()
    else:
        searched(phone, sample_site, query, "")
    first = page.locator(UI["result"]).first.bounding_box()
    height = page.viewport_size["height"]
    assert page.evaluate("window.scrollY") == 0
    assert 0 <= first["y"] and first["y"] + first["height"] <= height, (first, height)
    # the hint under the box made way for the results; the box itself did not move
    expect(page.locator("#search .search__hint")).to_be_hidden()
    expect(page.locator(UI["input"])).to_be_in_viewport()


# ---------------------------------------------------------------- search: look-alikes, numbers


@pytest.fixture(scope="module")
def folding_site(tmp_path_factory) -> ServedSite:
    """The minimal site with a bulletin citing "98/2023/NĐ-CP" and one written with the
    look-alike "Ðoàn" (U+00D0), built and served on 127.0.0.1."""
    from conftest import copy_site, theme_missing, write_files
    from sitefixtures import build_and_serve
    from test_search import FOLDING_BULLETINS

    if theme_missing():
        pytest.skip(theme_missing())

    root = copy_site("minimal", tmp_path_factory.mktemp("folding-search"))
    write_files(root, FOLDING_BULLETINS)
    return build_and_serve(root)


def test_a_document_number_typed_without_d_bar_finds_it(watch, folding_site):
    results = searched(watch, folding_site, "98/2023/ND-CP", "quy định mới về thi đua")
    marked = results.first.locator(f"{EXCERPT} mark").all_inner_texts()
    assert marked == ["98/2023/NĐ-CP"], marked  # shown as written, never folded
    assert watch.errors == [], watch.errors


@pytest.mark.parametrize("query", ["NĐ-CP", "ND-CP"])
def test_the_end_of_a_document_number_typed_alone_finds_it(watch, folding_site, query):
    search(watch, folding_site, query, "quy định mới về thi đua")
    assert watch.errors == [], watch.errors


@pytest.mark.parametrize("query", ["Ðoàn", "Đoàn", "doan"])
def test_text_written_with_the_look_alike_of_d_bar_is_found_as_d_bar(watch, folding_site, query):
    results = searched(watch, folding_site, query, "Tháng Thanh niên")
    marked = results.first.locator(f"{EXCERPT} mark").all_inner_texts()
    assert marked == ["Ðoàn"], marked
    assert watch.errors == [], watch.errors


@pytest.mark.parametrize("query", ["Ðoàn", "98/2023/NĐ-CP"])
def test_what_is_written_with_d_bar_is_found_by_the_look_alike_and_by_the_number(
    watch, sample_site, folding_site, query
):
    if query == "Ðoàn":  # the sample site writes Đoàn with Đ everywhere
        search(watch, sample_site, query, "Đoàn")
    else:
        search(watch, folding_site, query, "quy định mới về thi đua")
    assert watch.errors == [], watch.errors


# ---------------------------------------------------------------- search: an index in parts

# bulletins in three years, the last large enough to be cut into runs of months
PART_YEARS = {2022: 4, 2023: 4, 2024: 60}


@pytest.fixture(scope="module")
def parts_site(tmp_path_factory) -> ServedSite:
    """The minimal site with bulletins in three years and search.part_size 50: its index is in
    parts (2022, 2023, runs of months of 2024, the pages without a date), built and served."""
    from conftest import bulletin_text, copy_site, theme_missing, write_files
    from sitefixtures import build_and_serve

    if theme_missing():
        pytest.skip(theme_missing())
    root = copy_site("minimal", tmp_path_factory.mktemp("parts-search"))
    files = {}
    for year, count in PART_YEARS.items():
        for i in range(count):
            month, day = i % 12 + 1, i // 12 + 1
            files[f"content/bulletins/{year}/tin-{year}-{i:02d}.md"] = bulletin_text(
                f'title: "Tin số {i} năm {year} của khối"\n'
                f"date: {year}-{month:02d}-{day:02d}T08:00:00+07:00\n",
                f"Đoàn viên các cơ quan trong khối ra quân tháng {month} năm {year}.\n",
            )
    write_files(root, files)
    return build_and_serve(root, {"search": {"enabled": True, "part_size": 50}})


def test_a_search_finds_and_counts_in_all_parts_of_the_index(watch, parts_site):
    from playwright.sync_api import expect

    bundle = parts_site.output / "tim-kiem" / "pagefind"
    names = json.loads((bundle / "bantin-parts.json").read_text("utf-8"))
    assert {"2022", "2023", "khac"} <= set(names) and len(names) >= 4, names
    # "doan" finds "Đoàn" in every year: results and filter counts are merged over the parts
    results = searched(watch, parts_site, "doan", "Đoàn")
    page = watch.page
    status = page.locator(UI["status"])
    total = sum(PART_YEARS.values())
    expect(status).to_have_text(f"{total} kết quả cho “doan”")
    marked = results.first.locator(f"{EXCERPT} mark").all_inner_texts()
    assert marked == ["Đoàn"], marked
    years = page.locator("#search .search__group").filter(
        has=page.locator("legend").get_by_text("Năm", exact=True)
    )
    counts = {}
    for option in years.locator(".search__option").all():
        value = option.locator(".search__value").inner_text()
        counts[value] = int(option.locator(".search__count").inner_text().strip("()"))
    assert counts == {str(y): n for y, n in PART_YEARS.items()}, counts
    # a year's filter finds that year's bulletins only, from its own part
    option = years.locator(".search__option").filter(has=page.get_by_text("2022", exact=True))
    option.locator("input").check()
    expect(status).to_have_text(f"{PART_YEARS[2022]} kết quả cho “doan”")
    hrefs = results.locator(RESULT_LINK).evaluate_all("links => links.map(a => a.href)")
    assert all("/tin-tuc/2022/" in h for h in hrefs) and len(hrefs) == PART_YEARS[2022], hrefs
    requested = {urlsplit(r).path for r in watch.requests}
    for name in names:  # every part was merged
        assert any(f"/pagefind/{name}/pagefind-entry.json" in p for p in requested), name
    assert watch.failed == [], watch.failed
    assert watch.errors == [], watch.errors


def test_without_its_list_of_parts_the_search_uses_the_newest_part(browser, parts_site):
    w = new_page(browser)
    try:
        w.page.route("**/bantin-parts.json", lambda route: route.abort())
        results = search(w, parts_site, "doan", "Đoàn")
        hrefs = results.locator(RESULT_LINK).evaluate_all("links => links.map(a => a.href)")
        assert hrefs and all("/tin-tuc/2024/" in h for h in hrefs), hrefs
        # the browser's own note of the request refused; nothing went wrong in the page
        assert [e for e in w.errors if "bantin-parts.json" not in e] == [], w.errors
    finally:
        w.page.context.close()


# ---------------------------------------------------------------- search: hostile text in the index

SAFE_WORDS = "Bản tin kiểm thử an toàn"  # in every page of the hostile site
QUERY = "kiem thu an toan"
# records what a script run by the page would call instead of showing a dialog
TRAP = """
window.__called = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = function () {
    window.__called.push(name + "(" + Array.from(arguments).join(",") + ")");
  };
}
"""
# the elements the search interface is made of; anything else came from the data
UI_ELEMENTS = {"form", "label", "input", "div", "p", "ol", "li", "h2", "a", "mark", "button",
               "details", "summary", "fieldset", "legend", "span"}  # fmt: skip
INSPECT = """(root) => {
  const ui = document.querySelector(root);
  const out = {on: [], tags: [], links: [], buttons: 0, forms: 0, inputs: []};
  for (const e of document.querySelectorAll("*")) {
    for (const a of e.attributes)
      if (a.name.toLowerCase().startsWith("on")) out.on.push(e.localName + " " + a.name);
  }
  for (const e of ui.querySelectorAll("*")) {
    out.tags.push(e.localName);
    if (e.localName === "a") out.links.push(e.getAttribute("href"));
    if (e.localName === "button") out.buttons++;
    if (e.localName === "form") out.forms++;
    if (e.localName === "input") out.inputs.push(e.type);
  }
  out.scripts = Array.from(document.scripts, s => s.getAttribute("src") || "inline");
  out.values = Array.from(ui.querySelectorAll(".search__value"), e => e.textContent);
  out.text = ui.textContent;
  return out;
}"""


def hostile_files(p) -> dict[str, str]:
    """A bloc, a campaign and a bulletin whose names, title, summary, body and activity carry
    the payload ``p``."""
    from test_injection import bulletin_date, q

    t, k = q(p.text), p.key
    body = f"{SAFE_WORDS} số {k}.\n\n{p.text}\n"
    return {
        f"content/blocs/khoi-{k}.yaml": (
            f"kind: khoi\nname: {t}\nprovince: lao-cai\n"
            'members:\n  - {slug: don-vi-a, name: "Đơn vị A"}\n'
        ),
        f"content/campaigns/phong-trao-{k}.md": (
            f"---\nname: {t}\ntype: phong-trao-thi-dua\nlaunched_by: {t}\nscope: provincial\n"
            "province: lao-cai\n"
            f"summary: {t}\n---\n{body}"
        ),
        f"content/bulletins/2024/tin-{k}.md": (
            f"---\ntitle: {t}\ndate: {bulletin_date(p)}\nbloc: khoi-{k}\n"
            f"event_types: [su-kien-{k}]\ncampaigns: [phong-trao-{k}]\nsummary: {t}\n---\n{body}"
        ),
    }


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> ServedSite:
    """The minimal site with, for each payload of tests/data/payloads.yaml, a bloc, a campaign,
    an activity and a bulletin named with it; built and served on 127.0.0.1."""
    from conftest import copy_site, theme_missing, write_files
    from sitefixtures import build_and_serve
    from test_injection import PAYLOADS, q

    if theme_missing():
        pytest.skip(theme_missing())

    root = copy_site("minimal", tmp_path_factory.mktemp("hostile-search"))
    events = "".join(f"    su-kien-{p.key}: {{label: {q(p.text)}}}\n" for p in PAYLOADS)
    files = {
        "site_config.yaml": (
            'title: "Khối thi đua thử nghiệm"\n'
            'base_url: "https://example.gov.vn/khoi-thi-dua/"\n'
            f"default_bloc: khoi-thu\nvocab:\n  event_types:\n{events}"
        )
    }
    for p in PAYLOADS:
        files.update(hostile_files(p))
    write_files(root, files)
    return build_and_serve(root)


def words(text: str) -> str:
    return " ".join(text.split())


def test_hostile_text_in_the_index_is_shown_as_text_and_never_runs(browser, hostile_site):
    from playwright.sync_api import expect
    from test_injection import PAYLOADS

    site = hostile_site
    w = new_page(browser)
    page = w.page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.add_init_script(TRAP)
    try:
        w.goto(site.url(site.site.urls.search()))
        box = page.locator(UI["input"])
        expect(box).to_be_visible()
        box.press_sequentially(QUERY, delay=20)
        results = page.locator(UI["result"])
        expect(results.first).to_be_visible()
        status = page.locator(UI["status"])
        expect(status).to_contain_text("kiem thu an toan")
        everything = status.inner_text()
        # open every filter group, then tick and untick the first value of each
        page.locator("#search details:not([open]) > summary").evaluate_all(
            "summaries => summaries.forEach(s => s.click())"
        )
        boxes = page.locator("#search input[type=checkbox]")
        assert boxes.count() >= 3 * len(PAYLOADS)
        for group in page.locator("#search fieldset").all():
            first = group.locator("input[type=checkbox]").first
            first.check()
            expect(status).not_to_have_text(everything)
            first.uncheck()
            expect(status).to_have_text(everything)
        # every result, page after page
        more = page.locator(UI["more"])
        while more.is_visible():
            before = results.count()
            more.click()
            expect(results).not_to_have_count(before)
        assert results.count() == 2 * len(PAYLOADS)  # a bulletin and a campaign each
        page.wait_for_load_state("networkidle")
        found = page.evaluate(INSPECT, "#search")
        called = page.evaluate("window.__called")
    finally:
        page.context.close()
    assert dialogs == [], f"dialogs opened: {dialogs[:5]}"
    assert called == [], f"scripts from the index ran: {called[:5]}"
    assert found["on"] == [], f"event-handler attributes: {found['on'][:5]}"
    assert sorted(set(found["tags"]) - UI_ELEMENTS) == []
    assert found["forms"] == 1 and found["buttons"] == 1
    assert set(found["inputs"]) == {"search", "checkbox"} and found["inputs"].count("search") == 1
    assert all(h.startswith(site.prefix) for h in found["links"]), found["links"][:5]
    assert [s for s in found["scripts"] if "/static/" not in s] == []
    assert [r for r in w.requests if urlsplit(r).hostname != "127.0.0.1"] == []
    assert w.failed == [], w.failed
    assert w.errors == [], w.errors
    # each payload is shown as typed: as a result's title, and as a bloc, a campaign and an
    # activity among the filters
    shown = words(found["text"])
    hidden = [p.name for p in PAYLOADS if words(p.shown) not in shown]
    assert hidden == [], f"payloads not shown as text: {hidden}"
    values = Counter(words(v) for v in found["values"])
    not_values = [p.name for p in PAYLOADS if values[words(p.shown)] < 3]
    assert not_values == [], f"payloads not shown as filter values: {not_values}"
