#!/usr/bin/env python3
"""Helpers for Spool's bench/ scripts (Python standard library only).

Subcommands:
  login       print a session token
  job         POST a job and time it to its first progress event and to COMPLETE (SSE, or polling)
  first-line  time a command from spawn to its first progress line on stdout, then stop it
  run         time a command to its successful exit
  logspan     seconds between two lines of a job's log (the first starting with each prefix)
  median      print the median of numbers
  seed        copy the one job row of a Spool SQLite database N times (schema-agnostic)
  wrk         parse `wrk --latency` output into JSON (req/s, p99)
  rss         resident memory of a process and of its descendants (from /proc), against a goal
"""
import argparse
import http.client
import json
import os
import queue
import re
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid


def fail(message):
    print(f"spool_bench: {message}", file=sys.stderr)
    sys.exit(1)


def api(server, method, path, token=None, body=None, timeout=30):
    """One JSON request; returns the decoded body (None when empty)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(server + path, data=data, method=method)
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = response.read()
    except urllib.error.HTTPError as error:
        fail(f"{method} {path}: HTTP {error.code}: {error.read()[:300].decode(errors='replace')}")
    return json.loads(payload) if payload else None


def job_of(answer):
    """The job object of `{job: …}` or a bare job."""
    return answer["job"] if isinstance(answer, dict) and "job" in answer else answer


class EventStream(threading.Thread):
    """Reads GET /api/events in a thread; queues (receive time, type, envelope)."""

    def __init__(self, server, token):
        super().__init__(daemon=True)
        parts = urllib.parse.urlsplit(server)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
        self.connection.request("GET", "/api/events", headers={
            "Accept": "text/event-stream", "Authorization": f"Bearer {token}"})
        self.response = self.connection.getresponse()
        if self.response.status != 200:
            raise OSError(f"GET /api/events answered {self.response.status}")
        self.events = queue.Queue()

    def run(self):
        kind, data = "message", []
        try:
            while True:
                raw = self.response.readline()
                if not raw:
                    break
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                if line == "":
                    if data:
                        try:
                            self.events.put((time.perf_counter(), kind, json.loads("\n".join(data))))
                        except ValueError:
                            pass
                    kind, data = "message", []
                elif line.startswith(":"):
                    continue
                else:
                    field, _, value = line.partition(":")
                    value = value[1:] if value.startswith(" ") else value
                    if field == "event":
                        kind = value
                    elif field == "data":
                        data.append(value)
        except Exception:  # the connection was closed under the reader (close()) or dropped
            pass
        self.events.put(None)

    def close(self):
        try:
            self.connection.sock.shutdown(2)
        except OSError:
            pass
        self.connection.close()


def command_login(args):
    answer = api(args.server, "POST", "/api/auth/login", body={"username": args.username, "password": args.password})
    print(answer["token"])


def command_job(args):
    """POST a job; time the first progress event and COMPLETE (or stop at the first progress)."""
    stream = None
    if not args.poll:
        try:
            stream = EventStream(args.server, args.token)
            stream.start()
        except OSError as error:
            print(f"spool_bench: SSE unavailable ({error}); polling every 20 ms", file=sys.stderr)
    body = {"url": args.url}
    if args.container:
        body["outputContainer"] = args.container
    start = time.perf_counter()
    job_id = job_of(api(args.server, "POST", "/api/jobs", args.token, body))["id"]
    deadline = start + args.timeout
    first_progress = complete = None
    done = False
    if stream:
        while time.perf_counter() < deadline and not done:
            try:
                item = stream.events.get(timeout=max(0.01, deadline - time.perf_counter()))
            except queue.Empty:
                break
            if item is None:
                print("spool_bench: the event stream closed; polling from here", file=sys.stderr)
                break
            received, kind, envelope = item
            if envelope.get("jobId") != job_id:
                continue
            kind = envelope.get("type", kind)
            if kind == "progress" and first_progress is None:
                first_progress = received - start
                done = args.until == "progress"
            if kind == "state_change":
                state = (envelope.get("payload") or {}).get("to")
                if state == "COMPLETE":
                    complete = received - start
                    done = True
                elif state in ("FAILED", "CANCELED"):
                    fail(f"job {job_id} ended {state}")
        stream.close()
    while not done and time.perf_counter() < deadline:
        job = job_of(api(args.server, "GET", f"/api/jobs/{job_id}", args.token))
        now = time.perf_counter() - start
        progress = job.get("progress") or {}
        if first_progress is None and (progress.get("downloadedBytes") or progress.get("percent")):
            first_progress = now
            done = args.until == "progress"
        if job["status"] == "COMPLETE":
            complete = now
            done = True
        elif job["status"] in ("FAILED", "CANCELED"):
            fail(f"job {job_id} ended {job['status']}")
        if not done:
            time.sleep(0.02)
    if args.cancel:
        try:
            api(args.server, "POST", f"/api/jobs/{job_id}/cancel", args.token)
        except SystemExit:
            pass
    wanted = first_progress if args.until == "progress" else complete
    if wanted is None:
        fail(f"job {job_id}: no {args.until} within {args.timeout} s")
    if args.seconds:
        print(f"{wanted:.4f}")
    else:
        print(json.dumps({"jobId": job_id, "firstProgress": first_progress, "complete": complete}))


def spawn(command):
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                            start_new_session=True)


def stop(process):
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()


def command_first_line(args):
    """Seconds from spawn to the first stdout line that starts with `{` (a JSON progress line)."""
    start = time.perf_counter()
    process = spawn(args.command)
    timer = threading.Timer(args.timeout, lambda: stop(process))
    timer.start()
    elapsed = None
    for line in process.stdout:
        if line.lstrip().startswith(b"{") or (args.match and args.match.encode() in line):
            elapsed = time.perf_counter() - start
            break
    timer.cancel()
    stop(process)
    if elapsed is None:
        fail(f"no progress line from {args.command[0]} within {args.timeout} s")
    print(f"{elapsed:.4f}")


def command_run(args):
    start = time.perf_counter()
    process = subprocess.run(args.command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, timeout=args.timeout)
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        fail(f"{args.command[0]} exited {process.returncode}")
    print(f"{elapsed:.4f}")


def command_logspan(args):
    """Seconds from the first log line starting with --start to the first starting with --end."""
    from datetime import datetime
    answer = api(args.server, "GET", f"/api/jobs/{args.job}/logs?limit=500", args.token)
    times = {}
    for event in answer.get("events", []):
        message = (event.get("payload") or {}).get("message") or ""
        for key, prefix in (("start", args.start), ("end", args.end)):
            if key not in times and message.startswith(prefix):
                times[key] = datetime.fromisoformat(event["timestamp"].replace("Z", "+00:00"))
    if len(times) < 2:
        fail(f"job {args.job}: no log lines starting with {args.start!r} and {args.end!r}")
    print(f"{(times['end'] - times['start']).total_seconds():.4f}")


def command_median(args):
    print(f"{statistics.median(args.numbers):.4f}")


def command_seed(args):
    """Copies the single job row `count` times with new ids, positions, URLs and titles, as COMPLETE."""
    connection = sqlite3.connect(args.db, timeout=30)
    columns = [row[1] for row in connection.execute("PRAGMA table_info(jobs)")]
    if not columns:
        fail(f"{args.db} has no jobs table")
    template = connection.execute("SELECT * FROM jobs LIMIT 1").fetchone()
    if template is None:
        fail("the jobs table is empty: add one job to copy first")
    index = {name: position for position, name in enumerate(columns)}

    def column(*names):
        return next((index[name] for name in names if name in index), None)

    id_column = column("id", "job_id")
    state_column = column("state", "status")
    position_column = next((index[name] for name in columns if "position" in name), None)
    url_column = column("url")
    title_column = column("title")
    title_key_column = column("title_key")
    search_column = column("search_text")
    number_column = column("number")
    time_columns = [index[name] for name in ("created_at", "updated_at", "finished_at") if name in index]
    if id_column is None:
        fail(f"no id column among {columns}")
    template_url = template[url_column] if url_column is not None else None
    rows = []
    for number in range(args.count):
        row = list(template)
        url, title = f"https://example.com/video/{number}", f"Benchmark video {number}"
        row[id_column] = str(uuid.uuid4())
        # Text columns that embed the URL (options JSON, search text) get the new one.
        if template_url:
            row = [value.replace(template_url, url) if isinstance(value, str) else value for value in row]
        if state_column is not None:
            row[state_column] = "COMPLETE"
        if position_column is not None and isinstance(template[position_column], int):
            row[position_column] = template[position_column] + number + 1
        if number_column is not None and isinstance(template[number_column], int):
            row[number_column] = template[number_column] + number + 1
        if title_column is not None:
            row[title_column] = title
        if title_key_column is not None:
            row[title_key_column] = title.lower()
        if search_column is not None:
            row[search_column] = f"{url} {title}".lower()
        for position in time_columns:
            if isinstance(template[position], (int, float)):
                row[position] = template[position] + number * 0.001
        rows.append(row)
    placeholders = ",".join("?" * len(columns))
    names = ",".join(f'"{name}"' for name in columns)
    with connection:
        connection.executemany(f"INSERT INTO jobs ({names}) VALUES ({placeholders})", rows)
        if number_column is not None:
            # The next job Spool adds takes the number after the seeded ones.
            connection.execute("UPDATE job_numbers SET last = (SELECT MAX(number) FROM jobs) WHERE id = 1")
    total = connection.execute("SELECT count(*) FROM jobs").fetchone()[0]
    connection.close()
    print(total)


def command_wrk(args):
    text = open(args.file, encoding="utf-8").read()
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    p99 = re.search(r"^\s*99%\s+([\d.]+)(us|ms|s)\s*$", text, re.MULTILINE)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    if not rps or not p99:
        fail(f"cannot parse wrk output in {args.file}")
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    print(json.dumps({"rps": float(rps.group(1)), "p99_ms": float(p99.group(1)) * scale,
                      "non2xx": int(errors.group(1)) if errors else 0}))


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def descendants(root):
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    found, pending = [], [root]
    while pending:
        for child in children.get(pending.pop(), []):
            found.append(child)
            pending.append(child)
    return found


def command_rss(args):
    def comm(pid):
        try:
            return open(f"/proc/{pid}/comm", encoding="utf-8").read().strip()
        except OSError:
            return "?"

    own = rss_kib(args.pid) / 1024
    helpers = [(pid, comm(pid), rss_kib(pid) / 1024) for pid in descendants(args.pid)]
    for pid, name, megabytes in helpers:
        print(f"helper pid={pid} command={name} rss_mb={megabytes:.1f}")
    print(f"idle_rss_mb={own:.1f}")
    print(f"helpers_rss_mb={sum(item[2] for item in helpers):.1f} ({len(helpers)} processes)")
    print(f"total_rss_mb={own + sum(item[2] for item in helpers):.1f}")
    print(f"idle_rss_ratio={own / args.goal_mb:.3f} (goal <= 1.0: {args.goal_mb:g} MB)")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command_name", required=True)
    login = sub.add_parser("login")
    login.add_argument("--server", required=True)
    login.add_argument("--username", default="admin")
    login.add_argument("--password", required=True)
    login.set_defaults(handler=command_login)
    job = sub.add_parser("job")
    job.add_argument("--server", required=True)
    job.add_argument("--token", required=True)
    job.add_argument("--url", required=True)
    job.add_argument("--container")
    job.add_argument("--until", choices=["complete", "progress"], default="complete")
    job.add_argument("--poll", action="store_true", help="poll GET /api/jobs/:id every 20 ms instead of SSE")
    job.add_argument("--cancel", action="store_true", help="cancel the job afterwards")
    job.add_argument("--timeout", type=float, default=600)
    job.add_argument("--seconds", action="store_true", help="print only the seconds to --until")
    job.set_defaults(handler=command_job)
    for name, handler in (("first-line", command_first_line), ("run", command_run)):
        timed = sub.add_parser(name)
        timed.add_argument("--timeout", type=float, default=600)
        timed.add_argument("--match", help="also accept a line containing this text")
        timed.add_argument("command", nargs=argparse.REMAINDER)
        timed.set_defaults(handler=handler)
    logspan = sub.add_parser("logspan")
    logspan.add_argument("--server", required=True)
    logspan.add_argument("--token", required=True)
    logspan.add_argument("--job", required=True)
    logspan.add_argument("--start", required=True)
    logspan.add_argument("--end", required=True)
    logspan.set_defaults(handler=command_logspan)

    median = sub.add_parser("median")
    median.add_argument("numbers", type=float, nargs="+")
    median.set_defaults(handler=command_median)
    seed = sub.add_parser("seed")
    seed.add_argument("--db", required=True)
    seed.add_argument("--count", type=int, default=100_000)
    seed.set_defaults(handler=command_seed)
    wrk = sub.add_parser("wrk")
    wrk.add_argument("file")
    wrk.set_defaults(handler=command_wrk)
    rss = sub.add_parser("rss")
    rss.add_argument("--pid", type=int, required=True)
    rss.add_argument("--goal-mb", type=float, default=40)
    rss.set_defaults(handler=command_rss)
    args = parser.parse_args()
    if getattr(args, "command", None) and args.command[:1] == ["--"]:
        args.command = args.command[1:]
    args.handler(args)


if __name__ == "__main__":
    main()
