"""The colours of every figure: the report page's SVG charts and the PNG/SVG/PDF of `cco chart`.

Colour-blind-safe: the Okabe-Ito palette for categories, cividis for the heat map.
"""

CRITERION_COLOURS = {
    "relevance": "#0072B2",  # Okabe-Ito blue
    "effectiveness": "#E69F00",  # Okabe-Ito orange
    "sustainability": "#009E73",  # Okabe-Ito bluish green
}
THEME_COLOUR = "#56B4E9"  # Okabe-Ito sky blue
MARK_COLOUR = "#000000"
HEATMAP_COLOURS = "cividis"
MISSING_COLOUR = "#E6E6E6"
