#!/usr/bin/env python3
"""Driver of bench/process.sh (Python standard library only).

Subcommands:
  profile    store a processing profile (PUT /api/processing/profiles/{name})
  stage      add a job with a processing profile, wait for COMPLETE, read its PROCESSING wall from
             the state_change events' timestamps and the ffmpeg command line it logged
  bare       run that ffmpeg command line bare (its output path rewritten to a scratch file), timed
  download   time one download job (DOWNLOADING → the next state) alone, or while a transcode job
             of another file is in PROCESSING with percent > 0 (then cancelled and removed)
  stop-tree  SIGTERM a server, then SIGKILL whatever is left of its process tree (batch_driver's)
  report     medians, ratios and goals from the JSON lines the runs printed

Each run prints one JSON line on stdout and a summary on stderr. Times of Spool's stages are the
server's own event timestamps (ISO 8601 with fractional seconds), so polling adds nothing to them.
"""
import argparse
import datetime
import json
import os
import shlex
import signal
import statistics
import subprocess
import sys
import time

import api_client
from batch_driver import command_stop_tree, process_tree

TERMINAL = ("COMPLETE", "FAILED", "CANCELED")


def fail(message):
    print(f"process_driver: {message}", file=sys.stderr)
    sys.exit(1)


def note(message):
    print(f"  {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- HTTP

class Client(api_client.Client):
    """The API client with the calls the processing benchmark makes."""

    def __init__(self, server, token):
        super().__init__(server, token, "process_driver")

    def job(self, job_id):
        answer = self.call("GET", f"/api/jobs/{job_id}")
        return answer["job"] if isinstance(answer, dict) and "job" in answer else answer

    def add(self, url, process=None, container="mp4"):
        body = {"url": url, "outputContainer": container}
        if process:
            body["process"] = process
        answer = self.call("POST", "/api/jobs", body, expect=(200, 201, 202))
        job = answer["job"] if isinstance(answer, dict) and "job" in answer else answer
        return job["id"]

    def events(self, job_id, kind):
        """Every stored event of one type for the job, oldest first."""
        events, offset = [], 0
        while True:
            page = self.call("GET", f"/api/jobs/{job_id}/logs?type={kind}&limit=500&offset={offset}")
            events.extend(page["events"])
            offset += len(page["events"])
            if not page["events"] or offset >= page["total"]:
                break
        events.sort(key=lambda event: event["id"])
        return events

    def wait(self, job_id, done, timeout, interval, what):
        """Polls the job until done(job) holds; fails when it ends otherwise or time runs out."""
        deadline = time.monotonic() + timeout
        while True:
            job = self.job(job_id)
            if done(job):
                return job
            if job["status"] in TERMINAL:
                error = job.get("error") or {}
                fail(f"job {job_id} ended {job['status']} while waiting for {what}: {error.get('message', '')}")
            if time.monotonic() > deadline:
                fail(f"job {job_id}: no {what} within {timeout:g} s (status {job['status']})")
            time.sleep(interval)


def timestamp(event):
    return datetime.datetime.fromisoformat(event["timestamp"].replace("Z", "+00:00")).timestamp()


def state_walls(events, state):
    """Seconds from the first change into `state` to the next change out of it."""
    entered = left = None
    for event in events:
        payload = event.get("payload") or {}
        if entered is None and payload.get("to") == state:
            entered = timestamp(event)
        elif entered is not None and payload.get("from") == state:
            left = timestamp(event)
            break
    return entered, left


# ---------------------------------------------------------------- profiles

def command_profile(args):
    client = Client(args.server, args.token)
    body = json.loads(args.body)
    client.call("PUT", f"/api/processing/profiles/{args.name}", body, expect=(200, 201, 204))
    note(f"processing profile {args.name}: {json.dumps(body)}")


# ---------------------------------------------------------------- stage overhead

def ffmpeg_commands(client, job_id):
    """The ffmpeg command lines the job's process stage logged, as argument lists."""
    found = []
    for event in client.events(job_id, "log"):
        payload = event.get("payload") or {}
        message = payload.get("message") or ""
        if payload.get("stage") != "process":
            continue
        words = shlex.split(message) if message.startswith(("ffmpeg ", "/", "cd ")) else []
        directory = None
        # A pass that needs its own working folder (two-pass logs) is logged as `cd DIR && ffmpeg …`.
        if len(words) > 3 and words[0] == "cd" and words[2] == "&&":
            directory, words = words[1], words[3:]
        if words and os.path.basename(words[0]) == "ffmpeg":
            found.append({"cwd": directory, "argv": words})
    return found


def command_stage(args):
    client = Client(args.server, args.token)
    load = os.getloadavg()[0]
    started = time.monotonic()
    job_id = client.add(args.url, process=args.profile)
    job = client.wait(job_id, lambda job: job["status"] == "COMPLETE", args.timeout, args.poll, "COMPLETE")
    client_wall = time.monotonic() - started
    changes = client.events(job_id, "state_change")
    begin, end = state_walls(changes, "PROCESSING")
    if begin is None or end is None:
        fail(f"job {job_id}: no PROCESSING → next state in its state changes: "
             f"{[(e['payload'].get('from'), e['payload'].get('to')) for e in changes]}")
    down_begin, down_end = state_walls(changes, "DOWNLOADING")
    commands = ffmpeg_commands(client, job_id)
    if not commands:
        fail(f"job {job_id}: no 'ffmpeg …' log line of the process stage (is the command logged?)")
    encodes = [command for command in commands if "-i" in command["argv"]]
    if len(encodes) != 1:
        note(f"job {job_id} logged {len(encodes)} ffmpeg encodes; the baseline runs them all in order")
    with open(args.command_out, "w", encoding="utf-8") as handle:
        json.dump({"jobId": job_id, "commands": encodes}, handle)
    report = job.get("processingReport") or {}
    wall = end - begin
    result = {
        "side": "spool", "round": args.round, "processing_wall": round(wall, 4),
        "encode_seconds": report.get("seconds"), "encoder": report.get("encoder"), "mode": report.get("mode"),
        "download_wall": round(down_end - down_begin, 4) if down_begin and down_end else None,
        "post_to_complete": round(client_wall, 3), "job": job_id, "load": load,
    }
    print(json.dumps(result), flush=True)
    encode = f", encode {report['seconds']:.2f} s as Spool timed it" if isinstance(report.get("seconds"), (int, float)) else ""
    note(f"spool round {args.round}: PROCESSING {wall:.3f} s{encode} ({report.get('encoder')}), load {load:.2f}")


def local_path(argument):
    """A path argument without the `file:` prefix Spool gives ffmpeg's inputs and outputs."""
    return argument[len("file:"):] if argument.startswith("file:") else argument


def output_index(command):
    """Where the output path is: the last argument (ffmpeg's output comes after its options)."""
    index = len(command) - 1
    if index <= 0 or command[index].startswith("-"):
        fail(f"cannot tell the output path of: {shlex.join(command)}")
    return index


def command_bare(args):
    with open(args.command_file, encoding="utf-8") as handle:
        recorded = json.load(handle)
    commands = []
    scratch_files = []
    for number, recorded_command in enumerate(recorded["commands"]):
        command, directory = list(recorded_command["argv"]), recorded_command.get("cwd")
        inputs = [local_path(command[i + 1]) for i, value in enumerate(command[:-1]) if value == "-i"]
        for path in inputs:
            if not os.path.exists(path):
                fail(f"the input {path} of job {recorded['jobId']}'s ffmpeg command is gone")
        index = output_index(command)
        if local_path(command[index]) not in ("/dev/null", "-", "pipe:1"):
            # Spool passes paths as `file:` URLs (never read as an option or protocol): kept so.
            prefix = "file:" if command[index].startswith("file:") else ""
            extension = os.path.splitext(command[index])[1] or ".out"
            scratch = os.path.join(args.scratch, f"bare-{number}{extension}")
            command[index] = prefix + scratch
            scratch_files.append(scratch)
        if "-y" not in command:
            command.insert(1, "-y")
        commands.append((command, directory))
    load = os.getloadavg()[0]
    niceness = args.nice

    def lower_priority():
        if niceness:
            os.nice(niceness)

    log_path = os.path.join(args.scratch, "bare-ffmpeg.log")
    started = time.perf_counter()
    for command, directory in commands:
        with open(log_path, "wb") as log:
            code = subprocess.run(command, cwd=directory, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log,
                                  preexec_fn=lower_priority, timeout=args.timeout).returncode
        if code != 0:
            with open(log_path, encoding="utf-8", errors="replace") as log:
                tail = log.read()[-1500:]
            fail(f"bare ffmpeg exited {code}: {shlex.join(command)}\n{tail}")
    wall = time.perf_counter() - started
    sizes = [os.path.getsize(path) for path in scratch_files if os.path.exists(path)]
    for path in scratch_files + [log_path]:
        if os.path.exists(path):
            os.remove(path)
    print(json.dumps({"side": "bare", "round": args.round, "processing_wall": round(wall, 4), "nice": niceness,
                      "output_bytes": sum(sizes), "job": recorded["jobId"], "load": load}), flush=True)
    note(f"bare ffmpeg round {args.round} (nice {niceness}): {wall:.3f} s, load {load:.2f}")
    if args.show:
        note("command: " + " ; ".join(shlex.join(command) for command, _ in commands))


# ---------------------------------------------------------------- downloads during a transcode

def ffmpeg_children(root):
    names = []
    for pid in process_tree(root):
        try:
            with open(f"/proc/{pid}/comm", encoding="utf-8") as handle:
                if handle.read().strip() == "ffmpeg":
                    names.append(pid)
        except OSError:
            pass
    return names


def cpu_seconds(pid):
    """User + system CPU seconds of a process so far (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def command_download(args):
    client = Client(args.server, args.token)
    load = os.getloadavg()[0]
    transcode = None
    percent_before = None
    if args.during:
        transcode = client.add(args.transcode_url, process=args.transcode_profile)

        def transcoding(job):
            progress = job.get("progress") or {}
            return job["status"] == "PROCESSING" and (progress.get("percent") or 0) > 0

        client.wait(transcode, transcoding, args.timeout, 0.2, "PROCESSING with percent > 0")
        time.sleep(args.warmup)
        job = client.job(transcode)
        percent_before = (job.get("progress") or {}).get("percent")
        if not ffmpeg_children(args.pid):
            fail("the transcode job is in PROCESSING but no ffmpeg runs under the server")
    encoders = ffmpeg_children(args.pid) if transcode else []
    cpu_before, clock_before = sum(cpu_seconds(pid) for pid in encoders), time.monotonic()
    job_id = client.add(args.url)
    client.wait(job_id, lambda job: job["status"] == "COMPLETE", args.timeout, args.poll, "COMPLETE")
    # How many cores the transcode's ffmpeg used while the download ran (0–2 here).
    encoder_cores = ((sum(cpu_seconds(pid) for pid in encoders) - cpu_before) / (time.monotonic() - clock_before)
                     if encoders else None)
    percent_after = state_after = None
    if transcode:
        job = client.job(transcode)
        state_after = job["status"]
        percent_after = (job.get("progress") or {}).get("percent")
        # The transcode ran the whole time only if it is still in PROCESSING now.
        if state_after != "PROCESSING":
            fail(f"the transcode job left PROCESSING ({state_after}) before the download ended: use a longer clip")
        client.call("POST", f"/api/jobs/{transcode}/cancel", expect=(200, 202))
        client.wait(transcode, lambda job: job["status"] == "CANCELED", 60, 0.1, "CANCELED")
        deadline = time.monotonic() + 15
        while ffmpeg_children(args.pid):
            if time.monotonic() > deadline:
                fail(f"ffmpeg still runs 15 s after the transcode job was cancelled: {ffmpeg_children(args.pid)}")
            time.sleep(0.1)
    changes = client.events(job_id, "state_change")
    begin, end = state_walls(changes, "DOWNLOADING")
    if begin is None or end is None:
        fail(f"job {job_id}: no DOWNLOADING → next state in its state changes")
    wall = end - begin
    for finished in (job_id, transcode):
        if finished:
            client.call("DELETE", f"/api/jobs/{finished}?deleteFiles=true", expect=(200, 204))
    side = "during" if args.during else "alone"
    speed = args.bytes / wall / 1e6
    print(json.dumps({
        "side": side, "round": args.round, "nice": args.nice, "download_wall": round(wall, 4),
        "bytes": args.bytes, "mb_per_s": round(speed, 2), "transcode_percent": [percent_before, percent_after],
        "transcode_cores": round(encoder_cores, 2) if encoder_cores is not None else None,
        "load": load,
    }), flush=True)
    extra = (f", transcode at {percent_before:.1f} → {percent_after:.1f} % using {encoder_cores:.2f} cores"
             if transcode else "")
    note(f"download {side} (PROCESSING_NICE={args.nice}) round {args.round}: {wall:.3f} s, {speed:.0f} MB/s{extra}, load {load:.2f}")


# ---------------------------------------------------------------- report

def spread(values, digits=3):
    if not values:
        return "—"
    if len(values) == 1:
        return f"{values[0]:.{digits}f}"
    return f"{statistics.median(values):.{digits}f} [{min(values):.{digits}f}–{max(values):.{digits}f}]"


def goal_line(name, value, goal, lower=True, digits=3):
    if value is None:
        print(f"{name}=n/a")
        return
    met = value <= goal if lower else value >= goal
    print(f"{name}={value:.{digits}f} (goal {'<=' if lower else '>='} {goal}, {'met' if met else 'not met'})")


def command_report(args):
    runs = [json.loads(line) for line in open(args.results, encoding="utf-8") if line.startswith("{")]
    spool = [run for run in runs if run["side"] == "spool"]
    bare = [run for run in runs if run["side"] == "bare"]
    if runs:
        loads = [run["load"] for run in runs]
        print(f"load average at run starts {min(loads):.2f}–{max(loads):.2f}")
    if spool and bare:
        spool_walls = [run["processing_wall"] for run in spool]
        bare_walls = [run["processing_wall"] for run in bare]
        encodes = [run["encode_seconds"] for run in spool if isinstance(run.get("encode_seconds"), (int, float))]
        print(f"stage overhead, median [min–max] of {len(spool)} / {len(bare)} runs:")
        print(f"  Spool PROCESSING wall   {spread(spool_walls)} s")
        if encodes:
            print(f"    of which the encode   {spread(encodes)} s (Spool's own timing of ffmpeg)")
        print(f"  {'bare ffmpeg (nice ' + str(bare[0]['nice']) + ')':<24}{spread(bare_walls)} s")
        paired = [s["processing_wall"] / b["processing_wall"] for s in spool for b in bare if s["round"] == b["round"]]
        print(f"  per-round ratios {', '.join(f'{value:.3f}' for value in paired)}")
        own = [run["processing_wall"] - run["encode_seconds"] for run in spool if isinstance(run.get("encode_seconds"), (int, float))]
        if own:
            print(f"process_stage_own_seconds={statistics.median(own):.3f} (PROCESSING wall minus Spool's ffmpeg run: "
                  f"probe, checks, storing, database; {statistics.median(own) / statistics.median(encodes) * 100:.1f} % of the encode)")
        print(f"process_stage_seconds_spool={statistics.median(spool_walls):.3f}")
        print(f"process_stage_seconds_bare={statistics.median(bare_walls):.3f}")
        goal_line("process_stage_overhead_ratio", statistics.median(spool_walls) / statistics.median(bare_walls), 1.05)
    for niceness in sorted({run["nice"] for run in runs if run["side"] in ("alone", "during")}, reverse=True):
        alone = [run["mb_per_s"] for run in runs if run["side"] == "alone" and run["nice"] == niceness]
        during = [run["mb_per_s"] for run in runs if run["side"] == "during" and run["nice"] == niceness]
        if not alone or not during:
            continue
        size = runs[[run["side"] for run in runs].index("alone")]["bytes"] / 1e6
        print(f"download of {size:.0f} MB with PROCESSING_NICE={niceness}, MB/s median [min–max]:")
        print(f"  alone             {spread(alone, 1)} ({len(alone)} runs)")
        print(f"  during transcode  {spread(during, 1)} ({len(during)} runs)")
        cores = [run["transcode_cores"] for run in runs if run["side"] == "during" and run["nice"] == niceness
                 and run.get("transcode_cores") is not None]
        if cores:
            print(f"  cores the transcode's ffmpeg used meanwhile {spread(cores, 2)}")
        suffix = "" if niceness == 10 else f"_nice{niceness}"
        goal_line(f"process_download_speed_ratio{suffix}", statistics.median(during) / statistics.median(alone), 0.9, lower=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="name", required=True)

    def server_options(command):
        command.add_argument("--server", required=True)
        command.add_argument("--token", required=True)

    profile = sub.add_parser("profile")
    server_options(profile)
    profile.add_argument("--name", required=True)
    profile.add_argument("--body", required=True, help="the profile as JSON")
    profile.set_defaults(handler=command_profile)

    stage = sub.add_parser("stage")
    server_options(stage)
    stage.add_argument("--url", required=True)
    stage.add_argument("--profile", required=True)
    stage.add_argument("--round", type=int, default=1)
    stage.add_argument("--command-out", required=True, help="where the logged ffmpeg command line goes (JSON)")
    stage.add_argument("--poll", type=float, default=0.1)
    stage.add_argument("--timeout", type=float, default=1800)
    stage.set_defaults(handler=command_stage)

    bare = sub.add_parser("bare")
    bare.add_argument("--command-file", required=True)
    bare.add_argument("--scratch", required=True, help="folder for the output")
    bare.add_argument("--nice", type=int, default=0)
    bare.add_argument("--round", type=int, default=1)
    bare.add_argument("--timeout", type=float, default=1800)
    bare.add_argument("--show", action="store_true", help="print the command run")
    bare.set_defaults(handler=command_bare)

    download = sub.add_parser("download")
    server_options(download)
    download.add_argument("--pid", type=int, required=True, help="the spool serve process")
    download.add_argument("--url", required=True)
    download.add_argument("--bytes", type=int, required=True, help="the file's size")
    download.add_argument("--nice", type=int, required=True, help="the server's PROCESSING_NICE (recorded)")
    download.add_argument("--during", action="store_true", help="while a transcode job runs")
    download.add_argument("--transcode-url")
    download.add_argument("--transcode-profile")
    download.add_argument("--warmup", type=float, default=5, help="seconds the transcode runs before the download starts")
    download.add_argument("--round", type=int, default=1)
    download.add_argument("--poll", type=float, default=0.1)
    download.add_argument("--timeout", type=float, default=600)
    download.set_defaults(handler=command_download)

    stop = sub.add_parser("stop-tree")
    stop.add_argument("pid", type=int)
    stop.add_argument("--grace", type=float, default=15)
    stop.set_defaults(handler=command_stop_tree)

    report = sub.add_parser("report")
    report.add_argument("results")
    report.set_defaults(handler=command_report)

    args = parser.parse_args()
    if args.name == "download" and args.during and not (args.transcode_url and args.transcode_profile):
        parser.error("--during needs --transcode-url and --transcode-profile")
    try:
        args.handler(args)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    main()
