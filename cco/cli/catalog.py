"""The `cco catalog` and `cco template` commands: parse options, call the library, render.

Only typer, the standard library and the light cco modules are imported at the top, so that
`cco --help` stays instant; the catalog, the template builder and rich load when a command runs.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cco.cli.common import (
    CatalogOption,
    LangOption,
    SummitOption,
    language,
    open_catalog,
    say,
    stdout_console,
    usage_error,
    write_stdout,
)

if TYPE_CHECKING:
    from cco.catalog.commitments import Catalog, CatalogEntry


class CatalogFormat(StrEnum):
    """Output formats of `cco catalog`."""

    table = "table"
    json = "json"
    csv = "csv"


def catalog(
    summit: SummitOption = None,
    search: Annotated[
        str | None,
        typer.Option(
            help="Only commitments whose id, text or theme name hold all these words "
            "(case and accents do not matter)."
        ),
    ] = None,
    fmt: Annotated[
        CatalogFormat,
        typer.Option("--format", "-f", help="table, json, or csv (a catalog file)."),
    ] = CatalogFormat.table,
    catalog_file: CatalogOption = None,
    lang: LangOption = None,
) -> None:
    """List the commitments cco knows: id, theme and text.

    Example: cco catalog --summit IX --search "open data"
    """
    from cco.catalog.commitments import catalog_to_csv, catalog_to_json

    speak = language(lang)
    known = open_catalog(catalog_file, speak)
    entries = known.search(search) if search else known.of_summit()
    if summit:
        entries = [e for e in entries if e.summit in summit]
    if fmt is CatalogFormat.json:
        write_stdout(catalog_to_json(entries, known.files))
    elif fmt is CatalogFormat.csv:
        write_stdout(catalog_to_csv(entries))
    elif entries:
        _print_entries(entries, speak)
    say("catalog-found", speak, found=len(entries), total=len(known), files=", ".join(known.files))


def _print_entries(entries: list[CatalogEntry], lang: str) -> None:
    """The entries as a table, with the texts in `lang` where the catalog gives them."""
    from rich import box
    from rich.table import Table

    from cco.i18n.phrases import phrase

    rows = [
        (
            e.id,
            f"{e.plan} ({e.theme})" if e.plan else str(e.theme),
            " ".join((e.translated("text", lang) or e.text).split()),
        )
        for e in entries
    ]
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=(0, 1))
    headings = [phrase(key, lang) for key in ("col-id", "col-theme", "col-commitment")]
    for index, name in enumerate(headings[:2]):
        # Ids and themes are never cut; only the text gives way on a narrow screen.
        fixed = max([len(name), *(len(row[index]) for row in rows)])
        table.add_column(name, no_wrap=True, min_width=fixed)
    table.add_column(headings[2], no_wrap=True, overflow="ellipsis")
    for row in rows:
        table.add_row(*row)
    stdout_console(fit=True).print(table)


def template(
    country: Annotated[str, typer.Option(help="The country the workbook is for.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The workbook to write (.xlsx).")],
    commitments: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated ids, e.g. VIII-25,IX-A-3D; a commitment's id selects its "
            "sub-commitments (default: the whole catalog)."
        ),
    ] = None,
    from_sheet: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="Reuse the commitments of an earlier sheet (next phase).",
            readable=False,
        ),
    ] = None,
    summit: SummitOption = None,
    phase: Annotated[
        str | None, typer.Option(help="The phase, for the Metadata sheet (e.g. 'Phase 3').")
    ] = None,
    year: Annotated[
        int | None, typer.Option(min=2000, max=2100, help="The year, for the Metadata sheet.")
    ] = None,
    catalog_file: CatalogOption = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace an existing file at --output (it may be filled in)."),
    ] = False,
    lang: LangOption = None,
) -> None:
    """Write a blank evaluation workbook for a country to fill in.

    The Scores sheet lists the commitments with their ids, themes and texts; Excel refuses a
    score outside 0-3 or a change outside -3..3. Instructions and cell messages follow --lang.

    Example: cco template --country Freedonia --commitments VIII-25,IX-A-12 -o freedonia.xlsx
    """
    speak = language(lang)
    if commitments is not None and from_sheet is not None:
        raise usage_error("CCO001/template-both")
    if output.suffix.lower() != ".xlsx":
        raise usage_error("CCO001/template-name", name=output.name)
    if not country.strip():
        raise usage_error("CCO001/country-empty")
    from cco.catalog.commitments import UnknownCommitments
    from cco.catalog.template import TemplateMetadata, write_template
    from cco.io.files import check_output_path

    check_output_path(output, [p for p in (from_sheet, catalog_file) if p is not None])
    if output.exists() and not force:  # a template is filled in by hand: never lose that work
        raise usage_error("CCO001/template-exists", name=str(output))
    known = open_catalog(catalog_file, speak)
    if from_sheet is not None:
        entries = _commitments_from(from_sheet, known, speak)
    elif commitments is not None:
        try:
            entries = known.select(i for i in commitments.replace(",", " ").split())
        except UnknownCommitments as exc:
            raise usage_error("CCO004", ids=", ".join(exc.ids)) from None
    else:
        entries = known.of_summit()
    if summit:
        entries = [e for e in entries if e.summit in summit]
    if not entries:
        raise usage_error("CCO005/template")
    metadata = TemplateMetadata(country=country.strip(), phase=phase, year=year)
    write_template(output, entries, metadata, lang=speak)
    say("wrote-template", speak, path=output, count=len(entries), country=country)


def _commitments_from(sheet_path: Path, known: Catalog, lang: str) -> list[CatalogEntry]:
    """The commitments of an earlier sheet, with a note on those the catalog does not know."""
    from cco.catalog.template import commitments_of_sheet
    from cco.io.ingest import read_sheet

    result = read_sheet(sheet_path)
    if result.sheet is None or not result.sheet.items:
        raise usage_error("CCO005/from", file=str(sheet_path))
    reused = commitments_of_sheet(result.sheet, known)
    if reused.not_in_catalog:
        say("texts-from-sheet", lang, file=sheet_path, ids=", ".join(reused.not_in_catalog))
    if reused.left_out:
        say("no-theme-left-out", lang, file=sheet_path, ids=", ".join(reused.left_out))
    return reused.entries
