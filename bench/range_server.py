#!/usr/bin/env python3
"""A static file server for bench/direct.sh (Python standard library only).

HTTP/1.1 with keep-alive on 127.0.0.1, GET and HEAD, single byte ranges (206/416), Accept-Ranges,
a strong ETag and Last-Modified (If-Range honoured), one thread per connection. With --rate, every
response body is paced to that many bytes per second (a per-connection limit, as a CDN or
nginx's limit_rate applies); without it, bodies go out with sendfile(2).

  range_server.py --port 8080 --directory DIR [--rate 8388608]
"""
import argparse
import email.utils
import http.server
import os
import socketserver
import time

TYPES = {".mp4": "video/mp4", ".mkv": "video/x-matroska", ".webm": "video/webm", ".mp3": "audio/mpeg", ".m4a": "audio/mp4"}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    directory = "."
    rate = None

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self.answer(send_body=False)

    def do_GET(self):
        self.answer(send_body=True)

    def answer(self, send_body):
        name = os.path.basename(self.path.split("?", 1)[0])
        path = os.path.join(self.directory, name)
        try:
            handle = open(path, "rb")
        except OSError:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        with handle:
            info = os.fstat(handle.fileno())
            size = info.st_size
            etag = f'"{info.st_ino:x}-{info.st_mtime_ns:x}-{size:x}"'
            modified = email.utils.formatdate(info.st_mtime, usegmt=True)
            start, end, status = 0, size, 200
            wanted = self.headers.get("Range")
            if_range = self.headers.get("If-Range")
            if wanted and (if_range is None or if_range in (etag, modified)):
                parsed = parse_range(wanted, size)
                if parsed == "unsatisfiable":
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{size}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if parsed:
                    start, end, status = parsed[0], parsed[1], 206
            self.send_response(status)
            self.send_header("Content-Type", TYPES.get(os.path.splitext(name)[1].lower(), "application/octet-stream"))
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", modified)
            self.send_header("Content-Length", str(end - start))
            if status == 206:
                self.send_header("Content-Range", f"bytes {start}-{end - 1}/{size}")
            self.end_headers()
            if send_body and end > start:
                try:
                    self.send_body(handle, start, end)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

    def send_body(self, handle, start, end):
        if self.rate is None:
            self.wfile.flush()
            offset = start
            while offset < end:
                sent = os.sendfile(self.connection.fileno(), handle.fileno(), offset, min(end - offset, 1 << 24))
                if sent == 0:
                    break
                offset += sent
            return
        handle.seek(start)
        chunk = max(16 * 1024, min(256 * 1024, self.rate // 20))
        began = time.monotonic()
        sent = 0
        while sent < end - start:
            data = handle.read(min(chunk, end - start - sent))
            if not data:
                break
            self.wfile.write(data)
            sent += len(data)
            delay = began + sent / self.rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)


def parse_range(header, size):
    """(start, end) for `bytes=a-b`, `bytes=a-`, `bytes=-n`; None to send everything; "unsatisfiable"."""
    if not header.startswith("bytes=") or "," in header:
        return None
    first, _, last = header[6:].strip().partition("-")
    try:
        if first == "":
            count = int(last)
            return (max(0, size - count), size) if count > 0 and size > 0 else "unsatisfiable"
        start = int(first)
        end = int(last) + 1 if last else size
    except ValueError:
        return None
    if start >= size or end <= start:
        return "unsatisfiable"
    return start, min(end, size)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--directory", required=True)
    parser.add_argument("--rate", type=int, help="body bytes per second per connection")
    args = parser.parse_args()
    Handler.directory = args.directory
    Handler.rate = args.rate
    Server(("127.0.0.1", args.port), Handler).serve_forever()


if __name__ == "__main__":
    main()
