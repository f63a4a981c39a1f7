"""Live event fan-out over WebSocket: Spool's gateway (`/api/ws`) against a minimal aiohttp
broadcast server, with the same subscribers and the same events.

Both servers take their events from the same place: the Redis channel `events:progress`, on which
Spool's download workers publish progress (the seed's channel; RedisEventCodec's envelope). This
script publishes progress envelopes there at a controlled rate — no job has to run — and each server
sends every event to every subscriber: `spool gateway` (PostgreSQL + Redis, as deployed) decodes
the event and fans it out through its broadcaster; the aiohttp server (written below, run in its own
process) forwards the message text to each of its WebSockets in turn, the canonical
`for ws in clients: await ws.send_str(text)` loop.

SUBSCRIBERS WebSocket clients (default 1,000, spread over CLIENT_PROCESSES processes with a minimal
frame parser, so that the clients cost as little as possible) subscribe to all events. Then, per
server:

1. latency: events at LATENCY_RATE delivered messages/s (20,000/s = 20 events/s × 1,000
   subscribers) for LATENCY_SECONDS; each event carries its publish time, so a sample of the
   subscribers measure publish → arrival (same machine, same clock): p50/p99.
2. ramp: event rates from RATES (events/s), STEP_SECONDS each; delivered messages/s is what all
   subscribers received per second in the step (its first second left out), once the backlog of
   the step before has drained. The ramp stops after two steps that deliver under 85 % of what was
   offered. Max delivered is the best step.

It prints both servers' figures, the server CPU time per delivered message, and the ratios
(goal: Spool ≥ 1.0× aiohttp's max delivered, Spool's p99 ≤ 50 ms at 20,000 messages/s).

Needs redis-server, PostgreSQL 15 (as in bench/event_latency.py), a spool binary (SPOOL_BIN, else
.build/release/spool) and aiohttp:
    python3 -m venv bench/out/venv && bench/out/venv/bin/pip install aiohttp
    bench/out/venv/bin/python bench/ws_fanout.py [--subscribers 1000] [--only spool|aiohttp]
"""

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from backends import Processes, api, cpu_seconds, free_port, percentile, spool_binary, tail, wait_http  # noqa: E402

PASSWORD = "bench-admin-password"
CHANNEL = "events:progress"
#: Bucket width for per-client counts (seconds).
BUCKET = 0.1


# MARK: - The aiohttp baseline (runs in its own process)

def serve_aiohttp(port, redis_port):
    """A minimal aiohttp broadcast server: `/ws` subscribers get every message of CHANNEL as is."""
    from aiohttp import web

    clients = set()

    async def websocket(request):
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        clients.add(ws)
        try:
            async for _ in ws:
                pass
        finally:
            clients.discard(ws)
        return ws

    async def listen(app):
        reader, writer = await asyncio.open_connection("127.0.0.1", redis_port)
        writer.write(resp("SUBSCRIBE", CHANNEL))
        await writer.drain()

        async def pump():
            while True:
                kind, _, payload = await read_push(reader)
                if kind != b"message":
                    continue
                text = payload.decode()
                for ws in list(clients):
                    try:
                        await ws.send_str(text)
                    except ConnectionError:
                        clients.discard(ws)

        task = asyncio.create_task(pump())
        yield
        task.cancel()
        writer.close()

    async def healthz(_):
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_get("/ws", websocket)
    app.router.add_get("/healthz", healthz)
    app.cleanup_ctx.append(listen)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None, backlog=2048)


def resp(*parts):
    """A Redis command in RESP."""
    out = [b"*%d\r\n" % len(parts)]
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(out)


async def read_push(reader):
    """One pub/sub push (`message`, channel, payload) from an asyncio stream."""
    header = await reader.readline()
    count = int(header[1:])
    items = []
    for _ in range(count):
        line = await reader.readline()
        if line[:1] == b":":
            items.append(int(line[1:]))
            continue
        length = int(line[1:])
        items.append((await reader.readexactly(length + 2))[:-2])
    return items[0], items[1], items[2] if len(items) > 2 else b""


# MARK: - Subscribers (client processes)

class RawWebSocket(asyncio.Protocol):
    """A minimal WebSocket client, the protocol written by hand so that a client costs as little as
    possible and the server's side is what a benchmark measures: the upgrade, masked text frames
    out, frames in (pings answered). Subclasses hear `opened()` after the 101, `text(buffer, start,
    end)` for each text frame (its payload is `buffer[start:end]`, not copied), `closing(code)` for
    a close frame and `received()` after each read; `owner.disconnected` counts lost connections,
    and `ready` is the subclass's to resolve once it is subscribed."""

    def __init__(self, path, owner):
        self.path, self.owner = path, owner
        self.buffer = bytearray()
        self.open = False
        self.ready = asyncio.get_running_loop().create_future()

    def connection_made(self, transport):
        self.transport = transport
        transport.write((f"GET {self.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                         "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())

    def connection_lost(self, exc):
        self.owner.disconnected += 1
        if not self.ready.done():
            self.ready.set_exception(ConnectionError(f"closed during setup: {exc}"))

    def send_text(self, text):
        payload = text.encode()
        header = bytes([0x81, 0x80 | len(payload)]) if len(payload) < 126 else bytes([0x81, 0x80 | 126]) + len(payload).to_bytes(2, "big")
        self.transport.write(header + b"\0\0\0\0" + payload)  # a zero mask leaves the payload as it is

    def opened(self):
        pass

    def text(self, buffer, start, end):
        pass

    def closing(self, code):
        pass

    def received(self):
        pass

    def data_received(self, data):
        buffer = self.buffer
        buffer += data
        if not self.open:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            if b" 101 " not in buffer[:end]:
                self.ready.set_exception(ConnectionError(bytes(buffer[:end]).decode(errors="replace")))
                self.transport.close()
                return
            del buffer[:end + 4]
            self.open = True
            self.opened()
        position, size = 0, len(buffer)
        while size - position >= 2:
            length = buffer[position + 1] & 0x7F
            start = position + 2
            if length == 126:
                if size - position < 4:
                    break
                length = int.from_bytes(buffer[position + 2:position + 4], "big")
                start = position + 4
            elif length == 127:
                if size - position < 10:
                    break
                length = int.from_bytes(buffer[position + 2:position + 10], "big")
                start = position + 10
            if size - start < length:
                break
            opcode = buffer[position] & 0x0F
            if opcode == 1:
                self.text(buffer, start, start + length)
            elif opcode == 8:
                self.closing(int.from_bytes(buffer[start:start + 2], "big") if length >= 2 else 1005)
            elif opcode == 9:  # ping: answer with a masked pong
                self.transport.write(bytes([0x8A, 0x80 | length]) + b"\0\0\0\0" + bytes(buffer[start:start + length]))
            position = start + length
        del buffer[:position]
        self.received()


class Subscriber(RawWebSocket):
    """One `/api/ws` (or aiohttp) subscriber: the optional subscribe message, then it counts text
    frames per time bucket and, when sampling, each event's publish → arrival latency."""

    def __init__(self, client, path, subscribe, sample):
        super().__init__(path, client)
        self.client, self.subscribe, self.sample = client, subscribe, sample
        self.closed_with = None
        self.frames = 0
        self.now = 0.0

    def opened(self):
        if self.subscribe:
            self.send_text(self.subscribe)
        else:
            self.ready.set_result(None)

    def data_received(self, data):
        self.now = time.time()
        super().data_received(data)

    def text(self, buffer, start, end):
        if not self.ready.done():
            if b'"subscribed"' in buffer[start:end]:
                self.ready.set_result(None)
            return
        self.frames += 1
        if self.sample:
            at = buffer.find(b'"t":', start, end)
            if at >= 0:
                stop = at + 4
                while buffer[stop] not in (44, 125):  # ',' or '}'
                    stop += 1
                self.client.latencies.append((self.now, self.now - float(buffer[at + 4:stop])))

    def closing(self, code):
        self.closed_with = code
        self.client.closes[code] = self.client.closes.get(code, 0) + 1

    def received(self):
        if self.frames:
            bucket = int(self.now / BUCKET)
            self.client.counts[bucket] = self.client.counts.get(bucket, 0) + self.frames
            self.client.last = self.now
            self.frames = 0


class Client:
    """The subscribers of one process and what they received."""

    def __init__(self):
        self.counts = {}
        self.latencies = []
        self.closes = {}
        self.disconnected = 0
        self.last = 0.0

    def report(self, start, end):
        """Messages received in [start, end), latency samples (ms) of that window, and state."""
        first, last = int(start / BUCKET), int(end / BUCKET)
        count = sum(n for bucket, n in self.counts.items() if first <= bucket < last)
        latencies = [lag * 1000 for at, lag in self.latencies if start <= at < end]
        self.latencies = [(at, lag) for at, lag in self.latencies if at >= end]
        return {"count": count, "latencies": latencies, "last": self.last, "disconnected": self.disconnected, "closes": self.closes}


def client_process(connection, port, path, subscribe, count, samples):
    asyncio.run(run_client(connection, port, path, subscribe, count, samples))


async def run_client(connection, port, path, subscribe, count, samples):
    loop = asyncio.get_running_loop()
    client = Client()
    gate = asyncio.Semaphore(64)
    subscribers = []

    async def connect(index):
        async with gate:
            for attempt in range(20):
                try:
                    _, protocol = await loop.create_connection(lambda: Subscriber(client, path, subscribe, index < samples), "127.0.0.1", port)
                    await asyncio.wait_for(protocol.ready, 30)
                    subscribers.append(protocol)
                    return
                except (OSError, ConnectionError, asyncio.TimeoutError):
                    await asyncio.sleep(0.1 * (attempt + 1))
            raise ConnectionError("could not connect a subscriber")

    try:
        await asyncio.gather(*(connect(index) for index in range(count)))
        client.disconnected = 0
        connection.send(("ready", len(subscribers)))
    except Exception as error:  # reported to the parent, which stops the run
        connection.send(("failed", str(error)))
        return
    commands = asyncio.Queue()
    loop.add_reader(connection.fileno(), lambda: commands.put_nowait(connection.recv()))
    while True:
        command = await commands.get()
        if command[0] == "report":
            connection.send(client.report(command[1], command[2]))
        elif command[0] == "stop":
            for subscriber in subscribers:
                subscriber.transport.close()
            connection.send("stopped")
            return


class Clients:
    """SUBSCRIBERS subscribers over several processes."""

    def __init__(self, port, path, subscribe, total, processes, samples):
        context = multiprocessing.get_context("spawn")
        self.pipes, self.workers = [], []
        for index in range(processes):
            share = total // processes + (1 if index < total % processes else 0)
            parent, child = context.Pipe()
            worker = context.Process(target=client_process, args=(child, port, path, subscribe, share, max(1, samples // processes)), daemon=True)
            worker.start()
            self.pipes.append(parent)
            self.workers.append(worker)
        self.connected = 0
        for pipe in self.pipes:
            if not pipe.poll(180):
                sys.exit("subscribers did not connect within 180 s")
            status, value = pipe.recv()
            if status != "ready":
                sys.exit(f"subscribers failed to connect: {value}")
            self.connected += value

    def report(self, start, end):
        merged = {"count": 0, "latencies": [], "last": 0.0, "disconnected": 0, "closes": {}}
        for pipe in self.pipes:
            pipe.send(("report", start, end))
        for pipe in self.pipes:
            part = pipe.recv()
            merged["count"] += part["count"]
            merged["latencies"] += part["latencies"]
            merged["last"] = max(merged["last"], part["last"])
            merged["disconnected"] += part["disconnected"]
            for code, n in part["closes"].items():
                merged["closes"][code] = merged["closes"].get(code, 0) + n
        return merged

    def stop(self):
        for pipe in self.pipes:
            try:
                pipe.send(("stop",))
                pipe.poll(10)
            except (BrokenPipeError, OSError):
                pass
        for worker in self.workers:
            worker.join(5)
            if worker.is_alive():
                worker.terminate()


# MARK: - Publishing

class Publisher:
    """Publishes progress envelopes on CHANNEL at a given rate; each carries its publish time `t`."""

    def __init__(self, redis_port):
        self.socket = socket.create_connection(("127.0.0.1", redis_port))
        self.socket.setblocking(False)
        # Distinct jobs, so that no subscriber's progress is coalesced (the baseline does not coalesce).
        self.jobs = [str(uuid.uuid4()) for _ in range(10_000)]
        self.sent = 0

    def envelope(self):
        job = self.jobs[self.sent % len(self.jobs)]
        now = time.time()
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) + f".{int(now * 1000) % 1000:03d}Z"
        payload = {"stage": "download", "percent": round(random.random() * 100, 1), "downloadedBytes": 1_048_576, "t": now}
        return json.dumps({"id": 0, "jobId": job, "type": "progress", "timestamp": stamp, "payload": payload}, separators=(",", ":"))

    def run(self, rate, seconds):
        """Publishes `rate` events per second for `seconds`; returns (start, end) times."""
        start = time.time()
        end = start + seconds
        due_total = 0
        while True:
            now = time.time()
            if now >= end:
                break
            due = int((now - start) * rate) - due_total
            if due > 0:
                batch = b"".join(resp("PUBLISH", CHANNEL, self.envelope()) for _ in range(due))
                self.socket.setblocking(True)
                self.socket.sendall(batch)
                self.socket.setblocking(False)
                due_total += due
                self.sent += due
            self.drain()
            time.sleep(min(0.002, max(0.0, 1 / rate / 2)))
        self.drain()
        return start, end

    def drain(self):
        try:
            while self.socket.recv(1 << 16):
                pass
        except BlockingIOError:
            pass


# MARK: - One server's run

def measure(name, server_pid, clients, publisher, args):
    subscribers = clients.connected
    results = {"name": name, "subscribers": subscribers, "steps": []}

    def settle(timeout=30):
        """Waits until no message arrived for 0.5 s (the previous step's backlog drained)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            time.sleep(0.5)
            if time.time() - clients.report(0, 0)["last"] > 0.5:
                return
        print(f"  {name}: backlog still draining after {timeout} s", file=sys.stderr)

    # 1. Latency at LATENCY_RATE delivered messages per second.
    rate = args.latency_rate / subscribers
    cpu0 = cpu_seconds(server_pid)
    start, end = publisher.run(rate, args.latency_seconds)
    time.sleep(0.5)
    cpu1 = cpu_seconds(server_pid)
    report = clients.report(start + 1, end + 0.5)
    latencies = report["latencies"]
    results["latency"] = {
        "events_per_second": rate, "delivered_per_second": report["count"] / (end - start - 1),
        "p50_ms": percentile(latencies, 50), "p99_ms": percentile(latencies, 99), "max_ms": max(latencies, default=float("nan")),
        "samples": len(latencies), "cpu_us_per_message": (cpu1 - cpu0) / max(1, report["count"]) * 1e6,
    }
    print(f"  {name}: {args.latency_rate:,.0f} msg/s offered ({rate:.1f} events/s): delivered {results['latency']['delivered_per_second']:,.0f}/s, "
          f"p50 {results['latency']['p50_ms']:.1f} ms, p99 {results['latency']['p99_ms']:.1f} ms ({len(latencies)} samples)", file=sys.stderr)
    settle()

    # 2. Ramp.
    short = 0
    for rate in args.rates:
        offered = rate * subscribers
        cpu0 = cpu_seconds(server_pid)
        start, end = publisher.run(rate, args.step_seconds)
        cpu1 = cpu_seconds(server_pid)
        report = clients.report(start + 1, end)
        delivered = report["count"] / (end - start - 1)
        step = {"events_per_second": rate, "offered_per_second": offered, "delivered_per_second": delivered,
                "server_cpu_share": (cpu1 - cpu0) / (end - start), "disconnected": report["disconnected"], "closes": report["closes"]}
        results["steps"].append(step)
        print(f"  {name}: {rate} events/s → offered {offered:,.0f} msg/s, delivered {delivered:,.0f} msg/s "
              f"(server CPU {step['server_cpu_share']:.2f} cores, disconnected {report['disconnected']})", file=sys.stderr)
        settle()
        short = short + 1 if delivered < 0.85 * offered or report["disconnected"] else 0
        if short >= 2:
            break
    results["max_delivered_per_second"] = max(step["delivered_per_second"] for step in results["steps"])
    return results


def run_spool(args, processes, scratch, redis_port, publisher):
    pg_port, port = processes.postgres(), free_port()
    env = dict(os.environ, REDIS_URL=f"redis://127.0.0.1:{redis_port}", DATABASE_URL=f"postgres://postgres@127.0.0.1:{pg_port}/spool",
               MEDIA_ROOT=f"{scratch}/media", SPOOL_ADMIN_PASSWORD=PASSWORD, BCRYPT_COST="4", HOST="127.0.0.1", PORT=str(port),
               MIN_FREE_SPACE="1MiB", LOG_LEVEL="warning")
    log_path = f"{scratch}/gateway.log"
    gateway = processes.start([spool_binary(), "gateway"], env=env, stdout=open(log_path, "w"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    wait_http(base + "/healthz", processes=[gateway], log=log_path)
    token = api(base, "POST", "/api/auth/login", body={"username": "admin", "password": PASSWORD})["token"]
    clients = Clients(port, f"/api/ws?token={token}", '{"type":"subscribe","jobIds":"all"}', args.subscribers, args.client_processes, args.samples)
    try:
        return measure("spool", gateway.pid, clients, publisher, args)
    finally:
        clients.stop()
        if gateway.poll() is not None:
            print(tail(log_path), file=sys.stderr)


def run_aiohttp(args, processes, scratch, redis_port, publisher):
    port = free_port()
    log_path = f"{scratch}/aiohttp.log"
    server = processes.start([sys.executable, os.path.abspath(__file__), "--serve-aiohttp", str(port), str(redis_port)],
                             stdout=open(log_path, "w"), stderr=subprocess.STDOUT)
    wait_http(f"http://127.0.0.1:{port}/healthz", processes=[server], log=log_path)
    clients = Clients(port, "/ws", None, args.subscribers, args.client_processes, args.samples)
    try:
        return measure("aiohttp", server.pid, clients, publisher, args)
    finally:
        clients.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--samples", type=int, default=100, help="subscribers that measure latency")
    parser.add_argument("--latency-rate", type=float, default=20_000, help="delivered messages/s of the latency phase")
    parser.add_argument("--latency-seconds", type=float, default=10)
    parser.add_argument("--rates", type=lambda text: [float(x) for x in text.split(",")], default=[20, 50, 100, 200, 300, 500, 800, 1200],
                        help="events/s of the ramp, comma-separated")
    parser.add_argument("--step-seconds", type=float, default=5)
    parser.add_argument("--only", choices=["spool", "aiohttp"])
    parser.add_argument("--serve-aiohttp", nargs=2, type=int, metavar=("PORT", "REDIS_PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_aiohttp:
        serve_aiohttp(*args.serve_aiohttp)
        return
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        sys.exit("aiohttp is needed: python3 -m venv bench/out/venv && bench/out/venv/bin/pip install aiohttp, "
                 "then run this script with bench/out/venv/bin/python")

    scratch = tempfile.mkdtemp(prefix="spool-fanout-bench-")
    processes = Processes(scratch)
    results = {}
    try:
        redis_port = processes.redis()
        publisher = Publisher(redis_port)
        for name, run in (("aiohttp", run_aiohttp), ("spool", run_spool)):
            if args.only and args.only != name:
                continue
            print(f"==> {name}", file=sys.stderr)
            results[name] = run(args, processes, scratch, redis_port, publisher)
    finally:
        processes.stop()
        shutil.rmtree(scratch, ignore_errors=True)

    for name, result in results.items():
        latency = result["latency"]
        print(f"{name}_max_delivered_per_second={result['max_delivered_per_second']:.0f} "
              f"{name}_p50_ms={latency['p50_ms']:.1f} {name}_p99_ms={latency['p99_ms']:.1f} "
              f"{name}_cpu_us_per_message={latency['cpu_us_per_message']:.2f} (at {args.latency_rate:.0f} msg/s, {result['subscribers']} subscribers)")
    if len(results) == 2:
        spool, baseline = results["spool"], results["aiohttp"]
        print(f"ws_fanout_max_delivered_ratio={spool['max_delivered_per_second'] / baseline['max_delivered_per_second']:.2f} (spool / aiohttp; goal >= 1.0)")
        print(f"ws_fanout_p99_ratio={spool['latency']['p99_ms'] / baseline['latency']['p99_ms']:.2f} (spool / aiohttp at {args.latency_rate:.0f} msg/s; lower is better)")
        print(f"ws_fanout_cpu_per_message_ratio={spool['latency']['cpu_us_per_message'] / baseline['latency']['cpu_us_per_message']:.2f} (spool / aiohttp)")
    if "spool" in results:
        p99 = results["spool"]["latency"]["p99_ms"]
        print(f"spool_p99_goal={'met' if p99 <= 50 else 'missed'} (p99 {p99:.1f} ms, goal <= 50 ms at {args.latency_rate:.0f} msg/s)")


if __name__ == "__main__":
    main()
