"""Scheduled operation: one run at a time (a lock next to the database), repeated runs, clean stops."""

from __future__ import annotations

import fcntl
import os
import re
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

from .errors import LockHeld

INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr|d)?\s*$", re.I)
UNITS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600, "d": 86400}


def parse_interval(text: str) -> float:
    """Seconds in an interval such as 30m, 2h, 45s or 1d (a bare number is minutes)."""
    match = INTERVAL.match(text or "")
    if not match:
        raise ValueError(f"{text!r} is not an interval like 30m, 2h or 1d")
    seconds = float(match.group(1)) * UNITS[(match.group(2) or "m").lower()]
    if seconds <= 0:
        raise ValueError(f"{text!r}: the interval must be longer than zero")
    return seconds


class RunLock:
    """An exclusive lock file next to the database (`deals.db.lock`), holding the owner's pid.

    The lock is an flock on the open file, so the kernel releases it when its process dies:
    a lock file left behind by a killed run is stale and is simply taken over.
    """

    def __init__(self, db_path: str | Path) -> None:
        self.path = Path(f"{db_path}.lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise LockHeld(f"another run (pid {holder}) holds {self.path}") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()


class StopSignal:
    """Turns SIGINT and SIGTERM into a request to stop after the current write."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self._previous: dict[int, Callable[[int, FrameType | None], Any] | int | None] = {}

    def __call__(self) -> bool:
        return self.event.is_set()

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.event.is_set():
            # A second Ctrl-C: stop now (transactions roll back, the database stays consistent).
            raise KeyboardInterrupt
        self.event.set()

    def __enter__(self) -> StopSignal:
        for signum in (signal.SIGINT, signal.SIGTERM):
            self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc_info: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)

    def wait(self, seconds: float) -> bool:
        """Sleep between runs; True when a stop was requested meanwhile."""
        return self.event.wait(seconds)
