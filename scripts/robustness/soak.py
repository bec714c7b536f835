#!/usr/bin/env python3
"""A soak: load.py's mix for --minutes while the server's RSS, open descriptors and threads are
sampled from /proc every --interval seconds; then a clean shutdown under load.

Properties:
- RSS stays flat: after a warm-up (the first fifth of the run), the least-squares trend of the
  samples projects less than --tolerance-mb of growth over the rest of the run, and no sample
  exceeds the first post-warm-up sample by more than twice that;
- descriptors do not leak: once the load's connections are closed, the count is back within 5
  of what it was before the load;
- every request of the soak gets its expected status (as in load.py);
- shutdown is clean: with a burst of load in flight, --signal (SIGTERM by default; SIGINT too
  with --signal INT) makes `saaslab serve` finish the requests in flight, print `stopped` and
  exit 0 within 20 seconds. (Needs a server started here: with --endpoint the shutdown is
  skipped and --server-pid is required for the samples.)

    python3 scripts/robustness/soak.py --saaslab .build/release/saaslab --minutes 5
"""
import multiprocessing
import os
import signal
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import load  # noqa: E402


def trend(samples):
    """Least-squares slope (KiB per second) of (seconds, KiB) samples."""
    if len(samples) < 2:
        return 0.0
    n = len(samples)
    mean_t = sum(t for t, _ in samples) / n
    mean_v = sum(v for _, v in samples) / n
    var = sum((t - mean_t) ** 2 for t, _ in samples)
    return 0.0 if var == 0 else sum((t - mean_t) * (v - mean_v) for t, v in samples) / var


def sample(pid, started):
    return {"t": time.monotonic() - started, "rss": common.rss_kb(pid), "fds": common.fd_count(pid),
            "threads": common.thread_count(pid)}


def main():
    parser = common.base_parser(__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1])
    common.add_target_options(parser)
    load.add_load_options(parser)
    parser.add_argument("--minutes", type=float, default=5, help="how long the soak runs (default 5)")
    parser.add_argument("--interval", type=float, default=5, help="seconds between /proc samples (default 5)")
    parser.add_argument("--tolerance-mb", type=float, default=8, help="allowed RSS growth after the warm-up (default 8)")
    parser.add_argument("--signal", choices=["TERM", "INT"], default="TERM", help="the shutdown signal (default TERM)")
    args = parser.parse_args()
    mix = load.parse_mix(args.mix)
    report = common.Report()
    server = None
    if args.endpoint:
        if not args.server_pid:
            raise SystemExit("error: with --endpoint, pass --server-pid so the soak can sample the server")
        target = common.Target(endpoint=args.endpoint.rstrip("/"),
                               key=tuple(args.operator_key.split(":", 1)) if args.operator_key else common.EXAMPLE_KEY,
                               admin=tuple(args.admin.split(":", 1)) if args.admin else common.DEFAULT_ADMIN,
                               pid=args.server_pid)
    else:
        server = common.Server(args.saaslab or common.DEFAULT_BINARY)
        target = server.start()
        common.say(f"[{common.stamp()}] started {server.binary} serve: {target.endpoint} (pid {target.pid})")
    try:
        state = load.prepare(target)
        started = time.monotonic()
        baseline = sample(target.pid, started)
        seconds = args.minutes * 60
        common.say(f"[{common.stamp()}] soak: {seconds:.0f}s of load ({args.processes} processes x {args.threads} "
                   f"connections, mix {args.mix}), /proc/{target.pid} sampled every {args.interval:g}s")
        common.say(f"  before the load: RSS {baseline['rss'] / 1024:.1f} MB, {baseline['fds']} fds, {baseline['threads']} threads")
        result = {}

        def soak_load():
            result["stats"], result["elapsed"] = load.run_load(target, state, mix, seconds, args.processes, args.threads,
                                                               args.seed)

        runner = threading.Thread(target=soak_load, daemon=True)
        runner.start()
        samples = []
        next_print = 0.0
        while runner.is_alive():
            runner.join(timeout=args.interval)
            point = sample(target.pid, started)
            if point["rss"] is None:
                report.fail(f"the server process {target.pid} is gone after {point['t']:.0f}s")
                break
            samples.append(point)
            if point["t"] >= next_print:
                common.say(f"  {point['t']:6.0f}s  RSS {point['rss'] / 1024:6.1f} MB  fds {point['fds']:4d}  "
                           f"threads {point['threads']}")
                next_print += 30
        runner.join()
        time.sleep(2)
        after = sample(target.pid, started)
        stats, elapsed = result.get("stats"), result.get("elapsed", 1)
        common.say()
        if stats:
            load.print_stats(stats, elapsed)
            load.summarize(stats, elapsed, f"soak of {args.minutes:g} min")
            if sum(stats.errors.values()):
                report.fail(f"{sum(stats.errors.values())} requests did not get their expected status: {stats.examples}")
        # RSS: flat after the warm-up.
        warm = [s for s in samples if s["t"] >= seconds / 5]
        if len(warm) >= 3:
            slope = trend([(s["t"], s["rss"]) for s in warm])
            window = warm[-1]["t"] - warm[0]["t"]
            growth_mb = slope * window / 1024
            peak_mb = (max(s["rss"] for s in warm) - warm[0]["rss"]) / 1024
            rss = [s["rss"] / 1024 for s in samples]
            common.say()
            common.say(f"RSS: {rss[0]:.1f} MB at the first sample, {min(rss):.1f} to {max(rss):.1f} MB over the run, "
                       f"{rss[-1]:.1f} MB at the end; after the warm-up the trend is {slope * 3600 / 1024:+.1f} MB/h "
                       f"({growth_mb:+.2f} MB over {window:.0f}s), the peak {peak_mb:+.1f} MB above its first sample")
            common.summary(f"RSS {rss[0]:.1f} -> {rss[-1]:.1f} MB (range {min(rss):.1f}-{max(rss):.1f}), "
                           f"trend after warm-up {slope * 3600 / 1024:+.1f} MB/h")
            if growth_mb > args.tolerance_mb:
                report.fail(f"RSS grows: {growth_mb:+.1f} MB over {window:.0f}s after the warm-up (tolerance {args.tolerance_mb} MB)")
            if peak_mb > 2 * args.tolerance_mb:
                report.fail(f"RSS peaked {peak_mb:.1f} MB above its post-warm-up start (tolerance {2 * args.tolerance_mb} MB)")
        else:
            report.fail(f"too few samples ({len(samples)}) to judge the RSS: run longer or sample more often")
        fds = [s["fds"] for s in samples]
        common.say(f"descriptors: {baseline['fds']} before the load, at most {max(fds, default=0)} during it, "
                   f"{after['fds']} after it; threads at most {max((s['threads'] for s in samples), default=0)}")
        common.summary(f"fds {baseline['fds']} before, max {max(fds, default=0)} during, {after['fds']} after")
        if after["fds"] is not None and after["fds"] > baseline["fds"] + 5:
            report.fail(f"descriptors leak: {baseline['fds']} before the load, {after['fds']} 2 s after it")
        problem = common.health(target)
        if problem:
            report.fail(f"after the soak: {problem}")
        if server is not None:
            shutdown_under_load(server, target, state, mix, args, report)
        else:
            common.say("shutdown: skipped (the server was not started here)")
    finally:
        if server is not None and server.alive():
            server.stop(signal.SIGKILL, timeout=5)
    common.exit_with(report.finish())


def shutdown_under_load(server, target, state, mix, args, report):
    """A burst of load, and the signal one second into it."""
    stop = multiprocessing.Event()
    burst = threading.Thread(target=load.run_load, args=(target, state, mix, 10, 1, 4, args.seed + 99, stop), daemon=True)
    burst.start()
    time.sleep(1)
    sig = signal.SIGTERM if args.signal == "TERM" else signal.SIGINT
    shutdown = server.stop(sig, timeout=20)
    stop.set()
    burst.join(timeout=30)
    common.say(f"shutdown on SIG{args.signal} with load in flight: {shutdown.describe()}; it printed "
               + ", ".join(repr(line) for line in server.stdout[-2:]))
    common.summary(f"shutdown on SIG{args.signal} under load: {shutdown.describe()}")
    if not shutdown.clean:
        report.fail(f"unclean shutdown on SIG{args.signal}: {shutdown.describe()}; stderr: {shutdown.stderr}")


if __name__ == "__main__":
    main()
