"""A loopback TCP proxy that limits the bytes sent towards the target (all connections together)
and counts them, for tests that must stop an upload half way.

    python3 throttle_proxy.py TARGET_PORT BYTES_PER_SECOND STATE_FILE

It listens on a free port of 127.0.0.1 and keeps STATE_FILE at "<port> <bytes sent upstream>".
"""
import asyncio
import os
import sys
import time

target_port = int(sys.argv[1])
rate = float(sys.argv[2])
state_file = sys.argv[3]
sent = 0
port = 0
next_slot = time.monotonic()


def write_state():
    tmp = state_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(f"{port} {sent}\n")
    os.replace(tmp, state_file)


async def pump(reader, writer, upstream):
    global sent, next_slot
    try:
        while True:
            data = await reader.read(32768)
            if not data:
                break
            if upstream and rate > 0:
                now = time.monotonic()
                start = max(now, next_slot)
                next_slot = start + len(data) / rate
                if start > now:
                    await asyncio.sleep(start - now)
            writer.write(data)
            await writer.drain()
            if upstream:
                sent += len(data)
                write_state()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        try:
            writer.close()
        except Exception:
            pass


async def handle(client_reader, client_writer):
    try:
        server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target_port)
    except OSError:
        client_writer.close()
        return
    await asyncio.gather(
        pump(client_reader, server_writer, True),
        pump(server_reader, client_writer, False),
    )


async def main():
    global port
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    write_state()
    async with server:
        await server.serve_forever()


asyncio.run(main())
