"""Worker processes forked from this one, so they inherit what it has already read
(parsed articles and catalogs) instead of reading it again or receiving it pickled."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

Item = TypeVar("Item")
Shared = TypeVar("Shared")
Result = TypeVar("Result")
Key = TypeVar("Key")


def worker_count(requested: int | None, tasks: int) -> int:
    """``requested`` workers (default: one per core), never more than there are tasks."""
    return max(1, min(requested or os.cpu_count() or 1, tasks))


def forked_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers are forks where the platform has fork (Linux), each
    started by :func:`_start_worker`, all forked now (a fork pool starts every worker at
    its first task) with Ctrl-C held back."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker)
    with forking():
        pool.submit(int).result()
    return pool


_FORKED_BY: int | None = None
"""The process forking workers (set by :func:`forking`, read by the workers)."""


@contextlib.contextmanager
def forking() -> Iterator[None]:
    """Around this process's forks: Ctrl-C held back, and its pid noted for the children.
    A child interrupted before :func:`_start_worker` has set its quiet handler would
    print a traceback (from Python's own after-fork hooks); held, the signal waits in the
    child until the handler is set, and in this process until the forks are done."""
    global _FORKED_BY
    _FORKED_BY = os.getpid()
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Linux: the worker is killed when the build dies (SIGKILL, the out-of-memory
    killer). Otherwise a pool's workers live on, blocked on a queue nobody writes to, and
    early pages are written into a staging folder nobody will publish."""
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return  # not Linux
    prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if _FORKED_BY is not None and os.getppid() != _FORKED_BY:  # it died before prctl
        os._exit(1)


def _start_worker() -> None:
    """A forked worker's first steps. It dies with the build (``_die_with_parent``). It
    freezes the garbage collector's view of what it inherited, so its collections do not
    write to (and so copy) every inherited page (gc.freeze's purpose). Ctrl-C reaches the
    whole process group: the worker leaves quietly and the command reports the
    interruption once, instead of every worker printing a traceback."""
    _die_with_parent()
    gc.freeze()
    gc.enable()  # (a worker forked while the build reads inherits its paused collector)
    signal.signal(signal.SIGINT, _leave_quietly)
    if hasattr(signal, "pthread_sigmask"):  # a Ctrl-C held back while forking arrives now
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _leave_quietly(signum: int, _frame: object) -> None:
    os._exit(128 + signum)


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


class Batches(Generic[Item, Result]):
    """``function(batch)`` over items handed over one by one, run by forked workers (one
    per core) batch by batch while this process goes on making the next items: a long
    article's notes are read while it is still being segmented. Each batch is pickled
    to a worker (the items are small); the last, partial one runs here while the
    workers finish. Not ``parallel``: every item in one call here, when the results are
    asked for. Close it (``with``) before forking again: its pool runs a thread."""

    def __init__(
        self, function: Callable[[list[Item]], list[Result]], *, size: int, parallel: bool
    ) -> None:
        self._function = function
        self._size = size
        self._batch: list[Item] = []
        self._sent: list[Future[list[Result]]] = []
        forks = parallel and "fork" in multiprocessing.get_all_start_methods()
        self._pool = forked_pool(worker_count(None, os.cpu_count() or 1)) if forks else None

    def add(self, item: Item) -> None:
        self._batch.append(item)
        if self._pool is not None and len(self._batch) >= self._size:
            self._sent.append(self._pool.submit(self._function, self._batch))
            self._batch = []

    def results(self) -> list[Result]:
        """Every item's result, in the order the items were added (asked once)."""
        last = self._function(self._batch) if self._batch else []
        self._batch = []
        return [result for sent in self._sent for result in sent.result()] + last

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Batches[Item, Result]:
        return self

    def __exit__(self, *_exception: object) -> None:
        self.close()


class Prefetch(Generic[Key, Result]):
    """Work started now in forked processes, collected later: a build parses its large
    catalogs this way while it parses the articles on its own core.

    Plain forked processes with a pipe each, not a pool: a pool keeps a thread running in
    this process, and forking again (the checks' and renderers' workers) while a thread
    runs can deadlock. Each key's result is collected at most once; an exception raised in
    a worker is raised where its result is collected."""

    def __init__(
        self,
        function: Callable[..., Result],
        arguments: Mapping[Key, tuple[Any, ...]],
        workers: int | None = None,
    ) -> None:
        self.arguments = dict(arguments)
        self._function = function
        self._arrived: dict[Key, tuple[bool, Any]] = {}
        self._children: list[tuple[BaseProcess, Connection, set[Key]]] = []
        """Each worker, its pipe, and the keys whose results are still to come from it (a
        set: a build asks for each of thousands of pages)."""
        if not self.arguments or "fork" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("fork")
        keys = list(self.arguments)
        count = worker_count(workers, len(keys))
        for index in range(count):
            share = keys[index::count]
            receiving, sending = context.Pipe(duplex=False)
            work = [(key, self.arguments[key]) for key in share]
            child = context.Process(target=_prefetch_worker, args=(function, work, sending),
                                    daemon=True)
            with forking():
                child.start()
            sending.close()
            self._children.append((child, receiving, set(share)))

    def __contains__(self, key: object) -> bool:
        return any(key in share for _child, _pipe, share in self._children)

    def result(self, key: Key) -> Result:
        """The result for ``key`` (waiting for it), or the worker's exception raised;
        KeyError for a key no worker has (collected already, or never sent)."""
        found = [entry for entry in self._children if key in entry[2]]
        if not found:
            raise KeyError(key)
        _child, pipe, share = found[0]
        while key not in self._arrived:
            try:
                arrived, ok, value = pipe.recv()
            except EOFError:  # the worker died (killed, out of memory): do it here instead
                self._arrived[key] = (True, self._function(*self.arguments[key]))
                break
            self._arrived[arrived] = (ok, value)
        share.remove(key)
        ok, value = self._arrived.pop(key)
        if not ok:
            raise value
        return value

    def close(self) -> None:
        """Stop the workers; results not collected yet are dropped."""
        for child, pipe, _share in self._children:
            pipe.close()
            if child.is_alive():
                child.terminate()
            child.join()
        self._children.clear()
        self._arrived.clear()


def _prefetch_worker(
    function: Callable[..., Any], work: list[tuple[Any, tuple[Any, ...]]], sending: Connection
) -> None:
    _start_worker()
    for key, arguments in work:
        try:
            message = (key, True, function(*arguments))
        except Exception as error:  # raised again where the result is collected
            message = (key, False, error)
        try:
            sending.send(message)
        except (BrokenPipeError, EOFError):
            return  # the build stopped waiting (it closed its end)
        except Exception as error:  # an exception that cannot be pickled
            sending.send((key, False, RuntimeError(f"{type(error).__name__}: {error}")))
    sending.close()


class Standby(Generic[Result]):
    """Worker processes forked now, while this process is still small, that run tasks
    sent later, each as soon as one is free: a build forks its PDF printers before it
    reads a library, so they neither carry its articles and catalogs nor copy the pages
    of them they would touch (a forked worker's private memory grows towards its
    parent's). Plain processes with a pipe each, no thread (see Prefetch)."""

    def __init__(self, count: int) -> None:
        self._idle: list[Connection] = []
        self._children: list[BaseProcess] = []
        if "fork" not in multiprocessing.get_all_start_methods():
            return  # (tasks then run in this process)
        context = multiprocessing.get_context("fork")
        for _ in range(count):
            here, there = context.Pipe()
            child = context.Process(target=_standby_worker, args=(there,), daemon=True)
            with forking():
                child.start()
            there.close()
            self._idle.append(here)
            self._children.append(child)

    def __len__(self) -> int:
        return len(self._children)

    def run(
        self, function: Callable[..., Result], tasks: Sequence[tuple[Any, ...]]
    ) -> Iterator[tuple[int, Result]]:
        """``(index, function(*tasks[index]))`` for every task, in the order they finish;
        a task's exception is raised here. A task whose worker died runs in this process."""
        pending = list(reversed(range(len(tasks))))
        busy: dict[Connection, int] = {}
        idle = self._idle
        while pending or busy:
            while pending and idle:
                pipe = idle.pop()
                index = pending.pop()
                try:
                    pipe.send((function, tasks[index]))
                except (BrokenPipeError, EOFError, OSError):  # the worker died
                    pending.append(index)
                    continue
                busy[pipe] = index
            if not busy:  # every worker died: the rest here
                for index in reversed(pending):
                    yield index, function(*tasks[index])
                return
            for ready in wait(list(busy)):
                done = next(pipe for pipe in busy if pipe is ready)
                index = busy.pop(done)
                try:
                    ok, value = done.recv()
                except (EOFError, OSError):  # the worker died (killed, out of memory)
                    yield index, function(*tasks[index])
                    continue
                idle.append(done)
                if not ok:
                    raise value
                yield index, value

    def close(self) -> None:
        """Stop the workers (a task running is abandoned)."""
        for pipe in self._idle:
            pipe.close()
        for child in self._children:
            if child.is_alive():
                child.terminate()
            child.join()
        self._idle.clear()
        self._children.clear()


def _standby_worker(pipe: Connection) -> None:
    _start_worker()
    while True:
        try:
            function, arguments = pipe.recv()
        except (EOFError, OSError):
            return  # the build closed its end
        try:
            message = (True, function(*arguments))
        except Exception as error:  # raised again where the result is collected
            message = (False, error)
        try:
            pipe.send(message)
        except (BrokenPipeError, EOFError, OSError):
            return
        except Exception as error:  # an exception that cannot be pickled
            pipe.send((False, RuntimeError(f"{type(error).__name__}: {error}")))
