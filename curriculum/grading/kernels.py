"""Kernels for grading: started ahead of time (one waits while another grades), stopped without waiting.

:class:`KernelSource` hands out :class:`KernelLease` objects. Taking one starts the next kernel at
once, so a kernel boots (Python, ipykernel and the week's imports) while the previous notebook is
graded; a kernel is used for one notebook only and then killed with everything it started.

:class:`GradingKernelClient` is jupyter_client's ``AsyncKernelClient`` with a shorter IOPub drain at
the end of ``wait_for_ready`` (10 ms of silence instead of 0.2 s): nbclient ignores IOPub messages
whose parent is not the cell it runs, so the shorter drain changes no output.

Reference: jupyter_client, "Kernel Management" and "Kernel Provisioning"
(https://jupyter-client.readthedocs.io/en/stable/api/jupyter_client.html).
"""

from __future__ import annotations

import time
from queue import Empty

import zmq
from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import ensure_async, run_sync
from traitlets import Type

from curriculum.grading.provisioner import KERNEL_NAME, FixedKernelSpecManager

#: What a kernel that exits before it is ready raises: no submission code has run yet, so the grader may retry.
KERNEL_DIED_AT_START = "Kernel died before replying to kernel_info"

#: Largest message a kernel may send the grader (ZeroMQ drops the connection past it), in bytes.
MAX_MESSAGE_BYTES = 32 * 2**20


class GradingKernelClient(AsyncKernelClient):
    """An ``AsyncKernelClient`` whose readiness check ends with a 10 ms IOPub drain."""

    drain_timeout_s = 0.01

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.time() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                msg = await ensure_async(self.shell_channel.get_msg(timeout=1))
            except Empty:
                msg = None
            if msg is not None and msg["msg_type"] == "kernel_info_reply":
                try:  # IOPub is connected once the kernel's status for this request arrives
                    await ensure_async(self.iopub_channel.get_msg(timeout=0.2))
                except Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(msg)
                    break
            if not await ensure_async(self.is_alive()):
                raise RuntimeError(KERNEL_DIED_AT_START)
            if time.time() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
        while True:
            try:
                await ensure_async(self.iopub_channel.get_msg(timeout=self.drain_timeout_s))
            except Empty:
                break


class GradingKernelManager(AsyncKernelManager):
    """An ``AsyncKernelManager`` whose clients are :class:`GradingKernelClient`."""

    client_factory = Type(GradingKernelClient, klass=AsyncKernelClient)


class KernelLease:
    """One started kernel for one notebook; :meth:`finish` kills it and all it left, and says what happened."""

    def __init__(self, spec: KernelSpec):
        ksm = FixedKernelSpecManager()
        ksm.spec = spec
        self.km = GradingKernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=ksm)
        self.km.context.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE_BYTES)
        self.started = time.perf_counter()
        run_sync(self.km.start_kernel)()

    @property
    def plan(self):
        return getattr(self.km.provisioner, "plan", None)

    def finish(self) -> list[str]:
        notes: list[str] = []
        plan = self.plan
        oom = plan is not None and plan.cgroup is not None and plan.cgroup.oom_killed()
        left = 0
        if plan is not None:
            if plan.uid is not None:  # the kernel itself runs as this user; anything more was started by it
                from curriculum.grading.sandbox import pids_of_uid

                left = max(0, len(pids_of_uid(plan.uid)) - 1)
            plan.cleanup()
        try:
            run_sync(self.km.shutdown_kernel)(now=True)
        except Exception:  # already gone
            pass
        if oom:
            notes.append(f"the kernel reached its memory limit ({plan.limits.memory_mb:,} MB for the kernel and "
                         "everything it started) and was stopped there")
        if left:
            notes.append(f"{left} processes of this notebook were still running at the end and were killed")
        return notes


class KernelSource:
    """Kernels from one spec, each started before it is needed."""

    def __init__(self, spec: KernelSpec, prestart: bool = True):
        self.spec = spec
        self.prestart = prestart
        self._next: KernelLease | None = None

    def __deepcopy__(self, memo):
        # traitlets copies configuration values; the grader's kernels are one live object, not data
        return self

    def warm(self) -> None:
        """Start the first kernel now, so it boots while the caller does other work."""
        if self.prestart and self._next is None:
            self._next = KernelLease(self.spec)

    def take(self) -> KernelLease:
        lease = self._next or KernelLease(self.spec)
        self._next = KernelLease(self.spec) if self.prestart else None
        return lease

    def close(self) -> None:
        if self._next is not None:
            self._next.finish()
            self._next = None
