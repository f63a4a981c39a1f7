#!/usr/bin/env python3
"""Driver of bench/batch.sh (Python standard library only).

Subcommands:
  spool      add the URLs to a running Spool one after another, wait until all are COMPLETE
  metube     the same against MeTube's backend (POST /add, GET /history)
  ytdlp      one bare yt-dlp process given all the URLs
  stop-tree  SIGTERM a server, then SIGKILL whatever is left of its process tree
  report     medians, ratios and goals from the JSON lines the runs printed

Each run prints one JSON line: wall seconds from the first add to the last completion (seen by
polling), CPU seconds of the server's whole process tree over that window (utime+stime of every
live process plus cutime+cstime, which hold the children it has reaped), the peak PSS summed over
the tree (sampled every 0.1 s), and a check that all files arrived with the fixtures' sizes.
"""
import argparse
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

TICKS = os.sysconf("SC_CLK_TCK")
POLL = 0.1      # seconds between completion polls (the same for both servers)
SAMPLE = 0.1    # seconds between memory samples


def fail(message):
    print(f"batch_driver: {message}", file=sys.stderr)
    sys.exit(1)


# ---------------------------------------------------------------- procfs

def stat_fields(pid):
    """Fields of /proc/PID/stat after the command name (index 0 is the state), or None."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as handle:
            return handle.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def children_by_parent():
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = stat_fields(entry)
            if fields:
                table.setdefault(int(fields[1]), []).append(int(entry))
    return table


def process_tree(root):
    """The root and all its live descendants."""
    table, found, pending = children_by_parent(), [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(table.get(pid, []))
    return found


def tree_cpu(root):
    """CPU seconds used so far by the tree: own time of each process plus its reaped children's."""
    total = 0
    for pid in process_tree(root):
        fields = stat_fields(pid)
        if fields:
            total += sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    return total / TICKS


def memory_kib(pid):
    """(Pss, Rss) of one process in KiB, from smaps_rollup; zeros when it is gone."""
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1])
    except OSError:
        pass
    return pss, rss


class TreeSampler(threading.Thread):
    """Sums PSS and RSS over the process tree every SAMPLE seconds; keeps the peaks."""

    def __init__(self, root):
        super().__init__(daemon=True)
        self.root = root
        self.stopping = threading.Event()
        self.peak_pss = self.peak_rss = self.peak_processes = 0

    def sample(self):
        pids = process_tree(self.root)
        sizes = [memory_kib(pid) for pid in pids]
        self.peak_pss = max(self.peak_pss, sum(size[0] for size in sizes))
        self.peak_rss = max(self.peak_rss, sum(size[1] for size in sizes))
        self.peak_processes = max(self.peak_processes, sum(1 for size in sizes if size[1]))

    def run(self):
        while not self.stopping.is_set():
            self.sample()
            self.stopping.wait(SAMPLE)

    def finish(self):
        self.stopping.set()
        self.join()
        self.sample()


def own_cpu(pid):
    fields = stat_fields(pid)
    return sum(int(value) for value in fields[11:13]) / TICKS if fields else 0.0


def harness_cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# ---------------------------------------------------------------- HTTP

def request(url, method="GET", body=None, token=None, timeout=120):
    """One request; returns the body decoded as JSON (MeTube sends JSON as text/plain)."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        fail(f"{method} {url}: HTTP {error.code}: {error.read()[:300].decode(errors='replace')}")
    except (urllib.error.URLError, OSError) as error:
        fail(f"{method} {url}: {error}")


# ---------------------------------------------------------------- one run

class Run:
    """Shared bookkeeping of one measured batch: start, samplers, end, checks, JSON line."""

    def __init__(self, args, side, root):
        self.args, self.side, self.root = args, side, root
        with open(args.urls, encoding="utf-8") as handle:
            self.urls = [line.strip() for line in handle if line.strip()]
        self.load = os.getloadavg()[0]
        self.sampler = TreeSampler(root)

    def start(self):
        self.media_cpu = own_cpu(self.args.media_pid)
        self.harness_cpu = harness_cpu()
        self.cpu = tree_cpu(self.root)
        self.sampler.start()
        self.wall_clock = time.time()
        self.t0 = time.perf_counter()
        self.deadline = self.t0 + self.args.timeout

    def elapsed(self):
        return time.perf_counter() - self.t0

    def check_deadline(self, what):
        if time.perf_counter() > self.deadline:
            fail(f"{self.side}: {what} after {self.args.timeout:.0f} s")

    def finish(self, wall, adds, cpu=None):
        cpu = tree_cpu(self.root) - self.cpu if cpu is None else cpu
        self.sampler.finish()
        files = verify_files(self.args.files, self.args.fixtures, len(self.urls), self.side)
        print(json.dumps({
            "side": self.side, "concurrency": getattr(self.args, "concurrency", 1), "round": self.args.round,
            "wall": round(wall, 4), "wall_last_file": round(max(files) - self.wall_clock, 4),
            "adds": round(adds, 4) if adds is not None else None,
            "cpu": round(cpu, 3), "pss_mib": round(self.sampler.peak_pss / 1024, 1),
            "rss_mib": round(self.sampler.peak_rss / 1024, 1), "processes": self.sampler.peak_processes,
            "harness_cpu": round(harness_cpu() - self.harness_cpu, 3),
            "media_cpu": round(own_cpu(self.args.media_pid) - self.media_cpu, 3),
            "load": self.load,
        }), flush=True)
        print(f"  {self.side} c{getattr(self.args, 'concurrency', 1)} round {self.args.round}: "
              f"wall {wall:.2f} s, cpu {cpu:.2f} s, peak pss {self.sampler.peak_pss / 1024:.0f} MiB, "
              f"load {self.load:.2f}", file=sys.stderr)


def verify_files(folder, fixtures, count, side):
    """All finished MP4s under folder must match the fixtures' sizes; returns their ctimes."""
    found = []
    for parent, _, names in os.walk(folder):
        found += [os.path.join(parent, name) for name in names if name.endswith(".mp4")]
    sizes = sorted(os.path.getsize(path) for path in found)
    wanted = sorted(os.path.getsize(os.path.join(fixtures, name))
                    for name in os.listdir(fixtures) if name.startswith("clip") and name.endswith(".mp4"))
    if len(found) != count or sizes != wanted[:count]:
        fail(f"{side}: expected {count} files of the fixtures' sizes in {folder}, found {len(found)}: {sizes}")
    return [os.stat(path).st_ctime for path in found]


def command_spool(args):
    run = Run(args, "spool", args.pid)
    api = args.server + "/api/jobs"
    run.start()
    ids = []
    for url in run.urls:
        answer = request(api, "POST", {"url": url, "outputContainer": "mp4"}, args.token)
        ids.append((answer.get("job") or answer)["id"])
    adds = run.elapsed()
    wanted = set(ids)
    while True:
        jobs = request(api + "?limit=200", token=args.token)["jobs"]
        states = {job["id"]: job["status"] for job in jobs if job["id"] in wanted}
        bad = {job: state for job, state in states.items() if state in ("FAILED", "CANCELED")}
        if bad:
            fail(f"spool: jobs ended badly: {bad}")
        if len(states) == len(wanted) and all(state == "COMPLETE" for state in states.values()):
            break
        run.check_deadline(f"{sum(state == 'COMPLETE' for state in states.values())} of {len(wanted)} COMPLETE")
        time.sleep(POLL)
    run.finish(run.elapsed(), adds)


def command_metube(args):
    run = Run(args, "metube", args.pid)
    run.start()
    for url in run.urls:
        # MeTube answers only after it has extracted the URL's metadata.
        answer = request(args.server + "/add", "POST", {
            "url": url, "download_type": "video", "codec": "auto", "format": "any", "quality": "best"})
        if answer.get("status") != "ok" or answer.get("msg"):
            fail(f"metube: /add {url}: {answer}")
    adds = run.elapsed()
    wanted = set(run.urls)
    while True:
        done = {item["url"]: item["status"] for item in request(args.server + "/history")["done"] if item["url"] in wanted}
        bad = {url: status for url, status in done.items() if status != "finished"}
        if bad:
            fail(f"metube: downloads ended badly: {bad}")
        if len(done) == len(wanted):
            break
        run.check_deadline(f"{len(done)} of {len(wanted)} done")
        time.sleep(POLL)
    run.finish(run.elapsed(), adds)


def command_ytdlp(args):
    with open(args.urls, encoding="utf-8") as handle:
        urls = [line.strip() for line in handle if line.strip()]
    command = [args.ytdlp, "-q", "--no-warnings", "-f", "bestvideo+bestaudio/best", "-o", "%(title)s.%(ext)s",
               "--socket-timeout", "30", "-P", args.files, *urls]
    started, started_clock = time.perf_counter(), time.time()
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    run = Run(args, "ytdlp", process.pid)
    run.start()
    run.t0, run.wall_clock = started, started_clock  # the wall time counts from the spawn
    killer = threading.Timer(args.timeout, process.kill)
    killer.daemon = True
    killer.start()
    # wait4 gives the CPU of yt-dlp and of every child it reaped.
    _, status, usage = os.wait4(process.pid, 0)
    wall = run.elapsed()
    killer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        fail(f"yt-dlp exited {process.returncode}")
    run.finish(wall, None, cpu=usage.ru_utime + usage.ru_stime)


# ---------------------------------------------------------------- stopping a server

def command_stop_tree(args):
    """SIGTERM the root; collect its descendants while it stops; SIGKILL any left after it."""
    def start_time(pid):
        fields = stat_fields(pid)
        return fields[19] if fields and fields[0] != "Z" else None

    seen = {pid: start_time(pid) for pid in process_tree(args.pid)}
    root_start = seen.get(args.pid)
    if root_start is None:
        return
    os.kill(args.pid, signal.SIGTERM)
    deadline = time.monotonic() + args.grace
    while time.monotonic() < deadline and start_time(args.pid) == root_start:
        for pid in process_tree(args.pid):
            seen.setdefault(pid, start_time(pid))
        time.sleep(0.05)
    left = [pid for pid, started in seen.items() if started is not None and start_time(pid) == started]
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    if left:
        print(f"batch_driver: killed {len(left)} process(es) left after SIGTERM: {left}", file=sys.stderr)


# ---------------------------------------------------------------- report

GOALS = {"wall": 0.9, "cpu": 0.5, "pss_mib": 0.5}


def command_report(args):
    runs = [json.loads(line) for line in open(args.results, encoding="utf-8") if line.startswith("{")]
    groups = {}
    for run in runs:
        key = "yt-dlp (bare)" if run["side"] == "ytdlp" else f"{run['side']} c{run['concurrency']}"
        groups.setdefault(key, []).append(run)

    def median(key, field):
        values = [run[field] for run in groups.get(key, []) if run.get(field) is not None]
        return statistics.median(values) if values else None

    def cell(key, field, digits):
        values = [run[field] for run in groups.get(key, []) if run.get(field) is not None]
        if not values:
            return "—"
        return f"{statistics.median(values):.{digits}f} [{min(values):.{digits}f}–{max(values):.{digits}f}]"

    order = ["spool c1", "metube c1", "spool c3", "metube c3", "yt-dlp (bare)"]
    header = ["", "runs", "wall s", "last file s", "all adds answered s", "CPU s (tree)", "peak PSS MiB"]
    rows = [[key, str(len(groups.get(key, []))), cell(key, "wall", 2), cell(key, "wall_last_file", 2),
             cell(key, "adds", 2), cell(key, "cpu", 2), cell(key, "pss_mib", 0)] for key in order]
    widths = [max(len(row[i]) for row in rows + [header]) for i in range(len(header))]
    print("median [min–max]")
    for row in [header] + rows:
        print("  ".join(value.ljust(widths[i]) for i, value in enumerate(row)))
    loads = [run["load"] for run in runs]
    print(f"load average at run start {min(loads):.2f}–{max(loads):.2f}; harness CPU per run "
          f"{max(run['harness_cpu'] for run in runs):.2f} s at most; file server CPU per run "
          f"{max(run['media_cpu'] for run in runs):.2f} s at most")

    def ratio(name, spool, baseline, goal):
        if spool is None or not baseline:
            print(f"{name}=n/a")
        else:
            value = spool / baseline
            print(f"{name}={value:.3f} (goal <= {goal}{', met' if value <= goal else ', not met'})")

    for concurrency in (1, 3):
        for field, label in (("wall", "wall"), ("cpu", "cpu"), ("pss_mib", "pss")):
            ratio(f"batch_c{concurrency}_{label}_ratio", median(f"spool c{concurrency}", field),
                  median(f"metube c{concurrency}", field), GOALS[field])
    ratio("batch_vs_bare_ytdlp_ratio", median("spool c1", "wall"), median("yt-dlp (bare)", "wall"), 2)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="name", required=True)
    for name, handler in (("spool", command_spool), ("metube", command_metube), ("ytdlp", command_ytdlp)):
        run = sub.add_parser(name)
        run.add_argument("--urls", required=True, help="file with one URL a line")
        run.add_argument("--fixtures", required=True, help="folder of the served clips (for the size check)")
        run.add_argument("--files", required=True, help="folder where the finished files land")
        run.add_argument("--media-pid", type=int, required=True, help="the file server (its CPU is reported)")
        run.add_argument("--timeout", type=float, default=300)
        run.add_argument("--round", type=int, default=1)
        if name == "ytdlp":
            run.add_argument("--ytdlp", default="yt-dlp")
        else:
            run.add_argument("--server", required=True)
            run.add_argument("--pid", type=int, required=True, help="the server process")
            run.add_argument("--concurrency", type=int, required=True)
            if name == "spool":
                run.add_argument("--token", required=True)
        run.set_defaults(handler=handler)
    stop = sub.add_parser("stop-tree")
    stop.add_argument("pid", type=int)
    stop.add_argument("--grace", type=float, default=15)
    stop.set_defaults(handler=command_stop_tree)
    report = sub.add_parser("report")
    report.add_argument("results")
    report.set_defaults(handler=command_report)
    args = parser.parse_args()
    try:
        args.handler(args)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
