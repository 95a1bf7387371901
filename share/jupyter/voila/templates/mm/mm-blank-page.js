// A page never stays blank. Inlined by index.html.j2.
//
// On a busy training day a page can come back without anything on it: the server gave the page a
// kernel that never answered in time ("Timeout waiting for IOPub output" in Voila's log), or a
// move sent twenty browsers to the next exercise at once. Then Voila hides its loading text and
// shows an empty page. This watchdog looks once a second: when the page has been rendered but
// holds neither a widget nor any text for a while (or still holds nothing long after it started),
// it says so in the page's language and reloads by itself, a few times with a growing wait; after
// that it stops and offers one button. A page that shows its widgets clears the count.
// Tests may shorten the waits with window.mm_blank_grace_ms / mm_blank_total_ms / mm_blank_reload_ms.
(function () {
  "use strict";
  if (window.mm_blank_page) return;
  var KEY = "mm-blank-retries:" + window.location.pathname + window.location.search;
  var MAX_RETRIES = 3;
  var started = Date.now();
  var emptySince = null;
  var acted = false;
  var timer = null;

  function ms(name, fallback) {
    var value = Number(window[name]);
    return value > 0 ? value : fallback;
  }
  function text(key) {
    return window.mm_loading ? window.mm_loading.text(key) : "";
  }
  function retries() {
    try { return parseInt(window.sessionStorage.getItem(KEY) || "0", 10) || 0; } catch (e) { return 0; }
  }
  function setRetries(n) {
    try {
      if (n > 0) window.sessionStorage.setItem(KEY, String(n));
      else window.sessionStorage.removeItem(KEY);
    } catch (e) { /* private mode: the page still says what happens */ }
  }

  function state() {
    var cells = document.getElementById("rendered_cells");
    // hidden until Voila has rendered every cell (innerText of a hidden element is its raw text)
    if (!cells || cells.style.display === "none") return "loading";
    // a widget the page could not draw ("Error displaying widget: model not found") is no page either
    var outputs = cells.querySelectorAll(".jp-OutputArea-output.jupyter-widgets");
    if (outputs.length && Array.prototype.every.call(outputs, function (o) {
      return !o.querySelector(".lm-Widget") && /^Error displaying widget/.test((o.textContent || "").trim());
    })) return "empty";
    if (cells.querySelector(".jupyter-widgets, .widget-area, .lm-Widget")) return "shown";
    if ((cells.innerText || "").trim()) return "shown";  // an error text, a message
    return "empty";
  }

  function box(message, withButton) {
    var veil = document.createElement("div");
    veil.className = "mm-connection-veil mm-blank-veil";
    var panel = document.createElement("div");
    panel.className = "mm-connection-lost mm-blank-page";
    panel.setAttribute("role", "alert");
    var p = document.createElement("p");
    p.className = "mm-connection-message";
    p.textContent = message;
    panel.appendChild(p);
    if (withButton) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "mm-connection-continue mm-blank-again";
      button.textContent = text("blank_again");
      button.addEventListener("click", function () {
        setRetries(0);
        window.location.reload();
      });
      panel.appendChild(button);
    }
    veil.appendChild(panel);
    (document.body || document.documentElement).appendChild(veil);
    if (withButton) panel.querySelector("button").focus();
  }

  function act() {
    if (acted || document.querySelector(".mm-connection-lost")) return;
    acted = true;
    window.clearInterval(timer);
    var n = retries();
    if (n >= MAX_RETRIES) {
      box(text("blank_failed"), true);
      return;
    }
    setRetries(n + 1);
    box(text("blank_retry"), false);
    // wait a little longer each time: a full server gets a moment to catch up
    window.setTimeout(function () { window.location.reload(); }, ms("mm_blank_reload_ms", 3000) * (n + 1));
  }

  function check() {
    var now = Date.now();
    var s = state();
    if (s === "shown") {
      setRetries(0);
      window.clearInterval(timer);
      return;
    }
    if (s === "empty") {
      if (emptySince === null) emptySince = now;
      if (now - emptySince >= ms("mm_blank_grace_ms", 15000)) act();
    } else {
      emptySince = null;
    }
    if (now - started >= ms("mm_blank_total_ms", 120000)) act();
  }

  timer = window.setInterval(check, 1000);
  window.mm_blank_page = { check: check, retries: retries };
})();
