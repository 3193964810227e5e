"""zgql: Zoho CRM GraphQL queries checked against a cached schema and Zoho's limits.

    >>> import zgql
    >>> report = zgql.analyze("{ Records { Leads { _data { id { value } } } } }")
    >>> report.operations[0].credits
    1

``import zgql`` is light: the analysis (and graphql-core with it) is imported when first used,
and the client (``Client``, ``AsyncClient``, ``ZohoOAuth``, ...) likewise, so that importing
zgql — the pytest plugin does, in every test session where zgql is installed — and the linter
never load what they do not use.
"""

import importlib as _importlib
import typing as _typing

from zgql._exceptions import (
    AuthenticationFailed,
    ConfigError,
    ConnectionFailed,
    CoordinationError,
    CreditsExhausted,
    FeatureNotEnabled,
    FeatureNotSupported,
    InvalidToken,
    InvalidUrl,
    LimitExceeded,
    MandatoryNotFound,
    NoPermission,
    OAuthError,
    ProtocolError,
    QueryRejected,
    QueryValidationError,
    RateLimited,
    SchemaError,
    ScopeMismatch,
    ServerError,
    ZgqlError,
    ZohoError,
)
from zgql._limits import Interpretations, Limits
from zgql._report import CostNode, Diagnostic, OperationReport, Report
from zgql._version import __version__

if _typing.TYPE_CHECKING:
    from zgql._analysis._analyze import analyze
    from zgql._client import (
        AsyncClient,
        Client,
        FileTokenStore,
        MemoryTokenStore,
        Result,
        RetryPolicy,
        StoredToken,
        TokenStore,
        ZohoOAuth,
    )
    from zgql._coordination import Coordinator, LocalCoordinator
    from zgql._coordination._redis import RedisCoordinator
    from zgql._lint._rules import RULE_NAMES
    from zgql._schema import Schema, load_schema

# Imported on first use: the analysis brings in graphql-core; the client and coordination
# names the HTTP stack (and Redis).
_LAZY = {
    "RULE_NAMES": "zgql._lint._rules",
    "Schema": "zgql._schema",
    "analyze": "zgql._analysis._analyze",
    "load_schema": "zgql._schema",
    "AsyncClient": "zgql._client",
    "Client": "zgql._client",
    "Coordinator": "zgql._coordination",
    "FileTokenStore": "zgql._client",
    "LocalCoordinator": "zgql._coordination",
    "MemoryTokenStore": "zgql._client",
    "RedisCoordinator": "zgql._coordination._redis",
    "Result": "zgql._client",
    "RetryPolicy": "zgql._client",
    "StoredToken": "zgql._client",
    "TokenStore": "zgql._client",
    "ZohoOAuth": "zgql._client",
}

__all__ = [
    "RULE_NAMES",
    "AsyncClient",
    "AuthenticationFailed",
    "Client",
    "ConfigError",
    "ConnectionFailed",
    "CoordinationError",
    "Coordinator",
    "CostNode",
    "CreditsExhausted",
    "Diagnostic",
    "FeatureNotEnabled",
    "FeatureNotSupported",
    "FileTokenStore",
    "Interpretations",
    "InvalidToken",
    "InvalidUrl",
    "LimitExceeded",
    "Limits",
    "LocalCoordinator",
    "MandatoryNotFound",
    "MemoryTokenStore",
    "NoPermission",
    "OAuthError",
    "OperationReport",
    "ProtocolError",
    "QueryRejected",
    "QueryValidationError",
    "RateLimited",
    "RedisCoordinator",
    "Report",
    "Result",
    "RetryPolicy",
    "Schema",
    "SchemaError",
    "ScopeMismatch",
    "ServerError",
    "StoredToken",
    "TokenStore",
    "ZgqlError",
    "ZohoError",
    "ZohoOAuth",
    "__version__",
    "analyze",
    "load_schema",
]


def __getattr__(name: str) -> _typing.Any:
    if name in _LAZY:
        value = getattr(_importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    msg = f"module 'zgql' has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
