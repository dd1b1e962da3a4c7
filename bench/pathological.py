"""How long bantin takes on pathological content, with its default limits and with every limit
raised as far as it goes.

    python -m bench.pathological                 # every case, both settings
    python -m bench.pathological brackets-20000  # some cases
    python -m bench.pathological --list

Most cases are one content file (a bulletin, or a bloc file) made to be expensive: Markdown
nested 1,000 deep, 20,000 unclosed '[', ``*_`` repeated 160,000 times, a "billion laughs" YAML
document, a 10 MB bulletin… It is read by bantin's own :func:`bantin.loader.parse_file`. The
cases marked "site" are a whole build (``--jobs 1``, as ``build.py --jobs 1 build`` does it) of a
small site with one expensive file added: a bulletin with 5,000 tags, a bloc of 2,000 members,
a bulletin with 2,000 pictures… Each case runs in a process of its own (so a crash or a hang
cannot stop the run; a case is stopped after ``--timeout`` seconds), first with the default
``limits:`` and then with ``nesting: 100, yaml_values: 10000000, markdown_seconds: 3600,
file_mb: 1024, tags: 100000``, the highest values ``limits:`` accepts. For each it prints the
outcome (``ok``, or the message code of the problem, e.g. ``load.markdown_too_deep``), the
time (of the parse, or of the whole build) and, for Markdown bodies, the time
:func:`bantin.text.markdown_cost` estimated.

With the defaults every case must end within a few seconds; the raised column shows what the
limits protect against. The test suite (tests/test_limits.py) checks the outcomes, never the
times.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RAISED = {
    "nesting": 100,
    "yaml_values": 10_000_000,
    "markdown_seconds": 3600,
    "file_mb": 1024,
    "tags": 100_000,
}

FRONT = '---\ntitle: "Bản tin thử giới hạn"\ndate: 2024-03-01T08:00:00+07:00\nbloc: khoi-thu\n---\n'
BLOC = (
    'kind: khoi\nname: "Khối thử"\nprovince: lao-cai\n'
    'members:\n  - {slug: ubmttq, name: "Ủy ban MTTQ tỉnh"}\n'
)


def _body(text: str) -> tuple[str, bytes]:
    return "bulletin", (FRONT + text).encode()


def _front(yaml_lines: str) -> tuple[str, bytes]:
    return "bulletin", f"---\n{yaml_lines}---\nNội dung.\n".encode()


def _bloc(extra: str) -> tuple[str, bytes]:
    return "bloc", (BLOC + extra).encode()


def _laughs(levels: int, fan: int) -> str:
    lines = ["extra:", '  l0: &l0 "ha"']
    for i in range(1, levels + 1):
        lines.append(f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * fan)}]")
    return "\n".join(lines) + "\n"


def _merge_bomb(levels: int) -> str:
    lines = ["extra:", "  m0: &m0 {a: 1}"]
    for i in range(1, levels + 1):
        lines.append(f"  m{i}: &m{i} {{!!merge <<: [*m{i - 1}, *m{i - 1}], k{i}: 1}}")
    return "\n".join(lines) + "\n"


PLAIN = "Hội nghị sơ kết công tác thi đua của khối diễn ra tại hội trường tỉnh. " * 12 + "\n\n"
WORDS = (
    "khối thi đua tổng kết công tác năm đơn vị hội nông dân phụ nữ tỉnh đoàn mặt trận phong "
    "trào xuất sắc hoàn thành nhiệm vụ cán bộ hội viên đạt kết quả triển khai"
).split()


ROWS = range(30)


def _report(kb: int) -> str:
    """A long report as an office writes one: sections with a heading, paragraphs wrapped at 80
    columns with some bold, italics and links, a list of 20 items and a table of 30 rows."""
    out: list[str] = []
    size, part = 0, 0
    while size < kb * 1024:
        part += 1
        chunks = [f"## Phần {part}: {' '.join(WORDS[part % 7 : part % 7 + 5])}\n\n"]
        for p in range(6):
            words = []
            for i in range(120):
                w = WORDS[(part * 7 + p * 11 + i * 5) % len(WORDS)]
                pick = (part + p * 3 + i) % 50
                words.append(
                    f"**{w}**"
                    if pick < 2
                    else f"*{w}*"
                    if pick == 2
                    else w
                    if pick > 3
                    else f"[{w}](bulletin:2024/hop-khoi)"
                )
            lines = [" ".join(words[i : i + 12]) for i in range(0, len(words), 12)]
            chunks.append("\n".join(lines) + "\n\n")
        chunks.append(
            "".join(f"- **{WORDS[i]}** {' '.join(WORDS[i : i + 12])}\n" for i in range(20)) + "\n"
        )
        chunks.append(
            "| Đơn vị | Điểm | Xếp hạng |\n|---|---:|---:|\n"
            + "".join(
                f"| {WORDS[r]} {WORDS[r + 1]} | {90 + r / 4:.1f} | {r + 1} |\n" for r in range(30)
            )
            + "\n"
        )
        out += chunks
        size += sum(len(c.encode()) for c in chunks)
    return "".join(out)


# ---------------------------------------------------------------- whole sites

SITE_CONFIG = (
    'title: "Khối thi đua thử giới hạn"\n'
    'base_url: "https://example.gov.vn/khoi-thi-dua/"\n'
    "default_bloc: khoi-thu\n"
)
MEMBERS = ("ubmttq", "hoi-nong-dan", "hoi-lhpn")
SITE_BLOC = (
    'kind: khoi\nname: "Khối thi đua thử giới hạn"\nprovince: lao-cai\nmembers:\n'
    '  - {slug: ubmttq, name: "Ủy ban MTTQ Việt Nam tỉnh"}\n'
    '  - {slug: hoi-nong-dan, name: "Hội Nông dân tỉnh"}\n'
    '  - {slug: hoi-lhpn, name: "Hội Liên hiệp Phụ nữ tỉnh"}\n'
)
SITE_FILES = {
    "content/blocs/khoi-thu.yaml": SITE_BLOC,
    "content/profiles/nguyen-thi-a.md": (
        '---\nname: "Nguyễn Thị A"\nconsent: true\n'
        "positions:\n  - {title: Chuyên viên, unit: hoi-lhpn, holds_leadership_post: false}\n"
        "---\nChị Nguyễn Thị A là chuyên viên Hội Liên hiệp Phụ nữ tỉnh.\n"
    ),
    "content/campaigns/dan-van-kheo.md": (
        '---\nname: "Phong trào thi đua “Dân vận khéo”"\ntype: phong-trao-thi-dua\n'
        'launched_by: "Ban Dân vận Trung ương"\nscope: national\n---\nPhong trào dân vận khéo.\n'
    ),
    "content/bulletins/2024/hop-khoi.md": (
        '---\ntitle: "Khối họp đầu năm"\ndate: 2024-01-10T16:30:00+07:00\n'
        "units: [ubmttq]\npeople: [nguyen-thi-a]\ncampaigns: [dan-van-kheo]\n"
        'tags: ["Tổng kết"]\n---\nChiều 10/1, khối họp tổng kết năm 2023.\n'
    ),
}
SITE_BULLETIN = "content/bulletins/2024/thu.md"


def _png() -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (8, 6), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def _site(files: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """A case that is a whole build: the small site of :data:`SITE_FILES` and ``files``."""
    return "site", files


def _bulletin(body: str, fields: str = "") -> str:
    return f"{FRONT[:-4]}{fields}---\n{body}"


def _tags(n: int) -> tuple[str, dict[str, Any]]:
    tags = ", ".join(f'"Chủ đề {i}"' for i in range(n))
    return _site({SITE_BULLETIN: _bulletin("Nội dung.\n", f"tags: [{tags}]\n")})


def _bloc_members(n: int, years: int = 3) -> str:
    """A bloc of ``n`` members with a head and deputy, scores, awards and a pledge each year."""
    out = [SITE_BLOC]
    out += [f'  - {{slug: don-vi-{i}, name: "Đơn vị số {i}"}}\n' for i in range(n)]
    out.append("leadership:\n")
    out += [
        f"  - {{year: {2021 + y}, head: don-vi-{y}, deputy: don-vi-{y + 1}}}\n"
        for y in range(years)
    ]
    out.append("results:\n")
    for y in range(years):
        out.append(f"  - year: {2021 + y}\n    scores:\n")
        out += [
            f"      - {{unit: don-vi-{i}, points: {90 + i % 10}, rank: {i + 1}}}\n"
            for i in range(n)
        ]
        out.append("    awards:\n")
        out += [
            f"      - {{unit: don-vi-{i}, title: co-thi-dua-tinh, authority: ubnd-tinh}}\n"
            for i in range(0, n, 10)
        ]
    out.append("pledges:\n")
    everyone = ", ".join(f"don-vi-{i}" for i in range(n))
    out += [f"  - {{year: {2021 + y}, signatories: [{everyone}]}}\n" for y in range(years)]
    return "".join(out)


def _units(n: int) -> tuple[str, dict[str, Any]]:
    units = ", ".join(f"don-vi-{i}" for i in range(n))
    return _site(
        {
            "content/blocs/khoi-thu.yaml": _bloc_members(n, 1),
            SITE_BULLETIN: _bulletin("Nội dung.\n", f"units: [{units}]\n"),
        }
    )


def _people(n: int) -> tuple[str, dict[str, Any]]:
    files: dict[str, Any] = {
        f"content/profiles/nguoi-{i}.md": (
            f'---\nname: "Nguyễn Văn {i}"\nconsent: true\ncampaigns: [dan-van-kheo]\n'
            "positions:\n  - {title: Cán bộ, unit: hoi-lhpn, holds_leadership_post: false}\n"
            "---\nTiểu sử.\n"
        )
        for i in range(n)
    }
    people = ", ".join(f"nguoi-{i}" for i in range(n))
    fields = f"people: [{people}]\ncampaigns: [dan-van-kheo]\n"
    files[SITE_BULLETIN] = _bulletin("Nội dung.\n", fields)
    return _site(files)


def _campaigns(n: int) -> tuple[str, dict[str, Any]]:
    files: dict[str, Any] = {
        f"content/campaigns/pt-{i}.md": (
            f'---\nname: "Phong trào thi đua số {i}"\ntype: phong-trao-thi-dua\n'
            'launched_by: "UBND tỉnh"\nscope: provincial\n---\nNội dung phong trào.\n'
        )
        for i in range(n)
    }
    campaigns = ", ".join(f"pt-{i}" for i in range(n))
    files[SITE_BULLETIN] = _bulletin("Nội dung.\n", f"campaigns: [{campaigns}]\n")
    return _site(files)


def _pictures(n: int, distinct: bool) -> tuple[str, dict[str, Any]]:
    names = [f"anh-{i}.png" if distinct else "anh.png" for i in range(n)]
    png = _png()
    files: dict[str, Any] = {f"content/media/{name}": png for name in set(names)}
    body = "".join(f"![Ảnh hoạt động số {i}](media/{name})\n\n" for i, name in enumerate(names))
    files[SITE_BULLETIN] = _bulletin(body)
    return _site(files)


def _feeds_full(tags: int, kb: int) -> tuple[str, dict[str, Any]]:
    names = ", ".join(f'"Chủ đề {i}"' for i in range(tags))
    body = PLAIN * (kb * 1024 // len(PLAIN.encode()))
    return _site(
        {
            "site_config.yaml": SITE_CONFIG + "feeds: {content: full}\n",
            SITE_BULLETIN: _bulletin(body, f"tags: [{names}]\n"),
        }
    )


def _escaped_links(n: int, mb: int) -> tuple[str, bytes]:
    """``n`` links whose targets hold a backslash escape, then ``mb`` MB of plain text."""
    links = "".join(f"- [quy chế {i}](media/quy\\_che-{i}.pdf)\n" for i in range(n))
    return _body(links + "\n" + PLAIN * (mb * 1024 * 1024 // len(PLAIN.encode())))


# name → (what it is, content kind and bytes, or for a site the files it adds)
CASES: dict[str, tuple[str, Callable[[], tuple[str, Any]]]] = {
    "quotes-1000": ("'> ' 1,000 times on one line", lambda: _body("> " * 1000 + "x\n")),
    "quote-lines-1000": (
        "1,000 lines, each one '>' deeper",
        lambda: _body("".join(">" * (i + 1) + " a\n" for i in range(1000))),
    ),
    "lists-300": (
        "a list nested 300 deep by indentation",
        lambda: _body("".join("    " * i + "- a\n" for i in range(300))),
    ),
    "list-markers-1000": ("'- ' 1,000 times on one line", lambda: _body("- " * 1000 + "a\n")),
    "emphasis-5000": (
        "5,000 '*', a letter, 5,000 '*'",
        lambda: _body("*" * 5000 + "a" + "*" * 5000 + "\n"),
    ),
    "nested-emphasis-1000": (
        "'*a ' 1,000 times, then ' a*' 1,000 times",
        lambda: _body("*a " * 1000 + "b" + " a*" * 1000 + "\n"),
    ),
    "underscores-20000": ("20,000 '_'", lambda: _body("_" * 20000 + "\n")),
    "brackets-20000": ("20,000 '[' in one paragraph", lambda: _body("[" * 20000 + "\n")),
    "brackets-100-paragraphs": (
        "100 paragraphs of 400 '['",
        lambda: _body(("[" * 400 + "\n\n") * 100),
    ),
    "images-10000": ("'![' 10,000 times", lambda: _body("![" * 10000 + "\n")),
    "ref-links-5000": ("'[a][' 5,000 times", lambda: _body("[a][" * 5000 + "\n")),
    "link-parens-5000": ("'[a](' 5,000 times", lambda: _body("[a](" * 5000 + "\n")),
    "backtick-runs-300": (
        "runs of 1 to 300 backticks, none closed",
        lambda: _body("".join("`" * i + " " for i in range(1, 300)) + "\n"),
    ),
    "backticks-20000": ("20,000 backticks", lambda: _body("`" * 20000 + "\n")),
    "open-tags-20000": ("'<a ' 20,000 times (never '>')", lambda: _body("<a " * 20000 + "\n")),
    "cdata-5000": ("'<![CDATA[' 5,000 times", lambda: _body("<![CDATA[" * 5000 + "\n")),
    "autolinks-5000": ("'<http://' 5,000 times", lambda: _body("<http://" * 5000 + "\n")),
    "html-spans-20000": (
        "20,000 '<span>a</span>'",
        lambda: _body("<span>a</span> " * 20000 + "\n"),
    ),
    "escapes-100000": ("'\\*' 100,000 times", lambda: _body("\\*" * 100000 + "\n")),
    "headings-10000": ("10,000 headings '## a'", lambda: _body("## a\n" * 10000)),
    "setext-10000": ("10,000 headings 'a' underlined", lambda: _body("a\n=\n" * 10000)),
    "footnote-refs-2000": (
        "2,000 references to one footnote",
        lambda: _body("[^1]" * 2000 + "\n\n[^1]: chú thích\n"),
    ),
    "abbreviations-2000": (
        "2,000 abbreviations over 100 KB",
        lambda: _body(
            "".join(f"*[VT{i}]: viết tắt\n" for i in range(2000)) + "\n" + "chữ " * 25000 + "\n"
        ),
    ),
    "definition-lists-300": (
        "definition lists nested 300 deep",
        lambda: _body("".join("    " * i + "a\n" + "    " * i + ":   b\n" for i in range(300))),
    ),
    "html-in-markdown-1000": (
        '1,000 nested <div markdown="1">',
        lambda: _body('<div markdown="1">\n' * 1000 + "</div>\n" * 1000),
    ),
    "plain-4mb": ("4 MB of ordinary paragraphs", lambda: _body(PLAIN * (4_000_000 // 900))),
    "bulletin-10mb": (
        "a 10 MB bulletin",
        lambda: _body(PLAIN * (10 * 1024 * 1024 // 900)),
    ),
    "yaml-laughs-9x9": ("a billion laughs: 9 levels of 9 aliases", lambda: _front(_laughs(9, 9))),
    "yaml-laughs-30x2": ("30 levels of 2 aliases", lambda: _front(_laughs(30, 2))),
    "yaml-merge-30": ("30 levels of merged aliases (!!merge)", lambda: _front(_merge_bomb(30))),
    "yaml-flow-10000": (
        "tags: [[[[… 10,000 deep",
        lambda: _front("tags: " + "[" * 10000 + "]" * 10000 + "\n"),
    ),
    "yaml-flow-100000": (
        "tags: [[[[… 100,000 deep",
        lambda: _front("tags: " + "[" * 100000 + "]" * 100000 + "\n"),
    ),
    "yaml-block-1000": (
        "mappings nested 1,000 deep by indentation",
        lambda: _front("extra:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(1000))),
    ),
    "yaml-values-300000": (
        "a list of 300,000 values",
        lambda: _bloc("pledges: [" + ", ".join(["1"] * 300000) + "]\n"),
    ),
    "yaml-recursive-alias": ("an anchor inside itself: &a [*a]", lambda: _front("tags: &a [*a]\n")),
    "yaml-python-tag": (
        "!!python/object/apply:os.system",
        lambda: _front('title: !!python/object/apply:os.system ["echo có"]\n'),
    ),
    # ------------------------------------------------ emphasis and other inline markup
    "star-underscore-32000": ("'*_' 32,000 times", lambda: _body("*_" * 32000 + "\n")),
    "star-underscore-160000": ("'*_' 160,000 times (320 KB)", lambda: _body("*_" * 160000 + "\n")),
    "underscore-star-32000": ("'_*' 32,000 times", lambda: _body("_*" * 32000 + "\n")),
    "strong-16000": ("'**__' 16,000 times", lambda: _body("**__" * 16000 + "\n")),
    "star-letter-32000": ("'*a_' 32,000 times", lambda: _body("*a_" * 32000 + "\n")),
    "star-space-32000": ("'*_ ' 32,000 times", lambda: _body("*_ " * 32000 + "\n")),
    "star-lines-32000": ("'*_' on 32,000 lines", lambda: _body("*_\n" * 32000)),
    "emphasis-words-32000": ("'*a* ' 32,000 times", lambda: _body("*a* " * 32000 + "\n")),
    "bold-lines-2000": (
        "2,000 lines with bold and italics, no blank line",
        lambda: _body("Dòng **đậm** và *nghiêng*\n" * 2000),
    ),
    "bold-lines-10000": (
        "10,000 lines with bold and italics, no blank line",
        lambda: _body("Dòng **đậm** và *nghiêng*\n" * 10000),
    ),
    "code-spans-30000": ("'`a` ' 30,000 times", lambda: _body("`a` " * 30000 + "\n")),
    "html-tags-20000": ("'<a>' 20,000 times", lambda: _body("<a>" * 20000 + "\n")),
    "entities-30000": ("'&amp; ' 30,000 times", lambda: _body("&amp; " * 30000 + "\n")),
    # ------------------------------------------------ links
    "ref-chain-8000": ("'[a][b] ' 8,000 times", lambda: _body("[a][b] " * 8000 + "\n")),
    "nested-brackets-4000": (
        "4,000 '[' then 4,000 ']'",
        lambda: _body("[" * 4000 + "]" * 4000 + "\n"),
    ),
    "ref-definitions-20000": (
        "20,000 link definitions '[xN]: https://…'",
        lambda: _body("".join(f"[x{i}]: https://example.gov.vn/{i}\n" for i in range(20000))),
    ),
    "inline-links-8000": (
        "8,000 links in one paragraph",
        lambda: _body("[tin](https://example.gov.vn/tin) " * 8000 + "\n"),
    ),
    "link-paragraphs-20000": (
        "20,000 paragraphs, each a link to the same bulletin",
        lambda: _body("[tin](bulletin:2024/hop-khoi)\n\n" * 20000),
    ),
    "escaped-links-3000": (
        "3,000 links with '\\_' in their target, then 4 MB of text",
        lambda: _escaped_links(3000, 4),
    ),
    # ------------------------------------------------ many paragraphs, items, cells
    "paragraphs-50000": ("50,000 one-letter paragraphs", lambda: _body("a\n\n" * 50000)),
    "list-items-100000": ("a list of 100,000 items", lambda: _body("- a\n" * 100000)),
    "table-rows-50000": (
        "a table of 50,000 rows",
        lambda: _body("| a | b |\n|---|---|\n" + "| a | b |\n" * 50000),
    ),
    "definitions-1000": (
        "1,000 definitions without a blank line ('a', ': b')",
        lambda: _body("a\n: b\n" * 1000),
    ),
    "one-line-4mb": ("4 MB on one line", lambda: _body("x" * 4_000_000 + "\n")),
    "short-lines-4mb": (
        "300,000 short lines, one paragraph",
        lambda: _body("Một câu dài.\n" * 300_000),
    ),
    "report-1mb": ("a long report of 1 MB (headings, lists, tables)", lambda: _body(_report(1024))),
    # ------------------------------------------------ whole sites
    "site-tags-300": ("site: a bulletin with 300 tags", lambda: _tags(300)),
    "site-tags-500": ("site: a bulletin with 500 tags", lambda: _tags(500)),
    "site-tags-5000": ("site: a bulletin with 5,000 tags", lambda: _tags(5000)),
    "site-bloc-2000": (
        "site: a bloc of 2,000 members, 3 years of scores, awards, pledges",
        lambda: _site({"content/blocs/khoi-thu.yaml": _bloc_members(2000)}),
    ),
    "site-units-2000": ("site: a bulletin naming 2,000 units of its bloc", lambda: _units(2000)),
    "site-people-300": ("site: a bulletin naming 300 people (300 profiles)", lambda: _people(300)),
    "site-campaigns-300": (
        "site: a bulletin in 300 campaigns (300 campaign files)",
        lambda: _campaigns(300),
    ),
    "site-pictures-2000": (
        "site: a bulletin showing one picture 2,000 times",
        lambda: _pictures(2000, distinct=False),
    ),
    "site-pictures-distinct-2000": (
        "site: a bulletin showing 2,000 pictures",
        lambda: _pictures(2000, distinct=True),
    ),
    "site-full-feeds-300": (
        "site: feeds with the full text, a 1 MB bulletin with 300 tags",
        lambda: _feeds_full(300, 1024),
    ),
}


def run_case(name: str, raised: bool) -> dict:
    """Parse one case (or build its site) in this process: outcome, seconds, and the Markdown
    estimate."""
    kind, data = CASES[name][1]()
    if kind == "site":
        return _build_site(data, raised)
    import dataclasses

    from bantin.config import LimitSettings, SiteConfig
    from bantin.frontmatter import decode, split_front_matter
    from bantin.loader import parse_file
    from bantin.text import markdown_cost

    limits = LimitSettings(**RAISED) if raised else LimitSettings()
    config = SiteConfig(title="x", base_url="https://example.gov.vn/", limits=limits)
    config = dataclasses.replace(config, vocabularies=_vocabularies())
    if kind == "bloc":
        rel, parts = "content/blocs/khoi-thu.yaml", ("blocs", "khoi-thu.yaml")
    else:
        rel, parts = "content/bulletins/2024/thu.md", ("bulletins", "2024", "thu.md")
    started = time.perf_counter()
    item, problems = parse_file(config, Path(rel), rel, parts, data)
    seconds = time.perf_counter() - started
    errors = [p for p in problems if p.severity == "error"]
    estimate = None
    if kind == "bulletin":
        try:
            estimate = markdown_cost(split_front_matter(decode(data, rel), rel).body).seconds
        except Exception:
            estimate = None
    return {
        "outcome": errors[0].code if errors else ("ok" if item is not None else "failed"),
        "seconds": seconds,
        "estimate": estimate,
        "bytes": len(data),
    }


def _build_site(files: dict[str, Any], raised: bool) -> dict:
    """Build the small site with ``files`` added (one job, no cache from before): the outcome
    is ``ok`` or the code of the first error, the time that of the whole build."""
    from bantin.errors import SiteError
    from bantin.pipeline import Builder

    config = files.get("site_config.yaml", SITE_CONFIG)
    if raised:
        config += "limits: {" + ", ".join(f"{k}: {v}" for k, v in RAISED.items()) + "}\n"
    with tempfile.TemporaryDirectory(prefix="bantin-bench-") as folder:
        root = Path(folder) / "site"
        shutil.copytree(REPO / "themes" / "default", root / "themes" / "default")
        size = 0
        for rel, text in {**SITE_FILES, **files, "site_config.yaml": config}.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            data = text if isinstance(text, bytes) else text.encode()
            path.write_bytes(data)
            size += len(data) if rel not in SITE_FILES else 0
        started = time.perf_counter()
        try:
            Builder(root, jobs=1).build()
            outcome = "ok"
        except SiteError as exc:
            errors = [p for p in exc.problems if p.severity == "error"]
            outcome = errors[0].code if errors else "failed"
        seconds = time.perf_counter() - started
    return {"outcome": outcome, "seconds": seconds, "estimate": None, "bytes": size}


def _vocabularies():
    from bantin.errors import Loc
    from bantin.vocab import load_vocab

    vocabularies, _ = load_vocab({}, Loc("site_config.yaml"))
    return vocabularies


def in_subprocess(name: str, raised: bool, timeout: float) -> dict:
    """:func:`run_case` in a fresh Python, stopped after ``timeout`` seconds."""
    argv = [sys.executable, "-m", "bench.pathological", "--one", name]
    if raised:
        argv.append("--raised")
    started = time.perf_counter()
    try:
        done = subprocess.run(
            argv, cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return {"outcome": "stopped", "seconds": time.perf_counter() - started, "estimate": None}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"outcome": f"crashed ({done.returncode}): {last[:60]}", "seconds": None}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _seconds(value: float | None, stopped: bool = False) -> str:
    if value is None:
        return "—"
    return f"> {value:.0f}" if stopped else f"{value:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cases", nargs="*", help="names of cases (default: all)")
    parser.add_argument("--list", action="store_true", help="list the cases and stop")
    parser.add_argument("--timeout", type=float, default=120, help="seconds before a case stops")
    parser.add_argument("--default-only", action="store_true", help="skip the raised limits")
    parser.add_argument(
        "--outcomes", action="store_true", help="run in this process, print JSON (for tests)"
    )
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--raised", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_case(args.one, args.raised)))
        return 0
    if args.list:
        for name, (what, _) in CASES.items():
            print(f"{name:28} {what}")
        return 0
    names = args.cases or list(CASES)
    unknown = [n for n in names if n not in CASES]
    if unknown:
        parser.error(f"unknown case(s): {', '.join(unknown)} (see --list)")
    if args.outcomes:
        print(json.dumps({n: run_case(n, args.raised)["outcome"] for n in names}))
        return 0
    print(f"{'case':28} {'KB':>7}  {'default limits':36} {'limits raised':36} {'estimate':>9}")
    for name in names:
        default = in_subprocess(name, False, args.timeout)
        row = [f"{name:28}", f"{default.get('bytes', 0) / 1024:7.0f} "]
        row.append(f"{default['outcome'][:26]:26} {_seconds(default['seconds']):>8} s ")
        estimate = default.get("estimate")
        if not args.default_only:
            raised = in_subprocess(name, True, args.timeout)
            stopped = raised["outcome"] == "stopped"
            row.append(f"{raised['outcome'][:26]:26} {_seconds(raised['seconds'], stopped):>8} s ")
        row.append(f"{estimate:8.2f}s" if estimate is not None else f"{'—':>9}")
        print(" ".join(row), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
