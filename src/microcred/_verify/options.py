"""The caller's options, checked once at the boundary, and the budget shared across a run.

A wrong argument is the caller's mistake and raises :class:`TypeError` / :class:`ValueError`
saying what to pass; document content never raises (it becomes failed checks).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Any

from .._di.resolvers import DidKeyResolver, KeyResolver
from .._di.suites import DEFAULT_VERIFY_SUITES
from ..jsonld._rdfc import DEFAULT_LIMITS, Limits

#: Clock skew tolerated on validity windows and proof times (5 minutes, as
#: @digitalbazaar/vc ``maxClockSkew``).
DEFAULT_CLOCK_SKEW = timedelta(minutes=5)
#: Largest serialised document (str/bytes input) accepted: 8 MiB.
DEFAULT_MAX_BYTES = 8 * 1024 * 1024
#: How deep embedded endorsements are followed (an endorsement of an endorsement is depth 2).
DEFAULT_ENDORSEMENT_DEPTH = 2

#: ``status_checker(credential, now=...)`` returns a :class:`~microcred.Check`, an
#: :class:`~microcred.Outcome`, a bool, or an object with an ``outcome`` of
#: ``"valid"``/``"revoked"``/``"suspended"``/``"could-not-check"`` (and optionally ``code``,
#: ``message``, ``message_ja``). Any other answer is ``status-answer-invalid``.
StatusChecker = Callable[..., Any]
EndorsementHook = Callable[[Any, int], Any]

PROOF_POLICIES = ("all", "any")
_DID_KEY = DidKeyResolver()  # (stateless: shared by every verification without a resolver)


class Budget:
    """Work left for one verification, shared by the document and its endorsements."""

    __slots__ = ("proofs",)

    def __init__(self, limits: Limits) -> None:
        self.proofs = limits.max_total_proofs

    def take_proofs(self, n: int) -> bool:
        """Spend ``n`` proofs; False (and nothing spent) when fewer are left."""
        if n > self.proofs:
            return False
        self.proofs -= n
        return True


@dataclass(frozen=True)
class Options:
    """Everything the stages read besides the document (see :func:`microcred.verify`)."""

    resolver: KeyResolver
    now: datetime
    clock_skew: timedelta = DEFAULT_CLOCK_SKEW
    status_checker: StatusChecker | None = None
    require_status: bool = True
    cryptosuites: frozenset[str] = DEFAULT_VERIFY_SUITES
    proof_policy: str = "all"
    proof_purpose: str = "assertionMethod"
    domain: str | None = None
    challenge: str | None = None
    loader: Any = None
    limits: Limits = DEFAULT_LIMITS
    max_bytes: int = DEFAULT_MAX_BYTES
    allow_inline_contexts: bool = False
    verify_endorsements: bool = True
    max_endorsement_depth: int = DEFAULT_ENDORSEMENT_DEPTH
    on_endorsement: EndorsementHook | None = None
    budget: Budget = field(default=None, compare=False)  # type: ignore[assignment]

    def for_endorsement(self) -> Options:
        """Endorsements are verified as assertions (OB 3.0 step 6): the caller's purpose,
        domain and challenge belong to the outer document; the budget is shared."""
        return replace(self, proof_purpose="assertionMethod", domain=None, challenge=None)


def _type_error(name: str, expected: str, got: Any) -> TypeError:
    return TypeError(f"{name} must be {expected}, not {type(got).__name__}")


def make_options(*, resolver: Any = None, now: Any = None,
                 clock_skew: Any = DEFAULT_CLOCK_SKEW, status_checker: Any = None,
                 require_status: Any = True, cryptosuites: Any = None,
                 proof_policy: Any = "all", proof_purpose: Any = "assertionMethod",
                 domain: Any = None, challenge: Any = None, loader: Any = None,
                 limits: Any = None, max_bytes: Any = DEFAULT_MAX_BYTES,
                 allow_inline_contexts: Any = False, verify_endorsements: Any = True,
                 max_endorsement_depth: Any = DEFAULT_ENDORSEMENT_DEPTH,
                 on_endorsement: Any = None, budget: Budget | None = None) -> Options:
    """Check the caller's arguments and build :class:`Options` (TypeError/ValueError naming
    the argument and what to pass)."""
    if resolver is None:
        resolver = _DID_KEY
    elif not callable(getattr(resolver, "resolve", None)):
        raise _type_error("resolver", "a KeyResolver (an object with .resolve(vm))", resolver)
    if now is None:
        now = datetime.now(timezone.utc)
    elif not isinstance(now, datetime):
        raise _type_error("now", "a datetime (e.g. datetime.now(timezone.utc))", now)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    if not isinstance(clock_skew, timedelta):
        raise _type_error("clock_skew", "a timedelta", clock_skew)
    if clock_skew < timedelta(0) or clock_skew > timedelta(days=1):
        raise ValueError("clock_skew must be between 0 and 1 day")
    if status_checker is not None and not callable(status_checker):
        raise _type_error("status_checker", "a callable status_checker(credential, now=...)",
                          status_checker)
    if isinstance(cryptosuites, str):
        raise TypeError("cryptosuites must be a collection of suite names, e.g. "
                        f"[{cryptosuites!r}], not a string")
    suites = (DEFAULT_VERIFY_SUITES if cryptosuites is None
              else frozenset(_strings("cryptosuites", cryptosuites)))
    if proof_policy not in PROOF_POLICIES:
        raise ValueError(f"proof_policy must be 'all' or 'any', not {proof_policy!r}")
    if not isinstance(proof_purpose, str) or not proof_purpose:
        raise _type_error("proof_purpose", "a non-empty string", proof_purpose)
    for name, value in (("domain", domain), ("challenge", challenge)):
        if value is not None and not isinstance(value, str):
            raise _type_error(name, "a string or None", value)
    if loader is not None and not callable(loader):
        raise _type_error("loader", "a microcred.jsonld.StaticLoader (or a pyld loader)",
                          loader)
    if limits is None:
        limits = DEFAULT_LIMITS
    elif not isinstance(limits, Limits):
        raise _type_error("limits", "a microcred.jsonld.Limits", limits)
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 0:
        raise TypeError("max_bytes must be a non-negative int")
    if isinstance(max_endorsement_depth, bool) or not isinstance(max_endorsement_depth, int):
        raise _type_error("max_endorsement_depth", "an int", max_endorsement_depth)
    if on_endorsement is not None and not callable(on_endorsement):
        raise _type_error("on_endorsement", "a callable (endorsement, depth)", on_endorsement)
    return Options(resolver=resolver, now=now, clock_skew=clock_skew,
                   status_checker=status_checker, require_status=bool(require_status),
                   cryptosuites=suites, proof_policy=proof_policy, proof_purpose=proof_purpose,
                   domain=domain, challenge=challenge, loader=loader, limits=limits,
                   max_bytes=max_bytes, allow_inline_contexts=bool(allow_inline_contexts),
                   verify_endorsements=bool(verify_endorsements),
                   max_endorsement_depth=max_endorsement_depth, on_endorsement=on_endorsement,
                   budget=budget if budget is not None else Budget(limits))


def _strings(name: str, values: Iterable[Any]) -> list[str]:
    try:
        items = list(values)
    except TypeError:
        raise _type_error(name, "a collection of strings", values) from None
    if not all(isinstance(v, str) for v in items):
        raise TypeError(f"{name} must contain strings only")
    return items
