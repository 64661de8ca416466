"""What the `cco` console script builds on each run: the one command it runs, coerced cheaply.

Typer builds the parameters of every command on every run, and since 0.29 it also builds a
pydantic `TypeAdapter` for each parameter of the command that runs, which loads most of
pydantic: together tens of milliseconds of a command that should feel instant. `lean_app`
returns a copy of the app in which only the invoked command is real; the others are stubs with
their name and help, enough for the command list and for "No such command". The real command
coerces its values with plain code for the kinds of parameters cco declares (str, int, float,
bool, Path, enums and lists of them, with min/max). Any other kind keeps Typer's own coercion.

The plain coercion uses Typer's private modules, so it is gated by version: only the Typer
releases it was written and tested against (`TESTED_TYPER`, and pyproject bounds `typer` to
them) get it; any other Typer runs the full app, parsing and running alike. Within a tested
release, a plain coercer that fails in a way Typer's would not hands the value to Typer's own.
The worst case is the old speed, never other behaviour. `cco.cli.main.app` itself is untouched:
tests and notebooks use it as it is.
"""

import copy
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args, get_origin

import typer
from typer.core import TyperCommand, TyperGroup
from typer.models import CommandInfo, DefaultPlaceholder

try:  # Typer >= 0.29: runtime coercion objects; older versions coerce through click types
    from typer._click.exceptions import BadParameter
    from typer._coercion import RuntimeParam, build_runtime_param
    from typer._param_types import coerce_cli_choice, coerce_cli_path

    HAS_RUNTIME_PARAMS = True
except ImportError:  # pragma: no cover - depends on the installed Typer
    HAS_RUNTIME_PARAMS = False

if TYPE_CHECKING:
    from typer._click import Command, Context, Parameter

    # What `_PlainCoercion` is mixed into: a Typer command or group, both click commands.
    _CommandBase = Command
else:
    _CommandBase = object

TESTED_TYPER: frozenset[tuple[int, int]] = frozenset({(0, 29)})
"""Typer (major, minor) releases whose internals the plain coercion was written against."""


def typer_is_tested(version: str | None = None) -> bool:
    """True when `version` (default: the installed Typer's) is one `TESTED_TYPER` covers."""
    text = typer.__version__ if version is None else version
    parts = text.split(".")
    try:
        release = (int(parts[0]), int(parts[1]))
    except (IndexError, ValueError):
        return False
    return release in TESTED_TYPER


Leaf = Callable[[Any, Any, Any], Any]
"""Coerces one value: (value, param, ctx) -> value, or raises BadParameter."""

_PATH_DEFAULTS = {
    "exists": False,
    "file_okay": True,
    "dir_okay": True,
    "writable": False,
    "resolve_path": False,
    "allow_dash": False,
    "path_type": None,
}
"""Path settings plain coercion reproduces; a parameter that changes any keeps Typer's."""


def lean_app(app: typer.Typer, args: Sequence[str]) -> typer.Typer:
    """A copy of `app` for one run with `args`: the invoked command real, the others stubs."""
    if not HAS_RUNTIME_PARAMS or not typer_is_tested():
        return app
    wanted = args[0] if args else None
    lean = copy.copy(app)
    group = app.info.cls
    group = TyperGroup if isinstance(group, DefaultPlaceholder) or group is None else group
    if issubclass(group, TyperGroup):
        lean.info = copy.copy(app.info)
        lean.info.cls = type(f"PlainCoercion{group.__name__}", (_PlainCoercion, group), {})
    lean.registered_commands = [
        _real(info) if _command_name(info) == wanted else _stub(info)
        for info in app.registered_commands
    ]
    return lean


def _is_default(cls: Any, default: type) -> bool:
    return isinstance(cls, DefaultPlaceholder) or cls in (None, default)


def _command_name(info: CommandInfo) -> str | None:
    if info.name:
        return info.name
    if info.callback is None:
        return None
    return info.callback.__name__.lower().replace("_", "-")


def _stub(info: CommandInfo) -> CommandInfo:
    """The command with no parameters: its name and help are all a command list shows."""
    callback = info.callback

    def stub() -> None:  # pragma: no cover - never invoked: only listed
        raise AssertionError("a stub command runs only when its name was not the one invoked")

    if callback is not None:
        stub.__name__ = callback.__name__
        stub.__qualname__ = callback.__qualname__
        stub.__doc__ = callback.__doc__
    lean = copy.copy(info)
    lean.callback = stub
    return lean


def _real(info: CommandInfo) -> CommandInfo:
    """The invoked command, its class given the plain coercion (a TyperCommand's subclass too)."""
    cls = TyperCommand if _is_default(info.cls, TyperCommand) else info.cls
    if not HAS_RUNTIME_PARAMS or not (isinstance(cls, type) and issubclass(cls, TyperCommand)):
        return info
    lean = copy.copy(info)
    if cls is TyperCommand:
        lean.cls = PlainCoercionCommand
    else:
        lean.cls = type(f"PlainCoercion{cls.__name__}", (_PlainCoercion, cls), {})
    return lean


class _PlainCoercion(_CommandBase):
    """Mixin for Typer's command and group classes: plain coercers on their parameters."""

    def get_params(self, ctx: "Context") -> "list[Parameter]":
        """The parameters, help option included, each with its plain coercer where it has one."""
        params = super().get_params(ctx)
        install_plain_coercion(params)
        return params


class PlainCoercionCommand(_PlainCoercion, TyperCommand):
    """A Typer command whose parameters coerce their values without pydantic where they can."""


def install_plain_coercion(params: Sequence[Any]) -> int:
    """Give each parameter whose kind `plain_leaf` covers a plain coercer; return how many."""
    installed = 0
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", True) is not None:
            continue  # not a Typer parameter, or its coercer is already built
        runtime = plain_runtime_param(descriptor)
        if runtime is not None:
            param._runtime_param = runtime
            installed += 1
    return installed


def plain_runtime_param(descriptor: Any) -> Any | None:
    """A runtime coercer for `descriptor`, or None when Typer's own must be kept."""
    if not HAS_RUNTIME_PARAMS or descriptor.file_annotation is not None:
        return None
    info = descriptor.parameter_info
    if info.parser is not None or info.clamp:
        return None
    annotation = descriptor.annotation
    is_list = get_origin(annotation) is list
    if is_list:
        (annotation,) = get_args(annotation)
    leaf = plain_leaf(annotation, info)
    if leaf is None:
        return None
    return _PlainRuntimeParam(
        parameter_info=info,
        annotation=descriptor.annotation,
        leaf=leaf,
        is_list=is_list,
        descriptor=descriptor,
    )


def plain_leaf(annotation: Any, info: Any) -> Leaf | None:
    """The coercer of one value of `annotation`, or None for a kind this module leaves to Typer."""
    numeric = annotation in (int, float)
    if not numeric and (info.min is not None or info.max is not None):
        return None
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _choice(tuple(annotation), info.case_sensitive)
    if annotation is Path:
        if any(getattr(info, key) != value for key, value in _PATH_DEFAULTS.items()):
            return None
        return _path(info)
    if numeric:
        return _number(annotation, info.min, info.max)
    if annotation is str:
        return _text
    if annotation is bool:
        return _flag
    return None


if HAS_RUNTIME_PARAMS:

    @dataclass(frozen=True)
    class _PlainRuntimeParam(RuntimeParam):
        leaf: Leaf
        is_list: bool
        descriptor: Any  # Typer's description of the parameter, for its own coercion

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                if self.is_list:
                    items = value if isinstance(value, (list, tuple)) else [value]
                    return [self.leaf(item, param, ctx) for item in items]
                return self.leaf(value, param, ctx)
            except BadParameter:
                raise
            except Exception:  # Typer's internals moved under us: its own coercion decides
                return build_runtime_param(self.descriptor)._coerce_value(value, param, ctx)


def _choice(choices: tuple[Any, ...], case_sensitive: bool) -> Leaf:
    def coerce(value: Any, param: Any, ctx: Any) -> Any:
        try:
            return coerce_cli_choice(value, choices=choices, case_sensitive=case_sensitive, ctx=ctx)
        except ValueError as exc:
            raise BadParameter(str(exc), ctx=ctx, param=param) from None

    return coerce


def _path(info: Any) -> Leaf:
    def coerce(value: Any, param: Any, ctx: Any) -> Any:
        path = value if isinstance(value, Path) else Path(value)
        return coerce_cli_path(path, info, path_type=Path, param=param, ctx=ctx)

    return coerce


_NUMBER_WORDS = {int: "a valid integer", float: "a valid number"}
_WHOLE = re.compile(r"[+-]?\d+(?:\.0*)?")  # '3', '+3', '3.0' (ASCII digits only)


def _parse_number(kind: type, value: Any) -> int | float:
    """`value` as `kind`, as Typer's pydantic coercion reads it; ValueError when it cannot."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError
    if not isinstance(value, str):
        if kind is int and not float(value).is_integer():
            raise ValueError
        return kind(value)
    text = value.strip()
    if not text.isascii() or "_" in text:  # int() and float() also take '３' and '1_0'
        raise ValueError
    if kind is int:
        if not _WHOLE.fullmatch(text):
            raise ValueError
        return int(float(text)) if "." in text else int(text)
    return float(text)


def _number(kind: type, low: float | None, high: float | None) -> Leaf:
    def coerce(value: Any, param: Any, ctx: Any) -> Any:
        try:
            number = _parse_number(kind, value)
        except (ValueError, OverflowError):
            raise BadParameter(
                f"Input should be {_NUMBER_WORDS[kind]}, unable to parse {value!r}",
                ctx=ctx,
                param=param,
            ) from None
        if not math.isfinite(number):
            raise BadParameter("Input should be a finite number", ctx=ctx, param=param)
        if low is not None and number < low:
            raise BadParameter(
                f"Input should be greater than or equal to {low}", ctx=ctx, param=param
            )
        if high is not None and number > high:
            raise BadParameter(
                f"Input should be less than or equal to {high}", ctx=ctx, param=param
            )
        return number

    return coerce


def _text(value: Any, param: Any, ctx: Any) -> Any:
    if isinstance(value, bytes):  # argv that is not valid in the locale's encoding
        return value.decode("utf-8", "replace")
    return str(value)


def _flag(value: Any, param: Any, ctx: Any) -> Any:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "t", "yes", "y", "on"):
        return True
    if text in ("", "0", "false", "f", "no", "n", "off"):
        return False
    raise BadParameter(f"{value!r} is not a valid boolean", ctx=ctx, param=param)
