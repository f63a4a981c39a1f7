"""BullMQ-Python baseline for queue_bench.sh: no-op jobs/s, enqueue + claim + ack, 50 concurrent.

50 producer tasks add JOBS jobs to a fresh queue while a Worker with concurrency 50 processes
them with a no-op handler; the time runs from the first add to the last completion.
Usage: python queue_bullmq.py <redis-url> <jobs> <concurrency>; prints one JSON line.
"""
import asyncio
import json
import sys
import time
import uuid

from bullmq import Queue, Worker


async def main(url, jobs, concurrency):
    name = "bench-" + uuid.uuid4().hex[:8]
    connection = {"connection": url}
    queue = Queue(name, connection)
    done = 0
    finished = asyncio.Event()

    async def process(job, token):
        return None

    worker = Worker(name, process, {**connection, "concurrency": concurrency, "autorun": False})

    def on_completed(*_):
        nonlocal done
        done += 1
        if done >= jobs:
            finished.set()

    worker.on("completed", on_completed)
    runner = asyncio.ensure_future(worker.run())
    await asyncio.sleep(0.5)
    per_task = (jobs + concurrency - 1) // concurrency

    async def produce():
        for _ in range(per_task):
            await queue.add("noop", {}, {"removeOnComplete": True})

    started = time.perf_counter()
    await asyncio.gather(*(produce() for _ in range(concurrency)))
    await asyncio.wait_for(finished.wait(), timeout=600)
    seconds = time.perf_counter() - started
    await worker.close()
    runner.cancel()
    await queue.obliterate({"force": True})
    await queue.close()
    print(json.dumps({"jobs": done, "concurrency": concurrency, "seconds": seconds, "jobsPerSecond": done / seconds}))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
