"""Forked helpers: results as if computed here, failures raised where collected."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from pipeline.errors import LocaliseError
from pipeline.parallel import Batches, Prefetch, Standby, forked_pool, in_chunks

PARENT = os.getpid()


def square(value: int) -> tuple[int, int]:
    """The square, and the process that computed it."""
    return value * value, os.getpid()


def refuse(path: str) -> int:
    raise LocaliseError("cannot read this", path, 7, hint="fix it")


def slow_in_a_worker(value: int) -> int:
    if os.getpid() != PARENT:
        time.sleep(30)
    return value * 2


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
    with pytest.raises(KeyError):
        prefetch.result(3)


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


READ_LATER: dict[str, list[int]] = {}
"""What this process reads after forking standby workers (they must not have it)."""


def read_later(key: str) -> tuple[int, int]:
    """How much of what was read later this process holds, and which process it is."""
    return len(READ_LATER.get(key, [])), os.getpid()


def test_standby_workers_forked_before_a_read_run_each_task_without_it() -> None:
    """Printers forked before the build reads a library carry none of it."""
    standby: Standby[tuple[int, int]] = Standby(2)
    try:
        READ_LATER["library"] = list(range(100_000))  # read after the fork
        tasks = [("library",)] * 7
        results = dict(standby.run(read_later, tasks))
    finally:
        READ_LATER.clear()
        standby.close()
    assert sorted(results) == list(range(7))  # every task once
    assert {held for held, _pid in results.values()} == {0}
    workers = {pid for _held, pid in results.values()}
    assert PARENT not in workers and 1 <= len(workers) <= 2


def test_a_standby_workers_error_is_raised_and_a_killed_ones_task_done_here() -> None:
    standby: Standby[int] = Standby(1)
    try:
        with pytest.raises(LocaliseError) as raised:
            list(standby.run(refuse, [("locales/tr/LC_MESSAGES/a.po",)]))
        assert raised.value.line == 7
        assert sorted(standby.run(die_in_a_worker, [(1,), (2,)])) == [(0, 2), (1, 3)]
        (child,) = standby._children
        child.join(10)
        assert child.exitcode == -signal.SIGKILL  # both tasks were done here, once it died
    finally:
        standby.close()


def test_in_chunks_covers_the_range_in_order_whether_forked_or_not() -> None:
    def spans(shared: list[int], start: int, end: int) -> list[int]:
        return shared[start:end]

    data = list(range(1000))
    alone = in_chunks(spans, data, len(data), minimum=10_000)
    forked = in_chunks(spans, data, len(data), minimum=100, workers=2)
    assert len(alone) == 1 and len(forked) > 2
    assert [x for chunk in forked for x in chunk] == data == alone[0]


def squares(values: list[int]) -> list[tuple[int, int]]:
    return [square(value) for value in values]


def refuse_sevens(values: list[int]) -> list[int]:
    if 7 in values:
        raise LocaliseError("cannot read this", "seven.md", 7)
    return values


def test_batches_give_every_result_in_order_whether_forked_or_not() -> None:
    for parallel in (True, False):
        with Batches(squares, size=4, parallel=parallel) as batches:
            for value in range(11):  # two whole batches, and a last one of three
                batches.add(value)
            results = batches.results()
        assert [result for result, _pid in results] == [value * value for value in range(11)]
        workers = {pid for _result, pid in results[:8]}
        assert (PARENT not in workers) if parallel else (workers == {PARENT})
        assert {pid for _result, pid in results[8:]} == {PARENT}  # the last batch, here


def test_a_batch_workers_error_is_raised_where_the_results_are_asked_for() -> None:
    with Batches(refuse_sevens, size=5, parallel=True) as batches:
        for value in range(12):
            batches.add(value)
        with pytest.raises(LocaliseError, match="cannot read this"):
            batches.results()


def test_ctrl_c_makes_a_pool_worker_leave_quietly(capfd: pytest.CaptureFixture[str]) -> None:
    """Ctrl-C reaches every process of the group; an idle pool worker used to print a
    traceback from inside concurrent.futures. It now exits at once, silently."""
    with forked_pool(1) as pool:
        assert pool.submit(os.getpid).result() != PARENT  # the worker is running
        (worker,) = pool._processes.values()  # type: ignore[attr-defined]
        os.kill(worker.pid, signal.SIGINT)
        worker.join(10)
        # The pool's own thread also waits for a worker that dies, and whichever of the two
        # reaps it first gets its exit code (the other may read None): so "it has ended"
        # is read from the kernel, and the code checked wherever it was read.
        try:
            state = Path(f"/proc/{worker.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            state = "gone"
        assert state in ("gone", "Z"), f"the worker is still running ({state})"
        assert worker.exitcode in (None, 128 + signal.SIGINT)
    assert "Traceback" not in capfd.readouterr().err


def test_ctrl_c_makes_a_prefetch_worker_leave_quietly(capfd: pytest.CaptureFixture[str]) -> None:
    prefetch = Prefetch(slow_in_a_worker, {"x": (21,)})
    try:
        (child,) = [child for child, _pipe, _share in prefetch._children]
        time.sleep(0.2)
        os.kill(child.pid, signal.SIGINT)
        assert prefetch.result("x") == 42  # computed here once the worker is gone
        child.join(10)
        assert child.exitcode == 128 + signal.SIGINT
    finally:
        prefetch.close()
    assert "Traceback" not in capfd.readouterr().err
