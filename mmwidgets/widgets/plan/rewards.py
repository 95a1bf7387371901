"""Rewards in the plan editor: agree a reward (sized by the scheme), record one given.

A part of :class:`~mmwidgets.widgets.plan.editor.PlanEditor`; it never saves anything
itself: it calls the editor's ``agree_reward`` / ``give_reward``.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import ipywidgets as W

from mmwidgets.i18n import t
from mmwidgets.model.plan import REWARD_FOR, REWARD_KINDS, Goal, value_text
from mmwidgets.model.plan.rewards import (
    RewardScheme,
    Suggestion,
    is_money,
    ledger_total,
    money,
    period_of,
    suggest_reward,
)

from mmwidgets.model.dates import BACK, parse_user_date
from mmwidgets.model.errors import InvalidInput
from mmwidgets.widgets.plan.date_field import DateField

from mmwidgets.widgets.plan.host import RewardHost

_e = html.escape
RECENT_GIVEN = 5


class _Shown(Exception):
    """A refusal already shown beside its field."""


class RewardsView(W.VBox):
    """Agreed rewards of the selected goal, a form to agree one, and the ledger."""

    def __init__(self, editor: RewardHost):
        self.editor = editor
        self._loading = False
        self.suggestion: Suggestion | None = None
        self.agreed = W.HTML().add_class("mm-plan-rewards-agreed")
        self.suggestion_text = W.HTML().add_class("mm-plan-reward-suggestion")
        self.what = W.Text(continuous_update=True, layout=W.Layout(width="100%")).add_class("mm-plan-reward-what")
        self.kind = W.ToggleButtons(options=[(c, c) for c in REWARD_KINDS], value="tangible", style={"button_width": "auto"})
        self.kind.add_class("mm-plan-reward-kind")
        self.for_what = W.ToggleButtons(options=[(c, c) for c in REWARD_FOR], value="goal", style={"button_width": "auto"})
        self.for_what.add_class("mm-plan-reward-for")
        self.interim = W.Text(continuous_update=True, layout=W.Layout(width="100%", display="none"))
        self.interim.add_class("mm-plan-reward-interim")
        self.tier = W.Dropdown(options=[], layout=W.Layout(width="auto")).add_class("mm-plan-reward-tier")
        # an amount only when someone chose money (or a voucher): never € 10 on "samen een ijsje eten"
        self.money = W.ToggleButton(value=False, icon="euro", layout=W.Layout(width="auto", min_height="44px"))
        self.money.add_class("mm-plan-reward-money")
        self.amount = W.BoundedFloatText(min=0, max=10_000, step=0.5, value=0,
                                         layout=W.Layout(width="12em", min_width="10em", display="none"))
        self.amount.style.description_width = "initial"
        self.amount.add_class("mm-plan-reward-amount")
        self.agree = W.Button(button_style="primary", layout=W.Layout(width="auto")).add_class("mm-plan-reward-agree")

        self.given_heading = W.HTML()
        self.given_choice = W.Dropdown(options=[], layout=W.Layout(width="auto")).add_class("mm-plan-given-choice")
        self.given_for = W.Text(continuous_update=True, layout=W.Layout(width="100%")).add_class("mm-plan-given-for")
        self.given_date = DateField("mm-plan-given-date")
        self.given_money = W.ToggleButton(value=False, icon="euro", layout=W.Layout(width="auto", min_height="44px"))
        self.given_money.add_class("mm-plan-given-money")
        self.given_value = W.BoundedFloatText(min=0, max=10_000, step=0.5, value=0,
                                              layout=W.Layout(width="12em", min_width="10em", display="none"))
        self.given_value.style.description_width = "initial"
        self.given_value.add_class("mm-plan-given-value")
        self.give = W.Button(layout=W.Layout(width="auto")).add_class("mm-plan-given-add")
        self.ledger = W.HTML().add_class("mm-plan-ledger")

        guard = editor.guard
        self.kind.observe(guard(self._on_kind), "value")
        self.money.observe(guard(self._on_money), "value")
        self.given_money.observe(guard(self._on_given_money), "value")
        self.given_date.text.observe(guard(self._on_given_date), "value")
        self.for_what.observe(guard(self._on_for), "value")
        self.tier.observe(guard(self._on_tier), "value")
        self.agree.on_click(guard(self._on_agree))
        self.given_choice.observe(guard(self._on_given_choice), "value")
        self.give.on_click(guard(self._on_give))
        super().__init__(
            [
                self.agreed,
                self.suggestion_text,
                self.what,
                W.HBox([self.kind, self.for_what], layout=W.Layout(flex_flow="row wrap")),
                self.interim,
                W.HBox([self.money, self.tier, self.amount], layout=W.Layout(flex_flow="row wrap", align_items="center")),
                self.agree,
                self.given_heading,
                self.given_choice,
                self.given_for,
                W.HBox([self.given_date, self.given_money, self.given_value, self.give],
                       layout=W.Layout(flex_flow="row wrap", align_items="flex-end")),
                self.ledger,
            ]
        )
        self.add_class("mm-plan-rewards")

    # -- texts ----------------------------------------------------------------------
    def set_texts(self, lang: str) -> None:
        self._loading = True
        try:
            self.what.placeholder = t("plan.ui.reward_what", lang)
            self.kind.options = [(t(f"plan.reward.kind.{c}", lang), c) for c in REWARD_KINDS]
            self.for_what.options = [(t(f"plan.reward.for.{c}", lang), c) for c in REWARD_FOR]
            self.interim.placeholder = t("plan.ui.reward_interim", lang)
            self.tier.description = t("plan.field.tier", lang)
            self.amount.description = t("plan.ui.euro", lang)
            self.money.description = t("plan.ui.reward_money", lang)
            self.given_money.description = t("plan.ui.reward_money", lang)
            self.agree.description = t("plan.ui.reward_agree", lang)
            self.given_heading.value = f"<h3>{_e(t('plan.ui.given', lang))}</h3>"
            self.given_for.placeholder = t("plan.ui.given_for", lang)
            self.given_date.set_texts(t("plan.ui.date", lang), t("plan.ui.due_hint", lang))
            self.given_value.description = t("plan.ui.euro", lang)
            self.give.description = t("plan.ui.given_add", lang)
        finally:
            self._loading = False

    # -- showing ---------------------------------------------------------------------
    def show(self, goal: Goal | None, lang: str, today: dt.date) -> None:
        editor = self.editor
        scheme: RewardScheme | None = editor.scheme
        currency = scheme.currency if scheme else "EUR"
        self._loading = True
        try:
            self.layout.display = "" if goal is not None else "none"
            if goal is None:
                return
            items = []
            for reward in goal.rewards:
                value = f" ({money(reward.value_cents, lang, currency)})" if reward.value_cents else ""
                what = t(f"plan.reward.for.{reward.for_what}", lang)
                if reward.for_what == "interim" and reward.interim:
                    what += f": {reward.interim}"
                items.append(f"<li>{_e(reward.what + value)} <small>({_e(what)})</small></li>")
            self.agreed.value = (
                f"<ul>{''.join(items)}</ul>" if items else f"<p><i>{_e(t('plan.ui.no_reward', lang))}</i></p>"
            )
            if scheme is not None:
                self.suggestion = suggest_reward(scheme, goal, today, editor.current_step(goal.subpillar_id))
                self.suggestion_text.value = f"<p><small>{_e(self.suggestion.sentence(lang, scheme))}</small></p>"
                self.tier.options = [(f"{x.name.get(lang)} ({money(x.amount_cents, lang, currency)})", x.id) for x in scheme.tiers]
                self.tier.value = self.suggestion.tier.id
                self._show_money()
                self._set_amount_from_tier()
            else:
                self.suggestion = None
                self.suggestion_text.value = ""
                self.tier.options = []
                self.tier.layout.display = "none"
            choices = [(t("plan.ui.given_other", lang), "")]
            for reward in goal.rewards:
                choices.append((reward.what if reward.for_what == "goal" else f"{reward.what} ({reward.interim})", reward.key))
            current = self.given_choice.value
            self.given_choice.options = choices
            self.given_choice.value = current if current in [c[1] for c in choices] else ""
            self.given_choice.description = t("plan.ui.given_which", lang)
            if not self.given_date.text.value:
                self.given_date.show_value(today, lang)
            self.ledger.value = self._ledger_html(lang, today, currency)
        finally:
            self._loading = False

    def _ledger_html(self, lang: str, today: dt.date, currency: str) -> str:
        ledger = self.editor.plan.ledger
        if not ledger:
            return f"<p><i>{_e(t('plan.ui.ledger_empty', lang))}</i></p>"
        month_start, month_end = period_of(today, "month")
        year_start, year_end = period_of(today, "year")
        in_money = [x for x in ledger if is_money(x)]
        if in_money:
            total = t(
                "plan.ui.ledger_total",
                lang,
                total=money(ledger_total(ledger), lang, currency),
                month=money(ledger_total(ledger, month_start, month_end), lang, currency),
                year=money(ledger_total(ledger, year_start, year_end), lang, currency),
                count=len(in_money),
            )
            if len(in_money) < len(ledger):  # praise or a coffee: counted, never in euros
                total += " " + t("plan.ui.ledger_other", lang, count=len(ledger) - len(in_money))
        else:
            total = t("plan.ui.ledger_no_money", lang, count=len(ledger))
        recent = sorted(ledger, key=lambda x: x.date, reverse=True)[:RECENT_GIVEN]
        rows = "".join(
            f"<li>{_e(value_text('date', x.date, lang))}: {_e(x.for_what)}"
            f"{' (' + _e(money(x.value_cents, lang, currency)) + ')' if is_money(x) else ''}</li>"
            for x in recent
        )
        return f"<p><b>{_e(total)}</b></p><ul>{rows}</ul>"

    # -- user actions ---------------------------------------------------------------------
    def _set_amount_from_tier(self) -> None:
        scheme = self.editor.scheme
        if scheme is None or not self._is_money():
            self.amount.value = 0
            return
        tier = scheme.tier(self.tier.value)
        if tier is None:
            return
        cents = tier.amount_cents
        if self.for_what.value == "interim":
            cents = round(cents * scheme.interim_percent / 100 / 100) * 100
        self.amount.value = cents / 100

    def _is_money(self) -> bool:
        return self.kind.value == "tangible" and self.money.value

    def _show_money(self) -> None:
        """The money toggle for a tangible reward; amount and size only when it is money."""
        self.money.layout.display = "" if self.kind.value == "tangible" else "none"
        shown = "" if self._is_money() else "none"
        self.amount.layout.display = shown
        self.tier.layout.display = shown if self.editor.scheme is not None else "none"

    def _on_kind(self, _change: dict[str, Any]) -> None:
        if self.kind.value == "intangible":
            self.money.value = False
        self._show_money()
        if not self._loading:
            self._set_amount_from_tier()

    def _on_money(self, _change: dict[str, Any]) -> None:
        self._show_money()
        if not self._loading:
            self._set_amount_from_tier()

    def _on_given_money(self, change: dict[str, Any]) -> None:
        self.given_value.layout.display = "" if change["new"] else "none"
        if not change["new"]:
            self.given_value.value = 0

    def _on_given_date(self, _change: dict[str, Any]) -> None:
        if not self._loading:
            try:
                self._given_day()
            except _Shown:
                pass

    def _given_day(self) -> dt.date | None:
        """The date typed for a reward given (today when empty); a refusal shows beside the field."""
        editor = self.editor
        try:
            day = parse_user_date(self.given_date.text.value, editor.today, where="date", direction=BACK)  # given: in the past
        except InvalidInput as exc:
            self.given_date.fail(exc, editor.lang)
            raise _Shown() from None
        self.given_date.clear_error()
        return day or editor.today

    def _on_for(self, change: dict[str, Any]) -> None:
        self.interim.layout.display = "" if change["new"] == "interim" else "none"
        if not self._loading:
            self._set_amount_from_tier()

    def _on_tier(self, _change: dict[str, Any]) -> None:
        if not self._loading:
            self._set_amount_from_tier()

    def _on_agree(self, *_args: Any) -> None:
        money = self._is_money()
        self.editor.agree_reward(
            self.what.value,
            kind=self.kind.value,
            for_what=self.for_what.value,
            interim=self.interim.value if self.for_what.value == "interim" else "",
            tier=self.tier.value if self.editor.scheme is not None and money else None,
            value_cents=round(self.amount.value * 100) if money else None,
        )
        self.what.value = ""
        self.interim.value = ""
        self.money.value = False

    def _on_given_choice(self, change: dict[str, Any]) -> None:
        if self._loading:
            return
        goal = self.editor.selected_goal
        reward = goal.reward(change["new"]) if goal and change["new"] else None
        if reward is not None:
            self.given_for.value = reward.interim if reward.for_what == "interim" and reward.interim else reward.what
            self.given_money.value = bool(reward.value_cents)
            self.given_value.value = (reward.value_cents or 0) / 100

    def _on_give(self, *_args: Any) -> None:
        goal = self.editor.selected_goal
        reward = goal.reward(self.given_choice.value) if goal and self.given_choice.value else None
        try:
            day = self._given_day()
        except _Shown:
            return
        cents = round(self.given_value.value * 100) if self.given_money.value else 0
        self.editor.give_reward(
            self.given_for.value,
            value_cents=cents,
            date=day,
            kind=reward.kind if reward else ("tangible" if cents else "intangible"),
            reward_key=reward.key if reward else None,
        )
        self.given_for.value = ""
        self.given_value.value = 0
        self.given_money.value = False
        self.given_choice.value = ""
