"""A coach's page scripts served by the coach's proxy itself, not passed on to Voila (issue 20).

A workbook page asks its server for ~100 scripts and stylesheets (Voila's webpack chunks under
``voila/static/``, the widget manager's and anywidget's under ``voila/labextensions/``, our
template's under ``voila/templates/mm/static/``). Passed through the coach's proxy each cost the
proxy an HTTP round trip to Voila (a new connection, headers copied both ways) and Voila a static
file lookup: ~0.45 CPU-seconds per log-in, about half of what the whole stack spends on a coach.
These files carry nothing of a client and are the same for every coach, so the proxy answers them
from disk itself, **after the same hub log-in check as everything else** (``web.authenticated``:
a stranger is sent to the hub's log-in page, a colleague's browser gets nothing).

- **Which files**: exactly the folders Voila serves them from. Voila writes those folders, once at
  its start, into a small JSON file in the proxy's owner-only folder (:func:`write_static_map`,
  the file named in :data:`STATIC_MAP_ENV`); the proxy reads it at the first script request
  (:class:`StaticFiles`). Only regular files inside those folders, and only folders inside the
  Python environment or the repository, are served; ``..`` and anything else falls through to
  Voila, which answers as before (404 or its own page).
- **Cache headers**: a file whose address carries a version (``?v=``) or a content hash in its
  name (``remoteEntry.9f3c...js``, fonts) is cached for a year (``immutable``); the rest
  (Voila's chunks ``1234.voila.js``, whose names do not change with a new Voila) for
  :data:`SHORT_MAX_AGE` seconds, then asked again with the ETag (304 when unchanged). All
  ``private``: they sit behind a log-in.
- **Fewer requests: the page's chunks in one answer.** Of the ~107 addresses a workbook page asks
  for, 72 are chunks of Voila's own script (``voila/static/<id>.voila.js``) and 16 chunks of the
  widget manager's, anywidget's and pygments' extensions, each fetched by the script that needs
  them. A webpack chunk only hands its code to its script's list (``self.webpackChunk...``); a
  script that finds chunks already on that list does not fetch them. So the proxy answers
  ``voila/static/voila.js`` and those extensions' ``remoteEntry.<hash>.js`` with the chunks a
  workbook page loads put in front of them (:data:`BUNDLES`, each chunk in its own function, so
  its ``"use strict"`` stays its own): 19 requests instead of ~107. The chunk lists were recorded
  from a real page (``gesprek.ipynb``) for Voila :data:`VOILA_VERSION` and the extensions' exact
  (hashed) files; with another Voila, or when a file is missing, the script is served alone and
  the page fetches its chunks itself, as before. A chunk a page needs that is not on the list is
  fetched as before too.
- The answers carry Voila's own security headers (:data:`mmwidgets.serving.hub.CSP_VOILA`,
  ``nosniff``, ``Referrer-Policy``) and no server or version header.
"""

from __future__ import annotations

import json
import mimetypes
import os
import re
import sys
from pathlib import Path
from typing import Any, Iterable, Mapping

#: names the file in which Voila tells the proxy its static folders (in the proxy's own 0700 folder)
STATIC_MAP_ENV = "MM_STATIC_MAP_FILE"
#: the Voila template of a coach's server (``--template``)
TEMPLATE = "mm"
#: files with a version or a content hash in their address
IMMUTABLE = "private, max-age=31536000, immutable"
#: seconds a file without one may be used from the browser's cache without asking (a working
#: session's reloads); after an upgrade of Voila, pages get its new chunks within this time
SHORT_MAX_AGE = 3600
_HASHED = re.compile(r"(^|[./_-])[0-9a-f]{16,}([./_-]|$)")
_TEMPLATE_NAME = re.compile(r"^[A-Za-z0-9_-]+$")


#: the Voila whose chunk ids :data:`BUNDLES` lists for ``voila/static/voila.js`` (its chunk names carry no hash)
VOILA_VERSION = "0.5.13"
_VOILA_CHUNKS = (
    "5764 8135 3992 9582 8925 7883 7556 6049 1670 6573 3311 4135 1621 3916 3649 8487 9684 4041 143 7155 3144 "
    "1601 4972 9890 5312 6468 3459 630 5688 2930 73 1187 4173 7483 431 3989 8766 9151 4729 6382 5044 7598 9081 "
    "7770 3249 4653 8862 9981 5767 4222 8773 3307 6008 8017 457 9212 4371 2829 7259 6074 4875 4486 6305 7393 "
    "225 614 1996 2121 2772 2296 7245 5992").split()
_LABEXT = "voila/labextensions/"
#: address of a script -> the addresses of the chunks served in front of it (in the order a page loads them)
BUNDLES: dict[str, tuple[str, ...]] = {
    "voila/static/voila.js": tuple(f"voila/static/{c}.voila.js" for c in _VOILA_CHUNKS),
    _LABEXT + "@jupyter-widgets/jupyterlab-manager/static/remoteEntry.c8c9eed2cdefdeac.js": tuple(
        _LABEXT + "@jupyter-widgets/jupyterlab-manager/static/" + name for name in (
            "7.2a0ce575775f5aad.js", "704.6a820cc839aca480.js", "170.3ff9ceddc3770116.js", "84.09c61a35dce1705f.js",
            "32.3281b05d23655ae8.js", "452.1926530ab7f8e046.js", "967.38afcd794ba10728.js", "160.235911d8e26dc735.js",
            "718.a7a3f80ef4813fab.js", "121.5c5a442bc10a67ee.js")),
    _LABEXT + "@voila-dashboards/widgets-manager8/static/remoteEntry.be18471aaf567c023b03.js": tuple(
        _LABEXT + "@voila-dashboards/widgets-manager8/static/" + name
        for name in ("883.369fbd92285483263252.js", "496.ad7666673ba278088e95.js")),
    _LABEXT + "anywidget/static/remoteEntry.698dcaf7.js": tuple(
        _LABEXT + "anywidget/static/" + name for name in ("2.3dbf81c0.js", "528.d9f5934c.js")),
    _LABEXT + "jupyterlab_pygments/static/remoteEntry.5cbb9d2323598fbda535.js": tuple(
        _LABEXT + "jupyterlab_pygments/static/" + name
        for name in ("568.1e2faa2ba0bbe59c4780.js", "747.67662283a5707eeb4d4c.js")),
}


def installed_voila_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("voila")
    except metadata.PackageNotFoundError:
        return ""


def write_static_map(path: str | os.PathLike, static: Iterable[str], templates: Mapping[str, Iterable[str]],
                     labextensions: Iterable[str]) -> None:
    """Voila's side: the folders it serves ``voila/static/``, ``voila/templates/<t>/static/`` and
    ``voila/labextensions/`` from, in its order of precedence (owner-only file)."""
    data = {"static": [str(p) for p in static], "labextensions": [str(p) for p in labextensions],
            "templates": {str(name): [str(p) for p in paths] for name, paths in templates.items()}}
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle)


def allowed_bases() -> list[str]:
    """Folders a static folder must lie in: the Python environment and the repository's share/."""
    from mmwidgets.serving.paths import ROOT

    bases = {sys.prefix, sys.base_prefix, str(ROOT / "share")}
    return sorted({os.path.realpath(b) for b in bases})


def _inside(path: str, base: str) -> bool:
    return path == base or path.startswith(base.rstrip(os.sep) + os.sep)


class StaticFiles:
    """Finds the file Voila would answer a static address with (None: let Voila answer)."""

    def __init__(self, mapping: Mapping[str, Any], bases: Iterable[str] | None = None):
        bases = [os.path.realpath(b) for b in (allowed_bases() if bases is None else bases)]

        def roots(paths: Any) -> list[str]:
            if not isinstance(paths, list):
                return []
            kept = []
            for p in paths:
                if isinstance(p, str) and os.path.isabs(p):
                    real = os.path.realpath(p)
                    if any(_inside(real, b) for b in bases):
                        kept.append(real)
            return kept

        self.static = roots(mapping.get("static"))
        self.labextensions = roots(mapping.get("labextensions"))
        templates = mapping.get("templates") if isinstance(mapping.get("templates"), dict) else {}
        self.templates = {name: roots(paths) for name, paths in templates.items()
                          if isinstance(name, str) and _TEMPLATE_NAME.match(name)}
        self._found: dict[str, str | None] = {}
        self.voila_version = installed_voila_version()

    def _roots_and_rest(self, path: str) -> tuple[list[str], str]:
        if path.startswith("voila/static/"):
            return self.static, path[len("voila/static/"):]
        if path.startswith("voila/labextensions/"):
            return self.labextensions, path[len("voila/labextensions/"):]
        if path.startswith("voila/templates/"):
            name, _, rest = path[len("voila/templates/"):].partition("/")
            if rest.startswith("static/") and name in self.templates:
                return self.templates[name], rest[len("static/"):]
        return [], ""

    def find(self, path: str) -> str | None:
        """``path``: the address below the server's base URL (``voila/static/1187.voila.js``)."""
        path = path.lstrip("/")
        if path in self._found:
            return self._found[path]
        found = self._find(path)
        if len(self._found) < 5000:
            self._found[path] = found
        return found

    def _find(self, path: str) -> str | None:
        roots, rest = self._roots_and_rest(path)
        parts = rest.split("/")
        if not roots or not rest or any(p in ("", ".", "..") for p in parts) or "\\" in rest or "\0" in rest:
            return None
        for root in roots:
            candidate = os.path.join(root, *parts)
            if not os.path.lexists(candidate):
                continue
            # the first folder that has the name answers, as Voila's handlers do; only a regular file
            # that really lies inside that folder is ours to serve
            real = os.path.realpath(candidate)
            if _inside(real, root) and os.path.isfile(real):
                return real
            return None
        return None


    def bundle(self, path: str) -> list[str] | None:
        """The files of the chunks to serve in front of the script at ``path`` (None: the script alone)."""
        path = path.lstrip("/")
        chunks = BUNDLES.get(path)
        if not chunks or (path == "voila/static/voila.js" and self.voila_version != VOILA_VERSION):
            return None
        found = [self.find(chunk) for chunk in chunks]
        return None if any(f is None for f in found) else found  # type: ignore[return-value]


def bundled_body(chunks: list[str], script: str) -> bytes:
    """The chunks, each in its own function (its "use strict" stays inside), then the script itself."""
    parts = []
    for chunk in chunks:
        with open(chunk, "rb") as handle:
            parts += [b"(function(){\n", handle.read(), b"\n})();\n"]
    with open(script, "rb") as handle:
        parts.append(handle.read())
    return b"".join(parts)


def bundle_etag(files: list[str]) -> str:
    import hashlib

    stamp = "|".join(f"{f}:{os.stat(f).st_mtime_ns}:{os.stat(f).st_size}" for f in files)
    return '"b-' + hashlib.sha256(stamp.encode()).hexdigest()[:32] + '"'


def read_static_files(path: str | os.PathLike) -> StaticFiles | None:
    try:
        with open(path, encoding="utf-8") as handle:
            mapping = json.load(handle)
    except (OSError, ValueError):
        return None
    return StaticFiles(mapping) if isinstance(mapping, dict) else None


def cache_control(path: str, versioned: bool) -> str:
    name = path.rsplit("/", 1)[-1]
    if versioned or _HASHED.search(name):
        return IMMUTABLE
    return f"private, max-age={SHORT_MAX_AGE}"


def content_type(path: str) -> str:
    """As Tornado's StaticFileHandler says it."""
    mime, encoding = mimetypes.guess_type(path)
    if encoding == "gzip":
        return "application/gzip"
    if encoding is not None:
        return "application/octet-stream"
    return mime or "application/octet-stream"


def etag(stat: os.stat_result) -> str:
    return f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
