"""DownloadButton: a real button that downloads a file made in Python at the moment of the click.

The file is built only when clicked (never at page load), sent once over the widget's comm and
saved by the browser from a Blob, so a coach sees one button with plain words, not a link with
a file type. ``make()`` returns ``(filename, bytes_or_text)``; errors go to ``on_error`` (the
app's guard), never to the screen as a traceback.

    button = DownloadButton("Overzicht downloaden", make=lambda: ("sessie.html", html_text), mime="text/html")
    button.click()          # tests: what a click does; returns (filename, bytes)
"""

from __future__ import annotations

import base64
from typing import Any, Callable

import anywidget
import traitlets

_ESM = """
function render({ model, el }) {
  const button = document.createElement("button");
  button.className = "jupyter-button widget-button mm-download-button " + (model.get("css_class") || "");
  const sync = () => {
    button.textContent = model.get("description");
    button.disabled = model.get("disabled");
    if (model.get("primary")) button.classList.add("mod-primary"); else button.classList.remove("mod-primary");
  };
  sync();
  model.on("change:description", sync);
  model.on("change:disabled", sync);
  button.addEventListener("click", () => model.send({ type: "download" }));
  model.on("msg:custom", (msg) => {
    if (!msg || msg.type !== "file") return;
    const bytes = Uint8Array.from(atob(msg.data), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: msg.mime }));
    const a = document.createElement("a");
    a.href = url; a.download = msg.name; a.style.display = "none";
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  });
  el.appendChild(button);
}
export default { render };
"""

Made = tuple[str, "bytes | str"]


class DownloadButton(anywidget.AnyWidget):
    _esm = _ESM
    description = traitlets.Unicode("").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    primary = traitlets.Bool(False).tag(sync=True)
    css_class = traitlets.Unicode("").tag(sync=True)
    mime = traitlets.Unicode("application/octet-stream").tag(sync=True)

    def __init__(
        self,
        description: str = "",
        make: Callable[[], Made] | None = None,
        mime: str = "application/octet-stream",
        on_error: Callable[[Callable[..., Any]], Callable[..., Any]] | None = None,
        **kwargs: Any,
    ):
        super().__init__(description=description, mime=mime, **kwargs)
        self.make = make
        self._wrap = on_error or (lambda fn: fn)
        self.on_msg(self._on_custom_msg)

    def click(self) -> tuple[str, bytes] | None:
        """What a click does: make the file and send it to the browser; returns it (tests)."""
        result: list[tuple[str, bytes]] = []

        def run() -> None:
            if self.make is None:
                return
            name, content = self.make()
            data = content.encode("utf-8") if isinstance(content, str) else content
            self.send({"type": "file", "name": name, "mime": self.mime, "data": base64.b64encode(data).decode()})
            result.append((name, data))

        self._wrap(run)()
        return result[0] if result else None

    def _on_custom_msg(self, _widget: Any, content: dict[str, Any], _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("type") == "download":
            self.click()
