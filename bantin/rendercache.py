"""What the templates of one build do once instead of on every page.

A bulletin's card (``card(b)`` of ``partials/bulletin_card.html``) is the same HTML on each of
the dozen list pages that show it: the home page, the index, its year, each of its tags, its
event types, its bloc, its units… A build renders it once and reuses the string.

**Which macros.** A macro *imported without context* (``{% from "partials/x.html" import m %}``
or ``{% import "x.xml" as x %}``, Jinja's default) sees only its arguments and the
environment's globals (``site``, ``t()``, ``url()``…), which stay the same for the whole build:
for the same arguments it gives the same HTML on every page. :class:`MacroMemo` keeps that HTML,
for the macros of a template whose top level holds nothing a call could change (macros,
imports, text and constant ``{% set %}``; never a ``namespace()``, ``cycler()`` or other object a
macro might alter between calls); and never for a macro that uses ``caller()``.

**Which arguments.** Only arguments whose identity says what they are: strings, numbers, dates,
``None``, tuples of those, and frozen dataclasses (bulletins, pagers, crumbs…), which nothing
changes during a build (these are compared by identity and kept alive by the memo). A call with
any other argument (a list, a dict, an undefined value) runs as usual.

**What a page used.** Rendering a macro notes the site data and templates it used in
:data:`bantin.deps.RECORDER` (what a later build's page digest depends on): the memo keeps
what the first call noted and notes it again for each page that reuses the HTML, so an
incremental build sees the same dependencies as if the macro had run.

The memo lives in the Jinja environment, which serves one build (:func:`bantin.render.make_env`),
so nothing is reused from one build to the next; each worker process has its own.

:class:`BuildContext` also calls plain Python functions (``t()``, ``url()``…) without Jinja's
checks for callables that ask for the context: the same result, a little faster on every call.
"""

from __future__ import annotations

from datetime import date, datetime
from types import BuiltinFunctionType, BuiltinMethodType, FunctionType, MethodType
from typing import Any

import jinja2
import jinja2.nodes as nodes
from jinja2.runtime import Context, Macro
from markupsafe import Markup

from .deps import RECORDER

_PLAIN_CALLABLES = frozenset({FunctionType, MethodType, BuiltinFunctionType, BuiltinMethodType})
_VALUES = frozenset({str, Markup, int, float, bool, type(None), date, datetime})
_IMMUTABLE = (str, int, float, bool, type(None), date, datetime)
_JINJA_ARGS = ("_block_vars", "_loop_vars")  # what Jinja adds to calls in loops and blocks


class MacroMemo:
    """The HTML of pure macro calls in one build (see the module's docstring)."""

    def __init__(self) -> None:
        self.pure: set[Macro] = set()  # the macros whose calls may be kept
        # key → (HTML, site data noted, templates noted, the arguments, kept alive); the HTML
        # as :func:`_to_keep` keeps it
        self.done: dict[tuple, tuple[Any, frozenset[str], frozenset[str], tuple]] = {}
        self._frozen: dict[type, bool] = {}
        self._sets: dict[frozenset[str], frozenset[str]] = {}

    def add_module(self, env: jinja2.Environment, template: jinja2.Template, module: Any) -> None:
        """Note the macros of ``template``'s module (imported without context) as pure, when
        nothing at the top level of the template could make two calls differ."""
        if not template.name or not _still_top_level(env, template.name):
            return
        for value in vars(module).values():
            if isinstance(value, Macro) and not value.caller:
                self.pure.add(value)

    def key(self, macro: Macro, autoescape: bool, args: tuple, kwargs: dict) -> tuple | None:
        """What tells this call from any other, or None when an argument cannot be told by its
        identity."""
        parts: list[Any] = [macro, autoescape]
        for value in args:
            part = self._arg(value)
            if part is None:
                return None
            parts.append(part)
        for name in sorted(kwargs):
            if name in _JINJA_ARGS:
                continue
            part = self._arg(kwargs[name])
            if part is None:
                return None
            parts += (name, part)
        return tuple(parts)

    def _arg(self, value: Any) -> tuple | None:
        kind = type(value)
        if kind in _VALUES:
            return (kind, value)
        if kind is tuple:
            items = tuple(self._arg(v) for v in value)
            return None if None in items else (tuple, items)
        frozen = self._frozen.get(kind)
        if frozen is None:
            params = getattr(kind, "__dataclass_params__", None)
            frozen = self._frozen[kind] = bool(params is not None and params.frozen)
        return (kind, id(value)) if frozen else None

    def call(self, context: Context, macro: Macro, args: tuple, kwargs: dict) -> Any:
        """The macro's HTML for these arguments: made once, then reused."""
        key = self.key(macro, context.eval_ctx.autoescape, args, kwargs)
        if key is None:
            return Context.call(context, macro, *args, **kwargs)
        found = self.done.get(key)
        if found is not None:
            data, attrs, templates, _ = found
            if attrs:
                RECORDER.attrs |= attrs
            if templates:
                RECORDER.templates |= templates
            return _from_kept(data)
        # what this call notes, apart from what the page noted before it
        page_attrs, page_templates = RECORDER.attrs, RECORDER.templates
        RECORDER.attrs, RECORDER.templates = set(), set()
        try:
            html = Context.call(context, macro, *args, **kwargs)
        finally:
            attrs, templates = RECORDER.attrs, RECORDER.templates
            page_attrs |= attrs
            page_templates |= templates
            RECORDER.attrs, RECORDER.templates = page_attrs, page_templates
        self.done[key] = (_to_keep(html), self._one(attrs), self._one(templates), (args, kwargs))
        return html

    def _one(self, names: set[str]) -> frozenset[str]:
        """``names`` frozen, as the one frozen set of these names the memo keeps: most calls
        note the same few sets."""
        frozen = frozenset(names)
        return self._sets.setdefault(frozen, frozen)


def _to_keep(html: Any) -> Any:
    """What the memo keeps of a macro's HTML: beyond ASCII, its UTF-8 bytes. Python keeps a text
    with a letter beyond Latin-1 (as almost any Vietnamese text) in two bytes a character, about
    twice its UTF-8; the memo of a 10,000-bulletin build held 110 MB of HTML as text."""
    if type(html) is Markup:
        return html if html.isascii() else html.encode()
    return html


def _from_kept(data: Any) -> Any:
    return Markup(data.decode()) if type(data) is bytes else data


def _still_top_level(env: jinja2.Environment, name: str) -> bool:
    """Whether the top level of template ``name`` holds only what cannot change between two
    calls of its macros: macros, imports, text and output, ``{% set %}`` of constant values
    and of blocks of text."""
    try:
        source, _, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
        tree = env.parse(source, name)
    except (jinja2.TemplateError, OSError):
        return False
    for node in tree.body:
        if isinstance(node, (nodes.Macro, nodes.Output, nodes.Import, nodes.FromImport)):
            continue
        if isinstance(node, nodes.AssignBlock) and node.filter is None:
            continue
        if isinstance(node, nodes.Assign):
            try:
                value = node.node.as_const()
            except Exception:  # nodes.Impossible, or anything a constant expression raises
                return False
            if _immutable(value):
                continue
        return False
    return True


def _immutable(value: Any) -> bool:
    if isinstance(value, tuple):
        return all(_immutable(v) for v in value)
    return isinstance(value, _IMMUTABLE)


class BuildTemplate(jinja2.Template):
    """A template that tells the environment's :class:`MacroMemo` about the macros of its
    module when it is first imported without context."""

    def _get_default_module(self, ctx: Context | None = None) -> Any:
        # Jinja's Template._get_default_module, with the globals compared as sets (Jinja's
        # ChainMap of them compares key by key in Python, on every import of every page)
        if self.environment.is_async:
            raise RuntimeError("Module is not available in async mode.")
        if ctx is not None:
            keys = ctx.globals_keys - set(self.globals)
            if keys:
                return self.make_module({k: ctx.parent[k] for k in keys})
        if self._module is None:
            self._module = self.make_module()
            memo = getattr(self.environment, "macro_memo", None)
            if memo is not None:
                memo.add_module(self.environment, self, self._module)
        return self._module


class BuildContext(Context):
    """Jinja's context, calling plain functions directly and pure macros through the
    environment's :class:`MacroMemo`."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        kind = type(__obj)
        if kind in _PLAIN_CALLABLES and getattr(__obj, "jinja_pass_arg", None) is None:
            # what Context.call does for a callable that asks for neither context nor
            # environment
            if kwargs:
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception"
                )
        if kind is Macro:
            memo: MacroMemo | None = getattr(__self.environment, "macro_memo", None)
            if memo is not None and __obj in memo.pure:
                return memo.call(__self, __obj, args, kwargs)
        return super().call(__obj, *args, **kwargs)


def speed_up(env: jinja2.Environment) -> None:
    """Make ``env`` (a new environment, before it loads a template) reuse the HTML of pure macro
    calls and call plain functions directly."""
    env.context_class = BuildContext
    env.template_class = BuildTemplate
    env.macro_memo = MacroMemo()  # type: ignore[attr-defined]
