#!/usr/bin/env python3
"""Draw the sample illustrations that the sample content refers to.

The list of images comes from the content itself: every ``media/...`` path in a Markdown
body and every ``src:`` value in front matter (``content/**/*.md``) or in YAML data files
(``content/**/*.yaml``). Each missing image is drawn as a flat, abstract illustration and
written under ``content/media/`` as a progressive JPEG:

* ``people/<slug>.jpg``: a portrait silhouette, 800x1000;
* everything else: a scene (meeting hall, signing table, sports court, relief convoy,
  heritage trip, handover), 1600x1000.

The drawing is deterministic: the scene and its colours are chosen from the file name, and
any variation comes from a ``random.Random`` seeded with a hash of that name. Running the
script twice writes the same bytes. A file that already exists is left alone when it has the
same bytes, and also when it differs (it may be a real photo) unless ``--force`` is given.

No network, no external fonts, Pillow only. Usage::

    python3 scripts/make_sample_images.py [--content DIR] [--force] [--check]

``--check`` only lists missing images and exits 1 if there are any.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import random
import re
import sys
import unicodedata
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
SCENE_SIZE = (1600, 1000)
PORTRAIT_SIZE = (800, 1000)
JPEG_OPTIONS = {"quality": 78, "progressive": True, "optimize": True}
IMAGE_EXTS = (".jpg", ".jpeg")

# Body references: ![alt](media/2024/x.jpg) or [text](media/...); stop at ) or whitespace.
BODY_MEDIA = re.compile(r"(?:!\[([^\]]*)\]|\])\(\s*(media/[^)\s#?]+)")
# Front matter: "src: path" in block or flow style, optionally quoted.
SRC_VALUE = re.compile(r"""(?:^|[\s{,])src:\s*["']?([^"',}\s]+)""", re.MULTILINE)
# The alt text that follows a src in front matter (block or flow style).
ALT_AFTER = re.compile(r'^[\s,]*alt:\s*"([^"]*)"')

# ---------------------------------------------------------------- palettes

RED = (200, 32, 38)
YELLOW = (250, 214, 60)
PALETTES = [
    # wall, floor, accent, stage, banner
    {
        "wall": (236, 228, 214),
        "floor": (170, 120, 86),
        "accent": (36, 84, 140),
        "stage": (168, 28, 36),
        "banner": (30, 64, 120),
    },
    {
        "wall": (226, 234, 240),
        "floor": (122, 94, 72),
        "accent": (18, 110, 100),
        "stage": (150, 30, 40),
        "banner": (176, 34, 40),
    },
    {
        "wall": (240, 232, 222),
        "floor": (150, 104, 70),
        "accent": (120, 60, 130),
        "stage": (184, 40, 40),
        "banner": (22, 92, 140),
    },
    {
        "wall": (232, 238, 226),
        "floor": (136, 110, 80),
        "accent": (200, 110, 30),
        "stage": (160, 26, 34),
        "banner": (40, 110, 70),
    },
]
SHIRTS = [
    (245, 245, 245),
    (40, 60, 110),
    (90, 90, 100),
    (30, 110, 80),
    (180, 40, 50),
    (230, 200, 120),
    (70, 120, 170),
]
HAIR = [(28, 24, 22), (40, 32, 28), (55, 45, 38), (20, 20, 24)]
SKIN = [(232, 196, 160), (214, 172, 132), (196, 150, 112), (226, 186, 150)]


def seed_for(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big")


# ---------------------------------------------------------------- finding references


def split_front_matter(text: str) -> tuple[str, str]:
    if text.startswith("---"):
        parts = text.split("\n---", 2)
        if len(parts) >= 2:
            head = parts[0][3:]
            rest = text[len(parts[0]) + 4 :]
            return head, rest
    return "", text


def referenced_images(content: Path) -> dict[str, str]:
    """Every image the content refers to, relative to content/media, with an alt text."""
    found: dict[str, str] = {}

    def add(rel: str, alt: str) -> None:
        if rel.lower().endswith(IMAGE_EXTS) and not found.get(rel):
            found[rel] = alt

    for path in sorted(content.rglob("*.md")) + sorted(content.rglob("*.yaml")):
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
        head, body = split_front_matter(text) if path.suffix == ".md" else (text, "")
        for m in SRC_VALUE.finditer(head):
            rest = head[m.end() :].lstrip("\"'")
            a = ALT_AFTER.match(rest)
            if not a:  # block style: alt on the next line
                a = re.match(r'\s*\n\s*alt:\s*"([^"]*)"', rest)
            add(m.group(1), a.group(1) if a else "")
        for m in BODY_MEDIA.finditer(body):
            add(m.group(2)[len("media/") :], m.group(1) or "")
    return dict(sorted(found.items()))


def profile_gender(content: Path, slug: str) -> str | None:
    path = content / "profiles" / f"{slug}.md"
    if not path.exists():
        return None
    m = re.search(r"^gender:\s*(\w+)", path.read_text(encoding="utf-8"), re.MULTILINE)
    return m.group(1) if m else None


# ---------------------------------------------------------------- drawing helpers


def star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, fill) -> None:
    import math

    pts = []
    for i in range(10):
        ang = -math.pi / 2 + i * math.pi / 5
        rad = r if i % 2 == 0 else r * 0.382
        pts.append((cx + rad * math.cos(ang), cy + rad * math.sin(ang)))
    draw.polygon(pts, fill=fill)


def flag(draw, x, y, w, pole=True, wave=0):
    """A red flag with a yellow star, top-left corner at (x, y)."""
    h = w * 2 / 3
    if pole:
        draw.rectangle([x - 6, y - 10, x, y + h * 2.4], fill=(120, 110, 100))
    pts = [(x, y), (x + w, y + wave), (x + w, y + h + wave), (x, y + h)]
    draw.polygon(pts, fill=RED)
    star(draw, x + w / 2, y + h / 2 + wave / 2, h * 0.3, YELLOW)


def person_back(draw, cx, base, scale, rng, shirt=None):
    """A seated person seen from behind: shoulders and a head."""
    shirt = shirt or rng.choice(SHIRTS)
    w = 70 * scale
    draw.rounded_rectangle(
        [cx - w / 2, base - 60 * scale, cx + w / 2, base], radius=int(22 * scale), fill=shirt
    )
    r = 19 * scale
    draw.ellipse(
        [cx - r, base - 60 * scale - 2 * r + 6 * scale, cx + r, base - 60 * scale + 6 * scale],
        fill=rng.choice(HAIR),
    )


def person_front(draw, cx, base, scale, rng, shirt=None, arms_up=False):
    """A standing person facing us: legs, body, head."""
    shirt = shirt or rng.choice(SHIRTS)
    skin = rng.choice(SKIN)
    leg = (50, 50, 60)
    draw.rectangle([cx - 16 * scale, base - 90 * scale, cx - 3 * scale, base], fill=leg)
    draw.rectangle([cx + 3 * scale, base - 90 * scale, cx + 16 * scale, base], fill=leg)
    draw.rounded_rectangle(
        [cx - 28 * scale, base - 190 * scale, cx + 28 * scale, base - 85 * scale],
        radius=int(16 * scale),
        fill=shirt,
    )
    if arms_up:
        draw.polygon(
            [
                (cx - 26 * scale, base - 180 * scale),
                (cx - 60 * scale, base - 250 * scale),
                (cx - 46 * scale, base - 256 * scale),
                (cx - 16 * scale, base - 186 * scale),
            ],
            fill=shirt,
        )
        draw.polygon(
            [
                (cx + 26 * scale, base - 180 * scale),
                (cx + 60 * scale, base - 250 * scale),
                (cx + 46 * scale, base - 256 * scale),
                (cx + 16 * scale, base - 186 * scale),
            ],
            fill=shirt,
        )
    r = 22 * scale
    draw.ellipse([cx - r, base - 240 * scale, cx + r, base - 240 * scale + 2 * r], fill=skin)
    draw.chord(
        [cx - r, base - 242 * scale, cx + r, base - 242 * scale + 2 * r],
        180,
        360,
        fill=rng.choice(HAIR),
    )


def banner_text_bars(draw, x0, y0, x1, y1, color=(250, 236, 180)):
    """Suggest lettering on a banner with two rows of bars (no real text)."""
    h = y1 - y0
    for row, (top, bottom) in enumerate(((0.22, 0.42), (0.58, 0.78))):
        width = (x1 - x0) * (0.78 if row == 0 else 0.56)
        left = x0 + ((x1 - x0) - width) / 2
        step = width / 14
        for i in range(14):
            if i % 5 == 4:
                continue
            draw.rectangle(
                [left + i * step, y0 + h * top, left + i * step + step * 0.78, y0 + h * bottom],
                fill=color,
            )


def mountains(draw, w, horizon, rng, colors):
    for layer, color in enumerate(colors):
        pts = [(0, horizon)]
        x = 0
        while x < w:
            x += rng.randint(140, 320)
            peak = horizon - rng.randint(120, 300) + layer * 70
            pts.append((x - rng.randint(60, 120), peak))
            pts.append((x, horizon - rng.randint(20, 80) + layer * 40))
        pts.append((w, horizon))
        draw.polygon(pts, fill=color)


# ---------------------------------------------------------------- scenes


def scene_hall(img, rng, pal):
    """Conference hall: stage with a backdrop, banner, flags, podium, rows of delegates."""
    w, h = img.size
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, w, h], fill=pal["wall"])
    d.rectangle([0, int(h * 0.62), w, h], fill=pal["floor"])
    # stage and backdrop
    d.rectangle([160, 90, w - 160, int(h * 0.55)], fill=pal["stage"])
    d.rectangle([160, int(h * 0.55), w - 160, int(h * 0.62)], fill=(110, 70, 50))
    d.rectangle([260, 140, w - 260, 300], fill=pal["banner"])
    banner_text_bars(d, 260, 140, w - 260, 300)
    star(d, w / 2, 400, 70, YELLOW)
    flag(d, 200, 150, 110, pole=True)
    flag(d, w - 320, 150, 110, pole=True, wave=8)
    # podium and presidium table
    d.rectangle([w - 430, int(h * 0.40), w - 330, int(h * 0.58)], fill=(120, 80, 50))
    d.rectangle([380, int(h * 0.47), w - 520, int(h * 0.55)], fill=(245, 245, 240))
    for i in range(5):
        cx = 440 + i * (w - 1000) / 4
        person_back(d, cx, int(h * 0.50), 0.8, rng, shirt=(40, 50, 80))
    # audience rows
    rows = 3
    for r in range(rows):
        base = int(h * 0.78) + r * 95
        scale = 1.1 + r * 0.25
        n = 10 - r * 2
        for i in range(n):
            cx = 90 + (i + 0.5) * (w - 180) / n + rng.randint(-12, 12)
            person_back(d, cx, base + 60 * scale, scale, rng)
        d.rectangle([40, base + 40 * scale, w - 40, base + 56 * scale], fill=(200, 190, 175))


def scene_signing(img, rng, pal):
    """Signing a pledge: a long table with folders, people standing behind it, a banner."""
    w, h = img.size
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, w, h], fill=pal["wall"])
    d.rectangle([0, int(h * 0.7), w, h], fill=pal["floor"])
    d.rectangle([120, 60, w - 120, 230], fill=pal["stage"])
    banner_text_bars(d, 120, 60, w - 120, 230)
    flag(d, 150, 280, 120, pole=True)
    n = 6
    for i in range(n):
        cx = 330 + i * (w - 660) / (n - 1)
        person_front(d, cx, int(h * 0.78), 1.6, rng)
    d.rectangle([200, int(h * 0.62), w - 200, int(h * 0.70)], fill=(250, 250, 248))
    d.rectangle([200, int(h * 0.70), w - 200, int(h * 0.95)], fill=pal["accent"])
    for i in range(n):
        cx = 330 + i * (w - 660) / (n - 1)
        d.rectangle([cx - 55, int(h * 0.625), cx + 55, int(h * 0.66)], fill=(180, 30, 40))
        d.line([cx + 60, int(h * 0.62), cx + 90, int(h * 0.60)], fill=(20, 20, 30), width=6)


def scene_sports(img, rng, pal):
    """Sports day: a court, a net, players and a crowd."""
    w, h = img.size
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, w, h], fill=(170, 205, 230))
    d.rectangle([0, 0, w, int(h * 0.35)], fill=(150, 190, 222))
    # stands with crowd
    d.rectangle([0, int(h * 0.22), w, int(h * 0.45)], fill=(120, 120, 130))
    for i in range(40):
        cx = 20 + i * (w - 40) / 39
        person_back(d, cx, int(h * 0.44) - (i % 2) * 30, 0.6, rng)
    court = (60, 140, 90) if rng.random() < 0.5 else (196, 110, 70)
    d.rectangle([0, int(h * 0.45), w, h], fill=court)
    d.rectangle([120, int(h * 0.52), w - 120, int(h * 0.95)], outline=(245, 245, 245), width=8)
    d.line([w / 2, int(h * 0.40), w / 2, int(h * 0.95)], fill=(230, 230, 230), width=6)
    d.rectangle([w / 2 - 4, int(h * 0.40), w / 2 + 4, int(h * 0.62)], fill=(40, 40, 40))
    for i in range(4):
        person_front(
            d, 300 + i * 140, int(h * 0.9), 1.5, rng, shirt=pal["accent"], arms_up=(i == 1)
        )
        person_front(d, w - 300 - i * 140, int(h * 0.9), 1.5, rng, shirt=RED, arms_up=(i == 2))
    d.ellipse([w / 2 - 150, int(h * 0.30), w / 2 - 110, int(h * 0.30) + 40], fill=(250, 250, 250))


def scene_relief(img, rng, pal):
    """Relief trip: mountains, a road, a truck with boxes, volunteers."""
    w, h = img.size
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, w, h], fill=(196, 214, 226))
    mountains(d, w, int(h * 0.62), rng, [(120, 150, 130), (86, 122, 96), (64, 100, 76)])
    d.rectangle([0, int(h * 0.62), w, h], fill=(150, 120, 90))
    d.polygon(
        [(w * 0.35, h), (w * 0.48, h * 0.62), (w * 0.56, h * 0.62), (w * 0.8, h)],
        fill=(110, 100, 90),
    )
    # truck
    tx, ty = 220, int(h * 0.58)
    d.rectangle([tx, ty, tx + 520, ty + 230], fill=(60, 100, 60))
    d.rectangle([tx + 520, ty + 80, tx + 680, ty + 230], fill=(200, 40, 40))
    d.rectangle([tx + 560, ty + 100, tx + 650, ty + 160], fill=(200, 225, 240))
    for cx in (tx + 110, tx + 420, tx + 600):
        d.ellipse([cx - 55, ty + 190, cx + 55, ty + 300], fill=(30, 30, 30))
        d.ellipse([cx - 22, ty + 223, cx + 22, ty + 267], fill=(150, 150, 150))
    # boxes
    for i in range(9):
        bx = w - 620 + (i % 3) * 130
        by = int(h * 0.86) - (i // 3) * 100
        d.rectangle(
            [bx, by - 95, bx + 120, by], fill=(206, 170, 110), outline=(150, 110, 60), width=4
        )
    for i in range(4):
        person_front(
            d, w - 760 + i * 150, int(h * 0.97), 1.3, rng, shirt=(40, 110, 200) if i % 2 else RED
        )


def scene_heritage(img, rng, pal):
    """Heritage trip: mountains, a stream, trees, a group of visitors, a flag."""
    w, h = img.size
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, w, h], fill=(205, 222, 236))
    mountains(d, w, int(h * 0.6), rng, [(140, 170, 150), (96, 140, 104), (70, 116, 80)])
    d.rectangle([0, int(h * 0.6), w, h], fill=(110, 150, 90))
    d.polygon(
        [(w * 0.55, h * 0.6), (w * 0.62, h * 0.6), (w * 0.9, h), (w * 0.66, h)], fill=(90, 160, 190)
    )
    for i in range(6):
        tx = 80 + i * 120 + rng.randint(-20, 20)
        d.rectangle([tx - 10, int(h * 0.6) - 20, tx + 10, int(h * 0.6) + 60], fill=(90, 60, 40))
        d.ellipse([tx - 60, int(h * 0.6) - 150, tx + 60, int(h * 0.6) - 10], fill=(50, 110, 60))
    flag(d, w - 240, int(h * 0.25), 130, pole=True, wave=10)
    for i in range(7):
        person_front(d, 520 + i * 95, int(h * 0.95), 1.2, rng)


def scene_handover(img, rng, pal):
    """Handover or award: two people on a stage holding a red banner/flag between them."""
    w, h = img.size
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, w, h], fill=pal["stage"])
    d.rectangle([0, int(h * 0.8), w, h], fill=(110, 70, 50))
    d.rectangle([180, 70, w - 180, 230], fill=pal["banner"])
    banner_text_bars(d, 180, 70, w - 180, 230)
    star(d, w / 2, 360, 80, YELLOW)
    person_front(d, w / 2 - 230, int(h * 0.92), 2.0, rng, shirt=(40, 50, 80))
    person_front(d, w / 2 + 230, int(h * 0.92), 2.0, rng, shirt=(60, 90, 60))
    # the rotating banner held between them
    d.rectangle([w / 2 - 170, int(h * 0.46), w / 2 + 170, int(h * 0.72)], fill=(215, 30, 40))
    d.polygon(
        [(w / 2 - 170, int(h * 0.72)), (w / 2, int(h * 0.80)), (w / 2 + 170, int(h * 0.72))],
        fill=(215, 30, 40),
    )
    d.rectangle([w / 2 - 170, int(h * 0.46), w / 2 + 170, int(h * 0.48)], fill=YELLOW)
    star(d, w / 2, int(h * 0.58), 55, YELLOW)
    for i in range(3):
        person_front(d, 180 + i * 120, int(h * 0.98), 1.4, rng)
        person_front(d, w - 180 - i * 120, int(h * 0.98), 1.4, rng)


def scene_discussion(img, rng, pal):
    """Round-table discussion: a table seen from above with people around it and a screen."""
    w, h = img.size
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, w, h], fill=pal["wall"])
    d.rectangle([w / 2 - 330, 60, w / 2 + 330, 400], fill=(40, 50, 60))
    d.rectangle([w / 2 - 310, 80, w / 2 + 310, 380], fill=pal["accent"])
    for i in range(4):
        d.rectangle(
            [w / 2 - 250, 130 + i * 60, w / 2 + 150 - i * 40, 160 + i * 60], fill=(235, 240, 245)
        )
    d.rectangle([0, int(h * 0.48), w, h], fill=pal["floor"])
    d.ellipse([280, int(h * 0.55), w - 280, int(h * 0.95)], fill=(240, 236, 226))
    for i in range(9):
        cx = 330 + i * (w - 660) / 8
        base = int(h * 0.62) if i % 2 else int(h * 0.98)
        person_back(d, cx, base, 1.3, rng)
    for i in range(6):
        px = 420 + i * 150
        d.rectangle([px, int(h * 0.72), px + 70, int(h * 0.78)], fill=(250, 250, 250))


def scene_performance(img, rng, pal):
    """Cultural performance: a lit stage with dancers and an audience in front."""
    w, h = img.size
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, w, h], fill=(26, 30, 52))
    for i, x in enumerate((w * 0.25, w * 0.5, w * 0.75)):
        d.polygon(
            [(x - 30, 0), (x + 30, 0), (x + 260, int(h * 0.72)), (x - 260, int(h * 0.72))],
            fill=(60, 62, 96) if i != 1 else (84, 80, 110),
        )
    d.rectangle([0, int(h * 0.72), w, int(h * 0.78)], fill=(120, 70, 50))
    d.rectangle([120, 50, w - 120, 170], fill=pal["stage"])
    banner_text_bars(d, 120, 50, w - 120, 170)
    colors = [(214, 40, 60), (240, 190, 40), (40, 150, 170), (230, 230, 230)]
    for i in range(6):
        person_front(
            d,
            330 + i * 190,
            int(h * 0.72),
            1.7,
            rng,
            shirt=colors[i % len(colors)],
            arms_up=bool(i % 2),
        )
    d.rectangle([0, int(h * 0.78), w, h], fill=(18, 20, 34))
    for i in range(16):
        person_back(d, 60 + i * (w - 120) / 15, h + 10, 1.6, rng, shirt=(40, 44, 60))


# (words looked for in the alt text and file name, scene); the first match wins.
SCENES = [
    (("ký giao ước", "ky-giao-uoc", "lưu niệm"), scene_signing),
    (("dâng hương", "di tích", "về nguồn", "lán", "ve-nguon", "hanh-trinh"), scene_heritage),
    (("chuyển hàng", "quà", "lũ", "cứu trợ", "vung-lu"), scene_relief),
    (("múa", "văn nghệ", "hát"), scene_performance),
    (
        ("kéo co", "bóng", "vận động viên", "đẩy gậy", "chạy", "thi đấu", "hoi-thao", "the-thao"),
        scene_sports,
    ),
    (
        (
            "thảo luận",
            "trao đổi",
            "tọa đàm",
            "làm việc",
            "bỏ phiếu",
            "biểu quyết",
            "tham luận",
            "báo cáo",
            "chia sẻ",
            "kiểm tra",
        ),
        scene_discussion,
    ),
    (("trao", "bàn giao", "tặng hoa", "đón nhận", "giấy khen", "giấy chứng nhận"), scene_handover),
    (
        (
            "quang cảnh",
            "toàn cảnh",
            "hội nghị",
            "đại hội",
            "phát biểu",
            "phát động",
            "điều hành",
            "chủ trì",
        ),
        scene_hall,
    ),
]
GENERAL = [scene_hall, scene_signing, scene_discussion, scene_handover]


def pick_scene(rel: str, alt: str):
    text = f"{alt.lower()} {Path(rel).stem}"
    for keys, fn in SCENES:
        # whole words only: "hát" must not match "phát"
        if any(re.search(r"(?<!\w)" + re.escape(k) + r"(?!\w)", text) for k in keys):
            return fn
    return GENERAL[seed_for(rel) % len(GENERAL)]


def draw_scene(rel: str, alt: str = "") -> Image.Image:
    rng = random.Random(seed_for(rel))
    pal = PALETTES[seed_for(rel + "#palette") % len(PALETTES)]
    img = Image.new("RGB", SCENE_SIZE)
    pick_scene(rel, alt)(img, rng, pal)
    return img


def draw_portrait(rel: str, gender: str | None) -> Image.Image:
    rng = random.Random(seed_for(rel))
    w, h = PORTRAIT_SIZE
    bg = rng.choice([(212, 224, 236), (226, 222, 210), (214, 230, 218), (232, 218, 218)])
    img = Image.new("RGB", PORTRAIT_SIZE, bg)
    d = ImageDraw.Draw(img)
    # soft backdrop band
    d.rectangle([0, int(h * 0.62), w, h], fill=tuple(max(0, c - 18) for c in bg))
    skin = rng.choice(SKIN)
    hair = rng.choice(HAIR)
    cx = w / 2
    jacket = rng.choice([(36, 48, 78), (60, 64, 72), (30, 70, 60), (90, 40, 50)])
    if gender == "nu":
        # long hair behind the shoulders
        d.rounded_rectangle([cx - 190, 250, cx + 190, 720], radius=140, fill=hair)
    # shoulders and jacket
    d.rounded_rectangle([cx - 330, 700, cx + 330, h + 200], radius=180, fill=jacket)
    d.polygon([(cx - 90, 700), (cx, 860), (cx + 90, 700)], fill=(245, 245, 245))
    if gender != "nu":
        d.polygon(
            [(cx - 18, 730), (cx + 18, 730), (cx + 30, 880), (cx, 920), (cx - 30, 880)],
            fill=rng.choice([(160, 30, 40), (40, 60, 120), (60, 60, 60)]),
        )
    # neck and head
    d.rectangle([cx - 60, 560, cx + 60, 720], fill=tuple(max(0, c - 20) for c in skin))
    d.ellipse([cx - 150, 230, cx + 150, 620], fill=skin)
    # hair on top
    if gender == "nu":
        d.chord([cx - 165, 200, cx + 165, 520], 180, 360, fill=hair)
        d.pieslice([cx - 165, 220, cx + 40, 520], 180, 270, fill=hair)
    else:
        d.chord([cx - 158, 210, cx + 158, 470], 180, 360, fill=hair)
    # a badge on the jacket
    d.rectangle([cx + 150, 820, cx + 230, 850], fill=RED)
    star(d, cx + 190, 835, 12, YELLOW)
    return img


def encode(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", **JPEG_OPTIONS)
    return buf.getvalue()


def render(content: Path, rel: str, alt: str = "") -> bytes:
    parts = Path(rel).parts
    if parts and parts[0] == "people":
        return encode(draw_portrait(rel, profile_gender(content, Path(rel).stem)))
    return encode(draw_scene(rel, alt))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--content", type=Path, default=ROOT / "content")
    ap.add_argument("--force", action="store_true", help="overwrite existing files that differ")
    ap.add_argument("--check", action="store_true", help="only report missing images")
    args = ap.parse_args(argv)
    content: Path = args.content
    media = content / "media"
    refs = referenced_images(content)
    missing = [r for r in refs if not (media / r).exists()]
    if args.check:
        for r in missing:
            print(f"missing: media/{r}")
        print(f"{len(refs)} referenced, {len(missing)} missing")
        return 1 if missing else 0
    written = same = kept = 0
    total = 0
    for rel, alt in refs.items():
        target = media / rel
        data = render(content, rel, alt)
        if target.exists():
            old = target.read_bytes()
            if old == data:
                same += 1
                total += len(old)
                continue
            if not args.force:
                kept += 1
                total += len(old)
                print(f"kept (differs, use --force): media/{rel}", file=sys.stderr)
                continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += 1
        total += len(data)
    print(
        f"{len(refs)} images: {written} written, {same} unchanged, {kept} kept; "
        f"{total / 1024:.0f} KiB in all"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
