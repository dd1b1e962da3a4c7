"""Spread work over the machine's cores: this process and ``jobs - 1`` forked workers.

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

MIN_PARALLEL = 64  # less work than this is done in this process: forking would cost more


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
    progress: Callable[[int], None] | None = None,
    min_parallel: int = MIN_PARALLEL,
    in_order: bool = True,
) -> Iterator[T]:
    """``work`` applied to consecutive ranges covering ``range(count)``, results in order.
    ``work`` must be a module-level function; what it needs it reads from module state set
    before this call (inherited by the forked workers). ``progress`` is told, now and then, about
    how many of the ``count`` are done. Fewer than ``min_parallel`` items are done in this
    process: lower it for work whose every item is heavy (a picture to resize).

    With ``in_order=False`` each result is given as soon as it is there (this process's after
    each of its ranges, with the workers' that came meanwhile), in no set order: the caller can
    put it away instead of holding every result until the last."""
    parts = chunks(count, chunk)
    jobs = min(jobs, len(parts))
    if jobs <= 1 or count < min_parallel or "fork" not in multiprocessing.get_all_start_methods():
        for part in parts:
            yield work(part)
            if progress:
                progress(part.stop)
        return
    # objects made so far stay shared with the workers instead of being copied; the caller
    # unfreezes them when the build is over
    gc.freeze()
    # this process does its share too: one process fewer holding a copy of the site
    mine = parts[::jobs]
    theirs = [p for i, p in enumerate(parts) if i % jobs]
    ctx = multiprocessing.get_context("fork")
    if not in_order:
        with ctx.Pool(jobs - 1) as pool:
            arriving = pool.imap_unordered(work, theirs, chunksize=1)
            for n, p in enumerate(mine, 1):
                yield work(p)
                if progress:
                    progress(min(count, n * jobs * chunk))
                while True:
                    try:
                        yield arriving.next(timeout=0)
                    except (multiprocessing.TimeoutError, StopIteration):
                        break  # none there yet, or none left
            yield from arriving
        return
    with ctx.Pool(jobs - 1) as pool:
        pending = pool.map_async(work, theirs, chunksize=1)
        done_here = []
        for p in mine:  # the workers go at about the same pace as this process
            done_here.append(work(p))
            if progress:
                progress(min(count, len(done_here) * jobs * chunk))
        done_there = pending.get()
    here, there = iter(done_here), iter(done_there)
    for i in range(len(parts)):
        yield next(here) if i % jobs == 0 else next(there)


def run_all(work: Callable[[range], Sequence[T]], count: int, jobs: int, **kw: Any) -> list[T]:
    out: list[T] = []
    for part in run(work, count, jobs, **kw):
        out.extend(part)
    return out
