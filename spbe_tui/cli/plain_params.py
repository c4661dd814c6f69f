"""Plain `str`, `int`, `bool`, `Path` and `Enum` options, coerced without pydantic.

Why: typer 0.29 coerces every parameter through a pydantic TypeAdapter, built the first time the
parameter is processed, even when its value is None. Measured on `spbe-tui review --db X --as a
--instansi b`: 170 ms from start to the command function, ~140 ms of it importing pydantic and
building adapters, and every command pays it although nearly all our options are a plain string,
number, flag or path. A command line is short, so a person waits for all of that.

For those parameters the rule is simple enough to follow in a few lines. Only the values whose
answer is certain take the short way (a plain decimal number, a known yes/no word, a path without
a NUL byte whose file is absent or readable, a choice's exact value); any other value, and any
error, goes to typer's own coercion, so the result and the message are always typer's. Parameters
with anything more (a parser, a range, case-insensitive choices, files, path checks, lists) are
left to typer entirely.

This leans on typer's private parts. When they are not as expected (typer changed), `install`
leaves typer alone: the command line works as before, only slower.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

# A plain decimal number, small enough that any reading of it agrees: pydantic also accepts
# surrounding whitespace, `_` separators, `2026.0` and very long numbers; those go to typer.
_DECIMAL = re.compile(r"[+-]?[0-9]{1,18}")

# pydantic's words for a boolean (compared in lower case), after typer's strip; "" is False.
_BOOL_WORDS = {
    "": False,
    "0": False, "off": False, "f": False, "false": False, "n": False, "no": False,
    "1": True, "on": True, "t": True, "true": True, "y": True, "yes": True,
}

# The parameter settings under which typer's coercion of these types is exactly the plain one:
# typer's defaults. Compared by identity, so an equal but unusual value (exists=0) goes to typer.
_PLAIN_SETTINGS = (
    ("parser", None), ("min", None), ("max", None), ("clamp", False),
    ("exists", False), ("file_okay", True), ("dir_okay", True), ("writable", False), ("readable", True),
    ("resolve_path", False), ("allow_dash", False), ("path_type", None),
)

_MARK = "_spbe_plain_params"
_FALLBACK = "_spbe_typer_runtime_param"
_UNSURE = object()  # a value the short way does not decide


def _plain_str(value: Any) -> Any:
    return value if type(value) is str else _UNSURE


def _plain_int(value: Any) -> Any:
    if type(value) is int:
        return value
    if type(value) is str and _DECIMAL.fullmatch(value):
        return int(value)
    return _UNSURE


def _plain_bool(value: Any) -> Any:
    if type(value) is bool:
        return value
    if type(value) is str:
        word = value.strip()
        if word.isascii():
            return _BOOL_WORDS.get(word.lower(), _UNSURE)
    return _UNSURE


def _plain_path(value: Any) -> Any:
    # typer builds the Path, stats it, and with its default `readable=True` refuses an existing
    # path it may not read: that refusal (and its message) stays typer's.
    if type(value) is str:
        if "\x00" in value or not _encodes(value):
            return _UNSURE
        path = Path(value)
    elif isinstance(value, Path):
        path = value
    else:
        return _UNSURE
    try:
        os.stat(path)
    except OSError:
        return path
    except ValueError:
        return _UNSURE
    return path if os.access(path, os.R_OK) else _UNSURE


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: typer's own handling decides
        return False
    return True


@cache
def _plain_enum(kind: type[Enum]) -> Callable[[Any], Any]:
    # A choice typed exactly as one of its values (as click's Choice passes it on); any other
    # spelling, and a value not a string, goes to typer.
    members = {member.value: member for member in kind if type(member.value) is str}

    def coerce(value: Any) -> Any:
        if type(value) is kind:
            return value
        return members.get(value, _UNSURE) if type(value) is str else _UNSURE

    return coerce


_COERCERS: dict[Any, Callable[[Any], Any]] = {str: _plain_str, int: _plain_int, bool: _plain_bool, Path: _plain_path}


def plain_coercer(annotation: Any, parameter_info: Any) -> Callable[[Any], Any] | None:
    """The short-way coercion for a parameter of this annotation and settings, or None when the
    parameter is anything but plain (then typer coerces it, as always)."""
    try:
        coercer = _COERCERS.get(annotation)
    except TypeError:  # an unhashable annotation is never plain
        return None
    if coercer is None and isinstance(annotation, type) and issubclass(annotation, Enum) \
            and getattr(parameter_info, "case_sensitive", None) is True:
        coercer = _plain_enum(annotation)
    if coercer is None:
        return None
    for name, default in _PLAIN_SETTINGS:
        if getattr(parameter_info, name, _UNSURE) is not default:
            return None
    return coercer


def install() -> None:
    """Let typer parameters that are plain `str`, `int`, `bool`, `Path` or `Enum` coerce without pydantic.

    Idempotent; does nothing when typer's private parts are not as this module expects."""
    try:
        from typer import _coercion, core
    except ImportError:
        return
    parameter_class = getattr(core, "_TyperParameter", None)
    base = getattr(_coercion, "RuntimeParam", None)
    build_runtime_param = getattr(_coercion, "build_runtime_param", None)
    original = getattr(parameter_class, "get_runtime_param", None)
    if not (isinstance(parameter_class, type) and isinstance(base, type) and callable(build_runtime_param)
            and callable(original) and callable(getattr(base, "coerce", None))
            and "_coerce_value" in getattr(base, "__abstractmethods__", ())
            and set(getattr(base, "__dataclass_fields__", {})) == {"parameter_info", "annotation"}):
        return
    if getattr(original, _MARK, False):
        return

    runtime_class = _runtime_param_class(base, build_runtime_param)

    def get_runtime_param(self: Any) -> Any:
        if getattr(self, "_runtime_param", _UNSURE) is None and getattr(self, "nargs", None) == 1 \
                and getattr(self, "multiple", True) is False:
            descriptor = getattr(self, "type_descriptor", None)
            if getattr(descriptor, "file_annotation", _UNSURE) is None:
                annotation = getattr(descriptor, "annotation", None)
                parameter_info = getattr(descriptor, "parameter_info", None)
                if plain_coercer(annotation, parameter_info) is not None:
                    self._runtime_param = runtime_class(parameter_info=parameter_info, annotation=annotation)
        return original(self)

    setattr(get_runtime_param, _MARK, True)
    get_runtime_param.__doc__ = original.__doc__
    patched: Any = parameter_class  # typer's class, found at run time
    patched.get_runtime_param = get_runtime_param


def _runtime_param_class(base: Any, build_runtime_param: Any) -> type:
    class PlainRuntimeParam(base):  # typer's RuntimeParam, found at run time
        """typer's RuntimeParam for a plain parameter: the short way when it is sure, else typer's."""

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            coercer = plain_coercer(self.annotation, self.parameter_info)
            assert coercer is not None  # made only for parameters that have one
            result = coercer(value)
            if result is not _UNSURE:
                return result
            typer_param = self.__dict__.get(_FALLBACK)
            if typer_param is None:
                typer_param = build_runtime_param(param.type_descriptor)
                self.__dict__[_FALLBACK] = typer_param  # the class is a frozen dataclass: a cache beside it
            return typer_param._coerce_value(value, param=param, ctx=ctx)

    return PlainRuntimeParam
