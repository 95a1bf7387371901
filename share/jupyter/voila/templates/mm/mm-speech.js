// mm-speech.js (inlined by index.html.j2): "Voorlezen" with the browser's own speech synthesis.
// The controls are written by mmwidgets.widgets.speech (texts from the catalogue, in data-*
// attributes); this script only speaks. No text leaves the device: speechSynthesis runs locally
// (a device with only network voices decides that itself; we never send text anywhere).
//
//   <span class="mm-speak-controls" data-mm-speak-text="..." data-mm-speak-lang="nl-NL"
//         data-mm-no-voice="...">
//     <button class="mm-speak">Voorlezen</button> <button class="mm-speak-slow">Langzamer</button>
//     <button class="mm-speak-stop" hidden>Stop</button> <span class="mm-speak-status"></span>
//   </span>
(function () {
  "use strict";
  var SLOW = 0.7;
  var speaking = null;  // the controls that speak now

  function synth() {
    return window.speechSynthesis && typeof window.SpeechSynthesisUtterance === "function" ? window.speechSynthesis : null;
  }

  function voices(speech) {
    // Chromium fills the list after a "voiceschanged" event: wait for it a moment
    return new Promise(function (resolve) {
      var list = speech.getVoices ? speech.getVoices() : [];
      if (list && list.length) { resolve(list); return; }
      var done = false;
      function finish() {
        if (done) { return; }
        done = true;
        resolve(speech.getVoices ? speech.getVoices() || [] : []);
      }
      try { speech.addEventListener("voiceschanged", finish, { once: true }); } catch (e) { /* older browsers */ }
      window.setTimeout(finish, 700);
    });
  }

  function pickVoice(list, lang) {
    var base = lang.toLowerCase().split("-")[0];
    var exact = list.filter(function (v) { return (v.lang || "").toLowerCase().replace("_", "-") === lang.toLowerCase(); });
    var same = list.filter(function (v) { return (v.lang || "").toLowerCase().split(/[-_]/)[0] === base; });
    var local = function (vs) { return vs.filter(function (v) { return v.localService; })[0] || vs[0]; };
    return local(exact) || local(same) || null;
  }

  function status(box, text) {
    var el = box.querySelector(".mm-speak-status");
    if (el) { el.textContent = text || ""; }
  }

  function stopped(box) {
    var stop = box.querySelector(".mm-speak-stop");
    if (stop) { stop.hidden = true; }
    var speak = box.querySelector(".mm-speak");
    if (speak) { speak.setAttribute("aria-pressed", "false"); }
    if (speaking === box) { speaking = null; }
  }

  function speak(box) {
    var speech = synth();
    if (!speech) { status(box, box.dataset.mmNoVoice); return; }
    voices(speech).then(function (list) {
      if (!list.length) { status(box, box.dataset.mmNoVoice); return; }
      var lang = box.dataset.mmSpeakLang || document.documentElement.lang || "nl-NL";
      var voice = pickVoice(list, lang);
      if (!voice) { status(box, box.dataset.mmNoLangVoice || box.dataset.mmNoVoice); return; }
      speech.cancel();
      if (speaking && speaking !== box) { stopped(speaking); }
      var utterance = new window.SpeechSynthesisUtterance(box.dataset.mmSpeakText || "");
      utterance.lang = lang;
      try { utterance.voice = voice; } catch (e) { /* a voice object the browser does not accept */ }
      utterance.rate = document.body.dataset.mmSpeakSlow === "true" ? SLOW : 1;
      utterance.onend = function () { stopped(box); };
      utterance.onerror = function () { stopped(box); };
      speaking = box;
      var stop = box.querySelector(".mm-speak-stop");
      if (stop) { stop.hidden = false; }
      box.querySelector(".mm-speak").setAttribute("aria-pressed", "true");
      status(box, "");
      speech.speak(utterance);
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".mm-speak-controls button");
    if (!button) { return; }
    var box = button.closest(".mm-speak-controls");
    event.preventDefault();
    if (button.classList.contains("mm-speak")) {
      speak(box);
    } else if (button.classList.contains("mm-speak-stop")) {
      var speech = synth();
      if (speech) { speech.cancel(); }
      stopped(box);
      box.querySelector(".mm-speak").focus();
    } else if (button.classList.contains("mm-speak-slow")) {
      // slower holds for the whole page (every step's speaker too)
      var slow = document.body.dataset.mmSpeakSlow !== "true";
      document.body.dataset.mmSpeakSlow = slow ? "true" : "false";
      document.querySelectorAll(".mm-speak-slow").forEach(function (b) { b.setAttribute("aria-pressed", slow ? "true" : "false"); });
      if (speaking === box) { speak(box); }  // say it again, at the new speed
    }
  });
})();
