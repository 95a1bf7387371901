"""What a figure shows for this client, in words (issue 19): the radar, the progress lines and
the plan's timeline, the trainer's group grid and the report's group radar. The bridge has its
own (figures/bridge_table.py).

Each description is one to four short sentences at B1 level, made from the model (never from
the drawn figure), in Dutch or English: the highest and lowest parts, the change since last
time, the workbook score's course, how many actions are done. It goes into the figure's first
trace as ``meta.mm_description`` (``with_description``), not into the layout: the layout of
these figures never changes on a click and is not resent. ``widgets/figure_table.py`` reads it
as the figure's description (its ``role=img`` name). Pure functions of the model.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Collection, Mapping, Sequence

from mmwidgets.figures.style import day, esc, number
from mmwidgets.i18n import t
from mmwidgets.model.assessment import Assessment
from mmwidgets.model.bridge.definition import BridgeDefinition
from mmwidgets.model.plan import Plan
from mmwidgets.model.score import only, score, step_score

#: where a description lives in a trace (plotly keeps a trace's ``meta`` as it is)
META_KEY = "mm_description"


def _names(names: Sequence[str], lang: str) -> str:
    """'Wonen', 'Wonen en Schulden', 'Wonen, Zorg en Schulden' (at most four, then 'en 3 meer')."""
    names = list(names)
    if len(names) > 4:
        return t("a11y.desc_list_more", lang, names=", ".join(names[:4]), n=len(names) - 4)
    if len(names) <= 1:
        return "".join(names)
    return t("a11y.desc_list", lang, names=", ".join(names[:-1]), last=names[-1])


def _step_scores(definition: BridgeDefinition, assessment: Assessment) -> dict[str, float]:
    scores: dict[str, float] = {}
    for _pillar, sub in definition.subpillars():
        step = assessment.step(sub.id)
        if isinstance(step, int) and not isinstance(step, bool) and 1 <= step <= sub.step_count:
            scores[sub.id] = step_score(step, sub.step_count)
    return scores


def radar_description(definition: BridgeDefinition, assessments: Sequence[Assessment], lang: str = "nl") -> str:
    """This conversation on the radar: how much is filled in, the highest and lowest parts
    (step score out of 100), and what went up or down since the conversation before it."""
    subs = [sub for _pillar, sub in definition.subpillars()]
    total = len(subs)
    names = {sub.id: sub.name.get(lang) for sub in subs}
    current = assessments[-1] if assessments else None
    now = _step_scores(definition, current) if current is not None else {}
    if current is None or not now:
        return t("a11y.radar_desc_empty", lang, total=total)
    parts = [t("a11y.radar_desc_answered", lang, date=day(current.date, lang), answered=len(now), total=total)]
    high, low = max(now.values()), min(now.values())
    at = lambda value: _names([names[s] for s in names if now.get(s) == value], lang)  # noqa: E731
    if high == low:
        parts.append(t("a11y.radar_desc_same", lang, names=at(high), score=number(high, lang)))
    else:
        parts.append(t("a11y.radar_desc_high", lang, names=at(high), score=number(high, lang)))
        parts.append(t("a11y.radar_desc_low", lang, names=at(low), score=number(low, lang)))
    if len(assessments) >= 2:
        before = _step_scores(definition, assessments[-2])
        both = [s for s in names if s in now and s in before]
        when = day(assessments[-2].date, lang)
        if not both:
            parts.append(t("a11y.radar_desc_no_compare", lang, date=when))
        else:
            up = [names[s] for s in both if now[s] > before[s]]
            down = [names[s] for s in both if now[s] < before[s]]
            same = len(both) - len(up) - len(down)
            if not up and not down:
                parts.append(t("a11y.radar_desc_unchanged", lang, date=when, n=same))
            else:
                said = []
                if up:
                    said.append(t("a11y.radar_desc_up", lang, names=_names(up, lang)))
                if down:
                    said.append(t("a11y.radar_desc_down", lang, names=_names(down, lang)))
                if same:
                    said.append(t("a11y.radar_desc_same_n", lang, n=same))
                parts.append(t("a11y.radar_desc_since", lang, date=when, what="; ".join(said)))
    return " ".join(parts)


def progress_description(definition: BridgeDefinition, rows: Sequence[Assessment], common: Sequence[str],
                         lang: str = "nl") -> str:
    """The workbook score over the conversations ``rows`` (answered, in date order), like-for-like
    over the sub-pillars ``common`` as the figure draws it: first and last, the change, and the
    pillar that rose or fell most."""
    if not rows:
        return t("a11y.progress_desc_empty", lang)
    scores = [score(definition, only(item, common)) for item in rows]
    first, last = scores[0], scores[-1]
    if len(rows) == 1:
        return t("a11y.progress_desc_one", lang, date=day(rows[0].date, lang), score=number(last.total, lang))
    parts = [t("a11y.progress_desc_many", lang, n=len(rows), first=day(rows[0].date, lang),
               last=day(rows[-1].date, lang), common=len(common), total=len(definition.subpillar_ids()))]
    if first.total is not None and last.total is not None:
        change = last.total - first.total
        sign = "+" if change > 0 else ""
        parts.append(t("a11y.progress_desc_total", lang, start=number(first.total, lang), end=number(last.total, lang),
                       change=sign + number(change, lang)))
    changes = []
    for pillar in definition.pillars:
        a, b = first.pillars.get(pillar.id), last.pillars.get(pillar.id)
        if a is not None and b is not None:
            changes.append((b - a, pillar.name.get(lang)))
    if changes:
        rise, fall = max(changes), min(changes)
        if rise[0] > 0:
            parts.append(t("a11y.progress_desc_rise", lang, name=rise[1], change="+" + number(rise[0], lang)))
        if fall[0] < 0:
            parts.append(t("a11y.progress_desc_fall", lang, name=fall[1], change=number(fall[0], lang)))
    return " ".join(parts)


def timeline_description(plan: Plan, lang: str, today: dt.date, goals: Sequence[Any] | None = None) -> str:
    """The plan on its time line (``goals``: the goals shown, else all): goals, actions done /
    still to do / past their date, rewards given."""
    goals = list(plan.goals if goals is None else goals)
    if not goals:
        return t("a11y.timeline_desc_empty", lang)
    actions = [a for g in goals for a in g.actions]
    done = sum(1 for a in actions if a.done)
    late = sum(1 for a in actions if not a.done and a.due is not None and a.due < today)
    parts = [t("a11y.timeline_desc", lang, goals=len(goals), actions=len(actions), done=done,
               open=len(actions) - done - late, late=late)]
    if plan.ledger:
        parts.append(t("a11y.timeline_desc_given", lang, n=len(plan.ledger)))
    return " ".join(parts)


def group_description(definition: BridgeDefinition, reference: Mapping[str, int],
                      answers: Sequence[tuple[str, Mapping[str, int | None]]], lang: str,
                      revealed: Collection[str] | None = None, highlight: str | None = None) -> str:
    """The trainer's group grid: how many trainees, how many answers match the reference, are
    one step off or further off (only where the reference is shown), and the part that divides
    the group most."""
    if not answers:
        return t("a11y.group_desc_empty", lang)
    shown = set(reference) if revealed is None else set(revealed)
    exact = one = far = 0
    for _name, steps in answers:
        for sub_id, ref in reference.items():
            answer = steps.get(sub_id)
            if answer is None or sub_id not in shown:
                continue
            off = abs(answer - ref)
            exact, one, far = exact + (off == 0), one + (off == 1), far + (off > 1)
    parts = [t("a11y.group_desc_count", lang, n=len(answers))]
    if not shown:
        parts.append(t("a11y.group_desc_hidden", lang))
    elif exact + one + far == 0:
        parts.append(t("a11y.group_desc_no_answers", lang))
    else:
        parts.append(t("a11y.group_desc_agree", lang, answers=exact + one + far, exact=exact, one=one, far=far))
    if highlight and definition.has_subpillar(highlight):
        parts.append(t("a11y.group_desc_divides", lang, name=definition.subpillar(highlight).name.get(lang)))
    return " ".join(parts)


def group_radar_description(definition: BridgeDefinition, means: Mapping[str, tuple[float, float]],
                            lang: str) -> str:
    """The report's group radar: the parts shown, the highest and lowest mean at the latest
    conversation, and the part that rose or fell most since the baseline."""
    subs = [sub for _pillar, sub in definition.subpillars() if sub.id in means]
    if not subs:
        return t("a11y.report_desc_empty", lang)
    latest = {sub.id: means[sub.id][1] for sub in subs}
    names = {sub.id: sub.name.get(lang) for sub in subs}
    high, low = max(latest.values()), min(latest.values())
    parts = [t("a11y.report_desc_count", lang, n=len(subs), total=len(definition.subpillar_ids()))]
    parts.append(t("a11y.radar_desc_high", lang, names=_names([names[s] for s in latest if latest[s] == high], lang),
                   score=number(high, lang)))
    if low != high:
        parts.append(t("a11y.radar_desc_low", lang, names=_names([names[s] for s in latest if latest[s] == low], lang),
                       score=number(low, lang)))
    changes = [(means[s][1] - means[s][0], names[s]) for s in latest]
    rise, fall = max(changes), min(changes)
    if rise[0] > 0:
        parts.append(t("a11y.report_desc_rise", lang, name=rise[1], change="+" + number(rise[0], lang, 1)))
    if fall[0] < 0:
        parts.append(t("a11y.report_desc_fall", lang, name=fall[1], change=number(fall[0], lang, 1)))
    return " ".join(parts)


def with_description(figure: dict[str, Any], text: str) -> dict[str, Any]:
    """``figure`` with ``text`` as its description in its first trace's ``meta`` (in place),
    escaped like every label in a figure (names are typed by a team; the reader unescapes)."""
    data = figure.get("data") or []
    if data:
        meta = data[0].get("meta")
        data[0]["meta"] = {**(meta if isinstance(meta, dict) else {}), META_KEY: esc(text)}
    return figure
