#!/usr/bin/env python3
"""A realistic mix of requests over keep-alive connections against `saaslab serve`.

The mix (weights in --mix): `GET /health`; a SaaS app sign-in (`POST /auth`, a PBKDF2 check of
10,000 rounds, so kept rare); a tenant's `GET /products` and `POST /product` with its ID token
(the product ids cycle through 200, so the tenant's partition stays the same size and a soak
measures the server, not the data); and SigV4-signed DynamoDB `GetItem` and `Query` by the
operator on a table of 1,000 items. Setup registers a tenant through `POST /reg` and creates
the tables.

--processes worker processes each run --threads threads, each thread one keep-alive connection
(reopened when the server closes it), for --seconds. Output: requests/s, latency percentiles
and errors, per kind and overall, and the server's RSS before and after.

Properties: every request gets its expected status (200, 201 for a create), no connection
error, no 5xx; `GET /health` answers afterwards.

    python3 scripts/robustness/load.py --saaslab .build/release/saaslab --seconds 60
"""
import json
import math
import multiprocessing
import os
import random
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

DEFAULT_MIX = "health=40,signin=1,products=24,create=10,getitem=15,query=10"
EXPECTED = {"health": 200, "signin": 200, "products": 200, "create": 201, "getitem": 200, "query": 200}
BUCKETS_PER_DECADE = 100


def bucket(seconds):
    return max(0, int(math.log10(max(seconds, 1e-6) * 1e6) * BUCKETS_PER_DECADE))


def bucket_seconds(index):
    return 10 ** (index / BUCKETS_PER_DECADE) / 1e6


class Stats:
    """Counts and a log-bucket latency histogram (1 % resolution) per kind of request."""

    def __init__(self):
        self.requests = {}
        self.errors = {}
        self.examples = {}
        self.histograms = {}
        self.max = {}

    def record(self, kind, seconds, error=None):
        self.requests[kind] = self.requests.get(kind, 0) + 1
        histogram = self.histograms.setdefault(kind, {})
        index = bucket(seconds)
        histogram[index] = histogram.get(index, 0) + 1
        self.max[kind] = max(self.max.get(kind, 0.0), seconds)
        if error:
            self.errors[kind] = self.errors.get(kind, 0) + 1
            examples = self.examples.setdefault(kind, [])
            if len(examples) < 3:
                examples.append(error)

    def merge(self, other):
        for kind, count in other.requests.items():
            self.requests[kind] = self.requests.get(kind, 0) + count
        for kind, count in other.errors.items():
            self.errors[kind] = self.errors.get(kind, 0) + count
        for kind, examples in other.examples.items():
            self.examples.setdefault(kind, []).extend(examples[: 3 - len(self.examples.get(kind, []))])
        for kind, histogram in other.histograms.items():
            mine = self.histograms.setdefault(kind, {})
            for index, count in histogram.items():
                mine[index] = mine.get(index, 0) + count
        for kind, value in other.max.items():
            self.max[kind] = max(self.max.get(kind, 0.0), value)

    def percentile(self, kind, fraction):
        histograms = [self.histograms[kind]] if kind else list(self.histograms.values())
        merged = {}
        for histogram in histograms:
            for index, count in histogram.items():
                merged[index] = merged.get(index, 0) + count
        total = sum(merged.values())
        if not total:
            return float("nan")
        seen = 0
        for index in sorted(merged):
            seen += merged[index]
            if seen >= fraction * total:
                return bucket_seconds(index + 0.5)
        return float("nan")


# -- setup ------------------------------------------------------------------------------------


def prepare(target):
    """A registered tenant (its token for the app) and a DynamoDB table of 1,000 items."""
    common.ensure_product_table(target)
    tenant = common.register_tenant(target, f"load-{random.SystemRandom().randrange(10 ** 9)}")
    aws = common.AWS(target)
    try:
        reply = aws.call("dynamodb", "CreateTable", {
            "TableName": "LoadTable", "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}]})
        if reply.status != 200 and common.aws_error_code(reply) != "ResourceInUseException":
            raise SystemExit(f"error: CreateTable LoadTable: {reply.status} {common.short(reply.body, 300)}")
        for partition in range(10):
            for start in range(0, 100, 25):
                items = [{"PutRequest": {"Item": {"pk": {"S": f"p{partition}"}, "sk": {"S": f"s{index:03d}"},
                                                  "name": {"S": f"item {index}"}, "price": {"N": str(index)}}}}
                         for index in range(start, start + 25)]
                reply = aws.call("dynamodb", "BatchWriteItem", {"RequestItems": {"LoadTable": items}})
                if reply.status != 200:
                    raise SystemExit(f"error: BatchWriteItem LoadTable: {reply.status} {common.short(reply.body, 300)}")
    finally:
        aws.close()
    return {"token": tenant.token, "user": tenant.user_name, "password": tenant.extra["password"]}


# -- the workers ------------------------------------------------------------------------------


class FastReply:
    def __init__(self, status, body):
        self.status = status
        self.body = body


class FastClient:
    """A lean keep-alive HTTP/1.1 client on a raw socket: http.client costs the load generator
    more than the server spends on a request."""

    def __init__(self, target, timeout=30):
        self.address = (target.host, target.port)
        self.host = target.netloc.encode()
        self.timeout = timeout
        self.sock = None
        self.buffer = b""

    def close(self):
        if self.sock is not None:
            self.sock.close()
            self.sock = None
        self.buffer = b""

    def request(self, method, path, body=b"", headers=None):
        if isinstance(body, str):
            body = body.encode()
        head = [f"{method} {path} HTTP/1.1".encode(), b"Host: " + self.host]
        for name, value in (headers or {}).items():
            if name.lower() != "host":
                head.append(f"{name}: {value}".encode())
        if body or method in ("POST", "PUT"):
            head.append(b"Content-Length: " + str(len(body)).encode())
        data = b"\r\n".join(head) + b"\r\n\r\n" + body
        for attempt in (0, 1):
            fresh = self.sock is None
            try:
                if fresh:
                    self.sock = socket.create_connection(self.address, timeout=self.timeout)
                    self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                self.sock.sendall(data)
                return self.read()
            except socket.timeout:
                self.close()
                raise TimeoutError(f"{method} {path}: no answer within {self.timeout}s") from None
            except (OSError, ValueError) as error:
                self.close()
                if fresh or attempt:
                    raise ConnectionError(f"{method} {path}: {type(error).__name__}: {error}") from None
        raise AssertionError("unreachable")

    def read(self):
        while b"\r\n\r\n" not in self.buffer:
            self.fill()
        head, _, rest = self.buffer.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split(b" ", 2)[1])
        length = 0
        close = False
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and value.strip().lower() == b"close":
                close = True
        self.buffer = rest
        while len(self.buffer) < length:
            self.fill()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        if close:
            self.close()
        return FastReply(status, body)

    def fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        self.buffer += chunk


class FastAWS(common.AWS):
    """common.AWS over a FastClient."""

    def __init__(self, target, timeout=30):
        super().__init__(target, timeout=timeout)
        self.client = FastClient(target, timeout=timeout)


def parse_mix(text):
    mix = {}
    for part in text.split(","):
        name, _, weight = part.partition("=")
        if name.strip() not in EXPECTED:
            raise SystemExit(f"error: unknown kind {name!r} in --mix; kinds: {', '.join(EXPECTED)}")
        mix[name.strip()] = float(weight)
    return mix


def one_request(kind, client, aws, state, rng, counter):
    if kind == "health":
        return client.request("GET", "/health")
    if kind == "signin":
        return client.request("POST", "/auth", json.dumps({"userName": state["user"], "password": state["password"]}),
                              {"Content-Type": "application/json"})
    auth = {"Authorization": f"Bearer {state['token']}"}
    if kind == "products":
        return client.request("GET", "/products", b"", auth)
    if kind == "create":
        body = {"product_id": f"load-{counter % 200}", "title": "Load test", "unitCost": rng.randrange(1, 100), "sku": "L-1"}
        return client.request("POST", "/product", json.dumps(body), {**auth, "Content-Type": "application/json"})
    partition = f"p{rng.randrange(10)}"
    if kind == "getitem":
        return aws.json_call("dynamodb", "GetItem", {"TableName": "LoadTable",
                                                     "Key": {"pk": {"S": partition}, "sk": {"S": f"s{rng.randrange(100):03d}"}}})
    return aws.json_call("dynamodb", "Query", {"TableName": "LoadTable", "KeyConditionExpression": "pk = :p AND sk BETWEEN :a AND :b",
                                               "ExpressionAttributeValues": {":p": {"S": partition}, ":a": {"S": "s010"},
                                                                             ":b": {"S": "s019"}}})


def worker_thread(target, state, mix, seed, deadline, stop, stats, lock):
    rng = random.Random(seed)
    kinds, weights = list(mix), list(mix.values())
    client = FastClient(target)
    aws = FastAWS(target)
    local = Stats()
    counter = seed
    while time.monotonic() < deadline and not stop.is_set():
        kind = rng.choices(kinds, weights)[0]
        counter += 1
        started = time.perf_counter()
        try:
            reply = one_request(kind, aws.client if kind in ("getitem", "query") else client, aws, state, rng, counter)
            error = None if reply.status == EXPECTED[kind] else f"{reply.status} {common.short(reply.body, 120)}"
        except (TimeoutError, ConnectionError) as failure:
            if stop.is_set():
                break
            error = f"{type(failure).__name__}: {failure}"
        local.record(kind, time.perf_counter() - started, error)
    client.close()
    aws.close()
    with lock:
        stats.merge(local)


def worker_process(target, state, mix, seed, threads, seconds, stop, results):
    stats = Stats()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    pool = [threading.Thread(target=worker_thread, args=(target, state, mix, seed * 1000 + n, deadline, stop, stats, lock))
            for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    results.put(stats)


def run_load(target, state, mix, seconds, processes, threads, seed, stop=None):
    """Runs the load and returns (Stats, elapsed seconds). `stop` (a multiprocessing Event) ends it early."""
    stop = stop or multiprocessing.Event()
    results = multiprocessing.Queue()
    started = time.monotonic()
    workers = [multiprocessing.Process(target=worker_process,
                                       args=(target, state, mix, seed + n, threads, seconds, stop, results), daemon=True)
               for n in range(processes)]
    for worker in workers:
        worker.start()
    stats = Stats()
    for _ in workers:
        stats.merge(results.get())
    for worker in workers:
        worker.join()
    return stats, time.monotonic() - started


def print_stats(stats, elapsed):
    total = sum(stats.requests.values())
    errors = sum(stats.errors.values())
    rows = []
    for kind in sorted(stats.requests, key=lambda k: -stats.requests[k]):
        rows.append((kind, stats.requests[kind], f"{stats.requests[kind] / elapsed:,.0f}",
                     *(f"{stats.percentile(kind, q) * 1000:.2f}" for q in (0.5, 0.9, 0.99)),
                     f"{stats.max[kind] * 1000:.1f}", stats.errors.get(kind, 0)))
    rows.append(("all", total, f"{total / elapsed:,.0f}", *(f"{stats.percentile(None, q) * 1000:.2f}" for q in (0.5, 0.9, 0.99)),
                 f"{max(stats.max.values(), default=0) * 1000:.1f}", errors))
    common.print_table(["kind", "requests", "per s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors"], rows)
    for kind, examples in stats.examples.items():
        for example in examples:
            common.say(f"  error ({kind}): {example}")


def summarize(stats, elapsed, what):
    total = sum(stats.requests.values())
    common.summary(f"{what}: {total:,} requests in {elapsed:.0f}s, {total / elapsed:,.0f}/s, latency p50 "
                   f"{stats.percentile(None, 0.5) * 1000:.1f} ms, p99 {stats.percentile(None, 0.99) * 1000:.1f} ms, "
                   f"errors {sum(stats.errors.values())}")


def add_load_options(parser, seconds=None, threads=4):
    if seconds is not None:
        parser.add_argument("--seconds", type=float, default=seconds, help=f"how long (default {seconds:g})")
    parser.add_argument("--processes", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--threads", type=int, default=threads,
                        help=f"threads, each a keep-alive connection, per process (default {threads})")
    parser.add_argument("--mix", default=DEFAULT_MIX, help=f"kinds and weights (default {DEFAULT_MIX})")
    parser.add_argument("--seed", type=int, default=1, help="seed of the request choices (default 1)")


def main():
    parser = common.base_parser(__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1])
    common.add_target_options(parser)
    add_load_options(parser, 30)
    args = parser.parse_args()
    mix = parse_mix(args.mix)

    def body(target, report):
        state = prepare(target)
        common.say(f"[{common.stamp()}] load: {args.processes} processes x {args.threads} keep-alive connections for "
                   f"{args.seconds:g}s, mix {args.mix}")
        stats, elapsed = run_load(target, state, mix, args.seconds, args.processes, args.threads, args.seed)
        common.say()
        print_stats(stats, elapsed)
        summarize(stats, elapsed, "load")
        errors = sum(stats.errors.values())
        if errors:
            report.fail(f"{errors} requests did not get their expected status: {stats.examples}")
        problem = common.health(target)
        if problem:
            report.fail(f"after the load: {problem}")

    common.exit_with(common.run_against_target(args, body))


if __name__ == "__main__":
    main()
