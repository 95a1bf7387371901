"""plotly.js as a cacheable static file of the "mm" Voila template (never over the websocket)."""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

from mmwidgets.serving.paths import ROOT, TEMPLATE_STATIC

PLOTLY_CACHE = ROOT / ".cache" / "plotly"
_VERSION = re.compile(rb"plotly\.js(?: \([a-z -]+\))? v(\d+\.\d+\.\d+)")


def plotly_js_source() -> Path:
    """plotly.min.js as shipped inside the installed plotly package (the full bundle)."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def plotly_js_version(path: Path) -> str | None:
    """The plotly.js version in a bundle's header comment (``plotly.js v4.1.1``)."""
    with open(path, "rb") as fh:
        found = _VERSION.search(fh.read(400))
    return found.group(1).decode() if found else None


def basic_bundle(version: str) -> Path | None:
    """plotly.js's "basic" bundle (scatter, bar, pie) of the same version, from the npm registry.

    Our figures use only those trace types (a test checks it), and the basic bundle loads in
    about a quarter of the time of the full one. Cached in .cache/plotly; None when npm or the
    registry is not there (then the full bundle is served: slower, same pictures).
    """
    target = PLOTLY_CACHE / f"plotly-basic-{version}.min.js"
    if target.exists() and plotly_js_version(target) == version:
        return target
    npm = shutil.which("npm")
    if npm is None:
        return None
    PLOTLY_CACHE.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(
            [npm, "pack", f"plotly.js-basic-dist-min@{version}", "--pack-destination", str(PLOTLY_CACHE)],
            capture_output=True, text=True, timeout=180, check=True,
        )
        tarball = PLOTLY_CACHE / done.stdout.strip().splitlines()[-1]
        with tarfile.open(tarball) as archive:
            member = archive.getmember("package/plotly-basic.min.js")
            source = archive.extractfile(member)
            if source is None:
                return None
            tmp = target.with_suffix(".tmp")
            tmp.write_bytes(source.read())
        tarball.unlink(missing_ok=True)
        if plotly_js_version(tmp) != version:
            tmp.unlink(missing_ok=True)
            return None
        tmp.replace(target)
        return target
    except (OSError, subprocess.SubprocessError, tarfile.TarError, KeyError, IndexError):
        return None


def chosen_plotly_js() -> Path:
    """The bundle to serve: the basic one of the installed plotly's version when it can be had
    (MM_PLOTLY_BUNDLE=full forces the full one)."""
    full = plotly_js_source()
    if os.environ.get("MM_PLOTLY_BUNDLE", "basic") == "full":
        return full
    version = plotly_js_version(full)
    return (basic_bundle(version) if version else None) or full


def copy_if_changed(source: Path, target: Path) -> Path:
    if not target.exists() or not filecmp.cmp(source, target, shallow=False):
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return target


def ensure_plotly_js(folder: Path = TEMPLATE_STATIC) -> Path:
    """Put plotly.min.js into ``folder`` (the template's static folder unless told) and return it."""
    return copy_if_changed(chosen_plotly_js(), Path(folder) / "plotly.min.js")
