#!/usr/bin/env python3
"""Malformed HTTP/1.1 over raw sockets against `saaslab serve`.

Each case writes bytes (some in slow pieces, some cut short or reset) on a fresh connection and
reads what comes back: bad request lines, methods, versions and targets (absolute-form, asterisk,
authority), header folding, bad names and values, NUL/CR/LF injection, over-long lines, too many
headers, missing/duplicate/negative/huge Content-Length, Transfer-Encoding tricks (TE+CL, unknown
and doubled codings), bad chunk sizes and trailers, pipelining, early close, slow partial sends,
non-UTF-8 bytes, binary and TLS/HTTP2 prefaces.

Properties, per case: the server answers a 4xx or closes (a well-formed request, e.g. in a
pipeline, gets its 2xx); it never answers a 5xx, except 501 for a transfer coding it does not
implement and 505 for an HTTP version it does not speak, which RFC 9112 prescribes (--strict-5xx
fails those too); a request that is merely incomplete may be waited for; every answer parses as
HTTP; and `GET /health` answers 200 on a new connection after every case. Cases where the
server is more lenient than the RFC asks (a 2xx where a 400 is due) are listed as "lenient"
and fail only with --strict.

    python3 scripts/robustness/http_malformed.py --saaslab .build/release/saaslab
    python3 scripts/robustness/http_malformed.py --endpoint http://127.0.0.1:PORT --full
"""
import os
import random
import select
import socket
import struct
import sys
import threading
import time
from dataclasses import dataclass, field

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

CRLF = b"\r\n"


@dataclass
class Case:
    name: str
    category: str
    parts: list                 # [(bytes, seconds to wait after sending)]
    expect: str = "4xx"         # 4xx: a 4xx or a close; 2xx: answered 2xx; any: 2xx or 4xx; wait: may go unanswered
    responses: int = 1          # answers to wait for (pipelining)
    allow_5xx: frozenset = frozenset()
    rfc: str = ""               # what the RFC says, for lenient outcomes
    after: str = ""             # "shut_wr", "close", "rst": what the client does after sending
    head: frozenset = frozenset()  # indexes of answers to HEAD requests (no body)
    wait: float = 3.0           # seconds to wait for the answers
    run: object = None          # a custom exchange: f(target) -> (statuses, terminal, detail)
    full_only: bool = False
    closes: bool = False        # the server must close after answering (Connection: close, HTTP/1.0)


@dataclass
class Outcome:
    statuses: list = field(default_factory=list)
    terminal: str = ""          # eof, open, reset, client-closed
    detail: str = ""
    garbage: bytes = b""
    seconds: float = 0.0

    def label(self):
        answered = ",".join(str(s) for s in self.statuses) if self.statuses else "no answer"
        if len(self.statuses) > 4:
            answered = f"{len(self.statuses)} answers: " + ",".join(sorted({str(s) for s in self.statuses}))
        return f"{answered} / {self.terminal}"

    def klass(self, allowed_5xx=frozenset()):
        if not self.statuses:
            return {"eof": "closed, no answer", "reset": "reset, no answer", "open": "no answer (kept waiting)",
                    "client-closed": "client closed first"}.get(self.terminal, self.terminal)
        classes = sorted({f"{s} (RFC)" if s in allowed_5xx else f"{s // 100}xx" for s in self.statuses})
        return "+".join(classes) + (" then closed" if self.terminal in ("eof", "reset") else " kept open")


def request(line, *headers, body=b"", host=True, host_value=b"127.0.0.1"):
    if isinstance(line, str):
        line = line.encode()
    lines = [line]
    if host:
        lines.append(b"Host: " + host_value)
    lines += [h.encode() if isinstance(h, str) else h for h in headers]
    return CRLF.join(lines) + CRLF + CRLF + (body.encode() if isinstance(body, str) else body)


def one(data, delay=0.0):
    return [(data, delay)]


def parse_responses(data, head_indexes, eof):
    """The answers in `data`: [(status, headers)], whether the data ended mid-answer, and any
    bytes that are not HTTP."""
    answers = []
    position = 0
    while position < len(data):
        end = data.find(b"\r\n\r\n", position)
        if end < 0:
            return answers, True, b"" if data[position:].startswith(b"HTTP/1.") or not eof else data[position:]
        head = data[position:end].decode("latin-1").split("\r\n")
        parts = head[0].split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
            return answers, False, data[position:]
        status = int(parts[1])
        headers = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        position = end + 4
        if status == 100:
            continue
        if len(answers) in head_indexes or status in (204, 304):
            length = 0
        elif "content-length" in headers:
            length = int(headers["content-length"])
        else:
            length = len(data) - position if eof else None
        if length is None or len(data) < position + length:
            return answers, True, b""
        answers.append((status, headers))
        position += length
    return answers, False, b""


def exchange(target, case):
    """Sends the case's bytes and reads the answers."""
    outcome = Outcome()
    started = time.monotonic()
    sock = socket.create_connection((target.host, target.port), timeout=10)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    received = b""
    try:
        try:
            for data, delay in case.parts:
                if data:
                    sock.sendall(data)
                if delay:
                    time.sleep(delay)
        except (BrokenPipeError, ConnectionResetError) as error:
            outcome.detail = f"server closed while we were sending ({type(error).__name__})"
        if case.after == "shut_wr":
            sock.shutdown(socket.SHUT_WR)
        elif case.after in ("close", "rst"):
            if case.after == "rst":
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.close()
            outcome.terminal = "client-closed"
            outcome.seconds = time.monotonic() - started
            return outcome
        deadline = time.monotonic() + case.wait
        eof = False
        while True:
            answers, partial, garbage = parse_responses(received, case.head, eof)
            if eof or garbage or (len(answers) >= case.responses and not partial):
                break
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            ready, _, _ = select.select([sock], [], [], remaining)
            if not ready:
                continue
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                outcome.terminal = "reset"
                break
            if not chunk:
                eof = True
            received += chunk
        answers, partial, garbage = parse_responses(received, case.head, eof)
        outcome.statuses = [status for status, _ in answers]
        outcome.garbage = garbage
        if not outcome.terminal:
            # After the answers we waited for, see whether the server closes the connection.
            if not eof and outcome.statuses:
                ready, _, _ = select.select([sock], [], [], 1.0 if case.closes else 0.3)
                if ready:
                    try:
                        eof = sock.recv(65536) == b""
                    except ConnectionResetError:
                        outcome.terminal = "reset"
            outcome.terminal = outcome.terminal or ("eof" if eof else "open")
        if partial and eof:
            outcome.detail = (outcome.detail + "; " if outcome.detail else "") + "answer cut short"
    finally:
        try:
            sock.close()
        except OSError:
            pass
    outcome.seconds = time.monotonic() - started
    return outcome


# -- custom exchanges -------------------------------------------------------------------------


def many_idle_connections(count):
    def run(target):
        sockets = []
        try:
            for _ in range(count):
                sockets.append(socket.create_connection((target.host, target.port), timeout=10))
            problem = common.health(target)
            return ([200] if problem is None else []), "eof", problem or f"{count} idle connections held; /health answered"
        finally:
            for sock in sockets:
                sock.close()
    return run


def connect_reset_storm(count):
    def run(target):
        for index in range(count):
            sock = socket.create_connection((target.host, target.port), timeout=10)
            if index % 2:
                sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.close()
        return [], "client-closed", f"{count} connections opened and reset"
    return run


def reset_before_reading(count, big):
    """Requests whose answers find the connection reset: writing to a dead socket must not
    kill the server (SIGPIPE)."""
    def run(target):
        body = b'{"userName":"' + b"x" * big + b'","password":"y"}'
        for _ in range(count):
            sock = socket.create_connection((target.host, target.port), timeout=10)
            sock.sendall(request("POST /auth HTTP/1.1", "Content-Type: application/json",
                                 f"Content-Length: {len(body)}", body=body) * 4)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.close()
        return [], "client-closed", f"{count} x 4 pipelined requests, connection reset before reading"
    return run


def concurrent_garbage(threads, each, seed):
    def run(target):
        errors = []

        def worker(number):
            rng = random.Random(seed * 1000 + number)
            for _ in range(each):
                try:
                    sock = socket.create_connection((target.host, target.port), timeout=10)
                    sock.sendall(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 2048))) + b"\r\n\r\n")
                    sock.settimeout(5)
                    data = sock.recv(4096)
                    if data[9:10] == b"5":
                        errors.append(data[:60])
                    sock.close()
                except (OSError, socket.timeout):
                    pass

        workers = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join()
        statuses = [500] if errors else []
        return statuses, "eof", f"{threads}x{each} random byte requests in parallel" + (f"; 5xx: {errors[:3]}" if errors else "")
    return run


def idle_timeout_close(seconds):
    """A stalled request is dropped after the idle timeout (60 s), not held forever."""
    def run(target):
        sock = socket.create_connection((target.host, target.port), timeout=seconds + 10)
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Partial: ")
        started = time.monotonic()
        try:
            data = sock.recv(4096)
        except (ConnectionResetError, socket.timeout):
            data = None
        elapsed = time.monotonic() - started
        sock.close()
        if data is None:
            return [], "open", f"still open after {elapsed:.0f}s"
        statuses = [int(data[9:12])] if data.startswith(b"HTTP/1.") else []
        return statuses, "eof", f"closed by the server after {elapsed:.0f}s"
    return run


# -- the cases --------------------------------------------------------------------------------


def build_cases(seed):
    rng = random.Random(seed)
    cases = []

    def add(name, category, data, **options):
        parts = data if isinstance(data, list) else one(data)
        cases.append(Case(name=name, category=category, parts=parts, **options))

    health_ok = request("GET /health HTTP/1.1")

    # Request line.
    c = "request line"
    add("empty line then nothing", c, b"\r\n", expect="wait", wait=1.0)
    add("only CRLFs then a request", c, b"\r\n\r\n" + health_ok, expect="any")
    add("method only", c, b"GET\r\n\r\n")
    add("HTTP/0.9 style (no version)", c, b"GET /\r\n\r\n")
    add("extra token after version", c, request("GET /health HTTP/1.1 extra"))
    add("two spaces after method", c, request("GET  /health HTTP/1.1"))
    add("two spaces before version", c, request("GET /health  HTTP/1.1"))
    add("leading space", c, request(" GET /health HTTP/1.1"))
    add("tabs as separators", c, request("GET\t/health\tHTTP/1.1"))
    add("trailing space after version", c, request("GET /health HTTP/1.1 "))
    add("no target", c, request("GET HTTP/1.1"))
    add("lower-case method", c, request("get /health HTTP/1.1"), expect="any", rfc="methods are case-sensitive: 404/405/501")
    add("unknown method", c, request("FROB /health HTTP/1.1"), allow_5xx=frozenset({501}))
    add("method with '@'", c, request("G@T /health HTTP/1.1"))
    add("method with NUL", c, request(b"GE\x00T /health HTTP/1.1"))
    add("method 10 KB long", c, request(b"A" * 10_000 + b" /health HTTP/1.1"), allow_5xx=frozenset({501}))
    add("method non-UTF-8", c, request(b"G\xff\xfeT /health HTTP/1.1"))
    add("TRACE", c, request("TRACE /health HTTP/1.1"), allow_5xx=frozenset({501}))
    add("CONNECT authority-form", c, request("CONNECT 127.0.0.1:80 HTTP/1.1"), allow_5xx=frozenset({501}))
    add("OPTIONS asterisk-form", c, request("OPTIONS * HTTP/1.1"), expect="any")
    add("GET asterisk-form", c, request("GET * HTTP/1.1"))
    add("absolute-form, this host", c, request("GET http://127.0.0.1/health HTTP/1.1"), expect="any",
        rfc="RFC 9112 3.2.2: a server MUST accept absolute-form")
    add("absolute-form, another host", c, request("GET http://evil.example/health HTTP/1.1"), expect="any")
    add("absolute-form, https scheme", c, request("GET https://127.0.0.1/health HTTP/1.1"), expect="any")
    add("target without leading slash", c, request("GET health HTTP/1.1"), rfc="RFC 9112 3.2.1: origin-form starts with /")
    add("target with raw space", c, request("GET /hea lth HTTP/1.1"))
    add("target with raw UTF-8", c, request("GET /h\u00e9alth HTTP/1.1".encode()))
    add("target with NUL", c, request(b"GET /health\x00 HTTP/1.1"))
    add("target with bare CR", c, request(b"GET /hea\rlth HTTP/1.1"))
    add("target with DEL", c, request(b"GET /hea\x7flth HTTP/1.1"))
    add("target of slashes", c, request("GET //// HTTP/1.1"), expect="any")
    add("dot segments", c, request("GET /../../../etc/passwd HTTP/1.1"))
    add("encoded dot segments", c, request("GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1"))
    add("bad percent-encoding", c, request("GET /%zz%g HTTP/1.1"))
    add("percent-encoded NUL", c, request("GET /health%00 HTTP/1.1"))
    add("lone percent", c, request("GET /% HTTP/1.1"))
    add("percent-encoded invalid UTF-8", c, request("GET /%ff%fe%80 HTTP/1.1"))
    add("odd query", c, request("GET /health?%%%&&==&a=%ff&b HTTP/1.1"), expect="any")
    add("fragment in target", c, request("GET /health#frag HTTP/1.1"), expect="any")
    add("target 8 KB", c, request(b"GET /" + b"a" * 8000 + b" HTTP/1.1"))
    add("target 70 KB (over the 64 KiB head limit)", c, request(b"GET /" + b"a" * 70_000 + b" HTTP/1.1"))
    add("query 60 KB", c, request(b"GET /health?" + b"a=b&" * 15_000 + b" HTTP/1.1"), expect="any")

    # Versions.
    c = "version"
    add("HTTP/1.0", c, request("GET /health HTTP/1.0"), expect="2xx", closes=True)
    add("HTTP/1.2 (treated as 1.1)", c, request("GET /health HTTP/1.2"), expect="any")
    add("HTTP/2.0", c, request("GET /health HTTP/2.0"), allow_5xx=frozenset({505}))
    add("HTTP/0.9", c, request("GET /health HTTP/0.9"), allow_5xx=frozenset({505}))
    add("HTTP/9.9", c, request("GET /health HTTP/9.9"), allow_5xx=frozenset({505}))
    add("HTTP/1", c, request("GET /health HTTP/1"))
    add("HTTP/1.1.1", c, request("GET /health HTTP/1.1.1"))
    add("HTTP/11.1", c, request("GET /health HTTP/11.1"))
    add("lower-case http/1.1", c, request("GET /health http/1.1"))
    add("HTTPS/1.1", c, request("GET /health HTTPS/1.1"))
    add("HTTP/a.b", c, request("GET /health HTTP/a.b"))
    add("HTTP/2 connection preface", c, b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", allow_5xx=frozenset({505}))
    add("TLS ClientHello (no line end: waited for)", c,
        bytes.fromhex("16030100a5010000a10303") + bytes(rng.randrange(256) for _ in range(32)) + b"\x00" * 60,
        expect="wait", wait=1.0)

    # Header fields.
    c = "headers"
    add("header without colon", c, request("GET /health HTTP/1.1", "X-Broken header"))
    add("space before colon", c, request("GET /health HTTP/1.1", "X-Space : v"))
    add("empty header name", c, request("GET /health HTTP/1.1", ": value"))
    add("bad character in name", c, request("GET /health HTTP/1.1", "X-Bad(name): v"))
    add("non-UTF-8 name", c, request("GET /health HTTP/1.1", b"X-\xff\xfe: v"))
    add("NUL in name", c, request("GET /health HTTP/1.1", b"X-N\x00ul: v"))
    add("obs-fold (space)", c, request("GET /health HTTP/1.1", "X-Fold: a", " continued"))
    add("obs-fold (tab)", c, request("GET /health HTTP/1.1", "X-Fold: a", "\tcontinued"))
    add("obs-fold as first header", c, request("GET /health HTTP/1.1", " X-Fold: a", host=False))
    add("NUL in value", c, request("GET /health HTTP/1.1", b"X-Nul: a\x00b"))
    add("bare CR in value", c, request("GET /health HTTP/1.1", b"X-Cr: a\rb"))
    add("DEL in value", c, request("GET /health HTTP/1.1", b"X-Del: a\x7fb"))
    add("vertical tab in value", c, request("GET /health HTTP/1.1", b"X-Vt: a\x0bb"))
    add("LF-only line endings", c, b"GET /health HTTP/1.1\nHost: x\n\n", expect="any")  # RFC 9112 2.2: MAY accept bare LF
    add("bare CR line endings", c, b"GET /health HTTP/1.1\rHost: x\r\r", expect="wait", wait=1.0)
    add("mixed CRLF and LF", c, b"GET /health HTTP/1.1\r\nHost: x\nX-A: b\r\n\r\n", expect="any")
    add("obs-text (non-UTF-8) value", c, request("GET /health HTTP/1.1", b"X-Latin: caf\xe9 \xff\xfe"), expect="any")
    add("UTF-8 value", c, request("GET /health HTTP/1.1", "X-Utf8: \u00e9\u2603\U0001F600".encode()), expect="any")
    add("CRLF injection into a header value", c, request("GET /health HTTP/1.1", b"X-Inject: a\r\nSet-Cookie: evil=1"), expect="any")
    add("no Host in HTTP/1.1", c, request("GET /health HTTP/1.1", host=False), expect="any",
        rfc="RFC 9112 3.2: MUST answer 400")
    add("two Host headers", c, request("GET /health HTTP/1.1", "Host: other.example"), expect="any",
        rfc="RFC 9112 3.2: MUST answer 400")
    add("invalid Host value", c, request("GET /health HTTP/1.1", host_value=b"a b/c@d"), expect="any",
        rfc="RFC 9112 3.2: MUST answer 400")
    add("empty Host value", c, request("GET /health HTTP/1.1", host_value=b""), expect="any")
    add("HTTP/1.0 without Host", c, request("GET /health HTTP/1.0", host=False), expect="2xx")
    add("header value 60 KB", c, request("GET /health HTTP/1.1", b"X-Big: " + b"v" * 60_000), expect="any")
    add("header value 70 KB", c, request("GET /health HTTP/1.1", b"X-Big: " + b"v" * 70_000))
    add("header name 10 KB", c, request("GET /health HTTP/1.1", b"X-" + b"n" * 10_000 + b": v"), expect="any")
    add("1,000 headers", c, request("GET /health HTTP/1.1", *[f"X-H{i}: {i}" for i in range(1000)]), expect="any")
    add("10,000 headers (over the limit)", c, request("GET /health HTTP/1.1", *[f"X-H{i}: {i}" for i in range(10_000)]))
    add("20,000 empty headers", c, request("GET /health HTTP/1.1", *(["X:"] * 20_000)))
    add("100 KB line without end", c, b"GET /health HTTP/1.1\r\nX-Long: " + b"a" * 100_000)
    add("head never ends", c, b"GET /health HTTP/1.1\r\nHost: x\r\nX-A: b\r\n", expect="wait", wait=1.0)
    add("Expect: 100-continue with body", c,
        [(b"POST /auth HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
          b"Content-Length: 2\r\n\r\n", 0.3), (b"{}", 0)])
    add("Expect: 100-continue, body never sent", c,
        b"POST /auth HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n", expect="wait", wait=1.0)
    add("unknown expectation", c, request("GET /health HTTP/1.1", "Expect: 200-ok"))
    add("Connection: close", c, request("GET /health HTTP/1.1", "Connection: close"), expect="2xx", closes=True)
    add("Upgrade: h2c", c, request("GET /health HTTP/1.1", "Connection: Upgrade, HTTP2-Settings", "Upgrade: h2c",
                                   "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA"), expect="any")
    add("Upgrade: websocket", c, request("GET /health HTTP/1.1", "Connection: Upgrade", "Upgrade: websocket",
                                         "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13"), expect="any")
    add("Authorization garbage on /health", c, request("GET /health HTTP/1.1", b"Authorization: \xff\xfe\x01"))

    # Content-Length.
    c = "Content-Length"
    auth = "POST /auth HTTP/1.1"
    json_type = "Content-Type: application/json"
    add("body without Content-Length", c, request(auth, json_type, body=b'{"userName":"a","password":"b"}'),
        responses=2, wait=2.0)
    add("negative", c, request(auth, json_type, "Content-Length: -1", body=b"{}"))
    add("plus sign", c, request(auth, json_type, "Content-Length: +2", body=b"{}"))
    add("trailing letters", c, request(auth, json_type, "Content-Length: 2abc", body=b"{}"))
    add("hexadecimal", c, request(auth, json_type, "Content-Length: 0x2", body=b"{}"))
    add("exponent", c, request(auth, json_type, "Content-Length: 2e0", body=b"{}"))
    add("empty value", c, request(auth, json_type, "Content-Length: ", body=b"{}"))
    add("fullwidth digit", c, request(auth, json_type, "Content-Length: \uff12".encode(), body=b"{}"))
    add("NUL inside", c, request(auth, json_type, b"Content-Length: 2\x00", body=b"{}"))
    add("20 digits", c, request(auth, json_type, "Content-Length: 99999999999999999999", body=b"{}"))
    add("18 digits (beyond the body limit)", c, request(auth, json_type, "Content-Length: 999999999999999999", body=b"{}"))
    add("2^63 - 1", c, request(auth, json_type, "Content-Length: 9223372036854775807", body=b"{}"))
    add("2^64", c, request(auth, json_type, "Content-Length: 18446744073709551616", body=b"{}"))
    add("17 MB (over the 16 MiB limit)", c, request(auth, json_type, "Content-Length: 17000000", body=b"{}"))
    add("duplicate, same value", c, request(auth, json_type, "Content-Length: 2", "Content-Length: 2", body=b"{}"))
    add("list of same value", c, request(auth, json_type, "Content-Length: 2, 2", body=b"{}"))
    add("duplicate, different values", c, request(auth, json_type, "Content-Length: 2", "Content-Length: 3", body=b"{}x"))
    add("list of different values", c, request(auth, json_type, "Content-Length: 2, 3", body=b"{}x"))
    add("longer than the body, then close", c, request(auth, json_type, "Content-Length: 100", body=b"{}"),
        after="shut_wr", expect="wait")
    add("longer than the body, held open", c, request(auth, json_type, "Content-Length: 100", body=b"{}"),
        expect="wait", wait=1.0)
    add("shorter than the body (smuggled request)", c,
        request(auth, json_type, "Content-Length: 2", body=b"{}GET /admin/templates HTTP/1.1\r\nHost: x\r\n\r\n"),
        responses=2, expect="4xx")
    add("shorter than the body (garbage)", c, request(auth, json_type, "Content-Length: 2", body=b"{}\x00\x01garbage\r\n\r\n"),
        responses=2)
    add("body on GET", c, request("GET /health HTTP/1.1", "Content-Length: 5", body=b"hello"), expect="any")
    add("zero with a body following", c, request(auth, json_type, "Content-Length: 0", body=b"{}\r\n\r\n"), responses=2)
    add("spaces around the value", c, request(auth, json_type, "Content-Length:    2   ", body=b"{}"))

    # Transfer-Encoding.
    c = "Transfer-Encoding"
    chunked = "Transfer-Encoding: chunked"
    add("TE chunked + CL", c, request(auth, json_type, chunked, "Content-Length: 4", body=b"2\r\n{}\r\n0\r\n\r\n"))
    add("CL + TE chunked", c, request(auth, json_type, "Content-Length: 4", chunked, body=b"2\r\n{}\r\n0\r\n\r\n"))
    add("TE chunked, chunked", c, request(auth, json_type, "Transfer-Encoding: chunked, chunked", body=b"2\r\n{}\r\n0\r\n\r\n"))
    add("TE twice (two headers)", c, request(auth, json_type, chunked, chunked, body=b"2\r\n{}\r\n0\r\n\r\n"))
    add("TE gzip", c, request(auth, json_type, "Transfer-Encoding: gzip", body=b"{}"), allow_5xx=frozenset({501}))
    add("TE gzip, chunked", c, request(auth, json_type, "Transfer-Encoding: gzip, chunked", body=b"2\r\n{}\r\n0\r\n\r\n"),
        allow_5xx=frozenset({501}))
    add("TE identity", c, request(auth, json_type, "Transfer-Encoding: identity", body=b"{}"), allow_5xx=frozenset({501}))
    add("TE xchunked", c, request(auth, json_type, "Transfer-Encoding: xchunked", body=b"{}"), allow_5xx=frozenset({501}))
    add("TE chunked with vertical tab", c, request(auth, json_type, b"Transfer-Encoding: chunked\x0b", body=b"2\r\n{}\r\n0\r\n\r\n"))
    add("TE with NUL", c, request(auth, json_type, b"Transfer-Encoding: chun\x00ked", body=b"{}"))
    add("TE upper case", c, request(auth, json_type, "Transfer-Encoding: CHUNKED", body=b"2\r\n{}\r\n0\r\n\r\n"))
    add("TE empty value", c, request(auth, json_type, "Transfer-Encoding: ", body=b""), expect="any")
    add("TE chunked on HTTP/1.0", c, request("POST /auth HTTP/1.0", json_type, chunked, body=b"2\r\n{}\r\n0\r\n\r\n"))
    add("chunk size not hex", c, request(auth, json_type, chunked, body=b"zz\r\n{}\r\n0\r\n\r\n"))
    add("negative chunk size", c, request(auth, json_type, chunked, body=b"-2\r\n{}\r\n0\r\n\r\n"))
    add("chunk size 0x prefix", c, request(auth, json_type, chunked, body=b"0x2\r\n{}\r\n0\r\n\r\n"))
    add("chunk size 20 hex digits", c, request(auth, json_type, chunked, body=b"ffffffffffffffffffff\r\n{}\r\n0\r\n\r\n"))
    add("chunk size 2^64 - 1", c, request(auth, json_type, chunked, body=b"ffffffffffffffff\r\n{}\r\n0\r\n\r\n"))
    add("chunk size over 16 MiB", c, request(auth, json_type, chunked, body=b"1000001\r\n{}"))
    add("chunk size with extension", c, request(auth, json_type, chunked, body=b"2;name=value\r\n{}\r\n0\r\n\r\n"))
    add("chunk size with trailing space", c, request(auth, json_type, chunked, body=b"2 \r\n{}\r\n0\r\n\r\n"), expect="any")
    add("chunk size leading zeros", c, request(auth, json_type, chunked, body=b"0002\r\n{}\r\n0\r\n\r\n"))
    add("chunk size line 5 KB", c, request(auth, json_type, chunked, body=b"2;" + b"x" * 5000 + b"\r\n{}\r\n0\r\n\r\n"))
    add("empty chunk size line", c, request(auth, json_type, chunked, body=b"\r\n{}\r\n0\r\n\r\n"))
    add("chunk data longer than its size", c, request(auth, json_type, chunked, body=b"1\r\n{}\r\n0\r\n\r\n"))
    add("chunk without CRLF after data", c, request(auth, json_type, chunked, body=b"2\r\n{}XX0\r\n\r\n"))
    add("last chunk missing, then close", c, request(auth, json_type, chunked, body=b"2\r\n{}\r\n"),
        after="shut_wr", expect="wait")
    add("last chunk missing, held open", c, request(auth, json_type, chunked, body=b"2\r\n{}\r\n"), expect="wait", wait=1.0)
    add("trailers after the last chunk", c, request(auth, json_type, chunked, body=b"2\r\n{}\r\n0\r\nX-Trailer: a\r\n\r\n"))
    add("70 KB of trailers", c, request(auth, json_type, chunked, body=b"2\r\n{}\r\n0\r\nX-T: " + b"a" * 70_000 + b"\r\n\r\n"))
    add("malformed trailer", c, request(auth, json_type, chunked, body=b"2\r\n{}\r\n0\r\nno colon here\r\n\r\n"))
    add("chunked with LF-only lines", c, request(auth, json_type, chunked, body=b"2\n{}\n0\n\n"), expect="any")
    add("10,000 one-byte chunks", c, request(auth, json_type, chunked, body=b"1\r\n \r\n" * 10_000 + b"2\r\n{}\r\n0\r\n\r\n"))
    add("TE chunked smuggling a second request", c,
        request(auth, json_type, chunked, body=b"2\r\n{}\r\n0\r\n\r\nGET /admin/templates HTTP/1.1\r\nHost: x\r\n\r\n"),
        responses=2)

    # Pipelining and connection handling.
    c = "connection"
    add("3 pipelined GET /health", c, health_ok * 3, expect="2xx", responses=3)
    add("100 pipelined GET /health", c, health_ok * 100, expect="2xx", responses=100, wait=10.0)
    add("valid, malformed, valid", c, health_ok + b"BROKEN\r\n\r\n" + health_ok, expect="any", responses=3)
    add("pipelined POST with body and GET", c,
        request(auth, json_type, "Content-Length: 2", body=b"{}") + health_ok, responses=2, expect="any")
    add("pipelined HEAD and GET", c, request("HEAD /health HTTP/1.1") + health_ok, expect="2xx", responses=2,
        head=frozenset({0}))
    add("request split byte by byte", c, [(bytes([b]), 0.01) for b in health_ok], expect="2xx")
    add("slow headers (one line every 0.2 s)", c,
        [(b"GET /health HTTP/1.1\r\n", 0.2)] + [(f"X-Slow-{i}: {i}\r\n".encode(), 0.2) for i in range(8)]
        + [(b"Host: x\r\n\r\n", 0)], expect="2xx")
    add("slow body (one byte every 0.1 s)", c,
        [(b"POST /auth HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 31\r\n\r\n", 0.1)]
        + [(bytes([b]), 0.1) for b in b'{"userName":"a","password":"b"}'])
    add("close after the request line", c, b"GET /health HTTP/1.1\r\n", after="close", expect="wait")
    add("close mid-header", c, b"GET /health HTTP/1.1\r\nHost: x\r\nX-Half: ab", after="close", expect="wait")
    add("reset mid-body", c, request(auth, json_type, "Content-Length: 1000", body=b"{" * 100), after="rst", expect="wait")
    add("half-close after a full request", c, health_ok, after="shut_wr", expect="2xx")
    add("connect and close at once", c, b"", after="close", expect="wait")
    add("connect and stay silent", c, b"", expect="wait", wait=1.0)
    add("connect and reset at once", c, b"", after="rst", expect="wait")
    add("HEAD /health", c, request("HEAD /health HTTP/1.1"), expect="2xx", head=frozenset({0}))
    add("DELETE /health", c, request("DELETE /health HTTP/1.1"))
    add("PATCH / (front door)", c, request("PATCH / HTTP/1.1"))
    cases.append(Case("200 idle connections, then /health", c, [], expect="2xx", run=many_idle_connections(200)))
    cases.append(Case("300 connections opened and reset", c, [], expect="wait", run=connect_reset_storm(300)))
    cases.append(Case("answers to connections reset before reading", c, [], expect="wait",
                      run=reset_before_reading(50, 100_000)))
    cases.append(Case("8 threads x 25 random-byte requests", c, [], expect="any",
                      run=concurrent_garbage(8, 25, seed)))
    cases.append(Case("1,000 idle connections, then /health", c, [], expect="2xx",
                      run=many_idle_connections(1000), full_only=True))
    cases.append(Case("stalled request dropped at the idle timeout (60 s)", c, [], expect="4xx",
                      run=idle_timeout_close(75), full_only=True))

    # Bodies to the app and the front door.
    c = "bodies"
    add("invalid UTF-8 JSON to /auth", c, request(auth, json_type, "Content-Length: 6", body=b'{"\xff":1}'))
    add("JSON with BOM to /auth", c, request(auth, json_type, "Content-Length: 5", body=b"\xef\xbb\xbf{}"))
    add("NULs in JSON to /auth", c, request(auth, json_type, "Content-Length: 4", body=b"{\x00\x00}"))
    add("1 MB of '[' to /reg", c, request("POST /reg HTTP/1.1", json_type, "Content-Length: 1000000", body=b"[" * 1_000_000))
    add("binary body to the front door (unsigned)", c,
        request("POST / HTTP/1.1", "Content-Length: 512", body=bytes(rng.randrange(256) for _ in range(512))))
    add("JSON 1.0 target, no signature", c,
        request("POST / HTTP/1.1", "Content-Type: application/x-amz-json-1.0", "X-Amz-Target: DynamoDB_20120810.ListTables",
                "Content-Length: 2", body=b"{}"))
    add("garbage Authorization to the front door", c,
        request("POST / HTTP/1.1", "Content-Type: application/x-amz-json-1.0", "X-Amz-Target: DynamoDB_20120810.ListTables",
                b"Authorization: AWS4-HMAC-SHA256 Credential=\xff/\x00, SignedHeaders=;;;, Signature=zz",
                "Content-Length: 2", body=b"{}"))
    add("16 MiB body (the limit) to the front door", c,
        request("POST / HTTP/1.1", "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {16 << 20}", body=b"A" * (16 << 20)), wait=15.0, full_only=True)
    add("16 MiB + 1 body", c, request("POST / HTTP/1.1", f"Content-Length: {(16 << 20) + 1}", body=b"A" * 1024))

    # Random garbage, seeded.
    c = "random bytes"
    for index in range(6):
        size = rng.choice([16, 256, 4096, 65_000])
        add(f"random bytes #{index + 1} ({size} B)", c,
            bytes(rng.randrange(256) for _ in range(size)) + b"\r\n\r\n", expect="wait", wait=1.5)
    for index in range(6):
        data = bytearray(request("POST /auth HTTP/1.1", json_type, "Content-Length: 31", body=b'{"userName":"a","password":"b"}'))
        for _ in range(rng.randrange(1, 6)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        add(f"request with flipped bytes #{index + 1}", c, bytes(data), expect="wait", wait=1.5)
    return cases


def judge(case, outcome, strict_5xx):
    """'pass', 'lenient' (safe but not what the RFC asks) or 'fail', and why."""
    statuses = outcome.statuses
    for status in statuses:
        if status >= 500 and (strict_5xx or status not in case.allow_5xx):
            return "fail", f"answered {status}"
    if outcome.garbage:
        return "fail", f"answered bytes that are not HTTP: {common.short(outcome.garbage)}"
    if outcome.terminal == "open" and len(statuses) < case.responses and case.expect not in ("wait",):
        if not (statuses and statuses[-1] >= 400):
            return "fail", f"no answer within {case.wait}s (hang?)"
    if case.expect == "2xx":
        if len(statuses) < case.responses or any(s >= 300 for s in statuses):
            return "fail", f"expected {case.responses} x 2xx, got {statuses or 'no answer'} ({outcome.terminal})"
    elif case.expect == "4xx":
        if statuses and statuses[0] < 400:
            return "lenient", f"answered {statuses[0]} where a 4xx was due" + (f" ({case.rfc})" if case.rfc else "")
    elif case.expect == "any":
        if case.rfc and statuses and statuses[0] < 400:
            return "lenient", f"answered {statuses[0]} ({case.rfc})"
    if case.closes and outcome.terminal == "open":
        return "fail", "kept the connection open after answering, where it must close"
    return "pass", ""


def main():
    parser = common.base_parser(__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1])
    common.add_target_options(parser)
    parser.add_argument("--full", action="store_true",
                        help="also the slow cases: 1,000 idle connections, a 16 MiB body, the 60 s idle timeout")
    parser.add_argument("--seed", type=int, default=1, help="seed of the random-byte cases (default 1)")
    parser.add_argument("--strict", action="store_true", help="fail on lenient outcomes too")
    parser.add_argument("--strict-5xx", action="store_true", help="fail on the RFC's 501 and 505 too")
    parser.add_argument("--only", metavar="TEXT", help="run only the cases whose name contains TEXT")
    parser.add_argument("--verbose", action="store_true", help="print every case's outcome")
    args = parser.parse_args()

    def body(target, report):
        cases = [case for case in build_cases(args.seed) if args.full or not case.full_only]
        if args.only:
            cases = [case for case in cases if args.only.lower() in case.name.lower()]
        common.say(f"[{common.stamp()}] {len(cases)} malformed-HTTP cases against {target.endpoint}")
        by_outcome = common.Tally()
        by_category = {}
        lenient = []
        started = time.monotonic()
        for case in cases:
            try:
                if case.run:
                    statuses, terminal, detail = case.run(target)
                    outcome = Outcome(statuses=statuses, terminal=terminal, detail=detail)
                else:
                    outcome = exchange(target, case)
            except OSError as error:
                outcome = Outcome(terminal="error", detail=f"{type(error).__name__}: {error}")
                verdict, why = "fail", f"could not talk to the server: {error}"
            else:
                verdict, why = judge(case, outcome, args.strict_5xx)
            problem = common.health(target)
            if problem:
                verdict, why = "fail", (why + "; " if why else "") + f"server unhealthy after the case: {problem}"
            if verdict == "lenient":
                lenient.append(f"{case.name}: {why}")
                if args.strict:
                    verdict = "fail"
            if verdict == "fail":
                report.fail(f"[{case.category}] {case.name}: {why}; sent {common.short(b''.join(p for p, _ in case.parts))}")
            by_outcome.add(outcome.klass(case.allow_5xx if not args.strict_5xx else frozenset()), case.name)
            row = by_category.setdefault(case.category, {"cases": 0, "pass": 0, "lenient": 0, "fail": 0})
            row["cases"] += 1
            row[verdict] += 1
            if args.verbose:
                common.say(f"  {verdict:7} {case.category:18} {case.name:48} {outcome.label()} {outcome.detail}")
        elapsed = time.monotonic() - started
        common.say()
        common.say(f"{len(cases)} cases in {elapsed:.1f}s, GET /health checked after each")
        totals = {key: sum(row[key] for row in by_category.values()) for key in ("pass", "lenient", "fail")}
        common.summary(f"{len(cases)} malformed-HTTP cases in {elapsed:.0f}s: {totals['pass']} pass, "
                       f"{totals['lenient']} lenient, {totals['fail']} fail; "
                       + ", ".join(f"{key} {count}" for key, count, _ in by_outcome.rows()))
        common.say()
        common.print_table(["outcome", "cases", "examples"], by_outcome.rows())
        common.say()
        common.print_table(["category", "cases", "pass", "lenient", "fail"],
                           [(name, r["cases"], r["pass"], r["lenient"], r["fail"]) for name, r in by_category.items()])
        if lenient:
            common.say()
            common.say("lenient (safe, but not what the RFC asks):")
            for line in lenient:
                common.say(f"  - {line}")

    common.exit_with(common.run_against_target(args, body))


if __name__ == "__main__":
    main()
