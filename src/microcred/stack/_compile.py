"""Structural validation and compilation of a requirement tree into a flat program.

The program is a tree of groups (``k`` of ``children``) over numbered leaves, plus caps, sharing
caps and prerequisite edges between leaves.  Validation reports every problem it finds
(cycles with the cycle, dangling references, impossible demands) instead of stopping at the first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction

from .._credits import CreditSystem
from ._model import (
    AgeLimit,
    AllOf,
    AnyOf,
    Cap,
    Condition,
    Match,
    Node,
    NOf,
    Ref,
    Requirement,
    Route,
    SharingCap,
)
from ._result import StructuralIssue

ROOT_LAYER = "main"
ROOT_PATH = "(root)"


@dataclass
class Leaf:
    idx: int
    path: str
    req: Requirement
    layer: str
    kind: str  # "count" | "credits" | "hours"
    demand: Fraction
    system: CreditSystem | None
    after: list[int] = field(default_factory=list)
    dependents: list[int] = field(default_factory=list)
    caps: list[int] = field(default_factory=list)
    ages: list[AgeLimit] = field(default_factory=list)

    @property
    def measure(self) -> str:
        """What the leaf counts: ``"units"``, ``"hours"`` or a credit system's name."""
        if self.kind == "count":
            return "units"
        return "hours" if self.kind == "hours" else str(self.system)


@dataclass
class CapSpec:
    idx: int
    path: str
    cap: Cap
    kind: str  # "units" | "credits"
    limit: Fraction
    system: CreditSystem | None
    scope: frozenset[int]


@dataclass
class ShareSpec:
    idx: int
    path: str
    cap: SharingCap
    kind: str
    limit: Fraction
    system: CreditSystem | None
    layers: frozenset[str]


@dataclass
class Group:
    path: str
    k: int
    kind: str  # all / any / nof / ref
    children: list[Group | int]
    title: str | None = None
    title_ja: str | None = None


@dataclass
class Program:
    root: Group | int
    leaves: list[Leaf]
    caps: list[CapSpec]
    shares: list[ShareSpec]
    groups: list[Group]
    issues: list[StructuralIssue]


def _child_label(node: Node, i: int) -> str:
    if isinstance(node, Requirement):
        return node.name
    if isinstance(node, Ref):
        return node.name or f"ref:{node.target}"
    if isinstance(node, Condition):
        return node.name
    return node.name or f"{node.kind}#{i}"


def compile_target(target: Node, targets: Mapping[str, Node],
                   conditions: frozenset[str] = frozenset()) -> Program:
    """Compile and validate; structural problems are collected in ``Program.issues``.

    A :class:`Condition` becomes a group with no children needing 0 of them when it is among
    ``conditions`` (met) and 1 of them otherwise (never met by units)."""
    leaves: list[Leaf] = []
    caps: list[CapSpec] = []
    shares: list[ShareSpec] = []
    groups: list[Group] = []
    issues: list[StructuralIssue] = []
    cap_nodes: list[tuple[Cap, str, list[int]]] = []
    optional: list[str] = []  # paths of alternatives (children of groups needing k < n)

    def walk(node: Node, path: str, layer: str, stack: tuple[str, ...]) -> Group | int:
        if isinstance(node, Requirement):
            lay = node.layer or layer
            if node.count is not None:
                kind, demand, system = "count", Fraction(node.count), None
            elif node.hours is not None:
                kind, demand, system = "hours", node.hours, None
            else:
                assert node.credits is not None
                kind, demand, system = "credits", node.credits.amount, node.credits.system
            leaf = Leaf(len(leaves), path, node, lay, kind, demand, system)
            leaves.append(leaf)
            _check_match(node.match, path, issues)
            return leaf.idx
        if isinstance(node, Condition):
            met = node.name in conditions
            g = Group(path, 0 if met else 1, "condition", [], node.title or node.name,
                      node.title_ja)
            groups.append(g)
            return g
        if isinstance(node, Ref):
            if node.target in stack:
                cyc = (*stack[stack.index(node.target):], node.target)
                issues.append(StructuralIssue(
                    "cycle", path, f"reference cycle: {' -> '.join(cyc)}",
                    f"参照が循環しています: {' -> '.join(cyc)}", cyc))
                return _empty_group(path, groups)
            held = Requirement("held", match=Match(ids={node.target}), count=1)
            hpath = f"{path}/held" if path != ROOT_PATH else "held"
            held_leaf = Leaf(len(leaves), hpath, held, layer, "count", Fraction(1), None)
            leaves.append(held_leaf)
            children: list[Group | int] = [held_leaf.idx]
            sub = targets.get(node.target)
            if sub is None:
                issues.append(StructuralIssue(
                    "dangling_reference", path,
                    f"reference to unknown target {node.target!r}",
                    f"未定義の対象 {node.target!r} を参照しています", ()))
            else:
                children.append(walk(sub, f"{path}/{_child_label(sub, 0)}", layer,
                                     (*stack, node.target)))
            g = Group(path, 1, "ref", children, title=node.target)
            groups.append(g)
            return g
        assert isinstance(node, AllOf | AnyOf | NOf)
        lay = node.layer or layer
        n = len(node.children)
        if isinstance(node, AllOf):
            k = n
        elif isinstance(node, AnyOf):
            k = 1 if n else 0
            if not n:
                issues.append(StructuralIssue(
                    "impossible_demand", path, "AnyOf without children can never be satisfied",
                    "子のない AnyOf は満たせません", ()))
                k = 1
        else:
            k = node.k
            if k > n:
                issues.append(StructuralIssue(
                    "impossible_demand", path, f"NOf needs {k} of only {n} children",
                    f"{n} 個の子から {k} 個は満たせません", ()))
        labels = [_child_label(c, i) for i, c in enumerate(node.children)]
        seen: set[str] = set()
        for lab in labels:
            if lab in seen:
                issues.append(StructuralIssue(
                    "duplicate_name", f"{path}/{lab}", f"two children named {lab!r}",
                    f"同名の子 {lab!r} が複数あります", ()))
            seen.add(lab)
        kids: list[Group | int] = []
        first_leaf = len(leaves)
        for child, lab in zip(node.children, labels, strict=True):
            cpath = f"{path}/{lab}" if path != ROOT_PATH else lab
            if k < n:  # one alternative among others: an impossible one is only a warning
                optional.append(cpath)
            child_layer = lay
            if isinstance(node, NOf) and not node.disjoint:
                child_layer = f"{lay}|{cpath}"
            kids.append(walk(child, cpath, child_layer, stack))
        scope = list(range(first_leaf, len(leaves)))
        for cap in node.caps:
            if isinstance(cap, Cap):
                cap_nodes.append((cap, path, scope))
            elif isinstance(cap, AgeLimit):
                for li in scope:
                    leaves[li].ages.append(cap)
            else:
                lim = cap.max.amount if cap.max is not None else Fraction(cap.max_units or 0)
                shares.append(ShareSpec(
                    len(shares), path, cap, "credits" if cap.max is not None else "units", lim,
                    cap.max.system if cap.max is not None else None, frozenset(cap.layers)))
        g = Group(path, k, node.kind, kids, node.title, node.title_ja)
        groups.append(g)
        return g

    if isinstance(target, Requirement):
        root_label = target.name
    elif isinstance(target, Ref):
        root_label = target.name or f"ref:{target.target}"
    elif isinstance(target, Condition):
        root_label = target.name
    else:
        root_label = target.name or ROOT_PATH
    root_layer = ROOT_LAYER if isinstance(target, Ref | Condition) else (
        target.layer or ROOT_LAYER)
    root = walk(target, root_label, root_layer, ())

    for cap, path, scope in cap_nodes:
        lim = cap.limit
        if isinstance(lim, int):
            spec = CapSpec(len(caps), f"{path}#{cap.name}", cap, "units", Fraction(lim), None,
                           frozenset(scope))
        else:
            spec = CapSpec(len(caps), f"{path}#{cap.name}", cap, "credits", lim.amount,
                           lim.system, frozenset(scope))
        caps.append(spec)
        for li in scope:
            leaves[li].caps.append(spec.idx)
            _check_cap_covers(leaves[li], spec, issues)
            val = leaves[li].req.value
            if val is not None and spec.kind == "credits" and val.system != spec.system:
                issues.append(StructuralIssue(
                    "impossible_demand", leaves[li].path,
                    f"value is in {val.system.value} but cap {spec.path} counts "
                    f"{spec.system}", f"value の単位制度が上限 {spec.path} と異なります", ()))

    _link_after(leaves, issues)
    return Program(root, leaves, caps, shares, groups, _grade(issues, optional))


def _grade(issues: list[StructuralIssue], optional: list[str]) -> list[StructuralIssue]:
    """An impossible demand inside an alternative makes that alternative unsatisfiable, not
    the pathway invalid: a warning.  Cycles, dangling references and the like stay errors."""
    out = []
    for issue in issues:
        if issue.code == "impossible_demand" and any(
                issue.path == p or issue.path.startswith(p + "/") for p in optional):
            issue = replace(issue, severity="warning")
        out.append(issue)
    return out


def _empty_group(path: str, groups: list[Group]) -> Group:
    g = Group(path, 1, "ref", [])
    groups.append(g)
    return g


def _check_match(m: Match, path: str, issues: list[StructuralIssue]) -> None:
    for fname in ("ids", "tags", "issuers", "routes", "frameworks", "profiles"):
        v = getattr(m, fname)
        if v is not None and not v:
            issues.append(StructuralIssue(
                "impossible_demand", path, f"match.{fname} is empty: nothing can match",
                f"match.{fname} が空のため何も該当しません", ()))
    if m.min_level is not None and m.max_level is not None and m.min_level > m.max_level:
        issues.append(StructuralIssue(
            "impossible_demand", path, "min_level is above max_level",
            "min_level が max_level を超えています", ()))


def _check_cap_covers(leaf: Leaf, spec: CapSpec, issues: list[StructuralIssue]) -> None:
    """A leaf that only accepts capped units cannot demand more than the cap allows."""
    cm, lm = spec.cap.match, leaf.req.match
    if lm.routes is None or cm.routes is None:  # the common case, decided before the scan
        return
    only_routes = all(
        getattr(cm, f) is None
        for f in ("ids", "tags", "all_tags", "issuers", "frameworks", "min_level", "max_level",
                  "min_grade", "covers", "max_age_years", "earned_from", "earned_until"))
    if not (only_routes and cm.routes is not None and lm.routes is not None):
        return
    if not lm.routes <= cm.routes:
        return
    same = (spec.kind == "units" and leaf.kind == "count") or (
        spec.kind == "credits" and leaf.kind == "credits" and spec.system == leaf.system)
    if same and leaf.demand > spec.limit:
        routes = ", ".join(sorted(r.value for r in lm.routes))
        issues.append(StructuralIssue(
            "impossible_demand", leaf.path,
            f"demands {leaf.demand} but only accepts units ({routes}) capped at {spec.limit}",
            f"上限 {spec.limit} の単位（{routes}）しか受け付けないのに "
            f"{leaf.demand} を要求しています",
            ()))


def _link_after(leaves: list[Leaf], issues: list[StructuralIssue]) -> None:
    by_name: dict[str, list[int]] = {}
    for lf in leaves:
        by_name.setdefault(lf.req.name, []).append(lf.idx)
    for lf in leaves:
        for name in lf.req.after:
            found = by_name.get(name, [])
            if not found:
                issues.append(StructuralIssue(
                    "dangling_reference", lf.path, f"after= names unknown requirement {name!r}",
                    f"after= が未定義の要件 {name!r} を指しています", ()))
            elif len(found) > 1:
                issues.append(StructuralIssue(
                    "ambiguous_reference", lf.path, f"after= name {name!r} is not unique",
                    f"after= の名前 {name!r} が一意ではありません", ()))
            else:
                lf.after.append(found[0])
                leaves[found[0]].dependents.append(lf.idx)
    # cycles among prerequisite edges (iterative DFS, colours)
    colour = [0] * len(leaves)
    for start in range(len(leaves)):
        if colour[start]:
            continue
        stack: list[tuple[int, int]] = [(start, 0)]
        trail: list[int] = []
        while stack:
            v, i = stack.pop()
            if i == 0:
                colour[v] = 1
                trail.append(v)
            if i < len(leaves[v].after):
                stack.append((v, i + 1))
                w = leaves[v].after[i]
                if colour[w] == 1:
                    cyc = (*(leaves[x].path for x in trail[trail.index(w):]), leaves[w].path)
                    issues.append(StructuralIssue(
                        "cycle", leaves[v].path, f"prerequisite cycle: {' -> '.join(cyc)}",
                        f"前提条件が循環しています: {' -> '.join(cyc)}", cyc))
                elif colour[w] == 0:
                    stack.append((w, 0))
            else:
                colour[v] = 2
                trail.pop()


ROUTE_RANK = {Route.NATIVE: 0, Route.TRANSFER: 1, Route.CREDIT_BANK: 2, Route.RPL: 3}
