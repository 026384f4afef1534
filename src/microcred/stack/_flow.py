"""A small exact max-flow (Dinic) over integer capacities, with the source side of a min cut."""

from __future__ import annotations

from collections import deque


class FlowNetwork:
    """Directed graph with integer capacities; node 0 is the source, node 1 the sink."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.head: list[list[int]] = [[] for _ in range(n)]
        self.to: list[int] = []
        self.cap: list[int] = []

    def add(self, u: int, v: int, c: int) -> None:
        """Add edge u -> v with capacity c (and its residual twin)."""
        self.head[u].append(len(self.to))
        self.to.append(v)
        self.cap.append(c)
        self.head[v].append(len(self.to))
        self.to.append(u)
        self.cap.append(0)

    def max_flow(self, s: int = 0, t: int = 1) -> int:
        """The value of a maximum s-t flow (capacities are left as the residual graph)."""
        flow = 0
        to, cap, head = self.to, self.cap, self.head
        while True:
            level = [-1] * self.n
            level[s] = 0
            q = deque([s])
            while q:
                u = q.popleft()
                for e in head[u]:
                    if cap[e] > 0 and level[to[e]] < 0:
                        level[to[e]] = level[u] + 1
                        q.append(to[e])
            if level[t] < 0:
                return flow
            it = [0] * self.n
            while True:
                pushed = self._push(s, t, level, it)
                if not pushed:
                    break
                flow += pushed

    def _push(self, s: int, t: int, level: list[int], it: list[int]) -> int:
        """One blocking-flow augmenting path (iterative DFS); 0 when none is left."""
        to, cap, head = self.to, self.cap, self.head
        path: list[int] = []  # edges
        u = s
        while True:
            if u == t:
                f = min(cap[e] for e in path)
                for e in path:
                    cap[e] -= f
                    cap[e ^ 1] += f
                return f
            advanced = False
            while it[u] < len(head[u]):
                e = head[u][it[u]]
                v = to[e]
                if cap[e] > 0 and level[v] == level[u] + 1:
                    path.append(e)
                    u = v
                    advanced = True
                    break
                it[u] += 1
            if not advanced:
                if u == s:
                    return 0
                level[u] = -1  # dead end
                e = path.pop()
                u = to[e ^ 1]
                it[u] += 1

    def source_side(self, s: int = 0) -> set[int]:
        """Nodes reachable from ``s`` in the residual graph (the source side of a min cut)."""
        seen = {s}
        q = deque([s])
        while q:
            u = q.popleft()
            for e in self.head[u]:
                if self.cap[e] > 0 and self.to[e] not in seen:
                    seen.add(self.to[e])
                    q.append(self.to[e])
        return seen
