"""The client's policy, with no I/O: what to send, what an answer means, whether to retry.

``Client`` and ``AsyncClient`` are thin faces over this core (as httpx's are over its
``BaseClient``): they move bytes; every decision is made here, where it can be tested without
a socket.
"""

from __future__ import annotations

import json
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from zgql._analysis._analyze import analyze
from zgql._analysis._rules._names import BUDGET, OPERATION_NAME
from zgql._analysis._rules.budget import BudgetRule
from zgql._coordination._base import Refusal
from zgql._exceptions import (
    AuthenticationFailed,
    ConnectionFailed,
    CreditsExhausted,
    FeatureNotEnabled,
    FeatureNotSupported,
    InvalidToken,
    InvalidUrl,
    LimitExceeded,
    MandatoryNotFound,
    NoPermission,
    ProtocolError,
    QueryRejected,
    QueryValidationError,
    RateLimited,
    ScopeMismatch,
    ServerError,
    ZgqlError,
    ZohoError,
)
from zgql._limits import Limits
from zgql._report import Diagnostic, OperationReport, Report
from zgql._schema import Schema

__all__ = ["ClientCore", "Prepared", "Result", "RetryPolicy"]

_BY_CODE: dict[str, type[ZohoError]] = {
    "FEATURE_NOT_ENABLED": FeatureNotEnabled,
    "FEATURE_NOT_SUPPORTED": FeatureNotSupported,
    "MANDATORY_NOT_FOUND": MandatoryNotFound,
    "OAUTH_SCOPE_MISMATCH": ScopeMismatch,
    "INVALID_TOKEN": InvalidToken,
    "INVALID_OAUTHTOKEN": InvalidToken,  # Zoho Accounts' name for the same failure
    "AUTHENTICATION_FAILED": AuthenticationFailed,
    "NO_PERMISSION": NoPermission,
    "INVALID_URL_PATTERN": InvalidUrl,
    "TOO_MANY_REQUESTS": RateLimited,
    "INTERNAL_ERROR": ServerError,
}
_BY_STATUS: dict[int, type[ZohoError]] = {
    401: InvalidToken,
    403: NoPermission,
    404: InvalidUrl,
    429: RateLimited,
}
_VALIDATION = frozenset({"ValidationError", "InvalidSyntax"})
_BUDGET = BudgetRule()
RETRYABLE: tuple[type[Exception], ...] = (RateLimited, ServerError, ProtocolError, ConnectionFailed)


@dataclass(frozen=True, slots=True)
class Result:
    """What a call gave: the ``data``, the local ``report`` (its figures), the credits charged
    as far as known (zgql's estimate: Zoho does not report a call's cost), and the credits left
    in the org's day when Zoho said (``X-API-CREDITS-REMAINING``, sent once half is used)."""

    data: dict[str, Any]
    report: Report
    credits: int
    credits_remaining: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict, repr=False)

    @property
    def operation(self) -> OperationReport:
        return self.report.operations[0]


@dataclass(frozen=True, slots=True)
class Prepared:
    """A query that passed the pre-flight checks, ready to send."""

    query: str
    variables: dict[str, Any] | None
    operation_name: str | None
    report: Report
    credits: int


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Exponential backoff with full jitter (delay uniform in 0..min(cap, base × 2^n)), for
    429, 5xx, bodies that are not JSON, and connections that fail; at most ``attempts`` tries
    and ``total_seconds`` in all. A ``Retry-After`` from the server is honoured when sent."""

    attempts: int = 4
    base_seconds: float = 0.5
    cap_seconds: float = 30.0
    total_seconds: float = 120.0

    def delay(
        self, error: Exception, attempt: int, elapsed: float, rng: random.Random
    ) -> float | None:
        """Seconds to wait before try ``attempt + 1``, or None: give up and raise ``error``."""
        if not isinstance(error, RETRYABLE) or attempt >= self.attempts:
            return None
        wait = rng.uniform(0, min(self.cap_seconds, self.base_seconds * 2 ** (attempt - 1)))
        if isinstance(error, RateLimited) and error.retry_after is not None:
            wait = max(wait, error.retry_after)
        return wait if elapsed + wait <= self.total_seconds else None


class ClientCore:
    """Pre-flight, interpretation and retry decisions for one client."""

    def __init__(
        self,
        schema: Schema,
        limits: Limits,
        *,
        budget_per_call: int | None = None,
        budget_per_day: int | None = None,
        daily_pool: int | None = None,
    ) -> None:
        self.schema, self.limits = schema, limits
        self.budget_per_call, self.budget_per_day = budget_per_call, budget_per_day
        self.daily_pool = daily_pool  # the org's pool (edition and licences), when known

    # -- before sending ---------------------------------------------------------------------------

    def prepare(
        self, query: str, variables: Mapping[str, Any] | None, operation_name: str | None
    ) -> Prepared:
        """Analyse; raise :class:`QueryRejected` for what Zoho or a budget would refuse."""
        report = analyze(
            query,
            self.schema,
            # As given: analysis reports variables of the wrong shape (nothing raises here).
            variables=variables if variables is not None else {},
            operation_name=operation_name,
            limits=self.limits,
        )
        errors = [d for d in report.diagnostics if d.severity == "error"]
        if errors:
            raise QueryRejected(_rejection(errors), report, errors)
        if len(report.operations) != 1:
            diagnostic = Diagnostic(
                rule=OPERATION_NAME,
                message=(
                    "the document holds several operations: say which one "
                    "(operation_name= in Python, --operation NAME on the command line)"
                ),
            )
            raise QueryRejected(diagnostic.message, report, [diagnostic])
        operation = report.operations[0]
        charged = operation.credits
        over = _BUDGET.check(
            operation.name, operation.credits_exact, self.budget_per_call, set_by="budget_per_call"
        )
        if over is not None:
            raise QueryRejected(f"not sent: {over.message}", report, [over])
        return Prepared(
            query, dict(variables) if variables else None, operation_name, report, charged
        )

    @property
    def daily_cap(self) -> int | None:
        """What the rolling day may use: the caller's ``budget_per_day``, and never more than
        the org's pool when it is known."""
        caps = [c for c in (self.budget_per_day, self.daily_pool) if c is not None]
        return min(caps) if caps else None

    def refused(self, prepared: Prepared, refusal: Refusal) -> ZgqlError:
        """The error for credits the coordinator would not reserve: over the caller's
        ``budget_per_day`` (QueryRejected), or past the org's pool (CreditsExhausted)."""
        by_pool = self.daily_pool is not None and refusal.limit == self.daily_pool
        if refusal.reason == "budget" and not (by_pool and self.daily_cap == self.daily_pool):
            return _over_the_day(prepared.report, refusal.used + prepared.credits, refusal.limit)
        return _exhausted(refusal, prepared.credits)

    def pool_spent(self, prepared: Prepared, remaining: int | None, used: int) -> bool:
        """Whether a 429 means the day is spent rather than a passing burst (Zoho's answer
        says neither): Zoho's last word on what remains cannot pay for the call, or the
        rolling day's use (this call's reservation in it) is past the org's known pool."""
        if remaining is not None and remaining < prepared.credits:
            return True
        return self.daily_pool is not None and used > self.daily_pool

    @staticmethod
    def charged(error: BaseException | None, prepared: Prepared) -> int:
        """What a call cost the org: its credits when Zoho executed it (data came, even beside
        errors), nothing when it was refused or never answered."""
        if error is None or getattr(error, "data", None) is not None:
            return prepared.credits
        return 0

    @staticmethod
    def remaining(headers: Mapping[str, str]) -> int | None:
        """``X-API-CREDITS-REMAINING``, when Zoho sent it (from half the pool used on)."""
        return _int({k.lower(): v for k, v in headers.items()}.get("x-api-credits-remaining"))

    # -- after the answer -------------------------------------------------------------------------

    def interpret(
        self, status: int, headers: Mapping[str, str], body: bytes, prepared: Prepared
    ) -> Result:
        """The data of a successful answer, or the typed error it stands for."""
        lowered = {k.lower(): v for k, v in headers.items()}
        if status != 200:
            raise self._failure(status, lowered, body)
        payload = _json(body)
        if not isinstance(payload, dict) or not ({"data", "errors"} & payload.keys()):
            raise ProtocolError(_not_json(body), status=status, headers=lowered)
        if payload.get("errors"):
            raise self._graphql_errors(payload, lowered, prepared)
        remaining = _int(lowered.get("x-api-credits-remaining"))
        return Result(
            payload.get("data") or {}, prepared.report, prepared.credits, remaining, lowered
        )

    def _failure(self, status: int, headers: dict[str, str], body: bytes) -> ZohoError:
        payload = _json(body)
        kind: type[ZohoError]
        if not isinstance(payload, dict) or "code" not in payload:
            kind = ServerError if status >= 500 else ProtocolError
            return kind(_not_json(body), status=status, headers=headers)
        code = str(payload["code"])
        kind = (
            _BY_CODE.get(code)
            or _BY_STATUS.get(status)
            or (ServerError if status >= 500 else ZohoError)
        )
        answer: dict[str, Any] = {
            "status": status,
            "code": code,
            "headers": headers,
            "details": details if isinstance(details := payload.get("details"), dict) else {},
        }
        message = str(payload.get("message") or code)
        if kind is RateLimited:
            return RateLimited(message, retry_after=_retry_after(headers), **answer)
        return kind(message, **answer)

    def _graphql_errors(
        self, payload: dict[str, Any], headers: dict[str, str], prepared: Prepared
    ) -> ZohoError:
        """HTTP 200 with ``errors``: a failure even beside data (kept as ``.data``). Validation
        errors mean schema drift; aborted executions mean limits; anything else is reported
        as Zoho said it."""
        errors = [e for e in payload["errors"] if isinstance(e, dict)] or [
            {"message": str(payload["errors"])}
        ]
        said = "; ".join(str(e.get("message", "")) for e in errors)
        answer: dict[str, Any] = {
            "status": 200,
            "errors": errors,
            "data": payload.get("data"),
            "headers": headers,
        }
        kind = _error_kind(errors, payload.get("data"))
        if kind is ZohoError:
            return ZohoError(
                f"Zoho answered with errors: {said}",
                **answer,
                advice=(
                    "the call partly failed on Zoho's side: the data that came is in .data; "
                    "try again later"
                ),
            )
        operation = prepared.report.operations[0]
        message = (
            f"Zoho rejected a query that zgql's analysis accepted (zgql: complexity "
            f"{operation.complexity}, {operation.credits} credits, records depth "
            f"{operation.records_depth}, metadata depth {operation.metadata_depth}); "
            f"Zoho said: {said}"
        )
        advice = (
            None
            if kind is QueryValidationError
            else (
                "the local cost model underestimated this query: recalibrate the "
                "interpretations in [tool.zgql.interpretations] (see zgql explain), or split it"
            )
        )
        return kind(message, **answer, advice=advice)


def _error_kind(errors: list[dict[str, Any]], data: Any) -> type[ZohoError]:
    classes = {str((e.get("extensions") or {}).get("classification", "")) for e in errors}
    if classes & _VALIDATION:
        return QueryValidationError
    if "ExecutionAborted" in classes:
        return LimitExceeded
    words = " ".join(str(e.get("message", "")).lower() for e in errors)
    if any(w in words for w in ("complexity", "depth", "credit", "limit")):
        return LimitExceeded  # Zoho documents no code for these: recognise them by their words
    if not classes - {""} and _before_execution(errors, data):
        return QueryValidationError  # unclassified, but pointing into a document never run
    return ZohoError


def _before_execution(errors: list[dict[str, Any]], data: Any) -> bool:
    """Errors about the document itself: they point into it (``locations``), and come before
    execution, so with no data and no error at a ``path`` of the result (an error with a path
    happened while executing, as one beside data did)."""
    return (
        data is None
        and any("locations" in e for e in errors)
        and not any("path" in e for e in errors)
    )


def _rejection(errors: list[Diagnostic]) -> str:
    first = errors[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    where = f"{first.line}:{first.column}: " if first.line else ""
    return f"not sent: {where}{first.rule}: {first.message}{more}"


def _over_the_day(report: Report, value: int, budget: int) -> QueryRejected:
    """The rolling day's use, not one operation's cost: budget_per_day, held by the coordinator."""
    diagnostic = Diagnostic(
        rule=BUDGET,
        value=value,
        limit=budget,
        message=(
            f"{value} credits would exceed the budget of {budget} per day: make the query cheaper "
            "(zgql explain), wait for credits to roll off, or raise the budget"
        ),
    )
    return QueryRejected(f"not sent: {diagnostic.message}", report, [diagnostic])


def _exhausted(refusal: Refusal, credits: int) -> CreditsExhausted:  # noqa: A002 - the domain's word
    wait = refusal.retry_after
    when = f"; {credits} credits free up in {wait:.0f} s" if wait is not None else ""
    return CreditsExhausted(
        f"not sent: the org's daily credits are used up ({refusal.used} of "
        f"{refusal.limit} in the rolling 24 hours){when}",
        retry_after=wait,
        code="CREDITS_EXHAUSTED",
    )


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None


def _not_json(body: bytes) -> str:
    excerpt = body[:120].decode("utf-8", "replace").replace("\n", " ")
    return f"the answer is not Zoho's JSON ({len(body)} bytes: {excerpt!r})"


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _retry_after(headers: Mapping[str, str]) -> float | None:
    value = headers.get("retry-after")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None  # an HTTP date: Zoho documents no Retry-After at all, so keep it simple
