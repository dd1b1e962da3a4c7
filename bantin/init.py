"""``bantin init DIR``: a new, empty site for an office, or a copy of the sample site.

What the office is (its name, province, bloc and member units, address…) comes from the flags,
else from questions in a terminal (Vietnamese by default, the default in brackets; Enter keeps
it). With ``--yes``, or when standard input is not a terminal, nothing is asked: a value no flag
gives gets a default, except the organisation (``--org``), the bloc's name (``--bloc-name``) and
the province (``--province``, unless a province's name is part of the organisation's or the
bloc's name), which are then an error naming the flag to give.

The site is written into a temporary folder beside ``DIR`` and moved into place at the end; it
never overwrites anything: a ``DIR`` that holds anything but hidden entries (``.git``) is refused
before a single file is written, naming what is there. Every value is written to YAML as a
double-quoted scalar and to Markdown with its markup characters escaped, so a name with quotes,
colons, ``#`` or a leading ``-`` reads back as itself.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from .errors import Loc, Problem, SiteError
from .messages import Msg, msg, tr
from .scaffold import bloc_number, short_slug, yaml_scalar
from .text import nfc
from .urls import slugify
from .vocab import shipped

TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_BASE_URL = "https://example.gov.vn/"
LOGO_KINDS = (".svg", ".png")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_MD_ESCAPE = re.compile(r"([\\`*_{}\[\]#|])")
_MD_LINE_START = re.compile(r"^([-+>=:]|\d+[.)])")

Ask = Callable[[str], str]


# ------------------------------------------------------------------ command line


def register(subparsers: Any, **options: Any) -> None:
    """Add the ``init`` command (``options`` go to ``add_parser``, e.g. the shared options)."""
    parser = subparsers.add_parser(
        "init",
        **options,
        help=msg("cli.help.init"),
        description=msg("cli.help.init_description"),
        epilog=msg("cli.help.init_epilog"),
    )
    parser.add_argument("dir", type=Path, metavar="DIR", help=msg("cli.help.init_dir"))
    parser.add_argument("--yes", "-y", action="store_true", help=msg("cli.help.init_yes"))
    parser.add_argument("--sample", action="store_true", help=msg("cli.help.init_sample"))
    parser.add_argument("--bloc-kind", choices=("khoi", "cum"), help=msg("cli.help.init_bloc_kind"))
    parser.add_argument(
        "--member",
        dest="members",
        action="append",
        metavar='"FULL NAME=SHORT NAME"',
        help=msg("cli.help.init_member"),
    )
    parser.add_argument("--language", choices=("vi", "en"), help=msg("cli.help.init_language"))
    parser.add_argument("--logo", type=Path, metavar="FILE", help=msg("cli.help.init_logo"))
    texts = {  # flag: metavar
        "org": "NAME",
        "province": "NAME",
        "bloc-name": "NAME",
        "base-url": "URL",
        "title": "TITLE",
        "governing-body": "NAME",
        "address": "TEXT",
        "phone": "TEXT",
        "email": "ADDRESS",
        "licence": "TEXT",
        "primary-color": "#RRGGBB",
        "accent-color": "#RRGGBB",
    }
    for flag, metavar in texts.items():
        key = "cli.help.init_" + flag.replace("-", "_")
        parser.add_argument(f"--{flag}", metavar=metavar, help=msg(key))


def run(args: argparse.Namespace, lang: str) -> int:
    """Create the site ``args`` asks for and say where; user problems raise :class:`SiteError`."""
    target = Path(args.dir)
    if args.sample:
        copy_sample(target)
        print(tr(msg("new.init_sample_created", dir=_shown(target)), lang))
    else:
        ask = _asker(lang) if not args.yes and _can_ask() else None
        office = collect(args, ask, lang)
        notes = create(target, office)
        print(tr(msg("new.init_created", dir=_shown(target), org=office.org), lang))
        for note in notes:
            print(tr(note, lang))
    print(tr(msg("new.init_next", dir=_shown(target)), lang))
    return 0


def _can_ask() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _asker(lang: str) -> Ask:
    def ask(prompt: str) -> str:
        try:
            return input(prompt)
        except EOFError:  # Ctrl-D: stop, nothing is written
            print()
            raise KeyboardInterrupt from None

    return ask


def _shown(path: Path) -> str:
    return path.as_posix()


# ------------------------------------------------------------------ what the office is


@dataclass
class Member:
    slug: str
    name: str
    short_name: str | None = None


@dataclass
class Office:
    org: str
    province: str  # the province's name, as written
    province_slug: str
    bloc_name: str
    bloc_kind: str
    members: list[Member] = field(default_factory=list)
    base_url: str = DEFAULT_BASE_URL
    language: str = "vi"
    title: str = ""
    governing_body: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    licence: str | None = None
    logo: Path | None = None
    primary_color: str | None = None
    accent_color: str | None = None

    @property
    def bloc_slug(self) -> str:
        return short_slug(slugify(self.bloc_name))

    @property
    def contact(self) -> dict[str, str]:
        items = {"address": self.address, "phone": self.phone, "email": self.email}
        return {k: v for k, v in items.items() if v}


def _clean(value: str | None) -> str | None:
    """One line of text, NFC, or None when there is nothing."""
    if value is None:
        return None
    text = " ".join(nfc(str(value)).split())
    return text or None


def collect(args: argparse.Namespace, ask: Ask | None, lang: str) -> Office:
    """The office from the flags, asking (when ``ask`` is given) for what they leave out."""
    problems: list[Problem] = []
    prompt = _Prompter(ask, lang)
    prompt.intro()
    org = prompt.text("org", _clean(args.org))
    governing_body = prompt.text("governing_body", _clean(args.governing_body), optional=True)
    bloc_name = prompt.text("bloc_name", _clean(args.bloc_name))
    guessed = _province_in(org, bloc_name, governing_body)
    province = prompt.text("province", _clean(args.province), default=guessed)
    kind = args.bloc_kind or prompt.choice("bloc_kind", ("khoi", "cum"), _kind_of(bloc_name or ""))
    members = _members(args.members or [], problems)
    if ask is not None and not args.members:
        members = prompt.members()
    title = prompt.text("title", _clean(args.title), default=bloc_name)
    base_url = prompt.text("base_url", _clean(args.base_url), default=DEFAULT_BASE_URL)
    address = prompt.text("address", _clean(args.address), optional=True)
    phone = prompt.text("phone", _clean(args.phone), optional=True)
    email = prompt.text("email", _clean(args.email), optional=True)

    for value, flag, key in (
        (org, "--org", "new.init_missing_org"),
        (bloc_name, "--bloc-name", "new.init_missing_bloc_name"),
        (province, "--province", "new.init_missing_province"),
    ):
        if not value:
            problems.append(Problem(flag, 0, 0, msg(key), msg("new.init_missing_hint")))
    if not members and not args.members:
        hint = msg("new.init_missing_hint")
        problems.append(Problem("--member", 0, 0, msg("new.init_missing_members"), hint))
    province_name, province_slug = _province(province or "", problems)
    if bloc_name and not slugify(bloc_name):
        problems.append(Problem("--bloc-name", 0, 0, msg("new.init_empty_slug", name=bloc_name)))
    base_url = _base_url(base_url or DEFAULT_BASE_URL, problems)
    colors = {}
    for flag, value in (
        ("--primary-color", args.primary_color),
        ("--accent-color", args.accent_color),
    ):
        value = _clean(value)
        if value is not None and not _COLOR.match(value):
            problems.append(Problem(flag, 0, 0, msg("new.init_bad_color", flag=flag, value=value)))
        colors[flag] = value.lower() if value else None
    if not problems:
        problems += _contrast(Path(args.dir), colors["--primary-color"], colors["--accent-color"])
    logo = _logo(args.logo, problems)
    if problems:
        raise SiteError(problems)
    assert org and bloc_name
    return Office(
        org=org,
        province=province_name,
        province_slug=province_slug,
        bloc_name=bloc_name,
        bloc_kind=kind,
        members=members,
        base_url=base_url,
        language=args.language or "vi",
        title=title or bloc_name,
        governing_body=governing_body,
        address=address,
        phone=phone,
        email=email,
        licence=_clean(args.licence),
        logo=logo,
        primary_color=colors["--primary-color"],
        accent_color=colors["--accent-color"],
    )


def _contrast(target: Path, primary: str | None, accent: str | None) -> list[Problem]:
    """The contrast check a build makes of the colours (against the installed theme the new
    site will use), each problem naming its flag: a site init writes always builds."""
    from .branding import check_contrast
    from .config import Branding, Colors, SiteConfig

    config = SiteConfig(
        title="-",
        base_url=DEFAULT_BASE_URL,
        root=target,
        branding=Branding(colors=Colors(primary=primary, accent=accent)),
    )
    flags = {"primary": "--primary-color", "accent": "--accent-color"}
    return check_contrast(config, lambda *keys: Loc(flags.get(keys[-1], "--primary-color")))


class _Prompter:
    """Asks for one value at a time in a terminal; without a terminal, gives what it was given."""

    def __init__(self, ask: Ask | None, lang: str):
        self.ask = ask
        self.lang = lang

    def _say(self, text: Msg) -> None:
        print(tr(text, self.lang))

    def intro(self) -> None:
        if self.ask is not None:
            self._say(msg("new.init_ask_intro"))

    def _line(self, name: str, default: str | None) -> str:
        label = tr(msg(f"new.init_ask_{name}"), self.lang)
        shown = f" [{default}]" if default else ""
        assert self.ask is not None
        return _clean(self.ask(f"{label}{shown}: ")) or ""

    def text(
        self, name: str, given: str | None, default: str | None = None, optional: bool = False
    ) -> str | None:
        if given is not None or self.ask is None:
            return given or default
        while True:
            answer = self._line(name, default) or default
            if answer or optional:
                return answer
            self._say(msg("new.init_ask_required"))

    def choice(self, name: str, choices: tuple[str, ...], default: str) -> str:
        if self.ask is None:
            return default
        while True:
            answer = (self._line(name, default) or default).lower()
            if answer in choices:
                return answer
            self._say(msg("new.init_ask_choose", choices=", ".join(choices)))

    def members(self) -> list[Member]:
        """Members one a line, ``Tên đầy đủ=Tên ngắn``, until an empty line."""
        self._say(msg("new.init_ask_members"))
        found: list[Member] = []
        while True:
            line = self._line("member", None)
            if not line and found:
                return found
            if not line:
                self._say(msg("new.init_ask_required"))
                continue
            problems: list[Problem] = []
            member = _member(line, problems)
            if member is not None:
                _same_slug(found, member, problems)
            if problems:
                self._say(problems[0].message)
                continue
            assert member is not None
            found.append(member)


def _kind_of(bloc_name: str) -> str:
    return "cum" if bloc_name.casefold().startswith("cụm") else "khoi"


def _member(value: str, problems: list[Problem]) -> Member | None:
    name, _, short = nfc(value).partition("=")
    name, short_name = _clean(name), _clean(short)
    if not name:
        problems.append(Problem("--member", 0, 0, msg("new.init_bad_member", value=value)))
        return None
    slug = short_slug(slugify(name))
    if not slug:
        problems.append(Problem("--member", 0, 0, msg("new.init_empty_slug", name=name)))
        return None
    return Member(slug, name, short_name)


def _same_slug(found: list[Member], member: Member, problems: list[Problem]) -> None:
    for other in found:
        if other.slug == member.slug:
            problems.append(
                Problem(
                    "--member",
                    0,
                    0,
                    msg(
                        "new.init_same_slug", first=other.name, second=member.name, slug=member.slug
                    ),
                    msg("new.init_same_slug_hint"),
                )
            )


def _members(values: list[str], problems: list[Problem]) -> list[Member]:
    found: list[Member] = []
    for value in values:
        member = _member(value, problems)
        if member is None:
            continue
        mine: list[Problem] = []
        _same_slug(found, member, mine)
        problems += mine
        if not mine:
            found.append(member)
    return found


def _provinces() -> dict[str, dict[str, Any]]:
    return dict(shipped().get("provinces", {}))


def _province_in(*texts: str | None) -> str | None:
    """The name of a current province named in one of ``texts``: "Bắc Ninh" in "Ủy ban MTTQ
    Việt Nam tỉnh Bắc Ninh". None when no text names one."""
    for text in texts:
        if not text:
            continue
        words = f" {slugify(text)} ".replace("-", " ")
        for slug, entry in _provinces().items():
            if not entry.get("merged_into") and f" {slug.replace('-', ' ')} " in words:
                return str(entry.get("name") or slug)
    return None


def _province(value: str, problems: list[Problem]) -> tuple[str, str]:
    """(name, slug) of the province written ``value``: "Bắc Ninh", "tỉnh Bắc Ninh" or
    "bac-ninh". A province bantin does not list keeps its name (init adds it to vocab:)."""
    name = re.sub(r"^(tỉnh|thành phố|tp\.?)\s+", "", value.strip(), flags=re.IGNORECASE)
    slug = slugify(name)
    if value and not slug:
        problems.append(Problem("--province", 0, 0, msg("new.init_empty_slug", name=value)))
    known = _provinces().get(slug)
    if known:
        name = str(known.get("name") or name)
    return name, slug


def _base_url(value: str, problems: list[Problem]) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        problems.append(
            Problem(
                "--base-url",
                0,
                0,
                msg("load.bad_base_url", url=value),
                msg("load.for_example", example="https://thiduatinh.example.vn/"),
            )
        )
    elif parts.query or parts.fragment:
        problems.append(Problem("--base-url", 0, 0, msg("load.base_url_query")))
    return value if value.endswith("/") else value + "/"


def _logo(path: Path | None, problems: list[Problem]) -> Path | None:
    if path is None:
        return None
    if path.suffix.lower() not in LOGO_KINDS:
        problems.append(Problem("--logo", 0, 0, msg("new.init_logo_kind", path=_shown(path))))
    elif not path.is_file():
        problems.append(Problem("--logo", 0, 0, msg("new.init_no_logo", path=_shown(path))))
    return path


# ------------------------------------------------------------------ writing the site


def create(target: Path, office: Office, now: datetime | None = None) -> list[Msg]:
    """Write the site of ``office`` into ``target``; the notes for the office about what is
    left to fill in. Nothing is written when ``target`` holds anything."""
    moment = now or datetime.now(ZoneInfo(TIMEZONE))
    files = site_files(office, moment)
    _refuse_existing(target, [*files, *_logo_rel(office)])

    def write(folder: Path) -> None:
        for rel, text in files.items():
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "x", encoding="utf-8", newline="\n") as out:
                out.write(text)
        if office.logo is not None:
            dest = folder / _logo_rel(office)[0]
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(office.logo, dest)

    _write_beside(target, write)
    return _notes(office, moment)


def copy_sample(target: Path) -> None:
    """Copy the sample site's ``site_config.yaml``, ``content/`` and ``templates/``."""
    from .bundled import SAMPLE_PARTS, sample_site

    source = sample_site()
    parts = [p for p in SAMPLE_PARTS if (source / p).exists()]
    rels = [
        p.relative_to(source).as_posix()
        for part in parts
        for p in ([source / part] if (source / part).is_file() else (source / part).rglob("*"))
        if p.is_file()
    ]
    _refuse_existing(target, rels)

    def write(folder: Path) -> None:
        for part in parts:
            if (source / part).is_dir():
                shutil.copytree(source / part, folder / part)
            else:
                shutil.copy2(source / part, folder / part)

    _write_beside(target, write)


def _logo_rel(office: Office) -> list[str]:
    if office.logo is None:
        return []
    return ["templates/static/logo" + office.logo.suffix.lower()]


def _refuse_existing(target: Path, rels: list[str]) -> None:
    """Refuse a ``target`` that is a file, or a folder holding anything but hidden entries
    (``.git``), or a hidden entry the site would write (``.gitignore``)."""
    shown = _shown(target)
    if target.exists() and not target.is_dir():
        raise SiteError([Problem(shown, 0, 0, msg("new.init_not_a_folder", dir=shown))])
    if not target.is_dir():
        return
    present = sorted(p.name for p in target.iterdir())
    tops = {rel.split("/")[0] for rel in rels}
    clashes = [rel for rel in rels if (target / rel).exists()]
    others = [name for name in present if not name.startswith(".") or name in tops]
    if clashes or others:
        listed = clashes or others
        more = len(listed) - 10
        files = ", ".join(listed[:10]) + (f" (+{more})" if more > 0 else "")
        key = "new.init_would_overwrite" if clashes else "new.init_not_empty"
        raise SiteError(
            [Problem(shown, 0, 0, msg(key, dir=shown, files=files), msg("new.init_not_empty_hint"))]
        )


def _write_beside(target: Path, write: Callable[[Path], None]) -> None:
    """Run ``write`` on a temporary folder beside ``target``, then move what it wrote into
    ``target``: a failure halfway leaves nothing behind."""
    parent = target.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".bantin-init", dir=parent))
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o777 & ~umask)  # as a folder made by mkdir, not mkdtemp's 0700
        write(temp)
        if not target.exists():
            os.rename(temp, target)
            return
        for entry in sorted(temp.iterdir()):
            dest = target / entry.name
            if dest.exists():  # made meanwhile by someone else: still never overwritten
                raise SiteError([Problem(_shown(dest), 0, 0, msg("new.exists", path=_shown(dest)))])
            os.rename(entry, dest)
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def _cannot_write(target: Path, exc: OSError) -> SiteError:
    shown = _shown(target)
    error = exc.strerror or str(exc)
    return SiteError([Problem(shown, 0, 0, msg("new.cannot_write", path=shown, error=error))])


def _notes(office: Office, moment: datetime) -> list[Msg]:
    bloc_file = f"content/blocs/{office.bloc_slug}.yaml"
    notes: list[Msg] = []
    if office.base_url == DEFAULT_BASE_URL:
        notes.append(msg("new.init_note_base_url", url=office.base_url))
    key = (
        "new.init_note_leadership_cum" if office.bloc_kind == "cum" else "new.init_note_leadership"
    )
    notes.append(msg(key, path=bloc_file, year=moment.year))
    if not office.contact:
        notes.append(msg("new.init_note_contact", path="content/pages/lien-he.md"))
    if office.province_slug not in _provinces():
        notes.append(msg("new.init_note_province", name=office.province))
    return notes


# ------------------------------------------------------------------ the files' text


def q(value: Any) -> str:
    """``value`` as a YAML scalar that reads back as itself (text in double quotes)."""
    return yaml_scalar(value)


def md(text: str) -> str:
    """``text`` as Markdown that shows as itself: markup characters escaped, ``<`` and ``&``
    as entities."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_ESCAPE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(r"\\\1", text)


def site_files(office: Office, moment: datetime) -> dict[str, str]:
    """Every text file of the new site: its path → its text."""
    year = moment.year
    return {
        "site_config.yaml": site_config(office, moment),
        f"content/blocs/{office.bloc_slug}.yaml": bloc_file(office, year),
        "content/pages/gioi-thieu.md": about_page(office),
        "content/pages/lien-he.md": contact_page(office),
        f"content/bulletins/{year}/huong-dan-viet-tin.md": draft_bulletin(office, moment),
        ".gitignore": "output/\n.cache/\nxem-truoc/\n",
        "README.md": readme(office),
    }


def _words(office: Office) -> dict[str, str]:
    """How the bloc is called: khối or cụm."""
    cum = office.bloc_kind == "cum"
    return {
        "bloc": "cụm" if cum else "khối",
        "Bloc": "Cụm" if cum else "Khối",
        "head": "Trưởng cụm" if cum else "Trưởng khối",
        "deputy": "Phó cụm" if cum else "Phó khối",
    }


def site_config(office: Office, moment: datetime) -> str:
    w = _words(office)
    lines = [
        f"# Cài đặt của trang tin, do bantin init tạo ngày {moment:%d/%m/%Y}.",
        '# Ý nghĩa từng mục: xem tài liệu của bantin. Chữ đặt trong ngoặc kép "…".',
        f"title: {q(office.title)}",
        f"short_title: {q('Tin thi đua ' + office.province)}",
        "description: "
        + q(f"Tin hoạt động, kết quả thi đua và gương điển hình tiên tiến của {office.bloc_name}."),
        f"base_url: {q(office.base_url)}   # địa chỉ công khai của trang, kết thúc bằng /",
        f"language: {office.language}",
        f"timezone: {TIMEZONE}",
        f"province: {office.province_slug}",
        f"publisher: {q(office.org)}   # cơ quan đăng tin",
        f"default_bloc: {office.bloc_slug}   # {w['bloc']} của tin không ghi bloc:",
        "theme: default",
    ]
    branding = _branding(office)
    if branding:
        lines += ["branding:", *branding]
    if office.province_slug not in _provinces():
        lines += [
            "vocab:   # tỉnh chưa có trong danh mục của bantin",
            "  provinces:",
            f"    {office.province_slug}: {{name: {q(office.province)}}}",
        ]
    return "\n".join(lines) + "\n"


def _branding(office: Office) -> list[str]:
    """The ``branding:`` lines: only the keys given."""
    lines: list[str] = []
    for rel in _logo_rel(office):
        lines.append(f"  logo: {rel}")
    if office.governing_body:
        lines.append(f"  governing_body: {q(office.governing_body)}   # cơ quan chủ quản")
    colors = {"primary": office.primary_color, "accent": office.accent_color}
    if any(colors.values()):
        lines.append("  colors:")
        lines += [f"    {k}: {q(v)}" for k, v in colors.items() if v]
    if office.contact:
        lines.append("  contact:")
        lines += [f"    {k}: {q(v)}" for k, v in office.contact.items()]
    if office.licence:
        lines.append(f"  licence: {q(office.licence)}")
    return lines


def bloc_file(office: Office, year: int) -> str:
    w = _words(office)
    number = bloc_number(office.bloc_name)
    lines = [
        f"# {w['Bloc']} thi đua: các đơn vị thành viên, {w['head']} từng năm, kết quả thi đua.",
        '# Các dòng bắt đầu bằng "#" là lời nhắc. Muốn dùng một mục đang tắt: xoá dấu "#"',
        "# ở đầu dòng (giữ nguyên khoảng thụt đầu dòng).",
        f"kind: {office.bloc_kind}   # khoi (khối thi đua) | cum (cụm thi đua)",
    ]
    if number:
        lines.append(f"number: {number}")
    lines += [
        f"name: {q(office.bloc_name)}",
        f"province: {office.province_slug}",
    ]
    lines.append("members:   # mỗi đơn vị một mục; slug là tên không dấu, dùng trong liên kết")
    for m in office.members:
        lines += [f"  - slug: {m.slug}", f"    name: {q(m.name)}"]
        if m.short_name:
            lines.append(f"    short_name: {q(m.short_name)}")
    example = office.members[0].slug
    lines += [
        f"# leadership:   # {w['head']}, {w['deputy']} từng năm (là đơn vị thành viên)",
        f"#   - year: {year}",
        f"#     head: {example}   # đơn vị {w['head']}",
        f"#     deputy: …   # đơn vị {w['deputy']}",
        "#     selected_by: elected   # rotation (luân phiên) | elected (bầu) | appointed",
        f"#     decided_on: {year}-01-15   # ngày bầu, chỉ định",
        "# results:   # kết quả thi đua từng năm: xem tài liệu của bantin",
    ]
    return "\n".join(lines) + "\n"


def _front(**fields: Any) -> list[str]:
    return ["---", *(f"{k}: {q(v)}" for k, v in fields.items()), "---"]


def about_page(office: Office) -> str:
    w = _words(office)
    lines = _front(
        title="Giới thiệu",
        menu=1,
        summary=f"Trang tin về hoạt động của {office.bloc_name}.",
    )
    lines += [
        f"Trang tin này do {md(office.org)} thực hiện, đăng tải tin tức về hoạt động của "
        f"[{md(office.bloc_name)}](bloc:{office.bloc_slug}): ký giao ước thi đua, phát động "
        "phong trào, sơ kết, tổng kết, bình xét và biểu dương điển hình tiên tiến.",
    ]
    if office.governing_body:
        lines += ["", f"Cơ quan chủ quản: {md(office.governing_body)}."]
    if office.members:
        lines += ["", "## Các đơn vị thành viên", ""]
        for m in office.members:
            short = f" ({md(m.short_name)})" if m.short_name else ""
            lines.append(f"* {md(m.name)}{short}")
    lines += [
        "",
        f"Mỗi năm, các đơn vị thành viên chọn ra một đơn vị {w['head']} và một đơn vị "
        f"{w['deputy']} để điều hành công việc chung của {w['bloc']}.",
    ]
    if office.contact:  # a draft Contact page cannot be linked to
        lines += [
            "",
            "Mọi ý kiến góp ý, đề nghị đính chính xin gửi về địa chỉ tại trang "
            "[Liên hệ](page:lien-he).",
        ]
    return "\n".join(lines) + "\n"


def contact_page(office: Office) -> str:
    contact = office.contact
    fields: dict[str, Any] = {
        "title": "Liên hệ",
        "menu": 2,
        "summary": f"Địa chỉ liên hệ của {office.org}.",
    }
    if not contact:
        fields["draft"] = True
    lines = _front(**fields)
    if not contact:
        lines += [
            "Trang này là bản nháp (draft: true), chưa được đăng: hãy ghi địa chỉ, số điện "
            "thoại và thư điện tử của cơ quan dưới đây, rồi đổi thành draft: false.",
            "",
        ]
    lines += [f"**{md(office.org)}**", ""]
    labels = {"address": "Địa chỉ", "phone": "Điện thoại", "email": "Thư điện tử"}
    for key, label in labels.items():
        lines.append(f"* {label}: {md(contact.get(key, '…'))}")
    lines += [
        "",
        "## Gửi tin, bài",
        "",
        "Các đơn vị thành viên gửi tin, bài và ảnh về hoạt động của "
        f"{_words(office)['bloc']} về địa chỉ trên. Tin cần ghi rõ thời gian, địa điểm, "
        "người viết và người chụp ảnh.",
    ]
    return "\n".join(lines) + "\n"


def draft_bulletin(office: Office, moment: datetime) -> str:
    w = _words(office)
    year = moment.year
    lines = _front(
        title="Hướng dẫn viết tin đầu tiên",
        date=moment.date(),
        draft=True,
    )
    lines[-1:-1] = ["# draft: true = bản nháp: tin này không được đăng lên trang web."]
    lines += [
        "Đây là một tin mẫu ở dạng **bản nháp** (dòng `draft: true` ở đầu tệp): bantin không "
        "đăng tin nháp khi dựng trang bằng `bantin build`; lệnh xem trước `bantin serve` vẫn "
        "hiện tin và ghi rõ đây là bản nháp. Đọc xong, có thể xoá tệp này.",
        "",
        "## Tạo một tin mới",
        "",
        "Trong thư mục của trang, gõ lệnh:",
        "",
        '    bantin new tin "Hội nghị sơ kết 6 tháng đầu năm"',
        "",
        f"bantin tạo tệp mới trong thư mục `content/bulletins/{year}/`, tên tệp lấy từ tiêu đề. "
        "Phần đầu tệp, giữa hai dòng `---`, ghi các thông tin của tin: tiêu đề (`title`), "
        f"ngày đăng (`date`), {w['bloc']} thi đua (`bloc`), loại hoạt động (`event_types`)… "
        "Mỗi dòng có lời nhắc bắt đầu bằng dấu `#`.",
        "",
        "## Viết nội dung",
        "",
        "Nội dung viết dưới dòng `---` thứ hai. Đoạn đầu tiên là phần tóm tắt hiện trong "
        "danh sách tin. Đề mục nhỏ bắt đầu bằng `## `. Ảnh đặt trong thư mục "
        f"`content/media/{year}/` và chèn vào bài trên một dòng riêng, chú thích ở dòng dưới. "
        f"Liên kết tới trang của {w['bloc']} viết là `[tên {w['bloc']}](bloc:{office.bloc_slug})`.",
        "",
        "## Đăng tin",
        "",
        "Viết xong, đổi `draft: true` thành `draft: false`, chạy `bantin check` để kiểm tra, "
        "rồi `bantin build` để dựng trang vào thư mục `output/`.",
    ]
    return "\n".join(lines) + "\n"


def readme(office: Office) -> str:
    w = _words(office)
    bloc_file = f"content/blocs/{office.bloc_slug}.yaml"
    lines = [
        f"# Trang tin {office.bloc_name}",
        "",
        f"Trang tin của {office.org}, dựng bằng bantin.",
        "",
        "## Các lệnh",
        "",
        "Chạy trong thư mục này:",
        "",
        "- `bantin serve`: xem trước trang trên máy này (kể cả tin nháp), tự cập nhật khi sửa tệp.",
        "- `bantin check`: kiểm tra mọi tệp, không ghi gì.",
        "- `bantin build`: dựng trang vào thư mục `output/`; đưa thư mục này lên máy chủ.",
        '- `bantin new tin "Tiêu đề"`: tạo một tin mới (bản nháp) đúng chỗ.',
        "",
        "## Viết gì ở đâu",
        "",
        "- `site_config.yaml`: tên trang, địa chỉ (base_url), cơ quan, biểu trưng, màu sắc.",
        f"- `{bloc_file}`: {w['bloc']} thi đua, các đơn vị thành viên, "
        f"{w['head']} từng năm, kết quả thi đua.",
        "- `content/bulletins/<năm>/`: tin bài, mỗi tin một tệp `.md`.",
        "- `content/profiles/`: gương điển hình; `content/campaigns/`: phong trào thi đua.",
        "- `content/pages/`: các trang Giới thiệu, Liên hệ.",
        "- `content/media/<năm>/`: ảnh và tệp đính kèm.",
        "- `templates/`: tệp thay cho tệp cùng tên của giao diện; `templates/static/`: biểu "
        "trưng và các tệp tĩnh khác.",
        "",
        "Thư mục `output/`, `.cache/` và `xem-truoc/` do bantin tạo ra, không cần sửa hay lưu.",
        "",
        "## Tài liệu",
        "",
        "Hướng dẫn đầy đủ: tài liệu của bantin (thư mục `docs/` trong mã nguồn bantin), "
        "và `bantin --help`, `bantin new --help`.",
    ]
    return "\n".join(lines) + "\n"
