"""The problem codes, the exit codes, and the one place that turns problems into lines."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple, TypedDict

from cco.core.models import Problem, Severity
from cco.core.text import one_line
from cco.i18n.messages import code_of, has_message, render, ui_text


class Rule(NamedTuple):
    """A problem code with its stable name and a one-line description."""

    code: str
    name: str
    severity: Severity
    description: str


E, W = Severity.ERROR, Severity.WARNING

RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        Rule("CCO001", "bad-option", E, "an option's value cannot be used, or options contradict"),
        Rule("CCO002", "no-sheet-found", E, "no sheet file in the paths given"),
        Rule("CCO003", "nothing-left", E, "every sheet was left out, so nothing could be written"),
        Rule("CCO004", "unknown-commitments", E, "commitments asked for are not in the catalog"),
        Rule("CCO005", "no-commitments", E, "a template would hold no commitment"),
        Rule("CCO006", "bad-config", E, "the project's cco.toml or [tool.cco] cannot be used"),
        Rule("CCO007", "unknown-rule", E, "--select or --ignore names no rule"),
        Rule("CCO101", "file-not-found", E, "the input file does not exist or cannot be opened"),
        Rule("CCO102", "unreadable-file", E, "the file's content is not what its extension says"),
        Rule("CCO103", "unsupported-format", E, "the file's extension is not a supported format"),
        Rule("CCO104", "no-header", E, "no sheet has a header row with commitment and R/E/S"),
        Rule("CCO105", "missing-criterion", E, "a header row lacks a criterion column"),
        Rule("CCO106", "empty-sheet", E, "the file holds no scored item"),
        Rule("CCO107", "repeated-header", W, "two columns of one header row mean the same field"),
        Rule("CCO108", "output-is-input", E, "the output path would overwrite an input file"),
        Rule(
            "CCO109", "encoding-guessed", W, "a CSV file is not UTF-8 and its encoding was guessed"
        ),
        Rule("CCO110", "hidden-scores", W, "a hidden sheet holds scores"),
        Rule("CCO111", "formula-without-value", E, "a formula cell has no computed value"),
        Rule("CCO112", "hidden-row-scores", W, "a hidden row holds scores"),
        Rule("CCO113", "too-large", E, "a file, or its unpacked workbook, is over a size limit"),
        Rule(
            "CCO114", "used-range-too-large", E, "a sheet's used range is over the row/column limit"
        ),
        Rule("CCO115", "unsafe-xml", E, "a workbook part declares XML entities"),
        Rule(
            "CCO116",
            "bad-catalog",
            E,
            "a catalog file cannot be used: a missing column, a bad row, a duplicate id",
        ),
        Rule(
            "CCO117",
            "ambiguous-score-column",
            E,
            "two columns of one header row are read as the same criterion or change",
        ),
        Rule(
            "CCO118",
            "unsafe-read",
            E,
            "a file could not be read safely: its reader hit a memory, time or crash limit",
        ),
        Rule(
            "CCO119",
            "broken-csv-row",
            E,
            "a CSV row could hide others: an open quote, rows inside a cell, an over-long field",
        ),
        Rule(
            "CCO120",
            "not-a-sheet",
            W,
            "a CSV has no header with commitment and R/E/S: not an evaluation sheet, skipped",
        ),
        Rule(
            "CCO201",
            "score-out-of-range",
            E,
            "a score is outside the scale, or formatted as a percentage",
        ),
        Rule("CCO202", "not-a-number", E, "a score or change cell holds text that is not a number"),
        Rule("CCO203", "rating-not-integer", E, "one organization's rating is not a whole number"),
        Rule("CCO204", "criterion-not-scored", W, "an item has no value for a criterion"),
        Rule("CCO205", "unknown-summit", E, "an item's summit is not VIII or IX"),
        Rule("CCO206", "unknown-theme", E, "an item's theme or plan cannot be read"),
        Rule("CCO207", "missing-commitment", E, "a scored row names no commitment"),
        Rule("CCO208", "impossible-id", E, "an id names a commitment that cannot exist"),
        Rule("CCO209", "summary-row", W, "a row of totals, averages or a title is not scored"),
        Rule("CCO301", "duplicate-item", E, "the same item id is scored twice"),
        Rule("CCO302", "sub-without-commitment", E, "a sub-commitment follows no commitment"),
        Rule(
            "CCO303", "phase1-out-of-range", E, "a change puts the Phase 1 value outside the scale"
        ),
        Rule("CCO304", "theme-name-conflict", W, "one theme number carries two different names"),
        Rule(
            "CCO305", "theme-plan-conflict", E, "a IX item's theme number and plan letter disagree"
        ),
        Rule(
            "CCO306", "baseline-unmatched", W, "a baseline item is not in the sheet, or disagrees"
        ),
        Rule("CCO309", "not-in-catalog", W, "a well-formed id is missing from the catalog in use"),
        Rule("CCO310", "catalog-mismatch", W, "a theme number or text disagrees with the catalog"),
        Rule("CCO311", "duplicate-country", E, "two sheets give the same country and phase"),
        Rule("CCO312", "repeated-rating", W, "one organization rates the same item on two rows"),
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

    The severity comes from the rule registry; the message and hint are rendered in English
    and can be rendered again in another language with `localized`.
    """
    code = code_of(key)
    location = {"file": file, "sheet": sheet, "row": row, "column": column, "header": header}
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
    """The same problem with its message and hint in `lang` ('en', 'es', 'pt', 'fr')."""
    if lang == "en" or problem.key is None or not has_message(problem.key):
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
