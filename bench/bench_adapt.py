"""Benchmark: an edit in the adaptation workbook re-validates and redraws the preview.

Server-side time (``time.perf_counter``) from a change of a field's value, as the browser
sends it on a keystroke, until the handler returned: the edit operation, validation of the
whole definition, the bridge and radar figures rebuilt and handed to their views, the
problem list and field marks updated. ``json.dumps`` of both figures stands in for what
the kernel serialises to send them (without a kernel the widgets send nothing).

Two sizes: the default bridge (5 pillars, 10 sub-pillars, 5 steps each) and a generated
definition with 12 pillars of 4 sub-pillars of 10 steps (48 sub-pillars, 480 steps).
Targets: median under 50 ms (default) and under 200 ms (large).

Measured kinds of edit: ``keystroke`` (typing a step's short name: the headline number),
``rename_pillar`` (the lists are relabelled too), ``invalid`` (a keystroke that makes
the definition invalid and one that makes it valid again: messages instead of a redraw),
``add_step`` (a structural edit: add a step, then remove it).

Run: ``.venv/bin/python bench/bench_adapt.py`` (prints and returns the figures);
``bench/run.py`` calls :func:`run`.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGETS_MS = {"default": 50.0, "large": 200.0}
COLOURS = ("#0072B2", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")


def large_definition_data(pillars: int = 12, subpillars: int = 4, steps: int = 10) -> dict[str, Any]:
    """A valid definition of the given size, with realistic text lengths (fictional texts)."""
    def text(nl: str, en: str) -> dict[str, str]:
        return {"nl": nl, "en": en}

    return {
        "id": "groot",
        "version": 1,
        "name": text("Grote testbrug", "Large test bridge"),
        "pillars": [
            {
                "id": f"p{p + 1}",
                "name": text(f"Pijler {p + 1}", f"Pillar {p + 1}"),
                "colour": COLOURS[p % len(COLOURS)],
                "subpillars": [
                    {
                        "id": f"p{p + 1}-s{s + 1}",
                        "name": text(f"Onderdeel {p + 1}.{s + 1}", f"Sub-pillar {p + 1}.{s + 1}"),
                        "question": text("Hoe gaat het hiermee, en wat zou je willen veranderen?",
                                         "How is this going, and what would you like to change?"),
                        "steps": [
                            {
                                "label": text(f"Trede {n + 1}", f"Step {n + 1}"),
                                "text": text(
                                    "Een of twee zinnen die deze trede beschrijven in gewone taal, "
                                    "zodat de inwoner zichzelf erin herkent.",
                                    "One or two sentences describing this step in plain language, "
                                    "so that the resident recognises themselves in it.",
                                ),
                            }
                            for n in range(steps)
                        ],
                    }
                    for s in range(subpillars)
                ],
            }
            for p in range(pillars)
        ],
    }


def _stats(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median": round(statistics.median(ordered), 2),
        "p90": round(ordered[max(0, int(round(0.9 * len(ordered))) - 1)], 2),
        "min": round(ordered[0], 2),
        "max": round(ordered[-1], 2),
        "n": len(ordered),
    }


def _time(fn: Callable[[int], Any], repeats: int) -> list[float]:
    samples = []
    for i in range(repeats):
        start = time.perf_counter()
        fn(i)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _measure_app(app: Any, repeats: int) -> dict[str, Any]:
    editor = app.editor
    preview = app.preview

    def send() -> None:  # what the kernel would serialise for the two figures
        json.dumps(preview.bridge.figure)
        json.dumps(preview.radar.figure)

    # select the middle pillar's first sub-pillar's third step, as a user would
    middle = len(editor.data["pillars"]) // 2
    editor.select(middle, 0, 2)
    base = editor.step_label_nl.value

    def keystroke(i: int) -> None:
        editor.step_label_nl.value = base + " " + "abcdefghij"[: 1 + i % 10]
        send()

    pillar_base = editor.pillar_name_nl.value

    def rename_pillar(i: int) -> None:
        editor.pillar_name_nl.value = pillar_base + "xyz"[: 1 + i % 3]
        send()

    def invalid(i: int) -> None:
        editor.step_label_en.value = "" if i % 2 == 0 else "Step"
        send()

    def add_step(i: int) -> None:
        if i % 2 == 0:
            editor.steps.add.click()
        else:
            editor.steps.remove.click()
        send()

    results = {
        "keystroke": _stats(_time(keystroke, repeats)),
        "rename_pillar": _stats(_time(rename_pillar, repeats)),
        "invalid": _stats(_time(invalid, repeats + (repeats % 2 == 1))),
        "add_step": _stats(_time(add_step, repeats + (repeats % 2 == 1))),
    }
    assert app.validation is not None and app.validation.ok, "the benchmark must end on a valid definition"
    results["figure_kb"] = round(
        (len(json.dumps(preview.bridge.figure)) + len(json.dumps(preview.radar.figure))) / 1024, 1
    )
    return results


def measure(repeats: int = 31) -> dict[str, Any]:
    """Build both workbooks (throw-away definitions folders) and return the numbers (ms)."""
    import yaml

    from mmwidgets.apps.adapt import adapt_app

    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="mm-bench-adapt-") as tmp:
        own = Path(tmp) / "definitions"
        own.mkdir()
        app = adapt_app(lang="nl", definitions_dir=own)
        out["default"] = _measure_app(app, repeats)
        out["default"]["size"] = "5 x 2 x 5"

        (own / "groot.yaml").write_text(
            yaml.safe_dump(large_definition_data(), allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        big = adapt_app(lang="nl", definitions_dir=own)
        big.open_choice.value = "groot@1"
        assert len(big.editor.data["pillars"]) == 12
        out["large"] = _measure_app(big, repeats)
        out["large"]["size"] = "12 x 4 x 10"
    return out


def run() -> dict[str, Any]:
    """For bench/run.py: the headline numbers with their targets."""
    numbers = measure()
    report: dict[str, Any] = {}
    for size, target in TARGETS_MS.items():
        median = numbers[size]["keystroke"]["median"]
        report[f"adapt_edit_{size}_median_ms"] = {
            "measured": median, "unit": "ms", "target": f"< {target:g} ms", "ok": median < target,
        }
        for kind in ("rename_pillar", "invalid", "add_step"):
            report[f"adapt_{kind}_{size}_median_ms"] = numbers[size][kind]["median"]
        report[f"adapt_edit_{size}_p90_ms"] = numbers[size]["keystroke"]["p90"]
    return report


def main() -> dict[str, Any]:
    numbers = measure()
    for size, target in TARGETS_MS.items():
        n = numbers[size]
        print(f"{size} definition ({n['size']}; figures {n['figure_kb']} kB JSON):")
        for kind in ("keystroke", "rename_pillar", "invalid", "add_step"):
            s = n[kind]
            print(f"  {kind:<14} median {s['median']:8.2f} ms   p90 {s['p90']:8.2f}   min {s['min']:8.2f}   max {s['max']:8.2f}")
        verdict = "OK" if n["keystroke"]["median"] < target else "TOO SLOW"
        print(f"  edit -> re-validated and redrawn: median {n['keystroke']['median']} ms (target < {target:g} ms): {verdict}")
    return numbers


if __name__ == "__main__":
    main()
