"""Event latency in the distributed mode: a progress event's timestamp (taken by the download worker
when yt-dlp reports) to its arrival at a WebSocket client of the gateway, through Redis.

Starts, on 127.0.0.1: a redis-server, a throwaway PostgreSQL cluster, `spool gateway` and
`spool worker --stage download` (DOWNLOAD_CONCURRENCY=JOBS), and a throttled file server; adds JOBS
slow downloads so the worker reports about 4 progress events per second per job (JOBS=25 →
~100 events/s), and prints p50/p99 of the latency over the run. Everything is stopped at the end.

Usage: .venv/bin/python bench/event_latency.py [--jobs 25] [--seconds 30]
"""

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import websocket

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ui_common import ThrottledFiles, free_port, generated_clip, percentile, spool_binary  # noqa: E402

PGBIN = "/usr/lib/postgresql/15/bin"
PASSWORD = "bench-admin-password"


def run_as_postgres(*args, **kwargs):
    prefix = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
    return subprocess.run(prefix + list(args), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)


def wait_http(url, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except Exception:
            time.sleep(0.1)
    sys.exit(f"no answer from {url}")


def api(base, method, path, token=None, body=None):
    request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None)
    request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"{}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=25)
    parser.add_argument("--seconds", type=int, default=30, help="how long each download lasts")
    args = parser.parse_args()

    scratch = tempfile.mkdtemp(prefix="spool-event-bench-")
    os.chmod(scratch, 0o755)  # the postgres user must reach its folder
    processes = []
    files = None
    try:
        redis_port, pg_port, gateway_port = free_port(), free_port(), free_port()
        os.makedirs(f"{scratch}/redis")
        processes.append(subprocess.Popen(["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes",
                                           "--dir", f"{scratch}/redis"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        os.makedirs(f"{scratch}/pg/sock")
        if os.getuid() == 0:
            shutil.chown(f"{scratch}/pg", "postgres", "postgres")
            shutil.chown(f"{scratch}/pg/sock", "postgres", "postgres")
        run_as_postgres(f"{PGBIN}/initdb", "-D", f"{scratch}/pg/data", "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        run_as_postgres(f"{PGBIN}/pg_ctl", "-D", f"{scratch}/pg/data", "-l", f"{scratch}/pg/server.log", "-w",
                        "-o", f"-p {pg_port} -k {scratch}/pg/sock -c listen_addresses=127.0.0.1 -c fsync=off", "start")
        subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(pg_port), "-U", "postgres", "-qc", "create database spool"], check=True)

        env = dict(os.environ, REDIS_URL=f"redis://127.0.0.1:{redis_port}", DATABASE_URL=f"postgres://postgres@127.0.0.1:{pg_port}/spool",
                   MEDIA_ROOT=f"{scratch}/media", SPOOL_ADMIN_PASSWORD=PASSWORD, BCRYPT_COST="4", HOST="127.0.0.1",
                   MIN_FREE_SPACE="1MiB", LOG_LEVEL="warning", DOWNLOAD_CONCURRENCY=str(args.jobs), HEALTH_PORT="0")
        venv = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), ".venv", "bin")
        env["PATH"] = venv + os.pathsep + env["PATH"]
        binary = spool_binary()
        log = open(f"{scratch}/spool.log", "w")
        processes.append(subprocess.Popen([binary, "gateway"], env=dict(env, PORT=str(gateway_port)), stdout=log, stderr=log))
        processes.append(subprocess.Popen([binary, "worker", "--stage", "download"], env=env, stdout=log, stderr=log))
        base = f"http://127.0.0.1:{gateway_port}"
        wait_http(base + "/healthz")
        token = api(base, "POST", "/api/auth/login", body={"username": "admin", "password": PASSWORD})["token"]

        clip = generated_clip(seconds=10)
        files = ThrottledFiles(body=clip, rate=max(len(clip) // args.seconds, 2_000))
        latencies = []
        done = set()
        lock = threading.Lock()

        def on_message(ws, text):
            received = time.time()
            event = json.loads(text)
            if event.get("type") == "progress":
                stamp = datetime.datetime.fromisoformat(event["timestamp"].replace("Z", "+00:00")).timestamp()
                with lock:
                    latencies.append((received, (received - stamp) * 1000))
            if event.get("type") == "state_change" and event.get("payload", {}).get("to") in ("COMPLETE", "FAILED"):
                with lock:
                    done.add(event.get("jobId"))

        subscribed = threading.Event()

        def on_open(ws):
            ws.send(json.dumps({"type": "authenticate", "token": token}))
            ws.send(json.dumps({"type": "subscribe", "jobIds": "all"}))
            subscribed.set()

        socket = websocket.WebSocketApp(base.replace("http://", "ws://") + "/api/ws", on_message=on_message, on_open=on_open)
        threading.Thread(target=socket.run_forever, daemon=True).start()
        subscribed.wait(10)
        time.sleep(0.5)
        for index in range(args.jobs):
            api(base, "POST", "/api/jobs", token, {"url": f"{files.base}/clip-{index}.mp4"})
        deadline = time.time() + args.seconds * 4 + 60
        while time.time() < deadline and len(done) < args.jobs:
            time.sleep(0.2)
        socket.close()
        with lock:
            samples = [latency for _, latency in latencies]
            span = (latencies[-1][0] - latencies[0][0]) if len(latencies) > 1 else 0
        if not samples:
            sys.exit("no progress events arrived")
        print(f"jobs={args.jobs} finished={len(done)} progress_events={len(samples)} rate_per_second={len(samples) / span if span else 0:.1f}")
        print(f"event_latency_ms p50={percentile(samples, 50):.1f} p99={percentile(samples, 99):.1f} max={max(samples):.1f}")
    finally:
        if files:
            files.stop()
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
        if os.path.isdir(f"{scratch}/pg/data"):
            try:
                run_as_postgres(f"{PGBIN}/pg_ctl", "-D", f"{scratch}/pg/data", "-m", "immediate", "stop")
            except subprocess.CalledProcessError:
                pass
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
