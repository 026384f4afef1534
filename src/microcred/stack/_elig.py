"""Unit normalisation: validity at ``as_of``, match evaluation (three-valued), conversion."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import TypeVar

from .._credits import CreditSystem, HoursRange
from .._errors import StackError
from ._compile import ROUTE_RANK, Program
from ._model import ConversionPolicy, Match, Route, Unit
from ._result import Uncertainty

NO_ID, NO, UNK, YES = 0, 1, 2, 3
_K = TypeVar("_K")

# reason code -> (English, Japanese)
REASONS: dict[str, tuple[str, str]] = {
    "expired": ("expired before the as-of date", "基準日より前に有効期限が切れています"),
    "not_yet_valid": ("not yet valid on the as-of date", "基準日時点でまだ有効ではありません"),
    "earned_after_as_of": ("earned after the as-of date", "基準日より後に修得されています"),
    "level_too_low": ("level too low", "レベルが低すぎます"),
    "level_too_high": ("level too high", "レベルが高すぎます"),
    "level_unknown": ("level unknown", "レベルが不明です"),
    "grade_too_low": ("grade below the minimum", "成績が最低基準を下回っています"),
    "grade_unknown": ("grade unknown", "成績が不明です"),
    "coverage_too_low": ("covers too little of the course content",
                         "科目内容の充足割合が不足しています"),
    "too_old": ("credit older than the credit age limit", "単位の有効年限を超えています"),
    "date_unknown": ("earning date unknown", "修得日が不明です"),
    "outside_window": ("earned outside the accepted period", "認められる期間外に修得されています"),
    "no_credit_value": ("carries no credit or hours value", "単位数・学習時間の記載がありません"),
    "conversion_range": ("credit conversion gives a range that straddles the threshold",
                         "単位換算が幅を持ち、基準をまたぎます"),
    "no_match": ("matches no requirement", "どの要件にも該当しません"),
    "too_small": ("smaller than the minimum size of a unit",
                  "単位の規模が最低基準に達していません"),
    "size_unknown": ("size (hours) unknown or straddling the minimum",
                     "規模（学習時間）が不明、または最低基準をまたぎます"),
    "profile_nonconforming": ("not shown to conform to the required profile",
                              "必要なプロファイルへの適合が示されていません"),
    "not_needed": ("not needed: the requirements it fits are already met",
                   "該当する要件はすでに充足されているため不要です"),
    "cap_reached": ("a cap on such units is reached", "この種の単位の上限に達しています"),
    "blocked": ("cannot be counted without breaking a cap, sharing or ordering rule",
                "上限・重複・順序の規則に反するため算入できません"),
    "used_elsewhere": ("could count here but is counted for another requirement",
                       "この要件にも該当しますが、別の要件に算入されています"),
    "inactive": ("fits only alternatives that were not chosen",
                 "選択されなかった選択肢にのみ該当します"),
}


# reason code -> what would decide it (English, Japanese)
DECIDES: dict[str, tuple[str, str]] = {
    "conversion_range": ("an agreed conversion factor between the credit systems "
                         "(ConversionPolicy.agreements) or a declared bound",
                         "単位制度間の換算率の合意（ConversionPolicy.agreements）または換算の上下限の指定"),
    "level_unknown": ("the unit's level", "単位のレベル"),
    "grade_unknown": ("the unit's grade", "単位の成績"),
    "date_unknown": ("the earning date", "修得日"),
    "too_old": ("the earning date and whether the age limit applies",
                "修得日と有効年限の適用有無"),
    "size_unknown": ("the unit's notional hours", "単位の学習時間"),
    "cap_uncertain": ("whether the cap applies to the unit and its credit in the cap's system "
                      "(its route, level or notional hours, or an agreed conversion)",
                      "上限の適用有無と上限の単位制度での単位数（経路・レベル・学習時間、"
                      "または換算率の合意）"),
}


def uncertainty(unit: str, path: str, reason: str, en: str, ja: str) -> Uncertainty:
    """An uncertainty with what would decide it."""
    d_en, d_ja = DECIDES.get(reason, ("", ""))
    return Uncertainty(unit, path, reason, en, ja, d_en, d_ja)


def years_before(d: date, n: int) -> date:
    """The same calendar day ``n`` years earlier (29 February becomes 28 February)."""
    try:
        return d.replace(year=d.year - n)
    except ValueError:
        return d.replace(year=d.year - n, day=28)


def global_status(u: Unit, as_of: date) -> str | None:
    """Reason why a unit cannot count at all on ``as_of`` (or None)."""
    if u.earned_on is not None and u.earned_on > as_of:
        return "earned_after_as_of"
    if u.valid_from is not None and u.valid_from > as_of:
        return "not_yet_valid"
    if u.valid_until is not None and u.valid_until < as_of:
        return "expired"
    return None


def match_status(m: Match, u: Unit, as_of: date) -> tuple[int, str | None]:
    """Evaluate a match: (NO_ID | NO | UNK | YES, reason)."""
    if m.ids is not None and u.key not in m.ids and u.id not in m.ids:
        return NO_ID, None
    if m.tags is not None and not (m.tags & u.tags):
        return NO_ID, None
    if m.all_tags is not None and not (m.all_tags <= u.tags):
        return NO_ID, None
    if m.issuers is not None and u.issuer not in m.issuers:
        return NO_ID, None
    if m.routes is not None and u.route not in m.routes:
        return NO_ID, None
    if m.frameworks is not None and u.framework not in m.frameworks:
        return NO_ID, None
    if m.covers is not None and m.covers not in u.covers:
        return NO_ID, None
    status, reason = level_status(m, u)
    if status == NO:
        return status, reason
    if m.min_grade is not None:
        if u.grade is None:
            status, reason = UNK, reason or "grade_unknown"
        elif u.grade < m.min_grade:
            return NO, "grade_too_low"
    if m.covers is not None and m.min_coverage is not None and u.covers[m.covers] < m.min_coverage:
        return NO, "coverage_too_low"
    if m.profiles is not None and not (m.profiles & u.profiles):
        return NO, "profile_nonconforming"
    if m.min_hours is not None:
        size = unit_hours(u, ConversionPolicy())
        if size is None:
            status, reason = UNK, reason or "size_unknown"
        elif size[1] < m.min_hours:
            return NO, "too_small"
        elif size[0] < m.min_hours:
            status, reason = UNK, reason or "size_unknown"
    if m.max_age_years is not None or m.earned_from is not None or m.earned_until is not None:
        if u.earned_on is None:
            status, reason = UNK, reason or "date_unknown"
        else:
            if m.max_age_years is not None and u.earned_on < years_before(as_of,
                                                                          m.max_age_years):
                return NO, "too_old"
            if m.earned_from is not None and u.earned_on < m.earned_from:
                return NO, "outside_window"
            if m.earned_until is not None and u.earned_on > m.earned_until:
                return NO, "outside_window"
    return status, reason


def convert(amount: Fraction, src: CreditSystem, dst: CreditSystem,
            policy: ConversionPolicy) -> tuple[Fraction, Fraction]:
    """Convert credits between systems: an exact value or an interval through hours."""
    if src == dst:
        return amount, amount
    factor = policy.agreements.get((src, dst))
    if factor is not None:
        return amount * factor, amount * factor
    s, d = per_credit(src, (src, dst)), per_credit(dst, (src, dst))
    return _bound(amount * s.low / d.high, amount * s.high / d.low, policy)


def per_credit(system: CreditSystem, pair: tuple[CreditSystem, CreditSystem] | None = None
               ) -> HoursRange:
    """The registered hours per credit of ``system``; a system registered without them (no
    public source gives them: ``CreditSystem.hours is None``) cannot be converted through hours,
    and :class:`~microcred.StackError` says which agreement would convert it."""
    rng = system.hours
    if rng is None:
        what = (f"declare ConversionPolicy.agreements[({pair[0]}, {pair[1]})]" if pair
                else "give the unit's notional hours")
        raise StackError(
            f"{system} has no sourced hours per credit, so it converts only by an agreed "
            f"factor: {what} / {system} には出典のある1単位あたりの時間数がないため、"
            "換算には合意した換算率が必要です")
    return rng


def _bound(lo: Fraction, hi: Fraction, policy: ConversionPolicy) -> tuple[Fraction, Fraction]:
    if policy.bound == "low":
        return lo, lo
    if policy.bound == "high":
        return hi, hi
    return lo, hi


def unit_amount(u: Unit, dst: CreditSystem,
                policy: ConversionPolicy) -> tuple[Fraction, Fraction] | None:
    """A unit's credit in ``dst`` as an interval, from its credits or else its hours."""
    if u.credits is not None:
        return convert(u.credits.amount, u.credits.system, dst, policy)
    if u.hours is not None:
        r = per_credit(dst)
        return _bound(u.hours / r.high, u.hours / r.low, policy)
    return None


def unit_hours(u: Unit, policy: ConversionPolicy) -> tuple[Fraction, Fraction] | None:
    """A unit's notional hours: its ``hours``, else its credits through hours per credit
    (None, unknown, for credits in a system registered without hours per credit)."""
    if u.hours is not None:
        return u.hours, u.hours
    if u.credits is not None and u.credits.system.hours is not None:
        r = u.credits.system.hours
        return _bound(u.credits.amount * r.low, u.credits.amount * r.high, policy)
    return None


@dataclass
class Eligibility:
    """Per leaf: unit index -> (status, low amount, high amount); per cap/share: weights."""

    pairs: list[dict[int, tuple[int, Fraction, Fraction]]]
    capw: list[dict[int, tuple[int, Fraction, Fraction]]]
    sharew: list[dict[int, tuple[Fraction, Fraction]]]
    global_reject: dict[int, str]
    near_miss: dict[int, list[tuple[int, str]]]
    uncertain: list[Uncertainty] = field(default_factory=list)
    dens: set[int] = field(default_factory=set)
    #: per unit, gathered in the one pass over the record: its id, and its preference key
    #: (route rank, then expiry) for :func:`._solve.unit_ranks` (empty: not gathered)
    ids: list[str] = field(default_factory=list)
    pref: list[int] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # per unit: its achievement key (Unit.key)

    @property
    def is_uncertain(self) -> bool:
        return bool(self.uncertain)


_ONE = Fraction(1)
_ZERO = Fraction(0)
_YES_ONE = (YES, _ONE, _ONE)
_QUALITY = ("all_tags", "issuers", "frameworks", "min_level", "max_level", "min_grade",
            "covers", "min_coverage", "max_age_years", "earned_from", "earned_until",
            "min_hours", "profiles")


_IDENTITY = frozenset({"ids", "tags", "routes"})


_LEVEL = frozenset({"min_level", "max_level"})


def _level_only(m: Match) -> bool:
    """True when ``m`` sets one of ids, tags or routes (answered exactly by an index) and
    otherwise only ``min_level``/``max_level``: :func:`level_status` then decides it."""
    fields = m.model_fields_set
    ident = [f for f in ("ids", "tags", "routes") if getattr(m, f) is not None]
    if len(ident) != 1:
        return False
    if fields <= _IDENTITY | _LEVEL:
        return True
    return all(getattr(m, f) is None for f in _QUALITY if f not in _LEVEL)


def level_status(m: Match, u: Unit) -> tuple[int, str | None]:
    """:func:`match_status` of a unit already known to meet ``m``'s one identity criterion,
    when ``m`` sets nothing else but ``min_level``/``max_level`` (see :func:`_level_only`)."""
    if m.min_level is None and m.max_level is None:
        return YES, None
    if u.level is None:
        return UNK, "level_unknown"
    if m.min_level is not None and u.level < m.min_level:
        return NO, "level_too_low"
    if m.max_level is not None and u.level > m.max_level:
        return NO, "level_too_high"
    return YES, None


def _only(m: Match) -> bool:
    """True when ``m`` sets only identity criteria (ids, tags, routes: answered by indexes)."""
    if m.model_fields_set <= _IDENTITY:  # the common case, without reading every field
        return True
    return all(getattr(m, f) is None for f in _QUALITY)


def _index(units: list[Unit], as_of: date, *, ids: bool, tags: bool, routes: bool
           ) -> tuple[list[int], dict[int, str], dict[str, list[int]], dict[str, list[int]],
                      dict[Route, list[int]], list[str], list[int], list[str]]:
    """One pass over the record (on large records each pass costs memory traffic): the live
    units, why the others cannot count at all, live-unit indexes by key (achievement and id),
    by tag and by route (each only when some match reads it; lists in unit order), and every
    unit's id, preference key (:func:`pref_key`) and achievement key."""
    live: list[int] = []
    global_reject: dict[int, str] = {}
    by_key: dict[str, list[int]] = {}
    by_tag: dict[str, list[int]] = {}
    by_route: dict[Route, list[int]] = {}
    all_ids: list[str] = []
    prefs: list[int] = []
    keys: list[str] = []
    for i, u in enumerate(units):
        k = u.achievement or u.id
        all_ids.append(u.id)
        prefs.append(pref_key(u))
        keys.append(k)
        r = global_status(u, as_of)
        if r is not None:
            global_reject[i] = r
            continue
        live.append(i)
        if ids:
            got = by_key.get(k)
            if got is None:
                by_key[k] = [i]
            else:
                got.append(i)
            if u.id != k:
                got = by_key.get(u.id)
                if got is None:
                    by_key[u.id] = [i]
                else:
                    got.append(i)
        if tags:
            for t in u.tags:
                got = by_tag.get(t)
                if got is None:
                    by_tag[t] = [i]
                else:
                    got.append(i)
        if routes:
            got = by_route.get(u.route)
            if got is None:
                by_route[u.route] = [i]
            else:
                got.append(i)
    return live, global_reject, by_key, by_tag, by_route, all_ids, prefs, keys


def pref_key(u: Unit) -> int:
    """The unit's place in the preference among equivalent choices, as one integer: route
    rank (native first), then earlier expiry (see :func:`._solve.unit_ranks`)."""
    return ROUTE_RANK[u.route] * PREF_ROUTE + (u.valid_until or date.max).toordinal()


PREF_ROUTE = 10_000_000  # above every date ordinal (date.max is 3,652,059)


def _union(index: Mapping[_K, list[int]], keys: Iterable[_K]) -> list[int]:
    """The sorted union of the index's lists for ``keys`` (one list alone: already sorted)."""
    lists = [got for k in keys if (got := index.get(k))]
    if len(lists) == 1:
        return lists[0]
    out: set[int] = set()
    for got in lists:
        out.update(got)
    return sorted(out)


def compute(prog: Program, units: list[Unit], as_of: date,
            policy: ConversionPolicy) -> Eligibility:
    """Evaluate every (unit, leaf), (unit, cap) and (unit, sharing cap) pair."""
    matches = [lf.req.match for lf in prog.leaves] + [c.cap.match for c in prog.caps]
    live, global_reject, by_key, by_tag, by_route, ids, pref, keys = _index(
        units, as_of, ids=any(m.ids is not None for m in matches),
        tags=any(m.ids is None and m.tags is not None for m in matches),
        routes=any(m.ids is None and m.tags is None and m.routes is not None for m in matches))

    def candidates(m: Match) -> tuple[list[int], bool]:
        """Candidate units (sorted, never to be mutated), and whether the candidates are
        exactly the matching units."""
        exact = _only(m)
        if m.ids is not None:
            return _union(by_key, m.ids), exact and m.tags is None and m.routes is None
        if m.tags is not None:
            return _union(by_tag, m.tags), exact and m.routes is None
        if m.routes is not None:
            return _union(by_route, m.routes), exact
        return live, exact

    dens: set[int] = set()
    # per system (None: notional hours), per unit: the unit's amount (None: it has none) and
    # the certain pair (YES, low, high) built from it once, shared by every leaf that uses it
    amounts: dict[CreditSystem | None, dict[int, tuple[Fraction, Fraction] | None]] = {}
    yes_pairs: dict[CreditSystem | None, dict[int, tuple[int, Fraction, Fraction]]] = {}

    def amount(i: int, system: CreditSystem | None) -> tuple[Fraction, Fraction] | None:
        """A unit's credit in ``system``, or its notional hours (``system`` None)."""
        cache = amounts.get(system)
        if cache is None:
            cache = amounts[system] = {}
        elif i in cache:
            return cache[i]
        got = unit_amount(units[i], system, policy) if system is not None else unit_hours(
            units[i], policy)
        if got is not None and got[1].numerator <= 0:
            got = None
        cache[i] = got
        if got is not None:
            dens.add(got[0].denominator)
            dens.add(got[1].denominator)
        return got

    pairs: list[dict[int, tuple[int, Fraction, Fraction]]] = []
    near: dict[int, list[tuple[int, str]]] = {}
    uncertain: list[Uncertainty] = []
    for leaf in prog.leaves:
        d: dict[int, tuple[int, Fraction, Fraction]] = {}
        ordered = bool(leaf.after or leaf.dependents)
        cands, exact = candidates(leaf.req.match)
        m = leaf.req.match
        count = leaf.kind == "count"
        system = leaf.system
        if exact and count and not ordered and not leaf.ages:  # every candidate counts 1
            pairs.append(dict.fromkeys(cands, _YES_ONE))
            continue
        yes = yes_pairs.get(system)
        if yes is None:
            yes = yes_pairs[system] = {}
        by_level = not exact and _level_only(m)
        for i in cands:
            u = units[i]
            if exact:
                st, reason = YES, None
            else:
                st, reason = level_status(m, u) if by_level else match_status(m, u, as_of)
                if st == NO_ID:
                    continue
                if st == NO:
                    assert reason is not None
                    near.setdefault(i, []).append((leaf.idx, reason))
                    continue
            if ordered and u.earned_on is None:
                st, reason = UNK, reason or "date_unknown"
            for age in leaf.ages:
                ast, _ = match_status(age.match, u, as_of)
                if ast in (NO_ID, NO):
                    continue
                if u.earned_on is None:
                    st, reason = UNK, reason or "date_unknown"
                elif u.earned_on < years_before(as_of, age.years):
                    if ast == YES:
                        st = NO
                        break
                    st, reason = UNK, reason or "too_old"
            if st == NO:
                near.setdefault(i, []).append((leaf.idx, "too_old"))
                continue
            if count:
                d[i] = _YES_ONE if st == YES else (st, _ONE, _ONE)
            else:
                amt = amount(i, system)
                if amt is None:
                    if u.credits is None and u.hours is None:
                        near.setdefault(i, []).append((leaf.idx, "no_credit_value"))
                    continue
                lo, hi = amt
                if lo is not hi and reason is None and lo != hi:
                    reason = "conversion_range"
                if st == YES:
                    pair = yes.get(i)
                    if pair is None:
                        pair = yes[i] = (YES, lo, hi)
                    d[i] = pair
                else:
                    d[i] = (st, lo, hi)
            if reason is not None:
                en, ja = REASONS[reason]
                uncertain.append(uncertainty(u.id, leaf.path, reason, en, ja))
        pairs.append(d)

    capw: list[dict[int, tuple[int, Fraction, Fraction]]] = []
    for cap in prog.caps:
        cd: dict[int, tuple[int, Fraction, Fraction]] = {}
        cands, exact = candidates(cap.cap.match)
        for i in cands:
            st = YES if exact else match_status(cap.cap.match, units[i], as_of)[0]
            if st in (NO_ID, NO):
                continue
            if cap.kind == "units":
                cd[i] = (st, _ONE, _ONE)
            else:
                assert cap.system is not None
                # a unit without credit or hours still counts under a credit cap: with the
                # credit a ``value=`` leaf grants it, else nothing (D1)
                amt = amount(i, cap.system) or (_ZERO, _ZERO)
                cd[i] = (st, amt[0], amt[1])
                if st == UNK or amt[0] != amt[1]:
                    uncertain.append(uncertainty(
                        units[i].id, cap.path, "cap_uncertain",
                        "unclear whether or how much the cap applies",
                        "上限の適用有無または算入量が不明です"))
        capw.append(cd)

    sharew: list[dict[int, tuple[Fraction, Fraction]]] = []
    for sh in prog.shares:
        sd: dict[int, tuple[Fraction, Fraction]] = {}
        for i in live:
            if sh.kind == "units":
                sd[i] = (_ONE, _ONE)
            else:
                assert sh.system is not None
                amt = amount(i, sh.system)
                if amt is not None:
                    sd[i] = amt
        sharew.append(sd)
    return Eligibility(pairs, capw, sharew, global_reject, near, uncertain, dens, ids, pref,
                       keys)
