#!/usr/bin/env python3
"""A static file server for the benches that sends each response at most RATE bytes per second
per connection (HTTP/1.1, Content-Length, no ranges), so a download lasts long enough to be
measured against other work on the machine.

    python3 bench/throttled_http.py --directory DIR --port PORT --rate 40000000
"""
import argparse
import functools
import http.server
import os
import time


class Handler(http.server.SimpleHTTPRequestHandler):
    rate = 40_000_000
    chunk = 256 * 1024

    def copyfile(self, source, outputfile):
        started = time.monotonic()
        sent = 0
        while True:
            block = source.read(self.chunk)
            if not block:
                return
            outputfile.write(block)
            sent += len(block)
            ahead = sent / self.rate - (time.monotonic() - started)
            if ahead > 0:
                time.sleep(ahead)

    def log_message(self, *args):
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--directory", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--rate", type=int, default=40_000_000, help="bytes per second per connection")
    args = parser.parse_args()
    Handler.rate = args.rate
    handler = functools.partial(Handler, directory=os.path.abspath(args.directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    server.serve_forever()


if __name__ == "__main__":
    main()
