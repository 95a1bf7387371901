// A dead kernel is never silent. Inlined by index.html.j2 before Voila's own scripts, so the
// kernel's websocket is watched from the start.
//
// The page's kernel is gone when its channel socket (/api/kernels/<id>/channels) closes, or when
// the server reports the kernel as "restarting", "autorestarting" or "dead" on iopub (a killed
// kernel that the server restarts keeps the socket open, but every widget in it is lost).
// Then a banner (class mm-connection-lost) says so in the page's language, over a veil that
// stops clicks that would do nothing, with one button: reload the page into the same client
// (?client=<id> from .mm-current-client[data-mm-client], keeping lang and the rest).
(function () {
  "use strict";
  var NativeWebSocket = window.WebSocket;
  if (!NativeWebSocket || window.mm_connection) return;
  var DEAD_STATES = /"execution_state"\s*:\s*"(restarting|autorestarting|dead)"/;
  var KERNEL_SOCKET = /\/api\/kernels\/[^/?#]+\/channels/;
  var leaving = false;
  var shown = false;
  var pending = null;

  function text(key) {
    return window.mm_loading ? window.mm_loading.text(key) : "";
  }

  // the URL that opens the same client again (lang and other parameters kept)
  function continueUrl() {
    var url = new URL(window.location.href);
    var current = document.querySelector(".mm-current-client[data-mm-client]");
    var client = current ? String(current.getAttribute("data-mm-client") || "").trim() : "";
    if (client) url.searchParams.set("client", client);
    var lang = current ? current.getAttribute("data-mm-lang") : null;
    if (lang && !url.searchParams.get("lang")) url.searchParams.set("lang", lang);
    return url.toString();
  }

  function show(reason) {
    if (shown || leaving) return;
    shown = true;
    var veil = document.createElement("div");
    veil.className = "mm-connection-veil";
    var box = document.createElement("div");
    box.className = "mm-connection-lost";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-live", "assertive");
    box.setAttribute("data-mm-reason", reason);
    var message = document.createElement("p");
    message.className = "mm-connection-message";
    message.textContent = text("connection_lost");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "mm-connection-continue";
    button.textContent = text("connection_continue");
    button.addEventListener("click", function () {
      leaving = true;
      window.location.assign(continueUrl());
    });
    box.appendChild(message);
    box.appendChild(button);
    veil.appendChild(box);
    (document.body || document.documentElement).appendChild(veil);
    button.focus();
  }

  function later(reason) {
    // a closing socket during a page reload or navigation is not a lost connection
    if (pending || shown) return;
    pending = window.setTimeout(function () { pending = null; show(reason); }, 400);
  }

  function inspect(data) {
    if (typeof data === "string") {
      if (DEAD_STATES.test(data)) show("kernel-" + RegExp.$1);
    } else if (data instanceof ArrayBuffer) {
      // the binary v1 kernel protocol: the JSON parts are plain UTF-8 inside the frame
      try {
        var head = new Uint8Array(data, 0, Math.min(data.byteLength, 4096));
        var decoded = new TextDecoder("utf-8", { fatal: false }).decode(head);
        if (DEAD_STATES.test(decoded)) show("kernel-" + RegExp.$1);
      } catch (e) { /* not text */ }
    } else if (data && typeof data.slice === "function" && typeof data.text === "function") {
      data.slice(0, 4096).text().then(inspect).catch(function () {});
    }
  }

  function WatchedWebSocket(url, protocols) {
    var socket = protocols === undefined ? new NativeWebSocket(url) : new NativeWebSocket(url, protocols);
    if (KERNEL_SOCKET.test(String(url))) {
      socket.addEventListener("message", function (event) { inspect(event.data); });
      socket.addEventListener("close", function () { later("socket-closed"); });
    }
    return socket;
  }
  WatchedWebSocket.prototype = NativeWebSocket.prototype;
  ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (name) {
    WatchedWebSocket[name] = NativeWebSocket[name];
  });
  window.WebSocket = WatchedWebSocket;

  window.addEventListener("beforeunload", function () {
    leaving = true;
    if (pending) window.clearTimeout(pending);
  });
  window.mm_connection = { show: show, continueUrl: continueUrl };
})();
