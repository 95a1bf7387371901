"""PageMover: opens another training workbook in this browser tab (an invisible anywidget).

When the trainer moves the group to another exercise, the trainee's page sets ``target`` to
that exercise's workbook (a bare file name such as ``oefening-2-coachen.ipynb``). In Voila
(an address with ``/voila/render/``) the browser then goes, after ``delay_ms`` so the trainee
can read why, to the same folder's workbook with ``?lang=`` set to the page's language. That
is a new page and a new kernel: Voila renders one notebook per page.

Anywhere else (JupyterLab, a notebook) the page is never taken away: ``state`` becomes
``"cannot"`` and the app tells the trainee which workbook to open. ``state`` is ``"leaving"``
once the browser is on its way.

``tell(text)`` shows a bar fixed at the top of the window, wherever the trainee has scrolled
to (added to the page's body, outside the widgets, so no widget container can hold it in);
with ``fade=True`` it fades after a few seconds. The text is set as text, never as HTML.

    mover = ExerciseMover()
    mover.tell("De trainer zet de groep op een andere oefening ...")
    mover.go("oefening-2-coachen.ipynb", lang="en")
"""

from __future__ import annotations

import re
from typing import Any

import anywidget
import traitlets

_ESM = """
const NAME = /^[a-z0-9][a-z0-9-]*\\.ipynb$/;
const CSS = `
.mm-train-notice-box { position: fixed; top: 0; left: 0; right: 0; z-index: 10000; background: #fff7e0; color: #1d2630;
  border-bottom: 4px solid #b07d00; padding: 14px 24px; font-size: 1.15em; line-height: 1.4;
  box-shadow: 0 2px 8px rgba(0, 0, 0, 0.2); }
@keyframes mm-train-fade { 0%, 85% { opacity: 1; } 100% { opacity: 0; visibility: hidden; } }
.mm-train-notice-fade { animation: mm-train-fade 8s forwards; pointer-events: none; }`;
function render({ model, el }) {
  el.style.display = "none";
  if (!document.getElementById("mm-train-notice-style")) {
    const style = document.createElement("style");
    style.id = "mm-train-notice-style";
    style.textContent = CSS;
    document.head.appendChild(style);
  }
  let bar = null;
  const tell = () => {
    const text = model.get("notice");
    if (!text) { if (bar) bar.remove(); bar = null; return; }
    if (!bar) {
      bar = document.createElement("div");
      bar.className = "mm-train-notice-box";
      bar.setAttribute("role", "status");
      bar.setAttribute("aria-live", "polite");
      document.body.appendChild(bar);
    }
    bar.textContent = text;
    bar.classList.remove("mm-train-notice-fade");
    void bar.offsetWidth;  // start the fading again for a new notice
    if (model.get("notice_fade")) bar.classList.add("mm-train-notice-fade");
  };
  model.on("change:notice", tell);
  model.on("change:notice_n", tell);
  tell();
  let timer = null;
  const go = () => {
    const target = model.get("target");
    if (!target || !NAME.test(target) || timer !== null) return;
    const here = new URL(window.location.href);
    const parts = here.pathname.split("/");
    if (!here.pathname.includes("/voila/render/") || !parts[parts.length - 1].endsWith(".ipynb")) {
      model.set("state", "cannot");
      model.save_changes();
      return;
    }
    parts[parts.length - 1] = target;
    here.pathname = parts.join("/");
    const lang = model.get("lang");
    if (lang) here.searchParams.set("lang", lang);
    here.hash = "";
    model.set("state", "leaving");
    model.save_changes();
    timer = setTimeout(() => window.location.assign(here.toString()), model.get("delay_ms"));
  };
  model.on("change:target", go);
  go();
  return () => { if (bar) bar.remove(); };
}
export default { render };
"""

_WORKBOOK = re.compile(r"^[a-z0-9][a-z0-9-]*\.ipynb$")


class ExerciseMover(anywidget.AnyWidget):
    _esm = _ESM
    target = traitlets.Unicode("").tag(sync=True)
    lang = traitlets.Unicode("").tag(sync=True)
    delay_ms = traitlets.Int(3000).tag(sync=True)
    #: "" (staying), "leaving" (the browser is opening ``target``), "cannot" (not in Voila)
    state = traitlets.Unicode("").tag(sync=True)
    #: the bar at the top of the window ("" hides it); ``notice_n`` counts notices, so the same
    #: text told again shows (and fades) again
    notice = traitlets.Unicode("").tag(sync=True)
    notice_fade = traitlets.Bool(False).tag(sync=True)
    notice_n = traitlets.Int(0).tag(sync=True)

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.add_class("mm-train-mover")
        self.layout.display = "none"

    def tell(self, text: str, fade: bool = False) -> None:
        with self.hold_sync():
            self.notice_fade = fade
            self.notice = text
            self.notice_n += 1

    def go(self, workbook: str, lang: str = "") -> None:
        if not _WORKBOOK.match(workbook):
            raise ValueError(f"not a workbook name: {workbook!r}")
        self.lang = lang
        self.target = workbook
