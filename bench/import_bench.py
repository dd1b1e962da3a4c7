"""How fast ``bantin import`` turns saved web pages into draft bulletins.

    python -m bench.import_bench              # 1000 saved pages
    python -m bench.import_bench --pages 200 --jobs 1

N saved pages are generated in a temporary folder: three portal layouts (a WordPress-like page
with ``og:`` meta tags, an ASP.NET/DNN-like page with a visible "Cập nhật lúc…" stamp, a Java
portal with "Ngày đăng: …" and a byline at the end), fresh Vietnamese text made from word lists
(the units, places and figures vary), one or two pictures each in the page's ``_files/`` folder.
The sample site (this repository's settings and content) is copied to the same temporary
folder and the real import (``bantin.importer.run_import``) writes into it. Printed: pages,
seconds, pages per second, the outcomes and the peak memory (RSS) of this process and of the
worker processes. Nothing is asserted: these are figures to compare.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

UNITS = [
    "Ủy ban MTTQ tỉnh",
    "Liên đoàn Lao động tỉnh",
    "Hội Nông dân tỉnh",
    "Hội Liên hiệp Phụ nữ tỉnh",
    "Hội Cựu chiến binh tỉnh",
    "Tỉnh đoàn",
    "Hội Chữ thập đỏ tỉnh",
]
EVENTS = [
    ("tổng kết công tác thi đua năm", "Hội nghị đánh giá kết quả chấm điểm, bình xét thi đua"),
    ("sơ kết 6 tháng đầu năm", "Các đơn vị báo cáo tiến độ thực hiện giao ước thi đua"),
    ("ký kết giao ước thi đua năm", "Đại diện các đơn vị thành viên ký giao ước"),
    ("phát động phong trào thi đua năm", "Khối phát động thi đua lập thành tích chào mừng"),
]
PLACES = ["hội trường tỉnh", "trụ sở Hội Nông dân", "nhà văn hóa xã Bản Lầu", "thị xã Sa Pa"]
PARTS = ["Sáng", "Chiều", "Ngày"]
BYLINES = ["Tin, ảnh: Minh Thu", "Bài và ảnh: Hà Linh", "Quang Đạt", "Nguồn: Báo Lào Cai"]


def _jpeg(seed: int) -> bytes:
    """A small real JPEG, different for each seed."""
    from io import BytesIO

    from PIL import Image

    buf = BytesIO()
    Image.new("RGB", (32, 24), (seed * 37 % 256, seed * 91 % 256, seed * 13 % 256)).save(
        buf, "JPEG"
    )
    return buf.getvalue()


def _article(rng: random.Random, i: int) -> dict:
    year = rng.choice([2019, 2020, 2021, 2022, 2023, 2024])
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    event, detail = rng.choice(EVENTS)
    units = rng.sample(UNITS, rng.randint(2, 5))
    paragraphs = [
        f"{rng.choice(PARTS)} {day}/{month}, tại {rng.choice(PLACES)}, Khối thi đua MTTQ và các "
        f"tổ chức chính trị - xã hội tỉnh tổ chức hội nghị {event} {year}.",
        f"{detail}. {units[0]} và {units[1]} được đánh giá dẫn đầu với "
        f"{rng.randint(90, 99)},{rng.randint(0, 9)} điểm; {rng.randint(5, 40)} cá nhân được "
        f"đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh.",
        *(
            f"Đại diện {u} chia sẻ kinh nghiệm triển khai {rng.randint(2, 12)} mô hình mới, "
            f"thu hút {rng.randint(100, 5000)} hội viên tham gia (bài số {i})."
            for u in units[2:]
        ),
    ]
    return {
        "title": f"Khối thi đua MTTQ {event} {year} (lần {i})",
        "date": (year, month, min(28, day + rng.randint(0, 3)), rng.randint(7, 21)),
        "paragraphs": paragraphs,
        "byline": rng.choice(BYLINES),
    }


def _page(layout: int, a: dict, files: str, pictures: list[str]) -> str:
    y, mo, d, h = a["date"]
    body = "".join(f"<p>{p}</p>\n" for p in a["paragraphs"])
    figures = "".join(
        f'<figure><img src="{files}/{name}" alt="Ảnh hội nghị"><figcaption>Quang cảnh hội nghị. '
        f"(Ảnh: Minh Thu)</figcaption></figure>\n"
        for name in pictures
    )
    if layout == 0:  # WordPress-like
        return (
            f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{a["title"]}'
            f'</title><meta property="og:title" content="{a["title"]}">'
            f'<meta property="article:published_time" '
            f'content="{y}-{mo:02}-{d:02}T{h:02}:15:00+07:00">'
            f'<meta property="og:site_name" content="Cổng thông tin MTTQ tỉnh"></head><body>'
            f'<nav><a href="/">Trang chủ</a> | <a href="/tin">Tin tức</a></nav><article>'
            f'<h1 class="entry-title">{a["title"]}</h1>{figures}{body}'
            f"<p><strong>{a['byline']}</strong></p></article>"
            f"<aside><h3>Liên kết website</h3><ul><li>Báo Lào Cai</li></ul></aside></body></html>"
        )
    if layout == 1:  # ASP.NET / DNN-like
        return (
            f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
            f'<title>{a["title"]}</title></head><body><form id="Form"><div id="dnn_ctr">'
            f'<span class="title">{a["title"]}</span><span class="date">Cập nhật lúc{h:02}:29, '
            f'Thứ Tư, {d:02}/{mo:02}/{y} (GMT+7)</span><div class="content">{body}{figures}'
            f'<p align="right"><b>{a["byline"]}</b></p></div></div>'
            f"<div>0:00 / 0:00</div></form></body></html>"
        )
    return (  # a Java portal
        f'<!doctype html><html><head><meta charset="utf-8"><title>{a["title"]} - Cổng TTĐT'
        f'</title></head><body><div class="breadcrumb">Tin tức &gt; Hoạt động khối</div>'
        f'<div class="news-detail"><h2>{a["title"]}</h2><div class="news-date">Ngày đăng: '
        f'{d:02}-{mo:02}-{y}</div><div class="news-content">{figures}{body}</div>'
        f'<div class="author">{a["byline"]}</div></div><footer>Bản quyền thuộc UBND tỉnh'
        f"</footer></body></html>"
    )


def generate(folder: Path, n: int, seed: int = 2024) -> None:
    """``n`` saved pages (``bai-0001.html`` and ``bai-0001_files/``) in ``folder``."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(1, n + 1):
        a = _article(rng, i)
        stem = f"bai-{i:04}"
        files = folder / f"{stem}_files"
        files.mkdir()
        pictures = [f"anh-{k}.jpg" for k in range(1, rng.randint(1, 2) + 1)]
        for k, name in enumerate(pictures):
            (files / name).write_bytes(_jpeg(i * 3 + k))
        html = _page(i % 3, a, f"{stem}_files", pictures)
        (folder / f"{stem}.html").write_text(html, encoding="utf-8")


def _site(dest: Path) -> Path:
    """A copy of the sample site (settings, content, templates) to import into."""
    root = dest / "site"
    root.mkdir()
    shutil.copy2(REPO / "site_config.yaml", root / "site_config.yaml")
    for name in ("content", "templates"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    return root


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kB on Linux


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000, help="saved pages (default 1000)")
    parser.add_argument("--jobs", type=int, default=0, help="processes (default: all cores)")
    parser.add_argument("--bloc", default="khoi-mttq-ctxh", help="the --bloc given")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from bantin.config import load_config
    from bantin.importer import run_import
    from bantin.parallel import default_jobs

    jobs = args.jobs or default_jobs()
    with tempfile.TemporaryDirectory(prefix="bantin-import-bench-") as tmp:
        work = Path(tmp)
        start = time.perf_counter()
        generate(work / "pages", args.pages)
        made = time.perf_counter() - start
        root = _site(work)
        config = load_config(root)
        start = time.perf_counter()
        report = run_import(
            root,
            config,
            [work / "pages"],
            bloc=args.bloc,
            into=root / "content",
            report=work / "report.csv",
            dry_run=False,
            jobs=jobs,
            progress=False,
        )
        took = time.perf_counter() - start
    counts = {s: report.count(s) for s in ("imported", "review", "already", "skipped")}
    print(f"pages generated     {args.pages} in {made:.1f} s")
    print(f"jobs                {jobs}")
    print(f"pages imported      {len(report.outcomes)}  {counts}")
    print(f"seconds             {took:.2f}")
    print(f"pages/s             {len(report.outcomes) / took:.1f}")
    print(f"peak RSS, this      {_peak_mb(resource.RUSAGE_SELF):.0f} MB")
    print(f"peak RSS, workers   {_peak_mb(resource.RUSAGE_CHILDREN):.0f} MB (the largest one)")
    skipped = [o for o in report.outcomes if o.status == "skipped"][:3]
    for o in skipped:
        print(f"  skipped: {o.source}: {o.reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
