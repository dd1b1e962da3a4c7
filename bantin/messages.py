"""Messages for the people who write a site, in the site's language.

Every text bantin prints about a site (errors, warnings, hints, summaries) is a :class:`Msg`
made by :func:`msg` from a key of the message catalogue: ``bantin/strings/<lang>/*.yaml``, the
same ``key: text`` YAML files as a theme's interface strings, one file per area (``load``,
``link``, ``cli``…). A ``Msg`` *is* its English text (a ``str``), so code and tests can compare
it as text; :func:`tr` renders it again in another language when it is printed. A key missing
from a language falls back to English.

The language is the site's ``language`` setting; ``BANTIN_LANG=en`` (or ``vi``) overrides it for
one run. Severity words (``error``, ``warning``, ``info``) stay English in the
``path:line:col: severity: message`` lines so that editors and tools can parse them.
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import yaml

CATALOGUE = Path(__file__).parent / "strings"
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"


class Msg(str):
    """A message: its English text, plus the key and arguments to say it in another language.
    Arguments that are themselves messages (a hint inside a message, a kind's name) are
    translated with it."""

    key: str
    args: dict[str, Any]

    def __new__(cls, key: str, args: dict[str, Any]):
        self = super().__new__(cls, _render(key, args, "en"))
        self.key = key
        self.args = args
        return self

    def __reduce__(self):
        return (Msg, (self.key, self.args))


def msg(key: str, /, **args: Any) -> Msg:
    """The message ``key`` of the catalogue with its ``{fields}`` filled from ``args``."""
    return Msg(key, args)


def tr(text: Any, lang: str) -> str:
    """``text`` in ``lang``: a :class:`Msg` is rendered again, anything else is itself."""
    if isinstance(text, Msg) and lang != "en":
        return _render(text.key, text.args, lang)
    return str(text)


def _render(key: str, args: dict[str, Any], lang: str) -> str:
    area = key.partition(".")[0]
    template = _area(lang, area).get(key)
    if template is None:
        template = _area("en", area).get(key)
    if template is None:  # a bug in bantin: show what there is rather than fail
        return key + (" " + repr(args) if args else "")
    return template.format_map({k: tr(v, lang) for k, v in args.items()})


def catalogue(lang: str) -> dict[str, str]:
    """Every message of one language: the files of ``strings/<lang>/``, merged."""
    out: dict[str, str] = {}
    for path in sorted((CATALOGUE / lang).glob("*.yaml")):
        out.update(_area(lang, path.stem))
    return out


@cache
def _area(lang: str, area: str) -> dict[str, str]:
    """The messages of one area (``load``, ``cli``…) in one language, whose keys all begin with
    ``<area>.``: ``strings/<lang>/<area>.yaml``, read the first time one of them is said (a build
    that finds nothing changed says a few, of two areas)."""
    try:
        text = (CATALOGUE / lang / f"{area}.yaml").read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return {}
    data = yaml.load(text, Loader=yaml.CSafeLoader) or {}
    return {str(k): unicodedata.normalize("NFC", str(v)) for k, v in data.items()}


_LANGUAGE_LINE = re.compile(r"""^language:\s*["']?([a-z]{2})\b""", re.MULTILINE)


def language_of(root: Path, config_file: Path | None = None) -> str:
    """The language to talk to the site's writers in: ``BANTIN_LANG``, else the ``language`` of
    ``site_config.yaml`` (or of ``config_file``, ``--config``; read leniently, so that a broken
    configuration is still reported in its own language), else Vietnamese."""
    wanted = os.environ.get("BANTIN_LANG", "").strip().lower()[:2]
    if wanted in LANGUAGES:
        return wanted
    path = root / "site_config.yaml" if config_file is None else config_file
    try:
        if not path.is_file():  # a pipe is never opened: reading it could wait forever
            return DEFAULT_LANGUAGE
        data = path.read_bytes()
    except (OSError, ValueError):
        return DEFAULT_LANGUAGE
    from .text import utf16_encoding

    text = data.decode(utf16_encoding(data) or "utf-8-sig", errors="replace")
    found = _LANGUAGE_LINE.search(text)
    return found.group(1) if found and found.group(1) in LANGUAGES else DEFAULT_LANGUAGE
