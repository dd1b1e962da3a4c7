"""Open data: the bloc files' records (and the award ledger) as CSV and JSON files, with a
Frictionless Data Package descriptor (``datapackage.json``) and an HTML page listing them.

The files are written by bantin, not by the theme: each is a planned page of kind
:data:`DATA_FILE` whose context holds its text (``render_page`` writes it as it is, like a
redirect map). Their text is made here, when the pages are planned, so a page's digest (its
context) changes exactly when a file's bytes do: an edit of a bloc file writes them again and
nothing else.

Conventions (docs/en/output.md says them to data users):

* CSV: UTF-8 with a byte order mark (Excel then reads Vietnamese), RFC 4180 (the csv module:
  quotes where needed, CRLF line ends), a header row.
* JSON: an array of objects with the same keys as the CSV's columns, in the same order.
* Dates ISO 8601 (``2024-02-02``); numbers with a dot for decimals and no thousands separator
  (``98.5``, ``2350``); booleans ``true``/``false``.
* Unknown is an empty cell (``null`` in JSON), never ``0``.
* CSV injection (OWASP): a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return is written with a ``'`` before it, so a spreadsheet shows it as text and never
  runs it as a formula. Numbers and dates are ours and never start so; JSON keeps the text as
  written.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import Problem, SiteError
from .ledger import LedgerEntry
from .messages import msg
from .models import Bloc
from .sanitize import is_safe_url
from .urls import absolute, output_path, slugify, uri
from .vocab import label as vocab_label

if TYPE_CHECKING:
    from .render import PageSpec
    from .site import Site

DATA_FILE = "open_data_file"  # the kind of a data file's page: written as it is, in the sitemap
DESCRIPTOR = "datapackage.json"
BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """A column: its name (the CSV header, the JSON key), its Table Schema type (``string``,
    ``integer``, ``number``, ``boolean``, ``date``), and the values it may take, if few."""

    name: str
    type: str = "string"
    enum: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class Table:
    """A data file (``<name>.csv`` and ``<name>.json``)."""

    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    # each foreign key: (its columns, the table it refers to, that table's columns)
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()

    @property
    def key(self) -> str:
        """Its name as interface strings spell it (``thanh-vien`` → ``thanh_vien``)."""
        return self.name.replace("-", "_")


@dataclass(frozen=True)
class DataFile:
    """A file as the open-data page lists it."""

    table: Table
    rows: int
    csv_size: int
    json_size: int


@dataclass(frozen=True)
class Licence:
    """The data's licence as the site states it (``extra.data_licence``)."""

    name: str | None = None  # an SPDX identifier, e.g. CC-BY-4.0
    title: str | None = None
    path: str | None = None  # the licence's text on the web

    @property
    def said(self) -> str:
        return self.title or self.name or self.path or ""


def _col(name: str, type: str = "string", *enum: str, required: bool = False) -> Column:
    return Column(name, type, tuple(enum), required)


_BLOC_FK = ((("bloc",), "khoi", ("bloc",)),)
BLOC = _col("bloc", required=True)
YEAR = _col("year", "integer", required=True)

TABLES: tuple[Table, ...] = (
    Table(
        "khoi",
        (
            BLOC,
            _col("bloc_name", required=True),
            _col("short_name"),
            _col("kind", "string", "khoi", "cum", required=True),
            _col("number", "integer"),
            _col("province"),
            _col("province_name"),
            _col("members_partial", "boolean"),
            _col("page"),
        ),
        primary_key=("bloc",),
    ),
    Table(
        "thanh-vien",
        (
            BLOC,
            _col("unit", required=True),
            _col("unit_name"),
            _col("short_name"),
            _col("from_year", "integer"),
            _col("to_year", "integer"),
            _col("website"),
            _col("page"),
        ),
        primary_key=("bloc", "unit"),
        foreign_keys=_BLOC_FK,
    ),
    Table(
        "truong-khoi",
        (
            BLOC,
            YEAR,
            _col("head", required=True),
            _col("head_name"),
            _col("deputy"),
            _col("deputy_name"),
            _col("from_date", "date"),
            _col("to_date", "date"),
            _col("selected_by", "string", "rotation", "elected", "appointed"),
            _col("decided_on", "date"),
            _col("decision"),
            _col("bulletin"),
        ),
        foreign_keys=_BLOC_FK,
    ),
    Table(
        "diem",
        (
            BLOC,
            YEAR,
            _col("unit", required=True),
            _col("unit_name"),
            _col("points", "number"),
            _col("rank", "integer"),
        ),
        foreign_keys=_BLOC_FK,
    ),
    Table(
        "khen-thuong",
        (
            YEAR,
            _col("bloc"),
            _col("recipient_kind", "string", "unit", "person", "body", "group", required=True),
            _col("recipient"),
            _col("recipient_name"),
            _col("count", "integer"),
            _col("title"),
            _col("title_name"),
            _col("label"),
            _col("authority"),
            _col("authority_name"),
            _col("status", "string", "proposed", "awarded", required=True),
            _col("decision"),
            _col("decision_date", "date"),
            _col("source", "string", "bloc", "profile", "both", required=True),
            _col("profile"),
            _col("bulletins"),
        ),
        foreign_keys=_BLOC_FK,
    ),
    Table(
        "bieu-duong",
        (
            BLOC,
            YEAR,
            _col("individuals", "integer"),
            _col("collectives", "integer"),
            _col("non_leaders", "integer"),
            _col("non_leader_target", "number"),
        ),
        foreign_keys=_BLOC_FK,
    ),
    Table(
        "giao-uoc",
        (
            BLOC,
            YEAR,
            _col("signed_on", "date"),
            _col("signatories"),
            _col("document"),
            _col("met", "boolean"),
            _col("met_note"),
        ),
        foreign_keys=_BLOC_FK,
    ),
    Table(
        "thanh-tich",
        (
            BLOC,
            YEAR,
            _col("unit"),
            _col("unit_name"),
            _col("metric", required=True),
            _col("value", "number", required=True),
            _col("measure"),
            _col("bulletin"),
        ),
        foreign_keys=_BLOC_FK,
    ),
)
TABLE_BY_NAME = {t.name: t for t in TABLES}

Row = dict[str, Any]


# ---------------------------------------------------------------- the rows


@dataclass
class _Rows:
    """What the rows need from the site: names, addresses."""

    site: Site
    entries: Sequence[LedgerEntry]
    out: dict[str, list[Row]] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return uri(absolute(self.site.config, path))

    def bulletin(self, bid: str | None) -> str | None:
        b = self.site.by_id.get(bid or "")
        return self.url(self.site.urls.bulletin(b.year, b.slug)) if b is not None else None

    def unit_name(self, bloc: Bloc, slug: str | None) -> str | None:
        if slug is None:
            return None
        m = bloc.member(slug)
        return m.name if m is not None else None

    def label(self, vocab: str, key: str | None) -> str | None:
        return vocab_label(self.site.config.vocabularies, vocab, key) if key else None


def _rows(site: Site, entries: Sequence[LedgerEntry]) -> dict[str, list[Row]]:
    """Every table's rows, blocs in the site's order, years oldest first as the files give
    them."""
    r = _Rows(site, entries)
    u = site.urls
    out: dict[str, list[Row]] = {t.name: [] for t in TABLES}
    for bloc in site.blocs:
        out["khoi"].append(
            {
                "bloc": bloc.slug,
                "bloc_name": bloc.name,
                "short_name": bloc.short_name,
                "kind": bloc.kind,
                "number": bloc.number,
                "province": bloc.province,
                "province_name": r.label("provinces", bloc.province),
                "members_partial": bloc.members_partial,
                "page": r.url(u.bloc(bloc.slug)),
            }
        )
        for m in bloc.members:
            if bloc.member(m.slug) is not m:
                continue  # listed twice: the linker reports the second entry
            out["thanh-vien"].append(
                {
                    "bloc": bloc.slug,
                    "unit": m.slug,
                    "unit_name": m.name,
                    "short_name": m.short_name,
                    "from_year": m.from_year,
                    "to_year": m.to_year,
                    "website": m.url if m.url and is_safe_url(m.url) else None,
                    "page": r.url(u.unit(bloc.slug, m.slug)),
                }
            )
        for lead in sorted(bloc.leadership, key=lambda lead: lead.starts):
            out["truong-khoi"].append(
                {
                    "bloc": bloc.slug,
                    "year": lead.year,
                    "head": lead.head,
                    "head_name": r.unit_name(bloc, lead.head),
                    "deputy": lead.deputy,
                    "deputy_name": r.unit_name(bloc, lead.deputy),
                    "from_date": lead.from_date,
                    "to_date": lead.to_date,
                    "selected_by": lead.selected_by,
                    "decided_on": lead.decided_on,
                    "decision": lead.decision,
                    "bulletin": r.bulletin(lead.bulletin),
                }
            )
        results = sorted(bloc.results, key=lambda res: res.year)
        for res in results:
            for sc in res.scores:
                out["diem"].append(
                    {
                        "bloc": bloc.slug,
                        "year": res.year,
                        "unit": sc.unit,
                        "unit_name": r.unit_name(bloc, sc.unit),
                        "points": sc.points,
                        "rank": sc.rank,
                    }
                )
        targets = {t.year: t.non_leader_share for t in bloc.targets}
        commended = {res.year: res.commended for res in results if res.commended is not None}
        for year in sorted(set(commended) | {y for y, s in targets.items() if s is not None}):
            c = commended.get(year)
            out["bieu-duong"].append(
                {
                    "bloc": bloc.slug,
                    "year": year,
                    "individuals": c.individuals if c else None,
                    "collectives": c.collectives if c else None,
                    "non_leaders": c.non_leaders if c else None,
                    "non_leader_target": targets.get(year),
                }
            )
        for p in sorted(bloc.pledges, key=lambda p: p.year):
            out["giao-uoc"].append(
                {
                    "bloc": bloc.slug,
                    "year": p.year,
                    "signed_on": p.signed_on,
                    "signatories": " ".join(p.signatories) if p.signatories else None,
                    "document": p.document,
                    "met": p.met if isinstance(p.met, bool) else None,
                    "met_note": p.met if isinstance(p.met, str) else None,
                }
            )
        for f in sorted(bloc.figures, key=lambda f: f.year):
            out["thanh-tich"].append(
                {
                    "bloc": bloc.slug,
                    "year": f.year,
                    "unit": f.unit,
                    "unit_name": r.unit_name(bloc, f.unit),
                    "metric": f.metric,
                    "value": float(f.value),
                    "measure": f.measure,
                    "bulletin": r.bulletin(f.bulletin),
                }
            )
    out["khen-thuong"] = [_ledger_row(r, e) for e in entries]
    return out


def _ledger_row(r: _Rows, e: LedgerEntry) -> Row:
    site = r.site
    name: str | None = None
    if e.recipient_kind == "unit":
        bloc = site.bloc_by_slug.get(e.bloc or "")
        name = r.unit_name(bloc, e.recipient) if bloc is not None else None
    elif e.recipient_kind == "person":
        p = site.profile_by_slug.get(e.recipient)
        name = p.name if p is not None else None
    elif e.recipient_kind == "body":
        name = e.recipient
    bulletins = [r.bulletin(b) for b in e.bulletins]
    return {
        "year": e.year,
        "bloc": e.bloc,
        "recipient_kind": e.recipient_kind,
        "recipient": e.recipient or None,
        "recipient_name": name,
        "count": e.count,
        "title": e.title,
        "title_name": r.label("award_titles", e.title),
        "label": e.label,
        "authority": e.authority,
        "authority_name": r.label("authorities", e.authority),
        "status": e.status,
        "decision": e.decision,
        "decision_date": e.decision_date,
        "source": e.source,
        "profile": e.profile,
        "bulletins": " ".join(b for b in bulletins if b) or None,
    }


# ---------------------------------------------------------------- writing them


def _number(value: float | int) -> str:
    """``98.5``, ``2350``: a dot for decimals, no thousands separator, no exponent."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if float(value).is_integer():
        return str(int(value))
    text = format(float(value), "f").rstrip("0")
    return text if repr(float(text)) == repr(float(value)) else repr(float(value))


def csv_cell(value: Any) -> str:
    """A value as a CSV cell: empty for unknown; a text that a spreadsheet would run as a
    formula (``=``, ``+``, ``-``, ``@``, tab, CR first) behind a ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return _number(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def to_csv(table: Table, rows: Iterable[Row]) -> str:
    """The table as CSV text, starting with the byte order mark."""
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")  # RFC 4180
    w.writerow([c.name for c in table.columns])
    for row in rows:
        w.writerow([csv_cell(row.get(c.name)) for c in table.columns])
    return BOM + buf.getvalue()


def to_json(table: Table, rows: Iterable[Row]) -> str:
    """The table as a JSON array of objects; ``<`` written ``\\u003c``, so no browser or
    indexer ever reads the file as HTML."""
    data = [{c.name: _json_value(row.get(c.name)) for c in table.columns} for row in rows]
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c") + "\n"


def licence(site: Site) -> Licence | None:
    """The data licence the site states (``extra: {data_licence: {name, title, path}}``), or
    None: ``branding.licence`` is the site's permit to publish, not a licence to reuse its
    data, and bantin never invents one."""
    cfg = site.config
    given = (cfg.extra or {}).get("data_licence")
    if given is None:
        return None
    fields = ("name", "title", "path")
    if isinstance(given, str):
        given = {"title": given}
    ok = (
        isinstance(given, Mapping)
        and set(given) <= set(fields)
        and all(isinstance(given.get(k), (str, type(None))) for k in fields)
        and any(given.get(k) for k in ("name", "path"))
        and (not given.get("path") or str(given["path"]).startswith(("https://", "http://")))
    )
    if not ok:
        raise SiteError(
            [
                Problem(
                    cfg.config_name,
                    0,
                    0,
                    msg("opendata.bad_licence"),
                    msg("opendata.hint_licence"),
                )
            ]
        )
    return Licence(**{k: (str(given[k]).strip() or None) if given.get(k) else None for k in fields})


def _field(c: Column, t: Callable[[str], str]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": c.name,
        "type": c.type,
        "description": t(f"od_col_{c.name}"),
    }
    if c.type == "boolean":
        out["trueValues"], out["falseValues"] = ["true"], ["false"]
    constraints: dict[str, Any] = {}
    if c.required:
        constraints["required"] = True
    if c.enum:
        constraints["enum"] = list(c.enum)
    if constraints:
        out["constraints"] = constraints
    return out


def descriptor(
    site: Site,
    files: Sequence[DataFile],
    t: Callable[[str], str],
    found_licence: Licence | None,
) -> str:
    """``datapackage.json``: the Frictionless Data Package of the files, described in the
    site's language. Without a licence the site states, it holds none (and says so)."""
    cfg, u = site.config, site.urls
    resources = []
    for f in files:
        table = f.table
        schema: dict[str, Any] = {
            "fields": [_field(c, t) for c in table.columns],
            "missingValues": [""],
        }
        if table.primary_key:
            schema["primaryKey"] = list(table.primary_key)
        if table.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": list(cols), "reference": {"resource": ref, "fields": list(ref_cols)}}
                for cols, ref, ref_cols in table.foreign_keys
            ]
        common = {"title": t(f"od_{table.key}_title"), "description": t(f"od_{table.key}_desc")}
        resources.append(
            {
                "name": table.name,
                "path": f"{table.name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "profile": "tabular-data-resource",
                **common,
                "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
                "bytes": f.csv_size,
                "schema": schema,
            }
        )
        json_schema = {k: v for k, v in schema.items() if k != "missingValues"}
        resources.append(
            {
                "name": f"{table.name}-json",
                "path": f"{table.name}.json",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "profile": "tabular-data-resource",
                **common,
                # no "bytes": frictionless cannot count a JSON source's bytes and fails it
                "schema": json_schema,
            }
        )
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": slugify(cfg.title) or "bantin",
        "id": uri(absolute(cfg, u.open_data(DESCRIPTOR))),
        "title": f"{cfg.title} – {t('od_title')}",
        "description": t("od_package_desc")
        + ("" if found_licence else " " + t("od_no_licence_desc")),
        "homepage": uri(absolute(cfg, u.open_data())),
        "language": cfg.language,
    }
    if found_licence is not None:
        lic = {
            k: v
            for k, v in (
                ("name", found_licence.name),
                ("path", found_licence.path),
                ("title", found_licence.title),
            )
            if v
        }
        package["licenses"] = [lic]
    if cfg.publisher:
        package["contributors"] = [{"title": cfg.publisher, "role": "publisher"}]
    package["resources"] = resources
    return json.dumps(package, ensure_ascii=False, indent=1).replace("<", "\\u003c") + "\n"


def open_data_pages(site: Site, entries: Sequence[LedgerEntry]) -> list[PageSpec]:
    """The data files, ``datapackage.json`` and the "Dữ liệu mở" page (``kind="open_data"``).
    None for a site without a bloc: it has no records to give."""
    from .render import PageSpec, load_strings

    if not site.blocs:
        return []
    cfg, u = site.config, site.urls
    strings = load_strings(cfg.root, cfg.theme, cfg.language)

    def t(key: str) -> str:
        return str(strings.get(key, key))

    found_licence = licence(site)
    rows = _rows(site, entries)
    specs: list[PageSpec] = []
    files: list[DataFile] = []

    def data_file(name: str, text: str) -> int:
        url = u.open_data(name)
        context = {"kind": DATA_FILE, "text": text, "crumbs": []}
        specs.append(PageSpec(url, "", context, output_path(url)))
        return len(text.encode("utf-8"))

    for table in TABLES:
        table_rows = rows[table.name]
        csv_size = data_file(f"{table.name}.csv", to_csv(table, table_rows))
        json_size = data_file(f"{table.name}.json", to_json(table, table_rows))
        files.append(DataFile(table, len(table_rows), csv_size, json_size))
    text = descriptor(site, files, t, found_licence)
    descriptor_size = data_file(DESCRIPTOR, text)
    page = PageSpec(
        u.open_data(),
        "open_data.html",
        {
            "kind": "open_data",
            "files": files,
            "descriptor_size": descriptor_size,
            "licence": found_licence,
            "day": site.day,
            "crumbs": [],
        },
        output_path(u.open_data()),
    )
    return [page, *specs]
