"""Serving the workbooks: ``mmwidgets serve`` (Voila) and ``mmwidgets lab`` (JupyterLab).

- :mod:`.paths`: where the template, workbooks and voila.json live; Chromium's path and flags.
- :mod:`.plotly_js`: ``ensure_plotly_js()`` puts plotly.js into the template's static folder.
- :mod:`.voila_app`: Voila as we run it (preheated kernels wait without timing out;
  kernels cannot be shut down by id from outside).
- :mod:`.server`: ``voila_args``, ``voila_env``, ``VoilaServer`` (a subprocess for tests and
  the benchmark), ``build_site``, ``free_port``, ``http_get``.
- :mod:`.security`: ``binding_problem`` (no token off 127.0.0.1: refused).
- :mod:`.lab`: JupyterLab's command line and its project configuration folder.
- :mod:`.cli`: the ``serve`` and ``lab`` commands of ``python -m mmwidgets``.

This package sits above the layers (model < store < figures < widgets < apps) and imports none of them.
"""
