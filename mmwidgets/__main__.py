"""The command line: ``python -m mmwidgets <command> ... [--lang nl|en]``.

Commands
  validate FILE...   check data files of every kind (mmwidgets.validate); exit 0 (all valid), 1 (a file has
                     problems) or 2 (bad command line or an unexpected error).
  serve              serve the workbooks with Voila on 127.0.0.1 (mmwidgets.serving)
  lab                open the workbooks in JupyterLab with the mm styles

Every message comes from the catalogue (``cli.`` and ``val.`` keys) in the chosen language:
``--lang``, else ``MM_LANG``, else Dutch. Nothing ever ends in a traceback.

Adding a command (e.g. ``diff``): write one function ``cmd_<name>(args, lang) -> int`` and
add its subparser in :func:`build_parser` with ``parents=[common]`` and
``set_defaults(run=cmd_<name>)``. Put its texts in ``i18n/catalogue/cli.yaml``.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

from mmwidgets.i18n import LANGUAGES, normalise_language, t
from mmwidgets.model.bridge.files import DataFileError

PROG = "python -m mmwidgets"


class UsageError(Exception):
    """The command line could not be understood (argparse's message is the detail)."""


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises instead of printing English and exiting."""

    def error(self, message: str):  # type: ignore[override]
        raise UsageError(message)


def _formatter(lang: str) -> type[argparse.HelpFormatter]:
    """A help formatter whose "usage:" is in ``lang``."""

    class Formatter(argparse.HelpFormatter):
        def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[override]
            if prefix is None:  # argparse passes "" when it builds a sub-command's name
                prefix = t("cli.usage", lang) + " "
            super().add_usage(usage, actions, groups, prefix=prefix)

    return Formatter


def _new_parser(lang: str, **kwargs) -> Parser:
    """A parser (or sub-parser) with help texts and headings in ``lang``."""
    parser = Parser(add_help=False, formatter_class=_formatter(lang), **kwargs)
    parser._positionals.title = t("cli.positionals", lang)
    parser._optionals.title = t("cli.options", lang)
    parser.add_argument("-h", "--help", action="help", help=t("cli.help", lang))
    return parser


def default_language() -> str:
    return normalise_language(os.environ.get("MM_LANG"))


def language_from_argv(argv: Sequence[str]) -> str:
    """The ``--lang`` value if given (looked up before parsing, for the help texts)."""
    lang = default_language()
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            lang = normalise_language(argv[index + 1])
        elif arg.startswith("--lang="):
            lang = normalise_language(arg.split("=", 1)[1])
    return lang


# -- commands -----------------------------------------------------------------
def cmd_validate(args: argparse.Namespace, lang: str) -> int:
    """Check each data file (any kind, see :mod:`mmwidgets.validate`); print OK or every problem.
    0 if all are valid, else 1."""
    from mmwidgets.validate import validate_lines

    lines, code = validate_lines(args.files, lang)
    for line in lines:
        print(line)
    return code


def cmd_diff(args: argparse.Namespace, lang: str) -> int:
    """Print what changed from definition A to B (files or id@version). 0 same, 1 different, 2 unreadable."""
    from mmwidgets.model.bridge.diff import diff_definitions, format_table, resolve_definition
    from mmwidgets.model.bridge.library import shipped_bridges_dir
    from mmwidgets.store.config import definitions_dir

    loaded = []
    for name in (args.before, args.after):
        try:
            loaded.append(resolve_definition(name, [shipped_bridges_dir(), definitions_dir()]))
        except DataFileError as exc:
            for message in exc.messages(lang):
                print(t("cli.error_line", lang, message=message))
    if len(loaded) < 2:
        return 2
    diff = diff_definitions(loaded[0], loaded[1])
    print(format_table(diff, lang), end="")
    return 0 if diff.same else 1


# -- the parser ---------------------------------------------------------------
def build_parser(lang: str) -> Parser:
    """The whole command line, with help texts in ``lang``."""
    common = Parser(add_help=False)
    common.add_argument(
        "--lang", choices=LANGUAGES, default=default_language(), help=t("cli.lang_help", lang)
    )

    parser = _new_parser(lang, prog=PROG, description=t("cli.description", lang))
    commands = parser.add_subparsers(
        title=t("cli.commands", lang), dest="command", metavar=t("cli.command_metavar", lang),
        parser_class=lambda **kwargs: _new_parser(lang, **kwargs),
    )

    validate = commands.add_parser(
        "validate",
        parents=[common],
        help=t("cli.validate_help", lang),
        description=t("cli.validate_description", lang),
    )
    validate.add_argument("files", nargs="+", metavar=t("cli.file_metavar", lang), help=t("cli.files_help", lang))
    validate.set_defaults(run=cmd_validate)

    diff = commands.add_parser(
        "diff", parents=[common], help=t("adapt.cli.diff_help", lang), description=t("adapt.cli.diff_description", lang)
    )
    diff.add_argument("before", metavar="A", help=t("adapt.cli.diff_a_help", lang))
    diff.add_argument("after", metavar="B", help=t("adapt.cli.diff_b_help", lang))
    diff.set_defaults(run=cmd_diff)

    from mmwidgets.serving.cli import add_commands as add_serving_commands

    add_serving_commands(commands, common, lang)  # serve, lab
    return parser


def _safe_output() -> None:
    """Never fail on a character the terminal cannot show."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = language_from_argv(argv)
    try:
        _safe_output()
        parser = build_parser(lang)
        try:
            args = parser.parse_args(argv)
        except UsageError as exc:
            print(t("cli.usage_error", lang, detail=str(exc)), file=sys.stderr)
            return 2
        except SystemExit as exc:  # --help printed the help
            return exc.code if isinstance(exc.code, int) else 0
        run = getattr(args, "run", None)
        if run is None:
            print(t("cli.no_command", lang), file=sys.stderr)
            return 2
        return int(run(args, normalise_language(getattr(args, "lang", lang))))
    except KeyboardInterrupt:
        print(t("cli.interrupted", lang), file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - never a traceback on the command line
        detail = f"{type(exc).__name__}: {exc}"[:300]
        print(t("cli.unexpected", lang, detail=detail), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
