"""The trainer's group view: every trainee's step per sub-pillar beside the reference.

A grid of square cells (one scatter trace of large square markers, so the page can load
plotly.js's small "basic" bundle, which has no heat map): one row per trainee (in join
order) under a reference row, one column per sub-pillar (bridge order). Each cell shows the
step the trainee chose; its colour says how far that is from the reference: exact, one step
off, further off. A white, outlined cell is a sub-pillar the trainee has not scored yet. The
column that divides the group most gets a frame, so the discussion can start there.

The cells are listed row by row (reference first): cell ``(row, col)`` has ``x = col`` and
``y = row``. ``marker.color`` holds a code per cell (``Z_*`` below), mapped to colours by a
stepped colour scale.

One trace only (uid ``group``), so a refresh changes data, never the trace list. Trainee
nicknames are user text: they are escaped wherever they meet plotly's HTML.
"""

from __future__ import annotations

from typing import Any, Collection, Mapping, Sequence

from mmwidgets.figures.descriptions import group_description, with_description
from mmwidgets.figures.style import (
    DECK,
    FONT_SIZE,
    MUTED,
    TEXT,
    base_layout,
    esc,
    fixed_axis,
    tint,
    wrap,
)
from mmwidgets.i18n import t
from mmwidgets.model.training.agreement import verdict
from mmwidgets.model.bridge.definition import BridgeDefinition

GROUP_UID = "group"
ROW_HEIGHT = 38
BASE_HEIGHT = 150
#: the cells' side in pixels: a row is at least ROW_HEIGHT high, so this leaves a calm gap
CELL_SIZE = ROW_HEIGHT - 6
#: the text of a cell not answered yet (see group_figure)
BLANK = "\u00a0"

# Okabe-Ito hues, tinted so the dark step numbers stay readable (and colour is never the only
# cue: the hover names the verdict and the number is in every cell).
REFERENCE_COLOUR = "#e6e9ed"
EXACT_COLOUR = tint("#009E73", 0.55)
ONE_OFF_COLOUR = tint("#E69F00", 0.5)
FURTHER_COLOUR = tint("#D55E00", 0.3)
MISSING_COLOUR = "#ffffff"
MISSING_LINE = "#aab3bd"

# marker.color codes: -2 not answered, -1 reference, 0 exact, 1 one step off, 2 further off;
# cmin -2, cmax 2 -> five bands of 1/5, each code in the middle of its band.
Z_MISSING, Z_REFERENCE, Z_EXACT, Z_ONE_OFF, Z_FURTHER = -2, -1, 0, 1, 2
COLOURSCALE = [
    [0.0, MISSING_COLOUR], [0.125, MISSING_COLOUR],
    [0.125, REFERENCE_COLOUR], [0.375, REFERENCE_COLOUR],
    [0.375, EXACT_COLOUR], [0.625, EXACT_COLOUR],
    [0.625, ONE_OFF_COLOUR], [0.875, ONE_OFF_COLOUR],
    [0.875, FURTHER_COLOUR], [1.0, FURTHER_COLOUR],
]  # fmt: skip


def _z(answer: int | None, reference: int) -> int:
    kind = verdict(answer, reference)
    return {"exact": Z_EXACT, "one_off": Z_ONE_OFF, "further": Z_FURTHER}.get(kind, Z_MISSING)


def _distance_text(answer: int | None, reference: int, lang: str) -> str:
    if answer is None:
        return t("train.verdict_missing", lang)
    gap = answer - reference
    if gap == 0:
        return t("train.verdict_exact", lang)
    key = "train.gap_higher" if gap > 0 else "train.gap_lower"
    return t(key, lang, n=abs(gap))


def group_figure(
    definition: BridgeDefinition,
    reference: Mapping[str, int],
    answers: Sequence[tuple[str, Mapping[str, int | None]]],
    lang: str = "nl",
    highlight: str | None = None,
    revealed: Collection[str] | None = None,
) -> dict[str, Any]:
    """Grid of trainees x sub-pillars; ``answers`` is ``[(nickname, {sub_id: step}), ...]``.

    ``revealed``: the sub-pillars whose reference may be seen (``None``: all). Elsewhere the
    reference cell shows "?" and the trainees' cells a neutral grey, so a projected screen
    gives nothing away before the trainer reveals it."""
    shown = set(reference) if revealed is None else set(revealed)
    subs = [sub for _, sub in definition.subpillars() if sub.id in reference]
    ids = [sub.id for sub in subs]
    names = [sub.name.get(lang) for sub in subs]
    ref_label = t("train.reference", lang)
    rows = [esc(ref_label)] + [esc(name) for name, _ in answers]

    xs: list[int] = []
    ys: list[int] = []
    codes: list[int] = []
    text: list[str] = []
    custom: list[list[str]] = []
    hover_ref = esc(t("train.hover_reference", lang))
    for col, (sub_id, sub_name) in enumerate(zip(ids, names)):
        xs.append(col)
        ys.append(0)
        codes.append(Z_REFERENCE)
        ref_text = str(reference[sub_id]) if sub_id in shown else "?"
        text.append(ref_text)
        custom.append([rows[0], esc(sub_name), ref_text, hover_ref if sub_id in shown else ""])
    for row, (name, steps) in enumerate(answers, start=1):
        for col, (sub_id, sub_name) in enumerate(zip(ids, names)):
            answer = steps.get(sub_id)
            xs.append(col)
            ys.append(row)
            hidden = sub_id not in shown and answer is not None
            codes.append(Z_REFERENCE if hidden else _z(answer, reference[sub_id]))
            # never an empty text: plotly.js drops a point's text for good when it was empty in an
            # earlier draw (a trainee's later answers stayed blank cells); a no-break space is
            # invisible and keeps every cell's text element
            text.append(BLANK if answer is None else str(answer))
            custom.append(
                [
                    rows[row],
                    esc(sub_name),
                    "–" if answer is None else str(answer),
                    "" if hidden else esc(_distance_text(answer, reference[sub_id], lang)),
                ]
            )
    missing = [code == Z_MISSING for code in codes]

    trace = {
        "type": "scatter",
        "uid": GROUP_UID,
        "mode": "markers+text",
        "x": xs,
        "y": ys,
        "marker": {
            "symbol": "square",
            "size": CELL_SIZE,
            "color": codes,
            "cmin": Z_MISSING,
            "cmax": Z_FURTHER,
            "colorscale": COLOURSCALE,
            "showscale": False,
            "opacity": 1,
            "line": {
                "color": [MISSING_LINE if m else "white" for m in missing],
                "width": [1.5 if m else 0 for m in missing],
            },
        },
        "text": text,
        "textposition": "middle center",
        "textfont": {"size": FONT_SIZE + 2, "color": TEXT},
        "customdata": custom,
        "hovertemplate": (
            "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>"
            + esc(t("train.hover_answer", lang))
            + ": %{customdata[2]} %{customdata[3]}<extra></extra>"
        ),
        "cliponaxis": False,
        "showlegend": False,
        "meta": {"subpillars": ids},
    }

    layout = base_layout(lang, BASE_HEIGHT + ROW_HEIGHT * len(rows))
    layout.update(
        {
            "margin": {"l": 10, "r": 10, "t": 80, "b": 56},
            "xaxis": fixed_axis(
                tickmode="array",
                tickvals=list(range(len(ids))),
                ticktext=[wrap(n, 10, 3, break_words=False) for n in names],
                side="top",
                range=[-0.5, len(ids) - 0.5],
                autorange=False,
                showline=False,
                ticks="",
                automargin=True,
            ),
            "yaxis": fixed_axis(
                tickmode="array",
                tickvals=list(range(len(rows))),
                ticktext=[f"<b>{rows[0]}</b>"] + rows[1:],
                range=[len(rows) - 0.5, -0.5],  # reversed: the reference on top
                autorange=False,
                showline=False,
                ticks="",
                ticklabelstandoff=8,
                automargin=True,
            ),
            "shapes": [],
            "annotations": [_legend(lang)],
        }
    )
    if not answers:
        layout["annotations"].append(
            {
                "text": esc(t("train.no_trainees", lang)),
                "xref": "paper", "yref": "paper", "x": 0, "y": 0, "yshift": -40,
                "xanchor": "left", "yanchor": "top",
                "showarrow": False, "font": {"color": MUTED},
            }
        )  # fmt: skip
        layout["margin"]["b"] += 28  # the note goes below the legend
        layout["height"] += 28
    if highlight in ids:
        col = ids.index(highlight)
        layout["shapes"].append(
            {
                "type": "rect",
                "xref": "x", "yref": "y",
                "x0": col - 0.5, "x1": col + 0.5, "y0": -0.5, "y1": len(rows) - 0.5,
                "line": {"color": DECK, "width": 3},
                "fillcolor": "rgba(0,0,0,0)",
                "layer": "below",
                "name": "divisive",
            }
        )  # fmt: skip
    figure = {"data": [trace], "layout": layout}
    described = group_description(definition, reference, answers, lang, revealed, highlight)
    return with_description(figure, described)  # in words (issue 19)


def _legend(lang: str) -> dict[str, Any]:
    parts = [
        (EXACT_COLOUR, "■", t("train.verdict_exact", lang)),
        (ONE_OFF_COLOUR, "■", t("train.verdict_one_off", lang)),
        (FURTHER_COLOUR, "■", t("train.verdict_further", lang)),
        (MISSING_LINE, "□", t("train.verdict_missing", lang)),
    ]
    text = "   ".join(
        f'<span style="color:{c}">{mark}</span> {esc(label)}' for c, mark, label in parts
    )
    return {
        "text": text,
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 0,
        "yshift": -14,
        "xanchor": "left",
        "yanchor": "top",
        "showarrow": False,
        "font": {"color": TEXT},
        "name": "legend",
    }
