"""Vocabularies shipped with bantin (``vocab.yaml``), extended by ``vocab:`` in the config."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from .errors import Loc, Problem
from .messages import msg
from .text import nfc_deep
from .yamlio import parse_yaml

_SHIPPED = Path(__file__).with_name("vocab.yaml")


@cache
def shipped() -> Mapping[str, Mapping[str, Any]]:
    data = parse_yaml(_SHIPPED.read_text(encoding="utf-8"))
    return {name: dict(entries) for name, entries in data.items()}


def load_vocab(site_vocab: Mapping[str, Any], loc: Loc) -> tuple[dict, list[Problem]]:
    """Merge the site's ``vocab:`` over the shipped vocabularies: new keys are added, existing
    keys relabelled."""
    merged = {name: {k: dict(v) for k, v in entries.items()} for name, entries in shipped().items()}
    problems: list[Problem] = []
    from .urls import is_slug

    for name, entries in nfc_deep(dict(site_vocab)).items():
        if name not in merged:
            from .errors import did_you_mean

            problems.append(
                loc.problem(msg("load.unknown_vocab", name=name), did_you_mean(name, merged))
            )
            continue
        if not isinstance(entries, dict):
            problems.append(loc.problem(msg("load.vocab_not_mapping", name=name)))
            continue
        for key, entry in entries.items():
            if not is_slug(str(key)):
                problems.append(loc.problem(msg("load.vocab_key_not_slug", name=name, key=key)))
                continue
            if isinstance(entry, str):
                entry = {"label": entry}
            if not isinstance(entry, dict):
                problems.append(loc.problem(msg("load.vocab_entry_bad", name=name, key=key)))
                continue
            merged[name].setdefault(str(key), {}).update(entry)
    return merged, problems


def label(vocabularies: Mapping[str, Mapping[str, Any]], name: str, key: str) -> str:
    entry = vocabularies.get(name, {}).get(key)
    if entry is None:
        return key
    return entry.get("label") or entry.get("name") or key
