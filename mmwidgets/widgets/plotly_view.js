// PlotlyView: draws a plotly figure from JSON; plotly.js is loaded once per page as a
// static file served by Voila's template (cached by the browser), never over the websocket.
let plotlyPromise = null;

function plotlyUrl() {
  const data = document.body && document.body.dataset ? document.body.dataset : {};
  // the template's content-hashed URL is cached for long; the plain one is revalidated
  if (data.mmPlotlyUrl) return data.mmPlotlyUrl;
  // JupyterLab (`mmwidgets lab`) has no Voila template: the server offers plotly.js as <baseUrl>static/
  const config = document.getElementById("jupyter-config-data");
  if (!data.baseUrl && config) {
    try { return (JSON.parse(config.textContent).baseUrl || "/") + "static/plotly.min.js"; } catch (e) { /* Voila below */ }
  }
  return (data.baseUrl || "/voila/") + "static/plotly.min.js";
}

function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (plotlyPromise) return plotlyPromise;
  plotlyPromise = new Promise((resolve, reject) => {
    // plotly's UMD wrapper registers with an AMD loader when one is present; hide it.
    const amd = window.define;
    window.define = undefined;
    const script = document.createElement("script");
    script.src = plotlyUrl();
    script.onload = () => { window.define = amd; resolve(window.Plotly); };
    script.onerror = () => { window.define = amd; plotlyPromise = null; reject(new Error("plotly.js not found")); };
    document.head.appendChild(script);
  });
  return plotlyPromise;
}

// plotly's decimal and thousands separators for the page's language (Dutch: "33,3")
function pageSeparators() {
  const lang = (document.body && document.body.dataset && document.body.dataset.mmLang)
    || document.documentElement.lang || "nl";
  return String(lang).toLowerCase().startsWith("en") ? ".," : ",.";
}

// A figure may carry layouts for wider boxes (layout.meta.mm_widths: [{min_width, set}],
// "set" holds layout keys, "xaxis.ticktext" style for nested ones): the widest one that
// fits the box is used, so labels wrap for the real width without a round trip to Python.
function widthVariant(layout, width) {
  const variants = (layout.meta && layout.meta.mm_widths) || [];
  let chosen = null;
  for (const v of variants) {
    if (width >= v.min_width && (!chosen || v.min_width > chosen.min_width)) chosen = v;
  }
  return chosen;
}

function withVariant(layout, variant) {
  if (!variant) return layout;
  const out = Object.assign({}, layout);
  for (const [key, value] of Object.entries(variant.set || {})) {
    const parts = key.split(".");
    if (parts.length === 1) { out[key] = value; continue; }
    out[parts[0]] = Object.assign({}, out[parts[0]], { [parts[1]]: value });
  }
  return out;
}

// Never a mode bar (no camera, no "edit in chart studio"), never a link to plotly's cloud.
const FIXED_CONFIG = {
  displayModeBar: false, displaylogo: false, showSendToCloud: false, showLink: false,
  showEditInChartStudio: false, responsive: true, scrollZoom: false,
};

// "Als tabel" (issue 19): the figure's numbers as a table under it, closed until opened;
// the table, its description and the button's words come from Python (figure_table.py).
function describe(model, div, details) {
  const description = model.get("description") || "";
  div.setAttribute("role", "img");
  div.setAttribute("aria-label", description);
  const summary = details.querySelector("summary");
  summary.textContent = model.get("table_label") || "";
  details.querySelector(".mm-figure-description").textContent = description;
  details.querySelector(".mm-figure-table-body").innerHTML = model.get("table_html") || "";
  details.hidden = !model.get("table_label");
}

function render({ model, el }) {
  const div = document.createElement("div");
  div.className = "mm-plotly";
  el.appendChild(div);
  const details = document.createElement("details");
  details.className = "mm-figure-table";
  details.innerHTML = '<summary class="mm-figure-table-toggle"></summary>'
    + '<p class="mm-figure-description"></p><div class="mm-figure-table-body"></div>';
  el.appendChild(details);
  const redescribe = () => describe(model, div, details);
  model.on("change:table_html", redescribe);
  model.on("change:description", redescribe);
  model.on("change:table_label", redescribe);
  redescribe();
  let drawn = false;
  let Plotly = null;
  let lastWidth = 0;
  let lastVariant = 0;
  const onClick = (event) => {
    const p = event && event.points && event.points[0];
    if (!p) return;
    model.send({ type: "click", curve: p.curveNumber, index: p.pointNumber, customdata: p.customdata ?? null });
    // a tap leaves no hover label behind over the neighbouring columns (a finger never
    // "leaves" the figure): as if the pointer left, so the redraw after the click does not
    // show it again (plotly's rehover); a mouse shows it again on its next move
    if (div._fullLayout) div._fullLayout._hoversubplot = null;
    if (Plotly && Plotly.Fx && Plotly.Fx.unhover) Plotly.Fx.unhover(div);
  };

  async function draw() {
    Plotly = Plotly || (await loadPlotly());
    const width = div.clientWidth;
    const variant = width > 0 ? widthVariant(model.get("layout"), width) : null;
    lastVariant = variant ? variant.min_width : 0;
    const layout = withVariant(Object.assign({}, model.get("layout")), variant);
    // fit the container from the first draw: plotly's default is a fixed 700 px
    layout.autosize = true;
    if (width > 0) layout.width = width; else delete layout.width;
    lastWidth = width;
    if (!layout.separators) layout.separators = pageSeparators();
    reportWidth(width);
    const config = Object.assign({}, model.get("config"), FIXED_CONFIG);
    await Plotly.react(div, model.get("data"), layout, config);
    drawn = true;
    // Plotly.react may fall back to newPlot, which drops listeners: attach after every draw.
    if (div.removeAllListeners) div.removeAllListeners("plotly_click");
    div.on("plotly_click", onClick);
    model.set("rendered", (model.get("rendered") || 0) + 1);
    model.save_changes();
  }

  // tell Python how wide the box is, so a figure can be remade for it (a few px do not count)
  function reportWidth(width) {
    if (width <= 0 || Math.abs(width - (model.get("box_width") || 0)) < 8) return;
    model.set("box_width", Math.round(width));
    model.save_changes();
  }

  const redraw = () => { draw().catch((err) => { div.textContent = String(err); }); };
  model.on("change:data", redraw);
  model.on("change:layout", redraw);
  redraw();
  // Redraw at the new width when the element changes size or becomes visible (a hidden
  // tab has width 0; the first time it is shown the figure must fit, not stay at 700 px).
  const fit = () => {
    if (!drawn || !Plotly) return;
    const width = div.clientWidth;
    if (width <= 0 || Math.abs(width - lastWidth) < 2) return;
    const variant = widthVariant(model.get("layout"), width);
    if ((variant ? variant.min_width : 0) !== lastVariant) { redraw(); return; }  // other labels
    lastWidth = width;
    Plotly.relayout(div, { width: width }).catch(() => {});
    reportWidth(width);
  };
  let observer = null;
  if (typeof ResizeObserver !== "undefined") {
    observer = new ResizeObserver(() => window.requestAnimationFrame(fit));
    observer.observe(div);
  }
  window.addEventListener("resize", fit);
  return () => {
    window.removeEventListener("resize", fit);
    if (observer) observer.disconnect();
    if (Plotly) Plotly.purge(div);
  };
}

export default { render };
