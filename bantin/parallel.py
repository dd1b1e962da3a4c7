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
import pickle
import signal
import sys
import traceback
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
    if jobs <= 1 or count < min_parallel or not can_fork():
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


def can_fork() -> bool:
    """Whether this system forks processes (not Windows)."""
    return "fork" in multiprocessing.get_all_start_methods()


def in_child(work: Callable[[], T]) -> T:
    """``work()`` done in a forked child process, which sends back its result (or the exception
    it raised) pickled and ends at once: all the memory the work took goes back to the system
    with the child, none of it left in this process. Where fork does not exist, done here.

    The child inherits this process's open files: ``work`` must not use one that this process
    uses again (close a database connection before). If this process is interrupted while it
    waits, the child is interrupted too and waited for."""
    if not can_fork():
        return work()
    for stream in (sys.stdout, sys.stderr):  # else what they hold would be written twice
        stream.flush()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns, whatever happens
        try:
            os.close(read)
            try:
                got: tuple[bool, Any] = (True, work())
            except BaseException as exc:
                exc.add_note("".join(traceback.format_exception(exc)).rstrip())
                got = (False, exc)
            try:
                data = pickle.dumps(got, pickle.HIGHEST_PROTOCOL)
                if not got[0]:  # an exception must come back as it is, or as its text
                    back = pickle.loads(data)[1]
                    if type(back) is not type(got[1]) or str(back) != str(got[1]):
                        raise TypeError(type(got[1]).__name__)
            except Exception:
                text = "".join(traceback.format_exception(got[1])) if not got[0] else ""
                data = pickle.dumps((False, RuntimeError(f"could not send back: {text}")))
            with os.fdopen(write, "wb") as pipe:
                pipe.write(data)
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(0)
    os.close(write)
    try:
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()
    except BaseException:
        os.kill(pid, signal.SIGINT)
        raise
    finally:
        os.waitpid(pid, 0)
    if not data:
        raise RuntimeError("the process that did the work ended without an answer")
    ok, value = pickle.loads(data)
    if not ok:
        raise value
    return value  # type: ignore[no-any-return]


def run_all(work: Callable[[range], Sequence[T]], count: int, jobs: int, **kw: Any) -> list[T]:
    out: list[T] = []
    for part in run(work, count, jobs, **kw):
        out.extend(part)
    return out
