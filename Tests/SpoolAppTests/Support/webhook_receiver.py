"""A loopback webhook receiver for Spool's end-to-end tests.

Usage: webhook_receiver.py CONFIG.json LOG.jsonl

CONFIG: {"secret": "whsec_...", "paths": {"/ok": [204], "/flaky": [500, 500, 200], "/gone": [410]}}
Each path answers its statuses in turn (the last one repeats; unknown paths answer 204). Every
request with a `webhook-id` is verified with the `standardwebhooks` package (Webhook(secret).verify);
requests without one (Apprise's json://) are recorded unverified. Each request becomes one JSON line
in LOG: path, status answered, webhook headers, verified (true/false/null), error, body.
Prints "listening on PORT" once it accepts connections.
"""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook

config = json.load(open(sys.argv[1]))
log_path = sys.argv[2]
lock = threading.Lock()
counts = {}


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        with lock:
            index = counts.get(self.path, 0)
            counts[self.path] = index + 1
        statuses = config.get("paths", {}).get(self.path, [204])
        status = statuses[min(index, len(statuses) - 1)]
        headers = {name.lower(): value for name, value in self.headers.items()}
        verified, error = None, None
        if "webhook-id" in headers:
            try:
                Webhook(config["secret"]).verify(body, headers)
                verified = True
            except Exception as exc:  # any verification failure is recorded, not raised
                verified, error = False, repr(exc)
        try:
            parsed = json.loads(body)
        except ValueError:
            parsed = body.decode("utf-8", "replace")
        record = {
            "path": self.path, "status": status, "verified": verified, "error": error, "body": parsed,
            "webhook-id": headers.get("webhook-id"), "webhook-timestamp": headers.get("webhook-timestamp"),
            "webhook-signature": headers.get("webhook-signature"), "content-type": headers.get("content-type"),
        }
        with lock, open(log_path, "a") as log:
            log.write(json.dumps(record) + "\n")
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(f"listening on {server.server_address[1]}", flush=True)
server.serve_forever()
