"""A kernel manager for grading that does not sit idle between notebooks.

jupyter_client is tuned for interactive use. Two of its waits cost a grader a
quarter of a second per notebook while neither CPU is busy:

* ``wait_for_ready`` ends by draining the IOPub channel until it has been silent
  for 0.2 s. nbclient ignores IOPub messages whose parent is not the cell it is
  running, so a short drain (10 ms) changes no output.
* after killing a kernel, ``KernelManager`` polls for its exit every 0.1 s.
  Polling every 5 ms notices the exit as soon as it happens.

Both classes only change those waits; nbgrader's ``Execute`` uses them through
its ``kernel_manager_class`` setting (``Execute.kernel_manager_class``).
"""

from __future__ import annotations

import asyncio
import time
from queue import Empty

from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from traitlets import DottedObjectName, Float, Type

try:  # jupyter_client >= 7
    from jupyter_core.utils import ensure_async
except ImportError:  # pragma: no cover
    from jupyter_client.utils import ensure_async


class GradingKernelClient(AsyncKernelClient):
    """An ``AsyncKernelClient`` whose readiness check ends with a short IOPub drain."""

    drain_timeout_s = Float(0.01, help="Seconds of IOPub silence that end the start-up drain.").tag(config=True)

    async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
        abs_timeout = time.time() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                msg = await ensure_async(self.shell_channel.get_msg(timeout=1))
            except Empty:
                pass
            else:
                if msg["msg_type"] == "kernel_info_reply":
                    try:  # IOPub is connected once the kernel's busy/idle status for this request arrives
                        await ensure_async(self.iopub_channel.get_msg(timeout=0.2))
                    except Empty:
                        pass
                    else:
                        self._handle_kernel_info_reply(msg)
                        break
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.time() > abs_timeout:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
        while True:
            try:
                await ensure_async(self.iopub_channel.get_msg(timeout=self.drain_timeout_s))
            except Empty:
                break

    wait_for_ready = _async_wait_for_ready


class GradingKernelManager(AsyncKernelManager):
    """An ``AsyncKernelManager`` that notices a stopped kernel within milliseconds."""

    client_class = DottedObjectName("curriculum.course.cohort.kernels.GradingKernelClient").tag(config=True)
    client_factory = Type(GradingKernelClient, klass=AsyncKernelClient)
    exit_poll_s = Float(0.005, help="Seconds between checks that a stopped kernel has exited.").tag(config=True)

    async def _async_wait(self, pollinterval: float = 0.1) -> None:
        while await self._async_is_alive():
            await asyncio.sleep(self.exit_poll_s)
