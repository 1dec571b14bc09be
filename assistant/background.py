"""Run slow start-up work (loading models) on a daemon thread and collect its result later."""

from __future__ import annotations

import threading
from concurrent.futures import Future
from typing import Callable, TypeVar

T = TypeVar("T")


def in_background(work: Callable[..., T], *args: object) -> Future[T]:
    """Start ``work(*args)`` now; ``.result()`` waits for it and re-raises its error.

    A daemon thread, not an executor: Ctrl-C during start-up must not wait for a model to finish loading.
    """
    future: Future[T] = Future()

    def run() -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(work(*args))
        except BaseException as error:  # noqa: BLE001 - handed to whoever waits on the result
            future.set_exception(error)

    threading.Thread(target=run, name=f"load-{getattr(work, '__name__', 'work')}", daemon=True).start()
    return future
