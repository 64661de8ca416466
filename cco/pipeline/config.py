"""A project's cco settings, from `cco.toml` or `[tool.cco]` in `pyproject.toml`.

The first of the two found from the current folder upwards is used (in each folder `cco.toml`
comes first). Keys: `select`, `ignore` (rule codes or prefixes), `catalog` (a path, relative to
the file), `lang`, `locale` (how numbers read for people, such as es_AR), `scale` (the top of
the rating scale) and `strict`. Options given on the command line win over the file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cco.core.models import CcoError
from cco.core.problems import make_problem

CONFIG_NAME = "cco.toml"
KEYS = frozenset({"select", "ignore", "catalog", "lang", "locale", "scale", "strict"})
MIN_SCALE = 0.5  # the least --scale-max takes
# The most it takes: agreement's ordinal alpha holds a value-by-value matrix (0-100 is the
# widest scale in use; a scale of a million asked for terabytes).
MAX_SCALE = 100.0


@dataclass(frozen=True)
class ProjectConfig:
    """The settings a project file gives; `path` is the file they come from (None: no file)."""

    path: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    catalog: Path | None = None
    lang: str | None = None
    locale: str | None = None
    scale: float | None = None
    strict: bool | None = None


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The first `cco.toml`, or `pyproject.toml` with a `[tool.cco]` table, from `start` up.

    Returns the file and its cco table. Raises CcoError (CCO006) for a file that is not TOML.
    """
    for folder in (start, *start.parents):
        own = folder / CONFIG_NAME
        if os.path.isfile(own):  # os.path's: False where a folder may not be searched
            return own, _toml(own)
        project = folder / "pyproject.toml"
        if os.path.isfile(project):
            table = _toml(project).get("tool", {}).get("cco")
            if isinstance(table, dict):
                return project, table
    return None


def load_config(start: Path | None = None) -> ProjectConfig:
    """The project settings found from `start` (the current folder) upwards; empty if none.

    Raises CcoError (CCO006) for a file that is not TOML, an unknown key or a wrong value.
    """
    found = find_config((start or Path.cwd()).resolve())
    if found is None:
        return ProjectConfig()
    path, table = found
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise _bad(path, "key", setting=unknown[0], keys=", ".join(sorted(KEYS)))
    catalog = table.get("catalog")
    return ProjectConfig(
        path=path,
        select=_codes(path, table, "select"),
        ignore=_codes(path, table, "ignore"),
        catalog=(path.parent / _typed(path, table, "catalog", str)) if catalog else None,
        lang=_language(path, table),
        locale=_locale(path, table),
        scale=_scale(path, table),
        strict=_typed(path, table, "strict", bool),
    )


def _language(path: Path, table: dict[str, Any]) -> str | None:
    """The `lang` setting: one of the languages cco has a catalog for."""
    from cco.i18n.catalogs import available_languages

    lang = _typed(path, table, "lang", str)
    if lang is not None and lang not in available_languages():
        raise _bad(path, "value", setting="lang", value=repr(lang))
    return lang


def _locale(path: Path, table: dict[str, Any]) -> str | None:
    """The `locale` setting: a locale the CLDR knows, such as 'es_AR' or 'pt_BR'."""
    from cco.i18n.numbers import number_format

    locale = _typed(path, table, "locale", str)
    if locale is not None and number_format(locale) is None:
        raise _bad(path, "value", setting="locale", value=repr(locale))
    return locale


def _scale(path: Path, table: dict[str, Any]) -> float | None:
    """The `scale` setting: a top of the rating scale from 0.5 to 100 (as --scale-max)."""
    import math

    scale = _typed(path, table, "scale", (int, float))
    if scale is not None and not (math.isfinite(scale) and MIN_SCALE <= scale <= MAX_SCALE):
        raise _bad(path, "value", setting="scale", value=repr(scale))
    return float(scale) if scale is not None else None


def _toml(path: Path) -> dict[str, Any]:
    import tomllib  # only when a settings file is found: most runs have none

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise _bad(path, "toml", reason=str(exc)) from None


def _typed(path: Path, table: dict[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise _bad(path, "value", setting=key, value=repr(value))
    return value


def _codes(path: Path, table: dict[str, Any], key: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _bad(path, "value", setting=key, value=repr(value))
    return tuple(value)


def _bad(path: Path, variant: str, **params: Any) -> CcoError:
    return CcoError(make_problem(f"CCO006/{variant}", file=str(path), **params))
