"""A JSON client of Spool's API over one kept-alive HTTP/1.1 connection, shared by the benchmark
drivers (Python standard library only)."""

import http.client
import json
import sys
import urllib.parse


class Client:
    """JSON over one kept-alive HTTP/1.1 connection (reopened when the server closes it). A failed
    call prints `<name>: <reason>` and exits 1."""

    def __init__(self, server, token, name="bench"):
        parts = urllib.parse.urlsplit(server)
        self.host, self.port, self.token, self.name = parts.hostname, parts.port, token, name
        self.connection = None

    def fail(self, message):
        print(f"{self.name}: {message}", file=sys.stderr)
        sys.exit(1)

    def call(self, method, path, body=None, expect=(200,)):
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                payload = response.read()
                break
            except (http.client.HTTPException, OSError) as error:
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    self.fail(f"{method} {path}: {error}")
        if response.status not in expect:
            self.fail(f"{method} {path}: HTTP {response.status}: {payload[:300].decode(errors='replace')}")
        return json.loads(payload) if payload else None
