"""Raw-socket HTTP for the hostile-input suite (hostile_test.py): requests
written byte by byte, so a test can send what no HTTP library would (bodies
cut short, endless headers, conflicting lengths), and the tally of checks."""
import json
import re
import socket
import subprocess
import time


class Checks:
    """Counts passed checks and prints and keeps each failed one."""

    def __init__(self):
        self.passes, self.fails = 0, []

    def check(self, ok, what):
        if ok:
            self.passes += 1
        else:
            self.fails.append(what)
            print("FAIL", what, flush=True)


def start_serve(binary, prefix, err_path, data_dir, config):
    """Starts `idmatch serve` on a free port (--port 0: a random port could be
    one a client socket of another test holds) and reads the port from its
    log; 0 when it did not start within a minute."""
    err = open(err_path, "w")
    proc = subprocess.Popen([*prefix, binary, "serve", "--port", "0", "--data-dir", data_dir, "--config", config],
                            stdout=subprocess.DEVNULL, stderr=err)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        found = re.search(r"listening on http://127\.0\.0\.1:(\d+)", open(err_path).read())
        if found:
            return proc, err, int(found.group(1))
        time.sleep(0.05)
    return proc, err, 0


def receive(s, buf, done):
    """Appends what the socket sends to buf until done(buf), the close or the timeout."""
    try:
        while not done(buf):
            chunk = s.recv(65536)
            if not chunk:
                break
            buf += chunk
    except (socket.timeout, ConnectionError):
        pass
    return buf


def read_response(s):
    """One response: (status, head text, body bytes); status 0 when none came."""
    buf = receive(s, b"", lambda b: b"\r\n\r\n" in b)
    if not buf.startswith(b"HTTP/1.1 "):
        return 0, "", b""
    head, _, body = buf.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    body = receive(s, body, lambda b: len(b) >= length)
    return int(buf[9:12]), head.decode("latin-1"), body


def code_of(body):
    """The error code of an idmatch error body, None when it is not one."""
    try:
        return json.loads(body)["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return None


def multipart(parts):
    """A multipart/form-data body of (name, bytes) parts and its content type."""
    boundary = "----idmatchhostile"
    out = b""
    for name, content in parts:
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{name}.bin\"\r\n"
                f"Content-Type: application/octet-stream\r\n\r\n").encode() + content + b"\r\n"
    return out + f"--{boundary}--\r\n".encode(), "multipart/form-data; boundary=" + boundary


def process_memory(pid):
    """VmRSS and VmHWM of a process, bytes."""
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                fields[name] = int(value.split()[0]) * 1024
    return fields


class RawClient:
    """Requests to one server on loopback, each on its own connection."""

    def __init__(self, port, key):
        self.port, self.key = port, key

    def connect(self, timeout=10.0):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return s

    def exchange(self, head, body=b"", timeout=10.0):
        """Sends a request (the body may be cut short by the server's answer):
        (status, head, body, seconds)."""
        start = time.monotonic()
        s = self.connect(timeout)
        try:
            s.sendall(head.encode("latin-1") if isinstance(head, str) else head)
            if body:
                s.sendall(body)
        except (BrokenPipeError, ConnectionResetError):
            pass
        status, h, b = read_response(s)
        s.close()
        return status, h, b, time.monotonic() - start

    def post(self, path, body, content_type, extra=""):
        """A POST with the suite's key and Connection: close."""
        head = (f"POST {path} HTTP/1.1\r\nHost: x\r\nx-api-key: {self.key}\r\nContent-Type: {content_type}\r\n"
                f"Content-Length: {len(body)}\r\n{extra}Connection: close\r\n\r\n")
        return self.exchange(head, body, timeout=120)
