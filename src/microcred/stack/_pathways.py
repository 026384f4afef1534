"""Ready-made pathway shapes from the seed: embedded, RPL, modular, and a credit bank ledger.

The seed (``../shared/seed/README.md`` §6) names three pathways from micro-credentials to
degrees (embedded 内包, recognition of prior learning 既修得学習の認定, modular モジュール) and
Thailand's national credit bank.  These helpers only build requirement trees and units: every
number in them is the caller's (the published rules are in ``stackability.md`` (c)).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from fractions import Fraction
from typing import Any

from .._errors import StackError
from ._model import (
    AgeLimit,
    AllOf,
    AnyOf,
    Cap,
    Condition,
    Credits,
    Labelled,
    Match,
    Node,
    NOf,
    Requirement,
    Route,
    SharingCap,
    Unit,
    _Frozen,
    register_labels,
    to_fraction,
)
from ._resolve import resolve
from ._result import Resolution

__all__ = [
    "CreditBank",
    "Deposit",
    "DepositKind",
    "Withdrawal",
    "embedded",
    "joint",
    "modular",
    "rpl",
    "transfer_programme",
]


def embedded(credential: str, remainder: Node, *, components: Node | None = None,
             admission: str | Match | None = None, name: str = "degree") -> AllOf:
    """Embedded pathway (内包): a credential counts as a fixed block of a degree.

    The block is met by holding ``credential`` (a unit whose key is that id) or, if
    ``components`` is given, by completing them; ``remainder`` is the rest of the degree;
    ``admission`` names a :class:`Condition` (met when passed in ``resolve(...,
    conditions={...})``) required when the block only counts once the learner is admitted (MIT:
    the MicroMasters is not a guarantee of admission, R2); a ``Match`` is still accepted (a
    unit recording the admission), but ``plan()`` could then propose "adding" one.
    """
    held = Requirement("credential", match=Match(ids={credential}), count=1,
                       title=credential)
    block: Node = held if components is None else AnyOf(held, components, name="block")
    parts: list[Node] = [block, remainder]
    if isinstance(admission, str):
        parts.insert(0, Condition(admission, title=admission, title_ja="入学許可"))
    elif admission is not None:
        parts.insert(0, Requirement("admission", match=admission, count=1))
    return AllOf(*parts, name=name)


def rpl(programme: Node, *, total: Credits, max_fraction: Fraction | str | int,
        routes: Iterable[Route] = (Route.RPL,), max_age_years: int | None = None,
        name: str = "programme") -> AllOf:
    """Recognition of prior learning (既修得学習の認定) with a cap and a credit age limit.

    Units arriving by ``routes`` may contribute at most ``max_fraction`` of ``total`` (whole
    units: no partial credit) and, with ``max_age_years``, only if earned at most that many years
    before ``as_of``.  Example: Malaysia APEL.C, at most 30 % of graduating credits (R4); a UK
    school considering prior credit at most 5 years old (R18).
    """
    r = frozenset(routes)
    rules: list[Cap | AgeLimit] = [
        Cap(match=Match(routes=r), fraction=to_fraction(max_fraction), of=total,
            name="rpl cap")]
    if max_age_years is not None:
        rules.append(AgeLimit(years=max_age_years, match=Match(routes=r), name="rpl age"))
    return AllOf(programme, name=name, caps=tuple(rules))


def modular(modules: Sequence[str], *, need: int | None = None, total: Credits | None = None,
            name: str = "award") -> AllOf:
    """Modular pathway (モジュール): ``need`` of the ``modules`` (default: all) stack into an award.

    With ``total``, the counted modules must also add up to that much credit (checked in a
    separate layer, so the same modules count for both).  Example: SIT micro-credentials of 18
    credits each towards a 180-credit degree (frameworks.md §7).
    """
    if not modules:
        raise StackError("modular() needs at least one module / モジュールがありません")
    k = len(modules) if need is None else need
    leaves = [Requirement(m, match=Match(ids={m}), count=1) for m in modules]
    parts: list[Node] = [NOf(k, *leaves, name="modules")]
    if total is not None:
        parts.append(Requirement("volume", match=Match(ids=set(modules)), credits=total,
                                 layer="volume"))
    return AllOf(*parts, name=name)


def joint(first: Node, second: Node, *, max_shared: Credits | None = None,
          max_shared_units: int | None = None, names: tuple[str, str] = ("first", "second"),
          name: str = "joint") -> AllOf:
    """Two targets pursued together (e.g. an accelerated bachelor's + master's) where a unit may
    count for both, up to ``max_shared`` credits or ``max_shared_units`` units in total.

    Each target is its own counting layer (named by ``names``); R19: Michigan Tech allows at
    most 9 credits counted toward both degrees; R22: UVA at most 2 courses between two majors.
    """
    a, b = names
    cap = SharingCap(layers=(a, b), max=max_shared, max_units=max_shared_units,
                     name="shared")
    return AllOf(AllOf(first, name=a, layer=a), AllOf(second, name=b, layer=b), name=name,
                 caps=(cap,))


def transfer_programme(courses: Mapping[str, Credits], *, total: Credits,
                       min_coverage: Fraction | str | int = Fraction(3, 4),
                       min_grade: Fraction | str | int | None = 2,
                       max_fraction: Fraction | str | int | None = None,
                       residency: Credits | None = None, home: str | None = None,
                       routes: Iterable[Route] = (Route.TRANSFER, Route.CREDIT_BANK, Route.RPL),
                       name: str = "programme") -> AllOf:
    """A programme whose courses may be met natively or by transfer (course by course).

    Each course is met by a native unit with that id, or by one transferred unit that covers at
    least ``min_coverage`` of the course content with a grade of at least ``min_grade``; the
    course's credit is then granted whole.  One transferred unit may credit several courses it
    covers (each course's transfer is its own counting layer); a cap then counts the credit
    granted for each of them.  ``max_fraction`` caps transferred credit as a share of
    ``total``; ``residency`` demands native credit at ``home`` (counted in its own layer).
    Defaults follow the Thai criteria: content ≥ 3/4, grade ≥ C (2.00) (R7).
    """
    r = frozenset(routes)
    nodes: list[Node] = []
    for cid, cr in sorted(courses.items()):
        nodes.append(AnyOf(
            Requirement("taken", match=Match(ids={cid}, routes={Route.NATIVE}), count=1),
            Requirement("transferred", match=Match(
                covers=cid, min_coverage=to_fraction(min_coverage), routes=r,
                min_grade=to_fraction(min_grade) if min_grade is not None else None),
                count=1, value=cr, layer=f"transfer:{cid}"),
            name=cid))
    rules: list[Cap] = []
    if max_fraction is not None:
        rules.append(Cap(match=Match(routes=r), fraction=to_fraction(max_fraction), of=total,
                         name="transfer cap"))
    if residency is not None:
        nodes.append(Requirement(
            "residency", match=Match(routes={Route.NATIVE},
                                     issuers={home} if home is not None else None),
            credits=residency, layer="residency"))
    return AllOf(*nodes, name=name, caps=tuple(rules))


class DepositKind(Labelled):
    """What was deposited in a credit bank (the seed's list; Thai NCBS models in brackets)."""

    UNIVERSITY_CREDIT = "university_credit"
    MICRO_CREDENTIAL = "micro_credential"
    MOOC = "mooc"
    TRAINING = "training"
    WORK_EXPERIENCE = "work_experience"
    EXAMINATION = "examination"
    STANDARDIZED_CERTIFICATE = "standardized_certificate"


register_labels({
    DepositKind.UNIVERSITY_CREDIT: ("credit from another university", "他大学の単位"),
    DepositKind.MICRO_CREDENTIAL: ("micro-credential", "マイクロクレデンシャル"),
    DepositKind.MOOC: ("MOOC", "MOOC"),
    DepositKind.TRAINING: ("training certificate (CT)", "研修修了証（CT）"),
    DepositKind.WORK_EXPERIENCE: ("work experience / portfolio (CP)",
                                  "職務経験・ポートフォリオ（CP）"),
    DepositKind.EXAMINATION: ("examination (CE)", "試験（CE）"),
    DepositKind.STANDARDIZED_CERTIFICATE: ("standardized certificate (CS)", "標準化資格（CS）"),
})


class Deposit(_Frozen):
    """One credit-bank deposit: a unit, what kind of learning it is, and when it was deposited.

    ``assessed`` is the credit the bank assessed it at (it replaces the unit's own credits:
    work experience and MOOCs often carry none); ``evidence`` lists what the assessment rests
    on (URLs, document ids: a portfolio, an examination result, a verified credential).
    """

    unit: Unit
    kind: DepositKind
    deposited_on: date
    assessed: Credits | None = None
    evidence: tuple[str, ...] = ()

    @property
    def credit(self) -> Credits | None:
        """The deposit's credit: the assessed credit, else the unit's own."""
        return self.assessed if self.assessed is not None else self.unit.credits


class Withdrawal(_Frozen):
    """A withdrawal from the ledger: ``amount`` of a deposit's credit (None: all that is left)
    on ``on``, transferred ``into`` a programme (None: simply withdrawn) for its ``courses``
    (default: every course the deposit covers).  The ledger keeps it as a transfer record."""

    unit: str
    on: date
    amount: Credits | None = None
    into: str | None = None
    courses: tuple[str, ...] = ()


class CreditBank(_Frozen):
    """A learner's credit-bank ledger (immutable: ``deposit``/``withdraw`` return new ledgers).

    Deposits are kept with their dates, assessed credit and evidence; ``entry`` sets entry
    criteria per deposit kind (a :class:`Match` the unit must certainly meet on the deposit
    date, e.g. work experience only with a grade from an assessment).  :meth:`units` gives what
    is held as credit-bank units as of a date (partly withdrawn deposits with what is left);
    :meth:`withdraw` moves credit out, optionally *into* a programme, and :meth:`transfers` is
    that programme's transfer record: the credit arrives there as transfer units.
    :meth:`evaluate` resolves a target against the held units (plus any native units).  The
    Thai credit bank sets no time limit on accumulating credit (R11), so no age limit applies
    unless the target adds one.
    """

    owner: str | None = None
    deposits: tuple[Deposit, ...] = ()
    withdrawals: tuple[Withdrawal, ...] = ()
    entry: Mapping[DepositKind, Match] = {}

    def _find(self, unit_id: str) -> Deposit:
        for d in self.deposits:
            if d.unit.id == unit_id:
                return d
        raise StackError(f"no deposit {unit_id!r} / 預け入れがありません")

    def deposit(self, unit: Unit, kind: DepositKind | str, on: date, *,
                assessed: Credits | None = None, evidence: Iterable[str] = ()) -> CreditBank:
        """Record a deposit; the unit id must be new to the ledger and the unit must meet the
        entry criteria of its kind (:class:`microcred.StackError` otherwise, with the reason)."""
        if any(d.unit.id == unit.id for d in self.deposits):
            raise StackError(f"unit {unit.id!r} already deposited / すでに預け入れ済みです")
        k = DepositKind(kind)
        crit = self.entry.get(k)
        if crit is not None:
            from ._elig import REASONS, YES, match_status

            st, reason = match_status(crit, unit, on)
            if st != YES:
                en, ja = REASONS.get(reason or "no_match", REASONS["no_match"])
                raise StackError(f"deposit {unit.id!r} does not meet the entry criteria for "
                                 f"{k.value}: {en} / 預け入れ基準を満たしません: {ja}")
        dep = Deposit(unit=unit, kind=k, deposited_on=on, assessed=assessed,
                      evidence=tuple(evidence))
        return self.model_copy(update={"deposits": (*self.deposits, dep)})

    def balance(self, unit_id: str, as_of: date) -> Credits | None:
        """What is left of a deposit's credit on ``as_of`` (None: a deposit without credit,
        held whole or withdrawn whole)."""
        dep = self._find(unit_id)
        credit = dep.credit
        if credit is None:
            return None
        left = credit.amount - sum(
            (self._amount(w, dep) for w in self.withdrawals
             if w.unit == unit_id and w.on <= as_of), Fraction(0))
        return Credits(left, credit.system)

    def _amount(self, w: Withdrawal, dep: Deposit) -> Fraction:
        """The credit a withdrawal took: its amount, or (whole) what was left before it."""
        if w.amount is not None:
            return w.amount.amount
        credit = dep.credit
        assert credit is not None
        earlier = sum((x.amount.amount for x in self.withdrawals
                       if x.unit == w.unit and x is not w and x.amount is not None
                       and x.on <= w.on), Fraction(0))
        return credit.amount - earlier

    def withdraw(self, unit_id: str, on: date, *, amount: Credits | None = None,
                 into: str | None = None, courses: Iterable[str] = ()) -> CreditBank:
        """Withdraw ``amount`` of a deposit (default: all that is left) on ``on``, optionally
        into a programme for some of the courses the deposit covers (a transfer record)."""
        dep = self._find(unit_id)
        credit = dep.credit
        whole = any(w.unit == unit_id and w.amount is None for w in self.withdrawals)
        left = self.balance(unit_id, on)
        if whole or (left is not None and left.amount <= 0):
            raise StackError(f"deposit {unit_id!r} already withdrawn / すでに引き出し済みです")
        if amount is not None:
            if credit is None or amount.system != credit.system:
                raise StackError(f"a partial withdrawal of {unit_id!r} must be in the deposit's "
                                 "credit system / 預け入れと同じ単位制度で指定してください")
            assert left is not None
            if not 0 < amount.amount <= left.amount:
                raise StackError(f"cannot withdraw {amount} of {unit_id!r}: {left} left "
                                 f"/ 残高 {left} を超えています")
        chosen = tuple(courses)
        unknown = [c for c in chosen if c not in dep.unit.covers]
        if unknown:
            raise StackError(f"deposit {unit_id!r} does not cover {', '.join(unknown)} "
                             "/ 対象科目を含みません")
        w = Withdrawal(unit=unit_id, on=on, amount=amount, into=into, courses=chosen)
        return self.model_copy(update={"withdrawals": (*self.withdrawals, w)})

    def units(self, as_of: date) -> list[Unit]:
        """Deposits held on ``as_of`` (deposited, not withdrawn whole) as credit-bank units,
        with their assessed credit, less what was withdrawn."""
        out = []
        for d in self.deposits:
            if d.deposited_on > as_of:
                continue
            gone = [w for w in self.withdrawals if w.unit == d.unit.id and w.on <= as_of]
            update: dict[str, Any] = {"route": Route.CREDIT_BANK,
                                      "tags": d.unit.tags | {f"deposit:{d.kind.value}"}}
            if d.credit is not None:
                left = self.balance(d.unit.id, as_of)
                assert left is not None
                if left.amount <= 0:
                    continue
                update["credits"] = left
            elif gone:
                continue
            out.append(d.unit.model_copy(update=update))
        return out

    def transfers(self, into: str, as_of: date) -> list[Unit]:
        """The transfer record of programme ``into``: every withdrawal into it up to ``as_of``
        as a unit with route TRANSFER, the credit withdrawn, and the courses it was withdrawn
        for (``covers``); ids are ``"<deposit>@<programme>#<n>"``."""
        out = []
        for n, w in enumerate(self.withdrawals):
            if w.into != into or w.on > as_of:
                continue
            dep = self._find(w.unit)
            covers = {c: v for c, v in dep.unit.covers.items() if not w.courses or c in w.courses}
            credits = None
            if dep.credit is not None:
                credits = Credits(self._amount(w, dep), dep.credit.system)
            out.append(dep.unit.model_copy(update={
                "id": f"{w.unit}@{into}#{n}", "achievement": dep.unit.key,
                "route": Route.TRANSFER, "credits": credits, "covers": covers,
                "tags": dep.unit.tags | {f"deposit:{dep.kind.value}", f"transfer:{into}"}}))
        return out

    def evaluate(self, target: Node, *, as_of: date, native: Iterable[Unit] = (),
                 **kw: Any) -> Resolution:
        """Resolve ``target`` against the ledger's units (and ``native`` units) on ``as_of``."""
        return resolve(target, [*native, *self.units(as_of)], as_of=as_of, **kw)
