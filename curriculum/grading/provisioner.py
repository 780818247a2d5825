"""Start a student's kernel inside the sandbox through jupyter_client's kernel provisioner interface.

jupyter_client (7.0 and later) starts every kernel through a *provisioner*; a kernel spec chooses one
by name in its metadata (``"kernel_provisioner": {"provisioner_name": ...}``) from the
``jupyter_client.kernel_provisioners`` entry points. :class:`SandboxProvisioner` is the course's: it is
jupyter_client's own ``LocalProvisioner`` with two public hooks changed:

* :meth:`pre_launch` puts the kernel's connection file and sockets in a folder of their own and
  switches the transport to ZeroMQ ``ipc`` (Unix sockets), so the kernel needs no network at all;
* :meth:`launch_kernel` wraps the kernel command in the sandbox of :mod:`.sandbox`, with the
  kernel's standard output and error sent nowhere (what a kernel prints outside its messages is not
  the grader's business, and must not fill a log).

:meth:`cleanup` kills anything the kernel left behind. :func:`sandbox_kernel_spec` builds the spec.

Reference: jupyter_client, "Kernel Provisioning"
(https://jupyter-client.readthedocs.io/en/stable/provisioning.html).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.provisioning import LocalProvisioner
from traitlets import Dict, Unicode

from curriculum.grading.sandbox import Limits, SandboxPlan, plan_sandbox

#: The entry point name (pyproject.toml, ``jupyter_client.kernel_provisioners``).
PROVISIONER_NAME = "curriculum-sandbox"
#: The kernel spec name the grader asks for.
KERNEL_NAME = "curriculum-sandboxed-python3"


class SandboxProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, with the kernel started in a bubblewrap sandbox."""

    limits = Dict({}, config=True, help="Limits (see curriculum.grading.sandbox.Limits) as a dict.")
    socket_root = Unicode("", config=True, help="Folder in which each kernel's socket folder is made.")

    plan: SandboxPlan | None = None

    async def pre_launch(self, **kwargs: Any) -> dict[str, Any]:
        km = self.parent
        root = Path(self.socket_root or tempfile.gettempdir())
        socket_dir = Path(tempfile.mkdtemp(prefix="kernel-", dir=root))
        self.plan = plan_sandbox(socket_dir, Limits(**self.limits))
        km.transport = "ipc"
        km.cache_ports = False
        km.ip = str(socket_dir / "k")
        km.connection_file = str(socket_dir / "connection.json")
        kwargs = await super().pre_launch(**kwargs)
        # the connection file is written by the grader (root) and read by the kernel's user
        if self.plan.uid is not None:
            os.chown(km.connection_file, self.plan.uid, self.plan.uid)
        kwargs["cwd"] = None  # bubblewrap sets the working folder inside the sandbox
        return kwargs

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):
        assert self.plan is not None, "pre_launch makes the sandbox plan"
        kwargs["stdout"] = subprocess.DEVNULL
        kwargs["stderr"] = subprocess.DEVNULL
        debug = os.environ.get("CURRICULUM_SANDBOX_DEBUG")
        if debug:  # a developer's switch: the kernel's own stderr (bubblewrap's errors too) to this file
            kwargs["stderr"] = open(debug, "ab")
        kwargs["stdin"] = subprocess.DEVNULL
        kwargs["env"] = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
        return await super().launch_kernel(self.plan.wrap(cmd), **kwargs)

    async def cleanup(self, restart: bool = False) -> None:
        await super().cleanup(restart=restart)
        if self.plan is not None:
            self.plan.cleanup()


def kernel_argv(exec_lines: list[str] = ()) -> list[str]:
    """The kernel command: this Python's ipykernel, with no history file and ``exec_lines`` run at start."""
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
            "--HistoryManager.enabled=False", "--IPKernelApp.matplotlib=inline"]
    for line in exec_lines:
        argv.append(f"--IPKernelApp.exec_lines={line}")
    return argv


def sandbox_kernel_spec(limits: Limits | None = None, socket_root: Path | None = None,
                        exec_lines: list[str] = ()) -> KernelSpec:
    """A kernel spec for a sandboxed Python 3 kernel; ``exec_lines`` warm the kernel while it waits."""
    limits = limits or Limits()
    # interrupts go as a message on the control channel: a signal to bubblewrap would not reach the kernel
    return KernelSpec(
        argv=kernel_argv(exec_lines), display_name="Python 3 (course sandbox)", language="python",
        interrupt_mode="message",
        metadata={"kernel_provisioner": {"provisioner_name": PROVISIONER_NAME, "config": {
            "limits": {k: getattr(limits, k) for k in limits.__dataclass_fields__},
            "socket_root": str(socket_root or ""),
        }}})


def plain_kernel_spec(exec_lines: list[str] = ()) -> KernelSpec:
    """The same kernel without a sandbox (``--no-sandbox``, or a laptop without bubblewrap)."""
    return KernelSpec(argv=kernel_argv(exec_lines), display_name="Python 3 (no sandbox)", language="python",
                      metadata={})


class FixedKernelSpecManager(KernelSpecManager):
    """A kernel spec manager that knows one spec, the grader's, by the name :data:`KERNEL_NAME`."""

    spec: KernelSpec | None = None

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        if self.spec is None or kernel_name not in (KERNEL_NAME, "python3", "python"):
            return super().get_kernel_spec(kernel_name)
        return self.spec

    def find_kernel_specs(self) -> dict[str, str]:
        return {KERNEL_NAME: ""}
