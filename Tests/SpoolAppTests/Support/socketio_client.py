"""python-socketio against a running Spool: the Socket.IO end-to-end scenario.

    python3 socketio_client.py BASE_URL TOKEN MEDIA_URL default|websocket|polling

1. Refused without a token and with a bad one: connect() raises, connect_error gets the message.
2. Connects with auth={"token": …}, subscribes to all jobs with an ack, adds a job for MEDIA_URL
   over REST, and takes events until the download has started (job_added, progress, DOWNLOADING).
3. Disconnects, reconnects with a new client and subscribes with lastEventId = the last durable id
   it saw; takes events until COMPLETE.
4. Compares the durable event ids received (both connections) with the job's stored events
   (GET /api/jobs/{id}/logs): none missing, none twice.

Prints one JSON line with what it saw; exits non-zero with a message when something is wrong.
"""

import json
import sys
import threading
import time
import urllib.request

import socketio

BASE, TOKEN, MEDIA_URL, MODE = sys.argv[1:5]
TRANSPORTS = {"default": None, "websocket": ["websocket"], "polling": ["polling"]}[MODE]
TIMEOUT = 120


def fail(message):
    print(f"FAIL ({MODE}): {message}", file=sys.stderr)
    sys.exit(1)


def rest(method, path, body=None):
    request = urllib.request.Request(BASE + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


class Listener:
    """A python-socketio client that records every job event (handlers run on other threads)."""

    def __init__(self):
        self.client = socketio.Client(reconnection=False, handle_sigint=False)
        self.lock = threading.Lock()
        self.events = []
        self.errors = []
        self.changed = threading.Condition(self.lock)
        for name in ("progress", "state_change", "log", "notification", "job_added", "job_removed", "error"):
            self.client.on(name, self.record)
        self.client.on("connect_error", self.refused)

    def record(self, envelope):
        with self.lock:
            self.events.append(envelope)
            self.changed.notify_all()

    def refused(self, data):
        with self.lock:
            self.errors.append(data)

    def connect(self, auth):
        self.client.connect(BASE, transports=TRANSPORTS, auth=auth, socketio_path="socket.io", wait_timeout=5)

    def wait_for(self, predicate, what):
        deadline = time.time() + TIMEOUT
        with self.lock:
            while not predicate(self.events):
                remaining = deadline - time.time()
                if remaining <= 0:
                    fail(f"timed out waiting for {what}; got {[(e['type'], e['id'], e['payload']) for e in self.events if e['type'] != 'progress']}")
                self.changed.wait(remaining)
            return list(self.events)


def refused_with(auth):
    listener = Listener()
    try:
        listener.connect(auth)
    except socketio.exceptions.ConnectionError:
        pass
    else:
        listener.client.disconnect()
        fail(f"connected with auth {auth}")
    time.sleep(0.2)
    if not listener.errors:
        fail(f"no connect_error for auth {auth}")
    return listener.errors[0]["message"]


def is_complete(job_id):
    return lambda events: any(e["jobId"] == job_id and e["type"] == "state_change" and e["payload"]["to"] == "COMPLETE" for e in events)


def main():
    summary = {"mode": MODE}
    summary["refusedWithout"] = refused_with(None)
    summary["refusedBad"] = refused_with({"token": "spl_not-a-real-token"})

    first = Listener()
    first.connect({"token": TOKEN})
    summary["transport"] = first.client.transport()
    summary["sid"] = bool(first.client.get_sid("/"))
    ack = first.client.call("subscribe", {"jobIds": "all"}, timeout=10)
    if not (isinstance(ack, dict) and ack.get("type") == "subscribed" and ack.get("jobIds") == "all" and isinstance(ack.get("lastEventId"), int)):
        fail(f"unexpected subscribe ack {ack!r}")
    summary["ack"] = ack
    bad = first.client.call("subscribe", {"jobIds": ["../etc"]}, timeout=10)
    if not (isinstance(bad, dict) and bad.get("type") == "error" and bad.get("code") == "invalid_input"):
        fail(f"unexpected ack for a bad subscription {bad!r}")

    created = rest("POST", "/api/jobs", {"url": MEDIA_URL})
    job_id = created["job"]["id"] if "job" in created else created["id"]
    started = first.wait_for(
        lambda events: any(e["jobId"] == job_id and e["type"] == "progress" for e in events)
        and any(e["jobId"] == job_id and e["type"] == "state_change" and e["payload"]["to"] == "DOWNLOADING" for e in events),
        "the download to start")
    first.client.disconnect()
    time.sleep(0.3)
    before = [e for e in first.events if e["jobId"] == job_id]
    if is_complete(job_id)(before):
        fail("the job completed before the reconnect; the media server should be throttled")
    last_durable = max(e["id"] for e in before if e["type"] != "progress")

    second = Listener()
    second.connect({"token": TOKEN})
    resumed = second.client.call("subscribe", {"jobIds": [job_id], "lastEventId": last_durable}, timeout=10)
    if resumed.get("lastEventId") != last_durable or resumed.get("jobIds") != [job_id]:
        fail(f"unexpected resume ack {resumed!r}")
    second.wait_for(is_complete(job_id), "COMPLETE")
    # Events stored after COMPLETE (the last logs) still come live: wait for the stored log's end.
    stored = sorted(e["id"] for e in rest("GET", f"/api/jobs/{job_id}/logs?limit=500")["events"])
    second.wait_for(lambda events: any(e["id"] >= stored[-1] for e in events), f"event {stored[-1]}")
    second.client.disconnect()
    after = [e for e in second.events if e["jobId"] == job_id]

    durable = sorted(e["id"] for e in before + after if e["type"] != "progress" and e["id"] <= stored[-1])
    if durable != stored:
        fail(f"received durable ids {durable} but the job's stored events are {stored}")
    ordered = sorted((e for e in before + after if e["type"] != "progress"), key=lambda e: e["id"])
    summary["types"] = [e["type"] for e in ordered]
    summary["states"] = [e["payload"]["to"] for e in ordered if e["type"] == "state_change"]
    summary["progressEvents"] = sum(1 for e in before + after if e["type"] == "progress")
    summary["eventsBeforeReconnect"] = len([e for e in before if e["type"] != "progress"])
    summary["eventsAfterReconnect"] = len([e for e in after if e["type"] != "progress"])
    summary["storedIds"] = stored
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
