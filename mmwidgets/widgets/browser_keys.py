"""BrowserKeys: a few keys kept in this browser's localStorage (an invisible anywidget).

The trainer's key and each trainee's key live in the browser that was given them, never in a
cookie or the address: a reloaded page finds them here, another browser does not have them.
``stored`` is a dict name -> key; the browser fills it when the widget is shown (``loaded``
becomes True) and writes back whatever Python puts in it. The kernel never trusts a key
because it came from here: the store checks it against the hash it keeps.
"""

from __future__ import annotations

from typing import Any, Callable

import anywidget
import traitlets

_ESM = """
const PREFIX = "mmwidgets:";
function readAll(names) {
  const out = {};
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k && k.startsWith(PREFIX)) out[k.slice(PREFIX.length)] = localStorage.getItem(k);
    }
  } catch (e) { /* storage blocked: the page works, a reload just forgets the keys */ }
  return out;
}
function render({ model, el }) {
  el.style.display = "none";
  const stored = readAll();
  const fromKernel = model.get("stored") || {};
  for (const [k, v] of Object.entries(fromKernel)) {
    try { localStorage.setItem(PREFIX + k, v); } catch (e) {}
  }
  model.set("stored", Object.assign({}, stored, fromKernel));
  model.set("loaded", true);
  model.save_changes();
  model.on("change:stored", () => {
    for (const [k, v] of Object.entries(model.get("stored") || {})) {
      try { localStorage.setItem(PREFIX + k, v); } catch (e) {}
    }
  });
}
export default { render };
"""


class BrowserKeys(anywidget.AnyWidget):
    _esm = _ESM
    #: name -> key (not called ``keys``: ipywidgets' Widget uses that name)
    stored = traitlets.Dict().tag(sync=True)
    loaded = traitlets.Bool(False).tag(sync=True)

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.add_class("mm-browser-keys")
        self.layout.display = "none"

    def get(self, name: str) -> str | None:
        value = self.stored.get(name)
        return value if isinstance(value, str) and 0 < len(value) <= 200 else None

    def put(self, name: str, key: str) -> None:
        self.stored = {**self.stored, name: key}

    def when_loaded(self, callback: Callable[[], Any]) -> None:
        """Run ``callback`` once the browser has handed over its keys (at once if it has)."""
        if self.loaded:
            callback()
            return

        def on_loaded(change: dict[str, Any]) -> None:
            if change["new"]:
                self.unobserve(on_loaded, "loaded")
                callback()

        self.observe(on_loaded, "loaded")
