"""A time limit on reading one batch file: a reader that hangs makes that file unreadable, not the batch stuck.

The evaluation runs in a short-lived daemon thread that the job waits for. Python cannot kill a
thread, so on timeout the thread is asked to stop: an exception is raised in it at its next
bytecode, which ends the endless loops a malformed document can send a pure-Python parser into.
A thread blocked inside C code cannot be stopped that way; it is left behind as a daemon (it
never keeps the worker from exiting), logged, and the next file gets a new thread.
"""

from __future__ import annotations

import ctypes
import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import connections

log = logging.getLogger("jixiao.batches")
T = TypeVar("T")
GRACE = 1.0          # seconds a timed-out thread gets to unwind after being asked to stop


class ReadTimeout(Exception):
    def __init__(self, seconds: float, stopped: bool) -> None:
        super().__init__(f"read timed out after {seconds:g} s")
        self.seconds, self.stopped = seconds, stopped


class _Stop(BaseException):
    """Raised inside the timed-out thread; a BaseException, so readers' ``except Exception`` let it through."""


def _interrupt(thread: threading.Thread) -> None:
    if thread.ident is not None:
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident), ctypes.py_object(_Stop))


def within(seconds: float, fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)``, or ReadTimeout if it has not returned after ``seconds`` (0 or less: no limit)."""
    if seconds <= 0:
        return fn(*args)
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn(*args)
        except BaseException as exc:        # handed to the waiting job, which decides
            box["error"] = exc
        finally:
            connections.close_all()          # this thread's own connections, if a lookup opened one

    thread = threading.Thread(target=target, name="jixiao-batch-read", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive() and not box:     # (a result that came in at the last moment is taken)
        _interrupt(thread)
        thread.join(GRACE)
        stopped = not thread.is_alive()
        if not stopped:
            log.warning("a reader blocked in native code was left running after %g s", seconds)
        raise ReadTimeout(seconds, stopped)
    if "error" in box:
        raise box["error"]
    return box["value"]
