"""Turn a Scorecard into JSON, CSV or Markdown (the workbook is `cco.output.workbook`).

Exporters write; they do not compute.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from cco.core.models import CRITERIA
from cco.core.text import is_missing, markdown_inert
from cco.io.files import neutralize
from cco.output.json_text import indented_json
from cco.scoring.score import AVERAGE_COLUMNS, Scorecard, extreme_keys

if TYPE_CHECKING:
    from cco.core.models import Problem
    from cco.output.views import SummitView
    from cco.scoring.intervals import Intervals

JSON_SCHEMA_VERSION = 1


def _number(value: object) -> float | int | None:
    if is_missing(value):
        return None
    return value if isinstance(value, int) else float(value)  # type: ignore[arg-type]


def _criteria(row: Any, prefix: str = "") -> dict[str, float | None]:
    return {c: _number(row[f"{prefix}{c}"]) for c in AVERAGE_COLUMNS}


def _phase1_and_delta(row: Any, with_n: bool) -> dict[str, Any]:
    if is_missing(row["phase1_average"]):
        return {"phase1": None, "delta": None}
    phase1, delta = _criteria(row, "phase1_"), _criteria(row, "delta_")
    if with_n:
        phase1["n"] = delta["n"] = int(row["phase1_n"])
    return {"phase1": phase1, "delta": delta}


def _rank(value: object) -> int | None:
    return None if is_missing(value) else int(value)  # type: ignore[call-overload]


def _text(value: object) -> str | None:
    return None if is_missing(value) else str(value)


def item_record(row: Any) -> dict[str, Any]:
    """One item as the JSON contract describes it."""
    raters = None
    if not is_missing(row["raters_n_relevance"]):
        raters = {
            c: {"n": int(row[f"raters_n_{c}"]), "sd": _number(row[f"raters_sd_{c}"])}
            for c in CRITERIA
        }
    return {
        "id": row["id"],
        "summit": row["summit"],
        "theme": int(row["theme"]),
        "plan": _text(row["plan"]),
        "commitment": int(row["commitment"]),
        "sub": _text(row["sub"]),
        "text": _text(row["text"]),
        "commitment_text": _text(row["commitment_text"]),
        "theme_name": _text(row["theme_name"]),
        **_criteria(row),
        "band": {c: _text(row[f"band_{c}"]) for c in AVERAGE_COLUMNS},
        "rank": _rank(row["rank"]),
        **_phase1_and_delta(row, with_n=False),
        "raters": raters,
    }


def theme_record(row: Any) -> dict[str, Any]:
    """One theme as the JSON contract describes it."""
    return {
        "summit": row["summit"],
        "theme": int(row["theme"]),
        "plan": _text(row["plan"]),
        "name": _text(row["name"]),
        **_criteria(row),
        "band": {c: _text(row[f"band_{c}"]) for c in AVERAGE_COLUMNS},
        "rank": _rank(row["rank"]),
        "n_items": int(row["n_items"]),
        "items": list(row["items"]),
        **_phase1_and_delta(row, with_n=True),
    }


def summit_record(row: Any, card: Scorecard) -> dict[str, Any]:
    """One summit as the JSON contract describes it, with its best and worst themes and items."""
    summit, by = row["summit"], card.settings.by
    best_themes, worst_themes = extreme_keys(card.rows("themes"), by, "theme", summit)
    best_items, worst_items = extreme_keys(card.rows("items"), by, "id", summit)
    return {
        "summit": summit,
        **_criteria(row),
        "band": {c: _text(row[f"band_{c}"]) for c in AVERAGE_COLUMNS},
        "n_items": int(row["n_items"]),
        "items": list(row["items"]),
        **_phase1_and_delta(row, with_n=True),
        "best": {"themes": [int(t) for t in best_themes], "items": best_items},
        "worst": {"themes": [int(t) for t in worst_themes], "items": worst_items},
    }


def select(card: Scorecard, summits: list[str] | None = None) -> Scorecard:
    """A copy of the card with only the given summits."""
    return card.only_summits(summits) if summits else card


def top_items(items: list[dict[str, Any]], top: int | None) -> list[dict[str, Any]]:
    """At most `top` item rows per summit, in rank order (all of them when top is None).

    As a frame's `groupby("summit").head(top)`: a negative `top` keeps all but the last
    -top rows of each summit, and rows keep their order.
    """
    if top is None:
        return items
    rows_of = Counter(row["summit"] for row in items)
    kept_of = {
        summit: top if top >= 0 else max(count + top, 0) for summit, count in rows_of.items()
    }
    shown: Counter[str] = Counter()
    kept = []
    for row in items:
        shown[row["summit"]] += 1
        if shown[row["summit"]] <= kept_of[row["summit"]]:
            kept.append(row)
    return kept


def scorecard_dict(
    card: Scorecard,
    problems: list[Problem] | None = None,
    top: int | None = None,
    intervals: Intervals | None = None,
) -> dict[str, Any]:
    """The whole card as the stable JSON contract (see README, 'JSON output').

    `top` cuts the item list only; best and worst still look at every item. With `intervals`
    (see cco.scoring.intervals), records gain `interval` and `rank_interval`; without, null.
    """
    from cco.scoring.resampling import interval_fields

    fields = interval_fields(intervals)
    return {
        "schema": JSON_SCHEMA_VERSION,
        "country": card.country,
        "file": card.file,
        "scale_max": card.settings.scale_max,
        "by": card.settings.by,
        "bands": {
            "medium": card.settings.bands.medium,
            "medium-high": card.settings.bands.medium_high,
            "high": card.settings.bands.high,
        },
        "intervals": fields.settings,
        "summits": [
            summit_record(r, card) | fields.summit(r["summit"]) for r in card.rows("summits")
        ],
        "themes": [
            theme_record(r) | fields.theme(r["summit"], r["theme"]) for r in card.rows("themes")
        ],
        "items": [
            item_record(r) | fields.item(r["id"]) for r in top_items(card.rows("items"), top)
        ],
        "agreement": card.agreement.as_dict() if card.agreement is not None else None,
        "problems": [p.as_dict() for p in problems or []],
    }


def to_json(
    card: Scorecard,
    problems: list[Problem] | None = None,
    top: int | None = None,
    intervals: Intervals | None = None,
) -> str:
    """Strict JSON (no NaN) of the card, indented."""
    return indented_json(scorecard_dict(card, problems, top, intervals)) + "\n"


_FLAT_COLUMNS = {
    "items": [
        "summit",
        "theme",
        "plan",
        "id",
        "commitment",
        "sub",
        "rank",
        *AVERAGE_COLUMNS,
        *(f"band_{c}" for c in AVERAGE_COLUMNS),
        *(f"phase1_{c}" for c in AVERAGE_COLUMNS),
        *(f"delta_{c}" for c in AVERAGE_COLUMNS),
        *(f"raters_{k}_{c}" for c in CRITERIA for k in ("n", "sd")),
        "text",
        "theme_name",
    ],
    "themes": [
        "summit",
        "theme",
        "plan",
        "name",
        "rank",
        *AVERAGE_COLUMNS,
        *(f"band_{c}" for c in AVERAGE_COLUMNS),
        "n_items",
        *(f"phase1_{c}" for c in AVERAGE_COLUMNS),
        *(f"delta_{c}" for c in AVERAGE_COLUMNS),
        "phase1_n",
    ],
    "summits": [
        "summit",
        *AVERAGE_COLUMNS,
        *(f"band_{c}" for c in AVERAGE_COLUMNS),
        "n_items",
        *(f"phase1_{c}" for c in AVERAGE_COLUMNS),
        *(f"delta_{c}" for c in AVERAGE_COLUMNS),
        "phase1_n",
    ],
}


def flat_rows(
    card: Scorecard, table: str, top: int | None = None
) -> tuple[list[str], list[list[object]]]:
    """A table's header and rows with plain values (None for missing), in the card's order."""
    records = card.rows(table)
    if table == "items":
        records = top_items(records, top)
    columns = _FLAT_COLUMNS[table]
    rows = []
    for record in records:
        row: list[object] = []
        for value in map(record.__getitem__, columns):
            if is_missing(value):
                row.append(None)
            elif isinstance(value, str):
                row.append(neutralize(value))
            elif hasattr(value, "item"):
                row.append(value.item())  # numpy scalar -> Python number
            else:
                row.append(value)
        rows.append(row)
    return columns, rows


def csv_text(
    columns: Sequence[str], rows: Iterable[Sequence[object]], decimal_comma: bool = False
) -> str:
    """CSV of a header and rows (None as an empty cell), numbers at full precision.

    `decimal_comma` writes 1,5 for 1.5 and separates cells with semicolons, as spreadsheets set
    to a Spanish, Portuguese or French locale read CSV; the header stays the same.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if decimal_comma else ",", lineterminator="\n")
    writer.writerow(columns)

    def cell(value: object) -> object:
        if value is None:
            return ""
        if decimal_comma and isinstance(value, float):
            return repr(float(value)).replace(".", ",")  # numpy's floats too: 1,5 not np.float64
        return value

    writer.writerows([cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def to_csv(
    card: Scorecard, table: str = "items", top: int | None = None, decimal_comma: bool = False
) -> str:
    """One table (items, themes or summits) as CSV; full precision, formulas neutralized."""
    columns, rows = flat_rows(card, table, top)
    return csv_text(columns, rows, decimal_comma)


def to_markdown(heading: str, views: list[SummitView]) -> str:
    """The same tables and lines as the terminal output, as Markdown."""
    from cco.output.tables import markdown_table

    lines = [f"# {markdown_inert(heading)}", ""]
    for view in views:
        lines += [f"## {markdown_inert(view.title)}", "", markdown_inert(view.headline), ""]
        lines += markdown_table(view.themes)
        lines += markdown_table(view.items)
        lines += [f"- {markdown_inert(line)}" for line in view.lines]
        lines.append("")
        for table, notes in view.extra:
            lines += markdown_table(table)
            lines += [*(f"- {n}" for n in notes), *([""] if notes else [])]
    return "\n".join(lines).rstrip() + "\n"
