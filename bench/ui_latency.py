"""Server state change → row change in the browser, over a run of 50 jobs.

For each `state_change` event the page records (when the row showing that job has been rewritten in
an animation frame) Date.now() minus the event's server timestamp: persistence, publication, the
WebSocket, parsing, coalescing into the next frame and the DOM write. Same machine, same clock.
Goal: p99 ≤ 100 ms.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ui_common import Spool, ThrottledFiles, browser, generated_clip, open_ui, percentile, wait  # noqa: E402

JOBS = int(os.environ.get("UI_JOBS", "50"))


def main():
    files = ThrottledFiles(body=generated_clip(), rate=2_000_000)
    spool = Spool({"DOWNLOAD_CONCURRENCY": "4"})
    driver = browser(1400, 2400)
    try:
        open_ui(driver, spool, compact=True)
        token = spool.login()
        for i in range(JOBS):
            spool.request("POST", "/api/jobs", token, {"url": f"{files.base}/clip-{i}.mp4", "tags": ["latency"]})

        def done():
            counts = driver.execute_script(
                "return Object.fromEntries([...document.querySelectorAll('#state-filters li')].map(li => [li.dataset.filter, +li.querySelector('.count').textContent]))")
            return counts["complete"] + counts["failed"] == JOBS

        started = time.time()
        wait(done, timeout=600, interval=0.5)
        elapsed = time.time() - started
        time.sleep(0.5)
        samples = driver.execute_script("return window.spoolMetrics.stateLatencies")
        received = driver.execute_script("return window.spoolMetrics.receiveLatencies")
        failed = driver.execute_script("return +document.querySelector('#state-filters li[data-filter=failed] .count').textContent")
        severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    finally:
        driver.quit()
        spool.stop()
        files.stop()
    p50, p99 = percentile(samples, 50), percentile(samples, 99)
    print(f"jobs: {JOBS} ({failed} failed), all finished in {elapsed:.1f} s; spool binary: {spool.binary}")
    print(f"state changes measured: {len(samples)}")
    print(f"state change -> row: p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {max(samples):.1f} ms")
    print(f"  of which server -> page (event timestamp to WebSocket message): p50 {percentile(received, 50):.1f} ms, p99 {percentile(received, 99):.1f} ms")
    print(f"goal p99 <= 100 ms: ratio {p99 / 100:.2f}")
    if severe:
        print(f"console errors: {len(severe)}: {severe[0]['message']}")


if __name__ == "__main__":
    main()
