"""Worker processes forked from this one, so they inherit what it has already read
(parsed articles and catalogs) instead of reading it again or receiving it pickled."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

Shared = TypeVar("Shared")
Result = TypeVar("Result")


def worker_count(requested: int | None, tasks: int) -> int:
    """``requested`` workers (default: one per core), never more than there are tasks."""
    return max(1, min(requested or os.cpu_count() or 1, tasks))


def forked_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers are forks where the platform has fork (Linux)."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


_CHUNK_JOB: tuple[Callable[[Any, int, int], Any], Any] | None = None
"""The function and data of the running in_chunks call, inherited by its forked workers."""


def in_chunks(
    function: Callable[[Shared, int, int], Result],
    shared: Shared,
    total: int,
    *,
    minimum: int,
    workers: int | None = None,
) -> list[Result]:
    """``function(shared, start, end)`` over ``range(total)`` in order: in one call when
    ``total`` is below ``minimum`` (a fork costs more than it saves), else in chunks run by
    forked workers, which read ``shared`` from their copy of this process (nothing big is
    pickled; only the chunks' results come back)."""
    global _CHUNK_JOB
    count = worker_count(workers, max(1, total // max(1, minimum // 2)))
    if total < minimum or count == 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [function(shared, 0, total)]
    step = -(-total // (count * 4))  # a few chunks per worker, so none waits on a slow one
    _CHUNK_JOB = (function, shared)
    try:
        with forked_pool(count) as pool:
            return list(pool.map(_run_chunk, [(start, min(start + step, total))
                                              for start in range(0, total, step)]))
    finally:
        _CHUNK_JOB = None


def _run_chunk(bounds: tuple[int, int]) -> Any:
    assert _CHUNK_JOB is not None, "workers are forked after the job is set"
    function, shared = _CHUNK_JOB
    return function(shared, *bounds)
