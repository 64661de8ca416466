"""The problem codes, the exit codes, and the one place that turns problems into lines."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple, TypedDict

from cco.core.models import Problem, Severity
from cco.core.text import one_line
from cco.i18n.messages import code_of, has_message, render, rule_description, ui_text
from cco.i18n.numbers import MACHINE, current_numbers, numbers_in


class Rule(NamedTuple):
    """A problem code with its stable name; what it means is in the catalogs (`describe`)."""

    code: str
    name: str
    severity: Severity

    def describe(self, lang: str = "en") -> str:
        """What the rule checks, in one line of `lang` (the catalog entry 'rule:CODE')."""
        return rule_description(self.code, lang)


E, W = Severity.ERROR, Severity.WARNING

RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        Rule("CCO001", "bad-option", E),
        Rule("CCO002", "no-sheet-found", E),
        Rule("CCO003", "nothing-left", E),
        Rule("CCO004", "unknown-commitments", E),
        Rule("CCO005", "no-commitments", E),
        Rule("CCO006", "bad-config", E),
        Rule("CCO007", "unknown-rule", E),
        Rule("CCO101", "file-not-found", E),
        Rule("CCO102", "unreadable-file", E),
        Rule("CCO103", "unsupported-format", E),
        Rule("CCO104", "no-header", E),
        Rule("CCO105", "missing-criterion", E),
        Rule("CCO106", "empty-sheet", E),
        Rule("CCO107", "repeated-header", W),
        Rule("CCO108", "output-is-input", E),
        Rule("CCO109", "encoding-guessed", W),
        Rule("CCO110", "hidden-scores", W),
        Rule("CCO111", "formula-without-value", E),
        Rule("CCO112", "hidden-row-scores", W),
        Rule("CCO113", "too-large", E),
        Rule("CCO114", "used-range-too-large", E),
        Rule("CCO115", "unsafe-xml", E),
        Rule("CCO116", "bad-catalog", E),
        Rule("CCO117", "ambiguous-score-column", E),
        Rule("CCO118", "unsafe-read", E),
        Rule("CCO119", "broken-csv-row", E),
        Rule("CCO120", "not-a-sheet", W),
        Rule("CCO201", "score-out-of-range", E),
        Rule("CCO202", "not-a-number", E),
        Rule("CCO203", "rating-not-integer", E),
        Rule("CCO204", "criterion-not-scored", W),
        Rule("CCO205", "unknown-summit", E),
        Rule("CCO206", "unknown-theme", E),
        Rule("CCO207", "missing-commitment", E),
        Rule("CCO208", "impossible-id", E),
        Rule("CCO209", "summary-row", W),
        Rule("CCO301", "duplicate-item", E),
        Rule("CCO302", "sub-without-commitment", E),
        Rule("CCO303", "phase1-out-of-range", E),
        Rule("CCO304", "theme-name-conflict", W),
        Rule("CCO305", "theme-plan-conflict", E),
        Rule("CCO306", "baseline-unmatched", W),
        Rule("CCO309", "not-in-catalog", W),
        Rule("CCO310", "catalog-mismatch", W),
        Rule("CCO311", "duplicate-country", E),
        Rule("CCO312", "repeated-rating", W),
    )
}


@dataclass(frozen=True)
class RuleSelection:
    """Which rules report problems.

    `select` keeps only codes with these prefixes (all when empty); `ignore` then drops codes
    with these prefixes ('CCO309', or 'CCO3' for a whole family).
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def is_on(self, code: str) -> bool:
        """True when problems of `code` are reported."""
        if self.select and not code.startswith(self.select):
            return False
        return not (self.ignore and code.startswith(self.ignore))

    def keep(self, problems: Iterable[Problem]) -> list[Problem]:
        """The problems whose rule is on."""
        return [p for p in problems if self.is_on(p.code)]

    def unknown(self) -> list[str]:
        """The prefixes given that name no rule (a typo would silently select nothing)."""
        return [
            prefix
            for prefix in (*self.select, *self.ignore)
            if not any(code.startswith(prefix) for code in RULES)
        ]


class Location(TypedDict, total=False):
    """Where a problem is, as `make_problem` takes it: `make_problem(key, **location)`."""

    file: str | None
    sheet: str | None
    row: int | None
    column: str | None
    header: str | None


def make_problem(
    key: str,
    *,
    file: str | None = None,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
    header: str | None = None,
    **params: Any,
) -> Problem:
    """Build a Problem from a message key ('CCO201', 'CCO102/text') and its parameters.

    The severity comes from the rule registry; the message and hint are rendered in English,
    numbers as machines write them (what JSON holds), and can be rendered again in another
    language or number format with `localized`.
    """
    code = code_of(key)
    location = {"file": file, "sheet": sheet, "row": row, "column": column, "header": header}
    with numbers_in(MACHINE):
        message, hint = render(key, {**location, **params})
    return Problem(
        code=code,
        severity=RULES[code].severity,
        message=message,
        hint=hint,
        key=key,
        params=params,
        file=file,
        sheet=sheet,
        row=row,
        column=column,
        header=header,
    )


def localized(problem: Problem, lang: str) -> Problem:
    """The same problem with its message and hint in `lang` ('en', 'es', 'pt', 'fr').

    Numbers in it follow the run's number format (cco.i18n.numbers): '4,5' for es_AR.
    """
    english_as_made = lang == "en" and current_numbers().locale is None
    if english_as_made or problem.key is None or not has_message(problem.key):
        return problem
    location = {
        "file": problem.file,
        "sheet": problem.sheet,
        "row": problem.row,
        "column": problem.column,
        "header": problem.header,
    }
    message, hint = render(problem.key, {**location, **problem.params}, lang)
    return problem.replace(message=message, hint=hint)


def format_problem(problem: Problem, lang: str = "en", *, with_file: bool = True) -> str:
    """Render one problem as the single line users see on stderr (see `Problem.location`)."""
    problem = localized(problem, lang)
    severity = ui_text(problem.severity.value, lang)
    words = (ui_text("sheet", lang), ui_text("row", lang), ui_text("column", lang))
    where = problem.location(words, with_file=with_file)
    line = f"{where}: " if where else ""
    line += f"{severity}: {problem.message} [{problem.code}]"
    if problem.hint:
        line += f" ({ui_text('hint', lang)}: {problem.hint})"
    return one_line(line)  # a value from a cell may hold a line break or an escape character
