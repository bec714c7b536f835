#!/usr/bin/env python3
"""Slow clients against a running `saaslab serve`: /health latency and the server's memory.

Holds --slow connections that trickle a request head one byte every --interval seconds, and
--stallers connections that each send a large Content-Length, most of that body at once, then
trickle the rest one byte every --interval seconds. A connection the server closes is opened
again after --reconnect seconds, as an attacker would. Meanwhile a fresh connection asks
GET /health every --probe seconds, and the server's RSS is read from /proc/PID/status.

    swift build -c release
    ulimit -Sn 1024                                    # the usual default, which serve raises
    .build/release/saaslab serve --port 8080 &
    python3 scripts/slow-clients.py --port 8080 --slow 1100 --stallers 100 --seconds 60

Prints a row every --report seconds (before, during and after the attack) and a summary.
Standard library only; Linux (it reads /proc). The server's process is found by the port it
listens on, or given with --pid.
"""
import argparse
import os
import resource
import selectors
import socket
import statistics
import threading
import time

SLOW_HEAD = b"GET /health HTTP/1.1\r\nHost: slow\r\nX-Slow: "


def listening_pid(port):
    """The pid of the process with a socket listening on `port`, found through /proc."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as lines:
                next(lines)
                for line in lines:
                    fields = line.split()
                    if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "0A":
                        inodes.add(fields[9])
        except OSError:
            continue
    targets = {f"socket:[{inode}]" for inode in inodes}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                if os.readlink(f"/proc/{pid}/fd/{fd}") in targets:
                    return int(pid)
        except OSError:
            continue
    return None


def server_stats(pid):
    """(RSS MiB, peak RSS MiB, open descriptors) of the server, or Nones once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            fields = dict(line.split(":", 1) for line in status)
        kib = lambda name: int(fields[name].split()[0])
        return kib("VmRSS") / 1024, kib("VmHWM") / 1024, len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return None, None, None


class Prober(threading.Thread):
    """Asks GET /health on a fresh connection every `every` seconds; records (time, ms or None)."""

    def __init__(self, host, port, every, timeout):
        super().__init__(daemon=True)
        self.address, self.every, self.timeout = (host, port), every, timeout
        self.results, self.lock, self.stopped = [], threading.Lock(), threading.Event()

    def probe(self):
        start = time.monotonic()
        try:
            with socket.create_connection(self.address, timeout=self.timeout) as sock:
                sock.settimeout(max(0.01, self.timeout - (time.monotonic() - start)))
                sock.sendall(b"GET /health HTTP/1.1\r\nHost: probe\r\nConnection: close\r\n\r\n")
                reply = b""
                while b'"ok"' not in reply:
                    chunk = sock.recv(4096)
                    if not chunk:
                        return None
                    reply += chunk
                return (time.monotonic() - start) * 1000 if reply.startswith(b"HTTP/1.1 200") else None
        except OSError:
            return None

    def run(self):
        while not self.stopped.is_set():
            began = time.monotonic()
            result = self.probe()
            with self.lock:
                self.results.append((began, result))
            self.stopped.wait(max(0, self.every - (time.monotonic() - began)))

    def window(self, since):
        with self.lock:
            return [ms for began, ms in self.results if began >= since]


class Attack:
    """The slow connections and body stallers, on one non-blocking selector loop."""

    def __init__(self, options):
        self.options = options
        self.address = (options.host, options.port)
        self.selector = selectors.DefaultSelector()
        self.open = {"slow": 0, "staller": 0}
        self.closed_by_server = {"slow": 0, "staller": 0}
        self.statuses = {}
        self.connect_failures = 0
        self.reopen = []  # (time, kind)
        head = (f"POST {options.path} HTTP/1.1\r\nHost: staller\r\nContent-Type: application/json\r\n"
                f"Content-Length: {options.content_length}\r\n\r\n").encode()
        self.staller_burst = memoryview(head + b"{" * options.staller_bytes)

    def start(self):
        now = time.monotonic()
        # Spread the first connections over one interval, so their trickles are spread too.
        for index in range(self.options.slow):
            self.reopen.append((now + self.options.interval * index / max(1, self.options.slow), "slow"))
        for index in range(self.options.stallers):
            self.reopen.append((now + index * 0.01, "staller"))

    def connect(self, kind, now):
        sock = socket.socket(socket.AF_INET6 if ":" in self.address[0] else socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        try:
            sock.connect_ex(self.address)
        except OSError:
            sock.close()
            self.connect_failures += 1
            self.reopen.append((now + self.options.reconnect, kind))
            return
        state = {"kind": kind, "connected": False, "pending": None, "next": now, "sent": 0, "status": None}
        self.selector.register(sock, selectors.EVENT_WRITE, state)
        self.open[kind] += 1

    def drop(self, sock, state, now, by_server=True):
        self.selector.unregister(sock)
        sock.close()
        self.open[state["kind"]] -= 1
        if by_server:
            self.closed_by_server[state["kind"]] += 1
            self.reopen.append((now + self.options.reconnect, state["kind"]))

    def send(self, sock, state, now):
        """Sends what is pending; returns False if the connection is gone."""
        try:
            while state["pending"]:
                sent = sock.send(state["pending"])
                state["pending"] = state["pending"][sent:]
        except BlockingIOError:
            return True
        except OSError:
            self.drop(sock, state, now)
            return False
        return True

    def step(self, now):
        due = [item for item in self.reopen if item[0] <= now]
        self.reopen = [item for item in self.reopen if item[0] > now]
        for _, kind in due:
            self.connect(kind, now)
        for key, mask in self.selector.select(timeout=0.02):
            sock, state = key.fileobj, key.data
            if not state["connected"]:
                if sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) != 0:
                    self.drop(sock, state, now)
                    self.connect_failures += 1
                    continue
                state["connected"] = True
                state["pending"] = self.staller_burst if state["kind"] == "staller" else memoryview(SLOW_HEAD[:1])
                state["sent"] = 1
                state["next"] = now + self.options.interval
            if mask & selectors.EVENT_READ:
                try:
                    data = sock.recv(65536)
                except OSError:
                    data = b""
                if data and state["status"] is None and data.startswith(b"HTTP/1."):
                    state["status"] = data[9:12].decode()
                    self.statuses[state["status"]] = self.statuses.get(state["status"], 0) + 1
                if not data:
                    self.drop(sock, state, now)
                    continue
            if not self.send(sock, state, now):
                continue
            self.selector.modify(sock, selectors.EVENT_READ | (selectors.EVENT_WRITE if state["pending"] else 0), state)
        for key in list(self.selector.get_map().values()):
            sock, state = key.fileobj, key.data
            if state["connected"] and not state["pending"] and state["next"] <= now:
                index = state["sent"]
                state["pending"] = memoryview(SLOW_HEAD[index:index + 1] if state["kind"] == "slow" and index < len(SLOW_HEAD) else b"a")
                state["sent"] += 1
                state["next"] = now + self.options.interval
                if self.send(sock, state, now) and state["pending"]:
                    self.selector.modify(sock, selectors.EVENT_READ | selectors.EVENT_WRITE, state)

    def stop(self):
        for key in list(self.selector.get_map().values()):
            self.drop(key.fileobj, key.data, time.monotonic(), by_server=False)
        self.reopen = []


def summarise(latencies):
    answered = sorted(ms for ms in latencies if ms is not None)
    failed = len(latencies) - len(answered)
    if not answered:
        return f"{0:>4} {failed:>4} {'-':>8} {'-':>8}"
    p50 = statistics.median(answered)
    return f"{len(answered):>4} {failed:>4} {p50:>8.1f} {answered[-1]:>8.1f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--pid", type=int, help="the server's pid (default: whoever listens on --port)")
    parser.add_argument("--slow", type=int, default=1100, help="connections trickling a head (default 1100)")
    parser.add_argument("--stallers", type=int, default=100, help="connections stalling inside a body (default 100)")
    parser.add_argument("--interval", type=float, default=5, help="seconds between trickled bytes (default 5)")
    parser.add_argument("--path", default="/auth", help="where the stallers post (default /auth)")
    parser.add_argument("--content-length", type=int, default=16 * 1024 * 1024, help="the stallers' declared length (default 16 MiB)")
    parser.add_argument("--staller-bytes", type=int, default=15 * 1024 * 1024, help="body bytes a staller sends at once (default 15 MiB)")
    parser.add_argument("--reconnect", type=float, default=1, help="seconds before reopening a closed connection (default 1)")
    parser.add_argument("--seconds", type=float, default=60, help="how long the attack lasts (default 60)")
    parser.add_argument("--baseline", type=float, default=5, help="seconds measured before it (default 5)")
    parser.add_argument("--after", type=float, default=15, help="seconds measured after it (default 15)")
    parser.add_argument("--probe", type=float, default=0.5, help="seconds between /health probes (default 0.5)")
    parser.add_argument("--timeout", type=float, default=5, help="seconds a probe may take before it counts as failed (default 5)")
    parser.add_argument("--report", type=float, default=5, help="seconds between rows (default 5)")
    options = parser.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if options.slow + options.stallers + 64 > hard:
        parser.error(f"this process may open only {hard} files; lower --slow or --stallers")
    pid = options.pid or listening_pid(options.port)
    if pid is None:
        parser.error(f"no process listens on port {options.port}; pass --pid")

    prober = Prober(options.host, options.port, options.probe, options.timeout)
    attack = Attack(options)
    print(f"server pid {pid}; {options.slow} slow connections (a byte every {options.interval:g} s), "
          f"{options.stallers} stallers ({options.staller_bytes >> 20} MiB of {options.content_length >> 20} MiB to {options.path}), "
          f"{options.seconds:g} s")
    print(f"{'t s':>5} {'phase':<8} {'slow':>5} {'stall':>5} {'cut':>6} {'ok':>4} {'fail':>4} {'p50 ms':>8} {'max ms':>8} {'RSS MiB':>8} {'fds':>6}")
    summary = {}
    began = time.monotonic()
    phases = [("before", options.baseline), ("attack", options.seconds), ("after", options.after)]
    prober.start()
    for phase, length in phases:
        phase_start = time.monotonic()
        if phase == "attack":
            attack.start()
        if phase == "after":
            attack.stop()
        window_start = phase_start
        peak = 0
        while True:
            now = time.monotonic()
            if phase == "attack":
                attack.step(now)
            else:
                time.sleep(0.05)
            if now - window_start >= options.report or now - phase_start >= length:
                rss, _, fds = server_stats(pid)
                peak = max(peak, rss or 0)
                cut = sum(attack.closed_by_server.values())
                print(f"{now - began:>5.0f} {phase:<8} {attack.open['slow']:>5} {attack.open['staller']:>5} {cut:>6} "
                      f"{summarise(prober.window(window_start))} {rss or 0:>8.0f} {fds or 0:>6}", flush=True)
                window_start = now
                if now - phase_start >= length:
                    summary[phase] = (prober.window(phase_start), peak, rss)
                    break
    prober.stopped.set()

    print()
    print(f"responses seen by attack connections: {dict(sorted(attack.statuses.items())) or 'none'}; "
          f"closed by the server: {attack.closed_by_server}; failed connects: {attack.connect_failures}")
    print(f"{'phase':<8} {'/health ok':>10} {'failed':>7} {'p50 ms':>8} {'max ms':>8} {'peak RSS MiB':>13} {'RSS at end MiB':>15}")
    for phase, (latencies, peak, last) in summary.items():
        answered = sorted(ms for ms in latencies if ms is not None)
        p50 = f"{statistics.median(answered):.1f}" if answered else "-"
        worst = f"{answered[-1]:.1f}" if answered else "-"
        print(f"{phase:<8} {len(answered):>10} {len(latencies) - len(answered):>7} {p50:>8} {worst:>8} {peak:>13.0f} {last or 0:>15.0f}")


if __name__ == "__main__":
    main()
