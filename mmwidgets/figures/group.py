"""The trainer's group view: every trainee's step per sub-pillar beside the reference.

A heat map with one row per trainee (in join order) under a reference row, one column per
sub-pillar (bridge order). Each cell shows the step the trainee chose; its colour says how
far that is from the reference: exact, one step off, further off. An empty cell is a
sub-pillar the trainee has not scored yet. The column that divides the group most gets a
frame, so the discussion can start there.

One trace only (uid ``group``), so a refresh changes data, never the trace list. Trainee
nicknames are user text: they are escaped wherever they meet plotly's HTML.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

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
from mmwidgets.model.agreement import verdict
from mmwidgets.model.definition import BridgeDefinition

GROUP_UID = "group"
ROW_HEIGHT = 34
BASE_HEIGHT = 150

# Okabe-Ito hues, tinted so the dark step numbers stay readable (and colour is never the only
# cue: the hover names the verdict and the number is in every cell).
REFERENCE_COLOUR = "#e6e9ed"
EXACT_COLOUR = tint("#009E73", 0.55)
ONE_OFF_COLOUR = tint("#E69F00", 0.5)
FURTHER_COLOUR = tint("#D55E00", 0.3)

# z: -1 reference, 0 exact, 1 one step off, 2 further off; zmin -1, zmax 2 -> bands of 1/3.
Z_REFERENCE, Z_EXACT, Z_ONE_OFF, Z_FURTHER = -1, 0, 1, 2
COLOURSCALE = [
    [0.0, REFERENCE_COLOUR], [1 / 6, REFERENCE_COLOUR],
    [1 / 6, EXACT_COLOUR], [1 / 2, EXACT_COLOUR],
    [1 / 2, ONE_OFF_COLOUR], [5 / 6, ONE_OFF_COLOUR],
    [5 / 6, FURTHER_COLOUR], [1.0, FURTHER_COLOUR],
]  # fmt: skip


def _z(answer: int | None, reference: int) -> int | None:
    kind = verdict(answer, reference)
    return {"exact": Z_EXACT, "one_off": Z_ONE_OFF, "further": Z_FURTHER}.get(kind)


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
) -> dict[str, Any]:
    """Heat map of trainees x sub-pillars; ``answers`` is ``[(nickname, {sub_id: step}), ...]``."""
    subs = [sub for _, sub in definition.subpillars() if sub.id in reference]
    ids = [sub.id for sub in subs]
    names = [sub.name.get(lang) for sub in subs]
    ref_label = t("train.reference", lang)
    rows = [ref_label] + [esc(name) for name, _ in answers]

    z: list[list[int | None]] = [[Z_REFERENCE] * len(ids)]
    text: list[list[str]] = [[str(reference[s]) for s in ids]]
    custom: list[list[list[str]]] = [
        [[esc(ref_label), esc(n), str(reference[s]), ""] for s, n in zip(ids, names)]
    ]
    for name, steps in answers:
        z_row, text_row, custom_row = [], [], []
        for sub_id, sub_name in zip(ids, names):
            answer = steps.get(sub_id)
            z_row.append(_z(answer, reference[sub_id]))
            text_row.append("" if answer is None else str(answer))
            custom_row.append(
                [
                    esc(name),
                    esc(sub_name),
                    "–" if answer is None else str(answer),
                    esc(_distance_text(answer, reference[sub_id], lang)),
                ]
            )
        z.append(z_row)
        text.append(text_row)
        custom.append(custom_row)

    hover_ref = t("train.hover_reference", lang)
    hover_answer = t("train.hover_answer", lang)
    trace = {
        "type": "heatmap",
        "uid": GROUP_UID,
        "x": list(range(len(ids))),
        "y": list(range(len(rows))),
        "z": z,
        "zmin": -1,
        "zmax": 2,
        "colorscale": COLOURSCALE,
        "showscale": False,
        "xgap": 3,
        "ygap": 3,
        "text": text,
        "texttemplate": "%{text}",
        "textfont": {"size": FONT_SIZE + 2, "color": TEXT},
        "customdata": custom,
        "hovertemplate": (
            "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>"
            + esc(hover_answer)
            + ": %{customdata[2]} %{customdata[3]}<extra></extra>"
        ),
        "hoverongaps": False,
        "meta": {"subpillars": ids},
    }
    for cell in custom[0]:  # the reference row says what it is
        cell[3] = esc(hover_ref)

    layout = base_layout(lang, BASE_HEIGHT + ROW_HEIGHT * len(rows))
    layout.update(
        {
            "margin": {"l": 10, "r": 10, "t": 80, "b": 56},
            "xaxis": fixed_axis(
                tickmode="array",
                tickvals=list(range(len(ids))),
                ticktext=[wrap(n, 14, 3) for n in names],
                side="top",
                range=[-0.5, len(ids) - 0.5],
                automargin=True,
            ),
            "yaxis": fixed_axis(
                tickmode="array",
                tickvals=list(range(len(rows))),
                ticktext=[f"<b>{rows[0]}</b>"] + rows[1:],
                autorange="reversed",
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
                "xref": "paper", "yref": "paper", "x": 0.5, "y": -0.05,
                "showarrow": False, "font": {"color": MUTED},
            }
        )  # fmt: skip
    if highlight in ids:
        col = ids.index(highlight)
        layout["shapes"].append(
            {
                "type": "rect",
                "xref": "x", "yref": "y",
                "x0": col - 0.5, "x1": col + 0.5, "y0": -0.5, "y1": len(rows) - 0.5,
                "line": {"color": DECK, "width": 3},
                "fillcolor": "rgba(0,0,0,0)",
                "name": "divisive",
            }
        )  # fmt: skip
    return {"data": [trace], "layout": layout}


def _legend(lang: str) -> dict[str, Any]:
    parts = [
        (EXACT_COLOUR, t("train.verdict_exact", lang)),
        (ONE_OFF_COLOUR, t("train.verdict_one_off", lang)),
        (FURTHER_COLOUR, t("train.verdict_further", lang)),
    ]
    text = "   ".join(f'<span style="color:{c}">■</span> {esc(label)}' for c, label in parts)
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
