"""``site_config.yaml`` → a typed, validated :class:`SiteConfig`."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .cache import digest
from .errors import Loc, Problem, SiteError
from .messages import Msg, msg
from .schema import Ctx, convert, own_range
from .text import decimal, decode_text, nfc, nfc_deep
from .vocab import load_vocab
from .yamlio import YamlError, parse_yaml

CONFIG_NAME = "site_config.yaml"
LANGUAGES = ("vi", "en")


@dataclass(frozen=True, kw_only=True)
class Segments:
    """URL segment names; every one may be renamed so a province keeps its URLs."""

    bulletins: str = "tin-tuc"
    profiles: str = "dien-hinh"
    campaigns: str = "phong-trao"
    blocs: str = "khoi"
    tags: str = "chu-de"
    events: str = "hoat-dong"
    search: str = "tim-kiem"
    media: str = "media"
    static: str = "static"
    page: str = "trang"  # pagination: /tin-tuc/trang/2/
    stats: str = "thong-ke"  # the blocs in numbers: /thong-ke/, /thong-ke/<bloc>/
    awards: str = "khen-thuong"  # the award ledger
    data: str = "du-lieu-mo"  # open data: the page and its CSV, JSON and datapackage.json


@dataclass(frozen=True, kw_only=True)
class Category:
    slug: str
    label: str


@dataclass(frozen=True, kw_only=True)
class MenuEntry:
    label: str
    url: str


@dataclass(frozen=True, kw_only=True)
class FeedSettings:
    """``feeds:`` — Atom and RSS for the site and for each bloc, campaign and tag."""

    entries: int = 20  # newest bulletins in each feed
    content: Literal["summary", "full"] = "summary"  # the lead only, or the whole text
    formats: tuple[Literal["atom", "rss"], ...] = ("atom", "rss")


@dataclass(frozen=True, kw_only=True)
class ImageSettings:
    """``images:`` — resized copies of every content image (needs Pillow)."""

    widths: tuple[int, ...] = (320, 640, 800, 960, 1600)  # pixel widths of the resized copies
    quality: int = 75  # JPEG and WebP quality, 1–100
    webp: bool = True  # also write WebP copies (smaller), with the original format as fallback


@dataclass(frozen=True, kw_only=True)
class SearchSettings:
    """``search:`` — the Pagefind index and the page at /tim-kiem/."""

    enabled: bool = True
    # pages in one part of the index, above which a year of bulletins is cut into runs of
    # months (bantin.search.plan_parts); at least MIN_PART_SIZE
    part_size: int = 1500


@dataclass(frozen=True, kw_only=True)
class MarkdownSettings:
    """``markdown:`` — how bulletin text is turned into HTML."""

    # HTML typed into the Markdown: "sanitize" keeps an allow-list of tags and attributes (nh3),
    # "escape" shows it as text, "allow" publishes it as written (only for trusted authors)
    raw_html: Literal["sanitize", "escape", "allow"] = "sanitize"


@dataclass(frozen=True, kw_only=True)
class LimitSettings:
    """``limits:`` — what bantin refuses to read, so one bad file cannot stall a build."""

    # each limit's range is checked below (LIMIT_RANGES), with a message naming the setting
    file_mb: float = own_range(5)  # the largest content or data file (Markdown, YAML), in MB
    # the deepest nesting of quotes, lists and indentation in a Markdown text, and of lists
    # and mappings in YAML (at most NESTING_MAX: Python-Markdown recurses once per level)
    nesting: int = own_range(32)
    # values in one YAML document, anchors and aliases expanded
    yaml_values: int = own_range(100_000)
    # the longest Python-Markdown may be expected to take on one text, estimated from what the
    # text holds before it runs (bantin.text.markdown_cost), in seconds of an ordinary computer
    markdown_seconds: float = own_range(5)
    # the most tags one bulletin may have: each is a page and feeds of its own
    tags: int = own_range(300)

    @property
    def file_bytes(self) -> int:
        return int(self.file_mb * MEGABYTE)

    def too_large(self, size: int) -> Msg | None:
        """The message for a file of ``size`` bytes above ``file_mb``; None below it."""
        if size <= self.file_bytes:
            return None
        mb = size / MEGABYTE
        shown = decimal(round(mb, 1) if mb < 100 else round(mb))
        return msg("load.file_too_large", size=shown, limit=decimal(self.file_mb))


@dataclass(frozen=True, kw_only=True)
class Colors:
    """``branding.colors:`` — the office's colours, ``#rgb`` or ``#rrggbb``; each is checked for
    WCAG AA contrast against what the theme draws it with (its ``theme.yaml``)."""

    primary: str | None = None  # the header, the current page in lists
    accent: str | None = None  # the menu bar, kickers and headings


@dataclass(frozen=True, kw_only=True)
class Contact:
    """``branding.contact:`` — shown in the footer of every page."""

    address: str | None = None
    phone: str | None = None  # linked with tel:
    email: str | None = None  # linked with mailto:


@dataclass(frozen=True, kw_only=True)
class Branding:
    """``branding:`` — the office's own identity; every key may be left out."""

    # an SVG or PNG file in the site folder, e.g. templates/static/logo.svg; the favicons and
    # the picture shown when a page is shared are made from it. Default: the theme's emblem
    logo: str | None = None
    governing_body: str | None = None  # cơ quan chủ quản: above the title, and in the footer
    colors: Colors = field(default_factory=Colors)
    contact: Contact = field(default_factory=Contact)
    licence: str | None = None  # "Giấy phép số …", in the footer


MIN_PART_SIZE = 50  # search.part_size: fewer pages a part would make many small files to fetch
MEGABYTE = 1024 * 1024  # as Windows counts a megabyte
# what limits: may be set to; above these the limits no longer protect anything
LIMIT_RANGES = {
    "file_mb": (0.001, 1024),
    "nesting": (1, 100),
    "yaml_values": (1, 10_000_000),
    "markdown_seconds": (0.01, 3600),
    "tags": (1, 100_000),
}


@dataclass(frozen=True, kw_only=True)
class SiteConfig:
    title: str
    base_url: str
    short_title: str | None = None
    description: str | None = None
    language: str = "vi"
    timezone: str = "Asia/Ho_Chi_Minh"
    province: str | None = None
    publisher: str | None = None
    branding: Branding = field(default_factory=Branding)
    theme: str = "default"
    default_bloc: str | None = None
    # hosts of the office's old portal that will point at this site: redirect_from may name
    # full addresses on them (bantin.redirects)
    old_domains: tuple[str, ...] = ()
    segments: Segments = field(default_factory=Segments)
    categories: tuple[Category, ...] = ()
    menu: tuple[MenuEntry, ...] = ()
    per_page: int = 20
    home_bulletins: int = 8
    related_count: int = 5
    feeds: FeedSettings = field(default_factory=FeedSettings)
    images: ImageSettings = field(default_factory=ImageSettings)
    search: SearchSettings = field(default_factory=SearchSettings)
    markdown: MarkdownSettings = field(default_factory=MarkdownSettings)
    limits: LimitSettings = field(default_factory=LimitSettings)
    output: str = "output"
    vocab: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)
    # derived
    root: Path = field(default=Path("."), metadata={"derived": True}, compare=False)
    vocabularies: Mapping[str, Mapping[str, Any]] = field(
        default_factory=dict, metadata={"derived": True}, compare=False
    )
    # the settings file read (``--config``, else root/site_config.yaml), and its name as the
    # user gave it, for messages; not in the repr: the cache hashes the file itself
    config_file: Path = field(
        default=Path(CONFIG_NAME), metadata={"derived": True}, compare=False, repr=False
    )
    config_name: str = field(
        default=CONFIG_NAME, metadata={"derived": True}, compare=False, repr=False
    )
    # the digest of the bytes read (as the scan hashes the file): a build tells by it that the
    # file was saved again after it was read, and looks at it again the next time
    config_digest: bytes = field(default=b"", metadata={"derived": True}, compare=False, repr=False)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def base_path(self) -> str:
        """The sub-path of ``base_url`` without the trailing slash: ``/khoi-thi-dua`` or ``""``."""
        return urlsplit(self.base_url).path.rstrip("/")

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def output_dir(self) -> Path:
        return (self.root / self.output).resolve()


# a host name as old_domains lists it: labels of letters, digits and hyphens, perhaps a port
_HOST = re.compile(
    r"(?=.{1,253}(?::|$))[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(?::[0-9]{1,5})?"
)

# the settings the command line may give for one run, by their key: the flag that gives them
FLAGS = {"base_url": "--base-url", "output": "--output"}


def load_config(
    root: Path,
    overrides: Mapping[str, Any] | None = None,
    config_file: Path | None = None,
    flags: Mapping[str, str] | None = None,
) -> SiteConfig:
    """Read and validate ``root/site_config.yaml`` (or ``config_file``, ``--config`` as the user
    gave it: relative to the current folder); raise :class:`SiteError` on any problem.
    ``flags`` are settings given on the command line (:data:`FLAGS`), checked like the file's
    and reported under the flag's name."""
    path = root / CONFIG_NAME if config_file is None else config_file
    rel = CONFIG_NAME if config_file is None else config_file.as_posix()
    if not path.is_file():
        from .sources import refusal  # a named pipe, socket or device is never opened

        try:
            refused = refusal(rel, str(path), path.stat())
        except OSError:
            refused = None
        if refused is not None:
            raise SiteError([refused])
        if config_file is not None:
            missing = msg("load.no_config_file", path=rel)
            raise SiteError([Problem(rel, 0, 0, missing, msg("load.hint_config_file"))])
        raise SiteError([Problem(rel, 0, 0, msg("load.no_config"), msg("load.hint_run_in_site"))])
    limits = LimitSettings()  # the file that could raise the limit is this one
    try:
        too_large = limits.too_large(path.stat().st_size)
        if too_large is not None:
            raise SiteError([Problem(rel, 0, 0, too_large)])
        raw = path.read_bytes()
        text = nfc(decode_text(raw))
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise SiteError(
            [Problem(rel, 0, 0, msg("load.unreadable", reason=reason), msg("load.hint_unreadable"))]
        ) from None
    except UnicodeDecodeError as exc:
        raise SiteError(
            [
                Problem(
                    rel,
                    0,
                    0,
                    msg("load.config_not_utf8", reason=exc.reason),
                    msg("load.hint_save_utf8"),
                )
            ]
        ) from None
    try:
        data = parse_yaml(text)
    except YamlError as exc:
        raise SiteError([Problem(rel, exc.line, exc.col, exc.message, exc.hint)]) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SiteError([Problem(rel, 1, 1, msg("load.config_not_mapping"))])
    data = nfc_deep(data)
    for k, v in {**(overrides or {}), **(flags or {})}.items():
        data[k] = v
    problems: list[Problem] = []
    ctx = Ctx(rel, 0, ZoneInfo("UTC"), {}, problems)
    config = convert(data, SiteConfig, ctx, root=root, config_file=path.absolute(), config_name=rel)
    if config is None:
        raise SiteError(problems)
    positions = getattr(data, "pos", {})

    def here(key: str) -> Loc:
        if key in (flags or {}):
            return Loc(FLAGS[key])
        return Loc(rel, *positions.get(key, (1, 1)))

    problems += _check(config, here)
    from .branding import check_branding

    problems += check_branding(config, data)
    vocabularies, vocab_problems = load_vocab(config.vocab, here("vocab"))
    problems += vocab_problems
    if problems:
        raise SiteError(problems)
    return dataclasses.replace(config, vocabularies=vocabularies, config_digest=digest(raw))


def _check(config: SiteConfig, here) -> list[Problem]:
    from .urls import is_slug

    problems = []
    parts = urlsplit(config.base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        problems.append(
            here("base_url").problem(
                msg("load.bad_base_url", url=config.base_url),
                msg("load.for_example", example="https://example.gov.vn/khoi-thi-dua/"),
            )
        )
    elif parts.query or parts.fragment:
        problems.append(here("base_url").problem(msg("load.base_url_query")))
    if config.language not in LANGUAGES:
        problems.append(
            here("language").problem(
                msg("load.no_language_strings", language=config.language),
                msg("load.one_of", choices=", ".join(LANGUAGES)),
            )
        )
    try:
        ZoneInfo(config.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(
            here("timezone").problem(
                msg("load.unknown_timezone", timezone=config.timezone),
                msg("load.for_example", example="Asia/Ho_Chi_Minh"),
            )
        )
    if config.per_page < 1:
        problems.append(here("per_page").problem(msg("load.per_page_too_small")))
    if config.feeds.entries < 1:
        problems.append(
            here("feeds").problem(
                msg("load.feed_entries_too_small", value=config.feeds.entries),
                msg("load.hint_no_feeds"),
            )
        )
    images = config.images
    if not images.widths or any(not 16 <= w <= 8192 for w in images.widths):
        problems.append(
            here("images").problem(
                msg("load.image_widths", widths=", ".join(map(str, images.widths))),
                msg("load.for_example", example="widths: [320, 640, 800, 960, 1600]"),
            )
        )
    if not 1 <= images.quality <= 100:
        problems.append(here("images").problem(msg("load.image_quality", value=images.quality)))
    if config.search.part_size < MIN_PART_SIZE:
        problems.append(
            here("search").problem(
                msg("load.search_part_size", value=config.search.part_size, low=MIN_PART_SIZE),
                msg("load.for_example", example="search: {part_size: 500}"),
            )
        )

    from .text import printable
    from .urls import unsafe_path

    theme_reason = unsafe_path(config.theme) or (
        msg("load.path_reason.folder") if "/" in config.theme else None
    )
    folders = {"theme": theme_reason}  # a folder of themes/, never a path out of it
    if any(ord(c) < 32 or ord(c) == 127 for c in config.output):
        folders["output"] = msg("load.path_reason.control")
    for name, reason in folders.items():
        if reason is not None:
            value = printable(getattr(config, name))
            problems.append(
                here(name).problem(msg("load.bad_folder", name=name, value=value, reason=reason))
            )
    for name, (low, high) in LIMIT_RANGES.items():
        value = getattr(config.limits, name)
        if not low <= value <= high:  # NaN is outside every range too
            problems.append(
                here("limits").problem(
                    msg(
                        "load.limit_range",
                        name=name,
                        low=decimal(low),
                        high=decimal(high),
                        value=decimal(value),
                    )
                )
            )
    for value in config.old_domains:
        if not _HOST.fullmatch(value):
            problems.append(
                here("old_domains").problem(
                    msg("load.bad_old_domain", value=printable(value)),
                    msg("load.for_example", example="old_domains: [mttq.laocai.gov.vn]"),
                )
            )
    seen: dict[str, str] = {}
    for name, value in dataclasses.asdict(config.segments).items():
        if not is_slug(value):
            problems.append(
                here("segments").problem(msg("load.segment_not_slug", name=name, value=value))
            )
        elif value in seen:
            problems.append(
                here("segments").problem(
                    msg("load.segments_same", first=seen[value], second=name, value=value),
                    msg("load.hint_different_names"),
                )
            )
        seen[value] = name
    return problems
