"""Encoder settings for the resized pictures, chosen by measurement.

    python -m bench.image_settings                # the sample site's pictures (content/media)
    python -m bench.image_settings --every 4      # every fourth picture: a quicker look
    python -m bench.image_settings --media DIR --widths 320,640,800,960,1600

Each picture is decoded and prepared as a build does it (:func:`bantin.images._decode`: turned
upright, RGB or grey, at most the widest width, never enlarged), then:

1. **resizing** — every copy made straight from the full picture (Lanczos, as before issue 17)
   against what bantin does now (:func:`bantin.images.scaled`: each width from the copy just
   wider) and the same chain with the cheaper bicubic filter: CPU seconds, and the SSIM of each
   way's copies against the straight ones;
2. **JPEG** at quality 75/80/85 with ``optimize`` and ``progressive`` on and off, and
3. **WebP** at quality 75/80/85 with ``method`` 0 to 6: for each setting, the bytes of all the
   copies, the CPU seconds spent encoding them, and the mean SSIM of each copy, decoded, against
   the picture it was encoded from.

Rows marked ``before`` are the settings bantin used before issue 17; ``bantin`` the ones it uses
now (:data:`bantin.images.JPEG_OPTIONS`, :data:`bantin.images.WEBP_METHOD` and the default
``images.quality``).

SSIM (Wang et al. 2004) on the luma channel (Pillow's ``L``, ITU-R 601 weights) over 8×8 windows
side by side (not sliding), uniform weights, C1 = (0.01·255)², C2 = (0.03·255)²; the mean over the
windows of a copy, then over the copies. It is computed with Pillow alone (``ImageMath`` on 32-bit
float pictures and ``reduce``), so the benchmark needs nothing beyond bantin's dependencies.

The pictures are spread over the cores (``--jobs``); CPU seconds are process time summed over
them, so they do not depend on how many cores ran. Standard library and Pillow only.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageMath

REPO = Path(__file__).resolve().parent.parent
QUALITIES = (75, 80, 85)
METHODS = tuple(range(7))
BEFORE_JPEG = ("JPEG", 80, True, True)  # quality, optimize, progressive
BEFORE_WEBP = ("WEBP", 80, 4)  # quality, method
C1 = (0.01 * 255) ** 2
C2 = (0.03 * 255) ** 2


def settings_rows() -> list[tuple]:
    rows: list[tuple] = []
    for q in QUALITIES:
        for optimize in (False, True):
            for progressive in (False, True):
                rows.append(("JPEG", q, optimize, progressive))
    for q in QUALITIES:
        for m in METHODS:
            rows.append(("WEBP", q, m))
    return rows


def bantin_rows() -> set[tuple]:
    from bantin import images
    from bantin.config import ImageSettings

    q = ImageSettings().quality
    opts = images.JPEG_OPTIONS
    return {
        ("JPEG", q, opts.get("optimize", False), opts.get("progressive", False)),
        ("WEBP", q, images.WEBP_METHOD),
    }


# ---------------------------------------------------------------- SSIM


class Luma:
    """A picture's luma as 32-bit floats, cut to whole 8×8 windows, with its window means."""

    def __init__(self, im: Image.Image):
        grey = im.convert("L")
        w, h = grey.width // 8 * 8, grey.height // 8 * 8
        self.x = grey.crop((0, 0, max(w, 8), max(h, 8))).convert("F")
        self.mean = self.x.reduce(8)
        self.mean_sq = _mul(self.x, self.x).reduce(8)


def _mul(a: Image.Image, b: Image.Image) -> Image.Image:
    return ImageMath.lambda_eval(lambda e: e["a"] * e["b"], a=a, b=b)


def ssim(ref: Luma, im: Image.Image) -> float:
    """Mean SSIM of ``im`` against ``ref`` (same size) over 8×8 windows."""
    y = Luma(im)
    cross = _mul(ref.x, y.x).reduce(8)

    def formula(e):
        mx, my = e["mx"], e["my"]
        vx = e["sx"] - mx * mx
        vy = e["sy"] - my * my
        cov = e["xy"] - mx * my
        return ((mx * my * 2 + C1) * (cov * 2 + C2)) / ((mx * mx + my * my + C1) * (vx + vy + C2))

    index = ImageMath.lambda_eval(
        formula, mx=ref.mean, my=y.mean, sx=ref.mean_sq, sy=y.mean_sq, xy=cross
    )
    return index.reduce(index.size).getpixel((0, 0))  # the mean over the windows


# ---------------------------------------------------------------- one picture


def _encode(im: Image.Image, row: tuple) -> tuple[bytes, float]:
    buf = BytesIO()
    start = time.process_time()
    if row[0] == "JPEG":
        _, q, optimize, progressive = row
        out = im if im.mode in ("L", "RGB") else im.convert("RGB")
        out.save(buf, "JPEG", quality=q, optimize=optimize, progressive=progressive)
    else:
        _, q, m = row
        out = im if im.mode in ("RGB", "RGBA") else im.convert("RGB")
        out.save(buf, "WEBP", quality=q, method=m)
    return buf.getvalue(), time.process_time() - start


_SETUP: dict = {}
RESIZE = (
    ("resize", "Lanczos, each from the full picture (before)"),
    ("resize", "Lanczos, each from the next wider (bantin)"),
    ("resize", "bicubic, each from the next wider"),
)


def _chain(base: Image.Image, sizes: list[tuple[int, int]], how) -> list[Image.Image]:
    out, source = [], base
    for size in reversed(sizes):
        if source.size != size:
            source = source.resize(size, how, reducing_gap=3.0)
        out.append(source)
    return out[::-1]


def measure(path: Path) -> dict:
    """Every figure for one picture: {encoder row: [bytes, cpu, ssim sum, copies, lowest ssim]}
    and {resize row: [cpu, ssim sum, copies, lowest ssim]}."""
    from bantin import images

    settings, rows = _SETUP["settings"], _SETUP["rows"]
    kind = images.kind_of(path.name)
    with images._open(path.read_bytes()) as opened:
        base, _, sizes = images._decode(opened, kind, settings)
    lanczos, bicubic = Image.Resampling.LANCZOS, Image.Resampling.BICUBIC
    start = time.process_time()
    straight = [
        base if base.size == s else base.resize(s, lanczos, reducing_gap=3.0) for s in sizes
    ]
    out: dict = {RESIZE[0]: [time.process_time() - start, 0.0, 0, 1.0]}
    start = time.process_time()
    chained = images.scaled(base, sizes)
    out[RESIZE[1]] = [time.process_time() - start, 0.0, 0, 1.0]
    start = time.process_time()
    softer = _chain(base, sizes, bicubic)
    out[RESIZE[2]] = [time.process_time() - start, 0.0, 0, 1.0]
    for row, copies in zip(RESIZE, (straight, chained, softer), strict=True):
        for a, b in zip(straight, copies, strict=True):
            score = ssim(Luma(a), b)
            out[row][1] += score
            out[row][2] += 1
            out[row][3] = min(out[row][3], score)
    for copy in chained:
        ref = Luma(copy)
        for row in rows:
            if row[0] == "JPEG" and kind != "JPEG":
                continue  # PNG and WebP pictures get no JPEG copies
            data, cpu = _encode(copy, row)
            with Image.open(BytesIO(data)) as decoded:
                score = ssim(ref, decoded)
            figures = out.setdefault(row, [0, 0.0, 0.0, 0, 1.0])
            figures[0] += len(data)
            figures[1] += cpu
            figures[2] += score
            figures[3] += 1
            figures[4] = min(figures[4], score)
    return out


def _init(settings, rows) -> None:
    _SETUP.update(settings=settings, rows=rows)


def pictures(media: Path, every: int) -> list[Path]:
    from bantin import images

    found = sorted(
        p
        for p in media.rglob("*")
        if p.is_file() and images.kind_of(p.name) in ("JPEG", "PNG", "WEBP")
    )
    return found[::every]


def run(paths: list[Path], settings, jobs: int) -> Iterator[dict]:
    rows = settings_rows()
    args = (settings, rows)
    if jobs <= 1:
        _init(*args)
        yield from map(measure, paths)
        return
    with multiprocessing.get_context().Pool(jobs, initializer=_init, initargs=args) as pool:
        yield from pool.imap(measure, paths)


# ---------------------------------------------------------------- the tables


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--media", type=Path, default=REPO / "content" / "media")
    parser.add_argument("--every", type=int, default=1, help="take every N-th picture")
    parser.add_argument("--widths", default="", help="default: images.widths of bantin")
    parser.add_argument("--jobs", type=int, default=0, help="processes (default: every core)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from bantin import parallel
    from bantin.config import ImageSettings

    settings = ImageSettings()
    if args.widths:
        settings = ImageSettings(widths=tuple(int(w) for w in args.widths.split(",")))
    paths = pictures(args.media, max(1, args.every))
    if not paths:
        print(f"no pictures under {args.media}", file=sys.stderr)
        return 1
    started = time.monotonic()
    totals: dict = {}
    for one in run(paths, settings, args.jobs or parallel.default_jobs()):
        for row, figures in one.items():
            into = totals.setdefault(row, [0] * (len(figures) - 1) + [1.0])
            for i, v in enumerate(figures[:-1]):
                into[i] += v
            into[-1] = min(into[-1], figures[-1])
    wall = time.monotonic() - started
    widths = ", ".join(map(str, settings.widths))
    copies = totals[RESIZE[0]][2]
    print(
        f"{len(paths)} pictures, {copies} copies at widths {widths} (none wider than its "
        f"picture); measured in {wall:.0f} s"
    )
    print()
    print(f"{'resizing':<48}{'CPU s':>8}{'SSIM':>9}{'lowest':>9}")
    for row in RESIZE:
        cpu, score, n, worst = totals[row]
        print(f"{row[1]:<48}{cpu:>8.2f}{score / n:>9.4f}{worst:>9.4f}")
    mine = bantin_rows()
    for fmt, head in (
        ("JPEG", f"{'JPEG':<6}{'quality':>8}{'optimize':>10}{'progr.':>8}"),
        ("WEBP", f"{'WebP':<6}{'quality':>8}{'method':>10}{'':>8}"),
    ):
        before = BEFORE_JPEG if fmt == "JPEG" else BEFORE_WEBP
        if before not in totals:  # no JPEG pictures, or no WebP copies
            continue
        ref_bytes, ref_cpu = totals[before][0], totals[before][1]
        print()
        print(f"{head}{'bytes':>12}{'':>8}{'CPU s':>8}{'':>8}{'SSIM':>9}{'lowest':>9}")
        for row, figures in totals.items():
            if row[0] != fmt:
                continue
            size, cpu, score, n, worst = figures
            if fmt == "JPEG":
                cells = f"{row[1]:>8}{'on' if row[2] else 'off':>10}{'on' if row[3] else 'off':>8}"
            else:
                cells = f"{row[1]:>8}{row[2]:>10}{'':>8}"
            marks = " ".join(
                m for m, on in (("before", row == before), ("bantin", row in mine)) if on
            )
            print(
                f"{'':<6}{cells}{size:>12,}{100 * size / ref_bytes - 100:>+7.1f}%"
                f"{cpu:>8.2f}{100 * cpu / ref_cpu - 100:>+7.0f}%"
                f"{score / n:>9.4f}{worst:>9.4f}  {marks}"
            )
    print()
    print(
        "percentages: against the 'before' row; SSIM: luma, 8×8 windows, the mean over the "
        "copies and the lowest copy's"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
