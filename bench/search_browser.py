"""How fast a reader's search answers in a real browser: one index against the index in parts.

Builds the benchmark corpus twice — once with the search index in parts (the site's
``search.part_size``, default 500) and once as a single index (``part_size`` larger than the
site) — serves each output folder on loopback, and opens the search page in Chromium (the
system's, through Playwright) with the query in its address. It times, for each query, the
moment the first result is shown after the page starts loading, and counts the requests and
bytes the search made, on an unthrottled connection and on a slow mobile one (Chromium's
network emulation: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up). Each measurement is made
in a fresh browser context (an empty cache). Nothing is asserted; it prints a table.

    python -m bench.search_browser                 # N = 1000
    python -m bench.search_browser --sizes 1000,10000 --repeat 3

Needs Chromium (``scripts/install-test-tools.sh`` or ``BANTIN_CHROMIUM``) and Playwright
(``pip install -e '.[test]'``).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
QUERIES = ("thi dua", "doan thanh nien", "khen thuong", "nong thon moi")
SLOW = {"latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
SINGLE = 10_000_000  # a part size no benchmark site reaches: one index


def chromium() -> str:
    for candidate in (os.environ.get("BANTIN_CHROMIUM"), "/usr/bin/chromium"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which("chromium")
    if not found:
        sys.exit("Chromium not found: run scripts/install-test-tools.sh or set BANTIN_CHROMIUM")
    return found


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 - as the base class declares it
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".json": "application/json",
        ".pagefind": "application/octet-stream",
        ".pf_meta": "application/octet-stream",
        ".pf_index": "application/octet-stream",
        ".pf_fragment": "application/octet-stream",
        ".pf_filter": "application/octet-stream",
    }

    def log_message(self, *args: object) -> None:
        pass


def serve(folder: Path, prefix: str) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``folder`` at ``http://127.0.0.1:PORT{prefix}`` (a symlink gives the prefix)."""
    root = folder.parent / f"served-{folder.name}"
    shutil.rmtree(root, ignore_errors=True)
    (root / prefix.strip("/")).parent.mkdir(parents=True, exist_ok=True)
    (root / prefix.strip("/")).symlink_to(folder.resolve(), target_is_directory=True)
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


def build(project: Path, part_size: int) -> float:
    config = project / "site_config.yaml"
    text = config.read_text("utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("# bench-search")]
    text = "\n".join(lines) + f"\n# bench-search\nsearch:\n  part_size: {part_size}\n"
    if "\nsearch:" in "\n" + "\n".join(lines):
        sys.exit(f"{config} already has a search: section; use a fresh corpus")
    config.write_text(text, "utf-8")
    shutil.rmtree(project / "output", ignore_errors=True)
    shutil.rmtree(project / ".cache", ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, str(REPO / "build.py"), "--quiet"], cwd=project, check=True)
    return time.perf_counter() - start


def measure(browser, url: str, query: str, slow: bool) -> tuple[float, int, int]:
    """Milliseconds from navigation to the first result, requests and bytes of the search."""
    context = browser.new_context()
    page = context.new_page()
    counted = {"requests": 0, "bytes": 0}

    def finished(request) -> None:
        if "/pagefind/" in request.url:
            counted["requests"] += 1
            sizes = request.sizes()
            counted["bytes"] += sizes.get("responseBodySize", 0) + sizes.get(
                "responseHeadersSize", 0
            )

    page.on("requestfinished", finished)
    if slow:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {"offline": False, **SLOW})
    start = time.perf_counter()
    page.goto(f"{url}tim-kiem/?q={query.replace(' ', '+')}", wait_until="commit")
    page.wait_for_selector("#search .search__result", timeout=120_000)
    took = (time.perf_counter() - start) * 1000
    page.wait_for_timeout(300)  # the excerpts of the first page of results
    context.close()
    return took, counted["requests"], counted["bytes"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000", help="corpus sizes, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=REPO / ".bench" / "search-browser")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from bench import corpus

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), headless=True)
        for n in (int(s) for s in args.sizes.split(",")):
            for label, size in (("in parts", None), ("one index", SINGLE)):
                project = args.work / f"n{n}-{'single' if size else 'parts'}"
                shutil.rmtree(project, ignore_errors=True)
                corpus.generate(project, n)
                seconds = build(project, size or 500)
                parts = project / "output" / "tim-kiem" / "pagefind" / "bantin-parts.json"
                count = 1 + (len(json.loads(parts.read_text("utf-8"))) if parts.exists() else 0)
                server, url = serve(project / "output", corpus.BASE_PATH + "/")
                try:
                    for slow in (False, True):
                        times, requests, sizes = [], [], []
                        for _ in range(args.repeat):
                            for q in QUERIES:
                                ms, r, b = measure(browser, url, q, slow)
                                times.append(ms)
                                requests.append(r)
                                sizes.append(b)
                        rows.append(
                            (
                                n,
                                label,
                                count,
                                "slow 3G" if slow else "loopback",
                                statistics.median(times),
                                max(times),
                                statistics.median(requests),
                                statistics.median(sizes) / 1024,
                                seconds,
                            )
                        )
                        print(*rows[-1], flush=True)
                finally:
                    server.shutdown()
        browser.close()
    print()
    print(
        "| N | index | parts | network | first result, median ms | worst ms | requests | KiB"
        " | build s |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for n, label, count, net, med, worst, req, kib, secs in rows:
        print(
            f"| {n:,} | {label} | {count} | {net} | {med:.0f} | {worst:.0f} | {req:.0f}"
            f" | {kib:.0f} | {secs:.1f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
