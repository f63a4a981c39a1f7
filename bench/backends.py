"""Throwaway Redis and PostgreSQL servers for the distributed benchmarks (event_latency.py,
ws_fanout.py), plus the small helpers they share. Everything listens on 127.0.0.1 and is stopped
by `Processes.stop()`. No third-party imports, so any Python 3.11 runs it.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PGBIN = "/usr/lib/postgresql/15/bin"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def spool_binary():
    candidates = [os.environ.get("SPOOL_BIN")] + [os.path.join(REPO, p) for p in (".build/release/spool", ".build/debug/spool")]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    sys.exit("no spool binary: build one (swift build -c release --product spool) or set SPOOL_BIN")


def run_as_postgres(*args, **kwargs):
    prefix = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
    return subprocess.run(prefix + list(args), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)


def tail(path, lines=20):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return ""


def wait_http(url, timeout=60, processes=(), log=None):
    """Waits until `url` answers with any HTTP status. Fails at once, with the log's tail, when one
    of `processes` exits first (a server that refuses its configuration exits immediately)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        for process in processes:
            if process.poll() is not None:
                sys.exit(f"{' '.join(map(str, process.args[:2]))} exited with {process.returncode} before answering {url}:\n{tail(log) if log else ''}")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return  # an answer (e.g. 503 while a dependency is degraded)
        except OSError:
            time.sleep(0.1)
    sys.exit(f"no answer from {url} after {timeout} s:\n{tail(log) if log else ''}")


def api(base, method, path, token=None, body=None):
    request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None)
    request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"{}")


def cpu_seconds(pid):
    """User + system CPU time a process has used so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Processes:
    """Processes started for a benchmark, stopped (TERM, then KILL) in reverse order."""

    def __init__(self, scratch):
        self.scratch = scratch
        self.started = []
        self.pg_data = None

    def start(self, args, **kwargs):
        process = subprocess.Popen(args, **kwargs)
        self.started.append(process)
        return process

    def redis(self):
        """A redis-server on a free port (no persistence; pub/sub clients never cut off for lagging)."""
        port = free_port()
        os.makedirs(f"{self.scratch}/redis", exist_ok=True)
        self.start(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                    "--client-output-buffer-limit", "pubsub 0 0 0", "--dir", f"{self.scratch}/redis"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return port
            except OSError:
                time.sleep(0.05)
        sys.exit("redis-server did not start")

    def postgres(self):
        """A throwaway PostgreSQL cluster with a `spool` database; returns its port."""
        port = free_port()
        os.chmod(self.scratch, 0o755)  # the postgres user must reach its folder
        os.makedirs(f"{self.scratch}/pg/sock")
        if os.getuid() == 0:
            shutil.chown(f"{self.scratch}/pg", "postgres", "postgres")
            shutil.chown(f"{self.scratch}/pg/sock", "postgres", "postgres")
        self.pg_data = f"{self.scratch}/pg/data"
        run_as_postgres(f"{PGBIN}/initdb", "-D", self.pg_data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        run_as_postgres(f"{PGBIN}/pg_ctl", "-D", self.pg_data, "-l", f"{self.scratch}/pg/server.log", "-w",
                        "-o", f"-p {port} -k {self.scratch}/pg/sock -c listen_addresses=127.0.0.1 -c fsync=off", "start")
        subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-qc", "create database spool"], check=True)
        return port

    def stop(self):
        for process in reversed(self.started):
            if process.poll() is None:
                process.terminate()
        for process in self.started:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
        self.started = []
        if self.pg_data and os.path.isdir(self.pg_data):
            try:
                run_as_postgres(f"{PGBIN}/pg_ctl", "-D", self.pg_data, "-m", "immediate", "stop")
            except subprocess.CalledProcessError:
                pass
            self.pg_data = None
