"""Turn parsed YAML (:class:`~bantin.yamlio.PosDict`) into typed, frozen dataclasses.

The dataclasses in :mod:`bantin.models` are the schema: a field without a default is required,
``X | None`` may be null, ``tuple[X, ...]`` is a list, ``Literal[...]`` is a closed set of
values, and field metadata adds ``key`` (the YAML key when it differs, e.g. ``from``),
``vocab`` (a vocabulary the value must come from) and ``derived`` (filled by the loader, not
read from YAML). Every problem is collected with the file, line and column of the value.
"""

from __future__ import annotations

import dataclasses
import functools
import operator
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from typing import Any, Literal, Union
from zoneinfo import ZoneInfo

from .dates import DateValueError, to_date, to_datetime
from .errors import Loc, Positions, Problem, did_you_mean, suggestion
from .messages import msg
from .text import Quantity
from .yamlio import PosList

# what a value of each type is called in a message ("give a whole number")
_TYPE_NAMES = {
    str: lambda: msg("load.type.text"),
    int: lambda: msg("load.type.whole_number"),
    float: lambda: msg("load.type.number"),
    bool: lambda: msg("load.type.true_false"),
    date: lambda: msg("load.type.date"),
    datetime: lambda: msg("load.type.datetime"),
}


@dataclass
class Ctx:
    """Where the YAML came from and what to check it against."""

    path: str
    line_offset: int  # added to YAML line numbers to give file line numbers
    tz: ZoneInfo
    vocab: Mapping[str, Mapping[str, Any]]
    problems: list[Problem]

    def loc(self, pos: tuple[int, int] | None) -> Loc:
        if not pos or not pos[0]:
            return Loc(self.path, 0, 0)
        return Loc(self.path, pos[0] + self.line_offset, pos[1])

    def error(self, pos, message: str, hint: str = "") -> None:
        self.problems.append(self.loc(pos).problem(message, hint))


def _describe(value: Any) -> str:
    """What a message says a wrong value is: the value itself, or what kind of thing it is."""
    if value is None:
        return msg("load.type.null")
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, (dict, list)):
        return msg("load.type.mapping") if isinstance(value, dict) else msg("load.type.list")
    return repr(value) if isinstance(value, str) else f"'{value}'"


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@cache
def yaml_keys(cls: type) -> dict[str, dataclasses.Field]:
    """YAML key → dataclass field, for the fields read from YAML."""
    return {
        f.metadata.get("key", f.name): f
        for f in dataclasses.fields(cls)
        if not f.metadata.get("derived")
    }


def _is_optional(tp: Any) -> tuple[bool, Any]:
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) < len(typing.get_args(tp)):
            return True, args[0] if len(args) == 1 else functools.reduce(operator.or_, args)
    return False, tp


# The range of a number field that names none (``bounded`` in models.py names a narrower one):
# wide enough for any count, score or order a site could hold, and refusing a number too large
# to be a float or to be shown (a 309-digit "count" is a slip of the keyboard).
NUMBER_RANGE = (-1_000_000_000, 1_000_000_000)
OWN_RANGE = "own"  # the range of a number its dataclass's owner checks, with its own message


def own_range(default: Any) -> Any:
    """A number field whose range is checked by the code that reads it (no NUMBER_RANGE)."""
    return dataclasses.field(default=default, metadata={"range": OWN_RANGE})


def convert_value(
    value: Any,
    tp: Any,
    ctx: Ctx,
    pos,
    key: str,
    vocab: str | None = None,
    bounds: tuple[float, float] | None = None,
) -> Any:
    """Convert one value; on a problem, record it and return ``_INVALID``. ``bounds`` is the
    range of a number (or of each number of a list); :data:`NUMBER_RANGE` when not given."""
    optional, inner = _is_optional(tp)
    if value is None:
        if optional:
            return None
        ctx.error(
            pos, msg("load.empty_value", key=key), msg("load.hint_give", type=_type_name(inner))
        )
        return _INVALID
    tp = inner
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):  # e.g. bool | str: read as what the value is
        tp = _union_member(tp, value)
        origin = typing.get_origin(tp)
    if origin is Literal:
        choices = [str(c) for c in typing.get_args(tp)]
        if isinstance(value, str) and value in choices:
            return value
        hint = did_you_mean(str(value), choices) or msg("load.one_of", choices=", ".join(choices))
        ctx.error(pos, msg("load.cannot_be", key=key, value=_describe(value)), hint)
        return _INVALID
    if origin is tuple:
        item_tp = typing.get_args(tp)[0]
        if not isinstance(value, list):
            if item_tp is str and isinstance(value, (str, int)):
                value = PosList([value])
                value.pos = [pos]
            else:
                ctx.error(pos, msg("load.must_be_list", key=key, value=_describe(value)))
                return _INVALID
        item_pos = getattr(value, "pos", [])
        out = []
        for i, item in enumerate(value):
            ipos = item_pos[i] if i < len(item_pos) else pos
            converted = convert_value(item, item_tp, ctx, ipos, f"{key}[{i + 1}]", vocab, bounds)
            if converted is not _INVALID:
                out.append(converted)
        return tuple(out)
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            ctx.error(pos, msg("load.must_be_fields", key=key, value=_describe(value)))
            return _INVALID
        result = convert(value, tp, ctx, pos, where=key)
        return _INVALID if result is None else result
    if tp is dict or typing.get_origin(tp) is dict:
        if not isinstance(value, dict):
            ctx.error(pos, msg("load.must_be_mapping", key=key, value=_describe(value)))
            return _INVALID
        return _plain(value)
    if tp is str:
        if isinstance(value, str):
            result = value
        elif isinstance(value, int) and not isinstance(value, bool):
            result = str(value)
        else:
            hint = msg("load.hint_quote") if not isinstance(value, (dict, list)) else ""
            ctx.error(pos, msg("load.must_be_text", key=key, value=_describe(value)), hint)
            return _INVALID
        if vocab:
            return _check_vocab(result, vocab, ctx, pos, key)
        return result
    if tp is bool:
        if isinstance(value, bool):
            return value
        ctx.error(pos, msg("load.must_be_bool", key=key, value=_describe(value)))
        return _INVALID
    if tp is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return _in_range(value, bounds, ctx, pos, key)
        if _thousands(value) is None:
            ctx.error(pos, msg("load.must_be_int", key=key, value=_describe(value)))
        else:
            _thousands_error(value, ctx, pos, key)
        return _INVALID
    if tp is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            checked = _in_range(value, bounds, ctx, pos, key)
            return checked if checked is _INVALID else float(checked)
        if isinstance(value, str) and _thousands(value) is not None:
            _thousands_error(value, ctx, pos, key)
        else:
            ctx.error(pos, msg("load.must_be_number", key=key, value=_describe(value)))
        return _INVALID
    if tp is Quantity:
        return _quantity(value, ctx, pos, key, bounds)
    if tp is datetime:
        try:
            moment = to_datetime(value, ctx.tz)
            moment.astimezone(UTC), moment.astimezone(ctx.tz)
        except DateValueError as exc:
            ctx.error(pos, msg("load.key_problem", key=key, problem=exc.message))
            return _INVALID
        except OverflowError:  # 9999-12-31T23:00-05:00 is in year 10000 in Vietnam
            late = getattr(value, "year", 1) > 5000 or str(value).startswith("9")
            problem = msg(
                "load.not_a_real_date",
                value=str(value),
                reason=msg("load.date_reason.year", year=10000 if late else 0),
            )
            ctx.error(pos, msg("load.key_problem", key=key, problem=problem))
            return _INVALID
        return moment
    if tp is date:
        try:
            return to_date(value, ctx.tz)
        except DateValueError as exc:
            ctx.error(pos, msg("load.key_problem", key=key, problem=exc.message))
            return _INVALID
    raise TypeError(f"schema type not supported: {tp!r}")  # a bug in bantin, not user input


def _union_member(tp: Any, value: Any) -> Any:
    """The type of the union ``tp`` that ``value`` is (true → bool, text → str), else the
    first, whose message then says what is wrong."""
    args = typing.get_args(tp)
    for arg in args:
        if isinstance(arg, type) and isinstance(value, arg):
            if arg is bool or not isinstance(value, bool):
                return arg
    return args[0]


# 2.350 and "1.234.567": thousands written with dots, as in Vietnamese text. YAML reads the first
# as the decimal 2.35 and the second as text. A leading 0 (0.125) is a decimal.
_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
_DECIMAL_COMMA = re.compile(r"[0-9]+,[0-9]+")


def _thousands(value: Any) -> str | None:
    """``2350`` when ``value`` is a number written with thousands dots, else None."""
    text = getattr(value, "text", None) if isinstance(value, float) else value
    if isinstance(text, str) and _THOUSANDS.fullmatch(text.strip()):
        return text.strip().replace(".", "")
    return None


def _thousands_error(value: Any, ctx: Ctx, pos, key: str, decimal: bool = False) -> None:
    """``2.350`` is an error saying to write 2350 (and, where a decimal may stand, "2,350")."""
    text = getattr(value, "text", value)
    reading = repr(value) if isinstance(value, float) else msg("load.type.text")
    digits = _thousands(value)
    if decimal:
        hint = msg("load.hint_thousands_dot_decimal", digits=digits, comma=text.replace(".", ","))
    else:
        hint = msg("load.hint_thousands_dot", digits=digits)
    ctx.error(pos, msg("load.thousands_dot", key=key, text=text, reading=reading), hint)


def _quantity(value: Any, ctx: Ctx, pos, key: str, bounds: Any) -> Any:
    """A figure's value: a whole number, a decimal with a point (2.5) or, in quotes, with a
    comma ("2,5"). Three digits after a single point (2.350) is refused: in Vietnamese it is
    two thousand three hundred and fifty, to YAML 2.35."""
    if _thousands(value) is not None:
        _thousands_error(value, ctx, pos, key, decimal=True)
        return _INVALID
    if isinstance(value, str) and _DECIMAL_COMMA.fullmatch(value.strip()):
        value = float(value.strip().replace(",", "."))
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        ctx.error(pos, msg("load.must_be_number", key=key, value=_describe(value)))
        return _INVALID
    checked = _in_range(value, bounds, ctx, pos, key)
    return checked if checked is _INVALID else Quantity(checked)


def _in_range(value: float, bounds: Any, ctx: Ctx, pos, key: str) -> Any:
    """``value`` if it lies in ``bounds`` (NaN and infinities never do), else ``_INVALID``
    with a message that shows a very long number by its first digits and its length."""
    if bounds == OWN_RANGE:
        return value
    low, high = bounds or NUMBER_RANGE
    if low <= value <= high:
        return value
    ctx.error(
        pos,
        msg("load.number_range", key=key, value=_number_shown(value), low=low, high=high),
    )
    return _INVALID


def _number_shown(value: float) -> str:
    if isinstance(value, float):
        return repr(value)
    digits = str(abs(value))
    if len(digits) <= 20:
        return str(value)
    sign = "-" if value < 0 else ""
    return msg("load.long_number", start=sign + digits[:12], digits=len(digits))


def _type_name(tp: Any) -> str:
    if typing.get_origin(tp) is tuple:
        return msg("load.type.list")
    if dataclasses.is_dataclass(tp):
        return msg("load.type.mapping")
    name = _TYPE_NAMES.get(tp)
    return name() if name else msg("load.type.value")


def _check_vocab(value: str, vocab: str, ctx: Ctx, pos, key: str) -> Any:
    known = ctx.vocab.get(vocab, {})
    if value in known:
        return value
    hint = did_you_mean(value, known) or msg("load.known_values", values=", ".join(sorted(known)))
    ctx.error(pos, msg("load.unknown_vocab_value", key=key, value=value, vocab=vocab), hint)
    return _INVALID


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return float(value)  # not the YAML reader's SourceFloat
    return value


class _Invalid:
    def __repr__(self) -> str:
        return "<invalid>"


_INVALID: Any = _Invalid()


def convert(
    data: Mapping[str, Any], cls: type, ctx: Ctx, pos=None, where: str = "", **derived: Any
):
    """Build ``cls`` from ``data``; return None (with problems recorded) when it cannot.
    ``where`` names the enclosing key of a nested mapping (``results[2]``) for messages."""
    fields = yaml_keys(cls)
    hints = _hints(cls)
    positions = getattr(data, "pos", {})
    start = getattr(data, "start", None) or pos or (1, 1)
    kwargs: dict[str, Any] = dict(derived)
    ok = True
    suggested: set[str] = set()  # a misspelt required key is reported once, as the typo
    for key in data:
        if key not in fields:
            hint = did_you_mean(str(key), fields)
            if hint:
                suggested.add(suggestion(hint))
            elif "extra" in fields:
                hint = msg("load.hint_extra")
            if where:
                message = msg("load.unknown_key_in", key=key, where=where)
            else:
                message = msg("load.unknown_key", key=key)
            ctx.error(positions.get(key, start), message, hint)
            ok = False
    for key, f in fields.items():
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if key not in data:
            if required:
                if key not in suggested:
                    if where:
                        message = msg("load.missing_key_in", key=key, where=where)
                    else:
                        message = msg("load.missing_key", key=key)
                    ctx.error(start, message, msg("load.hint_add_key", key=key))
                ok = False
            continue
        at = positions.get(key, start)
        value = convert_value(
            data[key], hints[f.name], ctx, at, key, f.metadata.get("vocab"), f.metadata.get("range")
        )
        if value is _INVALID:
            ok = False
        elif required and value == () and not data[key]:
            ctx.error(at, msg("load.needs_item", key=key))
            ok = False
        else:
            kwargs[f.name] = value
    names = {f.name for f in dataclasses.fields(cls)}
    if "loc" in names and "loc" not in kwargs:
        kwargs["loc"] = ctx.loc(start)
    if "pos" in names and "pos" not in kwargs:
        at: dict[str, tuple[int, int]] = {}
        for k, p in positions.items():
            if k in fields:
                at[fields[k].name] = ctx.loc(p)[1:]
        for k, value in data.items():  # list items too: "people[0]" is the first person
            if k in fields and isinstance(value, PosList):
                for i, p in enumerate(value.pos):
                    at[f"{fields[k].name}[{i}]"] = ctx.loc(p)[1:]
        kwargs["pos"] = Positions(ctx.path, at)
    if not ok:
        return None
    return cls(**kwargs)
