"""The exceptions zgql raises.

Analysis never raises on the text it is given: everything wrong with a query is a
:class:`zgql.Diagnostic`. Exceptions are for what zgql cannot work without, and for the
client's outcomes that are not data::

    ZgqlError
    ├── ConfigError              a configuration file or mapping that zgql cannot use
    ├── SchemaError              a schema file that cannot be read or is not a schema
    ├── QueryRejected            not sent: Zoho would reject it, or a budget says no
    ├── CoordinationError        the shared coordinator (Redis) cannot be used: nothing is sent
    ├── ConnectionFailed         no answer at all (refused, reset, timed out), retries spent
    └── ZohoError                an answer that is not the data asked for
        ├── QueryValidationError     HTTP 200 + errors: the document does not fit the schema
        ├── LimitExceeded            HTTP 200 + errors: depth, complexity, credits (aborted)
        ├── FeatureNotEnabled        HTTP 400 FEATURE_NOT_ENABLED
        ├── FeatureNotSupported      HTTP 400 FEATURE_NOT_SUPPORTED
        ├── MandatoryNotFound        HTTP 400 MANDATORY_NOT_FOUND
        ├── ScopeMismatch            HTTP 400/401 OAUTH_SCOPE_MISMATCH
        ├── InvalidToken             HTTP 401 INVALID_TOKEN
        ├── AuthenticationFailed     HTTP 401 AUTHENTICATION_FAILED
        ├── NoPermission             HTTP 403 NO_PERMISSION
        ├── InvalidUrl               HTTP 404 INVALID_URL_PATTERN
        ├── RateLimited              HTTP 429 TOO_MANY_REQUESTS, or the token endpoint's throttle
        │   └── CreditsExhausted         the org's daily credit pool is spent
        ├── ServerError              HTTP 5xx
        ├── ProtocolError            a body that is not the JSON it should be
        └── OAuthError               the token endpoint refused: invalid_code, invalid_client

No exception carries a token or a client secret: messages, reprs and attributes hold only what
the server answered and what zgql computed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from zgql._service import editions, service_limits

if TYPE_CHECKING:
    from zgql._report import Diagnostic, Report

__all__ = [
    "AuthenticationFailed",
    "ConfigError",
    "ConnectionFailed",
    "CoordinationError",
    "CreditsExhausted",
    "FeatureNotEnabled",
    "FeatureNotSupported",
    "InvalidToken",
    "InvalidUrl",
    "LimitExceeded",
    "MandatoryNotFound",
    "NoPermission",
    "OAuthError",
    "ProtocolError",
    "QueryRejected",
    "QueryValidationError",
    "RateLimited",
    "SchemaError",
    "ScopeMismatch",
    "ServerError",
    "ZgqlError",
    "ZohoError",
]


class ZgqlError(Exception):
    """Base class of every exception zgql raises."""


class ConfigError(ZgqlError):
    """Configuration that zgql cannot use; the message names the file and the key."""


class SchemaError(ZgqlError):
    """A schema (introspection or metadata JSON) that cannot be loaded; names the file."""


class QueryRejected(ZgqlError):
    """The query was not sent: Zoho would reject it, or it is over a budget.

    ``report`` is the local analysis; ``diagnostics`` are the reasons.
    """

    def __init__(
        self, message: str, report: Report | None, diagnostics: Sequence[Diagnostic]
    ) -> None:
        super().__init__(message)
        self.report = report
        self.diagnostics = tuple(diagnostics)


class CoordinationError(ZgqlError):
    """The coordinator the clients of an org share (Redis) could not be used: unreachable,
    timed out, or its refresh lock not obtained in time. Fails closed: nothing is sent without
    the org-wide limits. The message names the server without its password."""


class ConnectionFailed(ZgqlError):
    """No answer came: the connection was refused, reset or timed out, and retries are spent."""


class ZohoError(ZgqlError):
    """An answer from Zoho that is not the data asked for.

    Carries all the answer said: the HTTP ``status``, Zoho's ``code``, ``message`` and
    ``details``, the GraphQL ``errors``, any partial ``data``, and the response ``headers``.
    ``advice`` says what to do next; ``str()`` gives both.
    """

    advice = "look at the code and message Zoho sent"

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        details: Mapping[str, Any] | None = None,
        errors: Sequence[Mapping[str, Any]] = (),
        data: Any = None,
        headers: Mapping[str, str] | None = None,
        advice: str | None = None,
    ) -> None:
        self.message = message
        self.status, self.code = status, code
        self.details = dict(details or {})
        self.errors = tuple(errors)
        self.data = data
        self.headers = dict(headers or {})
        self.advice = advice if advice is not None else self._advice()
        where = (
            f"HTTP {status}" + (f" {code}" if code else "") if status is not None else code or ""
        )
        super().__init__(
            f"{where}: {message} — {self.advice}" if where else f"{message} — {self.advice}"
        )

    @classmethod
    def _advice(cls) -> str:
        """What to do next, when the raiser says nothing more precise: the class's own."""
        return cls.advice

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"{name}(status={self.status!r}, code={self.code!r}, message={self.message!r})"


class QueryValidationError(ZohoError):
    advice = (
        "the query does not fit the org's schema: refresh the cached schema with "
        "'zgql schema pull' (Zoho shows field changes within about five minutes) and check again"
    )


class LimitExceeded(ZohoError):
    advice = "split the query, or drop lookups and fields; 'zgql explain' shows where the cost is"


class FeatureNotEnabled(ZohoError):
    @classmethod
    def _advice(cls) -> str:
        scope = service_limits().graphql_enable_scope
        return (
            "enable GraphQL for this profile once: POST {api-domain}/crm/graphql/actions/enable "
            f"with a token that has {scope}"
        )


class FeatureNotSupported(ZohoError):
    @classmethod
    def _advice(cls) -> str:
        able = [e.name.capitalize() for e in editions().values() if e.graphql]
        return (
            f"this org's edition has no GraphQL API: it needs {' or '.join(able)} (or a bundle "
            "with one, such as Zoho One Enterprise or CRM Plus), and not a trial"
        )


class MandatoryNotFound(ZohoError):
    advice = "send a JSON body with a 'query'"


class ScopeMismatch(ZohoError):
    @classmethod
    def _advice(cls) -> str:
        service = service_limits()
        return (
            f"the token lacks a scope: authorise again with {service.graphql_scope} and the "
            f"scopes of the modules queried (e.g. {service.module_scopes[0]})"
        )


class InvalidToken(ZohoError):
    advice = "the access token is expired or revoked: refresh it (zgql.ZohoOAuth does so by itself)"


class AuthenticationFailed(ZohoError):
    advice = (
        "the token belongs to another data centre: send API calls to the api_domain that the "
        "token response gave"
    )


class NoPermission(ZohoError):
    advice = (
        "the user's profile lacks a permission (see details.permissions): ask a CRM administrator"
    )


class InvalidUrl(ZohoError):
    advice = (
        "the URL is wrong: GraphQL is POST {api-domain}/crm/graphql, with no version in the path"
    )


class RateLimited(ZohoError):
    """Too many calls in flight for the org, or the daily credits are spent (Zoho does not say
    which), or the token endpoint's ten-tokens-per-ten-minutes throttle. ``retry_after`` is the
    wait in seconds when known."""

    advice = (
        "wait and try again with backoff; if the org's daily credits are spent, the rolling "
        "24-hour window frees them"
    )

    def __init__(self, message: str, *, retry_after: float | None = None, **answer: Any) -> None:
        self.retry_after = retry_after
        super().__init__(message, **answer)


class CreditsExhausted(RateLimited):
    """The org's rolling 24-hour credit pool is spent: known before sending (Zoho said no
    credits remain, or this call would pass the pool), or Zoho's 429 in that state.
    ``retry_after`` is when enough credits roll off to make the call, when known. The client
    does not retry it sooner."""

    advice = (
        "the org's daily credits are used up: wait until they roll off the 24-hour window "
        "(retry_after), or buy add-on credits"
    )


class ServerError(ZohoError):
    advice = "Zoho failed on its side: try again later (zgql retries these with backoff)"


class ProtocolError(ZohoError):
    advice = (
        "the answer was not the JSON Zoho sends (an HTML error page from a proxy, a cut-off "
        "body): try again; if it persists, check the api_domain and any proxy in between"
    )


class OAuthError(ZohoError):
    """The token endpoint refused: ``code`` is its ``error`` (``invalid_code``, ...)."""

    advice = (
        "the refresh token or grant code is invalid, expired or revoked, or the client id, "
        "secret or accounts server is wrong: run 'zgql auth' with a new grant code"
    )
