// mm-a11y.js (inlined by index.html.j2): what ipywidgets does not tell assistive technology.
// It carries no texts of its own: names come from the widgets' own (catalogue) labels.
//
// - chosen states: a bridge step (.mm-step, chosen: .mm-step-selected), every toggle button
//   (.widget-toggle-button, chosen: .mod-active) and an answer button (.mm-choice, chosen:
//   .mm-chosen) get aria-pressed="true" / "false";
// - names: a slider handle is named by its widget's label; a select, input or textarea with no
//   name of its own takes its widget's tooltip (title), else the short text just before it;
// - live regions: messages (.mm-message), "Bewaard om ..." (.mm-saved) and anything marked
//   .mm-live are announced politely (role=status, aria-live=polite);
// - the page title is the workbook's first heading (not the file name);
// - after "Volgende" / "Vorige" (.mm-nav-next / .mm-nav-prev) focus moves to the new step's heading;
// - typed text goes out before the click or Enter that follows it (see flushHeldUpdates);
// - Enter in the training room's nickname field joins, like its button (ENTER_SUBMITS).
(function () {
  "use strict";
  var pendingFocus = null;
  var scheduled = false;
  var ids = 0;

  function idOf(el) {
    if (!el.id) { ids += 1; el.id = "mm-a11y-" + ids; }
    return el.id;
  }

  function setAttr(el, name, value) {
    if (el.getAttribute(name) !== value) { el.setAttribute(name, value); }
  }

  function visibleText(el) {
    return el && el.offsetParent !== null ? (el.textContent || "").trim() : "";
  }

  function hasName(control) {
    if ((control.getAttribute("aria-label") || "").trim()) { return true; }
    var by = control.getAttribute("aria-labelledby");
    if (by && document.getElementById(by) && document.getElementById(by).textContent.trim()) { return true; }
    var labels = control.labels ? Array.prototype.slice.call(control.labels) : [];
    return labels.some(function (label) {
      return label.textContent.trim() && getComputedStyle(label).display !== "none";
    });
  }

  function pressedStates(root) {
    root.querySelectorAll("button.mm-step").forEach(function (b) {
      setAttr(b, "aria-pressed", b.classList.contains("mm-step-selected") ? "true" : "false");
    });
    root.querySelectorAll("button.widget-toggle-button").forEach(function (b) {
      setAttr(b, "aria-pressed", b.classList.contains("mod-active") ? "true" : "false");
    });
    // one of a few answers (an exercise's replies): .mm-choice, chosen: .mm-chosen
    root.querySelectorAll("button.mm-choice").forEach(function (b) {
      setAttr(b, "aria-pressed", b.classList.contains("mm-chosen") ? "true" : "false");
    });
  }

  function names(root) {
    root.querySelectorAll(".noUi-handle[role=slider]").forEach(function (handle) {
      var box = handle.closest(".widget-slider, .jupyter-widget-slider, .widget-hslider, .jupyter-widget-hslider");
      // a slider with nothing chosen yet (mm-stress-unset) sits at 0 without meaning 0: its spoken
      // value is the "not filled in" text beside it; once a level is chosen noUiSlider says the number
      var unsetText = box && box.classList.contains("mm-stress-unset") && box.parentElement
        && box.parentElement.querySelector(".mm-unset-text");
      if (unsetText && unsetText.textContent.trim()) {
        setAttr(handle, "aria-valuetext", unsetText.textContent.trim());
        handle.setAttribute("data-mm-unset", "1");
      } else if (handle.hasAttribute("data-mm-unset")) {  // chosen now: aria-valuenow is read again
        handle.removeAttribute("aria-valuetext");
        handle.removeAttribute("data-mm-unset");
      }
      if (hasName(handle)) { return; }
      var label = box && box.querySelector(".widget-label");
      if (label && label.textContent.trim()) {
        setAttr(handle, "aria-labelledby", idOf(label));
      } else if (box && box.getAttribute("title")) {
        setAttr(handle, "aria-label", box.getAttribute("title"));
      }
    });
    root.querySelectorAll(".jupyter-widgets select, .jupyter-widgets input, .jupyter-widgets textarea").forEach(function (control) {
      if (control.type === "hidden" || hasName(control)) { return; }
      var box = control.closest("[title]");
      if (box && box.getAttribute("title").trim()) {
        setAttr(control, "aria-label", box.getAttribute("title").trim());
        return;
      }
      // else the short text shown just before the widget in its row ("Wie:" + a list)
      var widget = control.closest(".jupyter-widgets");
      var before = widget && widget.previousElementSibling;
      if (!before && widget && widget.parentElement) {  // first in its row: the text before the row
        var row = widget.parentElement.closest(".jupyter-widgets");
        before = row && row.previousElementSibling;
      }
      var text = before && (before.matches(".widget-html, .widget-label, .jupyter-widget-html") ? visibleText(before) : "");
      if (text && text.length <= 80) {
        var content = before.querySelector(".widget-html-content") || before;
        setAttr(control, "aria-labelledby", idOf(content));
      }
    });
  }

  function liveRegions(root) {
    root.querySelectorAll(".mm-message, .mm-saved, .mm-live, .mm-field-error").forEach(function (el) {
      if (el.querySelector("[role=alert], [role=status]")) { return; }  // already a live region inside
      setAttr(el, "role", "status");
      setAttr(el, "aria-live", "polite");
    });
  }

  function pageTitle() {
    var cells = document.getElementById("rendered_cells");
    if (!cells || cells.style.display === "none") { return; }
    var heading = cells.querySelector("h1, h2");
    var text = heading ? heading.textContent.replace(/\s+/g, " ").trim() : "";
    if (text && document.title !== text) { document.title = text; }
  }

  function currentPanel(steps) {
    var tab = steps.querySelector(":scope > .lm-TabBar .lm-TabBar-tab.lm-mod-current");
    var panels = steps.querySelectorAll(":scope > .widget-tab-contents > *, :scope > .jupyter-widget-tab-contents > *");
    for (var i = 0; i < panels.length; i += 1) {
      if (!panels[i].classList.contains("lm-mod-hidden") && panels[i].offsetParent !== null) {
        return { tab: tab, panel: panels[i] };
      }
    }
    return { tab: tab, panel: null };
  }

  function moveFocus() {
    if (!pendingFocus) { return; }
    if (Date.now() - pendingFocus.at > 8000) { pendingFocus = null; return; }
    var now = currentPanel(pendingFocus.steps);
    if (!now.tab || now.tab === pendingFocus.tab || !now.panel) { return; }
    // the first heading the eye sees too (not a screen reader's own pillar heading, .mm-sr-only)
    var heading = Array.prototype.find.call(now.panel.querySelectorAll("h1, h2, h3, h4"), function (h) {
      return h.offsetParent !== null && !h.closest(".mm-sr-only");
    });
    if (!heading) {
      if (Date.now() - pendingFocus.at < 3000) { return; }  // the step is still being drawn
      heading = now.tab;
    }
    pendingFocus = null;
    if (heading !== now.tab) {
      setAttr(heading, "tabindex", "-1");
      setAttr(heading, "data-mm-focus-target", "");
    }
    heading.focus({ preventScroll: true });
    heading.scrollIntoView({ block: "start", behavior: "auto" });
  }

  function sweep() {
    scheduled = false;
    var root = document.getElementById("rendered_cells") || document.body;
    pressedStates(root);
    names(root);
    liveRegions(root);
    pageTitle();
    moveFocus();
  }

  function schedule() {
    if (!scheduled) {
      scheduled = true;
      window.requestAnimationFrame(sweep);
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".mm-nav-next, .mm-nav-prev");
    if (!button) { return; }
    var nav = button.closest(".mm-nav");
    var holder = nav && nav.parentElement;
    var steps = holder && holder.querySelector(":scope > .jupyter-widget-tab, :scope > .widget-tab");
    if (!steps) { return; }
    pendingFocus = { steps: steps, tab: currentPanel(steps).tab, at: Date.now() };
    window.setTimeout(schedule, 3100);
    window.setTimeout(schedule, 8100);
  }, true);

  // A fast typist's text reaches the kernel before the click or Enter that follows it.
  // ipywidgets sends a model's value at once, but holds back its next updates while the kernel
  // is still busy with the last one (one pending message per model); a button's click or a
  // field's Enter is sent at once. So "Kees" typed at machine speed and Enter could arrive as
  // "K" + click + "ees". Before a click, Enter, Space or change goes out, every held-back
  // update is sent first (in order, on the same websocket), and a text field's own value is
  // handed to its widget (a field that sends only on Enter or leaving it).
  function widgetModels() {
    var app = window.jupyterapp;
    var manager = app && app.widgetManager;
    var models = manager && manager._modelsSync;
    return models && typeof models.values === "function" ? Array.from(models.values()) : [];
  }

  function flushHeldUpdates() {
    widgetModels().forEach(function (model) {
      if (!model || model._msg_buffer === null || model._msg_buffer === undefined || !model.comm) { return; }
      try {
        var sent = model.send_sync_message(model._msg_buffer, model._msg_buffer_callbacks);
        if (typeof model.rememberLastUpdateFor === "function") { model.rememberLastUpdateFor(sent); }
        model._msg_buffer = null;
        model._msg_buffer_callbacks = null;
      } catch (err) {
        if (window.console) { window.console.warn("mm-a11y: could not send a held-back update", err); }
      }
    });
  }

  function isTextField(el) {
    if (!el || !el.closest || !el.closest(".jupyter-widgets")) { return false; }
    if (el.tagName === "TEXTAREA") { return true; }
    return el.tagName === "INPUT" && /^(text|search|email|tel|url|password|number|)$/.test(el.type || "");
  }

  // Enter in a form's last field does what its button does (as in any web form): the training
  // room's nickname field joins like "Meedoen". [field, form, button] selectors.
  var ENTER_SUBMITS = [[".mm-train-nick", ".mm-train-join-panel", "button.mm-train-join"]];

  function submitOnEnter(event, field) {
    ENTER_SUBMITS.forEach(function (rule) {
      if (!field.closest(rule[0])) { return; }
      var form = field.closest(rule[1]);
      var button = form && form.querySelector(rule[2]);
      if (!button || button.disabled || button.offsetParent === null) { return; }
      event.preventDefault();
      button.click();
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") { return; }
    var target = event.target;
    if (isTextField(target)) {
      if (event.key !== "Enter" || target.tagName === "TEXTAREA") { return; }
      target.dispatchEvent(new Event("change", { bubbles: true }));  // its widget takes the value now
      flushHeldUpdates();
      submitOnEnter(event, target);
    } else if (target && target.closest && target.closest(".jupyter-widgets")) {
      flushHeldUpdates();
    }
  }, true);
  ["pointerdown", "click", "change"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var target = event.target;
      if (target && target.closest && target.closest(".jupyter-widgets")) { flushHeldUpdates(); }
    }, true);
  });

  function start() {
    new MutationObserver(schedule).observe(document.body, {
      subtree: true, childList: true, attributes: true, attributeFilter: ["class", "style", "title"]
    });
    schedule();
  }
  if (document.body) { start(); } else { document.addEventListener("DOMContentLoaded", start); }
  window.mm_a11y = { sweep: sweep, flushHeldUpdates: flushHeldUpdates };
})();
