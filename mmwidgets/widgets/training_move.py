"""PageMover: opens another training workbook in this browser tab (an invisible anywidget).

When the trainer moves the group to another exercise, the trainee's page sets ``target`` to
that exercise's workbook (a bare file name such as ``oefening-2-coachen.ipynb``). In Voila
(an address with ``/voila/render/``) the browser then goes, after ``delay_ms`` so the trainee
can read why, to the same folder's workbook with ``?lang=`` set to the page's language. That
is a new page and a new kernel: Voila renders one notebook per page.

Anywhere else (JupyterLab, a notebook) the page is never taken away: ``state`` becomes
``"cannot"`` and the app tells the trainee which workbook to open. ``state`` is ``"leaving"``
once the browser is on its way.

    mover = ExerciseMover()
    mover.go("oefening-2-coachen.ipynb", lang="en")
"""

from __future__ import annotations

import re
from typing import Any

import anywidget
import traitlets

_ESM = """
const NAME = /^[a-z0-9][a-z0-9-]*\\.ipynb$/;
function render({ model, el }) {
  el.style.display = "none";
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

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.add_class("mm-train-mover")
        self.layout.display = "none"

    def go(self, workbook: str, lang: str = "") -> None:
        if not _WORKBOOK.match(workbook):
            raise ValueError(f"not a workbook name: {workbook!r}")
        self.lang = lang
        self.target = workbook
