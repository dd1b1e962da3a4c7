"""Spread work over the machine's cores with forked worker processes.

Workers are forked, so they start with the parent's loaded site and compiled templates and
nothing has to be sent to them but a list of numbers; what comes back is small (pickled parsed
files, or a few facts about each written page). Where ``fork`` does not exist (Windows) or the
work is small, everything runs in this process, with the same results.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

# the work the forked workers see: set just before forking, cleared after
_TASK: dict[str, Any] = {}


def default_jobs() -> int:
    env = os.environ.get("BANTIN_JOBS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def chunks(n: int, size: int) -> list[range]:
    return [range(i, min(i + size, n)) for i in range(0, n, size)]


def run(
    work: Callable[[range], T],
    count: int,
    jobs: int,
    chunk: int = 32,
    min_parallel: int = 64,
) -> Iterator[T]:
    """``work`` applied to consecutive ranges covering ``range(count)``, results in order.
    ``work`` must be a module-level function; what it needs it reads from module state set
    before this call (inherited by the forked workers)."""
    parts = chunks(count, chunk)
    if jobs <= 1 or count < min_parallel or "fork" not in multiprocessing.get_all_start_methods():
        for part in parts:
            yield work(part)
        return
    # objects made so far stay shared with the workers instead of being copied; the caller
    # unfreezes them when the build is over
    gc.freeze()
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(min(jobs, len(parts))) as pool:
        yield from pool.imap(work, parts)


def run_all(work: Callable[[range], Sequence[T]], count: int, jobs: int, **kw: Any) -> list[T]:
    out: list[T] = []
    for part in run(work, count, jobs, **kw):
        out.extend(part)
    return out
