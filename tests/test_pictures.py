"""Pictures in a built site: a camera photo (turned, with GPS) becomes resized copies without
metadata, shown with srcset, sizes, width and height, the lead photo at once and the others
lazily; what each page shares (OpenGraph, JSON-LD) names the picture and its size."""

import json
import re
from io import BytesIO

import pytest
from conftest import bulletin_text, copy_site, needs_theme, write_files
from PIL import Image

from bantin.errors import SiteError
from bantin.pipeline import build


def camera_photo(width: int = 2000, height: int = 1200) -> bytes:
    """A JPEG as a phone writes it: stored sideways with orientation 6, and a GPS position."""
    im = Image.new("RGB", (width, height), (200, 40, 40))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to show
    exif[0x8825] = {1: "N", 2: (21.0, 2.0, 0.0), 3: "E", 4: (105.0, 51.0, 0.0)}
    buf = BytesIO()
    im.save(buf, "JPEG", exif=exif.tobytes(), quality=90)
    return buf.getvalue()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if needs_theme.args[0]:
        pytest.skip("theme not ready")
    root = copy_site("basic", tmp_path_factory.mktemp("pictures"))
    write_files(
        root,
        {
            "content/media/2024/dien-thoai.jpg": camera_photo(),
            "content/bulletins/2024/anh-dien-thoai.md": bulletin_text(
                'title: "Ảnh chụp bằng điện thoại"\ndate: 2024-05-02\nbloc: khoi-doan-the\n'
                "image:\n  src: 2024/dien-thoai.jpg\n  alt: Đoàn viên trồng cây\n",
                "Mở đầu.\n\n![Ảnh trong bài](media/2024/dien-thoai.jpg)\n",
            ),
        },
    )
    build(root)
    return root


def test_the_photo_is_turned_upright_resized_and_stripped(site):
    media = site / "output" / "media" / "2024"
    names = sorted(p.name for p in media.glob("dien-thoai*"))
    assert names == [
        f"dien-thoai{suffix}"
        for suffix in (
            "-320.jpg",
            "-320.webp",
            "-640.jpg",
            "-640.webp",
            "-800.jpg",
            "-800.webp",
            "-960.jpg",
            "-960.webp",
            ".jpg",
            ".webp",
        )
    ]
    for name in names:
        with Image.open(media / name) as im:
            assert im.height > im.width, name  # portrait: the orientation was applied
            assert not im.getexif(), name  # no EXIF at all, so no GPS
            assert "exif" not in im.info and "xmp" not in im.info
    with Image.open(media / "dien-thoai.jpg") as full:
        assert full.size == (1200, 2000)  # upright; narrower than 1600: kept, never enlarged


def test_the_lead_photo_loads_at_once_and_the_others_lazily(site):
    page = (site / "output/tin-tuc/2024/anh-dien-thoai/index.html").read_text()
    pictures = re.findall(r"<picture>.*?</picture>", page, re.S)
    assert len(pictures) == 2
    lead, inline = pictures
    for p in pictures:
        assert 'type="image/webp"' in p
        assert "/khoi-thi-dua/media/2024/dien-thoai-320.webp 320w" in p
        assert 'width="1200" height="2000"' in p
        assert "sizes=" in p
    assert 'fetchpriority="high"' in lead and 'loading="lazy"' not in lead
    assert 'loading="lazy"' in inline
    assert 'alt="Đoàn viên trồng cây"' in lead and 'alt="Ảnh trong bài"' in inline


def test_shared_pages_name_the_picture_with_its_size(site):
    page = (site / "output/tin-tuc/2024/anh-dien-thoai/index.html").read_text()
    assert (
        '<meta property="og:image" content="https://example.gov.vn/khoi-thi-dua/media/2024/'
        'dien-thoai.jpg">'
    ) in page
    assert '<meta property="og:image:width" content="1200">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    (ld,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page)
    data = json.loads(ld)
    assert data["@type"] == "NewsArticle"
    assert data["image"] == ["https://example.gov.vn/khoi-thi-dua/media/2024/dien-thoai.jpg"]
    # a page without a picture of its own shares the site's picture
    home = (site / "output/index.html").read_text()
    assert "static/og-image.png" in home and (site / "output/static/og-image.png").is_file()


def test_profiles_blocs_and_units_carry_their_json_ld(site):
    def ld(rel):
        page = (site / "output" / rel).read_text()
        return [json.loads(x) for x in re.findall(r'ld\+json">(.*?)</script>', page)]

    (person,) = ld("dien-hinh/tran-thi-mai/index.html")
    assert person["@type"] == "Person" and person["name"]
    (bloc,) = ld("khoi/khoi-doan-the/index.html")
    assert bloc["@type"] == "Organization" and len(bloc["member"]) == 4
    (unit,) = ld("khoi/khoi-doan-the/tinh-doan/index.html")
    assert unit["@type"] == "Organization" and unit["memberOf"]["name"] == bloc["name"]


@needs_theme
def test_a_damaged_picture_is_a_problem_naming_the_file(tmp_path):
    root = copy_site("basic", tmp_path)
    write_files(root, {"content/media/2024/tong-ket.png": b"\x89PNG\r\n\x1a\n not really"})
    with pytest.raises(SiteError) as caught:
        build(root)
    assert [p.path for p in caught.value.problems] == ["content/media/2024/tong-ket.png"]
    assert not (root / "output").exists()


# ---------------------------------------------------------------- what a browser fetches


@pytest.fixture(scope="module")
def chromium():
    import tools

    executable = tools.chromium()
    playwright = tools.playwright_sync().sync_playwright().start()
    try:
        args = [a for a in tools.CHROMIUM_ARGS if a != "--headless"]
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=args)
    except Exception:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("viewport", "dpr", "expected"),
    [
        (412, 2, 800),  # a phone: the 380-pixel slot wants 760 device pixels
        (360, 2, 800),  # 328 CSS pixels: 656
        (1280, 1, 800),  # a desktop: the 42rem column is 672 pixels
        (1280, 2, 1600),  # 1344: the full-size copy
    ],
)
def test_the_browser_fetches_the_smallest_copy_that_fills_the_slot(
    chromium, sample_site, viewport, dpr, expected
):
    bulletin = next(
        p
        for p in sorted(sample_site.output.glob("tin-tuc/*/*/index.html"))
        if 'fetchpriority="high"' in p.read_text(encoding="utf-8")
    )
    rel = bulletin.parent.relative_to(sample_site.output).as_posix()
    context = chromium.new_context(
        viewport={"width": viewport, "height": 800}, device_scale_factor=dpr
    )
    try:
        page = context.new_page()
        page.goto(sample_site.url(f"/{rel}/"), wait_until="load")
        chosen, srcset = page.evaluate(
            """() => {
              const img = document.querySelector('img[fetchpriority=high]');
              const source = img.parentElement.querySelector('source[type="image/webp"]');
              return [img.currentSrc, source.getAttribute('srcset')];
            }"""
        )
    finally:
        context.close()
    copies = {int(w.rstrip("w")): url for url, w in (c.split() for c in srcset.split(", "))}
    assert sorted(copies) == [320, 640, 800, 960, 1600]
    assert chosen.endswith(copies[expected]), (chosen, copies)
