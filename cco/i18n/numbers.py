"""Numbers as a reader writes them: the decimal mark and digit grouping of a locale.

The marks come from the Unicode CLDR through Babel: Argentina and Brazil write 1,26, Peru
and Mexico 1.26, France 1,26 and 45 % with a narrow space. Only what people read is
formatted this way; JSON and CSV keep the machine format.

Rounding is not done here: callers pass a `Decimal` already rounded to the places it shows
(`cco.output.views.rounded`), and the format never rounds it again.

The run's format is a context variable, like `decimal.localcontext`: a command sets it once
(`numbers_in`), and every table, line, page and figure built inside reads it
(`current_numbers`). A notebook can do the same:

    with numbers_in(number_format("es_AR")):
        views = summit_views(card, lang="es")
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class NumberFormat:
    """How one locale writes numbers; `locale` None is the machine format (1234.5, 45%)."""

    locale: str | None = None

    def fixed(self, value: Decimal) -> str:
        """A rounded number with exactly the places it carries: Decimal('1.20') -> '1,20'."""
        if self.locale is None:
            return str(value)
        places = max(0, -int(value.as_tuple().exponent))
        return _babel_decimal(value, places, self.locale)

    def signed(self, value: Decimal) -> str:
        """Like `fixed`, with a '+' before a positive number (changes: '+0,30', '-1,70')."""
        # As format(value, '+') does: a sign always, '-' for a negative zero too.
        return (self.minus() if value.is_signed() else "+") + self.fixed(abs(value))

    def minus(self) -> str:
        """The locale's minus sign (some write U+2212 rather than a hyphen)."""
        if self.locale is None:
            return "-"
        from babel.numbers import get_minus_sign_symbol

        return str(get_minus_sign_symbol(self.locale))

    def general(self, value: float) -> str:
        """A number with as few places as it needs, as '%g' writes it: 3 -> '3', 2.5 -> '2,5'."""
        text = f"{value:g}"
        if self.locale is None or "e" in text:
            return text
        return self.fixed(Decimal(text))

    def whole(self, value: int) -> str:
        """A count with the locale's digit grouping: 12345 -> '12.345' (es_AR)."""
        if self.locale is None:
            return str(value)
        return _babel_decimal(Decimal(value), 0, self.locale)

    def percent(self, value: Decimal) -> str:
        """A share already in percent and rounded (Decimal('45') -> '45%', '45 %' in French)."""
        if self.locale is None:
            return f"{value}%"
        from babel.numbers import format_percent

        places = max(0, -int(value.as_tuple().exponent))
        pattern = _percent_pattern(self.locale, places)
        return str(format_percent(value / 100, format=pattern, locale=self.locale))


MACHINE = NumberFormat()
"""The machine format, the default of every run that names no locale."""


def _babel_decimal(value: Decimal, places: int, locale: str) -> str:
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * places if places else "")
    return str(format_decimal(value, format=pattern, locale=locale))


@functools.cache
def _percent_pattern(locale: str, places: int) -> str:
    """The locale's percent pattern ('#,##0 %') with `places` decimals."""
    from babel import Locale

    pattern = Locale.parse(locale).percent_formats[None].pattern.split(";")[0]
    digits = "#,##0" + ("." + "0" * places if places else "")
    start = pattern.find("#")
    end = max(pattern.rfind("0"), pattern.rfind("#")) + 1
    return pattern[:start] + digits + pattern[end:] if start >= 0 else digits + "%"


@functools.cache
def number_format(locale: str | None) -> NumberFormat | None:
    """The format of a locale such as 'es_AR', 'pt-BR' or 'es_AR.UTF-8'; None if CLDR lacks it.

    'C', 'POSIX' and an empty name are the machine format.
    """
    name = (locale or "").split(".")[0].split("@")[0].strip()
    if name in ("", "C", "POSIX"):
        return MACHINE
    from babel import Locale, UnknownLocaleError

    try:
        known = Locale.parse(name.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return None
    return NumberFormat(str(known))


def locale_from_environment(environ: Mapping[str, str] | None = None) -> NumberFormat:
    """The format the environment asks for: CCO_LOCALE, then LC_ALL, LC_NUMERIC, LANG.

    The first variable that is set decides, as the C library does; a locale CLDR does not
    know gives the machine format rather than a guess.
    """
    environ = os.environ if environ is None else environ
    for name in ("CCO_LOCALE", "LC_ALL", "LC_NUMERIC", "LANG"):
        value = environ.get(name, "")
        if value:
            return number_format(value) or MACHINE
    return MACHINE


_CURRENT: ContextVar[NumberFormat] = ContextVar("cco_numbers", default=MACHINE)


def current_numbers() -> NumberFormat:
    """The number format of the running command (the machine format unless one was set)."""
    return _CURRENT.get()


def use_numbers(numbers: NumberFormat) -> None:
    """Make `numbers` the format for the rest of this context (a command sets it once)."""
    _CURRENT.set(numbers)


@contextlib.contextmanager
def numbers_in(numbers: NumberFormat) -> Iterator[NumberFormat]:
    """Format numbers with `numbers` inside the block, and as before after it."""
    token = _CURRENT.set(numbers)
    try:
        yield numbers
    finally:
        _CURRENT.reset(token)
