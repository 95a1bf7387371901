"""The bridge picture in words (issue 19): its short table and a description for this client.

The bridge figure has ten columns of five rungs; a table with one row per rung (50 rows) says
little. Its "Als tabel" is one row per sub-pillar instead: pillar, sub-pillar, the chosen step
("3 van 5") with its name and text, and who chose it. The description says what the picture
shows for this client: how many parts have a step, the lowest and the highest, and the parts
marked "hier wil ik aan werken". Both go into the figure's ``layout.meta`` (``mm_table`` and
``mm_description``), where ``widgets/figure_table.py`` reads them. Pure functions of the model.
"""

from __future__ import annotations

from typing import Any

from mmwidgets.i18n import t
from mmwidgets.model.assessment import Assessment
from mmwidgets.model.bridge.definition import BridgeDefinition


def _chosen(definition: BridgeDefinition, assessment: Assessment | None) -> dict[str, int]:
    steps: dict[str, int] = {}
    if assessment is None:
        return steps
    for _pillar, sub in definition.subpillars():
        step = assessment.choice(sub.id).step
        if step is not None and 1 <= step <= sub.step_count:
            steps[sub.id] = step
    return steps


def bridge_table(definition: BridgeDefinition, assessment: Assessment | None, lang: str = "nl") -> dict[str, Any]:
    """``{"columns": [...], "rows": [[...], ...]}``: one row per sub-pillar, in the bridge's order."""
    steps = _chosen(definition, assessment)
    rows = []
    for pillar, sub in definition.subpillars():
        step = steps.get(sub.id)
        if step is None:
            rows.append([pillar.name.get(lang), sub.name.get(lang), t("a11y.bridge_not_chosen", lang), "", ""])
            continue
        chosen = sub.steps[step - 1]
        who = assessment.choice(sub.id).chosen_by if assessment is not None else None
        rows.append([
            pillar.name.get(lang),
            sub.name.get(lang),
            t("a11y.bridge_step", lang, step=step, count=sub.step_count),
            f"{chosen.label.get(lang)}: {chosen.text.get(lang)}",
            t(f"a11y.bridge_who_{who}", lang) if who else "",
        ])
    columns = [t(f"a11y.bridge_col_{key}", lang) for key in ("pillar", "part", "step", "text", "who")]
    return {"columns": columns, "rows": rows}


def bridge_description(definition: BridgeDefinition, assessment: Assessment | None, lang: str = "nl") -> str:
    """What the bridge shows for this client, in one or a few short sentences."""
    steps = _chosen(definition, assessment)
    subs = [sub for _pillar, sub in definition.subpillars()]
    total = len(subs)
    if not steps:
        return t("a11y.bridge_desc_empty", lang, total=total)
    names = {sub.id: sub.name.get(lang) for sub in subs}
    low = min(steps.values())
    high = max(steps.values())
    lowest = ", ".join(names[s] for s in names if steps.get(s) == low)
    highest = ", ".join(names[s] for s in names if steps.get(s) == high)
    parts = [t("a11y.bridge_desc_chosen", lang, chosen=len(steps), total=total)]
    if low == high:
        parts.append(t("a11y.bridge_desc_same", lang, step=low, names=lowest))
    else:
        parts.append(t("a11y.bridge_desc_low", lang, step=low, names=lowest))
        parts.append(t("a11y.bridge_desc_high", lang, step=high, names=highest))
    focus = [names[s] for s in (assessment.focus_ids() if assessment else []) if s in names]
    if focus:
        parts.append(t("a11y.bridge_desc_focus", lang, names=", ".join(focus)))
    return " ".join(parts)


def with_words(figure: dict[str, Any], definition: BridgeDefinition, assessment: Assessment | None,
               lang: str = "nl") -> dict[str, Any]:
    """``figure`` with its short table and description in ``layout.meta`` (in place; returned)."""
    layout = figure.setdefault("layout", {})
    meta = dict(layout.get("meta") or {})
    meta["mm_table"] = bridge_table(definition, assessment, lang)
    meta["mm_description"] = bridge_description(definition, assessment, lang)
    layout["meta"] = meta
    return figure
