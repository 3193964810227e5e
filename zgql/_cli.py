"""The ``zgql`` command: ``main(argv) -> int``, argparse, and as few imports as it can.

Each subcommand imports what it needs when it runs, so that ``zgql check`` never loads the
HTTP client stack. Exit status: 0 nothing wrong, 1 findings, 2 usage, configuration or schema
error (one line on standard error, never a traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from zgql._version import __version__

if TYPE_CHECKING:
    from zgql._config import Config

__all__ = ["main"]

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="zgql",
        description="Check Zoho CRM GraphQL queries against a cached schema and Zoho's limits.",
    )
    parser.add_argument("--version", action="version", version=f"zgql {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "check",
        help="report every query that Zoho would reject or that breaks a budget",
        description="Check .graphql/.gql files and queries embedded in Python.",
    )
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files, or folders to search (default: the current folder)",
    )
    from zgql._output import FORMATS  # noqa: PLC0415 - the formats' one list; no HTTP, no GraphQL

    check.add_argument("--format", choices=FORMATS, default="text", help="output format")
    check.add_argument("--output", type=Path, metavar="FILE", help="write the report to FILE")
    check.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    check.add_argument(
        "--jobs", type=_at_least(1), metavar="N", help="worker processes (default: cores)"
    )
    check.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text format: auto (a terminal, unless NO_COLOR is set; FORCE_COLOR "
        "forces it), always or never",
    )
    check.add_argument(
        "--baseline",
        type=Path,
        metavar="FILE",
        help="compare with a cost baseline: report only new findings and operations that cost more",
    )
    check.add_argument(
        "--update-baseline",
        action="store_true",
        help="record this run in the --baseline FILE instead of comparing with it",
    )
    check.add_argument(
        "--compare-schema",
        type=Path,
        metavar="OLD",
        help="also report the operations that break or cost more under --schema than under OLD",
    )
    check.add_argument(
        "--statistics", action="store_true", help="counts of findings per rule, not the findings"
    )
    check.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even with findings (2 still for errors)"
    )
    check.add_argument(
        "--watch",
        action="store_true",
        help="check again whenever a file is saved (needs zgql[watch]); stop with Ctrl-C",
    )
    check.add_argument(
        "--stdin-filename",
        type=Path,
        metavar="NAME",
        help="check the document on standard input, as if it were the file NAME (for editors)",
    )
    check.add_argument(
        "--quiet",
        action="store_true",
        help="no progress display (otherwise drawn on standard error when it is a terminal and "
        "the run lasts over half a second, and erased before the report)",
    )
    _common(check)
    explain = commands.add_parser(
        "explain",
        help="show where a query's cost comes from, and how to make it fit",
        description="Show the cost tree of each operation, its totals against Zoho's limits, "
        "and a concrete way to split it when it does not fit.",
    )
    explain.add_argument(
        "paths",
        nargs=1,
        type=Path,
        metavar="FILE",
        help="a .graphql or .gql file, or Python with queries",
    )
    explain.add_argument("--operation", metavar="NAME", help="only this operation")
    # zgql check FILE --format explain: the same reading, findings and exit status.
    explain.set_defaults(
        format="explain", output=None, no_cache=False, jobs=None, color="never", quiet=False
    )
    _common(explain)
    rules = commands.add_parser(
        "rules",
        help="list every rule, with the limits the configuration sets",
        description="Every rule a finding may carry: its name, severity and statement, quoting "
        "the configured limits. Names are what 'disable' and '# zgql: ignore[...]' take.",
    )
    rules.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    _common(rules)
    emulate = commands.add_parser(
        "emulate",
        help="serve a local Zoho CRM GraphQL endpoint (needs zgql[emulator])",
        description="Serve /crm/graphql and /oauth/v2/token on this machine, over generated "
        "data, with Zoho's limits and errors. Credentials go to a private file.",
    )
    emulate.add_argument("--host", default="127.0.0.1", help="interface (default: loopback)")
    emulate.add_argument(
        "--port", type=_port, default=8080, help="port (default: 8080; 0: any free one)"
    )
    emulate.add_argument("--seed", type=int, default=0, help="seed of the generated data")
    emulate.add_argument(
        "--schema",
        type=Path,
        metavar="PATH",
        help="an org's NAME.introspection.json or its folder (default: bundled)",
    )
    emulate.add_argument(
        "--credentials",
        type=Path,
        default=Path(".zgql-emulator.json"),
        metavar="FILE",
        help="where to write the client credentials (mode 0600)",
    )
    lsp = commands.add_parser(
        "lsp",
        help="serve the Language Server Protocol on standard input and output (needs zgql[lsp])",
        description="A language server for editors: diagnostics as you type, hover on a field "
        "for its cost, a code lens per operation with its figures. The configuration is found "
        "from each document's folder, as 'zgql check' finds it.",
    )
    lsp.add_argument(
        "--debounce",
        type=_at_least(0),
        default=200,
        metavar="MS",
        help="check a changed document this many milliseconds after the last change (default: 200)",
    )
    _client_commands(commands)
    return parser


def _client_commands(commands: Any) -> None:
    credentials: dict[str, Any] = {
        "type": Path,
        "metavar": "FILE",
        "help": "credentials file (default: $ZGQL_CREDENTIALS, ~/.config/zgql/credentials.json)",
    }
    redis: dict[str, Any] = {
        "metavar": "URL",
        "help": "share the org's limits and tokens with other processes through this Redis "
        "(default: $ZGQL_REDIS_URL; a password is better kept in the variable); needs zgql[redis]",
    }
    auth = commands.add_parser(
        "auth",
        help="exchange a self client's grant code for a refresh token, and save it",
        description="The client secret and grant code are read from ZGQL_CLIENT_SECRET and "
        "ZGQL_GRANT_CODE, or asked for; never from the command line.",
    )
    auth.add_argument("--client-id", help="the self client's id (or ZGQL_CLIENT_ID)")
    from zgql._service import data_centres  # noqa: PLC0415 - the data file's list, read here only

    auth.add_argument("--dc", default="us", help=f"data centre: {', '.join(data_centres())}")
    auth.add_argument(
        "--accounts-url", metavar="URL", help="another accounts server (the emulator's)"
    )
    auth.add_argument("--credentials", **credentials)
    run = commands.add_parser("run", help="check a query, send it, print the data or the error")
    run.add_argument("file", type=Path, metavar="FILE", help="a .graphql file")
    run.add_argument(
        "--var",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a variable (VALUE read as JSON when it is JSON); repeatable",
    )
    run.add_argument("--operation", metavar="NAME", help="the operation to run")
    run.add_argument(
        "--paginate",
        action="store_true",
        help="walk every page of a one-module records query; print a record a line",
    )
    run.add_argument("--schema", type=Path, metavar="PATH", help="the org's cached schema")
    run.add_argument("--credentials", **credentials)
    run.add_argument("--redis", **redis)
    schema = commands.add_parser("schema", help="the cached schema").add_subparsers(
        dest="schema_command", required=True, metavar="COMMAND"
    )
    pull = schema.add_parser("pull", help="save the org's schema and field metadata")
    pull.add_argument(
        "--out",
        type=Path,
        default=Path("schema"),
        metavar="DIR",
        help="where to write NAME.introspection.json and NAME.metadata.json",
    )
    pull.add_argument("--name", default="org", help="file name stem (default: org)")
    pull.add_argument("--org", help="a name for the org, recorded in the metadata")
    pull.add_argument("--credentials", **credentials)
    pull.add_argument("--redis", **redis)
    diff = schema.add_parser(
        "diff",
        help="what changed between two schemas: types, fields, prices, filter and sort members",
        description="Compare two schemas (folders or NAME.introspection.json files). Exit "
        "status 0 when they are the same, 1 when they differ, 2 on an error.",
    )
    diff.add_argument("old", type=Path, metavar="OLD", help="the schema before")
    diff.add_argument("new", type=Path, metavar="NEW", help="the schema after")
    diff.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    diff.add_argument("--config", type=Path, metavar="FILE", help="for the interpretations")


def _common(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="zgql.toml or pyproject.toml (default: found from the current folder)",
    )
    command.add_argument(
        "--schema",
        type=Path,
        metavar="PATH",
        help="an org's NAME.introspection.json or its folder (default: bundled)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``zgql`` command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "check":
        problem = _check_usage(args)
        if problem is not None:
            parser.error(problem)
    from zgql._exceptions import ZgqlError  # noqa: PLC0415 - light imports until needed

    try:
        return _dispatch(args)
    except ZgqlError as exc:
        sys.stderr.write(f"zgql: {exc}\n")
        return EXIT_ERROR


def _dispatch(args: argparse.Namespace) -> int:
    """Run the subcommand ``args`` names; each imports what it needs, and only then."""
    if args.command == "schema" and args.schema_command == "diff":
        return _schema_diff(args)
    if args.command in ("auth", "run", "schema"):
        return _client_command(args)
    if args.command == "lsp":
        from zgql._lsp import serve as serve_lsp  # noqa: PLC0415 - pygls, only for this

        return serve_lsp(args.debounce / 1000)
    if args.command == "emulate":
        from zgql._emulator._serve import serve  # noqa: PLC0415

        return serve(args.host, args.port, args.seed, args.schema, args.credentials)
    config = _config(args)
    if args.command == "rules":
        from zgql._output._catalogue import render_catalogue  # noqa: PLC0415

        sys.stdout.write(render_catalogue(config.limits, args.format))
        return EXIT_OK
    return _check(args, config)  # check and explain


def _client_command(args: argparse.Namespace) -> int:
    from zgql._client import _commands  # noqa: PLC0415 - the HTTP stack, only for these

    if args.command == "auth":
        return _commands.auth(
            args.client_id, args.dc, args.accounts_url, args.credentials, sys.stdout
        )
    if args.command == "run":
        return _commands.run(
            args.file,
            args.var,
            args.operation,
            args.paginate,
            args.credentials,
            args.schema,
            sys.stdout,
            args.redis,
        )
    return _commands.pull(args.out, args.name, args.org, args.credentials, sys.stdout, args.redis)


def _schema_diff(args: argparse.Namespace) -> int:
    from zgql._config import load_config  # noqa: PLC0415
    from zgql._schema import load_schema  # noqa: PLC0415
    from zgql._schema._diff import diff_schemas, render_diff  # noqa: PLC0415

    limits = load_config(args.config).limits
    changes = diff_schemas(load_schema(args.old), load_schema(args.new), limits.prices())
    sys.stdout.write(render_diff(changes, args.format))
    return EXIT_FINDINGS if changes else EXIT_OK


def _config(args: argparse.Namespace) -> Config:
    from dataclasses import replace  # noqa: PLC0415

    from zgql._config import load_config  # noqa: PLC0415

    config = load_config(args.config)
    return replace(config, schema=args.schema) if args.schema is not None else config


def _check_usage(args: argparse.Namespace) -> str | None:
    """Options of ``check`` that do not go together."""
    if args.update_baseline and args.baseline is None:
        return "--update-baseline needs --baseline FILE"
    if args.statistics and args.format not in ("text", "json"):
        return "--statistics goes with --format text or json"
    if args.watch and args.stdin_filename is not None:
        return "--watch watches files, not standard input"
    if args.compare_schema is not None and args.update_baseline:
        return "--compare-schema and --update-baseline do not go together"
    return None


def _check(args: argparse.Namespace, config: Config) -> int:
    from zgql._lint._command import CheckOptions, check  # noqa: PLC0415

    options = CheckOptions(
        paths=tuple(args.paths),
        format=args.format,
        output=args.output,
        use_cache=not args.no_cache,
        jobs=args.jobs,
        color=args.color,
        quiet=args.quiet,
        operation=getattr(args, "operation", None),
        stdin_filename=getattr(args, "stdin_filename", None),
        baseline=getattr(args, "baseline", None),
        update_baseline=getattr(args, "update_baseline", False),
        compare_schema=getattr(args, "compare_schema", None),
        statistics=getattr(args, "statistics", False),
        exit_zero=getattr(args, "exit_zero", False),
    )
    if getattr(args, "watch", False):
        from zgql._lint._watch import watch  # noqa: PLC0415 - watchfiles only in watch mode

        return watch(options, config)
    return check(options, config)


def _at_least(least: int) -> Any:
    """An argparse type: a whole number no smaller than ``least``."""

    def whole(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = least - 1
        if value < least:
            msg = f"must be a whole number ≥ {least}, not {text!r}"
            raise argparse.ArgumentTypeError(msg)
        return value

    return whole


def _options(parser: argparse.ArgumentParser) -> list[str]:
    """Every option of ``parser`` and of its subcommands (they parse the rest of the line)."""
    found: list[str] = []
    for action in parser._actions:  # noqa: SLF001 - argparse exposes its actions no other way
        found.extend(action.option_strings)
        if action.nargs == argparse.PARSER and isinstance(action.choices, dict):
            for sub in action.choices.values():
                found.extend(_options(sub))
    return found


def _port(text: str) -> int:
    port = _at_least(0)(text)
    if port > 65535:
        msg = f"must be a port number from 0 to 65535, not {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return int(port)


class _Parser(argparse.ArgumentParser):
    """argparse, suggesting the option meant when one is misspelt."""

    def error(self, message: str) -> NoReturn:
        import difflib  # noqa: PLC0415 - only on this path

        if message.startswith("unrecognized arguments: "):
            known = _options(self)
            for word in message.removeprefix("unrecognized arguments: ").split():
                close = difflib.get_close_matches(word.split("=")[0], known, n=1)
                if close:
                    message += f" (did you mean {close[0]}?)"
                    break
        super().error(message)
