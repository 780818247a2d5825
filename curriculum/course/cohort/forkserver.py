"""Start grading kernels in milliseconds: fork them from a warm Python process.

Most of the time nbgrader spends on a small notebook goes into starting and
stopping a fresh IPython kernel: a new Python process imports ipykernel,
IPython, zmq and then whatever the notebook imports (numpy, pandas, the course
library) before it runs a single cell. The *fork server* does those imports
once. Each kernel is then a ``fork()`` of it: a new process with its own memory
(copy on write), so one learner's code can never see or change another's.

How nbgrader uses it, with no change to nbgrader:

* :func:`write_kernelspec` writes a kernel spec named like the notebooks'
  (``python3``) whose command is the tiny stdlib-only launcher
  ``_kernel_launcher.py``. Putting its folder first on ``JUPYTER_PATH`` makes
  nbgrader's ``Execute`` (jupyter_client's ``KernelManager``) start kernels
  through it.
* The launcher connects to the server's Unix socket, hands over its stdin,
  stdout and stderr, working folder, environment and kernel arguments, and stays
  alive as long as the kernel does: the ``KernelManager`` watches and signals
  it as it would watch the kernel itself. SIGINT (interrupt on a cell time-out)
  and SIGTERM are forwarded; when the launcher is killed, the server kills the
  kernel.
* In the forked child the server applies the memory limit (``RLIMIT_AS``),
  reseeds the random generators, moves into the notebook's folder and runs
  ``IPKernelApp`` exactly as ``python -m ipykernel_launcher`` would.

Modules that bind to a running IPython shell when they are imported
(``matplotlib.pyplot``, ``ipywidgets``, ...) are never preloaded: a probe child
imports each candidate first and only those that pull in none of them are
imported by the server.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import socket
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

#: Modules that hook into the IPython shell at import time; importing them before a shell exists changes behaviour.
BINDS_TO_SHELL = ("matplotlib.pyplot", "matplotlib_inline", "ipywidgets", "ipympl", "plotly", "bokeh")

#: What every kernel needs; imported by the server before anything else.
KERNEL_MODULES = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "IPython.core.interactiveshell")

#: What a grading worker needs (nbgrader takes about two seconds to import): imported once, shared by forks.
WORKER_MODULES = ("nbgrader.apps", "nbgrader.converters", "nbgrader.preprocessors", "nbgrader.api",
                  "jupyter_client.manager", "curriculum.course.cohort.autograder", "curriculum.course.cohort.kernels",
                  "curriculum.course.cohort.worker")

LAUNCHER = Path(__file__).with_name("_kernel_launcher.py")


# -- wire format shared with _kernel_launcher.py: a 4-byte big-endian length, then JSON ----------------
# The launcher is standard-library only and guards main(), so its reader is imported here, not copied.
from curriculum.course.cohort._kernel_launcher import _recv_exact  # noqa: E402

def send_message(sock: socket.socket, payload: dict, fds: list[int] | None = None) -> None:
    data = json.dumps(payload).encode()
    frame = struct.pack(">I", len(data)) + data
    if fds:
        socket.send_fds(sock, [frame], fds)
    else:
        sock.sendall(frame)


def recv_message(sock: socket.socket, with_fds: int = 0) -> tuple[dict, list[int]]:
    fds: list[int] = []
    if with_fds:
        head, fds, _flags, _addr = socket.recv_fds(sock, 4, with_fds)
        if not head:
            raise ConnectionError("connection closed")
        head += _recv_exact(sock, 4 - len(head)) if len(head) < 4 else b""
    else:
        head = _recv_exact(sock, 4)
    (length,) = struct.unpack(">I", head[:4])
    return json.loads(_recv_exact(sock, length)), list(fds)


# -- the kernel spec -----------------------------------------------------------------------------

def write_kernelspec(folder: Path, socket_path: Path, name: str = "python3",
                     display_name: str = "Python 3 (ipykernel)") -> Path:
    """Write ``folder/kernels/<name>/kernel.json`` that starts kernels through the fork server.

    Put ``folder`` first on ``JUPYTER_PATH`` for the processes that should use it.
    """
    spec_dir = Path(folder) / "kernels" / name
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-I", "-S", str(LAUNCHER), str(socket_path), "-f", "{connection_file}"],
        "display_name": display_name,
        "language": "python",
        "interrupt_mode": "signal",
        "metadata": {"debugger": False},
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1))
    return spec_dir


# -- the server ------------------------------------------------------------------------------------

@dataclass
class _Kernel:
    pid: int
    conn: socket.socket
    pidfd: int
    owner: int


@dataclass
class ForkServer:
    """Accept kernel requests on a Unix socket and fork a kernel for each."""

    socket_path: Path
    memory_mb: int | None = None
    kernels: dict[int, _Kernel] = field(default_factory=dict)
    preloaded: list[str] = field(default_factory=list)

    def preload(self, candidates: list[str], role: str = "kernel") -> list[str]:
        """Import what a kernel (or a worker) needs and every candidate safe to share; return those imported."""
        if role == "worker":
            for name in WORKER_MODULES:
                __import__(name)
            self.preloaded = list(WORKER_MODULES)
            return self.preloaded
        os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
        for name in KERNEL_MODULES:
            __import__(name)
        safe = _probe_safe_modules(candidates)
        loaded = []
        for name in safe:
            try:
                __import__(name)
                loaded.append(name)
            except Exception:  # a module that fails here fails the same way in the kernel, where it is reported
                pass
        self.preloaded = loaded
        return loaded

    def serve(self) -> None:
        """Serve until a ``{"shutdown": true}`` request arrives or the parent process goes away."""
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(str(self.socket_path))
        listener.listen(64)
        self._listener = listener
        self._sel = selectors.DefaultSelector()
        self._sel.register(listener, selectors.EVENT_READ, ("accept", None))
        print("ready " + json.dumps(self.preloaded), flush=True)  # the parent waits for this line
        parent = os.getppid()
        try:
            while True:
                for key, _ in self._sel.select(timeout=1.0):
                    kind, kernel = key.data
                    if kind == "accept":
                        if self._accept() == "shutdown":
                            return
                    elif kind == "exited":
                        self._reap(kernel)
                    elif kind == "hangup":
                        self._hangup(kernel)
                if os.getppid() != parent:  # the grading run is gone: take its kernels with us
                    return
        finally:
            for kernel in list(self.kernels.values()):
                _kill(kernel.pid)
                self._reap(kernel)
            self._sel.close()
            listener.close()
            try:
                os.unlink(self.socket_path)
            except FileNotFoundError:
                pass

    def _accept(self) -> str | None:
        conn, _ = self._listener.accept()
        conn.settimeout(10)
        try:
            request, fds = recv_message(conn, with_fds=3)
        except (ConnectionError, OSError, ValueError):
            conn.close()
            return None
        if request.get("shutdown"):
            conn.close()
            return "shutdown"
        if "kill_owner" in request:
            for kernel in [k for k in self.kernels.values() if k.owner == request["kill_owner"]]:
                _kill(kernel.pid)
            conn.close()
            return None
        pid = os.fork()
        if pid == 0:  # the child: a kernel, or a grading worker
            try:
                keep_closed = [self._listener.fileno(), conn.fileno()]
                for k in self.kernels.values():
                    keep_closed += [k.conn.fileno(), k.pidfd]
                self._sel.close()
                if request.get("run") == "worker":
                    _run_worker(request, fds, keep_closed)
                else:
                    _run_kernel(request, fds, keep_closed, self.memory_mb)
            finally:
                os._exit(70)
        for fd in fds:
            os.close(fd)
        kernel = _Kernel(pid, conn, os.pidfd_open(pid), int(request.get("owner", 0)))
        self.kernels[pid] = kernel
        conn.settimeout(None)
        send_message(conn, {"pid": pid})
        self._sel.register(kernel.pidfd, selectors.EVENT_READ, ("exited", kernel))
        self._sel.register(conn, selectors.EVENT_READ, ("hangup", kernel))
        return None

    def _hangup(self, kernel: _Kernel) -> None:
        """The launcher went away (killed by the KernelManager): so does its kernel."""
        _kill(kernel.pid)
        try:
            self._sel.unregister(kernel.conn)
        except (KeyError, ValueError):
            pass

    def _reap(self, kernel: _Kernel) -> None:
        if kernel.pid not in self.kernels:
            return
        _, status = os.waitpid(kernel.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        for obj in (kernel.pidfd, kernel.conn):
            try:
                self._sel.unregister(obj)
            except (KeyError, ValueError):
                pass
        try:
            send_message(kernel.conn, {"exit": code})
        except OSError:
            pass
        kernel.conn.close()
        os.close(kernel.pidfd)
        del self.kernels[kernel.pid]


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _become(request: dict, fds: list[int], close: list[int], memory_mb: int | None) -> None:
    """In a forked child: take the requester's stdio, folder, environment, and the memory limit."""
    for fd in close:
        try:
            os.close(fd)
        except OSError:
            pass
    for target, fd in enumerate(fds[:3]):
        os.dup2(fd, target)
        os.close(fd)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD, signal.SIGPIPE):
        signal.signal(sig, signal.SIG_DFL if sig != signal.SIGINT else signal.default_int_handler)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    if memory_mb:
        import resource

        limit = int(memory_mb) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    _reseed()


def _run_worker(request: dict, fds: list[int], close: list[int]) -> None:
    """In the forked child: run a grading worker (``worker.main``) on the pipes the parent passed."""
    _become(request, fds, close, request.get("memory_mb"))
    sys.stdin = open(0, "r", closefd=False)
    sys.stdout = open(1, "w", closefd=False, buffering=1)
    sys.stderr = open(2, "w", closefd=False, buffering=1)
    from curriculum.course.cohort import worker

    code = 0
    try:
        worker.main(list(request["args"]))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _run_kernel(request: dict, fds: list[int], close: list[int], memory_mb: int | None) -> None:
    """In the forked child: become ``python -m ipykernel_launcher ARGS`` in the launcher's place."""
    _become(request, fds, close, memory_mb)
    args = list(request["args"])
    # IPKernelApp reads JPY_PARENT_PID when ipykernel is imported, which here happened before this environment.
    if os.environ.get("JPY_PARENT_PID", "").isdigit() and not any("parent_handle" in a for a in args):
        args.append(f"--IPKernelApp.parent_handle={os.environ['JPY_PARENT_PID']}")
    sys.argv = [str(Path(sys.modules["ipykernel"].__file__).parent.parent / "ipykernel_launcher.py"), *args]
    from ipykernel.kernelapp import IPKernelApp

    code = 0
    try:
        IPKernelApp.launch_instance(argv=args)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def _reseed() -> None:
    """Forked children share the server's random state: give each its own, as a fresh process would have."""
    import random

    random.seed()
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        try:
            numpy.random.seed()
        except Exception:
            pass


def _probe_safe_modules(candidates: list[str]) -> list[str]:
    """The candidates that import cleanly without pulling in a module that binds to the IPython shell.

    A forked probe imports them one by one (so the server itself stays clean) and reports through a pipe;
    after a module that pulls in such a module, a new probe judges the rest in a clean interpreter.
    """
    safe: list[str] = []
    remaining = list(candidates)
    while remaining:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            verdicts = []
            for name in remaining:
                before = set(sys.modules)
                try:
                    __import__(name)
                except BaseException:
                    verdicts.append([name, False])
                    continue
                new = (set(sys.modules) - before) | {name}
                binds = any(m == bad or m.startswith(bad + ".") for m in new for bad in BINDS_TO_SHELL)
                verdicts.append([name, not binds])
                if binds:
                    break
            os.write(write, json.dumps(verdicts).encode())
            os._exit(0)
        os.close(write)
        data = b""
        while chunk := os.read(read, 65536):
            data += chunk
        os.close(read)
        os.waitpid(pid, 0)
        try:
            verdicts = json.loads(data or b"[]")
        except ValueError:
            verdicts = []
        if not verdicts:
            break
        safe += [name for name, ok in verdicts if ok]
        remaining = remaining[len(verdicts):]
    return safe


def main(argv: list[str] | None = None) -> None:
    """``python -m curriculum.course.cohort.forkserver SOCKET [--memory-mb N] [--preload a,b]``."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("socket")
    parser.add_argument("--memory-mb", type=int, default=None)
    parser.add_argument("--preload", default="")
    parser.add_argument("--role", choices=("kernel", "worker"), default="kernel")
    args = parser.parse_args(argv)
    # Like ipykernel_launcher: the launch folder is not on sys.path (IPython adds '' for the kernel itself).
    if sys.path and (sys.path[0] in ("", os.getcwd())):
        del sys.path[0]
    server = ForkServer(Path(args.socket), args.memory_mb)
    server.preload([m for m in args.preload.split(",") if m], args.role)
    server.serve()


if __name__ == "__main__":
    main()
