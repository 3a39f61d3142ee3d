"""Worker processes forked from this one, so they inherit what it has already read
(parsed articles and catalogs) instead of reading it again or receiving it pickled."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor


def worker_count(requested: int | None, tasks: int) -> int:
    """``requested`` workers (default: one per core), never more than there are tasks."""
    return max(1, min(requested or os.cpu_count() or 1, tasks))


def forked_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers are forks where the platform has fork (Linux)."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)
