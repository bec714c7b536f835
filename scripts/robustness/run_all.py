#!/usr/bin/env python3
"""Every robustness run, in order, with a summary: the whole quick set takes 4 to 6 minutes
on two cores; --full takes the sizes of the recorded attack run (about 45 minutes).

One `saaslab serve` is started on a free port and shared by the network runs (malformed HTTP,
AWS fuzz, app fuzz, load), so each leaves its state to the next; its RSS is read between runs,
and at the end it must still answer `GET /health` and stop cleanly on SIGINT. The lab mutation
and hostile workspace runs start saaslab themselves; the soak starts its own server and stops it
with SIGTERM under load. Each run's full output goes to --logs.

    swift build -c release
    python3 scripts/robustness/run_all.py --saaslab .build/release/saaslab          # quick
    python3 scripts/robustness/run_all.py --saaslab .build/release/saaslab --full   # the recorded sizes
    python3 scripts/robustness/run_all.py --only http,labs --full

Exit status 0 when every run passed.
"""
import os
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

# name: (script, uses the shared server, quick arguments, full arguments)
RUNS = {
    "http": ("http_malformed.py", True, [], ["--full"]),
    "aws": ("aws_fuzz.py", True, ["--count", "10000", "--seed", "1"], ["--count", "204000", "--seed", "1"]),
    "app": ("app_fuzz.py", True, ["--count", "10000", "--seed", "1"], ["--count", "361000", "--seed", "1"]),
    "labs": ("labs_mutate.py", False, ["--count", "300", "--seed", "1"], ["--count", "3500", "--seed", "1"]),
    "workspaces": ("workspaces_hostile.py", False, [], ["--full"]),
    "load": ("load.py", True, ["--seconds", "30"], ["--seconds", "300"]),
    "soak": ("soak.py", False, ["--minutes", "1", "--interval", "3"], ["--minutes", "5"]),
}


def main():
    parser = common.base_parser(__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--saaslab", metavar="PATH", default=str(common.DEFAULT_BINARY),
                        help="the release saaslab binary (default .build/release/saaslab)")
    parser.add_argument("--full", action="store_true", help="the recorded sizes instead of the quick ones")
    parser.add_argument("--only", metavar="NAMES", help=f"comma-separated runs among {', '.join(RUNS)}")
    parser.add_argument("--logs", metavar="DIR", help="where each run's output goes (default: a new temporary folder)")
    args = parser.parse_args()
    binary = os.path.abspath(args.saaslab)
    if not os.access(binary, os.X_OK):
        raise SystemExit(f"error: no saaslab binary at {binary}: build it with `swift build -c release`")
    names = args.only.split(",") if args.only else list(RUNS)
    unknown = [name for name in names if name not in RUNS]
    if unknown:
        raise SystemExit(f"error: unknown run {unknown}; runs: {', '.join(RUNS)}")
    logs = args.logs or tempfile.mkdtemp(prefix="saaslab-robustness-")
    os.makedirs(logs, exist_ok=True)
    revision = subprocess.run(["git", "-C", str(common.REPO), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True).stdout.strip() or "?"
    common.say(f"saaslab robustness runs ({'full' if args.full else 'quick'}): {binary}, commit {revision}, "
               f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M')}; logs in {logs}")

    server = None
    if any(RUNS[name][1] for name in names):
        server = common.Server(binary)
        target = server.start()
        common.say(f"shared server: {target.endpoint} (pid {target.pid}), RSS {common.rss_kb(target.pid) / 1024:.1f} MB")
    results = []
    for name in names:
        script, shared, quick, full = RUNS[name]
        command = [sys.executable, os.path.join(HERE, script)] + (full if args.full else quick)
        if shared:
            key = f"{server.key[0]}:{server.key[1]}"
            command += ["--endpoint", target.endpoint, "--operator-key", key, "--admin", ":".join(target.admin),
                        "--server-pid", str(target.pid)]
        else:
            command += ["--saaslab", binary]
        log = os.path.join(logs, f"{name}.log")
        common.say(f"[{common.stamp()}] {name}: {' '.join(command[1:])}")
        started = time.monotonic()
        with open(log, "w") as out:
            code = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, cwd=logs).returncode
        seconds = time.monotonic() - started
        with open(log) as out:
            lines = out.read().splitlines()
        summaries = [line.removeprefix("SUMMARY: ") for line in lines if line.startswith("SUMMARY: ")]
        findings = [line for line in lines if line.startswith(("FAIL: ", "FINDING: "))]
        rss = f", shared server RSS {common.rss_kb(target.pid) / 1024:.1f} MB" if shared and server.alive() else ""
        verdict = "PASS" if code == 0 else f"FAIL (exit {code})"
        common.say(f"[{common.stamp()}] {name}: {verdict} in {seconds:.0f}s{rss}")
        for line in summaries:
            common.say(f"    {line}")
        for line in findings[:10]:
            common.say(f"    {line[:300]}")
        if code != 0 and not findings:
            for line in lines[-15:]:
                common.say(f"    | {line}")
        results.append((name, verdict, seconds, summaries))
        if shared and not server.alive():
            common.say(f"the shared server died (exit {server.process.returncode}); stopping")
            break

    if server is not None:
        problem = common.health(target) if server.alive() else "the server is gone"
        rss = common.rss_kb(target.pid)
        shutdown = server.stop(signal.SIGINT)
        verdict = "PASS" if problem is None and shutdown.clean else "FAIL"
        detail = f"health {'ok' if problem is None else problem}; RSS at the end {rss / 1024 if rss else 0:.1f} MB; " \
                 f"SIGINT: {shutdown.describe()}"
        results.append(("shared server", verdict, 0.0, [detail]))
        common.say(f"shared server: {verdict}: {detail}")

    common.say()
    common.say("summary:")
    for name, verdict, seconds, summaries in results:
        common.say(f"  {name:14} {verdict:14} {seconds:6.0f}s")
        for line in summaries:
            common.say(f"      {line}")
    failed = [name for name, verdict, _, _ in results if verdict != "PASS"]
    common.say()
    common.say("RESULT: " + ("PASS" if not failed else f"FAIL ({', '.join(failed)})") + f"; logs in {logs}")
    common.exit_with(1 if failed else 0)


if __name__ == "__main__":
    main()
