"""Step pictograms: our own SVG files, found by built-in name, old emoji or a file beside the definition."""

from __future__ import annotations

import xml.dom.minidom

from mmwidgets.figures.icons import (
    EMOJI,
    builtin_icons,
    icon_css_class,
    icon_data_uri,
    icon_name,
    icon_svg,
    icon_text,
    icons_css,
)
from mmwidgets.model.bridge.definition import load_definition
from mmwidgets.model.bridge.files import shipped_data_dir
from pathlib import Path

CSS = Path(__file__).resolve().parents[1] / "share/jupyter/voila/templates/mm/static/mm-icons.css"


def test_every_shipped_pictogram_is_a_small_valid_svg_without_script():
    icons = builtin_icons()
    assert len(icons) >= 24
    for name, svg in icons.items():
        dom = xml.dom.minidom.parseString(svg)
        root = dom.documentElement
        assert root.tagName == "svg" and root.getAttribute("viewBox") == "0 0 48 48", name
        assert "script" not in svg.lower() and "href" not in svg.lower(), name
        assert len(svg) < 4000, name


def test_the_simple_bridge_needs_no_emoji_font():
    defn = load_definition(shipped_data_dir() / "bridges" / "eenvoudig.yaml")
    icons = [step.icon for _p, sub in defn.subpillars() for step in sub.steps if step.icon]
    assert icons
    for icon in icons:  # each has a picture of ours, and no text is needed beside it
        assert icon_name(icon) in builtin_icons(), icon
        assert icon_text(icon) == ""
        assert icon_css_class(icon) == f"mm-icon-{icon_name(icon)}"


def test_built_in_names_emoji_variants_and_unknown_icons():
    assert icon_name("house") == "house"
    assert icon_name("🏠") == icon_name("🏠\ufe0f") == "house"
    assert icon_name("🏚️") == "house-worry"
    assert icon_name("🦄") is None and icon_text("🦄") == "🦄"  # shown as typed, as before
    assert icon_name(None) is None and icon_text(None) == "" and icon_data_uri("") is None
    assert set(EMOJI.values()) <= set(builtin_icons())


def test_an_svg_file_beside_the_definition_is_read_but_never_outside_its_folder(tmp_path):
    folder = tmp_path / "team"
    (folder / "icons").mkdir(parents=True)
    (folder / "icons" / "boat.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><circle r="3"/></svg>')
    (tmp_path / "secret.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>')
    (folder / "icons" / "bad.svg").write_text('<svg><script>alert(1)</script></svg>')
    assert icon_svg("icons/boat.svg", folder).startswith("<svg")
    assert icon_data_uri("icons/boat.svg", folder).startswith("data:image/svg+xml;base64,")
    assert icon_svg("../secret.svg", folder) is None
    assert icon_svg("icons/bad.svg", folder) is None
    assert icon_svg("icons/boat.svg", None) is None and icon_text("icons/boat.svg") == ""


def test_the_template_stylesheet_is_made_from_the_svg_files():
    assert CSS.read_text(encoding="utf-8") == icons_css()  # regenerate with icons_css() after editing an icon
    for name in builtin_icons():
        assert f".mm-icon.mm-icon-{name} " in icons_css()
