"""The ``zgql`` command: ``main(argv) -> int``, argparse, and as few imports as it can.

Each subcommand imports what it needs when it runs, so that ``zgql check`` never loads the
HTTP client stack.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from zgql._version import __version__

__all__ = ["main"]

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zgql",
        description="Check Zoho CRM GraphQL queries against a cached schema and Zoho's limits.",
    )
    parser.add_argument("--version", action="version", version=f"zgql {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser("check", help="report every query that Zoho would reject")
    check.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help=".graphql / .gql files, or folders to search",
    )
    check.add_argument(
        "--schema",
        type=Path,
        metavar="PATH",
        help="an org's NAME.introspection.json (default: the bundled schema)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``zgql`` command line; return the exit status (0 ok, 1 findings, 2 error)."""
    args = _parser().parse_args(argv)
    from zgql._check import run_check  # noqa: PLC0415 - imported when the command runs

    return run_check(args.paths, schema_path=args.schema, out=sys.stdout, err=sys.stderr)
