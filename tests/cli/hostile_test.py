#!/usr/bin/python3
"""The hostile-input suite: every attack class of issue 19 sent at the real
`idmatch serve` on loopback, each with the answer it must get, how long it
may take and, in a release build, the server's peak memory afterwards; then
the awkward image files through every image route with their expected
answers (tests/samples/awkward_images.expect). Bounded: ~1,000 sockets,
~400 requests, a few seconds of sending.

The raw-socket client and the tally of checks are in hostile_lib.py.

Usage: hostile_test.py IDMATCH_BINARY release|sanitized
Exit 0 all passed, 1 a check failed, 77 the shared photos are absent.
"""
import base64
import gzip
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True  # importing hostile_lib leaves no __pycache__ in the source tree
from hostile_lib import Checks, RawClient, code_of, multipart, process_memory, read_response, receive, start_serve

BIN, BUILD = sys.argv[1], sys.argv[2]
SHARED = os.environ.get("IDMATCH_SHARED_DIR") or os.path.join(os.path.dirname(__file__), "../../../shared")
FACES = os.path.join(SHARED, "testdata/faces/deepface")
AWKWARD = os.path.join(SHARED, "testdata/images/awkward")
EXPECT = os.path.join(os.path.dirname(__file__), "../samples/awkward_images.expect")
if not os.path.exists(os.path.join(FACES, "img1.jpg")):
    print(f"SKIP hostile tests: {FACES} not found (set IDMATCH_SHARED_DIR)")
    sys.exit(77)

MAX_BODY = 16 * 1024 * 1024


checks = Checks()
check = checks.check


tmp = tempfile.mkdtemp(prefix="idmatch-hostile-")
data_dir = os.path.join(tmp, "data")
key = subprocess.run([BIN, "keys", "create", "--data-dir", data_dir, "--name", "hostile"], check=True,
                     capture_output=True, text=True).stdout.strip().splitlines()[-1]
config = os.path.join(tmp, "config.json")
with open(config, "w") as f:
    # Loopback is one address: the per-address cap is lifted so 1,000 slow
    # sockets can be opened (it is tested in-process); the failed-auth
    # throttle is lifted so the wrong-key attacks do not lock out the rest.
    json.dump({"rate_limit_per_second": 0, "max_connections_per_address": 0, "auth_failure_burst": 100000,
               "request_timeout_s": 60 if BUILD == "sanitized" else 10}, f)


server, log, port = start_serve(BIN, [], os.path.join(tmp, "serve.err"), data_dir, config)
client = RawClient(port, key)
connect, exchange, post = client.connect, client.exchange, client.post


def memory():
    return process_memory(server.pid)


try:
    for _ in range(600):
        try:
            if exchange("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", timeout=1)[0] == 200:
                break
        except OSError:
            pass
        time.sleep(0.1)
    img1 = open(os.path.join(FACES, "img1.jpg"), "rb").read()
    img2 = open(os.path.join(FACES, "img2.jpg"), "rb").read()
    pair, pair_type = multipart([("source", img1), ("target", img2)])
    status, _, body, _ = post("/v1/compare", pair, pair_type)
    check(status == 200, f"warm-up compare answered {status} {body[:200]}")
    warm = memory()
    with open(f"/proc/{server.pid}/clear_refs", "w") as f:
        f.write("5")  # from here VmHWM is the peak of the attacks alone

    # 1. Bodies that would be inflated, buffered whole, or waited for.
    bomb = gzip.compress(b"\0" * (256 * 1024 * 1024), compresslevel=9)  # 256 MB inflated
    compare_head = ("POST /v1/compare HTTP/1.1\r\nHost: x\r\nx-api-key: " + key +
                    "\r\nContent-Type: application/json\r\n")
    cases = [
        ("gzip body", compare_head + f"Content-Encoding: gzip\r\nContent-Length: {len(bomb)}\r\n\r\n", bomb,
         415, "UNSUPPORTED_MEDIA_TYPE"),
        ("gzip body, unknown key", compare_head.replace(key, "idm_0000000000000001_wrong") +
         f"Content-Encoding: gzip\r\nContent-Length: {len(bomb)}\r\n\r\n", bomb, 415, "UNSUPPORTED_MEDIA_TYPE"),
        ("chunked 400 MB", compare_head + "Transfer-Encoding: chunked\r\n\r\n",
         b"100000\r\n" + b"A" * 0x100000 + b"\r\n", 411, "LENGTH_REQUIRED"),
        ("Content-Length -1", compare_head + "Content-Length: -1\r\n\r\n", b"", 400, "INVALID_ARGUMENT"),
        ("conflicting lengths", compare_head + "Content-Length: 10\r\nContent-Length: 20\r\n\r\n", b"", 400,
         "INVALID_ARGUMENT"),
        ("unknown key, 10 MB declared", compare_head.replace(key, "idm_0000000000000002_wrong") +
         "Content-Length: 10000000\r\n\r\n", b"", 401, "UNAUTHENTICATED"),
        ("over max_body_bytes", compare_head + f"Content-Length: {MAX_BODY + 1}\r\n\r\n", b"", 413,
         "PAYLOAD_TOO_LARGE"),
        ("small form body", "POST /v1/compare HTTP/1.1\r\nHost: x\r\nx-api-key: " + key +
         "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 5\r\n\r\n", b"a=b&c", 415,
         "UNSUPPORTED_MEDIA_TYPE"),
        ("invalid JSON on /v1/document", "POST /v1/document HTTP/1.1\r\nHost: x\r\nx-api-key: " + key +
         "\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n", b"{\"image", 400, "MALFORMED_JSON"),
    ]
    for name, head, body, want, want_code in cases:
        status, h, b, took = exchange(head, body)
        check(status == want and code_of(b) == want_code, f"{name}: {status} {code_of(b)} (want {want} {want_code})")
        check(took < 3.0, f"{name}: answered after {took:.1f} s")

    # 2. 200 MB of headers: refused once past 64 KiB, never accumulated.
    s = connect()
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
    start, sent = time.monotonic(), 0
    line = b"X-Filler: " + b"y" * 1000 + b"\r\n"
    try:
        while sent < 8 * 1024 * 1024:
            s.sendall(line * 64)
            sent += len(line) * 64
    except (BrokenPipeError, ConnectionResetError, socket.timeout):
        pass
    status, _, b = read_response(s)
    s.close()
    check(status == 431 and code_of(b) == "HEADERS_TOO_LARGE", f"endless headers: {status} {code_of(b)}")
    check(time.monotonic() - start < 5, "endless headers took too long")

    # 3. A request the server answers with no body at all: invalid request line.
    status, _, b, took = exchange("GET /healthz HTTP/9.9\r\n\r\n")
    check(status == 400 and code_of(b) == "INVALID_ARGUMENT", f"bad version: {status} {code_of(b)}")

    # 4. Bodies up to the limit that are not images: refused by the parsers.
    junk_json = b'{"source": "' + b"!" * (MAX_BODY - 40) + b'", "target": "AAAA"}'
    status, _, b, _ = post("/v1/compare", junk_json, "application/json")
    check(status == 400 and code_of(b) == "BAD_BASE64", f"16 MiB of bad base64: {status} {code_of(b)}")
    junk_form, form_type = multipart([("source", os.urandom(MAX_BODY // 2 - 4096)), ("target", img2)])
    status, _, b, _ = post("/v1/compare", junk_form, form_type)
    check(status == 415 and code_of(b) == "UNSUPPORTED_IMAGE_FORMAT", f"8 MiB of noise: {status} {code_of(b)}")

    peak = memory()
    # The budget, from what a request holds: its body twice (the edge's
    # buffer, httplib's copy), a base64 decode of up to 3/4 of it (12 MiB),
    # and 36 MiB for the allocator and the threads' stacks. Measured: 43-53
    # MiB above the warm working set for the 16 MiB body (docs/performance.md).
    budget = warm["VmRSS"] + 2 * MAX_BODY + 48 * 1024 * 1024
    print(f"memory: warm RSS {warm['VmRSS'] >> 20} MiB, peak during attacks {peak['VmHWM'] >> 20} MiB, "
          f"budget {budget >> 20} MiB (warm + 2 x max_body_bytes + 48 MiB)", flush=True)
    if BUILD == "release":  # ASan's shadow memory and quarantine make RSS meaningless
        check(peak["VmHWM"] <= budget, f"peak RSS {peak['VmHWM'] >> 20} MiB over the budget {budget >> 20} MiB")

    # 5. Pipelining: answered in order on one connection.
    s = connect()
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n"
              b"GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    # Several answers may arrive in one read: read to the close (the last
    # request asked for it) and take the status lines in order.
    stream = receive(s, b"", lambda b: False)
    s.close()
    answers = [int(m) for m in re.findall(rb"HTTP/1\.1 (\d{3}) ", stream)]
    check(answers == [200, 404, 200], f"pipelined answers {answers}")

    # 6. 1,000 slow sockets (a header line that never ends) do not delay others.
    slow = []
    for _ in range(1000):
        c = connect()
        c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        slow.append(c)
    latencies = []
    for _ in range(50):
        status, _, _, took = exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        latencies.append(took)
        check(status == 200, f"health check with 1,000 slow sockets: {status}")
    start = time.monotonic()
    status, _, b, _ = post("/v1/compare", pair, pair_type)
    compare_s = time.monotonic() - start
    latencies.sort()
    print(f"1,000 slow sockets: /healthz p50 {latencies[25] * 1000:.1f} ms, max {latencies[-1] * 1000:.1f} ms; "
          f"compare {compare_s * 1000:.0f} ms ({status})", flush=True)
    check(status == 200, f"compare with 1,000 slow sockets: {status}")
    check(latencies[-1] < 1.0, f"health check took {latencies[-1]:.2f} s with 1,000 slow sockets")
    for c in slow:
        c.close()

    # 7. Clients that leave at once do not hold the service.
    def leave_early():
        c = connect()
        c.sendall(f"POST /v1/compare HTTP/1.1\r\nHost: x\r\nx-api-key: {key}\r\nContent-Type: {pair_type}\r\n"
                  f"Content-Length: {len(pair)}\r\n\r\n".encode() + pair)
        time.sleep(0.3)
        c.close()
    def metric(name):
        _, _, body, _ = exchange("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        for line in body.decode("latin-1").splitlines():
            if line.startswith(name + " "):
                return float(line.split()[1])
        return -1.0

    abandoned_before = metric("idmatch_requests_abandoned_total")
    leavers = [threading.Thread(target=leave_early) for _ in range(4)]
    for t in leavers:
        t.start()
    for t in leavers:
        t.join()
    # The leavers' work stops at its next checkpoint: how soon depends on the
    # machine's load (ctest runs other tests beside this one), so the check is
    # that it ends and is counted as abandoned, then that the service answers.
    start = time.monotonic()
    while metric("idmatch_in_flight") > 0 and time.monotonic() - start < 30:
        time.sleep(0.05)
    drained = time.monotonic() - start
    abandoned = metric("idmatch_requests_abandoned_total") - abandoned_before
    print(f"4 clients left mid-compare: in flight again 0 after {drained:.2f} s, {abandoned:.0f} abandoned",
          flush=True)
    check(drained < 30, f"work of clients that left still in flight after {drained:.0f} s")
    check(abandoned >= 1, f"no request counted as abandoned after 4 clients left ({abandoned:.0f})")
    status, _, _, took = post("/v1/compare", pair, pair_type)
    check(status == 200, f"compare after clients left: {status} ({took:.1f} s)")

    # 8. Overload at concurrency 64: every request answered; refusals at once.
    results = []
    lock = threading.Lock()

    def one():
        # As curl sends a large body: the head with Expect: 100-continue,
        # the body only when the server says to go on.
        start = time.monotonic()
        c = connect(120)
        c.sendall(f"POST /v1/compare HTTP/1.1\r\nHost: x\r\nx-api-key: {key}\r\nContent-Type: {pair_type}\r\n"
                  f"Content-Length: {len(pair)}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n".encode())
        status = read_response(c)[0]
        if status == 100:
            c.sendall(pair)
            status = read_response(c)[0]
        c.close()
        with lock:
            results.append((status, time.monotonic() - start))
    crowd = [threading.Thread(target=one) for _ in range(64)]
    for t in crowd:
        t.start()
    for t in crowd:
        t.join()
    refused = sorted(t for s, t in results if s == 503)
    counts = {s: sum(1 for r in results if r[0] == s) for s in {r[0] for r in results}}
    print(f"concurrency 64: {counts}; 503 p50 {refused[len(refused) // 2] * 1000 if refused else 0:.1f} ms, "
          f"max {refused[-1] * 1000 if refused else 0:.1f} ms", flush=True)
    check(set(counts) <= {200, 503} and counts.get(200, 0) >= 1, f"concurrency 64 answers {counts}")
    # A bound on being answered, not queued behind the work (this client
    # shares the two cores with the server; bench/bench_edge measures p99).
    check(not refused or refused[-1] < 3.0, f"a 503 took {refused[-1] if refused else 0:.2f} s")

    # 9. The awkward files through every image route: a refused file gets its
    # code everywhere, a decodable one is analysed.
    expected = {}
    for line in open(EXPECT):
        if line.strip() and not line.startswith("#"):
            path, outcome = line.split()[:2]
            expected[path] = outcome
    ok_files = sorted(p for p, o in expected.items() if o == "ok")
    if BUILD == "sanitized":
        ok_files = ok_files[::6]  # each takes seconds under ASan
    for path, outcome in sorted(expected.items()):
        if outcome == "ok" and path not in ok_files:
            continue
        content = open(os.path.join(AWKWARD, path), "rb").read()
        b64 = base64.b64encode(content).decode()
        form, ftype = multipart([("image", content)])
        tries = [("/v1/detect json", "/v1/detect", json.dumps({"image": b64}).encode(), "application/json"),
                 ("/v1/detect form", "/v1/detect", form, ftype)]
        if outcome != "ok":
            tries += [("/v1/compare source", "/v1/compare",
                       json.dumps({"source": b64, "target": base64.b64encode(img2).decode()}).encode(),
                       "application/json"),
                      ("/v1/compare target", "/v1/compare",
                       json.dumps({"source": base64.b64encode(img1).decode(), "target": b64}).encode(),
                       "application/json"),
                      ("/prod/ips", "/prod/ips",
                       json.dumps({"selfie": b64, "dl": base64.b64encode(img2).decode()}).encode(),
                       "application/json")]
        for name, route, body, ctype in tries:
            status, _, b, _ = post(route, body, ctype)
            if outcome == "ok":
                check(status == 200, f"{path} via {name}: {status} {b[:160]}")
            else:
                check(400 <= status < 500 and code_of(b) == outcome,
                      f"{path} via {name}: {status} {code_of(b)} (want {outcome})")
    # The liveness capture: a refused file as the second frame gets its code,
    # names the frame, and leaves the challenge unused (one challenge serves
    # every try).
    status, _, b, _ = post("/v1/liveness/challenges", b"", "application/json")
    check(status == 201, f"a liveness challenge: {status} {b[:160]}")
    challenge = json.loads(b)["id"] if status == 201 else "lc_missing"
    for path, outcome in sorted(expected.items()):
        if outcome == "ok":
            continue
        content = open(os.path.join(AWKWARD, path), "rb").read()
        form, ftype = multipart([("frame", img1), ("frame", content), ("timestamps_ms", b"0,200")])
        status, _, b, _ = post(f"/v1/liveness/challenges/{challenge}", form, ftype)
        message = json.loads(b)["error"]["message"] if b.startswith(b"{") else ""
        check(400 <= status < 500 and code_of(b) == outcome and message.startswith("frame 2: "),
              f"{path} as a capture frame: {status} {code_of(b)} {message[:80]} (want {outcome})")
    status, _, b, _ = exchange(f"GET /v1/liveness/challenges/{challenge} HTTP/1.1\r\nHost: x\r\nx-api-key: {key}\r\n"
                               "Connection: close\r\n\r\n")
    check(status == 200 and json.loads(b)["state"] == "pending", f"refused captures leave it pending: {b[:160]}")

    # The Rekognition route: a refused file is an InvalidImageFormatException-style 400.
    for path, outcome in sorted(expected.items()):
        if outcome == "ok":
            continue
        content = open(os.path.join(AWKWARD, path), "rb").read()
        body = json.dumps({"Image": {"Bytes": base64.b64encode(content).decode()}}).encode()
        status, h, b, _ = post("/", body, "application/x-amz-json-1.1",
                               "X-Amz-Target: RekognitionService.DetectFaces\r\n")
        check(status == 400 and "x-amzn-ErrorType: Invalid" in h, f"{path} via DetectFaces: {status} {b[:160]}")

    check(server.poll() is None, "the server died")

    # 10. An open-file limit below max_connections: the cap follows the limit,
    # the excess is answered 503 at accept, and the loop does not spin.
    low_err_path = os.path.join(tmp, "low.err")
    low, low_log, low_port = start_serve(BIN, ["prlimit", "--nofile=256:256"], low_err_path, data_dir, config)
    try:
        for _ in range(600):
            try:
                with socket.create_connection(("127.0.0.1", low_port), timeout=1) as probe:
                    probe.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    if read_response(probe)[0] == 200:
                        break
            except OSError:
                time.sleep(0.1)
        held, refused_at_accept = [], 0
        for _ in range(300):
            c = socket.create_connection(("127.0.0.1", low_port), timeout=5)
            held.append(c)
        for c in held:
            c.setblocking(False)
        time.sleep(0.5)
        for c in held:
            try:
                if c.recv(12) == b"HTTP/1.1 503":
                    refused_at_accept += 1
            except (BlockingIOError, ConnectionError):
                pass
        with open(f"/proc/{low.pid}/stat") as f:
            before = sum(int(x) for x in f.read().split(")")[1].split()[11:13])
        time.sleep(1.0)
        with open(f"/proc/{low.pid}/stat") as f:
            after = sum(int(x) for x in f.read().split(")")[1].split()[11:13])
        cpu_s = (after - before) / os.sysconf("SC_CLK_TCK")
        print(f"open-file limit 256: {refused_at_accept} of 300 connections answered 503 at accept; "
              f"{cpu_s:.2f} s CPU in the next second", flush=True)
        check(refused_at_accept >= 100, f"only {refused_at_accept} of 300 refused under an open-file limit of 256")
        check(cpu_s < 0.5, f"the server used {cpu_s:.2f} s of CPU in one idle second at its file limit")
        for c in held:
            c.close()
    finally:
        low.terminate()
        low.wait(timeout=30)
        low_log.close()
    low_err = open(low_err_path).read()
    check("exceeds what the open-file limit allows" in low_err, "no warning about the open-file limit")
finally:
    server.terminate()
    try:
        rc = server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        rc = "killed"
    log.close()
    errors = open(os.path.join(tmp, "serve.err")).read()
    check(rc == 0, f"server exit code {rc}")
    check("\"stopped cleanly\"" in errors, "no clean stop")
    check("handler exception" not in errors and "INTERNAL" not in errors, "an internal error was logged")
    subprocess.run(["rm", "-rf", tmp])

print(f"hostile: {checks.passes} passed, {len(checks.fails)} failed")
sys.exit(1 if checks.fails else 0)
