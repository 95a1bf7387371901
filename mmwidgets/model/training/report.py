"""What a training session produced, as HTML fragments the trainer's view shows and as one
page the trainer downloads for their own records. Pure functions of the training content and
the answers the store hands over; nicknames only; every text a trainee typed is escaped.

- :func:`agreement_words` the group's agreement on one vignette in plain words;
- :func:`answers_html`    the group's answers to one of exercises 2 to 4;
- :func:`session_summary_html` the whole session on one printable page.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Callable, Mapping, Sequence

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from mmwidgets.i18n import normalise_language, t
from mmwidgets.model.training.agreement import GroupSummary, group_summary
from mmwidgets.model.bridge.definition import BridgeDefinition
from mmwidgets.model.training.group_answers import PlannedAction, option_shares, plan_actions
from mmwidgets.model.training.content import TraineeProgress, TrainingContent

_e = html.escape
Answers = Mapping[str, Sequence[tuple[str, str]]]
EXERCISES = ("coach", "coach_open", "plan", "quiz")
#: a sub-pillar on which trainees differ by at most this much (mean over pairs) counts as "agreed"
WORDS_AGREE_SPREAD = 0.5


def percent(value: float | None, lang: str) -> str:
    return "–" if value is None else format_percent(value, locale=normalise_language(lang))


def decimal(value: float | None, lang: str, digits: int = 2) -> str:
    if value is None:
        return "–"
    return format_decimal(round(value, digits), format="0." + "0" * digits, locale=normalise_language(lang))


def join_names(names: Sequence[str], lang: str) -> str:
    """``Wonen, Gezondheid en Schulden`` / ``Housing, Health and Debts``."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {t('train.and', lang)} {names[-1]}"


def agreement_words(summary: GroupSummary, definition: BridgeDefinition, lang: str) -> list[str]:
    """Where the group agrees and where it differs most, in sentences (no statistics' names)."""
    answered = [d for d in summary.divisions if d.spread is not None]
    if not answered:
        return [t("train.words_none", lang)]
    if summary.most_divisive is None:
        return [t("train.words_all_agree", lang)]
    parts = []
    agree = [definition.subpillar(d.sub_id).name.get(lang) for d in answered if d.spread <= WORDS_AGREE_SPREAD]
    if agree:
        parts.append(t("train.words_agree", lang, names=join_names(agree, lang)))
    division = next(d for d in summary.divisions if d.sub_id == summary.most_divisive)
    name = definition.subpillar(division.sub_id).name.get(lang)
    parts.append(t("train.words_divided", lang, name=name, low=division.low, high=division.high))
    return parts


# -- exercises 2 to 4 ---------------------------------------------------------------------------
# ``revealed`` False: what the projected screen shows while the group is still answering: the
# shares and the texts, but no verdict (coaches/steers, the right answer) and no names.
def _names(names: Sequence[str], revealed: bool) -> str:
    return f"<td>{_e(', '.join(names))}</td>" if revealed else ""


def _coach(content: TrainingContent, data: Answers, lang: str, revealed: bool = True) -> list[str]:
    out = []
    for item in content.coach.items:
        answers = data.get(item.id, [])
        if not answers:
            continue
        rows = []
        for share, reply in zip(option_shares(answers, len(item.replies)), item.replies):
            kind = "train.coaches" if reply.coaches else "train.steers"
            css = "mm-train-good" if reply.coaches else "mm-train-bad"
            verdict = f"<td class='{css}'>{_e(t(kind, lang))}</td>" if revealed else ""
            rows.append(
                f"<tr><td>{_e(reply.text.get(lang))}</td>{verdict}"
                f"<td class='mm-train-share'>{percent(share.share, lang)} ({share.count})</td>{_names(share.names, revealed)}</tr>"
            )
        out.append(
            f"<div class='mm-train-feedback mm-train-answers-item'><p class='mm-train-quote'>{_e(item.client_says.get(lang))}</p>"
            f"<table><tbody>{''.join(rows)}</tbody></table></div>"
        )
    return out


def _side_by_side(cells: list[str]) -> str:
    return f"<div class='mm-train-side-by-side'>{''.join(cells)}</div>"


def _cell(name: str, body: str, revealed: bool) -> str:
    head = f"<b>{_e(name)}</b>" if revealed else ""
    return f"<div class='mm-train-open-answer'>{head}{body}</div>"


def _coach_open(content: TrainingContent, data: Answers, lang: str, revealed: bool = True) -> list[str]:
    out = []
    for item in content.coach.items:
        answers = data.get(item.id, [])
        if answers:
            cells = [_cell(n, f"<p>{_e(v)}</p>", revealed) for n, v in answers]
            out.append(
                f"<div class='mm-train-answers-item'><p class='mm-train-quote'>{_e(item.client_says.get(lang))}</p>"
                f"{_side_by_side(cells)}</div>"
            )
    return out


def _who_when(action: PlannedAction, lang: str) -> str:
    """`` — de deelnemer, 7-12-2026``: who does the small step and by when, as the trainee chose."""
    parts = []
    if action.who in ("client", "coach", "together", "other"):
        parts.append(t(f"train.who_{action.who}", lang))
    if action.due:
        try:
            day = dt.date.fromisoformat(action.due)
            parts.append(f"{day.day}-{day.month}-{day.year}")
        except ValueError:
            pass
    return f" <span class='mm-train-muted'>— {_e(', '.join(parts))}</span>" if parts else ""


def _plan(content: TrainingContent, data: Answers, lang: str, revealed: bool = True) -> list[str]:
    out = []
    for vignette_id, vignette in content.vignettes.items():
        answers = data.get(vignette_id, [])
        if answers:
            cells = []
            for name, value in answers:
                items = "".join(f"<li>{_e(a.what)}{_who_when(a, lang)}</li>" for a in plan_actions(value))
                cells.append(_cell(name, f"<ol>{items}</ol>", revealed))
            out.append(f"<div class='mm-train-answers-item'><h3>{_e(vignette.title.get(lang))}</h3>{_side_by_side(cells)}</div>")
    return out


def _quiz(content: TrainingContent, data: Answers, lang: str, revealed: bool = True) -> list[str]:
    out = []
    for question in content.quiz.questions:
        answers = data.get(question.id, [])
        if not answers:
            continue
        rows = []
        for share, option in zip(option_shares(answers, len(question.options)), question.options):
            right = option.correct and revealed
            mark = f" <span class='mm-train-good'>{_e(t('train.answers_right', lang))}</span>" if right else ""
            rows.append(
                f"<tr><td>{_e(option.text.get(lang))}{mark}</td>"
                f"<td class='mm-train-share'>{percent(share.share, lang)} ({share.count})</td>{_names(share.names, revealed)}</tr>"
            )
        out.append(
            f"<div class='mm-train-feedback mm-train-answers-item'><p><b>{_e(question.question.get(lang))}</b></p>"
            f"<table><tbody>{''.join(rows)}</tbody></table></div>"
        )
    return out


_RENDER: dict[str, Callable[..., list[str]]] = {
    "coach": _coach, "coach_open": _coach_open, "plan": _plan, "quiz": _quiz,
}  # fmt: skip


def answers_html(kind: str, content: TrainingContent, data: Answers, lang: str, revealed: bool = True) -> str:
    """The group's answers to one exercise (``kind`` in :data:`EXERCISES`), or a line saying none yet.
    ``revealed`` False leaves out verdicts and names (the projected screen before the discussion)."""
    parts = _RENDER[kind](content, data, lang, revealed)
    return "".join(parts) or f"<p class='mm-train-muted'>{_e(t('train.answers_none', lang))}</p>"


# -- the whole session ----------------------------------------------------------------------------
_PAGE_STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 15px; line-height: 1.45; max-width: 60em; margin: 2em auto; color: #1d2630; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em 0; }
td, th { border-bottom: 1px solid #d0d5db; padding: 4px 8px; text-align: left; vertical-align: top; }
.mm-train-quote { border-left: 4px solid #0072B2; padding: 4px 12px; }
.mm-train-good { color: #006b4f; font-weight: bold; } .mm-train-bad { color: #a03c00; font-weight: bold; }
.mm-train-side-by-side { display: flex; flex-wrap: wrap; gap: 10px; }
.mm-train-share { white-space: nowrap; }
.mm-train-open-answer { flex: 1 1 14em; border: 1px solid #d0d5db; padding: 6px 10px; }
h2 { margin-top: 1.6em; } .muted { color: #555; }
@media print { body { margin: 0; } h2 { break-before: auto; } .mm-train-answers-item { break-inside: avoid; } }
"""


#: Krippendorff's rule of thumb: rely on alpha >= .800; tentative conclusions from .667
ALPHA_GOOD, ALPHA_TENTATIVE = 0.8, 0.667


def alpha_verdict_key(alpha: float | None) -> str:
    """The catalogue key saying in words what an alpha means (high, fair, low, not yet)."""
    if alpha is None:
        return "train.alpha_none"
    if alpha >= ALPHA_GOOD:
        return "train.alpha_good"
    return "train.alpha_tentative" if alpha >= ALPHA_TENTATIVE else "train.alpha_low"


def _scoring_html(definition: BridgeDefinition, reference: Mapping[str, int], progress: Sequence[TraineeProgress], lang: str) -> str:
    ids = [s for s in definition.subpillar_ids() if s in reference]
    summary = group_summary(reference, {p.nickname: p.steps for p in progress}, ids)
    head = "".join(f"<th>{_e(definition.subpillar(s).name.get(lang))}</th>" for s in ids)
    ref_row = f"<tr><th>{_e(t('train.reference', lang))}</th>" + "".join(f"<td>{reference[s]}</td>" for s in ids) + "</tr>"
    rows = "".join(
        f"<tr><td>{_e(p.nickname)}</td>" + "".join(f"<td>{p.steps.get(s, '–')}</td>" for s in ids) + "</tr>"
        for p in progress
    )
    words = "".join(f"<p>{_e(w)}</p>" for w in agreement_words(summary, definition, lang))
    alpha = t("train.summary_alpha", lang, alpha=decimal(summary.alpha, lang), n=len(progress))
    alpha = f"{alpha} {t(alpha_verdict_key(summary.alpha), lang)}"  # in words, beside the figure
    return f"{words}<table><thead><tr><th></th>{head}</tr></thead><tbody>{ref_row}{rows}</tbody></table><p class='muted'>{_e(alpha)}</p>"


def session_summary_html(
    code: str,
    started: dt.datetime,
    content: TrainingContent,
    scorings: Mapping[str, Sequence[TraineeProgress]],
    responses: Mapping[str, Answers],
    lang: str = "nl",
) -> str:
    """One printable page: each scored vignette (steps per nickname beside the reference, the
    agreement in words) and the answers to exercises 2 to 4."""
    lang = normalise_language(lang)
    parts = [
        f"<h1>{_e(t('train.summary_title', lang, code=code))}</h1>",
        f"<p class='muted'>{_e(t('train.summary_intro', lang, date=format_date(started.date(), 'long', locale=lang)))}</p>",
    ]
    for vignette_id, progress in scorings.items():
        vignette = content.vignettes.get(vignette_id)
        if vignette is None or not progress:
            continue
        parts.append(f"<h2>{_e(vignette.title.get(lang))}</h2>")
        parts.append(_scoring_html(content.definition_for(vignette), vignette.reference_steps(), progress, lang))
    for kind in EXERCISES:
        data = responses.get(kind, {})
        if any(data.values()):
            parts.append(f"<h2>{_e(t(f'train.answers_{kind}', lang))}</h2>")
            parts.append(answers_html(kind, content, data, lang))
    title = _e(t("train.summary_title", lang, code=code))
    return (
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>{title}</title>"
        f"<style>{_PAGE_STYLE}</style></head><body>{''.join(parts)}</body></html>"
    )
