"""Safe YAML loading without the YAML 1.1 traps, keeping the position of every value.

PyYAML follows YAML 1.1: an unquoted ``19:29`` becomes the number 1169, ``no`` becomes False and
``0123`` becomes 83. bantin resolves plain scalars by the YAML 1.2 core schema instead: only
``true``/``false`` are booleans, numbers are decimal (``0123`` stays text), and anything with a
colon stays text. Dates and date-times are still recognised. Duplicate keys are errors.

Mappings come back as :class:`PosDict` and sequences as :class:`PosList`, which remember the
1-based line and column of each key and item, so that validation can name the exact place.

Only YAML's own types are ever made (PyYAML's safe constructor: ``!!python/…`` tags are errors,
never code), and the cost is bounded before anything is built: the parser's events are read
one by one, counting how deep lists and mappings nest and how many values the document holds
once every alias (``*name``) is expanded. A "billion laughs" document of nested aliases, or
``[[[[…`` ten thousand deep, is refused at the event that crosses the limit; only then are the
events composed (by PyYAML's Python composer, which recurses once per level) and constructed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml
from yaml.composer import Composer, ComposerError
from yaml.constructor import ConstructorError
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import ScalarNode
from yaml.parser import Parser
from yaml.reader import Reader, ReaderError
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from .dates import date_reason
from .messages import Msg, msg


class _PyParser(Reader, Scanner, Parser, Composer):
    """PyYAML's pure-Python parser: slower, but its error messages are the clearer ones."""

    def __init__(self, stream):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)


try:  # libyaml's parser is about fifteen times faster
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover
    _Parser = _PyParser  # type: ignore[misc,assignment]


Position = tuple[int, int]


class PosDict(dict):
    """A dict that knows where each key stood in its file (``pos[key] = (line, col)``)."""

    pos: dict[Any, Position]
    start: Position

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.pos = {}
        self.start = (0, 0)


class PosList(list):
    """A list that knows where each item stood in its file."""

    pos: list[Position]
    start: Position

    def __init__(self, *args: Any):
        super().__init__(*args)
        self.pos = []
        self.start = (0, 0)


class SourceFloat(float):
    """A decimal number with the text it was written as: ``2.350`` is 2.35 to YAML, and a
    check of a field that wants a whole number tells from this text that 2350 was meant."""

    __slots__ = ("text",)
    text: str


class _Resolver(BaseResolver):
    pass


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*)|0x[0-9a-fA-F]+|0o[0-7]+)$"),
    list("-+0123456789"),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:(?:0|[1-9][0-9]*)\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:timestamp",
    re.compile(
        r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
        re.X,
    ),
    list("0123456789"),
)


class _Constructor(yaml.constructor.SafeConstructor):
    def construct_object(self, node, deep=False):  # type: ignore[override]
        try:
            return super().construct_object(node, deep)
        except (KeyError, ValueError, TypeError, AttributeError, IndexError, OverflowError) as exc:
            # e.g. an explicit tag with a value it cannot hold: "!!bool maybe", "!!map [1]"
            raise ConstructorError(
                None,
                None,
                msg("load.yaml_cannot_read_as", tag=node.tag, reason=str(exc)),
                node.start_mark,
            ) from None

    def construct_yaml_int(self, node):  # type: ignore[override]
        value = self.construct_scalar(node)
        if value.startswith("0x"):
            return int(value[2:], 16)
        if value.startswith("0o"):
            return int(value[2:], 8)
        return int(value)

    def construct_yaml_float(self, node):  # type: ignore[override]
        number = SourceFloat(super().construct_yaml_float(node))
        number.text = node.value
        return number

    def construct_yaml_timestamp(self, node):  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as exc:
            raise ConstructorError(
                None,
                None,
                msg("load.not_a_real_date", value=node.value, reason=date_reason(exc)),
                node.start_mark,
            ) from None

    def construct_pos_map(self, node):
        data = PosDict()
        data.start = (node.start_mark.line + 1, node.start_mark.column + 1)
        yield data
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise ConstructorError(
                    None, None, msg("load.yaml_key_not_plain"), key_node.start_mark
                ) from None
            if key in data:
                raise ConstructorError(
                    None,
                    None,
                    msg("load.duplicate_key", key=key),
                    key_node.start_mark,
                )
            data[key] = self.construct_object(value_node, deep=True)
            data.pos[key] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)

    def construct_pos_seq(self, node):
        data = PosList()
        data.start = (node.start_mark.line + 1, node.start_mark.column + 1)
        yield data
        for child in node.value:
            data.append(self.construct_object(child, deep=True))
            data.pos.append((child.start_mark.line + 1, child.start_mark.column + 1))


_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_yaml_int)
_Constructor.add_constructor("tag:yaml.org,2002:float", _Constructor.construct_yaml_float)
_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)
_Constructor.add_constructor("tag:yaml.org,2002:map", _Constructor.construct_pos_map)
_Constructor.add_constructor("tag:yaml.org,2002:seq", _Constructor.construct_pos_seq)


class _Replay(Composer, _Constructor, _Resolver):
    """Composes and constructs a document from events already read (and counted)."""

    def __init__(self, events: list):
        self._events = events
        self._next = 0
        Composer.__init__(self)
        _Constructor.__init__(self)
        _Resolver.__init__(self)

    def check_event(self, *choices) -> bool:
        if self._next >= len(self._events):
            return False
        return not choices or isinstance(self._events[self._next], choices)

    def peek_event(self):
        return self._events[self._next]

    def get_event(self):
        event = self._events[self._next]
        self._next += 1
        return event


MAX_VALUES = 100_000  # values in one document, aliases expanded (limits: yaml_values)
MAX_DEPTH = 32  # lists and mappings inside one another (limits: nesting)
_OPENS = (SequenceStartEvent, MappingStartEvent)
_CLOSES = (SequenceEndEvent, MappingEndEvent)


class YamlError(Exception):
    """A YAML problem with a 1-based line and column inside the parsed text."""

    def __init__(self, message: str, line: int, col: int, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col
        self.hint = hint


# PyYAML's words for the problems writers meet most, said in the site's language; the rest
# are shown as PyYAML says them
_Said = Callable[[dict[str, str]], Msg]
_PYYAML_PROBLEMS: tuple[tuple[re.Pattern[str], _Said], ...] = tuple(
    (re.compile(pattern), say)
    for pattern, say in (
        (
            r"mapping values are not allowed here",
            lambda a: msg("load.yaml_says.mapping_values"),
        ),
        (r"could not find expected ':'", lambda a: msg("load.yaml_says.expected_colon")),
        (
            r"found character '(?P<char>.+)' that cannot start any token",
            lambda a: msg("load.yaml_says.cannot_start", **a),
        ),
        (
            r"expected <block end>, but found '(?P<found>.+)'",
            lambda a: msg("load.yaml_says.block_end", **a),
        ),
        (
            r"expected ',' or '(?P<close>[\]}])', but got '(?P<found>.+)'",
            lambda a: msg("load.yaml_says.flow_end", **a),
        ),
        (
            r"found undefined alias '(?P<name>.+)'",
            lambda a: msg("load.yaml_says.undefined_alias", **a),
        ),
        (
            r"found unknown escape character '(?P<char>.+)'",
            lambda a: msg("load.yaml_says.unknown_escape", **a),
        ),
        (r"did not find expected key", lambda a: msg("load.yaml_says.expected_key")),
        (r"did not find expected '-' indicator", lambda a: msg("load.yaml_says.expected_dash")),
        (
            r"expected a comment or a line break, but found '(?P<found>.+)'",
            lambda a: msg("load.yaml_says.line_break", **a),
        ),
        (r"found unexpected end of stream", lambda a: msg("load.yaml_says.end_of_stream")),
    )
)


def _said(problem: str, context: str | None) -> str:
    """PyYAML's ``problem`` as a message of the catalogue when it is a common one."""
    if context and context.startswith("while scanning a quoted scalar"):
        return msg("load.yaml_says.unclosed_quote")
    if context and context.startswith("found duplicate anchor"):
        return msg("load.yaml_says.duplicate_anchor")
    for pattern, say in _PYYAML_PROBLEMS:
        found = pattern.fullmatch(problem)
        if found:
            return say(found.groupdict())
    return problem


# curly quotes written where YAML wants straight ones: “…” and ‘…’ are text to YAML
_CURLY = {"“": "“”„", "”": "“”", "‘": "‘’", "’": "‘’"}
_CURLY_LINE = re.compile(r"^(?P<lead>\s*(?:- +)*(?:[^\s:#\-][^:#]*:\s+)?)(?P<value>[“”‘’].*?)\s*$")


def curly_quoted(value: str) -> bool:
    """Whether ``value`` is written between curly quotes as if they were YAML's quotes:
    ``“Khối thi đua”`` (not ``“Dân vận khéo” và “Dân vận giỏi”``, which quotes inside)."""
    quotes = _CURLY.get(value[:1])
    return (
        quotes is not None
        and len(value) >= 2
        and value[-1] in quotes
        and not any(q in value[1:-1] for q in quotes)
    )


def straight_quoted(value: str) -> str:
    """``value`` (between curly quotes) written between YAML's straight quotes."""
    inner = value[1:-1]
    if '"' in inner or "\\" in inner:
        return "'" + inner.replace("'", "''") + "'"
    return f'"{inner}"'


def _curly_fix(text: str, line: int) -> str | None:
    """Line ``line`` of ``text`` with its curly-quoted value between straight quotes, when it
    has one (``title: “A: B”`` → ``title: "A: B"``)."""
    lines = text.splitlines()
    current = lines[line - 1] if 0 < line <= len(lines) else ""
    found = _CURLY_LINE.match(current)
    if found is None or not curly_quoted(found.group("value")):
        return None
    return (found.group("lead") + straight_quoted(found.group("value"))).strip()


def _hint_for(problem: str, text: str, line: int) -> str:
    lines = text.splitlines()
    current = lines[line - 1] if 0 < line <= len(lines) else ""
    fixed = _curly_fix(text, line)
    if fixed is not None:
        return msg("load.hint_yaml_curly", fixed=fixed)
    if "mapping values are not allowed" in problem:
        return msg("load.hint_yaml_quote")
    if (
        "found character '\\t'" in problem
        or "\t" in current[: len(current) - len(current.lstrip())]
    ):
        return msg("load.hint_yaml_tabs")
    if "could not find expected ':'" in problem:
        return msg("load.hint_yaml_key_value")
    return msg("load.hint_yaml_check")


def parse_yaml(text: str, *, max_values: int = MAX_VALUES, max_depth: int = MAX_DEPTH) -> Any:
    """Parse YAML text; raise :class:`YamlError` with a position on any problem, including a
    document nested deeper than ``max_depth`` or holding more than ``max_values`` values once
    its aliases are expanded."""
    try:
        return _load(text, _Parser, max_values, max_depth)
    except yaml.MarkedYAMLError as exc:
        if isinstance(exc, (ConstructorError, ComposerError)) or _Parser is _PyParser:
            raise _yaml_error(exc, text) from None
        try:  # the same problem in PyYAML's own words
            _events(text, _PyParser, max_values, max_depth)
        except yaml.MarkedYAMLError as explained:
            raise _yaml_error(explained, text) from None
        except yaml.YAMLError:  # said otherwise in Python: libyaml's words will do
            pass
        raise _yaml_error(exc, text) from None


def _load(text: str, parser: type, max_values: int, max_depth: int) -> Any:
    try:
        events = _events(text, parser, max_values, max_depth)
        try:
            return _plain_document(events)
        except _NotPlain:
            pass
        data = _Replay(events).get_single_data()
    except (yaml.MarkedYAMLError, YamlError):
        raise
    except ReaderError as exc:  # a character YAML does not allow (a control character)
        found = Reader.NON_PRINTABLE.search(text)  # libyaml counts bytes, not characters
        at = found.start() if found else min(exc.position, len(text))
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        raise YamlError(
            msg("load.invalid_yaml", problem=f"{exc.reason} #x{exc.character:04x}"),
            line,
            col,
            msg("load.hint_yaml_character"),
        ) from None
    except yaml.YAMLError as exc:
        raise YamlError(msg("load.invalid_yaml", problem=str(exc)), 0, 0) from None
    except (ValueError, OverflowError) as exc:  # e.g. an impossible date 2023-02-30
        raise YamlError(
            msg("load.invalid_value", problem=str(exc)), 0, 0, msg("load.hint_check_dates_numbers")
        ) from None
    except RecursionError:  # not expected below the depth limit; a message all the same
        raise YamlError(
            msg("load.yaml_too_deep", limit=max_depth), 0, 0, msg("load.hint_yaml_too_deep")
        ) from None
    _check_acyclic(data)
    return data


class _NotPlain(Exception):
    """A document :func:`_plain_document` leaves to PyYAML's composer and constructor."""


_STR = BaseResolver.DEFAULT_SCALAR_TAG
_DEFAULT_TAGS = (None, "!")
_NO_VALUE = object()


def _plain_document(events: list) -> Any:
    """The value of a document of one node whose events hold no anchor, alias or tag (a front
    matter, a bloc file), built from the events as PyYAML's composer and bantin's constructor
    build it, without making the nodes between (this takes a third of the time). Anything
    else, or anything the constructor would refuse (a duplicate key, an impossible date…),
    raises :class:`_NotPlain`: the caller then reads the document the usual way, which says
    why it is wrong."""
    if (
        len(events) < 5
        or type(events[0]) is not StreamStartEvent
        or type(events[1]) is not DocumentStartEvent
        or type(events[-2]) is not DocumentEndEvent
        or type(events[-1]) is not StreamEndEvent
    ):
        raise _NotPlain
    maker = _Replay([])
    constructors = maker.yaml_constructors
    root: Any = _NO_VALUE
    open_: list[Any] = []  # the PosDict and PosList being filled, innermost last
    keys: list[Any] = []  # for each of them: the key waiting for its value (mappings)
    key_pos: list[Position] = []
    try:
        for event in events[2:-2]:
            kind = type(event)
            if kind is MappingEndEvent or kind is SequenceEndEvent:
                open_.pop()
                keys.pop()
                key_pos.pop()
                continue
            if event.anchor is not None or event.tag not in _DEFAULT_TAGS:
                raise _NotPlain
            mark = event.start_mark
            if kind is ScalarEvent:
                tag = maker.resolve(ScalarNode, event.value, event.implicit)
                if tag == _STR:
                    value = event.value
                else:
                    node = ScalarNode(tag, event.value, mark, event.end_mark, style=event.style)
                    value = constructors[tag](maker, node)
            elif kind is MappingStartEvent:
                value = PosDict()
                value.start = (mark.line + 1, mark.column + 1)
            elif kind is SequenceStartEvent:
                value = PosList()
                value.start = (mark.line + 1, mark.column + 1)
            else:
                raise _NotPlain
            if not open_:
                if root is not _NO_VALUE:
                    raise _NotPlain
                root = value
            else:
                parent = open_[-1]
                if type(parent) is PosList:
                    parent.append(value)
                    parent.pos.append((mark.line + 1, mark.column + 1))
                elif keys[-1] is _NO_VALUE:  # a key: a scalar, new to its mapping
                    if kind is not ScalarEvent or value in parent:
                        raise _NotPlain
                    keys[-1] = value
                    key_pos[-1] = (mark.line + 1, mark.column + 1)
                else:
                    parent[keys[-1]] = value
                    parent.pos[keys[-1]] = key_pos[-1]
                    keys[-1] = _NO_VALUE
            if kind is not ScalarEvent:
                open_.append(value)
                keys.append(_NO_VALUE)
                key_pos.append((0, 0))
    except _NotPlain:
        raise
    except Exception:  # a value the constructor refuses: said the usual way
        raise _NotPlain from None
    if open_ or root is _NO_VALUE:
        raise _NotPlain
    return root


def _events(text: str, parser: type, max_values: int, max_depth: int) -> list:
    """The parser's events of ``text``, read one by one, counting depth and values (aliases
    expanded); a :class:`YamlError` at the first event beyond a limit."""
    reader = parser(text)
    events: list = []
    opened: list[tuple[str | None, int]] = []  # (anchor, values before it) of open collections
    sizes: dict[str, int] = {}  # anchor → values of its node, expanded
    values = 0
    try:
        while reader.check_event():
            event = reader.get_event()
            events.append(event)
            kind = event.__class__
            if kind is ScalarEvent:
                values += 1
                if not event.style and curly_quoted(event.value):
                    raise _at(
                        event,
                        msg("load.curly_quotes", value=event.value),
                        msg(
                            "load.hint_yaml_curly",
                            fixed=_curly_fix(text, event.start_mark.line + 1)
                            or straight_quoted(event.value),
                        ),
                    )
                if event.anchor is not None:
                    sizes[event.anchor] = 1
            elif kind is AliasEvent:
                if any(anchor == event.anchor for anchor, _ in opened):
                    raise _at(event, msg("load.yaml_alias_cycle"), msg("load.hint_yaml_alias"))
                values += sizes.get(event.anchor, 1)  # undefined: the composer says so
            elif kind in _OPENS:
                values += 1
                opened.append((event.anchor, values))
                if len(opened) > max_depth:
                    raise _at(
                        event,
                        msg("load.yaml_too_deep", limit=max_depth),
                        msg("load.hint_yaml_too_deep"),
                    )
            elif kind in _CLOSES and opened:
                anchor, before = opened.pop()
                if anchor is not None:
                    sizes[anchor] = values - before + 1
            if values > max_values:
                raise _at(
                    event,
                    msg("load.yaml_too_many_values", limit=max_values),
                    msg("load.hint_yaml_too_many_values"),
                )
    finally:
        reader.dispose()
    return events


def _at(event, message: str, hint: str) -> YamlError:
    mark = event.start_mark
    return YamlError(message, mark.line + 1 if mark else 0, mark.column + 1 if mark else 0, hint)


def _yaml_error(exc: yaml.MarkedYAMLError, text: str) -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark and (exc.context or "").startswith("while scanning a quoted scalar"):
        mark = exc.context_mark  # where the quote that is never closed opens
    line = mark.line + 1 if mark else 0
    col = mark.column + 1 if mark else 0
    # PyYAML's own problems ("mapping values are not allowed here") are English text
    problem = exc.problem or exc.context or msg("load.yaml_problem_unknown")
    if isinstance(exc, ConstructorError):
        if isinstance(problem, Msg):  # bantin's own: a duplicate key, a date…
            return YamlError(problem, line, col)
        # PyYAML's, about a tag: "could not determine a constructor for the tag
        # 'tag:yaml.org,2002:python/object/apply:os.system'" (nothing was run or made)
        return YamlError(
            msg("load.invalid_yaml", problem=problem), line, col, msg("load.hint_yaml_tag")
        )
    hint = _hint_for(problem, text, line)
    return YamlError(msg("load.invalid_yaml", problem=_said(problem, exc.context)), line, col, hint)


def _check_acyclic(data: Any) -> None:
    """Refuse a value that contains itself (an anchor used inside its own alias)."""
    stack: set[int] = set()

    def walk(value: Any) -> None:
        if not isinstance(value, (dict, list)):
            return
        if id(value) in stack:
            line, col = getattr(value, "start", (0, 0))
            raise YamlError(msg("load.yaml_alias_cycle"), line, col, msg("load.hint_yaml_alias"))
        stack.add(id(value))
        for item in value.values() if isinstance(value, dict) else value:
            walk(item)
        stack.discard(id(value))

    walk(data)
