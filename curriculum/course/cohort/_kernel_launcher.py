"""Stand in for a kernel process: ask the fork server for a kernel and live exactly as long as it does.

Run by jupyter_client as ``python -I -S _kernel_launcher.py SOCKET -f CONNECTION_FILE`` (see
``forkserver.write_kernelspec``). Standard library only, so it starts in a few milliseconds.

* hands the fork server its stdin/stdout/stderr, working folder, environment and the kernel arguments;
* forwards SIGINT (nbgrader's interrupt on a cell time-out), SIGTERM and SIGQUIT to the kernel;
* exits with the kernel's exit code when the kernel ends (a kernel killed by signal N: killed by N too);
* if this process is killed, the server sees the socket close and kills the kernel.
"""

import json
import os
import signal
import socket
import struct
import sys


def _recv_exact(sock, n):
    data = b""
    while len(data) < n:
        part = sock.recv(n - len(data))
        if not part:
            raise ConnectionError("connection closed")
        data += part
    return data


def _recv(sock):
    (length,) = struct.unpack(">I", _recv_exact(sock, 4))
    return json.loads(_recv_exact(sock, length))


def main():
    socket_path, args = sys.argv[1], sys.argv[2:]
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(socket_path)
    request = {"args": args, "cwd": os.getcwd(), "env": dict(os.environ), "owner": os.getppid()}
    data = json.dumps(request).encode()
    socket.send_fds(sock, [struct.pack(">I", len(data)) + data], [0, 1, 2])
    pid = _recv(sock)["pid"]

    def forward(signum, _frame):
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            pass

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT, signal.SIGHUP):
        signal.signal(sig, forward)
    while True:
        try:
            code = _recv(sock)["exit"]
            break
        except InterruptedError:
            continue
        except (ConnectionError, OSError, ValueError):
            code = 1
            break
    if code < 0:
        signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
    sys.exit(code)


if __name__ == "__main__":
    main()
