"""Figures for reports, drawn with matplotlib's object API (no pyplot, so always headless).

One country: per summit, grouped R/E/S bars per item on a fixed 0-3 axis with the item's
average and Phase 1 average marked, and the theme averages. Several countries: per summit, a
theme x country heat map with the values written in the cells. Colours are colour-blind safe
(Okabe-Ito for the criteria, cividis for the heat map). Figures draw; they do not compute.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from cco.core.models import CRITERIA, SUMMITS
from cco.i18n.messages import criterion_name
from cco.i18n.phrases import phrase, summit_title
from cco.io.files import write_atomic
from cco.output.palette import (
    CRITERION_COLOURS,
    HEATMAP_COLOURS,
    MARK_COLOUR,
    MISSING_COLOUR,
    THEME_COLOUR,
)
from cco.output.views import fmt_fixed, fmt_general
from cco.scoring.compare import theme_matrix, theme_tag

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.image import AxesImage
    from matplotlib.typing import LineStyleType, RcKeyType

    from cco.scoring.compare import Comparison

CHART_SUFFIXES: tuple[str, ...] = (".png", ".svg", ".pdf")
"""The file types `write_figure` can write."""

DPI = 150
"""Pixels per inch of PNG files: a 10-inch-wide figure is 1500 pixels wide."""


COUNTRY_WIDTH = 10.0
"""Width of a one-country figure, in inches..."""
ITEM_WIDTH = 0.24
"""...or this much per item of its fullest summit, plus ITEM_MARGIN, if wider: item labels
and the small 0 and – marks under bars stay apart."""
ITEM_MARGIN = 3.5
"""Room beside the item bars for the score axis and the legend, in inches."""
TITLE_HEIGHT = 1.0
"""Room for a one-country figure's title, in inches."""
ITEMS_HEIGHT = 3.5
"""Height of one summit's item panel, in inches."""
THEMES_HEIGHT = 1.0
"""Height of a theme panel's title and axis, in inches..."""
THEME_ROW_HEIGHT = 0.5
"""...plus this much per theme (at least two)."""
HEATMAP_WIDTH = 6.0
"""Width of one summit's heat map panel, in inches."""
THEME_COLUMN_WIDTH = 1.3
"""...or at least this much per theme, so that names wrapped at 16 characters stay apart."""
LABEL_CHAR_WIDTH = 0.085
"""Room a character of a country's name takes beside a heat map, in inches (10-point text)."""
LABEL_ROOM = 1.0
"""Room for the countries' names within a heat map's width allowance, in inches; longer names
widen the figure by LABEL_CHAR_WIDTH a character."""
HEATMAP_ROW_HEIGHT = 0.375
"""Height of one country's row in a heat map (at least three), in inches."""
HEADER_LINES = 4
"""Lines of a theme name above a heat map's column."""
HEADER_HEIGHT = 2.5
"""Room in a heat map for the title, the theme names and the colour bar, in inches."""

_FONT: dict[RcKeyType, Any] = {
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "figure.titlesize": 15,
    "svg.fonttype": "none",  # SVG text stays text
}


def _summits_in(frame: pd.DataFrame) -> list[str]:
    present = set(frame["summit"])
    return [s for s in SUMMITS if s in present]


def theme_label(
    summit: str, theme: int, name: str | None, width: int, lines: int, lang: str = "en"
) -> str:
    """'1. Strengthening Democratic Governance' or 'A. Democratic Governance', wrapped."""
    tag = theme_tag(summit, theme)
    unnamed = phrase("theme-label", lang, theme=tag)
    text = f"{tag}. {name}" if isinstance(name, str) and name else unnamed
    return "\n".join(textwrap.wrap(text, width, max_lines=lines, placeholder="…"))


def short_id(item_id: str, summit: str) -> str:
    """An item id without its summit prefix, as the panels of one summit show it ('A-3D')."""
    prefix = f"{summit}-"
    return item_id[len(prefix) :] if item_id.startswith(prefix) else item_id


def _panel_heights(items: pd.DataFrame, themes: pd.DataFrame) -> list[float]:
    """Per summit with items: the item panel's height, then the theme panel's (inches)."""
    heights = []
    for summit in _summits_in(items):
        n_themes = int((themes["summit"] == summit).sum())
        heights += [ITEMS_HEIGHT, THEMES_HEIGHT + THEME_ROW_HEIGHT * max(n_themes, 2)]
    return heights


def country_figure_size(items: pd.DataFrame, themes: pd.DataFrame) -> tuple[float, float]:
    """The size in inches of `country_figure`.

    COUNTRY_WIDTH (or ITEM_WIDTH per item of the fullest summit plus ITEM_MARGIN, if wider)
    wide; TITLE_HEIGHT, plus per summit ITEMS_HEIGHT and THEMES_HEIGHT + THEME_ROW_HEIGHT per
    theme (at least two), high.
    """
    fullest = max((int((items["summit"] == s).sum()) for s in _summits_in(items)), default=0)
    width = max(COUNTRY_WIDTH, ITEM_WIDTH * fullest + ITEM_MARGIN)
    return width, TITLE_HEIGHT + sum(_panel_heights(items, themes))


def country_figure(
    country: str,
    items: pd.DataFrame,
    themes: pd.DataFrame,
    *,
    scale_max: float = 3.0,
    lang: str = "en",
) -> Figure:
    """One country's figure: per summit, R/E/S bars per item and the theme averages.

    Args:
        country: the title.
        items: a Scorecard's (or CountrySummary's) items, with id, summit, theme, commitment,
            sub, R/E/S, average and phase1_average.
        themes: its themes, with summit, theme, name, average and phase1_average.
        scale_max: the top of the value axis.
        lang: the language of titles, axes and legends.

    """
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    summits = _summits_in(items)
    with rc_context(_FONT):
        figure = Figure(figsize=country_figure_size(items, themes), layout="constrained")
        figure.suptitle(phrase("chart-country-title", lang, country=country), fontweight="bold")
        if not summits:
            return figure
        ratios = _panel_heights(items, themes)
        grid = figure.add_gridspec(len(ratios), 1, height_ratios=ratios, hspace=0.08)
        for index, summit in enumerate(summits):
            _item_panel(
                figure.add_subplot(grid[2 * index]),
                items[items["summit"] == summit],
                summit,
                scale_max,
                lang,
            )
            _theme_panel(
                figure.add_subplot(grid[2 * index + 1]),
                themes[themes["summit"] == summit],
                summit,
                scale_max,
                lang,
            )
    return figure


def _item_panel(axes: Axes, items: pd.DataFrame, summit: str, scale_max: float, lang: str) -> None:
    ordered = items.assign(_sub=items["sub"].fillna("")).sort_values(
        ["theme", "commitment", "_sub"], kind="stable"
    )
    positions = list(range(len(ordered)))
    width = 0.27
    for offset, criterion in zip((-width, 0.0, width), CRITERIA, strict=True):
        values = list(ordered[criterion])
        axes.bar(
            [p + offset for p in positions],
            [0.0 if v != v else v for v in values],
            width=width,
            color=CRITERION_COLOURS[criterion],
            label=criterion_name(criterion, lang).capitalize(),
        )
        for position, value in zip(positions, values, strict=True):
            if value == 0 or value != value:  # a bar that cannot be seen: say 0, or not rated
                axes.text(
                    position + offset,
                    0.04 * scale_max,
                    "0" if value == 0 else "–",
                    ha="center",
                    va="bottom",
                    fontsize=7,
                    color="#444444",
                )
    _mark_averages(axes, positions, ordered, half=1.5 * width, lang=lang)
    _theme_spans(axes, [int(t) for t in ordered["theme"]], summit, lang)
    axes.set_xticks(positions, [short_id(i, summit) for i in ordered["id"]])
    if len(positions) > 14:
        axes.tick_params(axis="x", labelrotation=90)
    axes.set_xlim(-0.6, max(len(positions), 1) - 0.4)
    _score_axis(axes.set_ylim, axes.set_yticks, scale_max)
    axes.set_ylabel(phrase("chart-score-axis", lang, max=fmt_general(scale_max)))
    axes.set_xlabel(phrase("col-commitment", lang))
    title = phrase("chart-items-title", lang, summit=summit_title(summit, lang))
    axes.set_title(title, loc="left")
    axes.grid(axis="y", color="#DDDDDD", linewidth=0.6)
    axes.set_axisbelow(True)
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)


def _theme_spans(axes: Axes, themes: list[int], summit: str, lang: str) -> None:
    """Dotted lines between themes, and each theme's number or letter on a top axis."""
    starts = [p for p in range(len(themes)) if p == 0 or themes[p] != themes[p - 1]]
    ends = [*starts[1:], len(themes)]
    for start in starts[1:]:
        axes.axvline(start - 0.5, color="#888888", linewidth=0.9, linestyle=":")
    top = axes.secondary_xaxis("top")
    top.set_xticks(
        [(start + end - 1) / 2 for start, end in zip(starts, ends, strict=True)],
        [theme_tag(summit, themes[start]) for start in starts],
    )
    top.tick_params(length=0)
    kind = phrase("chart-plan-axis" if summit == "IX" else "col-theme", lang)
    top.set_xlabel(kind, fontsize=9, color="#444444")


def _mark_averages(
    axes: Axes, positions: list[int], items: pd.DataFrame, half: float, lang: str
) -> None:
    """The item's average as a black line across its bars, Phase 1 as a dashed one."""
    lines: tuple[tuple[pd.Series, LineStyleType, str], ...] = (
        (items["average"], "-", phrase("col-average", lang)),
        (items["phase1_average"], "--", phrase("chart-phase1-average", lang)),
    )
    for marks, style, label in lines:
        shown = [(p, v) for p, v in zip(positions, marks, strict=True) if v == v]
        if not shown:
            continue
        axes.hlines(
            [v for _, v in shown],
            [p - half for p, _ in shown],
            [p + half for p, _ in shown],
            colors=MARK_COLOUR,
            linestyles=style,
            linewidth=1.6,
            label=label,
        )


def _score_axis(
    set_limits: Callable[[float, float], object],
    set_ticks: Callable[[list[float], list[str]], object],
    scale_max: float,
) -> None:
    """A fixed 0-scale axis with ticks every 0.5, a little headroom so a top score shows.

    `set_limits` and `set_ticks` are an axes' setters of one axis (`set_xlim`, `set_xticks`).
    Tick labels are written in the reader's number format (0,5 for es_AR).
    """
    set_limits(0, scale_max * 1.03)
    ticks = [t * 0.5 for t in range(int(scale_max * 2) + 1)]
    set_ticks(ticks, [fmt_fixed(t, 1) for t in ticks])


def _theme_panel(
    axes: Axes, themes: pd.DataFrame, summit: str, scale_max: float, lang: str
) -> None:
    ordered = themes.sort_values("theme")
    positions = list(range(len(ordered)))
    axes.barh(
        positions,
        ordered["average"].fillna(0.0),
        height=0.6,
        color=THEME_COLOUR,
        label=phrase("chart-theme-average", lang),
    )
    for position, value in zip(positions, ordered["average"], strict=True):
        # rounded half up and written as every table writes it (1,85 for es_AR)
        shown = fmt_fixed(value) if value == value else phrase("chart-not-rated", lang)
        axes.text(0.04, position, shown, va="center", fontweight="bold")
    phase1 = [(p, v) for p, v in zip(positions, ordered["phase1_average"], strict=True) if v == v]
    if phase1:
        axes.vlines(
            [v for _, v in phase1],
            [p - 0.38 for p, _ in phase1],
            [p + 0.38 for p, _ in phase1],
            colors=MARK_COLOUR,
            linestyles="--",
            linewidth=1.6,
            label=phrase("chart-phase1-average", lang),
        )
    labels = [
        theme_label(summit, int(t), n, 42, 2, lang)
        for t, n in zip(ordered["theme"], ordered["name"], strict=True)
    ]
    axes.set_yticks(positions, labels)
    axes.invert_yaxis()
    _score_axis(axes.set_xlim, axes.set_xticks, scale_max)
    axes.set_xlabel(phrase("chart-average-axis", lang, max=fmt_general(scale_max)))
    title = phrase("chart-themes-title", lang, summit=summit_title(summit, lang))
    axes.set_title(title, loc="left")
    axes.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    axes.set_axisbelow(True)
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)


def _panel_widths(comparison: Comparison, summits: list[str]) -> list[float]:
    """Each summit's heat map width: HEATMAP_WIDTH, or THEME_COLUMN_WIDTH per theme if wider."""
    themes = comparison.themes
    counts = [themes.loc[themes["summit"] == s, "theme"].nunique() for s in summits]
    return [max(HEATMAP_WIDTH, THEME_COLUMN_WIDTH * count) for count in counts]


def heatmap_figure_size(comparison: Comparison) -> tuple[float, float]:
    """The size in inches of `heatmap_figure`.

    Per summit HEATMAP_WIDTH (or THEME_COLUMN_WIDTH per theme if wider), plus 2 (the colour
    bar), plus LABEL_CHAR_WIDTH per character of the longest country name beyond LABEL_ROOM,
    wide; HEADER_HEIGHT plus HEATMAP_ROW_HEIGHT per country (at least three) high.
    """
    summits = _summits_in(comparison.themes) or ["VIII"]
    rows = len(comparison.labels)
    longest = max((len(label) for label in comparison.labels), default=0)
    names = max(0.0, LABEL_CHAR_WIDTH * longest - LABEL_ROOM)
    width = sum(_panel_widths(comparison, summits)) + 2.0 + names
    return width, HEADER_HEIGHT + HEATMAP_ROW_HEIGHT * max(rows, 3)


def heatmap_figure(comparison: Comparison, *, scale_max: float = 3.0, lang: str = "en") -> Figure:
    """Theme x country heat maps, one per summit, with each average written in its cell.

    Countries are rows in alphabetical order (the same in every panel); a grey cell with a
    dash is a theme the country did not rate.
    """
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    labels = sorted(comparison.labels, key=str.casefold)
    summits = _summits_in(comparison.themes)
    with rc_context(_FONT):
        figure = Figure(figsize=heatmap_figure_size(comparison), layout="constrained")
        figure.suptitle(phrase("chart-heatmap-title", lang), fontweight="bold")
        if not summits:
            return figure
        widths = _panel_widths(comparison, summits)
        panels = figure.subplots(1, len(summits), squeeze=False, sharey=True, width_ratios=widths)[
            0
        ]
        image: AxesImage | None = None
        missing = False
        for axes, summit in zip(panels, summits, strict=True):
            matrix = theme_matrix(comparison, summit)
            averages = matrix.averages.reindex(index=labels)
            image = _heatmap_panel(axes, averages, matrix.names, summit, scale_max, lang)
            missing = missing or bool(averages.isna().to_numpy().any())
        assert image is not None, "one panel per summit, and there is a summit"
        colourbar = figure.colorbar(image, ax=list(panels), shrink=0.8, pad=0.02)
        colourbar.set_label(phrase("chart-average-axis", lang, max=fmt_general(scale_max)))
        if missing:
            note = phrase("chart-theme-not-rated", lang)
            figure.supxlabel(note, x=0.01, ha="left", fontsize=9, color="#444444")
    return figure


def _heatmap_panel(
    axes: Axes,
    averages: pd.DataFrame,
    names: dict[int, str | None],
    summit: str,
    scale_max: float,
    lang: str,
) -> AxesImage:
    import numpy as np

    values = averages.to_numpy(dtype="float64")
    from matplotlib import colormaps

    image = axes.imshow(
        np.ma.masked_invalid(values),
        cmap=colormaps[HEATMAP_COLOURS].with_extremes(bad=MISSING_COLOUR),
        vmin=0,
        vmax=scale_max,
        aspect="auto",
        interpolation="nearest",
    )
    # A grid in, a grid of RGBA out (the stubs also allow one colour, for a single value).
    colours = cast("np.ndarray", image.cmap(image.norm(np.nan_to_num(values))))
    for row in range(values.shape[0]):
        for column in range(values.shape[1]):
            value = values[row, column]
            if value != value:
                axes.text(column, row, "–", ha="center", va="center", color="#555555")
            else:
                axes.text(  # the cell's average, rounded and written as tables write it
                    column,
                    row,
                    fmt_fixed(value),
                    ha="center",
                    va="center",
                    color=text_colour(colours[row, column]),
                    fontsize=10,
                )
    columns = list(averages.columns)
    labels = [
        theme_label(summit, int(t), names.get(int(t)), 16, HEADER_LINES, lang) for t in columns
    ]
    # Every panel's headers take the same lines, so that the panels' titles line up.
    axes.set_xticks(
        range(len(columns)), ["\n" * (HEADER_LINES - 1 - t.count("\n")) + t for t in labels]
    )
    axes.xaxis.tick_top()
    axes.tick_params(axis="x", labelsize=9, length=0)
    axes.tick_params(axis="y", length=0)
    axes.set_yticks(range(len(averages.index)), list(averages.index))
    axes.set_title(summit_title(summit, lang), loc="left", pad=8)
    axes.set_xticks([c - 0.5 for c in range(1, len(columns))], minor=True)
    axes.set_yticks([r - 0.5 for r in range(1, len(averages.index))], minor=True)
    axes.grid(which="minor", color="white", linewidth=1.5)
    axes.tick_params(which="minor", length=0)
    for spine in axes.spines.values():
        spine.set_visible(False)
    return image


def text_colour(background: tuple[float, ...]) -> str:
    """Black or white, whichever contrasts more with an RGB(A) colour (WCAG luminance)."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in background[:3])
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "black" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "white"


def write_figure(figure: Figure, output: Path, dpi: int = DPI) -> None:
    """Save a figure as .png, .svg or .pdf (by the suffix), atomically.

    The figure keeps its size: a PNG is figure width x dpi by height x dpi pixels.
    """
    suffix = output.suffix.lower()
    if suffix not in CHART_SUFFIXES:
        raise ValueError(f"cannot draw a {suffix or 'suffixless'} file; use .png, .svg or .pdf")
    fmt = suffix.lstrip(".")
    from matplotlib import rc_context

    # SVG words stay text (searchable, selectable, read aloud), not outlines of glyphs.
    with rc_context({"svg.fonttype": "none"}):
        write_atomic(output, lambda path: figure.savefig(path, format=fmt, dpi=dpi))
