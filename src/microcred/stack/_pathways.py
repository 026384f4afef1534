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
    course's credit is then granted whole.  ``max_fraction`` caps transferred credit as a share of
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
                count=1, value=cr),
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
    """One credit-bank deposit: a unit, what kind of learning it is, and when it was deposited."""

    unit: Unit
    kind: DepositKind
    deposited_on: date


class CreditBank(_Frozen):
    """A learner's credit-bank ledger (immutable: ``deposit``/``withdraw`` return new ledgers).

    Deposits are kept with their dates; :meth:`units` gives them as units with route
    ``CREDIT_BANK`` as of a date; :meth:`evaluate` resolves a target programme's transfer rules
    against them (plus any native units).  The Thai credit bank sets no time limit on
    accumulating credit (R11), so no age limit applies unless the target adds one.
    """

    owner: str | None = None
    deposits: tuple[Deposit, ...] = ()
    withdrawn: tuple[tuple[str, date], ...] = ()

    def deposit(self, unit: Unit, kind: DepositKind | str, on: date) -> CreditBank:
        """Record a deposit; the unit id must be new to the ledger."""
        if any(d.unit.id == unit.id for d in self.deposits):
            raise StackError(f"unit {unit.id!r} already deposited / すでに預け入れ済みです")
        dep = Deposit(unit=unit, kind=DepositKind(kind), deposited_on=on)
        return self.model_copy(update={"deposits": (*self.deposits, dep)})

    def withdraw(self, unit_id: str, on: date) -> CreditBank:
        """Record that a deposit was withdrawn (transferred out) on ``on``."""
        if not any(d.unit.id == unit_id for d in self.deposits):
            raise StackError(f"no deposit {unit_id!r} / 預け入れがありません")
        if any(w == unit_id for w, _ in self.withdrawn):
            raise StackError(f"deposit {unit_id!r} already withdrawn / すでに引き出し済みです")
        return self.model_copy(update={"withdrawn": (*self.withdrawn, (unit_id, on))})

    def units(self, as_of: date) -> list[Unit]:
        """Deposits held on ``as_of`` (deposited, not yet withdrawn) as credit-bank units."""
        gone = {u for u, d in self.withdrawn if d <= as_of}
        out = []
        for d in self.deposits:
            if d.deposited_on <= as_of and d.unit.id not in gone:
                tags = d.unit.tags | {f"deposit:{d.kind.value}"}
                out.append(d.unit.model_copy(update={"route": Route.CREDIT_BANK, "tags": tags}))
        return out

    def evaluate(self, target: Node, *, as_of: date, native: Iterable[Unit] = (),
                 **kw: Any) -> Resolution:
        """Resolve ``target`` against the ledger's units (and ``native`` units) on ``as_of``."""
        return resolve(target, [*native, *self.units(as_of)], as_of=as_of, **kw)
