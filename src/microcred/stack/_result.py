"""Result types of the resolver, with bilingual (English/Japanese) explanations."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal, TypeVar

from .._errors import StructuralError
from ._model import Labelled, _fmt, register_labels

__all__ = [
    "Allocation",
    "Progress",
    "Rejection",
    "Resolution",
    "Shortfall",
    "StructuralIssue",
    "Uncertainty",
    "Verdict",
]

Lang = Literal["en", "ja"]


# Fast constructors of the frozen result classes the resolver builds by the thousand (a
# rejection per unit it does not use): the generated ``__init__`` of a frozen dataclass sets each
# field through ``object.__setattr__``, several times slower than filling the new instance's
# ``__dict__``.  These classes have no ``__post_init__`` and no validation, so the objects are the
# same (``==``, ``hash``, ``repr``, pickling); ``tests/test_stack_fastpaths.py`` checks that each
# builder fills exactly the dataclass's fields, in order, and equals the normal construction.
_new = object.__new__
_T = TypeVar("_T")


class Verdict(Labelled):
    """The answer: does the record satisfy the target?"""

    SATISFIED = "satisfied"
    NOT_SATISFIED = "not_satisfied"
    INDETERMINATE = "indeterminate"
    STRUCTURAL_ERROR = "structural_error"


register_labels({
    Verdict.SATISFIED: ("satisfied", "充足"),
    Verdict.NOT_SATISFIED: ("not satisfied", "未充足"),
    Verdict.INDETERMINATE: ("indeterminate", "判定不能"),
    Verdict.STRUCTURAL_ERROR: ("structural error", "構造エラー"),
})


@dataclass(frozen=True)
class StructuralIssue:
    """A structural problem of the pathway (``code``: cycle, dangling_reference, ...).

    ``severity`` is ``"error"`` (the pathway cannot be evaluated: STRUCTURAL_ERROR) or
    ``"warning"``: an alternative that can never be met (inside an ``AnyOf``, or an ``NOf``
    with ``k`` below its number of children) is reported, and the other alternatives are
    evaluated as usual.
    """

    code: str
    path: str
    message_en: str
    message_ja: str
    cycle: tuple[str, ...] = ()
    severity: Literal["error", "warning"] = "error"

    def message(self, lang: Lang = "en") -> str:
        """The message in ``lang``."""
        return self.message_ja if lang == "ja" else self.message_en


@dataclass(frozen=True)
class Allocation:
    """Unit ``unit`` counts for requirement ``requirement`` (a leaf path) with ``amount``.

    ``amount`` is 1 for count requirements and the credits in the requirement's system for credit
    requirements (``amount_high`` > ``amount`` when conversion gives an interval).
    """

    unit: str
    requirement: str
    layer: str
    amount: Fraction
    amount_high: Fraction
    measure: str


@dataclass(frozen=True)
class Progress:
    """Progress of one node: ``achieved`` of ``required`` (units, credits or children).

    ``active`` is False for alternatives that were not chosen; ``used_elsewhere`` lists units
    this requirement could use that count for another one; ``title``/``title_ja`` come from the
    node.
    """

    path: str
    kind: str
    achieved: Fraction
    required: Fraction
    measure: str
    satisfied: bool
    active: bool = True
    used_elsewhere: tuple[str, ...] = ()
    title: str | None = None
    title_ja: str | None = None
    achieved_high: Fraction | None = None

    @property
    def achieved_text(self) -> str:
        """``achieved``, or the range ``low–high`` when uncertain data leaves it open."""
        if self.achieved_high is None or self.achieved_high == self.achieved:
            return _fmt(self.achieved)
        return f"{_fmt(self.achieved)}–{_fmt(self.achieved_high)}"

    def label(self, lang: Lang = "en") -> str:
        """The path, with the node's title in ``lang`` when it has one."""
        title = (self.title_ja or self.title) if lang == "ja" else (self.title or self.title_ja)
        return f"{self.path} «{title}»" if title and title != self.path else self.path


@dataclass(frozen=True)
class Rejection:
    """Why a unit does not count (``reason``: expired, level_too_low, not_needed, ...).

    ``requirement`` is the leaf the reason refers to, when there is one.
    """

    unit: str
    reason: str
    requirement: str | None

    @property
    def message_en(self) -> str:
        """English message."""
        from ._elig import REASONS

        text = REASONS[self.reason][0]
        return f"{text} ({self.requirement})" if self.requirement else text

    @property
    def message_ja(self) -> str:
        """Japanese message."""
        from ._elig import REASONS

        text = REASONS[self.reason][1]
        return f"{text}（{self.requirement}）" if self.requirement else text

    def message(self, lang: Lang = "en") -> str:
        """The message in ``lang``."""
        return self.message_ja if lang == "ja" else self.message_en


@dataclass(frozen=True)
class Shortfall:
    """Requirements that cannot be met together, and by how much.

    ``required``/``available`` map a measure (``"units"`` or a credit system name) to amounts
    over the set; ``deficit`` is an exact lower bound on what must still be added (it can be 0
    when the shortfall comes from indivisible units, caps or ordering rather than volume).
    ``could_close`` describes what a new unit must look like to help.
    """

    requirements: tuple[str, ...]
    required: Mapping[str, Fraction]
    available: Mapping[str, Fraction]
    deficit: Mapping[str, Fraction]
    could_close: tuple[str, ...]
    message_en: str
    message_ja: str

    def message(self, lang: Lang = "en") -> str:
        """The message in ``lang``."""
        return self.message_ja if lang == "ja" else self.message_en


@dataclass(frozen=True)
class Uncertainty:
    """Something the resolver could not decide for a unit (unknown data, straddling range)."""

    unit: str
    requirement: str
    reason: str
    message_en: str
    message_ja: str
    decides_en: str = ""
    decides_ja: str = ""


@dataclass(frozen=True)
class Resolution:
    """The outcome of :func:`microcred.stack.resolve`.

    ``verdict``; ``reason`` (INDETERMINATE: ``"uncertain_data"``, the only cause);
    ``assignment`` (which unit counts for which requirement; for INDETERMINATE the assignment
    of the favourable reading, each amount a range from ``amount`` to ``amount_high``);
    ``progress`` per node path (for INDETERMINATE ``achieved``–``achieved_high``); ``rejected``
    units with reasons; ``missing`` (NOT_SATISFIED: the shortfall certificates); ``issues``
    (STRUCTURAL_ERROR, and warnings about impossible alternatives); ``uncertainties``
    (INDETERMINATE: only those the favourable reading relies on, each with what would decide
    it in ``decides_en``/``decides_ja``).
    """

    verdict: Verdict
    reason: str | None = None
    assignment: tuple[Allocation, ...] = ()
    progress: Mapping[str, Progress] = field(default_factory=dict)
    rejected: tuple[Rejection, ...] = ()
    missing: tuple[Shortfall, ...] = ()
    issues: tuple[StructuralIssue, ...] = ()
    uncertainties: tuple[Uncertainty, ...] = ()
    work: int = 0

    @property
    def satisfied(self) -> bool:
        """True only for a proven SATISFIED verdict."""
        return self.verdict is Verdict.SATISFIED

    def units_for(self, requirement: str) -> tuple[str, ...]:
        """The units counted for a requirement path."""
        return tuple(a.unit for a in self.assignment if a.requirement == requirement)

    def raise_for_structure(self) -> None:
        """Raise :class:`microcred.StructuralError` if the verdict is STRUCTURAL_ERROR."""
        if self.verdict is Verdict.STRUCTURAL_ERROR:
            raise StructuralError("; ".join(f"{i.path}: {i.message_en}" for i in self.issues))

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; exact amounts become strings (``"2"``, ``"2.5"``, ``"5/3"``)."""
        def amounts(m: Mapping[str, Fraction]) -> dict[str, str]:
            return {k: _fmt(v) for k, v in sorted(m.items())}

        return {
            "verdict": self.verdict.value,
            "reason": self.reason,
            "assignment": [
                {"unit": a.unit, "requirement": a.requirement, "layer": a.layer,
                 "amount": _fmt(a.amount), "amount_high": _fmt(a.amount_high),
                 "measure": a.measure} for a in self.assignment],
            "progress": [
                {"path": p.path, "kind": p.kind, "title": p.title, "title_ja": p.title_ja,
                 "achieved": _fmt(p.achieved),
                 "achieved_high": _fmt(p.achieved if p.achieved_high is None
                                       else p.achieved_high),
                 "required": _fmt(p.required), "measure": p.measure,
                 "satisfied": p.satisfied, "active": p.active,
                 "used_elsewhere": list(p.used_elsewhere)} for p in self.progress.values()],
            "rejected": [
                {"unit": r.unit, "reason": r.reason, "requirement": r.requirement,
                 "message_en": r.message_en, "message_ja": r.message_ja}
                for r in self.rejected],
            "missing": [
                {"requirements": list(s.requirements), "required": amounts(s.required),
                 "available": amounts(s.available), "deficit": amounts(s.deficit),
                 "could_close": list(s.could_close), "message_en": s.message_en,
                 "message_ja": s.message_ja} for s in self.missing],
            "issues": [
                {"code": i.code, "path": i.path, "severity": i.severity,
                 "message_en": i.message_en, "message_ja": i.message_ja,
                 "cycle": list(i.cycle)} for i in self.issues],
            "uncertainties": [
                {"unit": u.unit, "requirement": u.requirement, "reason": u.reason,
                 "message_en": u.message_en, "message_ja": u.message_ja,
                 "decides_en": u.decides_en, "decides_ja": u.decides_ja}
                for u in self.uncertainties],
        }

    def explain(self, lang: Lang = "en") -> str:
        """A human-readable report in English (``"en"``) or Japanese (``"ja"``)."""
        ja = lang == "ja"
        label = self.verdict.label_ja if ja else self.verdict.label_en
        head = ("判定: " if ja else "Verdict: ") + label
        if self.reason:
            head += f" ({self.reason})"
        lines = [head]
        for issue in self.issues:
            lines.append(f"  ! {issue.path}: {issue.message(lang)}")
        for a in self.assignment:
            amt = _fmt(a.amount) if a.amount == a.amount_high else (
                f"{_fmt(a.amount)}–{_fmt(a.amount_high)}")
            lines.append(f"  {a.unit} → {a.requirement} ({amt} {a.measure})")
        for p in self.progress.values():
            if p.kind == "leaf" and not p.satisfied and p.active:
                what = ("未確定" if ja else "open") if p.achieved_high is not None and (
                    p.achieved_high >= p.required) else ("不足" if ja else "short")
                lines.append(f"  - {p.label(lang)}: {p.achieved_text}/{_fmt(p.required)} "
                             f"{p.measure} ({what})")
        for s in self.missing:
            lines.append(f"  * {s.message(lang)}")
        for u in self.uncertainties:
            decides = u.decides_ja if ja else u.decides_en
            tail = (f"（決め手: {decides}）" if ja else f" (would decide it: {decides})"
                    ) if decides else ""
            lines.append(f"  ? {u.unit} / {u.requirement}: "
                         f"{u.message_ja if ja else u.message_en}{tail}")
        for r in self.rejected:
            lines.append(f"  x {r.unit}: {r.message(lang)}")
        return "\n".join(lines)


def _built(cls: type[_T], fields: dict[str, Any]) -> _T:
    """An instance of a frozen result dataclass with ``fields`` set directly (see the note on
    fast constructors above)."""
    obj = _new(cls)
    obj.__dict__.update(fields)
    return obj


def new_allocation(unit: str, requirement: str, layer: str, amount: Fraction,
                   amount_high: Fraction, measure: str) -> Allocation:
    """``Allocation(...)``, built directly."""
    return _built(Allocation, {"unit": unit, "requirement": requirement, "layer": layer,
                               "amount": amount, "amount_high": amount_high,
                               "measure": measure})


def new_progress(path: str, kind: str, achieved: Fraction, required: Fraction, measure: str,
                 satisfied: bool, active: bool, used_elsewhere: tuple[str, ...],
                 title: str | None, title_ja: str | None,
                 achieved_high: Fraction | None) -> Progress:
    """``Progress(...)`` with every field, built directly."""
    return _built(Progress, {"path": path, "kind": kind, "achieved": achieved,
                             "required": required, "measure": measure, "satisfied": satisfied,
                             "active": active, "used_elsewhere": used_elsewhere,
                             "title": title, "title_ja": title_ja,
                             "achieved_high": achieved_high})


def new_rejection(unit: str, reason: str, requirement: str | None) -> Rejection:
    """``Rejection(...)``, built directly."""
    return _built(Rejection, {"unit": unit, "reason": reason, "requirement": requirement})
