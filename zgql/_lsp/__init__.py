"""``zgql lsp``: a language server for ``.graphql`` / ``.gql`` files and GraphQL embedded in
Python, found and checked exactly as ``zgql check`` finds and checks them.

Imported only by the ``lsp`` subcommand: ``zgql check`` never loads pygls (a test holds it).
"""

from __future__ import annotations

import logging
import sys

__all__ = ["serve"]


def serve(debounce: float) -> int:
    """Serve the Language Server Protocol on standard input and output until the editor says
    ``exit``; return the exit status. Needs the ``lsp`` extra (pygls)."""
    try:
        from zgql._lsp._server import make_server  # noqa: PLC0415 - pygls, only here
    except ImportError as exc:
        sys.stderr.write(
            f"zgql: the language server needs pygls: pip install 'zgql[lsp]' ({exc})\n"
        )
        return 2
    # Standard output carries the protocol: any log goes to standard error.
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="zgql lsp: %(message)s")
    make_server(debounce).start_io()
    return 0
