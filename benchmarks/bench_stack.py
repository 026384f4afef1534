"""Benchmark of the stackability resolver: a 1,000-unit record against a 200-requirement programme.

``run(repeats)`` returns the median wall time (and the spread) of ``stack.resolve`` on a fixed,
seeded instance; the performance runner (``benchmarks/run.py``) imports and calls it.  The
instance mixes what real programmes contain: 150 course-list requirements ("2 of these 6
courses"), 40 credit requirements over course lists ("6 ECTS from these 8 courses"), and 10
tag-based elective pools with credit thresholds, all in one counting layer, plus an RPL cap.
"""

from __future__ import annotations

import gc
import random
import statistics
import time
from datetime import date
from typing import Any

from microcred import stack

AS_OF = date(2025, 1, 1)


def build(seed: int = 20251125) -> tuple[stack.Node, list[stack.Unit]]:
    """The fixed benchmark instance: (programme, learner record)."""
    rng = random.Random(seed)
    n_units, courses = 1000, [f"C{i:04d}" for i in range(1400)]
    tags = [f"area{i}" for i in range(10)]
    units = []
    for i, cid in enumerate(rng.sample(courses, n_units)):
        units.append(stack.Unit(
            id=cid, credits=stack.Credits(rng.choice((2, 3, 4, 5, 6)), "ECTS"),
            level=rng.choice((4, 5, 6, 7)), earned_on=date(2020 + i % 5, 1 + i % 12, 1),
            tags={rng.choice(tags)},
            route=stack.Route.RPL if i % 10 == 0 else stack.Route.NATIVE))
    reqs: list[stack.Node] = []
    for r in range(150):
        ids = set(rng.sample(courses, 6))
        reqs.append(stack.Requirement(f"list{r}", match=stack.Match(ids=ids), count=1))
    for r in range(40):
        ids = set(rng.sample(courses, 8))
        reqs.append(stack.Requirement(f"credit{r}", match=stack.Match(ids=ids),
                                      credits=stack.Credits(3, "ECTS")))
    for r in range(10):
        reqs.append(stack.Requirement(f"pool{r}", match=stack.Match(tags={tags[r]}, min_level=5),
                                      credits=stack.Credits(30, "ECTS")))
    cap = stack.Cap(match=stack.Match(routes={stack.Route.RPL}), fraction="0.3",
                    of=stack.Credits(600, "ECTS"))
    return stack.AllOf(*reqs, name="programme", caps=(cap,)), units


def tight(demand: int) -> tuple[stack.Node, list[stack.Unit]]:
    """The same record against the programme with each elective pool raised to ``demand``
    ECTS: 240 is satisfiable only after the constructive tries steer units; 260 is proved
    NOT_SATISFIED by the credit max-flow relaxation."""
    target, units = build()
    assert isinstance(target, stack.AllOf)
    kids = tuple(c.model_copy(update={"credits": stack.Credits(demand, "ECTS")})
                 if isinstance(c, stack.Requirement) and c.name.startswith("pool") else c
                 for c in target.children)
    return target.model_copy(update={"children": kids}), units


def _median_cpu(target: stack.Node, units: list[stack.Unit], repeats: int
                ) -> tuple[float, stack.Resolution]:
    cpu = []
    res = stack.resolve(target, units, as_of=AS_OF)
    for _ in range(repeats):
        c0 = time.process_time()
        res = stack.resolve(target, units, as_of=AS_OF)
        cpu.append(time.process_time() - c0)
    return statistics.median(cpu), res


def run(repeats: int = 15) -> dict[str, Any]:
    """Median time of one ``resolve`` call on the 1,000 × 200 instance (seconds).

    ``median_s`` is wall time; ``cpu_median_s`` is process CPU time, which stays meaningful on
    a loaded machine.  Also reports the verdict and the solver's work count.
    """
    target, units = build()
    times, cpu = [], []
    res = stack.resolve(target, units, as_of=AS_OF)
    for _ in range(repeats):
        gc.collect()
        c0, t0 = time.process_time(), time.perf_counter()
        res = stack.resolve(target, units, as_of=AS_OF)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return {
        "name": "stack.resolve 1000 units x 200 requirements",
        "median_s": statistics.median(times),
        "cpu_median_s": statistics.median(cpu),
        "min_s": min(times),
        "max_s": max(times),
        "repeats": repeats,
        "verdict": res.verdict.value,
        "work": res.work,
        "target_s": 0.050,
        **{f"tight_{d}": _tight(d, max(1, repeats // 5)) for d in (240, 260)},
    }


def _tight(demand: int, repeats: int) -> dict[str, Any]:
    cpu, res = _median_cpu(*tight(demand), repeats)
    return {"cpu_median_s": cpu, "verdict": res.verdict.value, "work": res.work}


if __name__ == "__main__":
    print(run())
