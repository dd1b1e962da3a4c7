"""bantin.images: responsive copies of content pictures, their names, what is kept of their
metadata, the cache by content hash, and the <picture> markup. Pictures are made with Pillow in
tmp_path and kept small, so every test is fast."""

from __future__ import annotations

import gc
import os
import pickle
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import ExifTags, Image, ImageChops, ImageCms, ImageStat
from PIL.PngImagePlugin import PngInfo

import bantin.images as images
from bantin import parallel
from bantin.cache import digest
from bantin.config import ImageSettings
from bantin.images import (
    ImageError,
    ImageInfo,
    Variant,
    cache_key,
    picture_html,
    process_image,
    process_images,
    publish_all,
    remove_stale,
)

SET = ImageSettings(widths=(100, 200, 400), quality=80, webp=True)
NO_WEBP = ImageSettings(widths=(100, 200, 400), quality=80, webp=False)
DEFAULT = ImageSettings()
ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
FAST = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

Item = tuple[Path, str, bytes]


def photo(size: tuple[int, int]) -> Image.Image:
    """An RGB picture with some detail, so that the encoders do real work."""
    grad = Image.linear_gradient("L")
    return Image.merge(
        "RGB",
        [
            grad.resize(size),
            grad.transpose(Image.Transpose.ROTATE_90).resize(size),
            Image.effect_mandelbrot(size, (-2, -1.5, 1, 1.5), 60),
        ],
    )


def put(
    root: Path, media_path: str, im: Image.Image | None = None, data: bytes = b"", **kw
) -> Item:
    """Save a picture (or bytes) as content/media/<media_path> under ``root``; the item for it."""
    path = root / "content" / "media" / media_path
    path.parent.mkdir(parents=True, exist_ok=True)
    if im is not None:
        im.save(path, **kw)
    else:
        path.write_bytes(data)
    return path, media_path, digest(path.read_bytes())


def one(item: Item, cache_dir: Path, s: ImageSettings = SET):
    return process_image(item[0], item[1], item[2], s, cache_dir)


def sizes_of(files) -> dict[str, tuple[int, int]]:
    out = {}
    for f, path in files:
        with Image.open(f) as im:
            out[path] = im.size
    return out


# ---------------------------------------------------------------- widths and names


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (1000, [100, 200, 400]),  # capped at the largest width
        (300, [100, 200, 300]),  # the full size is the picture's own
        (200, [100, 200]),  # a width equal to the picture's is the full-size file
        (80, [80]),  # smaller than every width: the full-size file only, never enlarged
    ],
)
def test_widths_are_those_narrower_than_the_picture_and_nothing_is_enlarged(
    tmp_path, width, expected
):
    item = put(tmp_path, "2024/anh.jpg", photo((width, width // 2)))
    info, files = one(item, tmp_path / "cache")
    assert [v.width for v in info.fallback] == expected
    assert [v.width for v in info.webp] == expected
    assert (info.width, info.height) == (expected[-1], expected[-1] // 2)
    measured = sizes_of(files)
    for v in info.fallback + info.webp:
        assert measured[v.path] == (v.width, v.height)
    assert len(files) == 2 * len(expected)


def test_a_500_pixel_picture_gets_no_copy_wider_than_itself_and_its_srcset_says_so(tmp_path):
    info, files = one(put(tmp_path, "2024/nho.jpg", photo((500, 300))), tmp_path / "c", DEFAULT)
    assert [v.width for v in info.fallback] == [320, 500]  # no 640, 800, 960 nor 1600
    assert [v.width for v in info.webp] == [320, 500]
    assert sorted(p for _, p in files) == [
        "2024/nho-320.jpg",
        "2024/nho-320.webp",
        "2024/nho.jpg",
        "2024/nho.webp",
    ]
    assert sizes_of(files) == {v.path: (v.width, v.height) for v in info.fallback + info.webp}
    tags = Tags(picture_html(info, url, "", sizes="100vw")).tags
    assert [a["srcset"] for _, a in tags if "srcset" in a] == [
        "/khoi/media/2024/nho-320.webp 320w, /khoi/media/2024/nho.webp 500w",
        "/khoi/media/2024/nho-320.jpg 320w, /khoi/media/2024/nho.jpg 500w",
    ]


def test_the_default_widths_have_a_step_between_640_and_960(tmp_path):
    """A phone's 380-pixel slot at two device pixels wants 760: the 800 copy, not the 960."""
    assert DEFAULT.widths == (320, 640, 800, 960, 1600)
    info, _ = one(put(tmp_path, "a.jpg", photo((1000, 500))), tmp_path / "c", DEFAULT)
    assert [v.width for v in info.webp] == [320, 640, 800, 960, 1000]
    assert min(v.width for v in info.webp if v.width >= 2 * 380) == 800


def test_each_copy_made_from_the_next_wider_one_looks_like_one_made_from_the_picture():
    base = photo((800, 500))
    sizes = [(w, round(500 * w / 800)) for w in (100, 160, 320, 400, 640, 800)]
    copies = images.scaled(base, sizes)
    assert [c.size for c in copies] == sizes
    assert copies[-1] is base  # the full size is not copied
    for (w, h), copy in zip(sizes[:-1], copies, strict=False):
        straight = base.resize((w, h), Image.Resampling.LANCZOS)
        diff = ImageStat.Stat(ImageChops.difference(copy, straight))
        assert max(diff.mean) < 1.5, (w, diff.mean)  # of 255, on average over the pixels


def test_a_jpeg_much_wider_than_the_widest_copy_is_decoded_at_a_fraction(tmp_path, monkeypatch):
    seen = []
    prepare = images._prepare

    def spy(im, kind):
        seen.append(im.size)
        return prepare(im, kind)

    monkeypatch.setattr(images, "_prepare", spy)
    wide = Image.linear_gradient("L").resize((3300, 1650)).convert("RGB")
    info, _ = one(put(tmp_path, "a.jpg", wide), tmp_path / "c")
    assert seen == [(413, 207)]  # an eighth: still at least 400 (the widest) wide
    assert [(v.width, v.height) for v in info.fallback] == [(100, 50), (200, 100), (400, 200)]


def test_names_of_the_copies(tmp_path):
    info, files = one(put(tmp_path, "2024/anh-1.jpg", photo((300, 200))), tmp_path / "cache")
    assert info.src == "2024/anh-1.jpg"
    assert [v.path for v in info.fallback] == [
        "2024/anh-1-100.jpg",
        "2024/anh-1-200.jpg",
        "2024/anh-1.jpg",
    ]
    assert [v.path for v in info.webp] == [
        "2024/anh-1-100.webp",
        "2024/anh-1-200.webp",
        "2024/anh-1.webp",
    ]
    assert {v.mime for v in info.fallback} == {"image/jpeg"}
    assert {v.mime for v in info.webp} == {"image/webp"}
    assert sorted(path for _, path in files) == sorted(v.path for v in info.fallback + info.webp)
    assert all(f.is_relative_to(tmp_path / "cache") for f, _ in files)

    top, _ = one(put(tmp_path, "Logo.PNG", photo((150, 100))), tmp_path / "cache")
    assert [v.path for v in top.fallback] == ["Logo-100.PNG", "Logo.PNG"]
    assert [v.path for v in top.webp] == ["Logo-100.webp", "Logo.webp"]


def test_without_webp_there_are_no_webp_copies(tmp_path):
    info, files = one(put(tmp_path, "a.png", photo((300, 200))), tmp_path / "c", NO_WEBP)
    assert info.webp == ()
    assert [p for _, p in files] == ["a-100.png", "a-200.png", "a.png"]


def test_a_webp_picture_has_webp_copies_as_its_fallback(tmp_path):
    info, _ = one(put(tmp_path, "a.webp", photo((300, 200))), tmp_path / "c")
    assert [v.path for v in info.fallback] == ["a-100.webp", "a-200.webp", "a.webp"]
    assert {v.mime for v in info.fallback} == {"image/webp"}
    assert info.webp == ()


def test_copies_never_take_the_name_of_another_file(tmp_path):
    root = tmp_path
    items = [
        put(root, "2024/anh.jpg", photo((300, 200))),
        put(root, "2024/anh-100.jpg", photo((300, 200))),  # the name of anh.jpg's 100 copy
        put(root, "2024/anh.png", photo((300, 200))),  # wants anh-100.webp too
        put(root, "2024/anh.webp", photo((300, 200))),  # the name of anh.jpg's full WebP
    ]
    infos, files, problems = process_images(items, SET, tmp_path / "cache", jobs=1)
    assert problems == []
    published = [path for _, path in files]
    assert len(published) == len({p.casefold() for p in published})
    for _, media_path, _ in items:
        info = infos[media_path]
        assert info.src == media_path and info.fallback[-1].path == media_path
    assert [v.path for v in infos["2024/anh-100.jpg"].fallback] == [
        "2024/anh-100-100.jpg",
        "2024/anh-100-200.jpg",
        "2024/anh-100.jpg",
    ]
    assert [v.path for v in infos["2024/anh.jpg"].fallback] == [
        "2024/anh~1-100.jpg",
        "2024/anh~1-200.jpg",
        "2024/anh.jpg",
    ]
    assert infos["2024/anh.jpg"].webp[-1].path == "2024/anh~1.webp"


# ---------------------------------------------------------------- orientation, metadata, modes


def test_exif_orientation_6_turns_a_wide_picture_upright(tmp_path):
    im = Image.new("RGB", (300, 200), (255, 0, 0))
    im.paste((0, 0, 255), (150, 0, 300, 200))  # stored: red left, blue right
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # shown turned a quarter clockwise: red on top
    info, files = one(put(tmp_path, "a.jpg", im, exif=exif.tobytes()), tmp_path / "c")
    assert (info.width, info.height) == (200, 300)
    assert [(v.width, v.height) for v in info.fallback] == [(100, 150), (200, 300)]
    assert sizes_of(files) == {v.path: (v.width, v.height) for v in info.fallback + info.webp}
    full = dict((path, f) for f, path in files)["a.jpg"]
    with Image.open(full) as out:
        top, bottom = out.getpixel((100, 20)), out.getpixel((100, 280))
        assert top[0] > 200 and top[2] < 60
        assert bottom[2] > 200 and bottom[0] < 60
        assert ExifTags.Base.Orientation not in out.getexif()


def test_a_large_jpeg_turned_by_exif_is_decoded_small_and_upright(tmp_path):
    im = Image.new("RGB", (1000, 900), (255, 0, 0))
    im.paste((0, 0, 255), (500, 0, 1000, 900))  # stored: red left, blue right
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 8  # shown turned a quarter anticlockwise: blue on top
    info, files = one(put(tmp_path, "a.jpg", im, exif=exif.tobytes()), tmp_path / "c")
    assert [(v.width, v.height) for v in info.fallback] == [(100, 111), (200, 222), (400, 444)]
    assert sizes_of(files) == {v.path: (v.width, v.height) for v in info.fallback + info.webp}
    with Image.open(dict((p, f) for f, p in files)["a.jpg"]) as out:
        assert out.getpixel((200, 20))[2] > 200 and out.getpixel((200, 420))[0] > 200


def test_a_phone_jpeg_with_a_second_picture_is_made_from_the_first(tmp_path):
    first, second = photo((300, 200)), Image.new("RGB", (300, 200), (0, 255, 0))
    item = put(
        tmp_path,
        "dien-thoai.jpg",
        first,
        format="MPO",
        save_all=True,
        append_images=[second],
        exif=secret_exif().tobytes(),
    )
    with Image.open(item[0]) as src:
        assert src.format == "MPO" and src.n_frames == 2
    info, files = one(item, tmp_path / "c")
    assert [v.width for v in info.fallback] == [100, 200, 300]
    assert len(info.webp) == 3
    for f, _ in files:
        assert_only_pixels_and_profile(f, None)


def secret_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SECRET-CAMERA"
    exif[ExifTags.Base.Orientation] = 1
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (21.0, 1.0, 30.0)
    return exif


def assert_only_pixels_and_profile(path: Path, icc: bytes | None) -> None:
    data = path.read_bytes()
    assert b"SECRET" not in data, path
    with Image.open(path) as out:
        assert len(out.getexif()) == 0, path
        for key in (
            "exif",
            "xmp",
            "XML:com.adobe.xmp",
            "comment",
            "Comment",
            "Raw profile type exif",
        ):
            assert key not in out.info, (path, key)
        assert out.info.get("icc_profile") == icc, path


def test_every_file_loses_exif_gps_xmp_and_comments_but_keeps_the_colour_profile(tmp_path):
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">SECRET-XMP</x:xmpmeta>'
    jpeg = put(
        tmp_path,
        "a.jpg",
        photo((300, 200)),
        exif=secret_exif().tobytes(),
        xmp=xmp,
        comment=b"SECRET-COMMENT",
        icc_profile=ICC,
    )
    with Image.open(jpeg[0]) as src:  # the source does carry all of it
        assert src.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert {"exif", "xmp", "comment", "icc_profile"} <= set(src.info)
    text = PngInfo()
    text.add_text("Comment", "SECRET-TEXT")
    png = put(
        tmp_path, "b.png", photo((300, 200)), exif=secret_exif(), pnginfo=text, icc_profile=ICC
    )
    webp = put(tmp_path, "c.webp", photo((300, 200)), exif=secret_exif(), xmp=xmp, icc_profile=ICC)
    for item in (png, webp):
        with Image.open(item[0]) as src:
            assert src.getexif().get_ifd(ExifTags.IFD.GPSInfo)
            assert "icc_profile" in src.info
    assert b"SECRET-TEXT" in png[0].read_bytes() and b"SECRET-XMP" in webp[0].read_bytes()
    for item in (jpeg, png, webp):
        _, files = one(item, tmp_path / "cache")
        assert len(files) >= 3
        for f, _ in files:
            assert_only_pixels_and_profile(f, ICC)


def test_a_picture_without_a_profile_gets_none(tmp_path):
    _, files = one(put(tmp_path, "a.jpg", photo((300, 200)), exif=secret_exif()), tmp_path / "c")
    for f, _ in files:
        assert_only_pixels_and_profile(f, None)


def test_png_transparency_is_kept_in_png_and_webp(tmp_path):
    im = Image.new("RGBA", (300, 200), (0, 0, 255, 255))
    im.paste((0, 0, 0, 0), (0, 0, 150, 200))  # left half transparent
    info, files = one(put(tmp_path, "logo.png", im), tmp_path / "c")
    assert {v.mime for v in info.fallback} == {"image/png"}
    for f, path in files:
        with Image.open(f) as out:
            assert out.mode == "RGBA", path
            assert out.getpixel((5, 5))[3] < 10
            assert out.getpixel((out.width - 5, 5))[3] > 245


def test_an_alpha_channel_with_nothing_transparent_is_dropped(tmp_path):
    im = photo((300, 200)).convert("RGBA")
    _, files = one(put(tmp_path, "a.png", im), tmp_path / "c")
    for f, _ in files:
        with Image.open(f) as out:
            assert out.mode == "RGB"


def test_a_palette_png_with_a_transparent_colour_becomes_rgba(tmp_path):
    im = Image.new("P", (300, 200), 0)
    im.putpalette([255, 0, 0, 0, 0, 255])
    im.paste(1, (150, 0, 300, 200))
    _, files = one(put(tmp_path, "a.png", im, transparency=0), tmp_path / "c")
    for f, _ in files:
        with Image.open(f) as out:
            assert out.mode == "RGBA"
            assert out.getpixel((5, 5))[3] < 10


def test_cmyk_becomes_rgb(tmp_path):
    im = Image.new("CMYK", (300, 200), (0, 255, 255, 0))  # red ink
    _, files = one(put(tmp_path, "in.jpg", im), tmp_path / "c")
    for f, _ in files:
        with Image.open(f) as out:
            assert out.mode == "RGB"
            r, g, b = out.getpixel((out.width // 2, out.height // 2))
            assert r > 200 and g < 60 and b < 60
            assert "icc_profile" not in out.info


def test_sixteen_bit_grey_is_scaled_not_clipped(tmp_path):
    im = Image.new("I;16", (300, 200), 30000)
    _, files = one(put(tmp_path, "scan.png", im), tmp_path / "c")
    for f, path in files:
        with Image.open(f) as out:
            value = out.convert("L").getpixel((10, 10))
            assert abs(value - 30000 // 256) <= 3, path


# ---------------------------------------------------------------- published as they are


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<rect width="10" height="10"/></svg>'
)


def test_svg_is_published_as_it_is_and_never_opened(tmp_path, monkeypatch):
    def refuse(*a, **kw):
        raise AssertionError("Pillow opened an SVG")

    monkeypatch.setattr(images.Image, "open", refuse)
    item = put(tmp_path, "icons/logo.svg", data=SVG)
    info, files = one(item, tmp_path / "c")
    assert info == ImageInfo("icons/logo.svg", None, None, (), ())
    assert [p for _, p in files] == ["icons/logo.svg"]
    assert files[0][0].read_bytes() == SVG
    assert files[0][0].is_relative_to(tmp_path / "c")


@pytest.mark.parametrize("name", ["anim.gif", "anim.webp", "anim.png"])
def test_an_animated_picture_is_published_as_it_is(tmp_path, name):
    frames = [Image.new("RGB", (600, 80), c) for c in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    item = put(
        tmp_path, name, frames[0], save_all=True, append_images=frames[1:], duration=100, loop=0
    )
    info, files = one(item, tmp_path / "c")
    assert (info.width, info.height) == (600, 80)  # wider than every width: not resized
    assert info.fallback == (Variant(name, 600, 80, images.MIME[images.kind_of(name)]),)
    assert info.webp == ()
    assert [p for _, p in files] == [name]
    assert files[0][0].read_bytes() == item[0].read_bytes()


def test_a_still_gif_is_published_as_it_is(tmp_path):
    item = put(tmp_path, "so-do.gif", Image.new("P", (600, 80), 1))
    info, files = one(item, tmp_path / "c")
    assert info.fallback == (Variant("so-do.gif", 600, 80, "image/gif"),)
    assert info.webp == ()
    assert files[0][0].read_bytes() == item[0].read_bytes()


def test_a_file_that_is_not_a_picture_is_published_from_its_source(tmp_path):
    item = put(tmp_path, "docs/quy-che.pdf", data=b"%PDF-1.4 ...")
    info, files = one(item, tmp_path / "c")
    assert info == ImageInfo("docs/quy-che.pdf", None, None, (), ())
    assert files == [(item[0], "docs/quy-che.pdf")]


# ---------------------------------------------------------------- bad pictures


def test_a_damaged_picture_is_a_problem_and_the_others_are_still_made(tmp_path):
    good = put(tmp_path, "2024/tot.jpg", photo((300, 200)))
    data = good[0].read_bytes()
    items = [
        good,
        put(tmp_path, "2024/cat-ngan.jpg", data=data[: len(data) // 2]),  # truncated
        put(tmp_path, "2024/khong-phai-anh.png", data=b"this is not a picture\n"),
        put(tmp_path, "2024/rong.webp", data=b""),
    ]
    infos, files, problems = process_images(items, SET, tmp_path / "cache", jobs=1)
    assert sorted(p.path for p in problems) == [
        "content/media/2024/cat-ngan.jpg",
        "content/media/2024/khong-phai-anh.png",
        "content/media/2024/rong.webp",
    ]
    for p in problems:
        assert p.severity == "error"
        assert p.code == "render.image_damaged"
        assert p.hint.key == "render.hint_image_resave"
        assert "damaged or is not a picture" in p.format()
        assert "JPEG or PNG" in p.format()
        assert "hỏng" in p.format("vi")
    assert list(infos) == ["2024/tot.jpg"]
    assert {path for _, path in files} == {v.path for v in infos["2024/tot.jpg"].fallback} | {
        v.path for v in infos["2024/tot.jpg"].webp
    }
    # a damaged picture leaves nothing in the cache but whole entries
    assert not list((tmp_path / "cache").glob("*/.tmp-*"))


def test_process_image_raises_an_image_error(tmp_path):
    item = put(tmp_path, "x.jpg", data=b"\xff\xd8\xff garbage")
    with pytest.raises(ImageError) as caught:
        one(item, tmp_path / "c")
    assert caught.value.message.key == "render.image_damaged"
    back = pickle.loads(pickle.dumps(caught.value))  # it crosses from worker processes
    assert back.message.key == "render.image_damaged" and back.hint == caught.value.hint


def test_a_missing_file_is_a_problem(tmp_path):
    item = (tmp_path / "nowhere.jpg", "nowhere.jpg", b"unreadable")
    _, _, problems = process_images([item], SET, tmp_path / "c", jobs=1)
    assert [p.code for p in problems] == ["render.image_unreadable"]
    assert problems[0].path == "content/media/nowhere.jpg"


def test_a_decompression_bomb_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 5000)
    items = [
        put(tmp_path, "bom.png", Image.new("RGB", (100, 100))),  # past twice the limit
        put(tmp_path, "lon.png", Image.new("RGB", (80, 80))),  # past the limit
        put(tmp_path, "lon.jpg", Image.new("RGB", (80, 80))),  # a JPEG may be twice as large
    ]
    infos, _, problems = process_images(items, SET, tmp_path / "c", jobs=1)
    assert sorted((p.path, p.code) for p in problems) == [
        ("content/media/bom.png", "render.image_too_large"),
        ("content/media/lon.png", "render.image_too_large"),
    ]
    assert problems[0].hint.key == "render.hint_image_smaller"
    assert list(infos) == ["lon.jpg"]


# ---------------------------------------------------------------- the cache


def test_a_cache_hit_does_not_read_the_source(tmp_path):
    item = put(tmp_path, "2024/anh.jpg", photo((300, 200)))
    cache = tmp_path / "cache"
    first = one(item, cache)
    item[0].write_bytes(b"damaged since")  # same sha: the cache answers
    assert one(item, cache) == first
    item[0].unlink()
    assert one(item, cache) == first
    infos, files, problems = process_images([item], SET, cache, jobs=1)
    assert (infos["2024/anh.jpg"], files, problems) == (
        first[0],
        sorted(first[1], key=lambda f: f[1]),
        [],
    )
    # the same bytes under another name: the same entry, other names
    other, other_files = process_image(item[0], "khac/b.jpg", item[2], SET, cache)
    assert [v.path for v in other.fallback] == ["khac/b-100.jpg", "khac/b-200.jpg", "khac/b.jpg"]
    assert {f for f, _ in other_files} == {f for f, _ in first[1]}


def test_other_settings_make_another_entry(tmp_path):
    item = put(tmp_path, "a.jpg", photo((300, 200)))
    _, files = one(item, tmp_path / "c")
    _, again = one(
        item, tmp_path / "c", ImageSettings(widths=(100, 200, 400), quality=60, webp=True)
    )
    assert {f.parent for f, _ in files}.isdisjoint({f.parent for f, _ in again})
    assert cache_key(item[2], "JPEG", SET) != cache_key(item[2], "PNG", SET)


def test_the_cache_key_changes_with_every_setting_and_encoder_choice(monkeypatch):
    sha = digest(b"a picture")
    key = cache_key(sha, "JPEG", SET)
    same = ImageSettings(widths=(400, 100, 200, 100), quality=80, webp=True)
    assert cache_key(sha, "JPEG", same) == key  # the widths in another order, one twice
    for other in (
        ImageSettings(widths=(100, 200, 300, 400), quality=80, webp=True),
        ImageSettings(widths=(100, 200, 400), quality=81, webp=True),
        NO_WEBP,
    ):
        assert cache_key(sha, "JPEG", other) != key
    jpeg = images.JPEG_OPTIONS
    for name, value in (
        ("WEBP_METHOD", images.WEBP_METHOD + 1),
        ("JPEG_OPTIONS", {**jpeg, "progressive": not jpeg.get("progressive")}),
        ("JPEG_OPTIONS", {**jpeg, "optimize": not jpeg.get("optimize")}),
        ("FORMAT", images.FORMAT + 1),
    ):
        with monkeypatch.context() as m:
            m.setattr(images, name, value)
            assert cache_key(sha, "JPEG", SET) != key, (name, value)
    assert cache_key(sha, "JPEG", SET) == key


def test_copies_made_with_other_encoder_settings_are_not_reused(tmp_path, monkeypatch):
    item = put(tmp_path, "a.jpg", photo((300, 200)))
    with monkeypatch.context() as m:
        m.setattr(images, "WEBP_METHOD", 6 if images.WEBP_METHOD != 6 else 0)
        _, old = one(item, tmp_path / "c")
    _, new = one(item, tmp_path / "c")
    assert {f.parent for f, _ in old}.isdisjoint({f.parent for f, _ in new})


def test_the_same_file_twice_gives_the_same_bytes(tmp_path):
    items = [
        put(tmp_path, "a.jpg", photo((500, 300)), exif=secret_exif(), icc_profile=ICC),
        put(tmp_path, "b.png", photo((500, 300)).convert("RGBA")),
        put(tmp_path, "c.webp", photo((500, 300))),
    ]
    for item in items:
        _, one_files = one(item, tmp_path / "one")
        _, two_files = one(item, tmp_path / "two")
        assert [p for _, p in one_files] == [p for _, p in two_files]
        for (f1, _), (f2, _) in zip(one_files, two_files, strict=True):
            assert f1 != f2 and f1.read_bytes() == f2.read_bytes()


def test_a_changed_file_is_not_cached_under_its_old_sha(tmp_path):
    item = put(tmp_path, "a.jpg", photo((300, 200)))
    stale = (item[0], item[1], digest(b"what the file held before"))
    info, files = one(stale, tmp_path / "c")
    assert info.width == 300
    assert not (
        tmp_path / "c" / cache_key(stale[2], "JPEG", SET)[:2] / cache_key(stale[2], "JPEG", SET)
    ).exists()
    item[0].unlink()  # kept under the sha of the bytes it read
    assert one(item, tmp_path / "c") == (info, files)


def test_a_damaged_entry_is_made_again(tmp_path):
    item = put(tmp_path, "a.jpg", photo((300, 200)))
    info, files = one(item, tmp_path / "c")
    good = files[0][0].read_bytes()
    files[0][0].write_bytes(good[:100])  # cut short
    assert one(item, tmp_path / "c") == (info, files)
    assert files[0][0].read_bytes() == good


def test_a_half_written_entry_is_not_trusted(tmp_path):
    item = put(tmp_path, "a.jpg", photo((300, 200)))
    key = cache_key(item[2], "JPEG", SET)
    half = tmp_path / "c" / key[:2] / key
    half.mkdir(parents=True)
    (half / "fallback-100.jpg").write_bytes(b"half")  # and no info.json
    info, files = one(item, tmp_path / "c")
    assert (half / "info.json").is_file()
    assert sizes_of(files)["a-100.jpg"] == (100, 67)
    assert info.fallback[0] == Variant("a-100.jpg", 100, 67, "image/jpeg")


def test_remove_stale_keeps_the_entries_in_use(tmp_path):
    cache = tmp_path / "c"
    _, used = one(put(tmp_path, "a.jpg", photo((300, 200))), cache)
    _, old = one(put(tmp_path, "b.jpg", photo((200, 300))), cache)
    fresh_tmp = cache / "ab" / ".tmp-fresh"
    old_tmp = cache / "ab" / ".tmp-old"
    fresh_tmp.mkdir(parents=True)
    old_tmp.mkdir()
    long_ago = time.time() - 7200
    os.utime(old_tmp, (long_ago, long_ago))
    remove_stale(cache, [f for f, _ in used])
    assert all(f.is_file() for f, _ in used)
    assert not any(f.exists() for f, _ in old)
    assert fresh_tmp.is_dir() and not old_tmp.exists()


# ---------------------------------------------------------------- all pictures, on all cores


def test_two_jobs_give_what_one_gives(tmp_path, monkeypatch):
    items = [put(tmp_path, f"2024/anh-{i}.jpg", photo((250 + 10 * i, 150))) for i in range(5)]
    items.append(put(tmp_path, "2024/hong.png", data=b"no"))
    items.append(put(tmp_path, "2024/logo.svg", data=SVG))
    one_job = process_images(items, SET, tmp_path / "one", jobs=1)
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)  # fork even for a few pictures
    try:
        two_jobs = process_images(list(reversed(items)), SET, tmp_path / "two", jobs=2)
    finally:
        gc.unfreeze()
    assert one_job[0] == two_jobs[0]
    assert one_job[2] == two_jobs[2]
    assert [p for _, p in one_job[1]] == [p for _, p in two_jobs[1]]
    for (f1, _), (f2, _) in zip(one_job[1], two_jobs[1], strict=True):
        assert f1.relative_to(tmp_path / "one") == f2.relative_to(tmp_path / "two")
        assert f1.read_bytes() == f2.read_bytes()


def _pid_of(part: range) -> list[int]:
    return [os.getpid() for _ in part]


def test_a_few_heavy_items_are_spread_over_the_cores_when_asked():
    try:
        assert len(set(parallel.run_all(_pid_of, 4, 2, chunk=1, min_parallel=2))) == 2
        assert set(parallel.run_all(_pid_of, 4, 2, chunk=1)) == {os.getpid()}  # the default
    finally:
        gc.unfreeze()


def test_two_pictures_are_made_in_two_processes(tmp_path, monkeypatch):
    items = [put(tmp_path, f"2024/anh-{i}.jpg", photo((250 + 10 * i, 150))) for i in range(2)]
    log = tmp_path / "pids"
    make = images._make

    def logged(*args):
        with log.open("a") as f:
            f.write(f"{os.getpid()}\n")
        return make(*args)

    monkeypatch.setattr(images, "_make", logged)
    try:
        process_images(items, SET, tmp_path / "c", jobs=2)
    finally:
        gc.unfreeze()
    assert len(set(log.read_text().split())) == 2


def test_progress_counts_the_pictures_made_not_those_found_in_the_cache(tmp_path):
    items = [put(tmp_path, f"a{i}.jpg", photo((150 + i, 100))) for i in range(3)]
    items.append(put(tmp_path, "b.txt", data=b"not a picture"))
    told: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        told.append((done, total))

    process_images(items, SET, tmp_path / "c", jobs=1, progress=progress)
    assert told == [(0, 3), (1, 3), (2, 3), (3, 3)]
    told.clear()
    items.append(put(tmp_path, "moi.png", photo((120, 100))))
    process_images(items, SET, tmp_path / "c", jobs=1, progress=progress)
    assert told == [(0, 1), (1, 1)]  # only the new picture is made
    told.clear()
    process_images(items, SET, tmp_path / "c", jobs=1, progress=progress)
    assert told == []  # nothing to make: no progress at all


# ---------------------------------------------------------------- HTML


class Tags(HTMLParser):
    def __init__(self, text: str):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def url(path: str) -> str:
    return "/khoi/media/" + path


def info_of(widths: list[int], webp: bool = True, src: str = "2024/anh.jpg") -> ImageInfo:
    stem = src.rsplit(".", 1)[0]
    fallback = tuple(
        Variant(src if w == widths[-1] else f"{stem}-{w}.jpg", w, w // 2, "image/jpeg")
        for w in widths
    )
    webps = tuple(
        Variant(f"{stem}.webp" if w == widths[-1] else f"{stem}-{w}.webp", w, w // 2, "image/webp")
        for w in widths
    )
    return ImageInfo(src, widths[-1], widths[-1] // 2, fallback, webps if webp else ())


def test_picture_html_with_webp_and_lazy_loading():
    text = picture_html(
        info_of([480, 960, 1600]), url, 'Hội nghị "Khối" <2024> & bạn', sizes="100vw"
    )
    assert text.startswith("<picture><source ") and text.endswith("></picture>")
    tags = Tags(text).tags
    assert [t for t, _ in tags] == ["picture", "source", "img"]
    source, img = tags[1][1], tags[2][1]
    assert source == {
        "type": "image/webp",
        "srcset": "/khoi/media/2024/anh-480.webp 480w, /khoi/media/2024/anh-960.webp 960w, "
        "/khoi/media/2024/anh.webp 1600w",
        "sizes": "100vw",
    }
    assert img["src"] == "/khoi/media/2024/anh.jpg"
    assert img["srcset"].endswith("/khoi/media/2024/anh.jpg 1600w")
    assert (img["width"], img["height"]) == ("1600", "800")
    assert img["alt"] == 'Hội nghị "Khối" <2024> & bạn'
    assert (img["loading"], img["decoding"]) == ("lazy", "async")
    assert "fetchpriority" not in img
    assert "&quot;Khối&quot; &lt;2024&gt; &amp; bạn" in text


def test_picture_html_for_the_first_picture_is_not_lazy():
    text = picture_html(info_of([480, 960]), url, "", sizes="50vw", lazy=False, cls="hero")
    img = Tags(text).tags[-1][1]
    assert "loading" not in img and "decoding" not in img
    assert img["fetchpriority"] == "high"
    assert img["class"] == "hero"
    assert img["alt"] == ""


def test_picture_html_without_webp_has_no_source():
    text = picture_html(info_of([480, 960], webp=False), url, "a", sizes="100vw")
    assert [t for t, _ in Tags(text).tags] == ["picture", "img"]
    assert "<source" not in text


def test_picture_html_of_one_width_or_an_svg_has_no_srcset_on_the_img():
    small = Tags(picture_html(info_of([300], webp=False), url, "a", sizes="100vw")).tags[-1][1]
    assert "srcset" not in small and "sizes" not in small and small["width"] == "300"
    svg = ImageInfo("logo.svg", None, None, (), ())
    tags = Tags(picture_html(svg, url, "Logo", sizes="100vw")).tags
    assert tags == [
        ("picture", {}),
        (
            "img",
            {"src": "/khoi/media/logo.svg", "alt": "Logo", "loading": "lazy", "decoding": "async"},
        ),
    ]


def test_picture_html_of_processed_files(tmp_path):
    info, _ = one(put(tmp_path, "2024/anh.jpg", photo((300, 200))), tmp_path / "c")
    img = Tags(picture_html(info, url, "x", sizes="100vw")).tags[-1][1]
    assert (img["width"], img["height"]) == ("300", "200")
    assert img["srcset"] == (
        "/khoi/media/2024/anh-100.jpg 100w, /khoi/media/2024/anh-200.jpg 200w, "
        "/khoi/media/2024/anh.jpg 300w"
    )


# ---------------------------------------------------------------- properties


ASCII_WHITESPACE = " \t\n\f\r"


def parse_srcset(value: str) -> list[tuple[str, list[str]]]:
    """The image candidates of a srcset, as the HTML standard's parser splits them (descriptors
    with parentheses are not needed here)."""
    out, pos, n = [], 0, len(value)
    while True:
        while pos < n and (value[pos] in ASCII_WHITESPACE or value[pos] == ","):
            pos += 1
        if pos >= n:
            return out
        start = pos
        while pos < n and value[pos] not in ASCII_WHITESPACE:
            pos += 1
        address = value[start:pos]
        descriptors: list[str] = []
        if address.endswith(","):
            address = address.rstrip(",")
        else:
            start = pos
            while pos < n and value[pos] != ",":
                pos += 1
            descriptors = value[start:pos].split()
        out.append((address, descriptors))


media_paths = st.text(
    alphabet=st.characters(blacklist_characters="%", blacklist_categories=("Cs", "Cc"))
    | st.sampled_from(" ,\t"),
    min_size=1,
    max_size=20,
)


@FAST
@given(
    paths=st.lists(media_paths, min_size=1, max_size=4, unique=True),
    widths=st.lists(st.integers(1, 5000), min_size=1, max_size=4, unique=True),
)
def test_a_srcset_parses_back_into_its_copies(paths, widths):
    """Whatever the names (spaces, commas, any letters), the srcset of picture_html, read as a
    browser reads it, gives each copy's address and width in order."""
    widths = sorted(widths)[: len(paths)]
    variants = tuple(Variant(p, w, w, "image/jpeg") for p, w in zip(paths, widths, strict=False))
    info = ImageInfo(variants[-1].path, widths[-1], widths[-1], variants, variants)
    tags = Tags(picture_html(info, url, "x", sizes="100vw")).tags
    for _, attrs in tags[1:]:
        if len(variants) == 1 and "type" not in attrs:
            assert "srcset" not in attrs
            continue
        parsed = parse_srcset(attrs["srcset"])
        assert [(unquote(a), d) for a, d in parsed] == [
            (url(v.path), [f"{v.width}w"]) for v in variants
        ]


def fake_entry(kind: str, full: int, webp: bool) -> images._Entry:
    if kind == "SVG":
        return images._Entry(Path("/c/svg"), None, None, (), ())
    widths = [w for w in (100, 200) if w < full] + [full]
    if kind in ("GIF",):
        widths = [full]
    fallback = tuple((f"fallback-{w}", w, w, images.MIME[kind], 1) for w in widths)
    copies = webp and kind not in ("WEBP", "GIF")
    webps = tuple((f"webp-{w}", w, w, "image/webp", 1) for w in widths) if copies else ()
    return images._Entry(Path(f"/c/{kind}-{full}"), full, full, fallback, webps)


names = st.lists(
    st.tuples(
        st.sampled_from(["anh", "Anh", "anh-100", "anh-200", "anh~1", "anh~1-100", "anh-100-100"]),
        st.sampled_from([".jpg", ".JPG", ".jpeg", ".png", ".webp", ".gif", ".svg", ".pdf"]),
        st.sampled_from([150, 250, 400]),
    ),
    max_size=12,
    unique_by=lambda t: t[0] + t[1],
)


@FAST
@given(names, st.booleans())
def test_no_two_published_files_share_a_name(entries, webp):
    """Whatever the pictures in one folder, every published file has its own name (even without
    regard to case), and each picture's full-size file keeps its media path."""
    results = []
    for stem, ext, full in sorted(entries, key=lambda e: "2024/" + e[0] + e[1]):
        media_path = f"2024/{stem}{ext}"
        kind = images.kind_of(media_path)
        entry = None if kind is None else fake_entry(kind, full, webp)
        results.append((Path("/src") / media_path, media_path, entry))
    infos, files, problems = publish_all(results)
    assert problems == []
    sources = {media_path.casefold() for _, media_path, _ in results}
    copies = [path.casefold() for _, path in files if path.casefold() not in sources]
    assert len(copies) == len(set(copies))
    assert len(copies) + len(results) == len(files)  # every source is published once, as itself
    for _, media_path, _ in results:
        info = infos[media_path]
        assert info.src == media_path
        if info.fallback:
            assert info.fallback[-1].path == media_path


# ---------------------------------------------------------------- the settings benchmark


def test_the_encoder_settings_benchmark_prints_every_setting(tmp_path, capsys):
    from bench import image_settings

    put(tmp_path, "a.jpg", photo((400, 250)))
    put(tmp_path, "b.png", photo((200, 120)))
    media = tmp_path / "content" / "media"
    assert image_settings.main(["--media", str(media), "--jobs", "1", "--widths", "100,300"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2 pictures, 4 copies at widths 100, 300")  # 100 and 300; 100 and 200
    rows = [line.split() for line in out.splitlines() if line[:6].strip() == "" and line.strip()]
    jpeg = [r for r in rows if r[1] in ("on", "off")]
    webp = [r for r in rows if r[1] not in ("on", "off")]
    assert len(jpeg) == 3 * 2 * 2 and len(webp) == 3 * 7
    assert sum("before" in r for r in rows) == 2 and sum("bantin" in r for r in rows) == 2
    for r in jpeg + webp:
        mean, lowest = r[7:9] if r in jpeg else r[6:8]
        assert 0.9 < float(lowest) <= float(mean) <= 1


def test_ssim_is_one_for_the_same_picture_and_falls_with_blur():
    from PIL import ImageFilter

    from bench.image_settings import Luma, ssim

    im = photo((160, 96))
    assert ssim(Luma(im), im) == pytest.approx(1.0)
    slightly = ssim(Luma(im), im.filter(ImageFilter.GaussianBlur(1)))
    much = ssim(Luma(im), im.filter(ImageFilter.GaussianBlur(4)))
    assert 1 > slightly > much
