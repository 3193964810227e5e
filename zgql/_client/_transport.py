"""gql's httpx transports, with Zoho's answers interpreted by the client's core.

gql hands every HTTP answer to ``_prepare_result``, in its sync and async transports alike;
there, instead of gql's own handling (which keeps only the status of a failed answer and turns
errors into one generic exception), the core reads status, headers and body and returns the
:class:`Result` or raises the typed error. The ``Prepared`` request travels with the HTTP
request in ``extensions``, so that concurrent calls on one transport never mix answers.
"""

from __future__ import annotations

from typing import Any

import httpx
from gql.transport.httpx import HTTPXAsyncTransport, HTTPXTransport
from graphql import ExecutionResult

from zgql._client._core import ClientCore, Prepared

__all__ = ["AsyncZohoTransport", "ZohoTransport", "prepared_extension"]

_KEY = "zgql.prepared"


def prepared_extension(prepared: Prepared) -> dict[str, Any]:
    """The ``extra_args`` that carry ``prepared`` to :meth:`_prepare_result`."""
    return {"extensions": {_KEY: prepared}}


class _Interpreting:
    core: ClientCore

    def _prepare_result(self, response: httpx.Response) -> ExecutionResult:
        prepared: Prepared = response.request.extensions[_KEY]
        result = self.core.interpret(
            response.status_code, response.headers, response.content, prepared
        )
        return ExecutionResult(data=result.data, extensions={_KEY: result})


class ZohoTransport(_Interpreting, HTTPXTransport):
    def __init__(self, url: str, core: ClientCore, **httpx_options: Any) -> None:
        super().__init__(url, **httpx_options)
        self.core = core


class AsyncZohoTransport(_Interpreting, HTTPXAsyncTransport):
    def __init__(self, url: str, core: ClientCore, **httpx_options: Any) -> None:
        super().__init__(url, **httpx_options)
        self.core = core


def result_of(execution: Any) -> Any:
    """The zgql Result inside gql's ExecutionResult."""
    return execution.extensions[_KEY]
