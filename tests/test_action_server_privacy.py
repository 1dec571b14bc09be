"""Only the session can talk to its action server, and the session talks only to its own server.

The server listens on a Unix socket in a private 0700 folder, on no TCP port. Another local
user (``nobody``, with the system Python, since the venv's interpreter lives under /root) can
neither bind the socket first nor connect to forge a webhook; compressed and oversized request
bodies are refused; the folder is gone when the server stops, even when realtalk is killed.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
import zlib
from pathlib import Path

import pytest

from assistant.rasa.action_server import ActionServer, is_healthy, unix_request

pytestmark = pytest.mark.slow

SYSTEM_PYTHON = "/usr/bin/python3"
NOBODY = 65534


def _listening_tcp_inodes() -> set[str]:
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            fields = row.split()
            if fields[3] == "0A":  # LISTEN
                inodes.add(fields[9])
    return inodes


def _socket_inodes(pid: int) -> set[str]:
    found = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            found.add(target[len("socket:["):-1])
    return found


def _as_nobody(code: str) -> dict:
    """Run ``code`` as user nobody; it prints one JSON object."""
    if os.geteuid() != 0:
        pytest.skip("needs root to run a process as another local user")
    if not os.access(SYSTEM_PYTHON, os.X_OK):
        pytest.skip(f"{SYSTEM_PYTHON} is missing, and the venv's Python is not reachable by another user")

    def become_nobody() -> None:
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)

    result = subprocess.run([SYSTEM_PYTHON, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                            timeout=30, preexec_fn=become_nobody, cwd="/")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


IMPOSTOR = """
    import json, socket, sys
    path = {path!r}
    out = {{}}
    for what in ("bind", "connect"):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            getattr(s, what)(path)
            out[what] = "ok"
        except OSError as error:
            out[what] = type(error).__name__
        finally:
            s.close()
    print(json.dumps(out))
"""


@pytest.fixture
def server():
    with ActionServer() as running:
        yield running


def test_the_server_listens_on_a_private_socket_and_no_tcp_port(server):
    folder = server.runtime_dir
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700 and folder.stat().st_uid == os.getuid()
    assert stat.S_ISSOCK(os.stat(server.socket_path).st_mode)
    assert server.url == f"unix://{server.socket_path}"
    assert not _socket_inodes(server._process.pid) & _listening_tcp_inodes()
    assert is_healthy(server.url)


def test_another_user_can_neither_bind_first_nor_forge_a_webhook():
    server = ActionServer()  # its folder exists; the server has not started yet
    try:
        before = _as_nobody(IMPOSTOR.format(path=server.socket_path))
        assert before["bind"] == "PermissionError"  # cannot take the socket's place
        server.start()
        after = _as_nobody(IMPOSTOR.format(path=server.socket_path))
        assert after == {"bind": "PermissionError", "connect": "PermissionError"}
        assert is_healthy(server.url)  # the session still reaches its own server
    finally:
        server.close()


def _peak_rss_kb(pid: int) -> int:
    return int(Path(f"/proc/{pid}/status").read_text().split("VmHWM:")[1].split()[0])


def test_a_deflate_bomb_is_refused_without_inflating_it(server):
    bomb = zlib.compress(b'{"next_action": "' + b"a" * 200_000_000 + b'"}', 9)
    assert len(bomb) < 400_000
    status, body = unix_request(server.socket_path, "POST", "/webhook", bomb,
                                {"Content-Type": "application/json", "Content-Encoding": "deflate"})
    assert status == 415, body
    assert _peak_rss_kb(server._process.pid) < 200_000
    assert is_healthy(server.url)


def test_an_oversized_body_is_refused(server):
    body = b'{"next_action": "' + b"a" * (17 * 1024 * 1024) + b'"}'
    try:
        status, _ = unix_request(server.socket_path, "POST", "/webhook", body, {"Content-Type": "application/json"})
    except (BrokenPipeError, ConnectionResetError):
        status = 413  # the server answered 413 and closed before the body was sent
    assert status == 413
    assert is_healthy(server.url)


def test_its_folder_is_removed_when_realtalk_is_killed():
    script = textwrap.dedent("""
        import sys, time
        from assistant.rasa.action_server import ActionServer
        server = ActionServer()
        server.start()
        print(server.runtime_dir, server._process.pid, flush=True)
        time.sleep(60)
    """)
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                              cwd=Path(__file__).resolve().parent.parent)
    folder, child = parent.stdout.readline().split()
    assert Path(folder, "actions.sock").exists()
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=10)
    deadline = time.monotonic() + 30  # generous: a loaded 2-core machine
    while Path(folder).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not Path(folder).exists(), "the runtime folder (socket and log) outlived realtalk"
    while _running(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running(child), "the action server outlived realtalk"


def _running(pid: str) -> bool:
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
