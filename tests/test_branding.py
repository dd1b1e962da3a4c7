"""branding: in site_config.yaml — the office's logo, governing body, colours (checked for WCAG
AA contrast against the theme's backgrounds), contact and licence line; the favicon set and the
share picture made from the logo; og:type on every page; the publisher's logo in JSON-LD."""

from __future__ import annotations

import json
import os
import re
from io import BytesIO
from pathlib import Path

import pytest
from conftest import add_theme, copy_site, needs_theme, write_files
from PIL import Image

from bantin.branding import contrast_ratio, luminance, passing
from bantin.config import load_config
from bantin.errors import SiteError
from bantin.pipeline import build

MINIMAL = 'title: "Khối thi đua"\nbase_url: "https://example.gov.vn/khoi-thi-dua/"\n'
FULL = """branding:
  governing_body: "Ủy ban nhân dân tỉnh Bắc Kạn"
  colors:
    primary: "#8b1a1a"
    accent: "#9a5b00"
  contact:
    address: "Tổ 1, phường Đức Xuân, thành phố Bắc Kạn"
    phone: "0209 3870 123"
    email: "bbt@example.gov.vn"
  licence: "Giấy phép số 12/GP-TTĐT do Sở Thông tin và Truyền thông tỉnh Bắc Kạn cấp ngày 5/3/2021"
"""
SVG_LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 32">'
    '<rect width="64" height="32" fill="#1b6532"/><circle cx="32" cy="16" r="10" fill="#fff"/>'
    "</svg>"
)


# ---------------------------------------------------------------- the contrast ratio


def test_the_contrast_ratio_is_the_wcag_formula():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#777", "#fff") == pytest.approx(4.48, abs=0.005)
    assert contrast_ratio("#ffffff", "#777777") == contrast_ratio("#777777", "#ffffff")
    assert contrast_ratio("#8b1a1a", "#8b1a1a") == pytest.approx(1)
    assert luminance("#fff") == pytest.approx(1) and luminance("#000") == 0


def test_the_suggested_colour_passes_and_stays_near():
    better = passing("#f5d76e", "#ffffff")
    assert better is not None and contrast_ratio(better, "#ffffff") >= 4.5
    assert luminance(better) < luminance("#f5d76e")  # darker, on white


# ---------------------------------------------------------------- checking site_config.yaml


def load(root: Path, text: str):
    (root / "site_config.yaml").write_text(text, encoding="utf-8")
    return load_config(root)


def problems(root: Path, text: str) -> list[str]:
    with pytest.raises(SiteError) as info:
        load(root, text)
    return [p.format() for p in info.value.problems]


def test_every_key_is_optional(tmp_path):
    add_theme(tmp_path)
    config = load(tmp_path, MINIMAL)
    assert config.branding.logo is None and config.branding.colors.primary is None
    config = load(tmp_path, MINIMAL + FULL)
    assert config.branding.contact.phone == "0209 3870 123"
    assert config.branding.colors.accent == "#9a5b00"
    config = load(tmp_path, MINIMAL + "branding:\n  contact:\n    phone: 02093870123\n")
    assert config.branding.contact.phone == "02093870123"  # the leading 0 kept


@needs_theme
def test_a_dark_red_primary_passes_and_a_light_yellow_accent_fails_with_its_ratio(tmp_path):
    add_theme(tmp_path)
    text = MINIMAL + 'branding:\n  colors:\n    primary: "#8b1a1a"\n    accent: "#f5d76e"\n'
    found = problems(tmp_path, text)
    assert len(found) == 1, found
    ratio = contrast_ratio("#f5d76e", "#ffffff")
    shown = f"{int(ratio * 10) / 10}"
    assert found[0].startswith("site_config.yaml:6:")
    assert "branding.colors.accent '#f5d76e'" in found[0]
    assert f"{shown}:1, below the 4.5:1 WCAG AA asks for" in found[0]
    assert "#ffffff" in found[0] and "choose a darker colour, e.g. #" in found[0]


@needs_theme
def test_the_contrast_message_is_vietnamese_with_a_decimal_comma(tmp_path, monkeypatch):
    monkeypatch.delenv("BANTIN_LANG")
    add_theme(tmp_path)
    text = MINIMAL + 'language: vi\nbranding:\n  colors:\n    primary: "#6f8fbf"\n'
    with pytest.raises(SiteError) as info:
        load(tmp_path, text)
    shown = info.value.problems[0].format("vi")
    assert re.search(r"độ tương phản \d,\d:1, dưới mức tối thiểu 4,5:1 theo WCAG AA", shown), shown
    assert "hãy chọn màu đậm hơn" in shown


@pytest.mark.parametrize(
    ("branding", "line", "expected"),
    [
        (
            "  colors:\n    primary: #8b1a1a\n",
            6,
            "branding.colors.primary is empty: a colour written without quotes",
        ),
        ('  colors:\n    accent: "#12345"\n', 6, "must be a colour written #rgb or #rrggbb"),
        ('  colors:\n    accent: "red"\n', 6, "but is 'red'"),
        ('  contact:\n    email: "bbt.example.gov.vn"\n', 6, "is not an e-mail address"),
        ('  logo: "../logo.svg"\n', 5, "leads out of the folder"),
        ('  logo: "/etc/logo.svg"\n', 5, "an absolute path"),
        ('  logo: "templates/static/logo.jpg"\n', 5, "must be an SVG or PNG file"),
        ('  logo: "templates/static/none.svg"\n', 5, "which is not a file of the site folder"),
    ],
)
def test_a_wrong_branding_value_is_named_with_its_line(tmp_path, branding, line, expected):
    add_theme(tmp_path)
    write_files(tmp_path, {"templates/static/logo.jpg": b"\xff\xd8\xff"})
    found = problems(tmp_path, MINIMAL + "language: vi\nbranding:\n" + branding)
    assert len(found) == 1, found
    assert found[0].startswith(f"site_config.yaml:{line}:"), found
    assert expected in found[0]


def test_a_logo_linked_out_of_the_site_is_refused(tmp_path):
    outside = tmp_path / "outside.png"
    outside.write_bytes(_png((10, 10)))
    root = tmp_path / "site"
    (root / "templates").mkdir(parents=True)
    try:
        (root / "templates" / "logo.png").symlink_to(outside)
    except OSError:
        pytest.skip("no symbolic links here")
    found = problems(root, MINIMAL + 'branding:\n  logo: "templates/logo.png"\n')
    assert "must be a file inside the site folder" in found[0]


def test_a_logo_with_a_script_is_refused(tmp_path):
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    write_files(tmp_path, {"logo.svg": svg})
    found = problems(tmp_path, MINIMAL + 'branding:\n  logo: "logo.svg"\n')
    assert "would run as a program" in found[0]


# ---------------------------------------------------------------- the built site


def _png(size: tuple[int, int], color: tuple[int, int, int] = (160, 20, 30)) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def branded_site(tmp_path: Path, extra: str = FULL, files: dict | None = None) -> Path:
    root = copy_site("basic", tmp_path)
    config = root / "site_config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + extra, encoding="utf-8")
    write_files(root, files or {})
    build(root)
    return root


def pages(root: Path) -> dict[str, str]:
    out = root / "output"
    return {p.relative_to(out).as_posix(): p.read_text("utf-8") for p in out.rglob("*.html")}


def size_of(path: Path) -> tuple[int, int]:
    with Image.open(path) as im:
        return im.size


@needs_theme
def test_header_and_footer_show_the_office(tmp_path):
    root = branded_site(tmp_path)
    home = (root / "output" / "index.html").read_text("utf-8")
    header = home.split("</header>")[0]
    footer = home.split("<footer")[1]
    assert header.index("Ủy ban nhân dân tỉnh Bắc Kạn") < header.index("site-brand__title")
    assert "Cơ quan chủ quản: Ủy ban nhân dân tỉnh Bắc Kạn" in footer
    assert '<a href="tel:02093870123">0209 3870 123</a>' in footer
    assert '<a href="mailto:bbt@example.gov.vn">bbt@example.gov.vn</a>' in footer
    assert "Địa chỉ: Tổ 1, phường Đức Xuân, thành phố Bắc Kạn" in footer
    assert "Giấy phép số 12/GP-TTĐT" in footer
    style = re.search(r"<style>(.*?)</style>", home).group(1)
    assert "--c-navy:#8b1a1a" in style and "--c-red:#9a5b00" in style
    logo = re.search(r'<img class="site-brand__mark"[^>]*>', header).group(0)
    assert 'alt=""' in logo  # beside the title it names


@needs_theme
def test_nothing_is_shown_for_keys_not_given(tmp_path):
    root = branded_site(tmp_path, 'branding:\n  contact:\n    phone: "0209 3870 123"\n')
    home = (root / "output" / "index.html").read_text("utf-8")
    assert "Cơ quan chủ quản" not in home and "<style>" not in home
    assert "Địa chỉ:" not in home and "Thư điện tử" not in home and "mailto:" not in home
    assert "site-footer__licence" not in home and "site-brand__governing" not in home
    assert "tel:02093870123" in home


@needs_theme
def test_the_favicon_set_and_share_picture_come_from_a_png_logo(tmp_path):
    logo = {"templates/static/brand/logo.png": _png((300, 100))}
    root = branded_site(tmp_path, FULL + '  logo: "templates/static/brand/logo.png"\n', logo)
    static = root / "output" / "static"
    assert size_of(static / "apple-touch-icon.png") == (180, 180)
    assert size_of(static / "icon-192.png") == (192, 192)
    assert size_of(static / "icon-512.png") == (512, 512)
    assert size_of(static / "og-image.png") == (1200, 630)
    with Image.open(static / "favicon.ico") as ico:
        assert sorted(ico.info["sizes"]) == [(16, 16), (32, 32), (48, 48)]
    assert not (static / "favicon.svg").exists()
    assert size_of(static / "logo.png")[0] == 3 * size_of(static / "logo.png")[1]
    home = (root / "output" / "index.html").read_text("utf-8")
    assert 'src="/khoi-thi-dua/static/logo.png" width="144" height="48"' in home
    assert 'href="/khoi-thi-dua/static/favicon.ico"' in home
    assert 'rel="apple-touch-icon" href="/khoi-thi-dua/static/apple-touch-icon.png"' in home
    assert "favicon.svg" not in home
    # the share picture is on the primary colour
    with Image.open(static / "og-image.png") as og:
        assert og.convert("RGB").getpixel((100, 300)) == (0x8B, 0x1A, 0x1A)


@needs_theme
def test_an_svg_logo_is_its_own_favicon_and_is_drawn_for_the_rest(tmp_path):
    pytest.importorskip("resvg_py")
    root = branded_site(tmp_path, 'branding:\n  logo: "logo.svg"\n', {"logo.svg": SVG_LOGO})
    static = root / "output" / "static"
    assert (static / "favicon.svg").read_text("utf-8") == SVG_LOGO
    with Image.open(static / "icon-512.png") as icon:
        assert icon.size == (512, 512)
        assert icon.convert("RGBA").getpixel((256, 256)) == (255, 255, 255, 255)  # the circle
        assert icon.convert("RGBA").getpixel((256, 140))[:3] == (0x1B, 0x65, 0x32)
        assert icon.convert("RGBA").getpixel((256, 20))[3] == 0  # the wide logo, padded
    home = (root / "output" / "index.html").read_text("utf-8")
    assert 'src="/khoi-thi-dua/static/favicon.svg" width="96" height="48"' in home
    assert '<link rel="icon" href="/khoi-thi-dua/static/favicon.svg" type="image/svg+xml">' in home


@needs_theme
def test_without_a_logo_the_theme_emblem_gives_the_icons(tmp_path):
    root = branded_site(tmp_path, "")
    static = root / "output" / "static"
    for name in ("favicon.ico", "favicon.svg", "icon-192.png", "icon-512.png", "og-image.png"):
        assert (static / name).is_file(), name
    assert (static / "favicon.svg").read_bytes() == (
        root / "themes" / "default" / "emblem.svg"
    ).read_bytes()


@needs_theme
def test_the_icons_are_the_same_bytes_each_build_and_follow_a_changed_logo(tmp_path):
    extra = 'branding:\n  logo: "templates/static/logo.png"\n'
    first = branded_site(tmp_path / "a", extra, {"templates/static/logo.png": _png((64, 64))})
    second = branded_site(tmp_path / "b", extra, {"templates/static/logo.png": _png((64, 64))})
    names = ("favicon.ico", "apple-touch-icon.png", "icon-512.png", "og-image.png", "logo.png")
    for name in names:
        a = (first / "output" / "static" / name).read_bytes()
        assert a == (second / "output" / "static" / name).read_bytes(), name
    before = (first / "output" / "static" / "icon-512.png").read_bytes()
    logo = first / "templates" / "static" / "logo.png"
    logo.write_bytes(_png((64, 64), (10, 90, 40)))
    os.utime(logo, ns=(1, 1))  # even with an older time than the last build
    build(first)
    after = (first / "output" / "static" / "icon-512.png").read_bytes()
    assert after != before
    with Image.open(BytesIO(after)) as icon:
        assert icon.convert("RGB").getpixel((256, 256)) == (10, 90, 40)


@needs_theme
def test_a_logo_outside_the_scanned_folders_still_rebuilds_the_icons(tmp_path):
    root = branded_site(tmp_path, 'branding:\n  logo: "logo.png"\n', {"logo.png": _png((8, 8))})
    (root / "logo.png").write_bytes(_png((8, 8), (0, 0, 200)))
    build(root)
    with Image.open(root / "output" / "static" / "icon-192.png") as icon:
        assert icon.convert("RGB").getpixel((96, 96)) == (0, 0, 200)


@needs_theme
def test_a_damaged_png_logo_is_an_error_and_output_stays(tmp_path):
    root = branded_site(tmp_path, "")
    before = sorted(p.name for p in (root / "output").iterdir())
    write_files(root, {"logo.png": b"\x89PNG\r\n\x1a\nnot really"})
    config = root / "site_config.yaml"
    config.write_text(config.read_text("utf-8") + 'branding:\n  logo: "logo.png"\n', "utf-8")
    with pytest.raises(SiteError) as info:
        build(root)
    assert "the logo 'logo.png' cannot be read as a picture" in info.value.problems[0].format()
    assert sorted(p.name for p in (root / "output").iterdir()) == before


# ---------------------------------------------------------------- og:type and JSON-LD


def og_type(html: str) -> list[str]:
    return re.findall(r'<meta property="og:type" content="([^"]*)">', html)


def check_og_types(found: dict[str, str], profiles: str, bulletins: str) -> None:
    assert found
    for rel, html in found.items():
        kinds = og_type(html)
        assert len(kinds) == 1, rel
        if '"@type": "NewsArticle"' in html:
            assert kinds == ["article"], rel
        elif rel.startswith(f"{profiles}/") and rel.count("/") == 2:
            assert kinds == ["profile"], rel
        else:
            assert kinds == ["website"], rel
    assert any(og_type(h) == ["article"] for h in found.values())
    assert any(og_type(h) == ["profile"] for h in found.values())


@needs_theme
def test_every_page_has_og_type(tmp_path):
    root = branded_site(tmp_path, FULL)
    check_og_types(pages(root), "dien-hinh", "tin-tuc")


@pytest.mark.slow
def test_every_page_of_the_sample_site_has_og_type(sample_site):
    found = {
        p.relative_to(sample_site.output).as_posix(): p.read_text("utf-8")
        for p in sample_site.html_files()
    }
    check_og_types(found, "dien-hinh", "tin-tuc")


@needs_theme
def test_the_publisher_in_json_ld_has_the_logo(tmp_path):
    root = branded_site(tmp_path, FULL)
    found = 0
    for rel, html in pages(root).items():
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html):
            data = json.loads(block)
            if data.get("@type") in ("NewsArticle", "WebSite"):
                assert data["publisher"] == {
                    "@type": "Organization",
                    "name": "Ban Thi đua - Khen thưởng tỉnh Bắc Kạn",
                    "logo": {
                        "@type": "ImageObject",
                        "url": "https://example.gov.vn/khoi-thi-dua/static/icon-512.png",
                    },
                }, rel
                found += 1
    assert found >= 5  # the home page and every bulletin


@needs_theme
def test_an_svg_logo_without_resvg_says_what_to_install(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "resvg_py", None)  # import fails as when not installed
    with pytest.raises(SiteError) as info:
        branded_site(tmp_path, 'branding:\n  logo: "logo.svg"\n', {"logo.svg": SVG_LOGO})
    shown = info.value.problems[0].format()
    assert shown.startswith("site_config.yaml:")
    assert "needs the resvg-py package" in shown and "pip install resvg-py" in shown
