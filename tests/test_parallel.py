"""Forked helpers: results as if computed here, failures raised where collected."""

from __future__ import annotations

import os
import signal

import pytest

from pipeline.errors import LocaliseError
from pipeline.parallel import Prefetch, in_chunks

PARENT = os.getpid()


def square(value: int) -> tuple[int, int]:
    """The square, and the process that computed it."""
    return value * value, os.getpid()


def refuse(path: str) -> int:
    raise LocaliseError("cannot read this", path, 7, hint="fix it")


def die_in_a_worker(value: int) -> int:
    if os.getpid() != PARENT:
        os.kill(os.getpid(), signal.SIGKILL)
    return value + 1


def test_prefetch_results_come_from_workers_in_any_order_of_collection() -> None:
    prefetch = Prefetch(square, {key: (key,) for key in range(5)}, workers=2)
    try:
        assert 3 in prefetch and 9 not in prefetch
        collected = {key: prefetch.result(key) for key in (4, 0, 3, 1, 2)}
    finally:
        prefetch.close()
    assert {key: value for key, (value, _pid) in collected.items()} == {k: k * k for k in range(5)}
    workers = {pid for _value, pid in collected.values()}
    assert PARENT not in workers and len(workers) == 2
    assert 3 not in prefetch  # each result is collected once


def test_a_workers_error_is_raised_where_the_result_is_collected() -> None:
    prefetch = Prefetch(refuse, {"a": ("locales/tr/LC_MESSAGES/a.po",)})
    try:
        with pytest.raises(LocaliseError) as raised:
            prefetch.result("a")
    finally:
        prefetch.close()
    error = raised.value
    assert (error.path, error.line, error.hint) == ("locales/tr/LC_MESSAGES/a.po", 7, "fix it")


def test_a_killed_worker_costs_time_not_the_result() -> None:
    prefetch = Prefetch(die_in_a_worker, {"x": (1,), "y": (2,)}, workers=1)
    try:
        assert (prefetch.result("y"), prefetch.result("x")) == (3, 2)
    finally:
        prefetch.close()


def test_closing_early_stops_the_workers() -> None:
    prefetch = Prefetch(square, {key: (key,) for key in range(4)}, workers=2)
    children = [child for child, _pipe, _share in prefetch._children]
    prefetch.close()
    assert children and not any(child.is_alive() for child in children)


def test_in_chunks_covers_the_range_in_order_whether_forked_or_not() -> None:
    def spans(shared: list[int], start: int, end: int) -> list[int]:
        return shared[start:end]

    data = list(range(1000))
    alone = in_chunks(spans, data, len(data), minimum=10_000)
    forked = in_chunks(spans, data, len(data), minimum=100, workers=2)
    assert len(alone) == 1 and len(forked) > 2
    assert [x for chunk in forked for x in chunk] == data == alone[0]
