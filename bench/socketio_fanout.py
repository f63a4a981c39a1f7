"""Live event fan-out: python-socketio clients on `/socket.io/` against the same number of
WebSocket clients on `/api/ws`, through the same `spool gateway`, with the same events.

As in ws_fanout.py, `spool gateway` (PostgreSQL + Redis, as deployed) takes its events from the
Redis channel `events:progress`, on which this script publishes progress envelopes at a controlled
rate (no job has to run). Each subscriber takes every event:

- Socket.IO: `socketio.AsyncClient` (python-socketio, `transports=['websocket']`), connected with
  `auth={"token": …}`, `call("subscribe", {"jobIds": "all"})`, a `progress` handler that counts;
- /api/ws: an aiohttp WebSocket (the library python-socketio's AsyncClient itself uses) with
  `?token=`, `{"type":"subscribe","jobIds":"all"}`, then `json.loads` and a count per message (the
  Socket.IO client decodes every message's JSON too).

SUBSCRIBERS clients of each kind (default 500) are spread over CLIENT_PROCESSES processes. For one
kind, then the other, event rates from RATES (events/s) run STEP_SECONDS each; delivered
messages/s is what all subscribers received per second in the step (its first second left out),
once the previous step's backlog drained. The ramp stops after two steps that deliver under 85 %
of what was offered. It prints both kinds' best step and the ratio (goal: Socket.IO ≥ 0.8× /api/ws).

Needs redis-server, PostgreSQL 15, a spool binary (SPOOL_BIN, else .build/release/spool, else
.build/debug/spool), and python-socketio with aiohttp:
    python3 -m venv bench/out/venv && bench/out/venv/bin/pip install python-socketio aiohttp
    bench/out/venv/bin/python bench/socketio_fanout.py [--subscribers 500] [--only socketio|ws]
"""

import argparse
import asyncio
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from backends import Processes, api, cpu_seconds, free_port, spool_binary, tail, wait_http  # noqa: E402
from ws_fanout import PASSWORD, Publisher, RawWebSocket  # noqa: E402

#: Bucket width for per-process counts (seconds).
BUCKET = 0.1
#: The /api/ws reader tasks (kept referenced while they run).
readers = set()


# MARK: - Subscribers (client processes)

class Counter:
    """What the subscribers of one process received, in BUCKET-wide time buckets."""

    def __init__(self):
        self.counts = {}
        self.last = 0.0
        self.disconnected = 0

    def add(self):
        now = time.time()
        bucket = int(now / BUCKET)
        self.counts[bucket] = self.counts.get(bucket, 0) + 1
        self.last = now

    def report(self, start, end):
        first, last = int(start / BUCKET), int(end / BUCKET)
        count = sum(n for bucket, n in self.counts.items() if first <= bucket < last)
        return {"count": count, "last": self.last, "disconnected": self.disconnected}


async def socketio_subscriber(base, token, counter, connected):
    import socketio

    client = socketio.AsyncClient(reconnection=False, handle_sigint=False)

    @client.on("progress")
    def progress(envelope):
        counter.add()

    @client.event
    def disconnect(*_):
        counter.disconnected += 1

    await client.connect(base, transports=["websocket"], auth={"token": token}, socketio_path="socket.io", wait_timeout=60)
    ack = await client.call("subscribe", {"jobIds": "all"}, timeout=60)
    if not isinstance(ack, dict) or ack.get("type") != "subscribed":
        raise ConnectionError(f"unexpected subscribe ack {ack!r}")
    connected.append(client.disconnect)


async def ws_subscriber(base, token, counter, connected, session):
    import aiohttp

    ws = await session.ws_connect(base.replace("http://", "ws://") + f"/api/ws?token={token}", max_msg_size=0, timeout=60)
    await ws.send_str('{"type":"subscribe","jobIds":"all"}')
    reply = await ws.receive(timeout=60)
    if reply.type != aiohttp.WSMsgType.TEXT or json.loads(reply.data).get("type") != "subscribed":
        raise ConnectionError(f"unexpected subscribe reply {reply!r}")

    async def read():
        async for message in ws:
            if message.type == aiohttp.WSMsgType.TEXT:
                json.loads(message.data)
                counter.add()
        counter.disconnected += 1

    readers.add(asyncio.get_running_loop().create_task(read()))
    connected.append(ws.close)


class RawSubscriber(RawWebSocket):
    """The `--clients raw` mode's subscriber (ws_fanout's hand-written client): for /api/ws it
    sends the subscribe message; for Socket.IO it connects `/` with the token, emits `subscribe`
    with an ack, answers the server's pings, and counts the `42[` event frames."""

    def __init__(self, kind, path, token, counter):
        super().__init__(path, counter)
        self.kind, self.token, self.counter = kind, token, counter

    def opened(self):
        if self.kind == "ws":
            self.send_text('{"type":"subscribe","jobIds":"all"}')

    def text(self, buffer, start, end):
        frame = bytes(buffer[start:end])
        if self.ready.done():
            if self.kind == "ws" or frame.startswith(b"42["):
                self.counter.add()
            elif frame == b"2":
                self.send_text("3")
        elif self.kind == "ws":
            if b'"subscribed"' in frame:
                self.ready.set_result(None)
        elif frame.startswith(b"0{"):
            self.send_text('40{"token":"%s"}' % self.token)
        elif frame.startswith(b"40{"):
            self.send_text('421["subscribe",{"jobIds":"all"}]')
        elif frame.startswith(b"431["):
            self.ready.set_result(None)
        elif frame == b"2":
            self.send_text("3")


async def raw_subscriber(kind, base, token, counter, connected):
    port = int(base.rsplit(":", 1)[1])
    path = f"/api/ws?token={token}" if kind == "ws" else "/socket.io/?EIO=4&transport=websocket"
    _, protocol = await asyncio.get_running_loop().create_connection(lambda: RawSubscriber(kind, path, token, counter), "127.0.0.1", port)
    await asyncio.wait_for(protocol.ready, 60)

    async def close():
        protocol.transport.close()
    connected.append(close)


def client_process(connection, kind, base, token, count, raw):
    asyncio.run(run_clients(connection, kind, base, token, count, raw))


async def run_clients(connection, kind, base, token, count, raw):
    import aiohttp

    loop = asyncio.get_running_loop()
    counter = Counter()
    closers = []
    gate = asyncio.Semaphore(32)
    # No connection limit: every WebSocket holds one of the session's connections.
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) if kind == "ws" and not raw else None

    async def connect():
        async with gate:
            if raw:
                await raw_subscriber(kind, base, token, counter, closers)
            elif kind == "socketio":
                await socketio_subscriber(base, token, counter, closers)
            else:
                await ws_subscriber(base, token, counter, closers, session)

    try:
        await asyncio.gather(*(connect() for _ in range(count)))
        connection.send(("ready", count))
    except Exception as error:  # reported to the parent, which stops the run
        connection.send(("failed", repr(error)))
        return
    commands = asyncio.Queue()
    loop.add_reader(connection.fileno(), lambda: commands.put_nowait(connection.recv()))
    while True:
        command = await commands.get()
        if command[0] == "report":
            connection.send(counter.report(command[1], command[2]))
        elif command[0] == "stop":
            for close in closers:
                try:
                    await asyncio.wait_for(close(), 5)
                except Exception:
                    pass
            if session:
                await session.close()
            connection.send("stopped")
            return


class Clients:
    """SUBSCRIBERS subscribers of one kind over several processes."""

    def __init__(self, kind, base, token, total, processes, raw):
        context = multiprocessing.get_context("spawn")
        self.pipes, self.workers = [], []
        for index in range(processes):
            share = total // processes + (1 if index < total % processes else 0)
            parent, child = context.Pipe()
            worker = context.Process(target=client_process, args=(child, kind, base, token, share, raw), daemon=True)
            worker.start()
            self.pipes.append(parent)
            self.workers.append(worker)
        self.connected = 0
        for pipe in self.pipes:
            if not pipe.poll(300):
                sys.exit(f"{kind} subscribers did not connect within 300 s")
            status, value = pipe.recv()
            if status != "ready":
                sys.exit(f"{kind} subscribers failed to connect: {value}")
            self.connected += value

    def report(self, start, end):
        merged = {"count": 0, "last": 0.0, "disconnected": 0}
        for pipe in self.pipes:
            pipe.send(("report", start, end))
        for pipe in self.pipes:
            part = pipe.recv()
            merged["count"] += part["count"]
            merged["last"] = max(merged["last"], part["last"])
            merged["disconnected"] += part["disconnected"]
        return merged

    def stop(self):
        for pipe in self.pipes:
            try:
                pipe.send(("stop",))
                pipe.poll(20)
            except (BrokenPipeError, OSError):
                pass
        for worker in self.workers:
            worker.join(5)
            if worker.is_alive():
                worker.terminate()


# MARK: - One kind's ramp

def measure(name, server_pid, clients, publisher, args):
    subscribers = clients.connected
    steps = []

    def settle(timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            time.sleep(0.5)
            if time.time() - clients.report(0, 0)["last"] > 0.5:
                return
        print(f"  {name}: backlog still draining after {timeout} s", file=sys.stderr)

    short = 0
    for rate in args.rates:
        offered = rate * subscribers
        cpu0 = cpu_seconds(server_pid)
        start, end = publisher.run(rate, args.step_seconds)
        cpu1 = cpu_seconds(server_pid)
        report = clients.report(start + 1, end)
        delivered = report["count"] / (end - start - 1)
        steps.append({"events_per_second": rate, "offered": offered, "delivered": delivered,
                      "server_cpu": (cpu1 - cpu0) / (end - start), "disconnected": report["disconnected"]})
        print(f"  {name}: {rate:g} events/s → offered {offered:,.0f} msg/s, delivered {delivered:,.0f} msg/s "
              f"(server CPU {steps[-1]['server_cpu']:.2f} cores, disconnected {report['disconnected']})", file=sys.stderr)
        settle()
        short = short + 1 if delivered < 0.85 * offered or report["disconnected"] else 0
        if short >= 2:
            break
    best = max(steps, key=lambda step: step["delivered"])
    return {"subscribers": subscribers, "steps": steps, "max": best["delivered"],
            "cpu_us_per_message": best["server_cpu"] / max(1, best["delivered"]) * 1e6}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=500)
    parser.add_argument("--client-processes", type=int, default=4)
    parser.add_argument("--rates", type=lambda text: [float(x) for x in text.split(",")], default=[10, 20, 40, 80, 160, 320],
                        help="events/s of the ramp, comma-separated")
    parser.add_argument("--step-seconds", type=float, default=6)
    parser.add_argument("--only", choices=["socketio", "ws"])
    parser.add_argument("--clients", choices=["library", "raw"], default="library",
                        help="library: python-socketio and aiohttp clients; raw: minimal hand-written WebSocket clients for both")
    args = parser.parse_args()
    try:
        import aiohttp  # noqa: F401
        import socketio  # noqa: F401
    except ImportError:
        sys.exit("python-socketio and aiohttp are needed: python3 -m venv bench/out/venv && "
                 "bench/out/venv/bin/pip install python-socketio aiohttp, then run this script with bench/out/venv/bin/python")

    # A TERM (e.g. from `timeout`) still stops the servers and clients this script started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))
    scratch = tempfile.mkdtemp(prefix="spool-sio-fanout-")
    processes = Processes(scratch)
    results = {}
    try:
        redis_port = processes.redis()
        pg_port, port = processes.postgres(), free_port()
        env = dict(os.environ, REDIS_URL=f"redis://127.0.0.1:{redis_port}", DATABASE_URL=f"postgres://postgres@127.0.0.1:{pg_port}/spool",
                   MEDIA_ROOT=f"{scratch}/media", SPOOL_ADMIN_PASSWORD=PASSWORD, BCRYPT_COST="4", HOST="127.0.0.1", PORT=str(port),
                   MIN_FREE_SPACE="1MiB", LOG_LEVEL="warning")
        log_path = f"{scratch}/gateway.log"
        binary = spool_binary()
        print(f"spool binary: {binary}", file=sys.stderr)
        gateway = processes.start([binary, "gateway"], env=env, stdout=open(log_path, "w"), stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        wait_http(base + "/healthz", processes=[gateway], log=log_path)
        token = api(base, "POST", "/api/auth/login", body={"username": "admin", "password": PASSWORD})["token"]
        publisher = Publisher(redis_port)
        for kind in ("ws", "socketio"):
            if args.only and args.only != kind:
                continue
            print(f"==> {kind}: {args.subscribers} subscribers", file=sys.stderr)
            clients = Clients(kind, base, token, args.subscribers, args.client_processes, args.clients == "raw")
            try:
                results[kind] = measure(kind, gateway.pid, clients, publisher, args)
            finally:
                clients.stop()
                if gateway.poll() is not None:
                    print(tail(log_path), file=sys.stderr)
            time.sleep(5)  # the closed connections' teardown, before the next kind connects
    finally:
        processes.stop()
        shutil.rmtree(scratch, ignore_errors=True)

    for kind, result in results.items():
        print(f"{kind}_max_delivered_per_second={result['max']:.0f} {kind}_server_cpu_us_per_message={result['cpu_us_per_message']:.1f} "
              f"({result['subscribers']} subscribers, {args.clients} clients)")
    if len(results) == 2:
        ratio = results["socketio"]["max"] / results["ws"]["max"]
        print(f"socketio_fanout_ratio={ratio:.2f} (socket.io / api/ws max delivered messages/s; goal >= 0.8)")
        cpu = results["socketio"]["cpu_us_per_message"] / results["ws"]["cpu_us_per_message"]
        print(f"socketio_server_cpu_per_message_ratio={cpu:.2f} (socket.io / api/ws at the best step; lower is better)")


if __name__ == "__main__":
    main()
