"""What a reader's browser downloads for the pictures of the sample site, against the originals.

    python -m bench.images                 # a phone: 360 CSS pixels wide, 2 device pixels each
    python -m bench.images --width 1280 --dpr 1

The sample site (this repository's content/ and themes/) is built into a temporary folder. For
every page, each picture is chosen as a browser does: the ``sizes`` attribute is evaluated for
the viewport (media conditions ``(min-width: …)`` and lengths in px, rem, vw and ``calc(a - b)``),
times the device pixel ratio, and the smallest ``srcset`` candidate at least that wide is taken
(the widest when none is), the WebP ``<source>`` first. Its bytes are added up and compared with
the bytes of the original files the author uploaded, for the home page, the bulletins, and every
page of the site (each page loaded once and scrolled to the end, so lazy pictures count).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parent.parent
REM = 16.0


def _length(text: str, viewport: float) -> float:
    text = text.strip()
    m = re.fullmatch(r"calc\((.+?)\s+([-+])\s+(.+)\)", text)
    if m:
        a, b = _length(m.group(1), viewport), _length(m.group(3), viewport)
        return a - b if m.group(2) == "-" else a + b
    m = re.fullmatch(r"([\d.]+)(px|rem|em|vw)", text)
    if not m:
        raise ValueError(f"length {text!r}")
    value, unit = float(m.group(1)), m.group(2)
    return value * {"px": 1, "rem": REM, "em": REM, "vw": viewport / 100}[unit]


def slot_width(sizes: str, viewport: float) -> float:
    """The width ``sizes`` gives a picture in a viewport ``viewport`` CSS pixels wide."""
    for part in sizes.split(","):
        part = part.strip()
        m = re.fullmatch(r"\(min-width:\s*([\d.]+)(px|rem|em)\)\s+(.+)", part)
        if m:
            if viewport >= _length(m.group(1) + m.group(2), viewport):
                return _length(m.group(3), viewport)
            continue
        return _length(part, viewport)
    return viewport


def choose(srcset: str, needed: float) -> str:
    from bantin.urls import srcset_candidates

    candidates = sorted((int(w.rstrip("w")), url) for url, w in srcset_candidates(srcset))
    for width, url in candidates:
        if width >= needed:
            return url
    return candidates[-1][1]


class Pictures(HTMLParser):
    """The picture each ``<picture>``/``<img>`` of a page makes the browser fetch."""

    def __init__(self, viewport: float, dpr: float):
        super().__init__()
        self.viewport, self.dpr = viewport, dpr
        self.fetched: list[str] = []
        self.webp: str | None = None
        self.in_picture = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "picture":
            self.in_picture, self.webp = True, None
        elif tag == "source" and self.in_picture and a.get("type") == "image/webp":
            needed = slot_width(a.get("sizes") or "100vw", self.viewport) * self.dpr
            self.webp = choose(a["srcset"], needed)
        elif tag == "img":
            if self.in_picture and self.webp:
                self.fetched.append(self.webp)
            elif a.get("srcset"):
                needed = slot_width(a.get("sizes") or "100vw", self.viewport) * self.dpr
                self.fetched.append(choose(a["srcset"], needed))
            elif a.get("src"):
                self.fetched.append(a["src"])

    def handle_endtag(self, tag):
        if tag == "picture":
            self.in_picture = False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--width", type=float, default=360, help="viewport, CSS pixels")
    parser.add_argument("--dpr", type=float, default=2, help="device pixels per CSS pixel")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from bantin.config import load_config
    from bantin.pipeline import build

    work = Path(tempfile.mkdtemp(prefix="bantin-bench-images-"))
    try:
        root = work / "site"
        root.mkdir()
        for name in ("content", "themes", "site_config.yaml"):
            src = REPO / name
            (shutil.copytree if src.is_dir() else shutil.copy)(src, root / name)
        build(root)
        config = load_config(root)
        out, media = root / "output", root / "content" / "media"
        base = config.base_path + "/media/"
        widths = "|".join(map(str, config.images.widths))

        def sizes_of(urls: list[str]) -> tuple[int, int]:
            fetched = original = 0
            for url in urls:
                path = unquote(urlsplit(url).path)
                if not path.startswith(base):
                    continue
                fetched += (out / path[len(config.base_path) + 1 :]).stat().st_size
                # the original the copy was made from: same folder, same stem less "-<width>"
                rel = Path(path[len(base) :])
                stem = re.sub(rf"-({widths})$", "", rel.stem)
                source = next((media / rel.parent).glob(stem + ".*"))
                original += source.stat().st_size
            return fetched, original

        rows = []
        groups = {
            "home page": ["index.html"],
            "bulletins": sorted(
                p.relative_to(out).as_posix()
                for p in out.glob(f"{config.segments.bulletins}/*/*/index.html")
                if p.parent.parent.name.isdigit()  # /tin-tuc/2024/<slug>/, not /tin-tuc/trang/2/
            ),
            "every page": sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")),
        }
        for name, pages in groups.items():
            fetched = original = count = 0
            for rel in pages:
                parser = Pictures(args.width, args.dpr)
                parser.feed((out / rel).read_text(encoding="utf-8"))
                f, o = sizes_of(parser.fetched)
                fetched, original, count = fetched + f, original + o, count + len(parser.fetched)
            rows.append((name, len(pages), count, original, fetched))
        print(f"viewport {args.width:g} CSS px × {args.dpr:g}: pictures downloaded vs originals")
        print(
            f"{'pages':<12}{'count':>7}{'pictures':>10}{'originals':>14}{'downloaded':>14}{'saved':>8}"
        )
        for name, n, count, original, fetched in rows:
            saved = 100 * (1 - fetched / original) if original else 0
            print(
                f"{name:<12}{n:>7}{count:>10}{original / 1024:>11.0f} KB"
                f"{fetched / 1024:>11.0f} KB{saved:>7.0f}%"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
