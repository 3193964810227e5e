"""The emulator's ASGI application: Zoho CRM's ``/crm/graphql`` and ``/oauth/v2/token``.

Written against the ASGI interface directly (four routes do not need a framework). Every answer
has the shape Zoho documents: HTTP 200 with ``data`` and ``errors`` for GraphQL, Zoho's
``{code, details, message, status}`` envelope for HTTP 400/401/404/429/500, and the token
endpoint's bodies — throttling included, which Zoho answers with HTTP 200.

Whatever a request holds, it gets one of those answers, never a bare 500: a body is read only up
to a bound, JSON that is not JSON (too deep, ``NaN``, a number too long) is ``INVALID_DATA``,
and a GraphQL body's members must have their types. A query is read, analysed and executed on a
worker thread, so that one big document does not hold up the calls of everyone else.
"""

from __future__ import annotations

import asyncio
import functools
import json
import secrets
import threading
from collections.abc import Awaitable, Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from graphql import ExecutionResult, GraphQLSchema, execute_sync, parse

from zgql._analysis._analyze import BUNDLED_SCHEMA_HINT, analyze
from zgql._analysis._rules._names import DOCUMENT_SIZE, OPERATION_NAME, SCHEMA, SYNTAX, VARIABLES
from zgql._analysis._rules.operation_type import OperationTypeRule
from zgql._emulator._state import AccessToken, Call, Fault, Org, State
from zgql._limits import Limits
from zgql._report import Diagnostic, Report
from zgql._schema import Schema
from zgql._service import editions, service_limits

__all__ = ["EmulatorApp", "Request"]

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

ADMIN_PREFIX = "/__zgql__/"
# Refused before execution: HTTP 200 with ``errors`` and no ``data``. ``document-size`` is
# among them: Zoho documents nothing for an oversized document, and graphql-java (whose error
# classifications Zoho's answers carry) refuses one in its parser, before validation, as an
# ``InvalidSyntax`` error; so the emulator answers it as it answers a syntax error, with the
# rule, the size and the bound in ``extensions`` as for a limit.
_REQUEST_ERRORS = frozenset(
    {SYNTAX, DOCUMENT_SIZE, SCHEMA, VARIABLES, OPERATION_NAME, OperationTypeRule.name}
)
# The bound on a request body, in multiples of max-document-bytes. A GraphQL document at the
# bound is at most 3 times its size once JSON-escaped (each 2-byte UTF-8 character a 6-byte
# \uXXXX escape, each 4-byte one two of them; the control characters that escape longer are not
# allowed in GraphQL text); one more bound's worth leaves room for the variables and the rest of
# the object. A body over it is not kept nor parsed: its document cannot be under the bound.
_BODY_BOUND_FACTOR = 4
# Calls are read, analysed and executed on worker threads, never on the event loop: _WORKERS
# at once (a call waiting for a worker is slower, never refused). A call whose body is over
# _BIG_BODY bytes (a real one is a few thousand: a big document, or big variables) is analysed
# and executed on a lane of its own, one at a time: the threads share one interpreter lock,
# and two big analyses at once slow every other call several times more than one does. The
# wait counts as in flight.
_WORKERS = 32
_BIG_BODY = 64 * 1024
_HTML_PAGE = (
    b"<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1>"
    b"<p>The proxy server received an invalid response.</p></body></html>"
)


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes  # empty when the body was over the bound (``size`` says how big it was)
    query: dict[str, str]
    client: tuple[str, int] | None
    size: int = 0  # the bytes of body received
    oversized: bool = False  # over the bound: not kept, not parsed


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str = "application/json;charset=UTF-8"
    headers: list[tuple[str, str]] = field(default_factory=list)
    code: str | None = None  # for the call record


def envelope(
    status: int, code: str, message: str, details: Mapping[str, Any] | None = None
) -> Response:
    """Zoho's error envelope for the REST-style failures around the GraphQL endpoint."""
    body = {"code": code, "details": dict(details or {}), "message": message, "status": "error"}
    return Response(status, json.dumps(body).encode(), code=code)


def as_json(status: int, body: Any, code: str | None = None) -> Response:
    return Response(status, json.dumps(body).encode(), code=code)


class EmulatorApp:
    """The ASGI callable; ``connections`` gives the server's open connections (for ``drop``)."""

    def __init__(
        self,
        state: State,
        schema: Schema,
        executable: GraphQLSchema,
        *,
        admin_secret: str,
        base_url: Callable[[], str],
        connections: Callable[[], Iterable[Any]] = tuple,
    ) -> None:
        self.state, self.schema, self.executable = state, schema, executable
        self.admin_secret, self.base_url, self.connections = admin_secret, base_url, connections
        self.limits = Limits()  # Zoho's: what queries are judged by, and the bound on bodies
        self.max_body = _BODY_BOUND_FACTOR * self.limits.max_document_bytes
        self._changed: tuple[frozenset[str], Schema] | None = None  # (removed fields, schema)
        self._changed_lock = threading.Lock()
        self._workers = ThreadPoolExecutor(_WORKERS, thread_name_prefix="zgql-emulator-query")
        self._big = ThreadPoolExecutor(1, thread_name_prefix="zgql-emulator-big-query")

    def close(self) -> None:
        """Let the worker threads go (once the server has stopped)."""
        for workers in (self._workers, self._big):
            workers.shutdown(wait=True, cancel_futures=True)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        request = await _read(scope, receive, self.max_body)
        faults = self.state.take_faults(request.path)
        if any(f.kind == "drop" for f in faults):
            await self._drop(request)
            return
        response = await self._respond(request, faults)
        await _send(send, response)

    async def _respond(self, request: Request, faults: list[Fault]) -> Response:
        for fault in faults:
            if fault.kind == "server-error":
                return self._recorded(
                    request,
                    envelope(
                        fault.status or 500,
                        "INTERNAL_ERROR",
                        "Unexpected and unhandled exception in Server",
                    ),
                )
            if fault.kind == "html":
                return self._recorded(
                    request, Response(fault.status or 502, _HTML_PAGE, "text/html")
                )
        route = _ROUTES.get((request.method, request.path))
        if request.path.startswith(ADMIN_PREFIX):
            return self._admin(request)
        if route is None:
            return self._recorded(
                request,
                envelope(
                    404,
                    "INVALID_URL_PATTERN",
                    "Please check if the URL trying to access is a correct one",
                ),
            )
        response = await route(self, request, faults)
        if any(f.kind == "truncated" for f in faults):
            response.body = response.body[: max(1, len(response.body) // 2)]
        return response

    def _recorded(self, request: Request, response: Response, **details: Any) -> Response:
        self.state.record(
            Call(
                method=request.method,
                path=request.path,
                status=response.status,
                code=response.code,
                at=self.state.now(),
                **details,
            )
        )
        return response

    async def _drop(self, request: Request) -> None:
        """Close the connection this request came on, without answering a byte."""
        # Recorded first: once the connection is gone, the test side may look at once.
        self.state.record(
            Call(
                method=request.method,
                path=request.path,
                status=0,
                code="DROPPED",
                at=self.state.now(),
            )
        )
        for connection in list(self.connections()):
            if getattr(connection, "client", None) == request.client:
                connection.transport.abort()
        await asyncio.sleep(0)  # let the server see the connection lost before we return

    # -- /crm/graphql --------------------------------------------------------------------------

    async def graphql(self, request: Request, faults: list[Fault]) -> Response:
        token, failure = self._authenticate(request, faults)
        if failure is not None:
            return self._recorded(request, failure)
        assert token is not None
        org = self.state.orgs[token.org_id]
        refusal = self._refuse(request, token, org)
        if refusal is not None:
            return self._recorded(request, refusal, org_id=org.id)
        with self.state.lock:
            if org.in_flight >= org.concurrency:
                busy = True
            else:
                busy = False
                org.in_flight += 1
                org.peak_in_flight = max(org.peak_in_flight, org.in_flight)
        if busy:
            return self._recorded(request, _too_many("concurrent calls"), org_id=org.id)
        try:
            for fault in faults:
                if fault.kind == "latency":
                    await asyncio.sleep(fault.seconds)
                elif fault.kind == "schema-change" and fault.field:
                    self._change_schema(fault.field)
            # Off the event loop: a big document's analysis takes a while, and the other
            # calls (other orgs', this org's) are answered meanwhile, as by Zoho.
            loop = asyncio.get_running_loop()
            read = await loop.run_in_executor(self._workers, self._read_call, request, org)
            if isinstance(read, Response):
                return read
            answer = functools.partial(
                self._answer, request, org, read, partial=any(f.kind == "partial" for f in faults)
            )
            return await loop.run_in_executor(self._lane(request, read), answer)
        finally:
            with self.state.lock:
                org.in_flight -= 1

    def _authenticate(
        self, request: Request, faults: list[Fault]
    ) -> tuple[AccessToken | None, Response | None]:
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        token = self.state.access_tokens.get(value.strip()) if scheme == "Zoho-oauthtoken" else None
        if token is not None and any(f.kind == "expire-token" for f in faults):
            token.expires_at = self.state.now() - 1
        if token is None or token.expires_at <= self.state.now():
            return None, envelope(401, "INVALID_TOKEN", "invalid oauth token")
        if token.dc != self.state.dc:
            return None, envelope(
                401,
                "AUTHENTICATION_FAILED",
                "Authentication failed",
                {"reason": f"the token is for the {token.dc} data centre"},
            )
        return token, None

    def _refuse(self, request: Request, token: AccessToken, org: Org) -> Response | None:
        """The HTTP 400 and 429 answers that come before any query is read."""
        scope = service_limits().graphql_scope.lower()
        every = service_limits().graphql_all_scope.lower()
        if not any(s.lower() in (scope, every) for s in token.scopes):
            return envelope(
                400,
                "OAUTH_SCOPE_MISMATCH",
                "invalid oauth scope to access this URL",
                {"required_scope": service_limits().graphql_scope},
            )
        if not editions()[org.edition].graphql:
            return envelope(
                400,
                "FEATURE_NOT_SUPPORTED",
                f"the GraphQL API is not available in the {org.edition} edition",
            )
        if not org.graphql_enabled:
            return envelope(
                400,
                "FEATURE_NOT_ENABLED",
                "GraphQL is not enabled for your profile; call /crm/graphql/actions/enable",
            )
        if not request.oversized and not request.body.strip():
            return envelope(
                400, "MANDATORY_NOT_FOUND", "required field not found", {"api_name": "query"}
            )
        with self.state.lock:
            spent = self.state.credits_used(org) >= org.credit_pool
        if not spent:
            return None
        # Used past half the pool, so the header comes, as on every answer then (reference §7).
        refusal = _too_many("API credits for the day")
        refusal.headers.append(("X-API-CREDITS-REMAINING", "0"))
        return refusal

    def _read_call(self, request: Request, org: Org) -> _GraphQLCall | Response:
        """The call's document, variables and operation name; or the (recorded) answer to a
        body that does not hold them: over the bound, not JSON, members of the wrong type."""
        if request.oversized:
            refusal = _rejection(Report(diagnostics=(self._body_over_bound(request.size),)))
            assert refusal is not None
            return self._recorded(request, refusal, org_id=org.id)
        body = read_json(request.body)
        if body is NOT_JSON:
            return self._recorded(request, not_json(), org_id=org.id)
        wrong = _wrong_member(body)
        if wrong is not None:
            return self._recorded(request, wrong, org_id=org.id)
        call = _GraphQLCall(body.get("query"), body.get("variables"), body.get("operationName"))
        if not (call.query and call.query.strip()):
            return self._recorded(
                request,
                envelope(
                    400, "MANDATORY_NOT_FOUND", "required field not found", {"api_name": "query"}
                ),
                **call.details(org),
            )
        return call

    def _lane(self, request: Request, call: _GraphQLCall) -> ThreadPoolExecutor:
        # A document over the bound the analysis refuses at once: it need not wait its turn.
        refused = len(call.query or "") > self.limits.max_document_bytes
        return self._big if request.size > _BIG_BODY and not refused else self._workers

    def _answer(
        self, request: Request, org: Org, call: _GraphQLCall, *, partial: bool = False
    ) -> Response:
        """Analyse and execute one GraphQL call (on a worker thread)."""
        query, variables, name = call.query or "", call.variables, call.operation_name
        details = call.details(org)
        report = analyze(
            query,
            self._served_schema(),
            variables=variables or {},
            operation_name=name,
            limits=self.limits,
        )
        rejection = _rejection(report) or _denied(report, org)
        if rejection is not None:
            return self._recorded(request, rejection, **details)
        result = execute_sync(
            self.executable, parse(query), variable_values=variables, operation_name=name
        )
        charged = report.operations[0].credits if report.operations else 0
        response = as_json(200, _result_body(result, partial=partial))
        self._charge(org, charged, response)
        return self._recorded(request, response, credits=charged, **details)

    def _body_over_bound(self, size: int) -> Diagnostic:
        message = (
            f"the request body is {size} bytes, over the bound of {self.max_body} "
            f"({_BODY_BOUND_FACTOR} times max-document-bytes, {self.limits.max_document_bytes}): "
            "the document in it is over max-document-bytes; split it"
        )
        return Diagnostic(rule=DOCUMENT_SIZE, message=message, value=size, limit=self.max_body)

    def _charge(self, org: Org, charged: int, response: Response) -> None:
        with self.state.lock:
            org.spent.add(self.state.now(), charged)
            used = self.state.credits_used(org)
        pool = org.credit_pool
        if used >= pool * service_limits().credits_header_from_used:
            response.headers.append(("X-API-CREDITS-REMAINING", str(max(0, pool - used))))

    def _change_schema(self, field_path: str) -> None:
        with self.state.lock:
            self.state.removed_fields.add(field_path)

    def _served_schema(self) -> Schema:
        """The schema queries are judged by: the original, less any fields a schema-change
        fault removed (derived from the state, so that a reset restores it)."""
        with self.state.lock:
            removed = frozenset(self.state.removed_fields)
        if not removed:
            return self.schema
        with self._changed_lock:  # queries are analysed on several threads
            if self._changed is None or self._changed[0] != removed:
                from zgql._emulator._schema_change import without_field  # noqa: PLC0415 - rare

                self._changed = (removed, without_field(self.schema, set(removed)))
            return self._changed[1]

    # -- /crm/graphql/actions/enable -----------------------------------------------------------

    async def enable(self, request: Request, faults: list[Fault]) -> Response:
        token, failure = self._authenticate(request, faults)
        if failure is not None:
            return self._recorded(request, failure)
        assert token is not None
        org = self.state.orgs[token.org_id]
        service = service_limits()
        enabling = {service.graphql_enable_scope.lower(), service.graphql_all_scope.lower()}
        if not any(s.lower() in enabling for s in token.scopes):
            return self._recorded(
                request,
                envelope(401, "OAUTH_SCOPE_MISMATCH", "invalid oauth scope to access this URL"),
            )
        if not editions()[org.edition].graphql:
            return self._recorded(
                request,
                envelope(
                    400, "FEATURE_NOT_SUPPORTED", "the GraphQL API is not available in this edition"
                ),
            )
        if org.graphql_enabled:
            return self._recorded(
                request,
                envelope(
                    400, "ALREADY_ENABLED", "graphql schema already generated for your profile"
                ),
            )
        org.graphql_enabled = True
        return self._recorded(
            request,
            as_json(
                200,
                {
                    "code": "SUCCESS",
                    "details": {"profile": {"id": f"{org.id}000000000419"}},
                    "message": "graphql schema generated successfully for your profile",
                    "status": "success",
                },
            ),
        )

    # -- /oauth/v2/token -----------------------------------------------------------------------

    async def token(self, request: Request, faults: list[Fault]) -> Response:
        params = {**request.query, **_form(request)}
        client = self.state.clients.get(params.get("client_id", ""))
        if client is None or not _same(client.client_secret, params.get("client_secret", "")):
            return self._recorded(
                request, as_json(200, {"error": "invalid_client"}, "invalid_client")
            )
        grant = params.get("grant_type")
        if grant == "refresh_token":
            return self._recorded(request, self._refresh(client, params.get("refresh_token", "")))
        if grant == "authorization_code":
            return self._recorded(request, self._exchange(client, params.get("code", "")))
        return self._recorded(
            request, as_json(200, {"error": "unsupported_grant_type"}, "unsupported_grant_type")
        )

    def _refresh(self, client: Any, refresh_token: str) -> Response:
        entry = self.state.refresh_tokens.get(refresh_token)
        if entry is None or entry[0] != client.client_id:
            return as_json(200, {"error": "invalid_code"}, "invalid_code")
        limits = service_limits()
        with self.state.lock:
            mints = entry[1]
            throttled = mints.total(self.state.now()) >= limits.tokens_per_refresh_window
            if not throttled:
                mints.add(self.state.now())
        if throttled:
            return as_json(
                200,
                {
                    "error_description": "You have made too many requests continuously. "
                    "Please try again after some time.",
                    "error": "Access Denied",
                    "status": "failure",
                },
                "Access Denied",
            )
        return as_json(200, self._access_token_body(client))

    def _exchange(self, client: Any, code: str) -> Response:
        with self.state.lock:
            entry = self.state.grant_codes.pop(code, None)  # a grant code is single use
        if entry is None or entry[0] != client.client_id or entry[1] < self.state.now():
            return as_json(200, {"error": "invalid_code"}, "invalid_code")
        body = self._access_token_body(client)
        body["refresh_token"] = self.state.add_refresh_token(client)
        return as_json(200, body)

    def _access_token_body(self, client: Any) -> dict[str, Any]:
        lifetime = service_limits().access_token_seconds
        org = self.state.orgs[client.org_id]
        token = self.state.add_access_token(org, client.scopes, lifetime, client.dc)
        return {
            "access_token": token,
            "scope": " ".join(client.scopes),
            "api_domain": self.base_url(),
            "token_type": "Bearer",
            "expires_in": lifetime,
        }

    # -- the test side's own endpoint ----------------------------------------------------------

    def _admin(self, request: Request) -> Response:
        from zgql._emulator._admin import handle  # noqa: PLC0415 - only tests use it

        if not _same(request.headers.get("x-zgql-admin", ""), self.admin_secret):
            return envelope(
                404,
                "INVALID_URL_PATTERN",
                "Please check if the URL trying to access is a correct one",
            )
        return handle(self.state, request)


_Route = Callable[[EmulatorApp, Request, list[Fault]], Awaitable[Response]]
_ROUTES: dict[tuple[str, str], _Route] = {
    ("POST", "/crm/graphql"): EmulatorApp.graphql,
    ("POST", "/crm/graphql/actions/enable"): EmulatorApp.enable,
    ("POST", "/oauth/v2/token"): EmulatorApp.token,
}


NOT_JSON: Any = object()  # what read_json gives for a body that is not JSON


def read_json(body: bytes) -> Any:
    """The JSON value of ``body``, or :data:`NOT_JSON`: also for JSON too deep to read, for a
    number too long to convert, and for ``NaN`` and ``Infinity``, which JSON does not have."""
    try:
        return json.loads(body, parse_constant=_no_constant)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return NOT_JSON


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def not_json() -> Response:
    return envelope(400, "INVALID_DATA", "the body is not valid JSON")


def _same(given: str, expected: str) -> bool:
    """A secret compared in constant time, whatever characters ``given`` holds (compare_digest
    refuses non-ASCII text with a TypeError; a header is any latin-1 text)."""
    return secrets.compare_digest(
        given.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass")
    )


def _too_many(what: str) -> Response:
    return envelope(429, "TOO_MANY_REQUESTS", f"too many requests: the org's {what} are used up")


def _wrong_member(body: Any) -> Response | None:
    """HTTP 400 ``INVALID_DATA`` for a body that is not an object, or a member of the wrong
    type, as Zoho's REST API answers a value of the wrong type (``expected_data_type``); a
    missing or null member is not wrong here (a missing ``query`` is MANDATORY_NOT_FOUND)."""
    if not isinstance(body, dict):
        return envelope(
            400,
            "INVALID_DATA",
            "the body must be a JSON object",
            {"expected_data_type": "jsonobject"},
        )
    for member, kind, expected in (
        ("query", str, "string"),
        ("variables", dict, "jsonobject"),
        ("operationName", str, "string"),
    ):
        value = body.get(member)
        if value is not None and not isinstance(value, kind):
            return envelope(
                400,
                "INVALID_DATA",
                f"invalid data: {member} must be a {expected}",
                {"api_name": member, "expected_data_type": expected},
            )
    return None


@dataclass(frozen=True)
class _GraphQLCall:
    """What a GraphQL body holds (each of the right type, by ``_wrong_member``)."""

    query: str | None
    variables: dict[str, Any] | None
    operation_name: str | None

    def details(self, org: Org) -> dict[str, Any]:
        """For the call record."""
        return {
            "org_id": org.id,
            "query": self.query,
            "variables": self.variables,
            "operation_name": self.operation_name,
        }


def _rejection(report: Report) -> Response | None:
    """HTTP 200 with ``errors``: request errors without ``data``, limits with ``data: null``."""
    request_errors = [d for d in report.diagnostics if d.rule in _REQUEST_ERRORS]
    if request_errors:
        return as_json(200, {"errors": [_error(d, _classification(d)) for d in request_errors]})
    limit_errors = [d for d in report.diagnostics if d.severity == "error"]
    if limit_errors:
        return as_json(
            200, {"errors": [_error(d, "ExecutionAborted") for d in limit_errors], "data": None}
        )
    return None


def _classification(diagnostic: Diagnostic) -> str:
    return "InvalidSyntax" if diagnostic.rule in (SYNTAX, DOCUMENT_SIZE) else "ValidationError"


def _error(diagnostic: Diagnostic, classification: str) -> dict[str, Any]:
    # The emulator answers as the org: zgql's hint about the bundled schema is not Zoho's.
    error: dict[str, Any] = {"message": diagnostic.message.removesuffix(" " + BUNDLED_SCHEMA_HINT)}
    if diagnostic.line is not None:
        error["locations"] = [{"line": diagnostic.line, "column": diagnostic.column}]
    extensions: dict[str, Any] = {"classification": classification}
    if classification == "ExecutionAborted" or diagnostic.rule == DOCUMENT_SIZE:
        extensions.update(
            rule=diagnostic.rule, value=_number(diagnostic.value), limit=_number(diagnostic.limit)
        )
    error["extensions"] = extensions
    return error


def _number(value: object) -> object:
    if value is None or isinstance(value, int):
        return value
    return float(value)  # type: ignore[arg-type]


def _result_body(result: ExecutionResult, *, partial: bool) -> dict[str, Any]:
    body: dict[str, Any] = {"data": result.data}
    errors = [error.formatted for error in result.errors or ()]
    if partial:
        errors.append(
            {
                "message": "Exception while fetching data: an internal error occurred",
                "extensions": {"classification": "DataFetchingException"},
            }
        )
    if errors:
        body["errors"] = errors
    return body


def _denied(report: Report, org: Org) -> Response | None:
    """HTTP 403 when the profile may not read a module the query reads."""
    if not org.denied_modules or not report.operations:
        return None
    read = {node.type_name.removesuffix("__data") for node in report.operations[0].breakdown.walk()}
    denied = sorted(read & org.denied_modules)
    if not denied:
        return None
    return envelope(
        403,
        "NO_PERMISSION",
        "permission denied",
        {"permissions": [f"Crm_Implied_View_{module}" for module in denied]},
    )


def _form(request: Request) -> dict[str, str]:
    if "application/x-www-form-urlencoded" not in request.headers.get("content-type", ""):
        return {}
    return _params(request.body)


def _params(encoded: bytes) -> dict[str, str]:
    """``a=1&b=2`` as a dict (the first value of each name); any bytes, decoded leniently."""
    parsed = parse_qs(encoded.decode("utf-8", "replace"), errors="replace")
    return {key: values[0] for key, values in parsed.items()}


async def _read(scope: Scope, receive: Receive, bound: int) -> Request:
    """The request, its body kept up to ``bound`` bytes; a bigger body is received to its end
    (so that the client, still sending, reads the answer) but not kept."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size <= bound:
            chunks.append(chunk)
        if not message.get("more_body"):
            break
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
    query = _params(scope.get("query_string", b""))
    client = tuple(scope["client"]) if scope.get("client") else None
    body = b"".join(chunks) if size <= bound else b""
    return Request(scope["method"], scope["path"], headers, body, query, client, size, size > bound)


async def _send(send: Send, response: Response) -> None:
    headers = [
        (b"content-type", response.content_type.encode()),
        (b"content-length", str(len(response.body)).encode()),
        *((k.encode(), v.encode()) for k, v in response.headers),
    ]
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": response.body})


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
