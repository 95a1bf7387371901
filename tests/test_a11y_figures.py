"""Every figure has a text alternative (issue 19): "Als tabel" holds the figure's numbers, in
the figure's order, and a short description; chart text meets 4.5:1."""

from __future__ import annotations

import datetime as dt
import html
import re

from mmwidgets.figures import style
from mmwidgets.widgets.figure_table import figure_description, figure_rows, plain, table_html
from mmwidgets.widgets.plotly_view import PlotlyView


def contrast(a: str, b: str) -> float:
    def lum(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_chart_text_colours_meet_four_and_a_half_to_one_on_white():
    for colour in (style.TEXT, style.MUTED):
        assert contrast(colour, "#ffffff") >= 4.5, colour


def figure(lang="nl"):
    return {
        "data": [
            {"type": "scatter", "name": "Wonen <b>&amp;</b> zorg", "x": ["jan", "feb", "mrt"], "y": [40.5, None, 60]},
            {"type": "scatter", "name": "rails", "x": [0, 1], "y": [0, 1], "hoverinfo": "skip"},
            {"type": "scatter", "name": "treden", "x": [0, 0], "y": [0.25, 0.5],
             "text": ["<b>Wonen</b><br>Trede 1 van 5", "<b>Wonen</b><br>Trede 2 van 5<br><i>✓ gekozen</i>"]},
            {"type": "scatter", "name": "radar", "r": [3, 4], "theta": ["Schulden", "Inkomen"]},
        ],
        "layout": {"separators": ",." if lang == "nl" else ".,", "title": {"text": "Voortgang"}},
    }


def test_the_table_holds_every_shown_number_in_the_figures_order():
    columns, rows = figure_rows(figure())
    assert columns == ["Reeks", "Wat", "Waarde"]
    assert rows == [
        ["Wonen & zorg", "jan", "40,5"],
        ["Wonen & zorg", "mrt", "60"],
        ["Wonen", "Trede 1 van 5", ""],
        ["Wonen", "Trede 2 van 5 · ✓ gekozen", ""],
        ["radar", "Schulden", "3"],
        ["radar", "Inkomen", "4"],
    ]
    _columns, english = figure_rows(figure("en"))
    assert english[0] == ["Wonen & zorg", "jan", "40.5"]


def test_the_table_is_escaped_html_with_a_caption_and_headers():
    evil = figure()
    evil["data"][0]["name"] = "&lt;img src=x onerror=alert(1)&gt;"  # as plotly labels hold it
    out = table_html(evil)
    assert "<img" not in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    assert out.startswith("<table><caption>De getallen van de figuur: Voortgang</caption>")
    assert out.count('<th scope="col">') == 3 and out.count('<th scope="row">') == 6


def test_a_figure_may_give_its_own_table_and_an_empty_one_says_so():
    own = {"data": [], "layout": {"meta": {"mm_table": {"columns": ["Onderdeel", "Trede"],
                                                         "rows": [["Wonen", 3], ["Schulden", 2.5]]}}}}
    assert figure_rows(own) == (["Onderdeel", "Trede"], [["Wonen", "3"], ["Schulden", "2,5"]])
    empty = {"data": [{"type": "scatter", "x": [], "y": []}], "layout": {"separators": ".,"}}
    assert table_html(empty) == "<p>This figure has no numbers yet.</p>"
    assert "no numbers yet" in figure_description(empty)


def test_the_description_counts_series_and_numbers():
    assert figure_description(figure()) == (
        "Voortgang. 3 reeksen met samen 6 getallen. Open 'Als tabel' voor alle getallen."
        " Hoogste: Wonen & zorg, mrt: 60. Laagste: radar, Schulden: 3."
    )
    assert figure_description(figure("en")).endswith("Highest: Wonen & zorg, mrt: 60. Lowest: radar, Schulden: 3.")
    own = figure()
    own["layout"]["meta"] = {"mm_description": "Bij 1 van de 10 onderdelen is een trede gekozen."}
    assert figure_description(own, "De brug") == "De brug. Bij 1 van de 10 onderdelen is een trede gekozen."
    assert plain("<b>a</b><br>b &amp;<br>wrapped<br><i>c</i>") == "a · b & wrapped · c"


def test_plotly_view_sends_the_table_with_every_new_figure():
    view = PlotlyView(figure())
    assert view.table_label == "Als tabel"
    assert "40,5" in view.table_html and view.description.startswith("Voortgang.")
    changed = figure("en")
    changed["data"][0]["y"] = [1, 2, 3]
    view.figure = changed
    assert view.table_label == "As a table"
    cells = re.findall(r'<td class="mm-num">([^<]*)</td>', view.table_html)
    assert cells[:3] == ["1", "2", "3"]


def test_the_apps_figures_have_a_table_of_their_own_numbers(tmp_path):
    """The conversation's bridge, radar and progress figures for a client with two conversations."""
    from mmwidgets.apps.conversation import conversation_app
    from mmwidgets.model.actor import local_actor
    from mmwidgets.store.store import Store

    store = Store("sqlite:///" + str(tmp_path / "t.db"), actor=local_actor())
    app = conversation_app(store=store, lang="nl")
    for view in (app.radar_view, app.progress_view):
        columns, rows = figure_rows(view.figure)
        shown = [plain(text) for trace in view.data if trace.get("hoverinfo") != "skip"
                 for text, y in zip(trace.get("text") or [], trace.get("y") or trace.get("r") or [])
                 if y is not None and text]
        said = [row[1] for row in rows if not row[2]]
        assert len(said) == len(shown)
        assert all(full.endswith(row) for row, full in zip(said, shown))  # the series name may lead
        assert view.description and not view.description.startswith("Figuur.")  # named by its hook class
        assert html.unescape(view.table_html).count("<tr>") == len(rows) + 1 or not rows

    # the bridge: its short table, one row per sub-pillar (not one per rung)
    columns, rows = figure_rows(app.bridge_view.figure)
    assert columns == ["Pijler", "Onderdeel", "Trede", "Wat bij die trede hoort", "Wie koos"]
    assert len(rows) == len(app.definition.subpillar_ids())
    assert app.bridge_view.description.endswith("Er is nog geen trede gekozen.")


def test_the_bridge_table_has_one_row_per_part_with_step_text_and_who_chose():
    from mmwidgets.figures.bridge import bridge_figure
    from mmwidgets.model.assessment import Assessment, Choice
    from mmwidgets.model.bridge.definition import load_definition
    from mmwidgets.model.bridge.files import shipped_data_dir

    defn = load_definition(shipped_data_dir() / "bridges" / "default.yaml")
    note = "<script>x</script>"
    choices = {"housing": Choice(step=3, chosen_by="client", note=note),
               "debts": Choice(step=1, chosen_by="coach", focus=True), "income": Choice(step=4)}
    a = Assessment(client_id=1, date=dt.date(2026, 12, 1), definition_id=defn.id,
                   definition_version=defn.version, choices=choices)
    fig = bridge_figure(defn, a, lang="nl")
    columns, rows = figure_rows(fig)
    assert len(rows) == 10  # not 50: one row per sub-pillar
    housing = defn.subpillar("housing")
    assert rows[0] == ["Gezinsstabiliteit", "Wonen", "3 van 5",
                       f"{housing.steps[2].label.get('nl')}: {housing.steps[2].text.get('nl')}", "de deelnemer"]
    assert rows[1][1:3] == ["Gezin en zorg voor anderen", "nog niet gekozen"]
    debts = next(r for r in rows if r[1] == "Schulden")
    assert debts[2] == "1 van 5" and debts[4] == "de coach"
    assert next(r for r in rows if r[1] == "Inkomen")[4] == "samen"
    view = PlotlyView(fig)
    assert view.description == (
        "Figuur. Bij 3 van de 10 onderdelen is een trede gekozen. Laagste trede: 1, bij Schulden."
        " Hoogste trede: 4, bij Inkomen. Hier wil de deelnemer aan werken: Schulden."
    )
    assert "<script>" not in view.table_html
    one = Assessment(client_id=1, date=dt.date(2026, 12, 1), definition_id=defn.id,
                     definition_version=defn.version, choices={"housing": Choice(step=3)})
    named = PlotlyView(bridge_figure(defn, one)).add_class("mm-bridge-figure")
    assert named.description == "De brug. Bij 1 van de 10 onderdelen is een trede gekozen. Gekozen trede: 3, bij Wonen."
    assert html.unescape(view.table_html).count("<tr>") == 11  # a header and ten rows
    english = figure_rows(bridge_figure(defn, a, lang="en"))
    assert english[0][4] == "Who chose" and english[1][0][2:] == ["3 of 5", english[1][0][3], "the participant"]
