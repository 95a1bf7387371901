"""The take-home plan: one or two printable pages in plain Dutch (B1) or English.

The client's goal in their own words, EVERY open action of the chosen goals grouped
"deze week", "volgende week" and "later" (each with its goal, who and when), the agreed
reward and the next appointment. Printed pages say "Pagina 1 van 2" at the bottom, so a
plan that runs on says so. Plain HTML with print styles: large
type, black on white, check boxes drawn as characters, nothing that needs colour.
Every text typed by a person is escaped.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Iterable

from babel.dates import format_date, format_time

from mmwidgets.i18n import normalise_language, t
from mmwidgets.model.plan import Goal, Plan, has_time
from mmwidgets.model.plan.text import actions_by_period
from mmwidgets.model.plan.ics import who_text
from mmwidgets.model.plan.rewards import money

CSS = """
@page { size: A4; margin: 16mm 16mm 18mm 16mm; }
* { box-sizing: border-box; }
html { font-size: 18px; }
body { font-family: Verdana, 'DejaVu Sans', Arial, sans-serif; color: #000; background: #fff;
       line-height: 1.5; margin: 0 auto; max-width: 46rem; padding: 1rem; }
h1 { font-size: 1.9rem; margin: 0 0 .2rem 0; }
h2 { font-size: 1.3rem; margin: 1.2rem 0 .4rem 0; border-bottom: 2px solid #000; padding-bottom: .1rem; }
p { margin: .3rem 0; }
.mm-th-meta { font-size: .95rem; }
.mm-th-goal { font-size: 1.25rem; font-weight: bold; margin: .5rem 0; padding: .4rem .6rem;
              border: 2px solid #000; }
.mm-th-goal-words { font-style: normal; }
table { width: 100%; border-collapse: collapse; margin: .3rem 0; }
th, td { text-align: left; vertical-align: top; padding: .35rem .4rem; border-bottom: 1px solid #000; }
th { font-size: .9rem; }
td.mm-th-box { width: 2rem; font-size: 1.4rem; line-height: 1; }
td.mm-th-when { white-space: nowrap; }
.mm-th-for { display: block; font-size: .85rem; }
.mm-th-late { font-weight: bold; }
.mm-th-empty { font-style: italic; }
ul { margin: .2rem 0 .2rem 1.2rem; padding: 0; }
footer { margin-top: 1.5rem; font-size: .85rem; }
@media print {
  html { font-size: 13pt; }
  body { max-width: none; padding: 0; }
  h2, tr, .mm-th-goal { break-inside: avoid; page-break-inside: avoid; }
  .mm-th-noprint { display: none; }
}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _day(day: dt.date, lang: str) -> str:
    return format_date(day, "EEEE d MMMM", locale=lang)


def _short_day(day: dt.date, lang: str) -> str:
    return format_date(day, "d MMMM", locale=lang)


def _long(day: dt.date, lang: str) -> str:
    return format_date(day, "d MMMM y", locale=lang)


def _goals_for_page(plan: Plan, goal_keys: Iterable[str] | None) -> list[Goal]:
    if goal_keys is not None:
        wanted = list(goal_keys)
        return [g for key in wanted for g in plan.goals if g.key == key]
    return [g for g in plan.goals if g.active]


def _page_counter(lang: str) -> str:
    """The CSS ``content`` of the page footer: "Pagina 1 van 2" from the catalogue."""
    text = t("plan.home.page_of", lang, page="\x00page\x00", pages="\x00pages\x00")
    parts = []
    for piece in text.split("\x00"):
        if piece in ("page", "pages"):
            parts.append(f"counter({piece})")
        elif piece:
            parts.append('"' + piece.replace("\\", "").replace('"', "") + '"')
    return " ".join(parts)


def _actions_table(rows, lang: str, today: dt.date, empty_key: str, show_goal: bool = True) -> str:
    if not rows:
        return f'<p class="mm-th-empty">{_e(t(empty_key, lang))}</p>'
    head = (
        f"<thead><tr><th></th><th>{_e(t('plan.home.col_what', lang))}</th>"
        f"<th>{_e(t('plan.home.col_who', lang))}</th><th>{_e(t('plan.home.col_when', lang))}</th></tr></thead>"
    )
    body = []
    for goal, action in rows:
        if action.due is None:
            when, late = t("plan.home.no_date", lang), False
        else:
            when = _day(action.due, lang)
            late = action.due < today
        if late:
            when = t("plan.home.still_open", lang, date=when)
        goal_line = (
            f'<span class="mm-th-for">{_e(t("plan.home.for_goal", lang, goal=goal.text))}</span>' if show_goal else ""
        )
        body.append(
            f'<tr class="mm-th-action{" mm-th-late" if late else ""}">'
            '<td class="mm-th-box" aria-hidden="true">&#9744;</td>'
            f"<td>{_e(action.what)}{goal_line}</td>"
            f"<td>{_e(who_text(action.who, action.who_name, lang))}</td>"
            f'<td class="mm-th-when">{_e(when)}</td></tr>'
        )
    return f"<table>{head}<tbody>{''.join(body)}</tbody></table>"


def _rewards(goals: list[Goal], lang: str, currency: str) -> str:
    items = []
    for goal in goals:
        for reward in goal.rewards:
            value = f" ({money(reward.value_cents, lang, currency)})" if reward.value_cents else ""
            if reward.for_what == "interim":
                step = reward.interim.strip() or t("plan.home.interim_step", lang)
                text = t("plan.home.reward_interim", lang, step=step, reward=reward.what + value)
            else:
                text = t("plan.home.reward_goal", lang, goal=goal.text, reward=reward.what + value)
            items.append(f"<li>{_e(text)}</li>")
    if not items:
        return f'<p class="mm-th-empty">{_e(t("plan.home.no_reward", lang))}</p>'
    return f"<ul>{''.join(items)}</ul>"


def _meeting(plan: Plan, lang: str) -> str:
    if plan.next_meeting is None:
        return f'<p class="mm-th-empty">{_e(t("plan.home.no_meeting", lang))}</p>'
    when = format_date(plan.next_meeting.date(), "EEEE d MMMM y", locale=lang)
    if has_time(plan.next_meeting):
        when = t("plan.home.at_time", lang, date=when, time=format_time(plan.next_meeting, "HH:mm", locale=lang))
    out = f'<p class="mm-th-meeting"><strong>{_e(when)}</strong></p>'
    if plan.next_meeting_note:
        out += f"<p>{_e(t('plan.home.where', lang, place=plan.next_meeting_note))}</p>"
    return out


def _goal_block(goal: Goal, lang: str) -> str:
    parts = [f'<p class="mm-th-goal">&ldquo;<span class="mm-th-goal-words">{_e(goal.text)}</span>&rdquo;</p>']
    if goal.why:
        parts.append(f"<p>{_e(t('plan.home.why', lang, why=goal.why))}</p>")
    if goal.done_when:
        parts.append(f"<p>{_e(t('plan.home.done_when', lang, sign=goal.done_when))}</p>")
    if goal.target_date:
        parts.append(f"<p>{_e(t('plan.home.target', lang, date=_long(goal.target_date, lang)))}</p>")
    if goal.barriers:
        line = t("plan.home.barrier", lang, barrier=goal.barriers)
        if goal.barrier_plan:
            line += " " + t("plan.home.barrier_plan", lang, plan=goal.barrier_plan)
        parts.append(f"<p>{_e(line)}</p>")
    return "".join(parts)


def take_home_html(
    plan: Plan,
    lang: str | None,
    today: dt.date,
    name: str | None = None,
    goal_keys: Iterable[str] | None = None,
    currency: str = "EUR",
) -> str:
    """The page as a complete HTML document (UTF-8). ``goal_keys`` picks goals (default: active)."""
    lang = normalise_language(lang)
    goals = _goals_for_page(plan, goal_keys)
    keys = {g.key for g in goals}
    groups = actions_by_period(plan, today, keys)
    title = t("plan.home.title", lang)
    meta = t("plan.home.made_on", lang, date=_long(today, lang))
    if name:
        meta = t("plan.home.for", lang, name=name) + " · " + meta
    if goals:
        goal_html = "".join(_goal_block(g, lang) for g in goals)
    else:
        goal_html = f'<p class="mm-th-empty">{_e(t("plan.home.no_goal", lang))}</p>'
    goal_heading = t("plan.home.goal" if len(goals) <= 1 else "plan.home.goals", lang)
    sections = []
    for period, first, last, rows in groups:
        if period == "later":
            if not rows:
                continue  # nothing later: no empty heading
            heading = t("plan.home.later", lang, start=_short_day(first, lang))
        else:
            heading = t(f"plan.home.{period}", lang, start=_short_day(first, lang), end=_short_day(last, lang))
        sections.append(
            f'<section class="mm-th-period mm-th-{period.replace("_", "-")}"><h2>{_e(heading)}</h2>'
            f"{_actions_table(rows, lang, today, f'plan.home.nothing_{period}', show_goal=len(goals) > 1)}"
            "</section>"
        )
    counter = f"@page {{ @bottom-center {{ content: {_page_counter(lang)}; font-size: 9pt; }} }}"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{CSS}{counter}</style></head>"
        f'<body><main class="mm-takehome">'
        f"<h1>{_e(title)}</h1><p class=\"mm-th-meta\">{_e(meta)}</p>"
        f'<section class="mm-th-goals"><h2>{_e(goal_heading)}</h2>{goal_html}</section>'
        f"{''.join(sections)}"
        f'<section class="mm-th-reward"><h2>{_e(t("plan.home.reward", lang))}</h2>'
        f"{_rewards(goals, lang, currency)}</section>"
        f'<section class="mm-th-meeting"><h2>{_e(t("plan.home.meeting", lang))}</h2>'
        f"{_meeting(plan, lang)}</section>"
        f"<footer>{_e(t('plan.home.footer', lang))}</footer>"
        "</main></body></html>\n"
    )
