"""Shared parts of the web UI benchmarks: a spool server, a throttled media server, Chromium.

Everything listens on 127.0.0.1. The spool binary is $SPOOL_BIN, else the first of
.build-web/debug/spool, .build/release/spool, .build/debug/spool that exists.
"""

import http.server
import json
import os
import shutil
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

from backends import free_port, percentile  # noqa: F401 (percentile is re-exported to the UI scripts)
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADMIN_PASSWORD = "bench-admin-password"


def spool_binary():
    candidates = [os.environ.get("SPOOL_BIN")] + [os.path.join(REPO, p) for p in (".build-web/debug/spool", ".build/release/spool", ".build/debug/spool")]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    sys.exit("no spool binary: build one or set SPOOL_BIN")


class Spool:
    """`spool serve` on a free loopback port with its own database and media folder."""

    def __init__(self, env=None):
        self.binary = spool_binary()
        self.dir = tempfile.mkdtemp(prefix="spool-ui-bench-", dir=os.path.join(REPO, "bench", "out") if os.path.isdir(os.path.join(REPO, "bench", "out")) else None)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ)
        venv = os.path.join(REPO, ".venv", "bin")
        self.env["PATH"] = f"{venv}:{self.env.get('PATH', '')}"
        self.env.update({
            "HOST": "127.0.0.1", "PORT": str(self.port), "DB_PATH": os.path.join(self.dir, "spool.sqlite"),
            "MEDIA_ROOT": os.path.join(self.dir, "media"), "SPOOL_ADMIN_PASSWORD": ADMIN_PASSWORD,
            "BCRYPT_COST": "4", "MIN_FREE_SPACE": "1MiB", "LOG_LEVEL": "warning",
            # The UI as in the source tree (what the next build bundles), without a rebuild.
            "PUBLIC_DIR": os.path.join(REPO, "Sources", "SpoolAPI", "Resources", "Public"),
        })
        self.env.update(env or {})
        self.log = open(os.path.join(self.dir, "serve.log"), "w")
        self.process = subprocess.Popen([self.binary, "serve"], env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=1)
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("spool did not start")

    def request(self, method, path, token=None, body=None):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        with urllib.request.urlopen(req, timeout=30) as response:
            raw = response.read()
            return json.loads(raw) if raw else None

    def login(self, username="admin", password=ADMIN_PASSWORD):
        return self.request("POST", "/api/auth/login", body={"username": username, "password": password})["token"]

    def cli(self, *args, stdin=None):
        return subprocess.run([self.binary, *args], env=self.env, input=stdin, capture_output=True, text=True, check=True).stdout

    def user_token(self, name):
        """A new user with an API token (job creation is rate limited per user)."""
        self.cli("user", "add", name, stdin="bench-password-123\n")
        return self.cli("user", "token", name, "bench").strip().splitlines()[-1]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class ThrottledFiles:
    """Serves one generated file at `rate` bytes per second per connection (with Range)."""

    def __init__(self, size=0, rate=10_000_000, body=None):
        self.body = body if body is not None else bytes(range(256)) * (size // 256)
        self.rate = rate
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def handle(self):
                try:
                    super().handle()
                except (ConnectionResetError, BrokenPipeError):
                    pass

            def do_HEAD(self):
                self.send_response(200)
                self.send_header("Content-Type", "video/mp4")
                self.send_header("Content-Length", str(len(outer.body)))
                self.send_header("Accept-Ranges", "bytes")
                self.end_headers()

            def do_GET(self):
                start = 0
                header = self.headers.get("Range")
                if header and header.startswith("bytes=") and header[6:].split("-")[0].isdigit():
                    start = int(header[6:].split("-")[0])
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(outer.body) - 1}/{len(outer.body)}")
                else:
                    self.send_response(200)
                self.send_header("Content-Type", "video/mp4")
                self.send_header("Content-Length", str(len(outer.body) - start))
                self.send_header("Accept-Ranges", "bytes")
                self.end_headers()
                chunk = max(1024, outer.rate // 10)
                try:
                    for offset in range(start, len(outer.body), chunk):
                        self.wfile.write(outer.body[offset:offset + chunk])
                        time.sleep(chunk / outer.rate)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()


def generated_clip(seconds=2):
    """A small real MP4 made by ffmpeg (test pattern and tone)."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "clip.mp4")
        subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x180:rate=25",
                        "-f", "lavfi", "-i", "sine=frequency=440", "-t", str(seconds), "-c:v", "libx264", "-preset", "ultrafast",
                        "-c:a", "aac", "-shortest", path], check=True)
        with open(path, "rb") as f:
            return f.read()


def browser(width=1400, height=900):
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    options.add_argument("--headless=new")
    options.add_argument("--no-sandbox")
    options.add_argument("--disable-dev-shm-usage")
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def open_ui(driver, spool, compact=False):
    """Logs in through the page's form and waits until the queue is rendered and live."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.get(spool.base + "/")
    if compact:
        driver.execute_script("localStorage.setItem('spool.compact', 'true')")
        driver.get(spool.base + "/")
    wait(lambda: driver.find_element(By.ID, "login-view").is_displayed())
    driver.find_element(By.ID, "login-username").send_keys("admin")
    driver.find_element(By.ID, "login-password").send_keys(ADMIN_PASSWORD, Keys.ENTER)
    wait(lambda: driver.execute_script("return document.body.dataset.loaded === 'true'"))
    wait(lambda: driver.find_element(By.ID, "connection").text.startswith("Live"))


def wait(predicate, timeout=120, interval=0.05):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise SystemExit("timed out")
