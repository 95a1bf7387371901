"""The take-home page: content present, user text escaped, print styles, PDF when possible."""

from __future__ import annotations

import datetime as dt
import os
from html.parser import HTMLParser

import pytest

from mmwidgets.model.plan import Action, Goal, Plan, Reward
from mmwidgets.model.plan.pdf import PdfUnavailable, chromium_path, html_to_pdf
from mmwidgets.model.plan.takehome import take_home_html

TODAY = dt.date(2026, 3, 11)  # Wednesday: this week is 9-15 March, next week 16-22 March
EVIL = '<img src=x onerror="alert(1)">'


class TextOf(HTMLParser):
    """The visible text and the tags of a page."""

    def __init__(self):
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []
        self._skip = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._skip = tag == "style"

    def handle_endtag(self, tag):
        self._skip = False

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def parse(page: str) -> TextOf:
    parser = TextOf()
    parser.feed(page)
    return parser


def sample_plan(evil: str = "") -> Plan:
    goal = Goal(
        text="Ik wil een baan van 20 uur" + evil,
        why="Dan kan ik de huur zelf betalen",
        done_when="Ik heb een contract",
        target_date=dt.date(2026, 6, 1),
        barriers="De kinderen zijn ziek",
        barrier_plan="Ik bel mijn zus",
        actions=[
            Action(what="Bel het uitzendbureau" + evil, who="client", due=dt.date(2026, 3, 13)),
            Action(what="Cv laten nakijken", who="coach", due=dt.date(2026, 3, 17)),
            Action(what="Opvang vragen", who="other", who_name="Zus Fatima" + evil, due=dt.date(2026, 3, 9)),
            Action(what="Later pas", who="client", due=dt.date(2026, 3, 30)),
            Action(what="Al gedaan", who="client", due=dt.date(2026, 3, 10), done_on=dt.date(2026, 3, 10)),
        ],
        rewards=[
            Reward(what="Cadeaubon" + evil, value_cents=2500),
            Reward(what="Samen koffie", kind="intangible", for_what="interim", interim="Cv klaar"),
        ],
    )
    old = Goal(text="Oud doel", status="reached", actions=[Action(what="Oude actie", due=dt.date(2026, 3, 12))])
    return Plan(
        client_id=1, goals=[goal, old], next_meeting=dt.datetime(2026, 3, 24, 10, 0), next_meeting_note="Stadhuis"
    )


def test_dutch_page_holds_goal_actions_reward_and_meeting():
    page = take_home_html(sample_plan(), "nl", TODAY, name="Sam")
    text = " ".join(" ".join(parse(page).text).split())
    assert page.startswith("<!DOCTYPE html>") and '<html lang="nl">' in page
    assert "Mijn plan" in text and "Voor Sam" in text and "11 maart 2026" in text
    assert "Ik wil een baan van 20 uur" in text
    assert "Dan kan ik de huur zelf betalen" in text and "Ik heb een contract" in text
    assert "Dan doe ik dit: Ik bel mijn zus" in text
    # this week: today to Sunday 15 March, with the overdue action still to do; next week 16-22 March
    this_week = text.split("Deze week")[1].split("Volgende week")[0]
    assert "11 maart tot en met 15 maart" in this_week
    assert "Bel het uitzendbureau" in this_week and "vrijdag 13 maart" in this_week and "ik" in this_week
    assert "Opvang vragen" in this_week and "Zus Fatima" in this_week and "nog doen" in this_week
    next_week = text.split("Volgende week")[1].split("Later")[0]
    assert "Cv laten nakijken" in next_week and "mijn coach" in next_week and "dinsdag 17 maart" in next_week
    later = text.split("Later (vanaf 23 maart)")[1].split("Onze afspraak")[0]
    assert "Later pas" in later and "maandag 30 maart" in later
    for absent in ("Al gedaan", "Oud doel", "Oude actie"):
        assert absent not in text
    assert "Cadeaubon (€ 25)" in text and "Cv klaar: Samen koffie" in text
    assert "dinsdag 24 maart 2026 om 10:00 uur" in text and "Waar: Stadhuis" in text


def test_english_page():
    page = take_home_html(sample_plan(), "en", TODAY)
    text = " ".join(" ".join(parse(page).text).split())
    assert '<html lang="en">' in page
    assert "Made on 11 March 2026" in text
    assert "My plan" in text and "My goal" in text and "This week (11 March to 15 March)" in text
    assert "Friday 13 March" in text and "my coach" in text and "still to do" in text
    assert "Tuesday 24 March 2026 at 10:00" in text
    assert "Mijn" not in text


def test_user_text_is_escaped():
    page = take_home_html(sample_plan(EVIL), "nl", TODAY, name=EVIL)
    parsed = parse(page)
    assert "img" not in parsed.tags and "onerror" not in page.replace("onerror=&quot;", "")
    assert page.count("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;") >= 5
    assert EVIL in "".join(parsed.text)


def test_print_styles_large_type_and_no_colour_needed():
    page = take_home_html(sample_plan(), "nl", TODAY)
    assert "@media print" in page and "@page" in page
    assert "font-size: 18px" in page and "font-size: 13pt" in page
    styles = page.split("<style>")[1].split("</style>")[0]
    colours = {c for c in styles.replace(";", " ").split() if c.startswith("#")}
    assert colours <= {"#000;", "#fff;", "#000", "#fff"}
    assert "&#9744;" in page  # an empty box to tick with a pen


def test_empty_plan_says_so_kindly():
    text = " ".join(parse(take_home_html(Plan(), "nl", TODAY)).text)
    assert "nog geen doel" in text and "Deze week staat er niets" in text and "Nog niet gepland" in text


def test_pick_goals_for_the_page():
    plan = sample_plan()
    page = take_home_html(plan, "nl", TODAY, goal_keys=[plan.goals[1].key])
    text = " ".join(parse(page).text)
    assert "Oud doel" in text and "Ik wil een baan" not in text


def test_pdf_without_chromium_says_why(monkeypatch):
    monkeypatch.setenv("MM_CHROMIUM", "")
    assert chromium_path() is None
    with pytest.raises(PdfUnavailable) as info:
        html_to_pdf("<p>x</p>")
    assert info.value.reason == "no_chromium"
    assert "Chromium" in info.value.message("nl") and "Afdrukken" in info.value.message("nl")
    assert "Print" in info.value.message("en")


def test_pdf_with_a_failing_browser(tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    with pytest.raises(PdfUnavailable) as info:
        html_to_pdf("<p>x</p>", chromium=str(fake))
    assert info.value.reason == "failed"


def test_pdf_with_chromium():
    assert os.access("/usr/bin/chromium", os.X_OK), "this machine is expected to have Debian chromium"
    data = html_to_pdf(take_home_html(sample_plan(), "nl", TODAY), chromium="/usr/bin/chromium")
    assert data.startswith(b"%PDF") and len(data) > 1000


def three_actions(today: dt.date) -> Plan:
    goal = Goal(text="Een eigen huis", actions=[
        Action(what="Inschrijven bij Woonnet", due=today + dt.timedelta(days=3)),
        Action(what="Huurtoeslag uitrekenen", who="coach", due=today + dt.timedelta(days=12)),
        Action(what="Kijken bij de flat", due=today + dt.timedelta(days=40)),
        Action(what="Papieren zoeken"),
    ], rewards=[Reward(what="Samen koffie", kind="intangible")])
    other = Goal(text="Rust in mijn hoofd", actions=[Action(what="Wandelen met de hond", due=today)])
    return Plan(client_id=1, goals=[goal, other], next_meeting=dt.datetime.combine(today + dt.timedelta(days=14), dt.time(10)))


@pytest.mark.parametrize("today", [dt.date(2026, 12, 6), dt.date(2026, 12, 7), dt.date(2026, 12, 11), dt.date(2026, 12, 12)])
def test_every_open_action_is_on_the_page_in_three_groups(today):
    """Sunday, Monday, Friday, Saturday: nothing is left out; at the weekend 'deze week' is the week ahead."""
    text = " ".join(" ".join(parse(take_home_html(three_actions(today), "nl", today)).text).split())
    this_week = text.split("Deze week")[1].split("Volgende week")[0]
    next_week = text.split("Volgende week")[1].split("Later (vanaf")[0]
    later = text.split("Later (vanaf")[1].split("Onze afspraak")[0]
    assert "Wandelen met de hond" in this_week
    assert "Inschrijven bij Woonnet" in (this_week if today.weekday() in (0, 5, 6) else this_week + next_week)
    assert "Huurtoeslag uitrekenen" in next_week + later
    assert "Kijken bij de flat" in later and "Papieren zoeken" in later and "nog geen datum" in later
    # two goals: every action says which goal it serves
    assert "Voor mijn doel: Een eigen huis" in later and "Voor mijn doel: Rust in mijn hoofd" in this_week
    assert "Samen koffie" in text and "10:00" in text


def test_on_a_sunday_this_week_is_the_week_ahead():
    sunday = dt.date(2026, 12, 6)
    text = " ".join(" ".join(parse(take_home_html(three_actions(sunday), "nl", sunday)).text).split())
    assert "Deze week (6 december tot en met 13 december)" in text
    assert "Volgende week (14 december tot en met 20 december)" in text
    assert "Huurtoeslag uitrekenen" in text.split("Volgende week")[1].split("Later")[0]


def test_pages_are_numbered_so_a_second_page_is_announced():
    page = take_home_html(three_actions(TODAY), "nl", TODAY)
    assert '@bottom-center { content: "Pagina " counter(page) " van " counter(pages)' in page
    assert '"Page " counter(page) " of " counter(pages)' in take_home_html(three_actions(TODAY), "en", TODAY)


def test_pdf_holds_all_three_actions_and_fits_two_pages():
    from plan_pdftext import pdf_text

    today = dt.date(2026, 12, 6)
    plan = three_actions(today)
    for n in range(8):  # a busy but normal plan: 13 actions
        plan.goals[0].actions.append(Action(what=f"Stap {n + 1} zetten", due=today + dt.timedelta(days=2 * n)))
    text = " ".join(pdf_text(html_to_pdf(take_home_html(plan, "nl", today), chromium="/usr/bin/chromium")).split())
    for what in ("Inschrijven bij Woonnet", "Huurtoeslag uitrekenen", "Kijken bij de flat", "Stap 8 zetten"):
        assert what in text
    pages = text.count("Pagina ")
    assert 1 <= pages <= 2 and f"van {pages}" in text
