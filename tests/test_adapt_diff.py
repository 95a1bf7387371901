"""Differences between two definitions: what was added, removed, renamed, re-worded, re-weighted."""

from __future__ import annotations

from pathlib import Path

import pytest

from mmwidgets.model.bridge import edit
from mmwidgets.model.bridge.definition import definition_from_data, definition_to_data, load_definition
from mmwidgets.model.bridge.diff import diff_definitions, format_table, table_rows

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def default():
    return load_definition(REPO / "data" / "bridges" / "default.yaml")


def changed(default, *ops):
    data = definition_to_data(default)
    for op in ops:
        data = op(data)
    return definition_from_data(data, "changed")


def complete(d):
    """Fill the texts a new part starts without (the designer would type them)."""
    return edit.with_placeholders(d, [p for p in edit.validate(d, languages=None).todo if p.code != "weights_partial"])


def kinds(diff):
    return [(r.kind, r.level, r.pillar, r.subpillar, r.step, r.field, r.lang) for r in diff.rows]


def test_identical_definitions_have_no_differences(default):
    diff = diff_definitions(default, default)
    assert diff.same and diff.rows == ()
    assert "Geen verschillen." in format_table(diff, "nl")
    assert "No differences." in format_table(diff, "en")


def test_renamed_step_label_is_reworded_in_that_language_only(default):
    after = changed(default, lambda d: edit.rename_step(d, 2, 0, 2, "nl", "Rust in de schulden"))
    diff = diff_definitions(default, after)
    assert kinds(diff) == [("reworded", "step", "finance", "debts", 3, "label", "nl")]
    row = diff.rows[0]
    assert (row.before, row.after) == ("Rust, geen nieuwe schulden", "Rust in de schulden")
    assert table_rows(diff, "nl") == [
        ("Financieel beheer › Schulden › trede 3", "anders verwoord: korte naam (nl)",
         "Rust, geen nieuwe schulden", "Rust in de schulden"),
    ]
    assert table_rows(diff, "en")[0][:2] == ("Financial management › Debts › step 3", "re-worded: short name (nl)")


def test_added_subpillar_changes_the_shares_of_its_siblings(default):
    def add(d):
        d, _ = edit.add_subpillar(d, 2)
        d = complete(edit.rename_subpillar(d, 2, 2, "nl", "Toeslagen"))
        return edit.spread_weights(d, 2)

    after = changed(default, add)
    diff = diff_definitions(default, after)
    added = [r for r in diff.rows if r.kind == "added"]
    assert [(r.level, r.pillar, r.subpillar) for r in added] == [("subpillar", "finance", "onderdeel")]
    assert table_rows(diff, "nl")[[r.kind for r in diff.rows].index("added")][3] == "Toeslagen"
    reweighted = {(r.subpillar, r.before_text("nl"), r.after_text("nl")) for r in diff.rows if r.kind == "reweighted"}
    assert reweighted == {("debts", "50%", "33,3%"), ("savings", "50%", "33,3%")}  # Dutch numbers
    assert {r.after_text("en") for r in diff.rows if r.kind == "reweighted"} == {"33.3%"}
    assert "33.3" not in " ".join(" ".join(row) for row in table_rows(diff, "nl"))
    assert diff.counts() == {"added": 1, "reweighted": 2}


def test_removed_pillar_lists_its_subpillars(default):
    def remove(d):
        d = edit.remove_pillar(d, 3)
        return edit.spread_weights(d)

    diff = diff_definitions(default, changed(default, remove))
    removed = [(r.level, r.pillar, r.subpillar) for r in diff.rows if r.kind == "removed"]
    assert removed == [("pillar", "education", None), ("subpillar", "education", "schooling"),
                       ("subpillar", "education", "basic_skills")]
    reweighted = [r for r in diff.rows if r.kind == "reweighted"]
    assert {r.pillar for r in reweighted} == {"family", "wellbeing", "finance", "employment"}
    assert all((r.before_text("nl"), r.after_text("nl")) == ("20%", "25%") for r in reweighted)
    # the removed part is named in the user's language
    assert ("Opleiding en ontwikkeling", "verwijderd") == table_rows(diff, "nl")[[r.kind for r in diff.rows].index("removed")][:2]
    assert table_rows(diff, "en")[[r.kind for r in diff.rows].index("removed")][2] == "Education and development"


def test_moved_reordered_recoloured_renamed(default):
    def ops(d):
        d, _ = edit.move_pillar(d, 4, -4)  # employment first
        d = edit.set_field(d, ("pillars", 1, "colour"), "#123456")  # family (now second)
        d = edit.rename_pillar(d, 1, "en", "Family life")
        d, _ = edit.move_subpillar_to_pillar(d, 3, 0, 2)  # finance.debts -> wellbeing
        return edit.spread_weights(edit.spread_weights(d, 2), 3)  # else the weights no longer add up

    after = changed(default, ops)
    diff = diff_definitions(default, after)
    got = {(r.kind, r.pillar, r.subpillar, r.field) for r in diff.rows}
    assert ("recoloured", "family", None, "colour") in got
    assert ("renamed", "family", None, "name") in got
    assert ("reordered", "employment", None, "position") in got
    assert ("moved", "wellbeing", "debts", "pillar") in got
    moved = next(r for r in diff.rows if r.kind == "moved")
    assert (moved.before, moved.after) == ("finance", "wellbeing")
    # sub-pillar shares changed where one left and one arrived
    assert ("reweighted", "finance", "savings", "weight") in got


def test_steps_added_and_removed_and_rules_changed(default):
    gemeente = load_definition(REPO / "data" / "bridges" / "gemeente-schulden.yaml")
    data = definition_to_data(gemeente)
    data2 = edit.remove_step(data, 2, 0, 4)
    data2, _ = edit.add_step(data2, 3, 1)
    data2 = complete(data2)
    # the schuldhulp rules pointed at step 5 and must be updated with the steps (else invalid)
    data2 = edit.set_at(data2, ("pillars", 2, "subpillars", 0, "suggest", "rules", 4, "step"), 4)
    after = definition_from_data(data2, "g2")
    diff = diff_definitions(gemeente, after)
    got = [(r.kind, r.subpillar, r.step) for r in diff.rows]
    assert ("steps_removed", "schuldhulp", 5) in got
    assert ("steps_added", "woonlasten", 6) in got
    assert ("rules_changed", "schuldhulp", None) in got
    rules = next(r for r in diff.rows if r.kind == "rules_changed")
    assert rules.before.endswith("schuldenvrij→5") and rules.after.endswith("schuldenvrij→4")


def test_weights_as_shares_equal_weights_same_as_twenty_each(default):
    after = changed(default, edit.clear_weights)  # no pillar weights: 20% each, as before
    assert diff_definitions(default, after).same


def test_shipped_variants_against_the_default(default):
    simple = load_definition(REPO / "data" / "bridges" / "eenvoudig.yaml")
    diff = diff_definitions(default, simple)
    counts = diff.counts()
    # ids differ: five pillars and ten sub-pillars gone, except the two sub-pillars with the
    # same names (Gezondheid, Schulden): recognised as the same parts under a new id
    assert dict(diff.sub_renames) == {"gezondheid": "health", "schulden": "debts"}
    assert counts["removed"] == 5 + 8
    assert counts["added"] == 5 + 6
    text = format_table(diff, "en")
    assert text.startswith("Differences from mm-standaard@1 to mm-eenvoudig@1")
    assert "Where" in text and "Before" in text and "In all: " in text


def test_table_columns_line_up_and_long_texts_are_cut(default):
    long = "Een heel lange nieuwe tekst " * 10
    after = changed(default, lambda d: edit.set_text(d, ("pillars", 0, "subpillars", 0, "steps", 0, "text"), "nl", long))
    lines = format_table(diff_definitions(default, after), "nl", width=30).splitlines()
    header, rule, row = lines[2], lines[3], lines[4]
    assert header.startswith("Waar") and set(rule) <= {"-", " "}
    assert row.index("anders verwoord") == header.index("Wat")
    assert "…" in row and len(row) < 4 * 32 + 8
