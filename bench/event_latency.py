"""Event latency in the distributed mode: a progress event's timestamp (taken by the download worker
when yt-dlp reports) to its arrival at a WebSocket client of the gateway, through Redis.

Starts, on 127.0.0.1: a redis-server, a throwaway PostgreSQL cluster, `spool gateway`, enough
`spool worker --stage download` processes to run JOBS downloads at once (DOWNLOAD_CONCURRENCY is
1…64 per worker, so JOBS=100 starts two workers of 50), and a throttled file server; adds JOBS
slow downloads so the workers report about 4 progress events per second per job (JOBS=25 →
~100 events/s), and prints p50/p99 of the latency over the run. Everything is stopped at the end.

Usage: .venv/bin/python bench/event_latency.py [--jobs 25] [--seconds 30]
"""

import argparse
import datetime
import json
import os
import shutil
import sys
import tempfile
import threading
import time

import websocket

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from backends import Processes, api, free_port, percentile, spool_binary, tail, wait_http  # noqa: E402
from ui_common import ThrottledFiles, generated_clip  # noqa: E402

PASSWORD = "bench-admin-password"
#: DOWNLOAD_CONCURRENCY's upper bound (a process refuses a larger value at start).
MAX_CONCURRENCY = 64


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=25)
    parser.add_argument("--seconds", type=int, default=30, help="how long each download lasts")
    args = parser.parse_args()

    scratch = tempfile.mkdtemp(prefix="spool-event-bench-")
    processes = Processes(scratch)
    files = None
    try:
        redis_port, pg_port = processes.redis(), processes.postgres()
        gateway_port = free_port()
        env = dict(os.environ, REDIS_URL=f"redis://127.0.0.1:{redis_port}", DATABASE_URL=f"postgres://postgres@127.0.0.1:{pg_port}/spool",
                   MEDIA_ROOT=f"{scratch}/media", SPOOL_ADMIN_PASSWORD=PASSWORD, BCRYPT_COST="4", HOST="127.0.0.1",
                   MIN_FREE_SPACE="1MiB", LOG_LEVEL="warning", HEALTH_PORT="0")
        venv = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), ".venv", "bin")
        env["PATH"] = venv + os.pathsep + env["PATH"]
        binary = spool_binary()
        log_path = f"{scratch}/spool.log"
        log = open(log_path, "w")
        gateway = processes.start([binary, "gateway"], env=dict(env, PORT=str(gateway_port)), stdout=log, stderr=log)
        workers = -(-args.jobs // MAX_CONCURRENCY)
        per_worker = -(-args.jobs // workers)
        started = [gateway] + [
            processes.start([binary, "worker", "--stage", "download"], env=dict(env, DOWNLOAD_CONCURRENCY=str(per_worker)), stdout=log, stderr=log)
            for _ in range(workers)
        ]
        base = f"http://127.0.0.1:{gateway_port}"
        wait_http(base + "/healthz", processes=started, log=log_path)
        token = api(base, "POST", "/api/auth/login", body={"username": "admin", "password": PASSWORD})["token"]

        clip = generated_clip(seconds=10)
        files = ThrottledFiles(body=clip, rate=max(len(clip) // args.seconds, 2_000))
        latencies = []
        done, failed = set(), set()
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
                    if event["payload"]["to"] == "FAILED":
                        failed.add(event.get("jobId"))

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
            sys.exit(f"no progress events arrived ({len(failed)} of {args.jobs} jobs failed; is yt-dlp on PATH?):\n{tail(log_path)}")
        print(f"jobs={args.jobs} workers={workers}x{per_worker} finished={len(done)} failed={len(failed)} progress_events={len(samples)} rate_per_second={len(samples) / span if span else 0:.1f}")
        print(f"event_latency_ms p50={percentile(samples, 50):.1f} p99={percentile(samples, 99):.1f} max={max(samples):.1f}")
    finally:
        if files:
            files.stop()
        processes.stop()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
