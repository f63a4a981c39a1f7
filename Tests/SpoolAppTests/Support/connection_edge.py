"""Probes a running Spool's connection limit and header timeout with raw sockets.

Usage: connection_edge.py PORT ADMIN_PASSWORD (logs in as admin on one connection, closed before the probes)
Prints one JSON object:
  held: status lines of two kept-alive connections that were each served once;
  third_waited: whether a third connection got no answer within 1.5 s while those two were open;
  third_after_close: the status line the third got once one of the two closed;
  stream_status: the status line of GET /api/events;
  stream_open_after_timeout: whether that stream was still open 2.5 s later (past the header timeout).
"""
import json
import socket
import sys
import time

port, password = int(sys.argv[1]), sys.argv[2]
result = {}


def connect():
    sock = socket.create_connection(("127.0.0.1", port))
    sock.settimeout(5)
    return sock


def status_line(data):
    return data.split(b"\r\n", 1)[0].decode("latin-1")


login = connect()
body = json.dumps({"username": "admin", "password": password}).encode()
login.sendall(b"POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n"
              + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
answer = b""
while True:
    chunk = login.recv(65536)
    if not chunk:
        break
    answer += chunk
login.close()
token = json.loads(answer.split(b"\r\n\r\n", 1)[1])["token"]
time.sleep(0.5)  # the server sees the close and frees the slot

held = []
for _ in range(2):
    sock = connect()
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    held.append((sock, status_line(sock.recv(65536))))
result["held"] = [line for _, line in held]

third = connect()
third.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
third.settimeout(1.5)
try:
    third.recv(65536)
    result["third_waited"] = False
except socket.timeout:
    result["third_waited"] = True
held[0][0].close()
third.settimeout(10)
result["third_after_close"] = status_line(third.recv(65536))
third.close()
held[1][0].close()

stream = connect()
stream.sendall(f"GET /api/events?token={token} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".encode())
result["stream_status"] = status_line(stream.recv(65536))
time.sleep(2.5)
stream.settimeout(0.5)
try:
    result["stream_open_after_timeout"] = stream.recv(65536) != b""
except socket.timeout:
    result["stream_open_after_timeout"] = True
stream.close()
print(json.dumps(result))
