"""The office's identity (``branding:`` in ``site_config.yaml``): checked, and turned into what
the theme shows.

* :func:`check_branding` checks the values the schema cannot: the logo is an SVG or PNG file
  inside the site folder, colours are ``#rgb``/``#rrggbb``, the e-mail address looks like one,
  and every colour reaches WCAG AA contrast (4.5:1) against what the theme draws it with. The
  theme says that in its ``theme.yaml`` (:class:`ThemeInfo`): for each colour, the CSS custom
  property it sets and the colours it is drawn against.
* :func:`brand_view` is what templates read as ``brand``: the logo's file and size, and the
  ``<style>`` that sets the colours.
* :func:`brand_files` makes, with Pillow, the favicon set and the 1200×630 picture shown when a
  page is shared, from the logo (an SVG logo is drawn by resvg first), into a cache folder keyed
  by the logo's bytes and the colours: the same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from .bundled import theme_folder
from .errors import Loc, Problem
from .messages import Msg, msg
from .schema import Ctx, convert
from .text import decimal

if TYPE_CHECKING:
    from .config import SiteConfig

AA_RATIO = 4.5  # WCAG 2.x level AA, normal text
THEME_INFO = "theme.yaml"
LOGO_KINDS = (".svg", ".png")
LOGO_LIMIT = 5 * 1024 * 1024  # a logo larger than this is not a logo
FORMAT = 1  # the version of what brand_files writes: raise it to make the cached files anew
_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_EMAIL = re.compile(r"[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"'.]+")
_NUMBER = rb"([-\d.eE+]+)[\s,]+"
_VIEWBOX = re.compile(rb"""viewBox\s*=\s*["']\s*""" + _NUMBER * 3 + rb"([\d.eE+]+)")
SHARE_SIZE = (1200, 630)
ICON_SIZES = {"apple-touch-icon.png": 180, "icon-192.png": 192, "icon-512.png": 512}
ICO_SIZES = (16, 32, 48)
HEADER_HEIGHT = 48  # CSS pixels the header shows the logo at (3rem)


# ------------------------------------------------------------------ colours


def rgb(color: str) -> tuple[int, int, int]:
    """``#8b1a1a`` or ``#8bb`` → (r, g, b), 0–255."""
    h = color.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def hex_color(value: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*value)


def luminance(color: str) -> float:
    """The WCAG 2.x relative luminance of a colour: 0 for black, 1 for white."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """The WCAG 2.x contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(color: str, toward: str, share: float) -> str:
    """``color`` moved ``share`` (0–1) of the way to ``toward``."""
    return hex_color(
        tuple(round(c + (t - c) * share) for c, t in zip(rgb(color), rgb(toward), strict=True))  # type: ignore[arg-type]
    )


def passing(color: str, other: str) -> str | None:
    """The nearest colour on the way to black or white (whichever ``other`` is not near) that
    reaches AA against ``other``; None when none does."""
    toward = "#000000" if luminance(other) > luminance(color) else "#ffffff"
    for step in range(1, 101):
        candidate = mix(color, toward, step / 100)
        if contrast_ratio(candidate, other) >= AA_RATIO:
            return candidate
    return None


def passing_all(color: str, others: list[str]) -> str | None:
    """The nearest colour (as :func:`passing` finds it) that reaches AA against every one of
    ``others``; None when there is none."""
    candidate: str | None = color
    for _ in range(len(others) + 1):  # each step only moves further the same way
        failing = [o for o in others if contrast_ratio(candidate, o) < AA_RATIO]
        if not failing:
            return candidate
        candidate = passing(candidate, failing[0])
        if candidate is None:
            return None
    return None


def darker(color: str) -> str:
    """The shade the theme uses for a darker variant (the footer, a hovered button)."""
    return mix(color, "#000000", 0.25)


# ------------------------------------------------------------------ the theme's theme.yaml


@dataclass(frozen=True, kw_only=True)
class ColorUse:
    """How a theme draws one colour of ``branding.colors``."""

    property: str  # the CSS custom property the colour sets, e.g. --c-navy
    default: str  # the theme's own value
    shade: str | None = None  # a property set to the colour darkened by a quarter
    text_on: tuple[str, ...] = ()  # backgrounds the colour is drawn on as text
    under: tuple[str, ...] = ()  # text colours drawn on the colour as background


@dataclass(frozen=True, kw_only=True)
class ThemeColors:
    primary: ColorUse | None = None
    accent: ColorUse | None = None


@dataclass(frozen=True, kw_only=True)
class ThemeInfo:
    emblem: str | None = None  # the default logo, an SVG file in the theme folder
    emblem_png: str | None = None  # the same drawn as a PNG, for the favicons (no resvg needed)
    colors: ThemeColors = field(default_factory=ThemeColors)


def load_theme_info(folder: Path, rel: str) -> tuple[ThemeInfo, list[Problem]]:
    """The theme's ``theme.yaml`` (an empty :class:`ThemeInfo` when it has none)."""
    from .yamlio import YamlError, parse_yaml

    path = folder / THEME_INFO
    if not path.is_file():
        return ThemeInfo(), []
    try:
        data = parse_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError) as exc:
        return ThemeInfo(), [Problem(rel, 0, 0, msg("load.unreadable", reason=str(exc)))]
    except YamlError as exc:
        return ThemeInfo(), [Problem(rel, exc.line, exc.col, exc.message, exc.hint)]
    if not isinstance(data, dict):
        return ThemeInfo(), [Problem(rel, 1, 1, msg("load.config_not_mapping"))]
    problems: list[Problem] = []
    info = convert(data, ThemeInfo, Ctx(rel, 0, ZoneInfo("UTC"), {}, problems))
    for name, use in _uses(info) if info else []:
        for value in (use.default, *use.text_on, *use.under):
            if not _COLOR.fullmatch(value):
                problems.append(
                    Problem(rel, 0, 0, msg("load.bad_color", key=f"colors.{name}", value=value))
                )
    return (info or ThemeInfo()), problems


def _uses(info: ThemeInfo) -> list[tuple[str, ColorUse]]:
    return [
        (name, use)
        for name in ("primary", "accent")
        if (use := getattr(info.colors, name)) is not None
    ]


def _theme_safe(config: SiteConfig) -> bool:
    from .urls import unsafe_path

    return unsafe_path(config.theme) is None and "/" not in config.theme


@cache
def _theme_info_cached(folder: Path, rel: str, stamp: tuple[int, int]) -> tuple[ThemeInfo, Any]:
    info, problems = load_theme_info(folder, rel)
    return info, tuple(problems)


def theme_info(config: SiteConfig) -> tuple[ThemeInfo, list[Problem]]:
    """The site's theme's :class:`ThemeInfo`, read once for each version of the file."""
    if not _theme_safe(config):
        return ThemeInfo(), []
    folder = theme_folder(config.root, config.theme)
    try:
        st = (folder / THEME_INFO).stat()
        stamp = (st.st_mtime_ns, st.st_size)
    except OSError:
        stamp = (0, 0)
    rel = f"themes/{config.theme}/{THEME_INFO}"
    info, problems = _theme_info_cached(folder, rel, stamp)
    return info, list(problems)


# ------------------------------------------------------------------ checking site_config.yaml


def _loc(data: Any, rel: str, *keys: str) -> Loc:
    """Where the value at ``keys`` (branding, colors, primary) stood, or its nearest parent."""
    at: tuple[int, int] = (1, 1)
    node = data
    for key in keys:
        positions = getattr(node, "pos", None)
        if not isinstance(node, dict) or positions is None or key not in node:
            break
        at = positions.get(key, at)
        node = node[key]
    return Loc(rel, *at)


def check_branding(config: SiteConfig, data: Any) -> list[Problem]:
    """Problems of ``branding:`` the schema does not see; ``data`` is the YAML as read."""
    branding = config.branding
    raw = data.get("branding") if isinstance(data, dict) else None
    raw = raw if isinstance(raw, dict) else {}

    def here(*keys: str) -> Loc:
        return _loc(data, config.config_name, "branding", *keys)

    problems: list[Problem] = []
    if branding.logo is not None:
        problems += _check_logo(config, branding.logo, here("logo"))
    colors = raw.get("colors") if isinstance(raw.get("colors"), dict) else {}
    for name in ("primary", "accent"):
        value = getattr(branding.colors, name)
        key = f"branding.colors.{name}"
        if name in colors and colors[name] is None:  # primary: #8b1a1a is a YAML comment
            problems.append(
                here("colors", name).problem(
                    msg("load.color_empty", key=key), msg("load.hint_color_quotes")
                )
            )
        elif value is not None and not _COLOR.fullmatch(value.strip()):
            problems.append(
                here("colors", name).problem(
                    msg("load.bad_color", key=key, value=value),
                    msg("load.for_example", example=f'{name}: "#8b1a1a"'),
                )
            )
    email = branding.contact.email
    if email is not None and not _EMAIL.fullmatch(email.strip()):
        problems.append(
            here("contact", "email").problem(
                msg("load.bad_email", value=email),
                msg("load.for_example", example="bbt@mttq.laocai.gov.vn"),
            )
        )
    if not problems:
        problems += check_contrast(config, here)
    return problems


def _check_logo(config: SiteConfig, logo: str, at: Loc) -> list[Problem]:
    from .sanitize import svg_danger
    from .text import printable
    from .urls import unsafe_path

    hint = msg("load.hint_logo")
    reason = unsafe_path(logo)
    path = config.root / logo
    if reason is None:
        try:
            inside = path.resolve().is_relative_to(config.root.resolve())
        except (OSError, RuntimeError):
            inside = False
        if not inside:  # a link leading out of the site folder
            reason = msg("load.path_reason.parent")
    if reason is not None:
        return [at.problem(msg("load.logo_path", value=printable(logo), reason=reason), hint)]
    if path.suffix.lower() not in LOGO_KINDS:
        return [at.problem(msg("load.logo_kind", value=printable(logo)), hint)]
    if not path.is_file():
        return [at.problem(msg("load.logo_missing", value=printable(logo)), hint)]
    try:
        if path.stat().st_size > LOGO_LIMIT:
            too_large = msg("load.logo_unreadable", value=logo)
            return [at.problem(too_large, msg("load.hint_logo_small"))]
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return [at.problem(msg("load.unreadable", reason=reason), msg("load.hint_unreadable"))]
    if path.suffix.lower() == ".svg":
        danger = svg_danger(data)
        if danger is not None:
            return [at.problem(msg("load.logo_unsafe", value=logo, what=danger.what), hint)]
    elif not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return [at.problem(msg("load.logo_unreadable", value=logo), msg("load.hint_logo_resave"))]
    return []


def check_contrast(config: SiteConfig, here: Any) -> list[Problem]:
    """``load.color_contrast`` for each colour of ``branding.colors`` below AA against what
    the theme draws it with."""
    info, problems = theme_info(config)
    if problems:
        return problems
    for name, use in _uses(info):
        value = getattr(config.branding.colors, name)
        if value is None:
            continue
        color = hex_color(rgb(value.strip()))
        pairs = [(other, "text") for other in use.text_on] + [(o, "background") for o in use.under]
        for other, role in pairs:
            ratio = contrast_ratio(color, other)
            if ratio >= AA_RATIO:
                continue
            shown = decimal(_floor(ratio))
            better = passing_all(color, [o for o, _ in pairs])
            lighter = better is not None and luminance(better) > luminance(color)
            example = better or ("#ffffff" if lighter else "#000000")
            if lighter:
                hint = msg("load.hint_color_lighter", example=example)
            else:
                hint = msg("load.hint_color_darker", example=example)
            problems.append(
                here("colors", name).problem(
                    msg(
                        "load.color_contrast",
                        key=f"branding.colors.{name}",
                        value=value,
                        use=_role(role, value, other),
                        ratio=shown,
                        minimum=decimal(AA_RATIO),
                    ),
                    hint,
                )
            )
            break  # one message a colour: the first use that fails
    return problems


def _role(role: str, color: str, other: str) -> Msg:
    if role == "text":
        return msg("load.color_role.text", color=color, other=other)
    return msg("load.color_role.background", color=color, other=other)


def _floor(ratio: float) -> float:
    """A ratio shown with one decimal, rounded down: 4.48 is 4.4, never a passing-looking 4.5."""
    return int(ratio * 10) / 10


# ------------------------------------------------------------------ what templates read


@dataclass(frozen=True)
class BrandView:
    """``brand`` in templates."""

    logo: str  # the header logo, a file of static/ (static_url(brand.logo))
    logo_width: int  # its size in CSS pixels at the header's height
    logo_height: int
    style: str  # CSS setting the theme's colour properties; "" when no colour is set
    svg_icon: bool  # static/favicon.svg exists (the logo is an SVG)
    publisher_logo: str = "icon-512.png"  # a file of static/, for JSON-LD


def logo_source(config: SiteConfig) -> tuple[Path, Path | None]:
    """The logo file (the site's, or the theme's emblem) and a PNG drawing of it, if one is
    given (the theme's ``emblem_png``)."""
    if config.branding.logo:
        return config.root / config.branding.logo, None
    info, _ = theme_info(config)
    folder = theme_folder(config.root, config.theme)
    emblem = folder / (info.emblem or "emblem.svg")
    png = folder / info.emblem_png if info.emblem_png else None
    return emblem, png


def brand_view(config: SiteConfig) -> BrandView:
    logo, _ = logo_source(config)
    svg = logo.suffix.lower() == ".svg"
    width, height = _logo_size(logo)
    shown_width = max(1, round(HEADER_HEIGHT * width / height)) if height else HEADER_HEIGHT
    return BrandView(
        logo="favicon.svg" if svg else "logo.png",
        logo_width=shown_width,
        logo_height=HEADER_HEIGHT,
        style=brand_css(config),
        svg_icon=svg,
    )


def _logo_size(path: Path) -> tuple[float, float]:
    """The logo's width and height (of an SVG, from its viewBox); (1, 1) when not known."""
    try:
        data = path.read_bytes()
    except OSError:
        return 1, 1
    if path.suffix.lower() == ".svg":
        found = _VIEWBOX.search(data)
        if found:
            w, h = float(found.group(3)), float(found.group(4))
            if w > 0 and h > 0:
                return w, h
        return 1, 1
    from PIL import Image

    try:
        with Image.open(BytesIO(data)) as im:
            return im.size
    except Exception:  # checked when the icons are made
        return 1, 1


def brand_css(config: SiteConfig) -> str:
    """``:root{--c-navy:#8b1a1a;…}`` for the colours the site sets; "" when it sets none."""
    info, _ = theme_info(config)
    parts = []
    for name, use in _uses(info):
        value = getattr(config.branding.colors, name)
        if value is None:
            continue
        color = hex_color(rgb(value.strip()))
        parts.append(f"{use.property}:{color}")
        if use.shade:
            parts.append(f"{use.shade}:{darker(color)}")
    return ":root{" + ";".join(parts) + "}" if parts else ""


def publisher_ld(config: SiteConfig, abs_static: Any) -> dict[str, Any] | None:
    """The JSON-LD ``publisher``: the organisation with its logo; None without a publisher."""
    if not config.publisher:
        return None
    return {
        "@type": "Organization",
        "name": config.publisher,
        "logo": {"@type": "ImageObject", "url": abs_static("icon-512.png")},
    }


def phone_href(phone: str) -> str:
    """``tel:`` address of a phone number as written: ``0222 3822 000`` → ``tel:02223822000``."""
    return "tel:" + "".join(c for c in phone if c.isdigit() or c == "+")


# ------------------------------------------------------------------ the favicon set


class BrandError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def brand_key(config: SiteConfig) -> str:
    """What the generated files are made from: the logo's bytes, the colours, the versions."""
    import PIL

    logo, png = logo_source(config)
    h = hashlib.sha256()
    for part in (logo, png):
        h.update(b"\0")
        if part is not None:
            try:
                h.update(part.read_bytes())
            except OSError:
                h.update(b"unreadable")
    h.update(repr((FORMAT, PIL.__version__, _resvg_version(), _colors(config))).encode())
    return h.hexdigest()[:32]


def _resvg_version() -> str:
    try:
        import resvg_py
    except ImportError:
        return ""
    return f"{resvg_py.__version__}/{resvg_py.__resvg_version__}"


def _colors(config: SiteConfig) -> tuple[str, str]:
    """The share picture's background and band colours: the site's, else the theme's."""
    info, _ = theme_info(config)
    out = []
    for name, fallback in (("primary", "#15305a"), ("accent", "#9e1b1f")):
        value = getattr(config.branding.colors, name)
        use = getattr(info.colors, name)
        out.append(hex_color(rgb((value or (use.default if use else fallback)).strip())))
    return out[0], out[1]


def brand_files(config: SiteConfig, cache_dir: Path) -> list[tuple[Path, str]]:
    """The favicon set and share picture as (file, name in static/), made or taken from
    ``cache_dir/<key>/``. Raises :class:`BrandError` when the logo cannot be drawn."""
    key = brand_key(config)
    folder = cache_dir / key
    names = _read_entry(folder)
    if names is None:
        made = _make(config)
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=cache_dir))
        try:
            sums = {}
            for name, data in made.items():
                (tmp / name).write_bytes(data)
                sums[name] = hashlib.sha256(data).hexdigest()
            (tmp / "sums.json").write_text(json.dumps(sums, sort_keys=True), encoding="utf-8")
            if folder.exists():
                shutil.rmtree(folder, ignore_errors=True)
            tmp.rename(folder)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        names = sorted(made)
    for other in cache_dir.iterdir():  # one logo at a time: older entries go
        if other.name != key and not other.name.startswith(".tmp-"):
            shutil.rmtree(other, ignore_errors=True) if other.is_dir() else other.unlink()
    return [(folder / name, name) for name in names]


def _read_entry(folder: Path) -> list[str] | None:
    """The files of a cached entry whose bytes are as written; None otherwise."""
    try:
        sums = json.loads((folder / "sums.json").read_text(encoding="utf-8"))
        for name, sha in sums.items():
            if hashlib.sha256((folder / name).read_bytes()).hexdigest() != sha:
                return None
    except (OSError, ValueError, AttributeError):
        return None
    return sorted(sums)


def _make(config: SiteConfig) -> dict[str, bytes]:
    from PIL import Image

    logo, png = logo_source(config)
    rel = config.branding.logo or logo.name
    try:
        data = logo.read_bytes()
    except OSError as exc:
        raise BrandError(_logo_problem(config, msg("load.unreadable", reason=str(exc)))) from None
    svg = logo.suffix.lower() == ".svg"
    square = _square(_draw(config, logo, png, data, rel), 512)
    primary, accent = _colors(config)
    out: dict[str, bytes] = {}
    for name, size in ICON_SIZES.items():
        icon = square.resize((size, size), Image.Resampling.LANCZOS)
        if name == "apple-touch-icon.png":  # iOS shows transparency as black
            icon = _on(icon, "#ffffff")
        out[name] = _png(icon)
    ico = BytesIO()
    square.save(ico, format="ICO", sizes=[(s, s) for s in ICO_SIZES])
    out["favicon.ico"] = ico.getvalue()
    out["og-image.png"] = _png(_share(square, primary, accent))
    if svg:
        out["favicon.svg"] = data
    else:
        out["logo.png"] = _png(_header_logo(_draw(config, logo, png, data, rel)))
    return out


def _logo_problem(config: SiteConfig, message: str, hint: str = "") -> Problem:
    if config.branding.logo:
        return Problem(config.config_name, 0, 0, message, hint or msg("load.hint_logo_resave"))
    return Problem(f"themes/{config.theme}/{THEME_INFO}", 0, 0, message, hint)


def _draw(config: SiteConfig, logo: Path, png: Path | None, data: bytes, rel: str) -> Any:
    """The logo as an RGBA picture: a PNG read by Pillow, an SVG drawn by resvg."""
    from PIL import Image

    if logo.suffix.lower() == ".svg" and png is not None:
        logo, data = png, png.read_bytes()
    if logo.suffix.lower() == ".svg":
        try:
            import resvg_py
        except ImportError:
            raise BrandError(
                _logo_problem(
                    config, msg("load.logo_needs_resvg", value=rel), msg("load.hint_resvg")
                )
            ) from None
        text = data.decode("utf-8", errors="replace")
        try:
            drawn = bytes(resvg_py.svg_to_bytes(svg_string=text, width=1024))
            im = Image.open(BytesIO(drawn))
            if im.height > 1024:
                drawn = bytes(resvg_py.svg_to_bytes(svg_string=text, height=1024))
                im = Image.open(BytesIO(drawn))
            im.load()
        except Exception:  # resvg's ValueError, or a drawing Pillow cannot read
            raise BrandError(
                _logo_problem(config, msg("load.logo_unreadable", value=rel))
            ) from None
        return im.convert("RGBA")
    try:
        with Image.open(BytesIO(data), formats=["PNG"]) as im:
            if im.width * im.height > 40_000_000:
                raise ValueError("too large")
            im.load()
            return im.convert("RGBA")
    except Exception:  # damaged, not a PNG, a decompression bomb
        raise BrandError(_logo_problem(config, msg("load.logo_unreadable", value=rel))) from None


def _square(im: Any, size: int) -> Any:
    """``im`` fitted in a transparent square of ``size`` pixels, centred."""
    from PIL import Image, ImageOps

    fitted = ImageOps.contain(im, (size, size), Image.Resampling.LANCZOS)
    canvas = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    canvas.alpha_composite(fitted, ((size - fitted.width) // 2, (size - fitted.height) // 2))
    return canvas


def _on(im: Any, color: str) -> Any:
    from PIL import Image

    canvas = Image.new("RGBA", im.size, (*rgb(color), 255))
    canvas.alpha_composite(im)
    return canvas.convert("RGB")


def _share(square: Any, primary: str, accent: str) -> Any:
    """1200×630: the logo on a white card, on the primary colour, between accent bands."""
    from PIL import Image, ImageDraw

    w, h = SHARE_SIZE
    canvas = Image.new("RGBA", (w, h), (*rgb(primary), 255))
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, 0, w, 13), fill=rgb(accent))
    draw.rectangle((0, h - 70, w, h), fill=rgb(accent))
    card = 400
    left, top = (w - card) // 2, (h - 70 - card) // 2 + 7
    draw.rounded_rectangle((left, top, left + card, top + card), radius=24, fill=(255, 255, 255))
    logo = square.resize((card - 60, card - 60), Image.Resampling.LANCZOS)
    canvas.alpha_composite(logo, (left + 30, top + 30))
    return canvas.convert("RGB")


def _header_logo(im: Any) -> Any:
    """A PNG logo at three times the header's height at most."""
    from PIL import Image, ImageOps

    box = (HEADER_HEIGHT * 3 * 4, HEADER_HEIGHT * 3)
    return ImageOps.contain(im, box, Image.Resampling.LANCZOS)


def _png(im: Any) -> bytes:
    out = BytesIO()
    im.save(out, format="PNG", optimize=True)
    return out.getvalue()
