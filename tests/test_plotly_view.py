"""PlotlyView: figure JSON to the browser, clicks back to Python, through the real comm path."""

from __future__ import annotations

from mmwidgets.widgets.plotly_view import PlotlyView


def comm_message(widget, data):
    return {"content": {"comm_id": widget.comm.comm_id, "data": data}, "buffers": []}


def test_a_click_message_from_the_browser_reaches_the_handlers():
    view = PlotlyView({"data": [{"type": "scatter", "y": [1]}], "layout": {}})
    got = []
    view.on_click(got.append)
    # exactly what the browser sends: a comm message with method "custom"
    view._handle_msg(comm_message(view, {"method": "custom", "content": {
        "type": "click", "curve": 4, "index": 3, "customdata": ["debts", 4]}}))
    assert got == [{"curve": 4, "index": 3, "customdata": ["debts", 4]}]


def test_state_updates_from_the_browser_still_work():
    view = PlotlyView({"data": [], "layout": {}})
    view._handle_msg(comm_message(view, {"method": "update", "state": {"rendered": 3}, "buffer_paths": []}))
    assert view.rendered == 3


def test_other_custom_messages_are_ignored():
    view = PlotlyView({"data": [], "layout": {}})
    got = []
    view.on_click(got.append)
    view._handle_msg(comm_message(view, {"method": "custom", "content": {"type": "hover"}}))
    view._handle_msg(comm_message(view, {"method": "custom", "content": "not a dict"}))
    assert got == []


def test_figure_is_split_so_a_data_change_does_not_resend_the_layout():
    view = PlotlyView({"data": [{"type": "bar", "y": [1]}], "layout": {"height": 300}})
    sent = []
    view.observe(lambda change: sent.append(change["name"]), names=["data", "layout"])
    view.figure = {"data": [{"type": "bar", "y": [2]}], "layout": {"height": 300}}
    assert sent == ["data"]
    assert view.figure == {"data": [{"type": "bar", "y": [2]}], "layout": {"height": 300}}


def test_plotly_cloud_upload_and_logo_are_off():
    config = PlotlyView().config
    assert config["showSendToCloud"] is False
    assert config["displaylogo"] is False


def test_no_mode_bar_and_no_camera_button_at_the_table():
    config = PlotlyView().config
    assert config["displayModeBar"] is False
    assert config["showEditInChartStudio"] is False


def test_the_browser_side_fits_the_container_and_uses_dutch_separators():
    # the view's script, as shipped: it must watch its element's size (a tab shown later)
    # and never draw the figure at plotly's fixed default width
    from mmwidgets.widgets import plotly_view

    script = (plotly_view._HERE / "plotly_view.js").read_text(encoding="utf-8")
    assert "ResizeObserver" in script and "autosize = true" in script
    assert "displayModeBar: false" in script
    assert '",."' in script  # Dutch decimal comma when the page is Dutch


def test_the_browser_reports_the_box_width_and_the_bridge_can_be_made_for_it():
    from mmwidgets.figures.bridge import bridge_layout
    from mmwidgets.model.bridge.definition import load_definition
    from mmwidgets.model.bridge.files import shipped_data_dir

    view = PlotlyView({"data": [], "layout": {}})
    seen = []
    view.observe(lambda change: seen.append(change["new"]), names="box_width")
    view._handle_msg(comm_message(view, {"method": "update", "state": {"box_width": 1180}, "buffer_paths": []}))
    assert view.box_width == 1180 and seen == [1180]
    # a wide box: names on fewer lines than in the narrowest box the app uses
    defn = load_definition(shipped_data_dir() / "bridges" / "default.yaml")
    # (in Dutch: the narrowest box draws English names whole and tilted, figures/bridge.py)
    wide = bridge_layout(defn, None, "nl", width=view.box_width)["xaxis"]["ticktext"]
    narrow = bridge_layout(defn, None, "nl")["xaxis"]["ticktext"]
    lines = lambda texts: sum(t.count("<br>") + 1 for t in texts)  # noqa: E731
    assert lines(wide) < lines(narrow)
