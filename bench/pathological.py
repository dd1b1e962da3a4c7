"""How long bantin takes on pathological content files, with its default limits and with every
limit raised as far as it goes.

    python -m bench.pathological                 # every case, both settings
    python -m bench.pathological brackets-20000  # some cases
    python -m bench.pathological --list

Each case is one content file (a bulletin, or a bloc file) made to be expensive: Markdown nested
1,000 deep, 20,000 unclosed '[', a "billion laughs" YAML document, a 10 MB bulletin… It is read
by bantin's own :func:`bantin.loader.parse_file`, in a process of its own (so a crash or a hang
cannot stop the run; a case is stopped after ``--timeout`` seconds), first with the default
``limits:`` and then with ``nesting: 100, yaml_values: 10000000, markdown_seconds: 3600,
file_mb: 1024``, the highest values ``limits:`` accepts. For each it
prints the outcome (``ok``, or the message code of the problem, e.g. ``load.markdown_too_deep``)
and the time, and for Markdown bodies the time :func:`bantin.text.markdown_cost` estimated.

With the defaults every case must end in well under a few seconds; the raised column shows what
the limits protect against. The test suite (tests/test_limits.py) checks the outcomes, never
the times.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RAISED = {"nesting": 100, "yaml_values": 10_000_000, "markdown_seconds": 3600, "file_mb": 1024}

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

# name → (what it is, content kind and bytes)
CASES: dict[str, tuple[str, Callable[[], tuple[str, bytes]]]] = {
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
}


def run_case(name: str, raised: bool) -> dict:
    """Parse one case in this process: outcome, seconds, and the Markdown estimate."""
    import dataclasses

    from bantin.config import LimitSettings, SiteConfig
    from bantin.frontmatter import decode, split_front_matter
    from bantin.loader import parse_file
    from bantin.text import markdown_cost

    kind, data = CASES[name][1]()
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
            print(f"{name:26} {what}")
        return 0
    names = args.cases or list(CASES)
    unknown = [n for n in names if n not in CASES]
    if unknown:
        parser.error(f"unknown case(s): {', '.join(unknown)} (see --list)")
    if args.outcomes:
        print(json.dumps({n: run_case(n, args.raised)["outcome"] for n in names}))
        return 0
    print(f"{'case':26} {'KB':>7}  {'default limits':36} {'limits raised':36} {'estimate':>9}")
    for name in names:
        default = in_subprocess(name, False, args.timeout)
        row = [f"{name:26}", f"{default.get('bytes', 0) / 1024:7.0f} "]
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
