"""What the robustness scripts share: the server under test, SigV4, an HTTP client, /proc
samples, tallies and tables. Python 3 standard library only.

Every network script takes either `--saaslab PATH` (it starts `PATH serve --port 0` with its own
operator key and stops it with SIGINT at the end, which must be clean) or `--endpoint URL` (a
server someone else started; then `--operator-key` and `--admin` say how to sign in, and
`--server-pid` lets the script sample its RSS).
"""
import argparse
import datetime
import hashlib
import hmac
import http.client
import json
import os
import queue
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_BINARY = REPO / ".build" / "release" / "saaslab"
# AWS's published example key: what `saaslab serve` uses unless told otherwise.
EXAMPLE_KEY = ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
# The key the scripts give a server they start, so nothing here depends on the default.
ROBUSTNESS_KEY = ("AKIAROBUSTNESS000001", "robustness/Secret+Key=0123456789abcdefXYZ")
DEFAULT_ADMIN = ("admin", "Admin-Passw0rd!")
STARTUP_SECONDS = 60


def summary(text):
    """The line run_all.py collects for its summary."""
    print(f"SUMMARY: {text}", flush=True)


def stamp():
    return time.strftime("%H:%M:%S")


def say(*parts):
    print(*parts, flush=True)


# -- the server under test ------------------------------------------------------------------


@dataclass
class Target:
    """Where the server listens and how to talk to it as the operator and the app's admin."""
    endpoint: str
    key: tuple
    admin: tuple
    region: str = "us-east-1"
    pid: int | None = None

    @property
    def host(self):
        return urllib.parse.urlsplit(self.endpoint).hostname

    @property
    def port(self):
        return urllib.parse.urlsplit(self.endpoint).port

    @property
    def netloc(self):
        return urllib.parse.urlsplit(self.endpoint).netloc


@dataclass
class Shutdown:
    """How `saaslab serve` stopped."""
    code: int | None
    seconds: float
    said_stopped: bool
    stderr: str

    @property
    def clean(self):
        return self.code == 0 and self.said_stopped

    def describe(self):
        if self.code is None:
            return f"did not exit within {self.seconds:.0f}s of the signal (killed)"
        return f"exit {self.code} after {self.seconds:.2f}s" + ("" if self.said_stopped else ", never printed 'stopped'")


class Server:
    """`saaslab serve --port 0` started here; its output is drained by threads so it never blocks."""

    def __init__(self, binary, key=ROBUSTNESS_KEY, seed=None, extra=()):
        self.binary = str(binary)
        self.key = key
        self.args = [self.binary, "serve", "--port", "0", "--operator-key", f"{key[0]}:{key[1]}", *extra]
        if seed is not None:
            self.args += ["--seed", str(seed)]
        self.process = None
        self.lines = queue.Queue()
        self.stdout = []
        self.stderr = []
        self.target = None

    def start(self):
        if not Path(self.binary).exists():
            raise SystemExit(f"error: no saaslab binary at {self.binary}: build it with `swift build -c release` "
                             "or pass --saaslab PATH")
        self.process = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        stdin=subprocess.DEVNULL, text=True, errors="replace")

        def drain(stream, into, forward):
            for line in stream:
                into.append(line.rstrip("\n"))
                if forward:
                    self.lines.put(line.rstrip("\n"))
            if forward:
                self.lines.put(None)

        threading.Thread(target=drain, args=(self.process.stdout, self.stdout, True), daemon=True).start()
        threading.Thread(target=drain, args=(self.process.stderr, self.stderr, False), daemon=True).start()
        banner = []
        deadline = time.monotonic() + STARTUP_SECONDS
        while not any(line.startswith("  app admin") for line in banner):
            try:
                line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                self.process.kill()
                raise SystemExit(f"error: saaslab serve printed no banner within {STARTUP_SECONDS}s: {banner}")
            if line is None:
                code = self.process.wait()
                raise SystemExit(f"error: saaslab serve exited ({code}) before listening: {self.stderr}")
            banner.append(line)
        endpoint = banner[0].removeprefix("listening on ").strip()
        admin_line = next(line for line in banner if line.startswith("  app admin"))
        user, _, rest = admin_line.removeprefix("  app admin").strip().partition(" / ")
        region = next((line.split()[1] for line in banner if line.startswith("  region")), "us-east-1")
        self.target = Target(endpoint=endpoint, key=self.key, admin=(user.strip(), rest.split()[0]),
                             region=region, pid=self.process.pid)
        return self.target

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def stop(self, sig=signal.SIGINT, timeout=30):
        """Sends `sig` and waits; a server still running after `timeout` is killed."""
        started = time.monotonic()
        if self.alive():
            self.process.send_signal(sig)
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            code = None
        seconds = time.monotonic() - started
        time.sleep(0.05)  # let the drain threads see the last lines
        return Shutdown(code=code, seconds=seconds, said_stopped="stopped" in self.stdout,
                        stderr="\n".join(self.stderr[-20:]))


def add_target_options(parser):
    group = parser.add_argument_group("the server under test")
    group.add_argument("--saaslab", metavar="PATH", default=None,
                       help=f"saaslab binary to start `serve` from (default: {DEFAULT_BINARY.relative_to(REPO)}); "
                            "the script stops it at the end and fails unless it stops cleanly")
    group.add_argument("--endpoint", metavar="URL", help="use an already running `saaslab serve` instead")
    group.add_argument("--operator-key", metavar="AKID:SECRET",
                       help="the operator key of the server at --endpoint (default: AWS's example key)")
    group.add_argument("--admin", metavar="USER:PASSWORD",
                       help="the app's system admin at --endpoint (default: admin:Admin-Passw0rd!)")
    group.add_argument("--server-pid", type=int, metavar="PID", help="the pid behind --endpoint, to sample its RSS")


def run_against_target(args, body):
    """Calls `body(target, report)` against the server the options name and returns the exit
    status: 0 when `report` holds no failure and a server started here stopped cleanly."""
    report = Report()
    server = None
    if args.endpoint:
        key = tuple(args.operator_key.split(":", 1)) if args.operator_key else EXAMPLE_KEY
        admin = tuple(args.admin.split(":", 1)) if args.admin else DEFAULT_ADMIN
        target = Target(endpoint=args.endpoint.rstrip("/"), key=key, admin=admin, pid=args.server_pid)
    else:
        server = Server(args.saaslab or DEFAULT_BINARY)
        target = server.start()
        say(f"[{stamp()}] started {server.binary} serve: {target.endpoint} (pid {target.pid})")
    rss_before = rss_kb(target.pid)
    try:
        body(target, report)
    except KeyboardInterrupt:
        report.fail("interrupted")
    finally:
        if target.pid:
            rss_after = rss_kb(target.pid)
            if rss_before and rss_after:
                say(f"server RSS: {rss_before / 1024:.1f} MB before, {rss_after / 1024:.1f} MB after")
                summary(f"server RSS {rss_before / 1024:.1f} -> {rss_after / 1024:.1f} MB")
        if server is not None:
            if not server.alive():
                report.fail(f"the server died during the run (exit {server.process.returncode}): {server.stderr[-5:]}")
            else:
                shutdown = server.stop(signal.SIGINT)
                say(f"shutdown on SIGINT: {shutdown.describe()}")
                summary(f"shutdown on SIGINT: {shutdown.describe()}")
                if not shutdown.clean:
                    report.fail(f"unclean shutdown on SIGINT: {shutdown.describe()}; stderr: {shutdown.stderr}")
    return report.finish()


# -- results ----------------------------------------------------------------------------------


class Report:
    """Failed properties (each with a way to reproduce it) and known findings."""

    def __init__(self):
        self.failures = []
        self.known = []

    def fail(self, message):
        if len(self.failures) < 200:
            self.failures.append(message)
        elif len(self.failures) == 200:
            self.failures.append("... more failures left out")

    def finding(self, message):
        self.known.append(message)

    def finish(self):
        for message in self.known:
            say(f"FINDING: {message}")
        for message in self.failures:
            say(f"FAIL: {message}")
        say("RESULT: " + ("FAIL" if self.failures else "PASS")
            + (f" ({len(self.failures)} failed properties)" if self.failures else ""))
        return 1 if self.failures else 0


class Tally:
    """Counts by key, with the first few examples of each."""

    def __init__(self):
        self.counts = {}
        self.examples = {}

    def add(self, key, example=None):
        self.counts[key] = self.counts.get(key, 0) + 1
        if example is not None:
            self.examples.setdefault(key, [])
            if len(self.examples[key]) < 3:
                self.examples[key].append(example)

    def total(self):
        return sum(self.counts.values())

    def rows(self, sort_by_count=True):
        items = sorted(self.counts.items(), key=(lambda kv: (-kv[1], str(kv[0]))) if sort_by_count else (lambda kv: str(kv[0])))
        return [(key, count, "; ".join(self.examples.get(key, []))) for key, count in items]


def end_of_run(target, report, started, connection):
    """Checks `GET /health` once more, closes the run's connection; returns the seconds since `started`."""
    problem = health(target)
    if problem:
        report.fail(f"at the end: {problem}")
    connection.close()
    return time.monotonic() - started


def print_counts(title, tally, sort_by_count=True, limit=None):
    rows = tally.rows(sort_by_count=sort_by_count)
    say()
    print_table([title, "requests", ""], [(key, count, "") for key, count, _ in rows[:limit]])
    if limit and len(rows) > limit:
        say(f"... and {len(rows) - limit} more")


def print_table(headers, rows, max_width=110):
    rows = [[str(cell) for cell in row] for row in rows]
    widths = [len(header) for header in headers]
    for row in rows:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], len(cell))
    # The last column (examples) is cut to keep lines readable.
    fixed = sum(widths[:-1]) + 3 * (len(headers) - 1)
    widths[-1] = max(len(headers[-1]), min(widths[-1], max(20, max_width - fixed)))

    def line(cells):
        cells = [cell if len(cell) <= widths[i] else cell[:widths[i] - 1] + "…" for i, cell in enumerate(cells)]
        return " | ".join(cell.ljust(widths[i]) if i < len(cells) - 1 else cell for i, cell in enumerate(cells)).rstrip()

    say(line(headers))
    say("-+-".join("-" * width for width in widths))
    for row in rows:
        say(line(row))


def percentile(sorted_values, fraction):
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, int(round(fraction * (len(sorted_values) - 1)))))
    return sorted_values[index]


def short(data, limit=160):
    """A readable, bounded rendering of bytes or text for reports."""
    if isinstance(data, (bytes, bytearray)):
        text = data[:limit].decode("latin-1")
    else:
        text = str(data)[:limit]
    text = text.encode("unicode_escape").decode("ascii")
    return text + ("…" if len(data) > limit else "")


# -- /proc ------------------------------------------------------------------------------------


def proc_status(pid, field):
    """A number from /proc/PID/status (VmRSS in KiB, Threads), or None."""
    if not pid:
        return None
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def rss_kb(pid):
    """Resident set size of `pid` in KiB, or None."""
    return proc_status(pid, "VmRSS")


def peak_rss_during(pid, work, interval=0.01):
    """Runs `work()` while sampling the RSS of `pid`; returns (its result, RSS before, peak RSS) in KiB."""
    before = rss_kb(pid) or 0
    peak = [before]
    done = threading.Event()

    def sampler():
        while not done.is_set():
            peak[0] = max(peak[0], rss_kb(pid) or 0)
            time.sleep(interval)

    thread = threading.Thread(target=sampler, daemon=True)
    thread.start()
    try:
        result = work()
    finally:
        done.set()
        thread.join()
    return result, before, max(peak[0], rss_kb(pid) or 0)


def amplification_probe(target, report, label, send, body_mb=4, limit=10):
    """Sends one request with a JSON body of `body_mb` MB (a list of one-letter strings, inside
    whatever `send(list_text)` wraps it in) and reports a finding when the server's RSS peaks
    more than `limit` times the body's size above where it was. A lower bound: free space that
    earlier requests left in the heap absorbs part of the peak, so probe a fresh server."""
    elements = body_mb * 250_000
    listed = "[" + ",".join(['"a"'] * elements) + "]"
    started = time.monotonic()
    reply, before, peak = peak_rss_during(target.pid, lambda: send(listed))
    seconds = time.monotonic() - started
    factor = (peak - before) / (len(listed) / 1024)
    line = (f"{label}: a {len(listed) / 1e6:.0f} MB JSON body ({elements:,} list elements) answered {reply.status} "
            f"in {seconds:.1f}s; the server's RSS peaked {(peak - before) / 1024:.0f} MB above its "
            f"{before / 1024:.0f} MB ({factor:.0f}x the body)")
    say(f"amplification: {line}")
    summary(f"amplification: {label}: {factor:.0f}x the body, {seconds:.1f}s")
    if factor > limit:
        report.finding(f"memory amplification: {line}; bodies up to 16 MiB are accepted, so one such request can "
                       f"take about {factor * 16:.0f} MB")


def fd_count(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return None


def thread_count(pid):
    return proc_status(pid, "Threads")


# -- HTTP -------------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    headers: dict
    body: bytes
    seconds: float

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def text(self):
        return self.body.decode("utf-8", "replace")


class Client:
    """One keep-alive connection to the server, reopened when the server closes it."""

    def __init__(self, target, timeout=30):
        self.target = target
        self.timeout = timeout
        self.connection = None

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def request(self, method, path, body=b"", headers=None):
        """Sends one request. Raises `TimeoutError` when no answer comes within the timeout and
        `ConnectionError` when the server drops a fresh connection; a stale keep-alive
        connection closed by the server is retried once on a new one."""
        # Values outside Latin-1 (hostile tokens) travel as their UTF-8 bytes.
        headers = {name: value.encode("utf-8", "surrogatepass") if isinstance(value, str) and not value.isascii() else value
                   for name, value in (headers or {}).items()}
        if isinstance(body, str):
            body = body.encode()
        for attempt in (0, 1):
            fresh = self.connection is None
            if fresh:
                self.connection = http.client.HTTPConnection(self.target.host, self.target.port, timeout=self.timeout)
            started = time.perf_counter()
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                reply = self._reply(response, started)
                if response.will_close:
                    self.close()
                return reply
            except socket.timeout:
                self.close()
                raise TimeoutError(f"{method} {path}: no answer within {self.timeout}s") from None
            except (BrokenPipeError, ConnectionResetError) as error:
                # The server may have answered (413, 431) and closed while the body was still
                # going out: read that answer if it arrived.
                try:
                    reply = self._reply(self.connection.getresponse(), started)
                    self.close()
                    return reply
                except (ConnectionError, http.client.HTTPException, OSError):
                    self.close()
                if fresh or attempt == 1:
                    raise ConnectionError(f"{method} {path}: {type(error).__name__}: {error}") from None
            except (ConnectionError, http.client.HTTPException, OSError) as error:
                self.close()
                if fresh or attempt == 1:
                    raise ConnectionError(f"{method} {path}: {type(error).__name__}: {error}") from None
        raise AssertionError("unreachable")


    @staticmethod
    def _reply(response, started):
        data = response.read()
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, data, time.perf_counter() - started)


def health(target, timeout=10):
    """None when `GET /health` answers 200 {"status":"ok"} on a new connection, else why not."""
    client = Client(target, timeout=timeout)
    try:
        reply = client.request("GET", "/health")
    except (TimeoutError, ConnectionError) as error:
        return f"GET /health failed: {error}"
    finally:
        client.close()
    if reply.status != 200 or reply.json() != {"status": "ok"}:
        return f"GET /health answered {reply.status} {short(reply.body)}"
    return None


# -- SigV4 ------------------------------------------------------------------------------------


def _uri_encode(text, safe="-_.~"):
    return urllib.parse.quote(text, safe=safe)


def canonical_query(query):
    pairs = []
    for part in query.split("&") if query else []:
        name, _, value = part.partition("=")
        pairs.append((_uri_encode(urllib.parse.unquote(name)), _uri_encode(urllib.parse.unquote(value))))
    return "&".join(f"{name}={value}" for name, value in sorted(pairs))


def sigv4_sign(method, url_path, query, headers, body, service, region, key, amz_date=None, session_token=None):
    """Adds `X-Amz-Date` (and the session token) and the `Authorization` header to `headers`
    (a dict with `Host`), signing every header given, as an AWS SDK does for a non-S3 service.
    Returns the headers."""
    if isinstance(body, str):
        body = body.encode()
    amz_date = amz_date or datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    headers = dict(headers)
    headers["X-Amz-Date"] = amz_date
    if session_token:
        headers["X-Amz-Security-Token"] = session_token
    canonical = {}
    for name, value in headers.items():
        lowered = name.lower()
        value = " ".join(str(value).split())
        canonical[lowered] = canonical[lowered] + "," + value if lowered in canonical else value
    signed_headers = ";".join(sorted(canonical))
    # Non-S3 services encode each path segment twice.
    segments = url_path.split("/")
    canonical_uri = "/".join(_uri_encode(_uri_encode(urllib.parse.unquote(segment))) for segment in segments) or "/"
    request = "\n".join([
        method, canonical_uri, canonical_query(query),
        "".join(f"{name}:{canonical[name]}\n" for name in sorted(canonical)),
        signed_headers, hashlib.sha256(body).hexdigest(),
    ])
    day = amz_date[:8]
    scope = f"{day}/{region}/{service}/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(request.encode()).hexdigest()])
    secret = ("AWS4" + key[1]).encode()
    for part in (day, region, service, "aws4_request"):
        secret = hmac.new(secret, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(secret, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["Authorization"] = (f"AWS4-HMAC-SHA256 Credential={key[0]}/{scope}, "
                                f"SignedHeaders={signed_headers}, Signature={signature}")
    return headers


# Three vectors of AWS's SigV4 test suite (get-vanilla, get-vanilla-query-order-key-case,
# post-x-www-form-urlencoded): the signer is checked offline before it meets the platform.
_VECTOR_KEY = ("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
_VECTORS = [
    ("GET", "/", "", {"Host": "example.amazonaws.com"}, b"",
     "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
    ("GET", "/", "Param2=value2&Param1=value1", {"Host": "example.amazonaws.com"}, b"",
     "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
    ("POST", "/", "", {"Content-Type": "application/x-www-form-urlencoded", "Host": "example.amazonaws.com"},
     b"Param1=value1", "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"),
]


def sigv4_self_test():
    for method, path, query, headers, body, expected in _VECTORS:
        signed = sigv4_sign(method, path, query, headers, body, "service", "us-east-1", _VECTOR_KEY,
                            amz_date="20150830T123600Z")
        got = signed["Authorization"].rsplit("Signature=", 1)[1]
        if got != expected:
            raise SystemExit(f"error: the SigV4 signer fails AWS's test vector for {method} {path}?{query}: {got} != {expected}")


class AWS:
    """Signed AWS API calls to the platform's front door over one keep-alive connection."""

    JSON_SERVICES = {
        "dynamodb": ("DynamoDB_20120810", "1.0"),
        "cognito-idp": ("AWSCognitoIdentityProviderService", "1.1"),
        "cognito-identity": ("AWSCognitoIdentityService", "1.1"),
    }
    QUERY_VERSIONS = {"iam": "2010-05-08", "sts": "2011-06-15"}

    def __init__(self, target, key=None, timeout=30):
        self.target = target
        self.key = key or target.key
        self.client = Client(target, timeout=timeout)

    def raw(self, service, body, headers, method="POST", path="/", query="", sign=True, key=None):
        headers = {"Host": self.target.netloc, **headers}
        if sign:
            headers = sigv4_sign(method, path, query, headers, body, service, self.target.region, key or self.key)
        return self.client.request(method, path + ("?" + query if query else ""), body=body, headers=headers)

    def json_call(self, service, operation, payload):
        prefix, version = self.JSON_SERVICES[service]
        body = payload if isinstance(payload, (bytes, str)) else json.dumps(payload)
        return self.raw(service, body, {"Content-Type": f"application/x-amz-json-{version}",
                                        "X-Amz-Target": f"{prefix}.{operation}"})

    def query_call(self, service, operation, parameters):
        items = [("Action", operation), ("Version", self.QUERY_VERSIONS[service])] + list(parameters)
        body = urllib.parse.urlencode(items)
        return self.raw(service, body, {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})

    def call(self, service, operation, payload):
        if service in self.QUERY_VERSIONS:
            return self.query_call(service, operation, payload.items() if isinstance(payload, dict) else payload)
        return self.json_call(service, operation, payload)

    def close(self):
        self.client.close()


def check_signer_against(target):
    """The platform verifies real SigV4: a signed GetCallerIdentity and ListTables must pass,
    and the same request with one byte of the secret changed must be refused."""
    sigv4_self_test()
    aws = AWS(target)
    try:
        sts = aws.call("sts", "GetCallerIdentity", {})
        if sts.status != 200 or b"GetCallerIdentityResult" not in sts.body:
            raise SystemExit(f"error: the platform refused a signed GetCallerIdentity: {sts.status} {short(sts.body, 400)}")
        tables = aws.call("dynamodb", "ListTables", {})
        if tables.status != 200:
            raise SystemExit(f"error: the platform refused a signed ListTables: {tables.status} {short(tables.body, 400)}")
        wrong = (aws.key[0], aws.key[1][:-1] + ("A" if aws.key[1][-1] != "A" else "B"))
        forged = AWS(target, key=wrong)
        refused = forged.call("dynamodb", "ListTables", {})
        forged.close()
        if refused.status != 400 or b"InvalidSignatureException" not in refused.body:
            raise SystemExit(f"error: a request signed with the wrong secret was not refused: {refused.status} {short(refused.body)}")
    finally:
        aws.close()


def aws_error_code(reply):
    """The AWS error code of an error reply (`__type` of JSON, `<Code>` of XML), or None when
    the body is not AWS-shaped."""
    body = reply.body
    parsed = reply.json()
    if isinstance(parsed, dict) and isinstance(parsed.get("__type"), str):
        return parsed["__type"].rsplit("#", 1)[-1]
    if body.lstrip().startswith(b"<") and b"<Code>" in body and b"</Code>" in body:
        return body.split(b"<Code>", 1)[1].split(b"</Code>", 1)[0].decode("utf-8", "replace")
    return None


# -- the SaaS app -----------------------------------------------------------------------------


@dataclass
class Tenant:
    """A tenant registered for a run, with its admin signed in."""
    tenant_id: str
    user_pool_id: str
    user_name: str
    token: str
    extra: dict = field(default_factory=dict)


def app_call(target, method, path, body=None, token=None):
    """One JSON request to the SaaS app on a connection of its own."""
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    client = Client(target)
    try:
        return client.request(method, path, b"" if body is None else json.dumps(body).encode(), headers)
    finally:
        client.close()


def first_sign_in(target, user_pool_id, user_name, password):
    """Reads the user's temporary password from the pool's outbox (signed by the operator) and
    signs in with it, setting `password`; returns the ID token."""
    aws = AWS(target)
    outbox = aws.raw("cognito-idp", b"", {}, method="GET", path=f"/_saaslab/outbox/{user_pool_id}")
    aws.close()
    if outbox.status != 200:
        raise SystemExit(f"error: reading the outbox of {user_pool_id} failed: {outbox.status} {short(outbox.body, 400)}")
    temporary = [m["TemporaryPassword"] for m in outbox.json()["Messages"]
                 if m.get("Username") == user_name and m.get("TemporaryPassword")][-1]
    signed_in = app_call(target, "POST", "/auth", {"userName": user_name, "password": temporary, "newPassword": password})
    if signed_in.status != 200 or "token" not in (signed_in.json() or {}):
        raise SystemExit(f"error: first sign-in of {user_name} failed: {signed_in.status} {short(signed_in.body, 400)}")
    return signed_in.json()["token"]


def register_tenant(target, name, password="Fuzz-Passw0rd!1"):
    """Registers a tenant through `POST /reg` and signs its admin in with a new password."""
    user_name = f"{name}-admin"
    reply = app_call(target, "POST", "/reg", {"companyName": name, "email": f"{name}@example.com", "userName": user_name,
                                              "firstName": "Fuzz", "lastName": "Tenant", "tier": "Basic"})
    if reply.status != 201:
        raise SystemExit(f"error: registering tenant {name} failed: {reply.status} {short(reply.body, 400)}")
    registered = reply.json()
    token = first_sign_in(target, registered["userPoolId"], user_name, password)
    return Tenant(tenant_id=registered["id"], user_pool_id=registered["userPoolId"], user_name=user_name,
                  token=token, extra={"password": password, "registered": registered})


def ensure_product_table(target):
    """Creates `ProductBootcamp` keyed by tenant_id and product_id (Lab 2's answer) unless it exists."""
    aws = AWS(target)
    try:
        reply = aws.call("dynamodb", "CreateTable", {
            "TableName": "ProductBootcamp", "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [{"AttributeName": "tenant_id", "KeyType": "HASH"}, {"AttributeName": "product_id", "KeyType": "RANGE"}],
            "AttributeDefinitions": [{"AttributeName": "tenant_id", "AttributeType": "S"},
                                     {"AttributeName": "product_id", "AttributeType": "S"}]})
    finally:
        aws.close()
    if reply.status != 200 and aws_error_code(reply) != "ResourceInUseException":
        raise SystemExit(f"error: creating ProductBootcamp failed: {reply.status} {short(reply.body, 400)}")


def sign_in(target, user, password):
    reply = app_call(target, "POST", "/auth", {"userName": user, "password": password})
    if reply.status != 200 or "token" not in (reply.json() or {}):
        raise SystemExit(f"error: signing in {user} failed: {reply.status} {short(reply.body, 400)}")
    return reply.json()["token"]


def seeded(seed):
    """The run's random generator, and the seed printed so that a run can be repeated."""
    if seed is None:
        seed = random.SystemRandom().randrange(1 << 32)
    say(f"seed {seed} (repeat with --seed {seed})")
    return random.Random(seed), seed


def base_parser(description, epilog=None):
    return argparse.ArgumentParser(description=description, epilog=epilog,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)


def exit_with(status):
    sys.stdout.flush()
    sys.exit(status)
