"""Responsive copies of the pictures under ``content/media/``, kept in a cache by content hash.

For each picture (``2024/anh-1.jpg``) bantin publishes:

* the **full-size file** at the media path itself, re-encoded: EXIF orientation applied, at most
  ``max(images.widths)`` pixels wide (never enlarged), every piece of metadata but the ICC colour
  profile dropped (EXIF with GPS, XMP, comments);
* a **smaller copy for each width** of ``images.widths`` narrower than that, in the picture's own
  format, beside it: ``2024/anh-1-480.jpg``, ``2024/anh-1-960.jpg``;
* with ``images.webp`` (and a picture that is not WebP already), a **WebP copy** of each of those:
  ``2024/anh-1-480.webp``, ``2024/anh-1-960.webp`` and, full size, ``2024/anh-1.webp``.

Names. Inside one folder, ``<stem>-<width>.<ext>`` and ``<stem>.webp`` could be the name of
another picture (``anh-480.jpg``, ``anh.webp``) or of another picture's copies (``anh.jpg`` and
``anh.png`` both want ``anh-480.webp``). :func:`process_images` sees every picture of a build, so
it gives the copies of such a picture the stem ``<stem>~1`` (then ``~2``…) instead: a name is only
used when no published file, nor copy of a picture before it in path order, has it (compared
without regard to case, for case-insensitive web servers). The full-size file always keeps the
media path. :func:`process_image`, which sees one picture, uses the plain names.

Published as they are, with their size when Pillow can read it: SVG, GIF and animated PNG or
WebP. An SVG is read first (:func:`bantin.sanitize.svg_danger`, safely: no external entities, no
entity expansion) and refused when it holds anything that would run as a program once a reader
opens it (``<script>``, ``<foreignObject>``, event handlers, ``javascript:`` links). Files of any
other extension are published as they are, from the source.

The cache: ``cache_dir/<key[:2]>/<key>/`` holds the files of one picture under neutral names and
``info.json``; the key is a hash of the bytes' digest (:func:`bantin.cache.digest`, the ``sha``
the build computes), the output format, the settings, :data:`FORMAT` and the versions of Pillow
and its codecs. Nothing in an entry depends on the media path, so the same picture under two names
is made once. An entry is written in a temporary folder and renamed into place, so a half-written
one is never read. ``info.json`` records the hash of each file when it is written, and carries a
hash of itself; an entry whose files are missing or do not have those hashes (a file overwritten,
even with as many bytes), or that is a file itself, is removed and made again, and said so. A
cache hit does not open the source at all.
"""

from __future__ import annotations

import contextlib
import dataclasses
import html
import json
import os
import re
import shutil
import tempfile
import time
import warnings
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path, PurePosixPath
from typing import Any

import PIL
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError, features

from . import parallel
from .cache import digest, make_folder, remove
from .config import ImageSettings
from .errors import Problem
from .messages import Msg, msg
from .sanitize import svg_danger
from .urls import NAME_LIMIT, shorter_name

FORMAT = 3  # the version of what this module writes: raise it to make every cached entry anew
# How the copies are encoded, chosen by measurement: ``python -m bench.image_settings`` prints
# bytes, encoding time and SSIM for each candidate (docs/en/benchmark.md). Part of the cache key.
JPEG_OPTIONS: dict[str, bool] = {"optimize": True, "progressive": False}
WEBP_METHOD = 2  # libwebp's effort, 0 (fast) to 6 (small)

# extension (lower case) → the kind of file, which is also the output format of a picture
KINDS = {
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".png": "PNG",
    ".webp": "WEBP",
    ".gif": "GIF",
    ".svg": "SVG",
}
MIME = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "GIF": "image/gif",
    "SVG": "image/svg+xml",
}
_SUFFIX = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif", "SVG": ".svg"}
# the decoders Pillow may use on a content file (a JPEG with a second picture from a phone is
# opened by the JPEG one as MPO, and its first picture used)
_DECODERS = ("JPEG", "PNG", "WEBP", "GIF")
_ORIENTATION = ExifTags.Base.Orientation
_SWAPS_SIDES = {5, 6, 7, 8}  # EXIF orientations that turn the picture by a quarter
_INFO = "info.json"
SVG_CHECK = 1  # the version of the SVG check: raise it to check every cached SVG again


# ---------------------------------------------------------------- what a picture becomes


@dataclass(frozen=True)
class Variant:
    path: str  # media path of the published file, relative to the media folder
    width: int
    height: int
    mime: str  # "image/webp", "image/jpeg", "image/png", "image/gif"


@dataclass(frozen=True)
class ImageInfo:
    """One picture as published. ``src`` is the full-size file: what an ``og:image`` or a link to
    the picture should name, ``width``×``height`` its size (None for SVG and non-pictures)."""

    src: str  # the media path as written in content: "2024/anh-1.jpg"
    width: int | None  # of the full-size published file (None for SVG)
    height: int | None
    # original format, ascending width; the last one has path == src. Empty for SVG and files
    # that are not pictures.
    fallback: tuple[Variant, ...]
    # WebP copies at the same widths, ascending; empty when settings.webp is False or the picture
    # is not processed (SVG, GIF, animated, WebP already)
    webp: tuple[Variant, ...]

    def srcset(self, url: Callable[[str], str], webp: bool = False) -> str:
        """``srcset`` of the fallback (or WebP) copies: ``"u1 480w, u2 960w"``; the URLs that
        ``url`` makes have their spaces and commas percent-encoded (they would split the list)."""
        variants = self.webp if webp else self.fallback
        return ", ".join(f"{_srcset_url(url(v.path))} {v.width}w" for v in variants)


class ImageError(Exception):
    """A picture that cannot be processed: a message for the site's writers and a hint; the
    line and column in the file when known (an SVG)."""

    def __init__(self, message: Msg | str, hint: Msg | str = "", line: int = 0, col: int = 0):
        super().__init__(message, hint, line, col)
        self.message = message
        self.hint = hint
        self.line = line
        self.col = col

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else str(self.message)


_URL_BREAKERS = re.compile(r"[\s,]")


def _srcset_url(u: str) -> str:
    return _URL_BREAKERS.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), u)


# ---------------------------------------------------------------- names


def kind_of(media_path: str) -> str | None:
    """``JPEG``, ``PNG``, ``WEBP``, ``GIF``, ``SVG`` by the extension, or None: not a picture."""
    return KINDS.get(PurePosixPath(media_path).suffix.lower())


def _names(media_path: str, tag: int) -> tuple[Callable[[int], str], Callable[[int | None], str]]:
    """(fallback name of a width, WebP name of a width or None for full size) of one picture."""
    p = PurePosixPath(media_path)
    stem = f"{p.stem}~{tag}" if tag else p.stem
    folder = "" if str(p.parent) == "." else f"{p.parent}/"
    return (
        lambda w: f"{folder}{stem}-{w}{p.suffix}",
        lambda w: f"{folder}{stem}.webp" if w is None else f"{folder}{stem}-{w}.webp",
    )


# ---------------------------------------------------------------- the cache entry


@dataclass(frozen=True)
class _Entry:
    """One cache entry: the published files under neutral names, independent of the media path.
    ``fallback`` and ``webp`` hold (file name in ``folder``, width, height, mime, size)."""

    folder: Path
    width: int | None
    height: int | None
    fallback: tuple[tuple[str, int, int, str, int], ...]
    webp: tuple[tuple[str, int, int, str, int], ...]
    repaired: bool = False  # found damaged in the cache, and made again

    def publish(self, media_path: str, tag: int = 0) -> tuple[ImageInfo, list[tuple[Path, str]]]:
        """The info and files of this entry for the picture at ``media_path``; ``tag`` picks the
        names of its copies (see the module's notes)."""
        if not self.fallback:  # SVG: the copy of the source
            files = [(self.folder / f, media_path) for f in _files_of(self)]
            return ImageInfo(media_path, None, None, (), ()), files
        small, webp_name = _names(media_path, tag)
        fallback = []
        files = []
        last = len(self.fallback) - 1
        for i, (f, w, h, mime, _) in enumerate(self.fallback):
            path = media_path if i == last else small(w)
            fallback.append(Variant(path, w, h, mime))
            files.append((self.folder / f, path))
        webp = []
        last = len(self.webp) - 1
        for i, (f, w, h, mime, _) in enumerate(self.webp):
            path = webp_name(None if i == last else w)
            webp.append(Variant(path, w, h, mime))
            files.append((self.folder / f, path))
        info = ImageInfo(media_path, self.width, self.height, tuple(fallback), tuple(webp))
        return info, files

    def names(self, media_path: str, tag: int) -> list[str]:
        """The media paths of the copies (every file but the full-size one) under ``tag``."""
        _, files = self.publish(media_path, tag)
        return [path for _, path in files if path != media_path]


def _files_of(entry: _Entry) -> list[str]:
    return [f[0] for f in entry.fallback + entry.webp] if entry.fallback else ["original.svg"]


def cache_key(sha: bytes, kind: str, settings: ImageSettings) -> str:
    """The name of the cache entry of a picture with these bytes, made into ``kind``: it changes
    with every setting of ``images:`` and every encoder setting of this module, so a copy made
    under other settings is never taken for one made under these."""
    fields = {f.name: getattr(settings, f.name) for f in dataclasses.fields(settings)}
    fields["widths"] = _widths(settings)  # in any order, each once
    return digest(
        "bantin.images",
        str(FORMAT),
        PIL.__version__,
        _codecs(),
        sha,
        kind,
        json.dumps(fields, sort_keys=True, default=str),
        json.dumps({"jpeg": JPEG_OPTIONS, "webp-method": WEBP_METHOD}, sort_keys=True),
        *((f"svg-check-{SVG_CHECK}",) if kind == "SVG" else ()),
    ).hex()


@cache
def _codecs() -> str:
    return " ".join(f"{c}={features.version(c)}" for c in ("jpg", "webp", "zlib", "littlecms2"))


def _widths(settings: ImageSettings) -> list[int]:
    return sorted({w for w in settings.widths if isinstance(w, int) and w > 0})


def _read_entry(folder: Path) -> _Entry | None:
    """The entry in ``folder`` if it is whole: its info intact and every file there, with the
    hash it was written with."""
    try:
        data = json.loads((folder / _INFO).read_text(encoding="utf-8"))
        check = data.pop("check")
        if check != _check(data) or data.get("format") != FORMAT:
            return None
        entry = _Entry(
            folder,
            data["width"],
            data["height"],
            tuple(tuple(v) for v in data["fallback"]),  # type: ignore[misc]
            tuple(tuple(v) for v in data["webp"]),  # type: ignore[misc]
        )
        hashes = data["hashes"]
        if sorted(hashes) != sorted(_files_of(entry)):
            return None
        for name, sha in hashes.items():
            if digest((folder / name).read_bytes()).hex() != sha:
                return None
        return entry
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None


def _write_info(folder: Path, made: dict[str, Any]) -> None:
    """``info.json``: what :func:`_make` made, the hash of each file and a hash of it all."""
    data = {"format": FORMAT, **made}
    files = [f[0] for f in made["fallback"] + made["webp"]] or ["original.svg"]
    data["hashes"] = {name: digest((folder / name).read_bytes()).hex() for name in files}
    data["check"] = _check(data)
    (folder / _INFO).write_text(json.dumps(data, sort_keys=True), encoding="utf-8")


def _check(data: dict[str, Any]) -> str:
    """The hash ``info.json`` carries of the rest of itself."""
    return digest(json.dumps(data, sort_keys=True)).hex()


def _entry(source: Path, kind: str, sha: bytes, settings: ImageSettings, cache_dir: Path) -> _Entry:
    """The cache entry of one picture, made if the cache does not have it whole. Raises
    :class:`ImageError` for a file that cannot be read or is not a picture."""
    key = cache_key(sha, kind, settings)
    final = cache_dir / key[:2] / key
    found = _read_entry(final)
    if found is not None:
        return found
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise ImageError(msg("render.image_unreadable", reason=exc.strerror or str(exc))) from exc
    real = digest(data)
    if real != sha:  # changed since it was hashed: kept under the key of the bytes read
        key = cache_key(real, kind, settings)
        final = cache_dir / key[:2] / key
        found = _read_entry(final)
        if found is not None:
            return found
    damaged = os.path.lexists(final)  # there but not whole: entries are renamed in whole
    if make_folder(final.parent, cache_dir.parent):  # a file where a folder should be
        damaged = True
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{key}-", dir=final.parent))
    try:
        made = _make(data, kind, settings, tmp)
        _write_info(tmp, made)
        for attempt in range(3):
            try:
                os.rename(tmp, final)
                break
            except OSError:  # there already: made meanwhile by another process, or damaged
                entry = _read_entry(final)
                if entry is not None:
                    shutil.rmtree(tmp, ignore_errors=True)
                    return entry
                if attempt == 2:
                    raise
                with contextlib.suppress(OSError):
                    remove(final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    entry = _read_entry(final)
    if entry is None:  # only if something removed it under our feet
        raise OSError(f"the image cache entry {final} vanished while it was written")
    return dataclasses.replace(entry, repaired=damaged)


# ---------------------------------------------------------------- making the files


def _make(data: bytes, kind: str, settings: ImageSettings, out: Path) -> dict[str, Any]:
    """Write the files of one picture into ``out``; their description for ``info.json``."""
    if kind == "SVG":
        _check_svg(data)
        (out / "original.svg").write_bytes(data)
        return {"width": None, "height": None, "fallback": [], "webp": [], "size": len(data)}
    im = _open(data)
    with im:
        if kind == "GIF" or (im.format in ("PNG", "WEBP") and getattr(im, "is_animated", False)):
            return _copy(im, data, kind, out)
        return _resize(im, kind, settings, out)


def _open(data: bytes) -> Image.Image:
    """The picture in ``data``, its first frame decoded; :class:`ImageError` if it cannot be."""
    limit = Image.MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", Image.DecompressionBombWarning)
            im = Image.open(BytesIO(data), formats=_DECODERS)
        # past the warning limit only a JPEG is opened: it is decoded at a fraction of its size
        bomb = any(issubclass(w.category, Image.DecompressionBombWarning) for w in caught)
        if bomb and im.format not in ("JPEG", "MPO"):
            im.close()
            raise ImageError(_too_large(limit), msg("render.hint_image_smaller"))
        return im
    except Image.DecompressionBombError as exc:
        raise ImageError(
            _too_large(2 * limit if limit else 0), msg("render.hint_image_smaller")
        ) from exc
    except ImageError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _damaged() from exc


def _check_svg(data: bytes) -> None:
    """Raise :class:`ImageError` for an SVG that would run a program when opened, or that
    cannot be read."""
    danger = svg_danger(data)
    if danger is None:
        return
    if danger.unreadable:
        message = msg("render.svg_unreadable", reason=danger.what)
        raise ImageError(message, msg("render.hint_image_resave"), danger.line, danger.col)
    message = msg("render.svg_script", what=danger.what)
    raise ImageError(message, msg("render.hint_svg_script"), danger.line, danger.col)


def _too_large(limit: int | None) -> Msg:
    return msg("render.image_too_large", limit=(limit or 0) // 1_000_000)


def _damaged() -> ImageError:
    return ImageError(msg("render.image_damaged"), msg("render.hint_image_resave"))


def _load(im: Image.Image) -> None:
    try:
        im.load()
    except Image.DecompressionBombError as exc:
        raise ImageError(
            _too_large(2 * (Image.MAX_IMAGE_PIXELS or 0)), msg("render.hint_image_smaller")
        ) from exc
    except Exception as exc:  # any decoder failure: truncated, corrupt, unsupported variant
        raise _damaged() from exc


def _copy(im: Image.Image, data: bytes, kind: str, out: Path) -> dict[str, Any]:
    """A GIF or an animated picture: published as it is (its first frame must decode)."""
    _load(im)
    name = "original" + _SUFFIX[kind]
    (out / name).write_bytes(data)
    w, h = im.size
    return {"width": w, "height": h, "fallback": [[name, w, h, MIME[kind], len(data)]], "webp": []}


def _orientation(im: Image.Image) -> int:
    try:
        value = im.getexif().get(_ORIENTATION, 1)
    except Exception:  # unreadable EXIF: the picture as stored
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _resize(im: Image.Image, kind: str, settings: ImageSettings, out: Path) -> dict[str, Any]:
    base, icc, sizes = _decode(im, kind, settings)
    full = sizes[-1][0]
    fallback, webp = [], []
    for (w, h), v in zip(sizes, scaled(base, sizes), strict=True):
        name = f"fallback-{w}{_SUFFIX[kind]}"
        size = _save(v, kind, icc, settings.quality, out / name)
        fallback.append([name, w, h, MIME[kind], size])
        if settings.webp and kind != "WEBP":
            name = f"webp-{w}.webp"
            size = _save(v, "WEBP", icc, settings.quality, out / name)
            webp.append([name, w, h, MIME["WEBP"], size])
    return {"width": full, "height": sizes[-1][1], "fallback": fallback, "webp": webp}


def _decode(
    im: Image.Image, kind: str, settings: ImageSettings
) -> tuple[Image.Image, bytes | None, list[tuple[int, int]]]:
    """The opened picture decoded, turned upright and ready to encode (:func:`_prepare`), no
    larger than it needs to be; its ICC profile; the (width, height) of each copy to make of
    it, ascending, the last one the full-size file: never wider than the picture."""
    orientation = _orientation(im)
    w0, h0 = im.size
    swapped = orientation in _SWAPS_SIDES
    ow, oh = (h0, w0) if swapped else (w0, h0)  # as the picture is seen
    widths = _widths(settings)
    full = min(ow, widths[-1]) if widths else ow
    sizes = [(w, max(1, round(oh * w / ow))) for w in widths if w < full] + [
        (full, max(1, round(oh * full / ow)))
    ]
    if im.format in ("JPEG", "MPO") and full < ow:
        # decode at 1/2, 1/4 or 1/8 of the size when that is still at least ``full`` wide
        im.draft(None, (1, full) if swapped else (full, 1))
    _load(im)
    if orientation != 1:
        try:
            im = ImageOps.exif_transpose(im)
        except Exception as exc:
            raise _damaged() from exc
    base, icc = _prepare(im, kind)
    return base, icc, sizes


def scaled(base: Image.Image, sizes: list[tuple[int, int]]) -> list[Image.Image]:
    """``base`` at each of ``sizes`` (ascending, none wider than ``base``): the widest made from
    ``base``, each narrower one from the copy just wider than it, which costs a fraction of
    resizing the full picture each time and looks the same (``python -m bench.image_settings``
    compares them)."""
    out: list[Image.Image] = []
    source = base
    for size in reversed(sizes):
        if source.size != size:
            # a large step (a sixth or less) begins with a box reduction, as good and faster
            source = source.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        out.append(source)
    return out[::-1]


_GREY = {"1", "L", "LA", "La", "I", "I;16", "I;16L", "I;16B", "I;16N", "F"}


def _prepare(im: Image.Image, kind: str) -> tuple[Image.Image, bytes | None]:
    """The picture in a mode ``kind`` can hold (L, RGB, or RGBA for PNG and WebP with real
    transparency), without any metadata; and its ICC profile, if it has one still valid."""
    icc: bytes | None = im.info.get("icc_profile") or None
    grey = im.mode in _GREY
    if im.mode in ("I", "I;16", "I;16L", "I;16B", "I;16N", "F"):  # 16-bit grey: to 8 bits
        im = im.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    elif im.mode == "CMYK":
        im, icc = _cmyk_to_rgb(im, icc)
    if im.mode in ("RGBA", "LA", "PA", "RGBa", "La") or im.has_transparency_data:
        rgba = im.convert("RGBA")
        lowest = rgba.getchannel("A").getextrema()[0]
        if lowest == 255:  # an alpha channel, but nothing transparent
            im = rgba.convert("L" if grey else "RGB")
        elif kind == "JPEG":  # a JPEG cannot be transparent: on white
            im = Image.new("RGB", rgba.size, (255, 255, 255))
            im.paste(rgba, mask=rgba.getchannel("A"))
        else:
            im = rgba
    elif im.mode not in ("L", "RGB"):
        im = im.convert("L" if grey else "RGB")
    # the opened file itself when nothing had to change: no copy of its pixels. Its metadata is
    # dropped here (the encoders read only ``info`` of the picture; ``_save`` passes the profile)
    im.info = {}
    return im, icc


def _cmyk_to_rgb(im: Image.Image, icc: bytes | None) -> tuple[Image.Image, bytes | None]:
    """CMYK (a print file) to sRGB, through its own profile when it has a CMYK one; the result
    carries no profile (untagged means sRGB)."""
    if icc and icc[16:20] == b"CMYK":
        try:
            from PIL import ImageCms

            source = ImageCms.ImageCmsProfile(BytesIO(icc))
            srgb = ImageCms.createProfile("sRGB")
            converted = ImageCms.profileToProfile(im, source, srgb, outputMode="RGB")
            if converted is not None:
                return converted, None
        except Exception:  # a damaged profile, or no LittleCMS: the plain conversion
            pass
    return im.convert("RGB"), None


def _icc_for(icc: bytes | None, mode: str) -> bytes | None:
    """The profile if it describes pictures of ``mode``'s colours (RGB or grey), else None."""
    if not icc or len(icc) < 20:
        return None
    space = icc[16:20]
    if mode in ("RGB", "RGBA") and space == b"RGB ":
        return icc
    if mode in ("L", "LA") and space == b"GRAY":
        return icc
    return None


def _save(im: Image.Image, fmt: str, icc: bytes | None, quality: int, path: Path) -> int:
    """Write ``im`` as ``fmt`` with nothing but the pixels and the profile; the size written."""
    if fmt == "WEBP" and im.mode not in ("RGB", "RGBA"):
        im = im.convert("RGBA" if "A" in im.mode else "RGB")
        im.info = {}
    profile = _icc_for(icc, im.mode)
    buf = BytesIO()
    if fmt == "JPEG":
        im.save(buf, "JPEG", quality=quality, **JPEG_OPTIONS, icc_profile=profile)
    elif fmt == "PNG":
        im.save(buf, "PNG", optimize=True, icc_profile=profile)
    else:
        im.save(buf, "WEBP", quality=quality, method=WEBP_METHOD, icc_profile=profile or b"")
    data = buf.getvalue()
    path.write_bytes(data)
    return len(data)


# ---------------------------------------------------------------- the public functions


def process_image(
    source: Path, media_path: str, sha: bytes, settings: ImageSettings, cache_dir: Path
) -> tuple[ImageInfo, list[tuple[Path, str]]]:
    """Variants of one image; returns its info and the files to publish as (file in cache_dir,
    media path). ``sha`` is :func:`bantin.cache.digest` of the file's bytes. A file that is not a
    picture (by its extension) is published from ``source`` as it is. Raises
    :class:`ImageError` for a picture that cannot be read."""
    kind = kind_of(media_path)
    if kind is None:
        return ImageInfo(media_path, None, None, (), ()), [(source, media_path)]
    return _entry(source, kind, sha, settings, cache_dir).publish(media_path)


_WORK: dict[str, Any] = {}


def _process_part(part: range) -> list[_Entry | ImageError]:
    """The cache entry of each picture of ``part`` (made if needed), or why it cannot be made."""
    jobs, settings, cache_dir = _WORK["jobs"], _WORK["settings"], _WORK["cache_dir"]
    out: list[_Entry | ImageError] = []
    for i in part:
        source, kind, sha = jobs[i]
        try:
            out.append(_entry(source, kind, sha, settings, cache_dir))
        except ImageError as exc:
            out.append(exc)
    return out


def process_images(
    items: list[tuple[Path, str, bytes]],
    settings: ImageSettings,
    cache_dir: Path,
    jobs: int,
    repaired: list[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[dict[str, ImageInfo], list[tuple[Path, str]], list[Problem]]:
    """All images (source file, media path, content sha) on all cores; each bad image becomes a
    Problem naming its file as ``content/media/<media path>``, the others are still processed.
    Returns infos by media path (every item, pictures or not), all files to publish as
    (file, media path) sorted by media path, and the problems. The media paths of pictures whose
    cache entry was found damaged (and made again) are added to ``repaired``.

    The cache is looked up here; only the pictures it does not have are made, spread over the
    cores however few they are (one takes a tenth of a second or more), and ``progress`` is
    told now and then (done, total) how many of those are made."""
    items = sorted(items, key=lambda it: it[1])
    too_long = name_problems([path for _, path, _ in items], settings)
    if too_long:  # named as check names them; the others are still made and checked
        refused = {p.path for p in too_long}
        items = [it for it in items if f"content/media/{it[1]}" not in refused]
    pictures = [(src, kind_of(path), sha) for src, path, sha in items]
    outcome: dict[int, _Entry | ImageError] = {}
    todo = []
    for i, (_, kind, sha) in enumerate(pictures):
        if kind is not None:
            key = cache_key(sha, kind, settings)
            found = _read_entry(cache_dir / key[:2] / key)
            if found is None:
                todo.append(i)
            else:
                outcome[i] = found
    if todo:
        told = None
        if progress is not None:
            tell, total = progress, len(todo)
            tell(0, total)  # the phase has begun: a terminal shows a bar if it lasts

            def told(done: int) -> None:
                tell(done, total)

        _WORK.update(jobs=[pictures[i] for i in todo], settings=settings, cache_dir=cache_dir)
        try:
            made = parallel.run_all(
                _process_part, len(todo), jobs, chunk=1, min_parallel=2, progress=told
            )
        finally:
            _WORK.clear()
        outcome.update(zip(todo, made, strict=True))
    if repaired is not None:
        entries = [(i, e) for i, e in outcome.items() if isinstance(e, _Entry)]
        repaired += [items[i][1] for i, e in entries if e.repaired]
    infos, files, problems = publish_all(
        [(src, path, outcome.get(i)) for i, (src, path, _) in enumerate(items)]
    )
    return infos, files, too_long + problems


def publish_all(
    results: list[tuple[Path, str, _Entry | ImageError | None]],
) -> tuple[dict[str, ImageInfo], list[tuple[Path, str]], list[Problem]]:
    """What :func:`process_images` returns, from the outcome of each item in media path order:
    its cache entry, why it has none, or None for a file that is not a picture. Here the copies
    of a picture whose plain names are taken get their tag."""
    infos: dict[str, ImageInfo] = {}
    files: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    taken = {path.casefold() for _, path, _ in results}
    for source, media_path, result in results:
        if result is None:  # not a picture
            infos[media_path] = ImageInfo(media_path, None, None, (), ())
            files.append((source, media_path))
        elif isinstance(result, ImageError):
            problems.append(
                Problem(
                    f"content/media/{media_path}",
                    result.line,
                    result.col,
                    result.message,
                    result.hint,
                )
            )
        else:
            tag = _free_tag(result, media_path, taken)
            info, mine = result.publish(media_path, tag)
            taken.update(path.casefold() for _, path in mine)
            infos[media_path] = info
            files += mine
    files.sort(key=lambda f: (f[1], str(f[0])))
    return infos, files, problems


def name_problems(media_paths: Iterable[str], settings: ImageSettings) -> list[Problem]:
    """The pictures among ``media_paths`` (all the media files a site publishes) whose copies
    would have a name longer than a file name may be (:data:`~bantin.urls.NAME_LIMIT` bytes):
    a problem naming each, the limit and a shorter name. Reckoned for a picture large enough
    for a copy at every width of ``settings``, with the names :func:`publish_all` gives copies
    that would share a name, so that ``check`` says what any build of these files could meet,
    whatever the size of the pictures."""
    results = [(Path(), path, _widest(path, settings)) for path in sorted(media_paths)]
    infos, _, _ = publish_all(results)
    problems = []
    for path, info in infos.items():
        names = [v.path.rpartition("/")[2] for v in info.fallback + info.webp]
        longest = max(names, key=lambda n: (len(n.encode()), n), default="")
        if len(longest.encode()) <= NAME_LIMIT:
            continue
        name = path.rpartition("/")[2]
        length = len(name.encode())
        fit = NAME_LIMIT - (len(longest.encode()) - length)
        problems.append(
            Problem(
                f"content/media/{path}",
                0,
                0,
                msg(
                    "link.media_name_too_long",
                    length=length,
                    suffix=longest[len(PurePosixPath(name).stem) :],
                    limit=NAME_LIMIT,
                ),
                msg("link.hint_media_name_too_long", fit=fit, name=shorter_name(name, fit)),
            )
        )
    return problems


def _widest(media_path: str, settings: ImageSettings) -> _Entry | None:
    """A cache entry with every copy a picture at ``media_path`` can have under ``settings``
    (one at each width, and WebP ones): its names are the longest a build can give it. None
    for a file that gets no copies (not a picture, SVG, GIF)."""
    kind = kind_of(media_path)
    if kind not in ("JPEG", "PNG", "WEBP"):
        return None
    fallback = tuple(("", w, 0, "", 0) for w in _widths(settings) or [0])
    webp = fallback if settings.webp and kind != "WEBP" else ()
    return _Entry(Path(), 1, 1, fallback, webp)


def _free_tag(entry: _Entry, media_path: str, taken: Collection[str]) -> int:
    """The first tag (0: the plain names) under which no copy of the picture has a name taken."""
    tag = 0
    while any(name.casefold() in taken for name in entry.names(media_path, tag)):
        tag += 1
    return tag


# ---------------------------------------------------------------- HTML


def verify(source: Path, media_path: str) -> Problem | None:
    """Whether a picture can be read, as :func:`process_image` would find (decoded, nothing
    written; an SVG read and checked for scripts): a Problem naming it if not. ``check`` uses
    it."""
    kind = kind_of(media_path)
    if kind is None:
        return None
    try:
        try:
            data = source.read_bytes()
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise ImageError(msg("render.image_unreadable", reason=reason)) from None
        if kind == "SVG":
            _check_svg(data)
            return None
        with _open(data) as im:
            _load(im)
    except ImageError as exc:
        rel = f"content/media/{media_path}"
        return Problem(rel, exc.line, exc.col, exc.message, exc.hint)
    return None


def picture_html(
    info: ImageInfo,
    url: Callable[[str], str],
    alt: str,
    *,
    sizes: str,
    lazy: bool = True,
    cls: str | None = None,
) -> str:
    """``<picture>`` with a WebP ``<source>`` (when there are WebP copies) and an ``<img>`` of the
    original format: ``src`` the full-size file, ``srcset``/``sizes`` when there is more than one
    width, ``width``/``height`` when known, ``alt``, ``class`` (on the ``<img>``), and
    ``loading="lazy" decoding="async"`` or, for a picture seen at once, ``fetchpriority="high"``.
    ``sizes`` is a media-condition list such as ``(min-width: 50em) 48rem, 100vw``."""
    sizes = sizes.strip() or "100vw"
    parts = ["<picture>"]
    if info.webp:
        parts.append(
            _tag(
                "source",
                [("type", "image/webp"), ("srcset", info.srcset(url, webp=True)), ("sizes", sizes)],
            )
        )
    attrs: list[tuple[str, str]] = [("src", _srcset_url(url(info.src)))]
    if len(info.fallback) > 1:
        attrs += [("srcset", info.srcset(url)), ("sizes", sizes)]
    if info.width is not None and info.height is not None:
        attrs += [("width", str(info.width)), ("height", str(info.height))]
    attrs.append(("alt", alt))
    if cls:
        attrs.append(("class", cls))
    if lazy:
        attrs += [("loading", "lazy"), ("decoding", "async")]
    else:
        attrs.append(("fetchpriority", "high"))
    parts.append(_tag("img", attrs))
    parts.append("</picture>")
    return "".join(parts)


def _tag(name: str, attrs: Iterable[tuple[str, str]]) -> str:
    return "<" + name + "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in attrs) + ">"


def remove_stale(cache_dir: Path, published: Iterable[Path], min_age: float = 3600) -> None:
    """Delete the cache entries no file of ``published`` (the files a build published, as
    :func:`process_images` returned them) comes from, and the temporary folders of interrupted
    builds older than ``min_age`` seconds. Call it once the build has copied its files, and never
    while another build of the same project runs."""
    keep = {Path(f).parent for f in published}
    if not cache_dir.is_dir():
        return
    now = time.time()
    for shard in sorted(cache_dir.iterdir()):
        if not shard.is_dir() or len(shard.name) != 2:
            continue
        for entry in sorted(shard.iterdir()):
            if entry in keep:
                continue
            with contextlib.suppress(OSError):
                if entry.name.startswith(".tmp-") and now - entry.stat().st_mtime < min_age:
                    continue
                if entry.is_dir():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
