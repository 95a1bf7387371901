"""Step pictograms as our own small SVG files, so they show on a machine without an emoji font.

A step's ``icon`` in a bridge definition may be:

* a built-in name: ``house``, ``tent``, ... (the SVG files in ``data/bridges/icons/``);
* the name of an SVG file beside the definition (``icons/boat.svg``): :func:`icon_svg`
  reads it when given the definition's folder;
* an emoji, as older definitions have (``🏠``): the ones we have a picture for are drawn
  with that picture; any other is shown as the character it is (backward compatible).

API (widgets and figures use these; nothing here touches ipywidgets or plotly):

* :func:`icon_name` -- the built-in picture for an ``icon`` value, or None.
* :func:`icon_svg` / :func:`icon_data_uri` -- the SVG text, or a ``data:`` URI for an
  ``<img>`` or a plotly layout image (no request leaves the page).
* :func:`icon_css_class` -- ``"mm-icon-house"``: a widget with classes ``mm-icon`` and this
  one shows the picture (the rules are in the template's static/mm-icons.css, made by
  :func:`icons_css`).
* :func:`icon_text` -- what to put in a plain-text label: "" when a picture is drawn, else
  the icon as typed (an emoji we have no picture for).
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from pathlib import Path

from mmwidgets.model.bridge.files import shipped_data_dir

ICON_DIR_NAME = "icons"
NAME = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
MAX_SVG_BYTES = 64_000

#: emoji used by earlier definitions -> our picture
EMOJI = {
    "⛺": "tent", "🏚": "house-worry", "🏠": "house", "🏡": "house",
    "😣": "face-worried", "😟": "face-worried", "🤲": "hands", "👨‍👧": "parent-child", "👪": "parent-child",
    "🤒": "thermometer", "🩺": "stethoscope", "💪": "strong",
    "😔": "face-sad", "😞": "face-sad", "📞": "phone", "📱": "phone", "🤝": "handshake",
    "📬": "letters", "✉": "letters", "🧾": "bill", "✅": "check", "✔": "check",
    "👛": "purse", "🪙": "coin", "🐷": "piggy-bank", "🐖": "piggy-bank",
    "❓": "question", "📖": "book", "📚": "book", "💻": "laptop",
    "🛋": "couch", "🌱": "sprout", "🧰": "toolbox",
}  # fmt: skip


def icon_dir() -> Path:
    return shipped_data_dir() / "bridges" / ICON_DIR_NAME


@lru_cache(maxsize=1)
def builtin_icons() -> dict[str, str]:
    """Built-in name -> SVG text, for every SVG file we ship."""
    return {
        path.stem: path.read_text(encoding="utf-8").strip()
        for path in sorted(icon_dir().glob("*.svg"))
        if NAME.match(path.stem)
    }


def _plain(icon: str) -> str:
    # emoji presentation selector and text selector do not change which picture is meant
    return icon.strip().replace("\ufe0f", "").replace("\ufe0e", "")


def icon_name(icon: str | None) -> str | None:
    """The built-in picture for ``icon`` (a built-in name or a known emoji), else None."""
    if not icon:
        return None
    plain = _plain(icon)
    if plain in builtin_icons():
        return plain
    name = EMOJI.get(plain)
    return name if name in builtin_icons() else None


def _file_beside(icon: str, folder: Path | None) -> Path | None:
    if folder is None or not icon.lower().endswith(".svg"):
        return None
    base = Path(folder).resolve()
    path = (base / icon).resolve()
    if base not in path.parents or not path.is_file():  # never outside the definition's folder
        return None
    return path


def icon_svg(icon: str | None, folder: Path | None = None) -> str | None:
    """The SVG text for ``icon``: a built-in one, or a file beside the definition in ``folder``."""
    name = icon_name(icon)
    if name:
        return builtin_icons()[name]
    path = _file_beside(icon or "", folder)
    if path is None or path.stat().st_size > MAX_SVG_BYTES:
        return None
    text = path.read_text(encoding="utf-8", errors="replace")
    return text.strip() if "<svg" in text and "<script" not in text.lower() else None


def icon_data_uri(icon: str | None, folder: Path | None = None) -> str | None:
    svg = icon_svg(icon, folder)
    if svg is None:
        return None
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def icon_css_class(icon: str | None) -> str | None:
    name = icon_name(icon)
    return f"mm-icon-{name}" if name else None


def icon_text(icon: str | None) -> str:
    """Text for a plain label: nothing when a picture is drawn, else the icon as typed."""
    if not icon or icon_name(icon):
        return ""
    if icon.lower().endswith(".svg"):
        return ""
    return icon.strip()


def icons_css() -> str:
    """The stylesheet static/mm-icons.css: ``.mm-icon.mm-icon-<name>`` shows the picture
    before the widget's text (a button or a label), 28 px, inlined as data: URIs."""
    lines = [
        "/* Step pictograms (made by mmwidgets.figures.icons.icons_css from data/bridges/icons/*.svg;",
        "   do not edit by hand). A widget with classes mm-icon mm-icon-<name> shows the picture. */",
        "body.mm-page .mm-icon { background-repeat: no-repeat !important; background-size: 28px 28px !important;"
        " background-position: 10px center !important; padding-left: 46px !important; min-height: 44px; }",
    ]
    for name in builtin_icons():
        lines.append(
            f"body.mm-page .mm-icon.mm-icon-{name} {{ background-image: url({icon_data_uri(name)}) !important; }}"
        )
    return "\n".join(lines) + "\n"
