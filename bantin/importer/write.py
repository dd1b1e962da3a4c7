"""A :class:`~.model.Draft` written as a draft bulletin a person checks.

``content/bulletins/<year>/<slug>.md`` (``chua-ro-ngay/`` when no date is known), opening with a
comment that lists every guess and how sure it is; its pictures copied to
``content/media/<year>/``; campaigns it names that the site does not know written as draft stubs.
Nothing is ever overwritten: a source already imported (its checksum is in some bulletin's
``imported:``) is reported, not written again; another article with the same slug gets ``-2``.
Each file is written whole or not at all (a temporary file, then a link to the final name)."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..frontmatter import ContentFileError, split_front_matter
from ..messages import msg, tr
from ..scaffold import yaml_scalar
from ..urls import UNDATED_FOLDER, shorter_name, slugify
from ..yamlio import YamlError, parse_yaml
from .draft import one_line, title_slug
from .model import Draft, Finding, Picture

MEDIA_NAME_LIMIT = 100  # bytes of a copied picture's name
_IMAGE = re.compile(
    r"!\[(?P<alt>(?:[^\]\\]|\\.)*)\]\(\s*(?P<src><[^>]*>|[^)\"]*?)(?:\s+\"[^\"]*\")?\s*\)"
)
_IMPORTED = re.compile(r"^imported:", re.MULTILINE)


@dataclass
class Written:
    """What became of one draft: ``status`` "imported" or "already"; ``path`` the bulletin
    written (or that would be, or that holds the earlier import), relative to the site."""

    status: str
    path: str
    stubs: list[str] = field(default_factory=list)


class Writer:
    """Writes drafts one after another into ``into`` (the content folder), remembering what
    it wrote so that names stay distinct within a run, and (with ``dry_run``) writing nothing."""

    def __init__(self, root: Path, into: Path, lang: str, dry_run: bool = False) -> None:
        self.root = root
        self.into = into
        self.lang = lang
        self.dry_run = dry_run
        self.index = imported_index(into / "bulletins")
        self.planned: set[Path] = set()  # files written (or planned, in a dry run) this run
        self.planned_media: dict[Path, str] = {}  # their checksums

    def write(self, draft: Draft, label: str) -> Written:
        """Write ``draft`` of the source shown as ``label``; nothing when it was imported."""
        key = (draft.article.checksum, draft.article.part)
        if key in self.index:
            return Written("already", self.rel(self.index[key]))
        folder_name = _year_folder(draft)
        folder = self.into / "bulletins" / folder_name
        path = self._free(folder, draft.slug)
        media = self._copy_pictures(draft, folder_name)
        stubs = {name: self._stub(name, draft, path) for name in draft.proposed_campaigns}
        text = render(draft, label, media, folder_name, stubs, self.lang)
        self._put(path, text.encode("utf-8"))
        self.index[key] = path
        return Written("imported", self.rel(path), [s for s in stubs.values() if s])

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    # -------------------------------------------------------------- files

    def _exists(self, path: Path) -> bool:
        return path in self.planned or path.exists()

    def _free(self, folder: Path, slug: str) -> Path:
        """``folder/slug.md``, or ``slug-2.md``, ``slug-3.md``… when taken."""
        n = 1
        while True:
            name = slug if n == 1 else f"{slug}-{n}"
            path = folder / f"{name}.md"
            if not self._exists(path):
                return path
            n += 1

    def _put(self, path: Path, data: bytes) -> None:
        self.planned.add(path)
        if not self.dry_run:
            write_new(path, data)

    def _copy_pictures(self, draft: Draft, folder_name: str) -> dict[str, str]:
        """Copy each picture with a file to ``media/<year>/``; its source address → its path
        relative to the content folder (``media/2024/anh.jpg``). The same bytes already there
        are reused; a different file with the same name gets ``-2``."""
        media: dict[str, str] = {}
        for pic in draft.article.pictures:
            if pic.file is None or pic.original in media:
                continue
            data = pic.file.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            name = media_file_name(pic.file.name)
            dest = self._media_name(self.into / "media" / folder_name, name, digest)
            if not self._exists(dest):
                self.planned_media[dest] = digest
                self._put(dest, data)
            media[pic.original] = f"media/{folder_name}/{dest.name}"
        return media

    def _media_name(self, folder: Path, name: str, digest: str) -> Path:
        stem, dot, ext = name.rpartition(".")
        if not dot:
            stem, ext = name, ""
        n = 1
        while True:
            candidate = folder / (name if n == 1 else f"{stem}-{n}{'.' + ext if ext else ''}")
            if not self._exists(candidate):
                return candidate
            if self._digest(candidate) == digest:
                return candidate
            n += 1

    def _digest(self, path: Path) -> str:
        if path in self.planned_media:
            return self.planned_media[path]
        if not path.is_file():
            return ""
        return hashlib.sha256(path.read_bytes()).hexdigest()

    def _stub(self, name: str, draft: Draft, bulletin: Path) -> str:
        """Write a draft campaign for a name the site does not know; never over a file. The
        stub's path relative to the site ("" when no slug can be made)."""
        slug = title_slug(name)
        if not slug:
            return ""
        path = self.into / "campaigns" / f"{slug}.md"
        if not self._exists(path):
            kind = campaign_type(draft.body, name)
            text = campaign_stub(name, kind, self.rel(bulletin), self.lang)
            self._put(path, text.encode("utf-8"))
        return self.rel(path)


def media_file_name(name: str) -> str:
    """A copied picture's name: its stem as a slug (no spaces, ``#`` or accents, which would
    need escaping in every address), its extension in lower case, not too long."""
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    slug = slugify(stem) or "anh"
    return shorter_name(f"{slug}.{ext.lower()}" if ext else slug, MEDIA_NAME_LIMIT)


# ------------------------------------------------------------------ what was imported before


def imported_index(folder: Path) -> dict[tuple[str, str], Path]:
    """(checksum, part) → the bulletin whose ``imported:`` names it, for every bulletin below
    ``folder``."""
    index: dict[tuple[str, str], Path] = {}
    if not folder.is_dir():
        return index
    for path in sorted(folder.rglob("*.md")):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        if not _IMPORTED.search(text):
            continue
        found = _imported_of(text)
        if found is not None:
            index.setdefault(found, path)
    return index


def _imported_of(text: str) -> tuple[str, str] | None:
    """(checksum, part) of a bulletin's ``imported:``, None when it has none (or its front
    matter cannot be read: ``check`` says why)."""
    try:
        data = parse_yaml(split_front_matter(text, "").meta)
    except (ContentFileError, YamlError):
        return None
    imported = data.get("imported") if isinstance(data, dict) else None
    if not isinstance(imported, dict) or not imported.get("sha256"):
        return None
    file = str(imported.get("file") or "")
    part = file.rsplit("#", 1)[1] if "#" in file else ""
    return str(imported["sha256"]).lower(), part


# ------------------------------------------------------------------ the file's text


def _year_folder(draft: Draft) -> str:
    when = draft.date if draft.date is not None else draft.event_date
    return str(when.year) if when is not None else UNDATED_FOLDER


def render(
    draft: Draft,
    label: str,
    media: dict[str, str],
    folder_name: str,
    stubs: dict[str, str],
    lang: str,
) -> str:
    """The draft bulletin's whole text: front matter opening with the review comment, then
    the body with its pictures pointing at the copied files."""
    lines = ["---"]
    lines += comment(draft, label, stubs, lang)
    lines += front_matter(draft, label, media, folder_name)
    lines.append("---")
    body = rewrite_pictures(draft.body, draft.article.pictures, media, draft.image)
    return "\n".join(lines) + "\n" + body.strip() + "\n"


def front_matter(draft: Draft, label: str, media: dict[str, str], folder_name: str) -> list[str]:
    """The fields, in the order of the sample's bulletins; only those known."""
    out = [f"title: {yaml_scalar(draft.title)}"]
    if draft.date is not None:
        out.append(f"date: {yaml_scalar(draft.date)}")
    out.append("draft: true")
    if draft.event_date is not None:
        out.append(f"event_date: {yaml_scalar(draft.event_date)}")
    if draft.event_part:
        out.append(f"event_part: {draft.event_part}")
    fields: list[tuple[str, Any]] = [
        ("bloc", draft.bloc),
        ("event_types", draft.event_types),
        ("period", draft.period),
        ("units", draft.units),
        ("campaigns", draft.campaigns),
        ("tags", draft.tags),
        ("dateline", draft.dateline),
    ]
    out += [f"{k}: {yaml_scalar(v, plain=k not in ('tags', 'dateline'))}" for k, v in fields if v]
    image = _image_field(draft.image, media, folder_name)
    if image:
        out.append("image:")
        out += [f"  {k}: {yaml_scalar(v, plain=k == 'src')}" for k, v in image.items()]
    if draft.byline:
        out.append(f"byline: {yaml_scalar(draft.byline, plain=True)}")
    if draft.source:
        out.append(f"source: {yaml_scalar(draft.source)}")
    if draft.redirect_from:
        out.append(f"redirect_from: {yaml_scalar(draft.redirect_from)}")
    file = f"{label}#{draft.article.part}" if draft.article.part else label
    imported = {"file": file, "sha256": draft.article.checksum}
    if draft.article.url:  # the old address, kept even when the page does not show a source
        imported["url"] = draft.article.url
    out.append(f"imported: {yaml_scalar(imported)}")
    return out


def _image_field(image: dict | None, media: dict[str, str], folder_name: str) -> dict | None:
    if not image or image["src"] not in media:
        return None
    out = dict(image)
    out["src"] = media[image["src"]].removeprefix("media/")
    if not out.get("alt"):
        out["alt"] = out.get("caption", "")
    return out


def comment(draft: Draft, label: str, stubs: dict[str, str], lang: str) -> list[str]:
    """The review comment: what was guessed, how sure, from what; what to do."""
    said = [tr(msg("import.comment.head", source=label), lang)]
    for finding in draft.findings:
        said.append(_finding_line(finding, stubs, lang))
    if draft.to_copy:
        bloc = draft.bloc or "…"
        said.append(tr(msg("import.comment.to_copy", bloc=bloc), lang))
        said += [f"  - “{s}”" for s in draft.to_copy]
    said.append(tr(msg("import.comment.tail"), lang))
    lines = []
    for text in said:
        for line in text.splitlines():
            lines.append(f"# {_printable(line)}".rstrip())
    return lines


def _finding_line(finding: Finding, stubs: dict[str, str], lang: str) -> str:
    label = tr(msg(f"import.field.{finding.field}"), lang)
    sure = tr(msg(f"import.sure.{finding.sure}"), lang)
    evidence: Any = finding.evidence
    value = finding.value
    if finding.field == "proposed":
        value = f"“{value}”"
        if stubs.get(finding.value):
            evidence = msg("import.evidence.stub", path=stubs[finding.value])
    parts = [f"{label}:", tr(value, lang), f"({sure})", tr(evidence, lang)]
    return " ".join(p for p in parts if p)


def _printable(text: str) -> str:
    """One line a YAML comment can hold: no control characters, no line breaks."""
    return "".join(ch if ch.isprintable() else " " for ch in " ".join(text.split()))


def rewrite_pictures(
    body: str, pictures: list[Picture], media: dict[str, str], lead: dict | None
) -> str:
    """The body with each copied picture's address replaced by its path in ``media/``; the lead
    picture (shown from ``image:``) and its caption line taken out; a picture without a file
    replaced by its caption (listed in the review comment)."""
    missing = {p.original: p for p in pictures if p.file is None}
    lead_src = lead["src"] if lead and lead.get("src") in media else None
    captions = {p.original: one_line(p.caption) for p in pictures}
    out: list[str] = []
    lines = body.split("\n")
    skip_caption = ""
    for i, line in enumerate(lines):
        if skip_caption and one_line(line).startswith(skip_caption):
            skip_caption = ""
            continue
        skip_caption = ""
        alone = _IMAGE.fullmatch(line.strip())
        if alone:
            src = _src(alone)
            if src == lead_src or src in missing:
                skip_caption = captions.get(src, "")
                if src in missing and skip_caption and not _next_is(lines, i, skip_caption):
                    out.append(skip_caption)
                    skip_caption = ""
                lead_src = None if src == lead_src else lead_src
                continue
        out.append(_IMAGE.sub(lambda m: _replace(m, media, captions, missing), line))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out))


def _next_is(lines: list[str], i: int, caption: str) -> bool:
    return i + 1 < len(lines) and one_line(lines[i + 1]) == caption


def _src(m: re.Match[str]) -> str:
    return m.group("src").strip().strip("<>")


def _replace(m: re.Match[str], media: dict[str, str], captions: dict[str, str], missing) -> str:
    src = _src(m)
    if src in media:
        return f"![{m.group('alt')}]({media[src]})"
    if src in missing:
        return captions.get(src) or m.group("alt")
    return m.group(0)


# ------------------------------------------------------------------ campaign stubs


def campaign_type(text: str, name: str) -> tuple[str, bool]:
    """The campaign type the words before the quoted name say ("phong trào", "cuộc vận động"),
    and whether they said it (else a guess)."""
    at = text.find(name)
    before = text[max(0, at - 40) : at].lower() if at >= 0 else ""
    if "cuộc vận động" in before:
        return "cuoc-van-dong", True
    if "phong trào" in before:
        return "phong-trao-thi-dua", True
    return "phong-trao-thi-dua", False


def campaign_stub(name: str, kind: tuple[str, bool], bulletin: str, lang: str) -> str:
    """A draft campaign: its name as the article quotes it, the rest guessed and said so."""
    slug, said = kind
    type_note = "import.stub.type_said" if said else "import.stub.type_guessed"
    head = tr(msg("import.stub.head", bulletin=bulletin), lang).splitlines()
    lines = [
        "---",
        *(f"# {line}" for line in head),
        f"name: {yaml_scalar(name)}",
        "draft: true",
        f"type: {slug}   # {tr(msg(type_note), lang)}",
        f"scope: provincial   # {tr(msg('import.stub.scope'), lang)}",
        "---",
        tr(msg("import.stub.body", bulletin=bulletin), lang),
    ]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ writing


def write_new(path: Path, data: bytes) -> None:
    """``data`` as a new file ``path``, whole or not at all, never over an existing file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".bantin-import-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        try:
            os.link(tmp, path)  # fails if the name is taken: never an overwrite
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links
            if path.exists():
                raise FileExistsError(path) from None
            os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
