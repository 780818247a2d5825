"""The box a student's kernel runs in: Debian's bubblewrap, an unprivileged user, limits, and a clean-up handle.

A submission is hostile code. Its kernel is started through :mod:`.provisioner` inside a bubblewrap
(``bwrap``) sandbox that this module describes:

* **File system.** Only the operating system's libraries, the Python environment and the course's
  ``curriculum`` package are visible, all read-only. ``source/``, ``release/``, the gradebook,
  ``nbgrader_config.py``, other students' work, the grader's home and the rest of the project tree
  are not mounted at all. ``HOME`` (the kernel's working folder) and ``/tmp`` are private memory file
  systems of bounded size. The only host folder mounted writable is the kernel's own socket folder.
* **Network.** A new network namespace with nothing in it: ``127.0.0.1`` inside is not the grader's
  loopback. The kernel talks to the grader over Unix sockets in its socket folder (ZeroMQ's ``ipc``
  transport), never TCP.
* **Processes.** Its own PID namespace and session (it cannot see or signal any process outside), it
  dies with the grader (``--die-with-parent``), and it runs as an unprivileged user id of its own
  (when the grader runs as root) with an empty environment: no gradebook URL, no tokens.
* **Limits.** Total memory of the kernel and all its children and their number (a cgroup, where the
  machine lets the grader create one; otherwise per-process address-space and process-count limits,
  and :attr:`SandboxPlan.memory_mode` says which applied), CPU seconds, the size of any one file, open
  files. Wall time and output size are enforced by the grader (:mod:`.execute`).
* **Clean-up.** :meth:`SandboxPlan.cleanup` kills every process left in the cgroup and every process
  of the kernel's own user id, so nothing of a submission outlives its run.

What it does not do: it does not hide the installed course library (the learner has it anyway), and
on a machine without bubblewrap (macOS, Windows) there is no sandbox; see :func:`find_bwrap`.

Reference: bubblewrap(1) (https://github.com/containers/bubblewrap); cgroups(7);
getrlimit(2) for ``RLIMIT_AS``, ``RLIMIT_NPROC``, ``RLIMIT_CPU``, ``RLIMIT_FSIZE``, ``RLIMIT_NOFILE``.
"""

from __future__ import annotations

import errno
import fcntl
import importlib.util
import os
import shlex
import shutil
import signal
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

#: Debian's package that provides ``bwrap``; named in every "sandbox missing" message.
BWRAP_PACKAGE = "bubblewrap"
#: The student's home and working folder inside the sandbox.
SANDBOX_HOME = "/home/student"
#: Host user ids handed to sandboxed kernels when the grader runs as root (one per live kernel).
UID_RANGE = range(61000, 61800)


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot be used on this machine; the message says what is missing and how to install it."""


@dataclass(frozen=True)
class Limits:
    """What one sandboxed kernel may use (the kernel and every process it starts, together).

    >>> Limits().memory_mb
    2048
    >>> Limits(memory_mb=100)
    Traceback (most recent call last):
    ...
    ValueError: memory_mb must be at least 256 (MB for the kernel and its children); got 100

    Reference: cgroups(7) ``memory.limit_in_bytes`` / ``memory.max``; getrlimit(2).
    """

    memory_mb: int = 2048
    processes: int = 64
    cpu_s: int = 900
    file_mb: int = 64
    tmp_mb: int = 128
    home_mb: int = 64
    open_files: int = 256

    def __post_init__(self):
        checks = {
            "memory_mb": (256, "MB for the kernel and its children"),
            "processes": (8, "processes"),
            "cpu_s": (5, "CPU seconds"),
            "file_mb": (1, "MB per file"),
            "tmp_mb": (8, "MB of /tmp"),
            "home_mb": (8, "MB of home folder"),
            "open_files": (64, "open files"),
        }
        for name, (least, what) in checks.items():
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < least:
                raise ValueError(f"{name} must be at least {least} ({what}); got {value!r}")


def find_bwrap() -> str:
    """The path of ``bwrap``; raise :class:`SandboxUnavailable` saying how to install it when missing.

    Reference: bubblewrap is packaged by Debian and Ubuntu as ``bubblewrap``.
    """
    path = shutil.which("bwrap")
    if path is None:
        raise SandboxUnavailable(
            "the grading sandbox needs bubblewrap (the `bwrap` command), which is not installed. "
            f"On Debian or Ubuntu: `sudo apt-get install {BWRAP_PACKAGE}`. It exists for Linux only; elsewhere "
            "grade with --no-sandbox and read what that gives up in the README.")
    return path


def _probe(bwrap: str) -> None:
    """Start ``true`` in the sandbox once, so a kernel that cannot start says why up front."""
    import subprocess

    try:
        done = subprocess.run([bwrap, "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "true"],
                              capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SandboxUnavailable(f"bubblewrap is installed but did not run ({exc}).") from None
    if done.returncode != 0:
        raise SandboxUnavailable(
            "bubblewrap is installed but cannot create namespaces here: "
            f"{(done.stderr or '').strip()[:300]}. Enable unprivileged user namespaces "
            "(sysctl kernel.unprivileged_userns_clone=1) or run the grader where they are allowed.")


_checked: dict[str, str] = {}


def check_sandbox() -> str:
    """Raise :class:`SandboxUnavailable` unless bubblewrap is installed and works; return its path."""
    bwrap = find_bwrap()
    if bwrap not in _checked:
        _probe(bwrap)
        _checked[bwrap] = bwrap
    return bwrap


# -- cgroups --------------------------------------------------------------------------------------

def _own_cgroup_dirs() -> dict[str, Path]:
    """Writable cgroup folders of this process, by controller ("memory", "pids", or "unified" for v2)."""
    found: dict[str, Path] = {}
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return found
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        _, controllers, rel = parts
        rel = rel.lstrip("/")
        if controllers == "":
            base = Path("/sys/fs/cgroup") / rel
            if (base / "cgroup.controllers").exists() or (Path("/sys/fs/cgroup/cgroup.controllers").exists()):
                found.setdefault("unified", base)
            continue
        for name in controllers.split(","):
            if name in ("memory", "pids"):
                base = Path("/sys/fs/cgroup") / name / rel
                if base.is_dir():
                    found[name] = base
    return found


@dataclass
class _Cgroup:
    """The cgroup folders made for one kernel (v1: one per controller; v2: one)."""

    dirs: list[Path]
    version: int

    def procs_files(self) -> list[Path]:
        return [d / "cgroup.procs" for d in self.dirs]

    def pids(self) -> set[int]:
        out: set[int] = set()
        for path in self.procs_files():
            try:
                out.update(int(x) for x in path.read_text().split())
            except (OSError, ValueError):
                pass
        return out

    def peak_mb(self) -> float | None:
        for d in self.dirs:
            for name in ("memory.max_usage_in_bytes", "memory.peak"):
                try:
                    return int((d / name).read_text()) / 2**20
                except (OSError, ValueError):
                    continue
        return None

    def oom_killed(self) -> bool:
        for d in self.dirs:
            for name in ("memory.failcnt",):
                try:
                    if int((d / name).read_text()) > 0:
                        return True
                except (OSError, ValueError):
                    pass
            try:
                events = (d / "memory.events").read_text()
            except OSError:
                continue
            for line in events.splitlines():
                key, _, value = line.partition(" ")
                if key in ("oom_kill", "max") and value.strip() not in ("", "0"):
                    return True
        return False

    def remove(self) -> None:
        for d in self.dirs:
            for _ in range(50):
                try:
                    d.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.02)


def _make_cgroup(name: str, limits: Limits) -> _Cgroup | None:
    """Create a cgroup for one kernel with memory and process limits, or None where the machine refuses."""
    own = _own_cgroup_dirs()
    made: list[Path] = []
    try:
        if "memory" in own:
            d = own["memory"] / name
            d.mkdir()
            made.append(d)
            (d / "memory.limit_in_bytes").write_text(str(limits.memory_mb * 2**20))
            swap = d / "memory.memsw.limit_in_bytes"
            if swap.exists():
                swap.write_text(str(limits.memory_mb * 2**20))
            if "pids" in own:
                p = own["pids"] / name
                p.mkdir()
                made.append(p)
                (p / "pids.max").write_text(str(limits.processes))
            return _Cgroup(made, 1)
        if "unified" in own:
            d = own["unified"] / name
            d.mkdir()
            made.append(d)
            (d / "memory.max").write_text(str(limits.memory_mb * 2**20))
            if (d / "memory.swap.max").exists():
                (d / "memory.swap.max").write_text("0")
            (d / "pids.max").write_text(str(limits.processes))
            return _Cgroup(made, 2)
    except OSError:
        _Cgroup(made, 1).remove()
        return None
    return None


# -- user ids -------------------------------------------------------------------------------------

class _UidLease:
    """An unprivileged host user id held by one live kernel (a lock file; released when the holder dies)."""

    def __init__(self):
        # one folder for the whole machine (not $TMPDIR): two graders must never hand out the same user id,
        # since clean-up kills every process of a kernel's user id
        folder = Path("/run" if os.access("/run", os.W_OK) else "/tmp") / "curriculum-sandbox-uids"
        folder.mkdir(mode=0o700, exist_ok=True)
        start = os.getpid() % len(UID_RANGE)
        for step in range(len(UID_RANGE)):
            uid = UID_RANGE[(start + step) % len(UID_RANGE)]
            fd = os.open(folder / str(uid), os.O_CREAT | os.O_RDWR, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                continue
            self.uid, self._fd = uid, fd
            return
        raise SandboxUnavailable(f"all {len(UID_RANGE)} sandbox user ids are in use")

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def pids_of_uid(uid: int) -> list[int]:
    """Process ids whose real user id is ``uid`` (read from /proc)."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as fh:
                for line in fh:
                    if line.startswith("Uid:"):
                        if int(line.split()[1]) == uid:
                            out.append(int(entry))
                        break
        except (OSError, ValueError):
            continue
    return out


# -- what the sandbox shows -----------------------------------------------------------------------

def _python_paths() -> list[str]:
    """Folders the kernel's Python needs, read-only: the interpreter's prefixes and the course package."""
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        value = sysconfig.get_paths().get(key)
        if value:
            paths.add(value)
    exe = os.path.realpath(sys.executable)
    paths.add(os.path.dirname(os.path.dirname(exe)))
    spec = importlib.util.find_spec("curriculum")
    if spec is not None and spec.submodule_search_locations:
        paths.update(spec.submodule_search_locations)
    existing = sorted(p for p in (os.path.realpath(x) for x in paths) if os.path.isdir(p))
    # drop folders inside another one already listed
    kept: list[str] = []
    for p in existing:
        if not any(p == k or p.startswith(k.rstrip("/") + "/") for k in kept):
            kept.append(p)
    for p in kept:
        if p in ("/", "/usr") or p.startswith(("/usr/",)):
            continue
        if not _safe_to_show(p):
            raise SandboxUnavailable(
                f"the Python environment at {p} also holds the course folder's private files (source/, "
                "gradebook.db or nbgrader_config.py), so the sandbox cannot show it. Install the course into "
                "a virtual environment outside the course folder, or inside it as .venv (as `make` does).")
    return [p for p in kept if p != "/usr" and not p.startswith("/usr/")]


def _safe_to_show(folder: str) -> bool:
    """False when ``folder`` is (or contains) a course folder: a Python prefix must not expose source/."""
    p = Path(folder)
    return not ((p / "nbgrader_config.py").exists() or (p / "source").is_dir() or (p / "gradebook.db").exists())


_SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
_ETC_FILES = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/fonts", "/etc/localtime",
              "/etc/alternatives", "/etc/mime.types", "/etc/matplotlibrc")


def _traversable_parents(folder: str, made: set[str]) -> list[str]:
    """bubblewrap arguments that create ``folder``'s parents as mode 0755 (it would copy /root's 0700)."""
    args: list[str] = []
    for parent in reversed(Path(folder).parents):
        if str(parent) not in ("/", "/tmp") and str(parent) not in made:
            args += ["--perms", "0755", "--dir", str(parent)]
            made.add(str(parent))
    return args


@dataclass
class SandboxPlan:
    """Everything about one sandboxed kernel: the command prefix, its folders, limits and clean-up."""

    socket_dir: Path
    limits: Limits
    argv_prefix: list[str]
    inner_prefix: list[str]
    env: dict[str, str]
    uid: int | None
    memory_mode: str
    cgroup: _Cgroup | None = None
    lease: _UidLease | None = None
    notes: list[str] = field(default_factory=list)

    def wrap(self, cmd: list[str]) -> list[str]:
        """The full command: join the cgroup, drop to the kernel's user, set limits, enter bubblewrap."""
        return self.argv_prefix + self.inner_prefix + list(cmd)

    def live_pids(self) -> set[int]:
        pids = self.cgroup.pids() if self.cgroup else set()
        if self.uid is not None:
            pids.update(pids_of_uid(self.uid))
        return pids

    def cleanup(self) -> int:
        """Kill whatever is left of the kernel and its children; return how many processes were killed."""
        killed = 0
        for _ in range(20):
            pids = self.live_pids()
            if not pids:
                break
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                    killed += 1
                except OSError as exc:
                    if exc.errno != errno.ESRCH:
                        raise
            time.sleep(0.01)
        if self.cgroup is not None:
            self.cgroup.remove()
        if self.lease is not None:
            self.lease.release()
            self.lease = None
        shutil.rmtree(self.socket_dir, ignore_errors=True)
        return killed


def plan_sandbox(socket_dir: Path, limits: Limits | None = None, *, name: str | None = None) -> SandboxPlan:
    """Prepare a sandbox for one kernel whose sockets live in ``socket_dir`` (created, owned by the kernel).

    Raises :class:`SandboxUnavailable` when bubblewrap is missing or cannot run here.
    """
    limits = limits or Limits()
    bwrap = check_sandbox()
    socket_dir = Path(socket_dir)
    socket_dir.mkdir(parents=True, exist_ok=True)
    name = name or f"curriculum-kernel-{socket_dir.name}"
    notes: list[str] = []
    as_root = os.geteuid() == 0
    lease = _UidLease() if as_root else None
    uid = lease.uid if lease else None
    cgroup = _make_cgroup(name, limits) if as_root else None
    if cgroup is not None:
        memory_mode = f"cgroup v{cgroup.version}: {limits.memory_mb} MB and {limits.processes} processes in total"
    else:
        memory_mode = (f"no cgroup available: {limits.memory_mb} MB per process (address space) and "
                       f"{limits.processes} processes per sandbox user")
        notes.append("memory limit per process only (no cgroup could be created on this machine)")

    etc = socket_dir / "etc"
    etc.mkdir(exist_ok=True)
    inside_uid = uid if uid is not None else 1000
    (etc / "passwd").write_text(f"student:x:{inside_uid}:{inside_uid}:student:{SANDBOX_HOME}:/bin/sh\n")
    (etc / "group").write_text(f"student:x:{inside_uid}:\n")
    if uid is not None:
        os.chown(socket_dir, uid, uid)
        os.chmod(socket_dir, 0o700)

    args = [bwrap, "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
            "--die-with-parent", "--new-session", "--clearenv", "--hostname", "sandbox"]
    if as_root:
        # bubblewrap runs privileged (no user namespace) and keeps only what setpriv needs to drop to the
        # kernel's own user id inside the sandbox; setpriv then clears every capability.
        args += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:
        args += ["--unshare-user", "--uid", "1000", "--gid", "1000"]
    for folder in _SYSTEM_DIRS:
        if os.path.islink(folder):
            args += ["--symlink", os.readlink(folder), folder]
        elif os.path.isdir(folder):
            args += ["--ro-bind", folder, folder]
    for path in _ETC_FILES:
        args += ["--ro-bind-try", path, path]
    args += ["--ro-bind", str(etc / "passwd"), "/etc/passwd", "--ro-bind", str(etc / "group"), "/etc/group"]
    # the private /tmp and home come first: a later mount covers an earlier one, and the Python environment
    # or the socket folder may well live under /tmp (a course cloned there, $TMPDIR)
    args += ["--proc", "/proc", "--dev", "/dev",
             "--perms", "1777", "--size", str(limits.tmp_mb * 2**20), "--tmpfs", "/tmp",
             "--perms", "1777", "--size", str(limits.home_mb * 2**20), "--tmpfs", SANDBOX_HOME]
    made: set[str] = set()
    for folder in _python_paths():
        args += _traversable_parents(folder, made) + ["--ro-bind", folder, folder]
    args += [*_traversable_parents(str(socket_dir), made),
             "--bind", str(socket_dir), str(socket_dir),
             "--chdir", SANDBOX_HOME]
    env = {
        "HOME": SANDBOX_HOME,
        "PATH": os.pathsep.join([os.path.dirname(sys.executable), "/usr/local/bin", "/usr/bin", "/bin"]),
        "LANG": "C.UTF-8",
        "MPLCONFIGDIR": "/tmp/matplotlib",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONNOUSERSITE": "1",
        "JUPYTER_RUNTIME_DIR": "/tmp/jupyter-runtime",
        "IPYTHONDIR": "/tmp/ipython",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
    }
    for key in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):  # machine facts older OpenBLAS builds need
        if key in os.environ:
            env[key] = os.environ[key]
    for key, value in env.items():
        args += ["--setenv", key, value]
    args.append("--")

    rlimits = [f"--cpu={limits.cpu_s}", f"--fsize={limits.file_mb * 2**20}", f"--nofile={limits.open_files}",
               "--core=0"]
    if cgroup is None:
        rlimits += [f"--as={limits.memory_mb * 2**20}", f"--nproc={limits.processes}"]
    else:  # the cgroup holds the real total; this stops one huge allocation early with a MemoryError
        rlimits += [f"--as={max(4 * limits.memory_mb, limits.memory_mb + 2048) * 2**20}"]
    prlimit = shutil.which("prlimit")
    prefix: list[str] = []
    if prlimit:
        prefix += [prlimit, *rlimits, "--"]
    else:
        notes.append("prlimit (util-linux) not found: no CPU, file-size or open-file limits")
    inner: list[str] = []
    if uid is not None:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            raise SandboxUnavailable("setpriv (util-linux) is needed to run kernels as an unprivileged user")
        inner = [setpriv, f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--inh-caps=-all",
                 "--bounding-set=-all", "--no-new-privs", "--"]
    if cgroup is not None:
        joins = " ".join(f"echo $$ > {shlex.quote(str(p))};" for p in cgroup.procs_files())
        prefix = ["/bin/sh", "-c", f'{joins} exec "$@"', "sandbox"] + prefix
    plan = SandboxPlan(socket_dir, limits, prefix + args, inner, env, uid, memory_mode, cgroup, lease, notes)
    return plan
