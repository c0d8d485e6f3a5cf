#!/usr/bin/python3
"""A small HTTP/1.1 file server that misbehaves on request, for isofleet's fetch tests.

Serves files under --root with proper single byte ranges (206, Content-Range, 416), and logs
every request as one JSON line to --log (method, path, range, status, bytes sent). Faults are
chosen by leading path segments, applied in order before the file path:

  /status-CODE-N/...   the first N requests for this URL answer CODE (e.g. 500) with a short body
                       (429 and 503 carry "Retry-After: 3")
  /cut-K-N/...         the first N requests send the headers and K body bytes, then close
  /stall-K-N/...       the first N requests send K body bytes, then send nothing (until the client goes)
  /corrupt/...         the bytes served are altered (one byte in every 4096 flipped): wrong SHA-256
  /norange/...         Range is ignored: always 200 with the whole file
  /nolength/...        no Content-Length: the body ends when the connection closes
  /endless/...         no Content-Length, and after the file's bytes zeros without end (until the client goes)
  /trickle-RATE/...    the body is sent at RATE bytes per second (in tenths of a second)

"The first N requests" counts per full request path, so /cut-1000-1/a.iso is cut once, then served.
"""
import argparse
import json
import os
import re
import socket
import socketserver
import sys
import threading
import time

counts = {}
counts_lock = threading.Lock()
log_lock = threading.Lock()


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--root", required=True)
    parser.add_argument("--log", required=True)
    return parser.parse_args()


ARGS = parse_args()


def nth_request(path):
    with counts_lock:
        counts[path] = counts.get(path, 0) + 1
        return counts[path]


def log(entry):
    with log_lock:
        with open(ARGS.log, "a") as handle:
            handle.write(json.dumps(entry) + "\n")


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        request_line = self.rfile.readline(65537).decode("latin-1").strip()
        if not request_line:
            return
        headers = {}
        while True:
            line = self.rfile.readline(65537).decode("latin-1")
            if line in ("\r\n", "\n", ""):
                break
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        method, path, _ = (request_line.split(" ") + ["", ""])[:3]
        self.entry = {"method": method, "path": path, "range": headers.get("range"),
                      "user_agent": headers.get("user-agent"), "status": 0,
                      "bytes_sent": 0, "body_bytes_sent": 0}
        try:
            self.respond(method, path, headers)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            log(self.entry)

    def send(self, data, body=False):
        self.wfile.write(data)
        self.wfile.flush()
        self.entry["bytes_sent"] += len(data)
        if body:
            self.entry["body_bytes_sent"] += len(data)

    def head(self, status, reason, fields):
        self.entry["status"] = status
        lines = [f"HTTP/1.1 {status} {reason}"] + [f"{k}: {v}" for k, v in fields] + ["Connection: close", "", ""]
        self.send("\r\n".join(lines).encode("latin-1"))

    def respond(self, method, path, headers):
        n = nth_request(path)
        segments = [s for s in path.split("?")[0].split("/") if s]
        faults = {}
        while segments and re.fullmatch(r"(status-\d+-\d+|cut-\d+-\d+|stall-\d+-\d+|trickle-\d+|corrupt|norange|nolength|endless)", segments[0]):
            name, *numbers = segments.pop(0).split("-")
            faults[name] = [int(x) for x in numbers]
        file_path = os.path.join(ARGS.root, *segments)
        if "status" in faults and n <= faults["status"][1]:
            code = faults["status"][0]
            body = f"injected {code}\n".encode()
            fields = [("Content-Length", len(body)), ("Content-Type", "text/plain")]
            if code in (429, 503):
                fields.append(("Retry-After", 3))
            self.head(code, "Injected", fields)
            self.send(body, body=True)
            return
        if not os.path.isfile(file_path) or ".." in segments:
            body = b"not found\n"
            self.head(404, "Not Found", [("Content-Length", len(body))])
            self.send(body, body=True)
            return
        size = os.path.getsize(file_path)
        start, end, status = 0, size - 1, 200
        range_header = headers.get("range")
        if range_header and "norange" not in faults:
            match = re.fullmatch(r"bytes=(\d*)-(\d*)", range_header.strip())
            if match and (match.group(1) or match.group(2)):
                if match.group(1):
                    start = int(match.group(1))
                    end = min(int(match.group(2)), size - 1) if match.group(2) else size - 1
                else:
                    start = max(0, size - int(match.group(2)))
                if start >= size or start > end:
                    self.head(416, "Range Not Satisfiable", [("Content-Range", f"bytes */{size}"), ("Content-Length", 0)])
                    return
                status = 206
        fields = [("Content-Type", "application/octet-stream"), ("Accept-Ranges", "bytes")]
        if status == 206:
            fields.append(("Content-Range", f"bytes {start}-{end}/{size}"))
        if "nolength" not in faults and "endless" not in faults:
            fields.append(("Content-Length", end - start + 1))
        self.head(status, "Partial Content" if status == 206 else "OK", fields)
        if method == "HEAD":
            return
        limit = end - start + 1
        stall = False
        if "cut" in faults and n <= faults["cut"][1]:
            limit = min(limit, faults["cut"][0])
        if "stall" in faults and n <= faults["stall"][1]:
            limit = min(limit, faults["stall"][0])
            stall = True
        with open(file_path, "rb") as handle:
            handle.seek(start)
            offset = start
            remaining = limit
            step = max(1, faults["trickle"][0] // 10) if "trickle" in faults else 65536
            while remaining > 0:
                chunk = handle.read(min(step, remaining))
                if not chunk:
                    break
                if "corrupt" in faults:
                    chunk = bytearray(chunk)
                    for i in range((-offset) % 4096, len(chunk), 4096):
                        chunk[i] ^= 0xFF
                    chunk = bytes(chunk)
                self.send(chunk, body=True)
                offset += len(chunk)
                remaining -= len(chunk)
                if "trickle" in faults:
                    time.sleep(0.1)
        if "endless" in faults:
            zeros = bytes(65536)
            while True:
                self.send(zeros, body=True)
        if stall:
            self.wait_for_client_to_leave(60)

    def wait_for_client_to_leave(self, seconds):
        deadline = time.monotonic() + seconds
        self.connection.settimeout(0.1)
        while time.monotonic() < deadline:
            try:
                if self.connection.recv(1) == b"":
                    return
            except socket.timeout:
                continue
            except OSError:
                return


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


if __name__ == "__main__":
    with Server(("127.0.0.1", ARGS.port), Handler) as server:
        print(f"listening on 127.0.0.1:{ARGS.port}", flush=True)
        server.serve_forever()
