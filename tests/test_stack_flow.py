"""The Dinic max-flow used as the credit relaxation bound, against brute-force minimum cuts."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from microcred.stack._flow import FlowNetwork


@settings(max_examples=300, deadline=None)
@given(st.integers(2, 6).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1),
                                   st.integers(0, 7)), max_size=14))))
def test_max_flow_equals_min_cut(graph: tuple[int, list[tuple[int, int, int]]]) -> None:
    n, edges = graph
    net = FlowNetwork(n)
    for u, v, c in edges:
        if u != v:
            net.add(u, v, c)
    flow = net.max_flow()
    real = [(u, v, c) for u, v, c in edges if u != v]

    def cut(side: set[int]) -> int:
        return sum(c for u, v, c in real if u in side and v not in side)

    best = min(cut({0, *rest}) for k in range(n - 1)
               for rest in itertools.combinations(range(2, n), k))
    assert flow == best
    side = net.source_side()  # max-flow/min-cut certificate
    assert 0 in side and 1 not in side and cut(side) == flow
