"""The words of cco's text outputs in English, Spanish, Portuguese and French.

Table headings, summit titles, level words and the lines around the tables, shared by the
terminal and Markdown views (`cco.output.views`) and the report page (`cco.output.report`).
Sheet texts are never translated; JSON and CSV keep their English keys, which are a contract.
"""

from __future__ import annotations

SUMMIT_TITLES = {"VIII": "VIII Summit (Lima, 2018)", "IX": "IX Summit (Los Angeles, 2022)"}
"""The summits' English titles (the `summit-VIII` and `summit-IX` phrases)."""

PHRASES: dict[str, dict[str, str]] = {
    "summit-VIII": {
        "en": SUMMIT_TITLES["VIII"],
        "es": "VIII Cumbre de las Américas (Lima, 2018)",
        "pt": "VIII Cúpula das Américas (Lima, 2018)",
        "fr": "VIIIe Sommet des Amériques (Lima, 2018)",
    },
    "summit-IX": {
        "en": SUMMIT_TITLES["IX"],
        "es": "IX Cumbre de las Américas (Los Ángeles, 2022)",
        "pt": "IX Cúpula das Américas (Los Angeles, 2022)",
        "fr": "IXe Sommet des Amériques (Los Angeles, 2022)",
    },
    "theme-label": {
        "en": "Theme {theme}",
        "es": "Tema {theme}",
        "pt": "Tema {theme}",
        "fr": "Thème {theme}",
    },
    "best-theme": {
        "en": "Best theme",
        "es": "Mejor tema",
        "pt": "Melhor tema",
        "fr": "Thème le mieux noté",
    },
    "worst-theme": {
        "en": "Worst theme",
        "es": "Peor tema",
        "pt": "Pior tema",
        "fr": "Thème le moins bien noté",
    },
    "best-commitment": {
        "en": "Best commitment",
        "es": "Mejor compromiso",
        "pt": "Melhor compromisso",
        "fr": "Engagement le mieux noté",
    },
    "worst-commitment": {
        "en": "Worst commitment",
        "es": "Peor compromiso",
        "pt": "Pior compromisso",
        "fr": "Engagement le moins bien noté",
    },
    "tie": {
        "en": " (tie of {count})",
        "es": " (empate de {count})",
        "pt": " (empate de {count})",
        "fr": " (ex æquo, {count})",
    },
    "themes-title": {
        "en": "{summit}: themes",
        "es": "{summit}: temas",
        "pt": "{summit}: temas",
        "fr": "{summit} : thèmes",
    },
    "commitments-title": {
        "en": "{summit}: commitments",
        "es": "{summit}: compromisos",
        "pt": "{summit}: compromissos",
        "fr": "{summit} : engagements",
    },
    "items-count": {
        "en": "{count} items",
        "es": "{count} ítems",
        "pt": "{count} itens",
        "fr": "{count} items",
    },
    "average-value": {
        "en": "average {value}",
        "es": "promedio {value}",
        "pt": "média {value}",
        "fr": "moyenne {value}",
    },
    "phase1-value": {
        "en": "Phase 1 {value} ({change}, {count} items compared)",
        "es": "Fase 1 {value} ({change}, {count} ítems comparados)",
        "pt": "Fase 1 {value} ({change}, {count} itens comparados)",
        "fr": "Phase 1 {value} ({change}, {count} items comparés)",
    },
    "extreme": {
        "en": "{which} by {metric}{tie}: {names} — {value}",
        "es": "{which} por {metric}{tie}: {names} — {value}",
        "pt": "{which} por {metric}{tie}: {names} — {value}",
        "fr": "{which} par {metric}{tie} : {names} — {value}",
    },
    "countries-title": {
        "en": "{summit}: countries",
        "es": "{summit}: países",
        "pt": "{summit}: países",
        "fr": "{summit} : pays",
    },
    "themes-by-country-title": {
        "en": "{summit}: themes by country",
        "es": "{summit}: temas por país",
        "pt": "{summit}: temas por país",
        "fr": "{summit} : thèmes par pays",
    },
    "commitments-by-country-title": {
        "en": "{summit}: commitment averages by country",
        "es": "{summit}: promedio de los compromisos por país",
        "pt": "{summit}: média dos compromissos por país",
        "fr": "{summit} : moyenne des engagements par pays",
    },
    "comparison-heading": {
        "en": "Comparison of {count} sheets",
        "es": "Comparación de {count} hojas",
        "pt": "Comparação de {count} planilhas",
        "fr": "Comparaison de {count} feuilles",
    },
    "cell-note-theme": {
        "en": "Each cell: the theme's average (the country's rank in that theme).",
        "es": "Cada celda: el promedio del tema (el puesto del país en ese tema).",
        "pt": "Cada célula: a média do tema (a posição do país nesse tema).",
        "fr": "Chaque cellule : la moyenne du thème (le rang du pays dans ce thème).",
    },
    "cell-note-plan": {
        "en": "Each cell: the plan's average (the country's rank in that plan).",
        "es": "Cada celda: el promedio del plan (el puesto del país en ese plan).",
        "pt": "Cada célula: a média do plano (a posição do país nesse plano).",
        "fr": "Chaque cellule : la moyenne du plan (le rang du pays dans ce plan).",
    },
    "no-name": {
        "en": "(no name given)",
        "es": "(sin nombre)",
        "pt": "(sem nome)",
        "fr": "(sans nom)",
    },
    "coverage-scoped": {
        "en": "Coverage differs, {scope}: {countries} of {of} countries rated {low}-{high} items "
        "each; of {total} items, {shared} rated by all, {single} by only one.",
        "es": "La cobertura difiere, {scope}: {countries} de {of} países calificaron "
        "{low}-{high} ítems cada uno; de {total} ítems, {shared} calificados por todos, "
        "{single} por uno solo.",
        "pt": "A cobertura difere, {scope}: {countries} de {of} países avaliaram {low}-{high} "
        "itens cada um; de {total} itens, {shared} avaliados por todos, {single} por apenas um.",
        "fr": "La couverture diffère, {scope} : {countries} pays sur {of} ont évalué {low} à "
        "{high} items chacun ; sur {total} items, {shared} évalués par tous, {single} par un seul.",
    },
    "scope-summit": {
        "en": "{summit} Summit",
        "es": "Cumbre {summit}",
        "pt": "Cúpula {summit}",
        "fr": "Sommet {summit}",
    },
    "scope-plan": {"en": "plan {tag}", "es": "plan {tag}", "pt": "plano {tag}", "fr": "plan {tag}"},
    "scope-theme": {
        "en": "theme {tag}",
        "es": "tema {tag}",
        "pt": "tema {tag}",
        "fr": "thème {tag}",
    },
    "single-note": {
        "en": "{mark} rated by one country only: not compared.",
        "es": "{mark} calificado por un solo país: no se compara.",
        "pt": "{mark} avaliado por um só país: não comparado.",
        "fr": "{mark} évalué par un seul pays : non comparé.",
    },
    "col-rated-by": {
        "en": "Rated by",
        "es": "Calificado por",
        "pt": "Avaliado por",
        "fr": "Évalué par",
    },
    "col-holds-rank": {
        "en": "Holds rank",
        "es": "Conserva el puesto",
        "pt": "Mantém a posição",
        "fr": "Garde son rang",
    },
    "metric-average": {"en": "average", "es": "promedio", "pt": "média", "fr": "moyenne"},
    "metric-delta": {
        "en": "change against Phase 1",
        "es": "variación respecto de la Fase 1",
        "pt": "variação em relação à Fase 1",
        "fr": "variation par rapport à la phase 1",
    },
    "col-rank": {"en": "Rank", "es": "Puesto", "pt": "Posição", "fr": "Rang"},
    "col-theme": {"en": "Theme", "es": "Tema", "pt": "Tema", "fr": "Thème"},
    "col-name": {"en": "Name", "es": "Nombre", "pt": "Nome", "fr": "Nom"},
    "col-id": {"en": "Id", "es": "Id", "pt": "Id", "fr": "Id"},
    "col-commitment": {
        "en": "Commitment",
        "es": "Compromiso",
        "pt": "Compromisso",
        "fr": "Engagement",
    },
    "col-country": {"en": "Country", "es": "País", "pt": "País", "fr": "Pays"},
    "col-average": {"en": "Average", "es": "Promedio", "pt": "Média", "fr": "Moyenne"},
    "col-level": {"en": "Level", "es": "Nivel", "pt": "Nível", "fr": "Niveau"},
    "col-band": {"en": "Band", "es": "Nivel", "pt": "Nível", "fr": "Niveau"},
    "col-items": {"en": "Items", "es": "Ítems", "pt": "Itens", "fr": "Items"},
    "col-raters": {
        "en": "Raters",
        "es": "Organizaciones",
        "pt": "Organizações",
        "fr": "Organisations",
    },
    "col-phase1": {"en": "Phase 1", "es": "Fase 1", "pt": "Fase 1", "fr": "Phase 1"},
    "col-change": {"en": "Change", "es": "Variación", "pt": "Variação", "fr": "Variation"},
    "col-criterion": {"en": "Criterion", "es": "Criterio", "pt": "Critério", "fr": "Critère"},
    "interval-few": {
        "en": "– ({count} org.)",
        "es": "– ({count} org.)",
        "pt": "– ({count} org.)",
        "fr": "– ({count} org.)",
    },
    "interval-few-note": {
        "en": "–: no interval where a score rests on fewer than 2 organizations "
        "(resampling one would only repeat it).",
        "es": "–: sin intervalo donde un puntaje se basa en menos de 2 organizaciones "
        "(remuestrear una sola solo la repetiría).",
        "pt": "–: sem intervalo onde uma pontuação se baseia em menos de 2 organizações "
        "(reamostrar uma só apenas a repetiria).",
        "fr": "– : pas d'intervalle lorsqu'un score repose sur moins de 2 organisations "
        "(rééchantillonner une seule ne ferait que la répéter).",
    },
    "agreement-title": {
        "en": "Agreement of the organizations (Krippendorff's alpha, ordinal)",
        "es": "Acuerdo entre las organizaciones (alfa de Krippendorff, ordinal)",
        "pt": "Concordância entre as organizações (alfa de Krippendorff, ordinal)",
        "fr": "Accord entre les organisations (alpha de Krippendorff, ordinal)",
    },
    "agreement-note": {
        "en": "Alpha is 1 when the organizations agree perfectly and 0 when they agree no "
        "more than chance; below 0.667 it is commonly read as too low for firm conclusions.",
        "es": "Alfa vale 1 si las organizaciones coinciden por completo y 0 si no coinciden "
        "más que por azar; por debajo de 0,667 suele leerse como demasiado bajo para "
        "conclusiones firmes.",
        "pt": "Alfa vale 1 quando as organizações concordam por completo e 0 quando não "
        "concordam mais do que o acaso; abaixo de 0,667 costuma ser lido como baixo demais "
        "para conclusões firmes.",
        "fr": "Alpha vaut 1 si les organisations sont parfaitement d'accord et 0 si elles ne "
        "le sont pas plus que le hasard ; en dessous de 0,667, on le juge en général trop "
        "faible pour des conclusions fermes.",
    },
    "stability-title": {
        "en": "Theme ranks with one organization left out",
        "es": "Puestos de los temas sin una de las organizaciones",
        "pt": "Posições dos temas sem uma das organizações",
        "fr": "Rangs des thèmes sans l'une des organisations",
    },
    "stability-note": {
        "en": "Largest shift: how far the theme's rank moves, at most, when any one "
        "organization's ratings are left out.",
        "es": "Mayor cambio: cuánto se mueve, como máximo, el puesto del tema al dejar fuera "
        "las calificaciones de una organización cualquiera.",
        "pt": "Maior mudança: quanto a posição do tema se move, no máximo, ao deixar de fora "
        "as avaliações de uma organização qualquer.",
        "fr": "Plus grand écart : de combien le rang du thème bouge, au plus, quand on retire "
        "les notes d'une organisation quelconque.",
    },
    "leniency-title": {
        "en": "Organizations, most lenient and most severe first",
        "es": "Organizaciones, primero las más indulgentes y las más severas",
        "pt": "Organizações, primeiro as mais indulgentes e as mais severas",
        "fr": "Organisations, les plus indulgentes et les plus sévères d'abord",
    },
    "leniency-note": {
        "en": "Leniency: the organization's mean rating minus the other organizations' mean "
        "on the same items (+0.50: half a point above the others).",
        "es": "Indulgencia: la calificación media de la organización menos la media de las "
        "demás en los mismos ítems (+0,50: medio punto por encima de las demás).",
        "pt": "Indulgência: a avaliação média da organização menos a média das demais nos "
        "mesmos itens (+0,50: meio ponto acima das demais).",
        "fr": "Indulgence : la note moyenne de l'organisation moins la moyenne des autres sur "
        "les mêmes items (+0,50 : un demi-point au-dessus des autres).",
    },
    "leniency-more": {
        "en": "… and {count} more organizations (all in the JSON output).",
        "es": "… y {count} organizaciones más (todas en la salida JSON).",
        "pt": "… e mais {count} organizações (todas na saída JSON).",
        "fr": "… et {count} organisations de plus (toutes dans la sortie JSON).",
    },
    "col-alpha": {"en": "Alpha", "es": "Alfa", "pt": "Alfa", "fr": "Alpha"},
    "col-organizations": {
        "en": "Organizations",
        "es": "Organizaciones",
        "pt": "Organizações",
        "fr": "Organisations",
    },
    "col-organization": {
        "en": "Organization",
        "es": "Organización",
        "pt": "Organização",
        "fr": "Organisation",
    },
    "col-items-rated": {
        "en": "Items rated",
        "es": "Ítems calificados",
        "pt": "Itens avaliados",
        "fr": "Items notés",
    },
    "col-leniency": {
        "en": "Leniency",
        "es": "Indulgencia",
        "pt": "Indulgência",
        "fr": "Indulgence",
    },
    "col-largest-shift": {
        "en": "Largest shift",
        "es": "Mayor cambio",
        "pt": "Maior mudança",
        "fr": "Plus grand écart",
    },
    "col-moved-by": {
        "en": "Left out",
        "es": "Organización omitida",
        "pt": "Organização omitida",
        "fr": "Organisation retirée",
    },
    "col-interval": {
        "en": "{confidence} interval",
        "es": "Intervalo {confidence}",
        "pt": "Intervalo {confidence}",
        "fr": "Intervalle {confidence}",
    },
    "col-rank-interval": {
        "en": "Rank ({confidence})",
        "es": "Puesto ({confidence})",
        "pt": "Posição ({confidence})",
        "fr": "Rang ({confidence})",
    },
    "col-hold-rank": {
        "en": "Holds its rank",
        "es": "Conserva el puesto",
        "pt": "Mantém a posição",
        "fr": "Garde son rang",
    },
}
"""Headings and lines of the text outputs, by key and language."""

CRITERION_LETTERS: dict[str, tuple[str, str, str]] = {
    "en": ("R", "E", "S"),
    "es": ("R", "E", "S"),
    "pt": ("R", "E", "S"),
    "fr": ("P", "E", "D"),
}
"""The criteria's column headings: relevance, effectiveness, sustainability."""

LEVEL_WORDS: dict[str, dict[str | None, str]] = {
    "en": {"low": "low", "medium": "medium", "medium-high": "medium-high", "high": "high"},
    "es": {"low": "bajo", "medium": "medio", "medium-high": "medio-alto", "high": "alto"},
    "pt": {"low": "baixo", "medium": "médio", "medium-high": "médio-alto", "high": "alto"},
    "fr": {
        "low": "faible",
        "medium": "moyen",
        "medium-high": "moyennement élevé",
        "high": "élevé",
    },
}
"""A band as a level ('a low level'; masculine where the language needs it)."""


def phrase(key: str, lang: str = "en", **params: object) -> str:
    """One phrase in a language (English when the language lacks it), its {fields} filled."""
    texts = PHRASES[key]
    return (texts.get(lang) or texts["en"]).format(**params)


def level_word(band: str | None, lang: str = "en") -> str:
    """A band's name as a level in a language ('medium' -> 'medio'); '–' for none."""
    if not band:
        return "–"
    return LEVEL_WORDS.get(lang, LEVEL_WORDS["en"]).get(band, band)
