"""The ``serve`` and ``lab`` commands of ``python -m mmwidgets`` (registered by :func:`add_commands`)."""

from __future__ import annotations

import argparse
import os
import sys

from mmwidgets.i18n import t
from mmwidgets.serving.group import GROUP_SIZE_ENV, GROUP_WORKBOOKS_ENV
from mmwidgets.serving.paths import DEFAULT_PORT, LOCALHOST, ROOT, WORKBOOKS


def add_commands(commands: argparse._SubParsersAction, common: argparse.ArgumentParser, lang: str) -> None:
    serve = commands.add_parser(
        "serve", parents=[common], help=t("serve.serve_help", lang), description=t("serve.serve_description", lang)
    )
    serve.add_argument("--port", type=int, default=int(os.environ.get("MM_PORT", DEFAULT_PORT)), help=t("serve.port_help", lang))
    serve.add_argument("--ip", default=LOCALHOST, help=t("serve.ip_help", lang))
    serve.add_argument("--token", default=None, help=t("serve.token_help", lang))
    serve.add_argument("--dir", default=str(WORKBOOKS), help=t("serve.dir_help", lang))
    serve.add_argument("--group", type=int, default=0, metavar="N", help=t("serve.group_help", lang))
    serve.add_argument("--group-workbook", action="append", default=[], metavar="NOTEBOOK", help=t("serve.group_workbook_help", lang))
    serve.add_argument("--print", action="store_true", help=t("serve.print_help", lang))
    serve.add_argument("extra", nargs="*", help=t("serve.extra_help", lang))
    serve.set_defaults(run=cmd_serve)

    lab = commands.add_parser(
        "lab", parents=[common], help=t("serve.lab_help", lang), description=t("serve.lab_description", lang)
    )
    lab.add_argument("--port", type=int, default=int(os.environ.get("MM_LAB_PORT", 8888)), help=t("serve.port_help", lang))
    lab.add_argument("--token", default=None, help=t("serve.token_help", lang))
    lab.add_argument("--dir", default=str(WORKBOOKS), help=t("serve.dir_help", lang))
    lab.add_argument("--no-browser", action="store_true", help=argparse.SUPPRESS)
    lab.add_argument("--print", action="store_true", help=t("serve.print_help", lang))
    lab.add_argument("extra", nargs="*", help=t("serve.extra_help", lang))
    lab.set_defaults(run=cmd_lab)


def cmd_serve(args: argparse.Namespace, lang: str) -> int:
    """Replace this process by Voila (mmwidgets.serving.voila_app) serving ``--dir``."""
    from mmwidgets.serving.plotly_js import ensure_plotly_js
    from mmwidgets.serving.security import binding_problem
    from mmwidgets.serving.server import voila_args, voila_env

    problem = binding_problem(args.ip, args.token, lang=lang)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    command = voila_args(args.dir, args.port, args.extra, ip=args.ip, token=args.token)
    env = voila_env()
    env.setdefault("MM_LANG", lang)
    if args.group:
        env[GROUP_SIZE_ENV] = str(args.group)
        env[GROUP_WORKBOOKS_ENV] = ",".join(args.group_workbook)
    if args.print:
        group = f"{GROUP_SIZE_ENV}={env[GROUP_SIZE_ENV]} " if args.group else ""
        print(f"cd {ROOT} && {group}JUPYTER_PATH={env['JUPYTER_PATH']} " + " ".join(command))
        return 0
    ensure_plotly_js()
    os.chdir(ROOT)  # Voila reads voila.json from the working folder
    sys.stdout.flush()
    os.execve(command[0], command, env)
    return 0  # not reached


def cmd_lab(args: argparse.Namespace, lang: str) -> int:
    """Replace this process by JupyterLab over ``--dir`` with the mm styles."""
    from mmwidgets.serving import lab

    if not lab.jupyterlab_installed():
        print(t("serve.lab_missing", lang), file=sys.stderr)
        return 2
    config_dir = lab.lab_config_dir()
    command = lab.lab_args(args.dir, args.port, args.token, not args.no_browser, config_dir, args.extra)
    env = lab.lab_env(config_dir=config_dir)
    if args.print:
        print(f"JUPYTER_CONFIG_DIR={env['JUPYTER_CONFIG_DIR']} " + " ".join(command))
        return 0
    lab.prepare_config_dir(config_dir)
    sys.stdout.flush()
    os.execve(command[0], command, env)
    return 0  # not reached
