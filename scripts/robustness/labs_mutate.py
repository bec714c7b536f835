#!/usr/bin/env python3
"""The shipped lab files, mutated, loaded by `saaslab list --labs DIR`.

saaslab has no `check` command: `list` is the one that loads a course's lab files (front
matter, Hurl steps, attributes, the load-time checks) and nothing else, so each mutant is put
alone in a fresh folder and listed. Mutations (seeded): byte flips, NULs and invalid UTF-8, line
deletions, duplications and swaps, truncation, CRLF and BOM, fence mangling (too few or many
backticks, a lost or stray fence, another info string), attribute mangling (bad, huge, negative,
duplicate or unknown attributes, unbalanced quotes, `needs` of unknown or later steps, odd
timeouts), front matter mangling, template and Hurl mangling (unclosed `{{`, unknown variables,
bad status lines, JSONPath garbage, deep JSON bodies), and huge repeats (a line
100,000 times, the whole file 50 times, a 1 MB line).

Properties, per mutant: `list` exits 0 (the mutant is still a valid lab) or 2 (the documented
"lab file could not be read") with an error that names the file and a line
(`FILE:LINE:COLUMN: message`); never a signal, never another code, never the per-run timeout.
Maximum RSS comes from /usr/bin/time -v when it is there, else from getrusage of the children.
Mutants that fail are kept in --keep for reproduction. Each shipped file is also loaded as is
(it must load) and with CRLF line endings (reported when it does not).

    python3 scripts/robustness/labs_mutate.py --saaslab .build/release/saaslab --count 3500 --seed 1
"""
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

ERROR_LINE = re.compile(r"^(?P<file>[^\n]+?\.md):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$", re.M)
TIME = "/usr/bin/time"


def lines_of(data):
    return data.split(b"\n")


def join(lines):
    return b"\n".join(lines)


def fence_lines(lines):
    return [index for index, line in enumerate(lines) if line.startswith(b"```")]


def attribute_lines(lines):
    return [index for index, line in enumerate(lines) if line.startswith(b"```") and b"{" in line]


def replace_line(rng, lines, indexes, make):
    if not indexes:
        return lines
    index = rng.choice(indexes)
    return lines[:index] + [make(lines[index])] + lines[index + 1:]


ATTRIBUTE_CHANGES = [
    lambda line: re.sub(rb"points=\d+", b"points=-1", line),
    lambda line: re.sub(rb"points=\d+", b"points=99999999999999999999999", line),
    lambda line: re.sub(rb"points=\d+", b"points=abc", line),
    lambda line: re.sub(rb"id=[\w-]+", b"id=", line),
    lambda line: re.sub(rb"id=[\w-]+", b"id=onboarding-duplicate", line),
    lambda line: line.replace(b"}", b" point=3}"),
    lambda line: line.replace(b"}", b' hint="unclosed}'),
    lambda line: line.replace(b"}", b' hint="' + b"h" * 100_000 + b'"}'),
    lambda line: line.replace(b"}", b" needs=no-such-step}"),
    lambda line: line.replace(b"}", b" timeout=0ms}"),
    lambda line: line.replace(b"}", b" timeout=99999999999999999999m}"),
    lambda line: line.replace(b"}", b" timeout=abc}"),
    lambda line: line.replace(b"}", b" exercise=maybe}"),
    lambda line: line.replace(b"}", b' note="\\u{110000}\\u{d800}\\q"}'),
    lambda line: line.replace(b"}", b" " + b"x=y " * 10_000 + b"}"),
    lambda line: line.replace(b"{", b"{{"),
    lambda line: line.replace(b"}", b""),
    lambda line: line.replace(b"{", b""),
    lambda line: line.replace(b"{", b"{\x00"),
    lambda line: line + b" trailing",
]

FENCE_CHANGES = [
    lambda line: line.replace(b"```", b"``", 1),
    lambda line: line.replace(b"```", b"````", 1),
    lambda line: line.replace(b"```hurl", b"```hur", 1),
    lambda line: line.replace(b"```hurl", b"```json", 1),
    lambda line: line.replace(b"```", b"   ```", 1),
    lambda line: b"",
    lambda line: line + b"\n```hurl {id=stray}",
    lambda line: line + b"\n```",
    lambda line: b"~~~" + line[3:],
]

HURL_CHANGES = [
    (rb"HTTP \d+", [b"HTTP 2000", b"HTTP -1", b"HTTP/9.9 200", b"HTTP", b"HTTP abc"]),
    (rb"^(GET|POST|PUT|DELETE) ", [b"FETCH ", b"", b"GET\t", b"G\xffT "]),
    (rb"\{\{\w+\}\}", [b"{{", b"{{no_such_variable}}", b"{{}}", b"{{" * 10_000, b"{{a b}}"]),
    (rb'jsonpath "[^"]*"', [b'jsonpath "$[[[["', b'jsonpath ""', b'jsonpath "$..*..*..*"',
                            b'jsonpath "$[?(@.a=="', b'jsonpath "' + b"$" + b".a" * 20_000 + b'"']),
    (rb"\[(Captures|Asserts|Options|QueryStringParams|FormParams)\]", [b"[Captures", b"[Nope]", b"[]", b"[Asserts]]"]),
    (rb"== ", [b"=== ", b"matches ", b"== == ", b"< "]),
]


def mutate(rng, data):
    """One mutant of the lab file `data`, and what was done."""
    lines = lines_of(data)
    kind = rng.randrange(16)
    if kind == 0:
        mutant = bytearray(data)
        for _ in range(rng.randrange(1, 11)):
            mutant[rng.randrange(len(mutant))] = rng.randrange(256)
        return bytes(mutant), "byte flips"
    if kind == 1:
        for _ in range(rng.randrange(1, 6)):
            lines.pop(rng.randrange(len(lines)))
        return join(lines), "line deletions"
    if kind == 2:
        for _ in range(rng.randrange(1, 6)):
            index = rng.randrange(len(lines))
            lines.insert(index, lines[index])
        return join(lines), "line duplications"
    if kind == 3:
        start = rng.randrange(len(lines))
        block = lines[start:start + rng.randrange(1, 40)]
        index = rng.randrange(len(lines))
        return join(lines[:index] + block + lines[index:]), "block duplication"
    if kind == 4:
        a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[a], lines[b] = lines[b], lines[a]
        return join(lines), "line swap"
    if kind == 5:
        return data[: rng.randrange(len(data))], "truncation"
    if kind == 6:
        return join(replace_line(rng, lines, fence_lines(lines), rng.choice(FENCE_CHANGES))), "fence mangling"
    if kind == 7:
        changes = rng.sample(ATTRIBUTE_CHANGES, rng.randrange(1, 3))
        for change in changes:
            lines = replace_line(rng, lines, attribute_lines(lines), change)
        return join(lines), "attribute mangling"
    if kind == 8:
        if rng.random() < 0.5:
            lines = [line for line in lines if line != b"---"]
        else:
            lines = replace_line(rng, lines, [i for i, line in enumerate(lines[:8]) if b":" in line],
                                 lambda line: rng.choice([b"id:", b"id: " + b"x" * 100_000, b"order: -99999999999999999999",
                                                          b"title: \"unclosed", b": value", b"id: two words"]))
        return join(lines), "front matter mangling"
    if kind == 9:
        pattern, replacements = rng.choice(HURL_CHANGES)
        matches = [i for i, line in enumerate(lines) if re.search(pattern, line)]
        lines = replace_line(rng, lines, matches, lambda line: re.sub(pattern, rng.choice(replacements), line, count=1))
        return join(lines), "hurl mangling"
    if kind == 10:
        index = rng.randrange(len(lines))
        return join(lines[:index] + [lines[index]] * 100_000 + lines[index + 1:]), "a line 100,000 times"
    if kind == 11:
        return data * 50, "the file 50 times"
    if kind == 12:
        index = rng.randrange(len(lines))
        return join(lines[:index] + [b"x" * 1_000_000] + lines[index:]), "a 1 MB line"
    if kind == 13:
        marker = rng.choice([b"\x00", b"\xff\xfe", b"\xc3", b"\xed\xa0\x80", b"\r", b"\x1b[2J"])
        position = rng.randrange(len(data))
        return data[:position] + marker + data[position:], "NUL or invalid UTF-8"
    if kind == 14:
        return (b"\xef\xbb\xbf" if rng.random() < 0.5 else b"") + data.replace(b"\n", b"\r\n"), "CRLF and BOM"
    body_lines = [i for i, line in enumerate(lines) if line.startswith(b"{") or line.startswith(b"[")]
    depth = rng.choice([1000, 100_000])
    deep = b'{"a":' * depth + b"1" + b"}" * depth
    return join(replace_line(rng, lines, body_lines, lambda line: deep)), "deep JSON body"


STEPS = re.compile(r"\((\d+) steps?, (\d+) points?\)")


def listed_steps(binary, folder, timeout):
    """The step count `saaslab list` prints for the one lab in `folder`, or None."""
    result = subprocess.run([binary, "list", "--labs", folder], capture_output=True, text=True, timeout=timeout)
    found = STEPS.search(result.stdout)
    return int(found.group(1)) if result.returncode == 0 and found else None


def check_line_endings(binary, sources, originals, timeout, report):
    """Each shipped file loads as is; saved with CRLF line endings (all of it, or all but the front
    matter) it should load with the same steps. What does not is reported as a finding."""
    with tempfile.TemporaryDirectory() as folder:
        lab = Path(folder, "lab.md")
        for path in sources:
            data = originals[path]
            lab.write_bytes(data)
            steps = listed_steps(binary, folder, timeout)
            if steps is None:
                report.fail(f"the shipped {path} does not load")
                continue
            lab.write_bytes(data.replace(b"\n", b"\r\n"))
            code, stderr, _, _ = run_one(binary, folder, timeout)
            if code != 0:
                first = stderr.strip().splitlines()[0] if stderr.strip() else ""
                report.finding(f"{path.name} saved with CRLF line endings does not load (exit {code}): "
                               f"{first.replace(folder + '/', '')[:160]}")
            end = data.index(b"\n---\n", 3) + 5 if data.startswith(b"---\n") else 0
            lab.write_bytes(data[:end] + data[end:].replace(b"\n", b"\r\n"))
            crlf_steps = listed_steps(binary, folder, timeout)
            if crlf_steps != steps:
                report.finding(f"{path.name} with CRLF line endings after its front matter loads with "
                               f"{crlf_steps} of its {steps} steps and exit 0: the ```hurl fences are not recognised, "
                               "so `run` scores the lab 0/0 and exits 0")


def run_one(binary, folder, timeout):
    """`saaslab list --labs folder`: (exit code or None on timeout, stderr, max RSS KiB, seconds)."""
    command = [binary, "list", "--labs", folder]
    use_time = os.access(TIME, os.X_OK)
    if use_time:
        command = [TIME, "-v"] + command
    started = time.monotonic()
    try:
        result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "", None, time.monotonic() - started
    elapsed = time.monotonic() - started
    stderr = result.stderr.decode("utf-8", "replace")
    code = result.returncode
    rss = None
    if use_time:
        found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
        rss = int(found.group(1)) if found else None
        signalled = re.search(r"Command terminated by signal (\d+)", stderr)
        exited = re.search(r"Command exited with non-zero status (\d+)", stderr)
        if signalled:
            code = -int(signalled.group(1))
        elif exited:
            code = int(exited.group(1))
        stderr = stderr[: stderr.rfind("\tCommand being timed:")] if "\tCommand being timed:" in stderr else stderr
    return code, stderr, rss, elapsed


def main():
    parser = common.base_parser(__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--saaslab", metavar="PATH", default=str(common.DEFAULT_BINARY), help="the saaslab binary")
    parser.add_argument("--labs", default=str(common.REPO / "labs"), help="the folder of lab files to mutate (default labs/)")
    parser.add_argument("--count", type=int, default=500, help="mutants (default 500)")
    parser.add_argument("--seed", type=int, default=None, help="seed (default: random, printed)")
    parser.add_argument("--timeout", type=float, default=20, help="seconds one `list` may take (default 20)")
    parser.add_argument("--jobs", type=int, default=2, help="runs at once (default 2)")
    parser.add_argument("--keep", default="labs_mutate_failures", help="where failing mutants are kept")
    args = parser.parse_args()

    if not os.access(args.saaslab, os.X_OK):
        raise SystemExit(f"error: no saaslab binary at {args.saaslab}: build it with `swift build -c release` or pass --saaslab")
    sources = sorted(Path(args.labs).rglob("*.md"))
    if not sources:
        raise SystemExit(f"error: no lab files under {args.labs}")
    rng, seed = common.seeded(args.seed)
    report = common.Report()
    originals = {path: path.read_bytes() for path in sources}
    check_line_endings(args.saaslab, sources, originals, args.timeout, report)
    mutants = []
    for index in range(args.count):
        path = rng.choice(sources)
        data, kind = mutate(rng, originals[path])
        mutants.append((index, path, kind, data))
    common.say(f"[{common.stamp()}] {len(mutants)} mutants of {len(sources)} lab files "
               f"({', '.join(p.name for p in sources)}), `saaslab list` each, {args.jobs} at once")

    by_exit = common.Tally()
    by_kind = {}
    by_message = common.Tally()
    lock = threading.Lock()
    stats = {"rss": 0, "rss_case": "", "slowest": 0.0, "slowest_case": ""}

    def check(mutant):
        index, path, kind, data = mutant
        with tempfile.TemporaryDirectory(prefix="labs-mutant-") as folder:
            name = os.path.join(folder, path.name)
            with open(name, "wb") as out:
                out.write(data)
            code, stderr, rss, elapsed = run_one(args.saaslab, folder, args.timeout)
            problem = None
            if code is None:
                problem = f"timed out after {args.timeout}s"
            elif code < 0 or code >= 128:
                problem = f"killed by signal {-code if code < 0 else code - 128}: {stderr[-300:]}"
            elif code == 2:
                errors = [m for m in ERROR_LINE.finditer(stderr) if os.path.basename(m.group("file")) == path.name]
                if not errors:
                    problem = f"exit 2 without an error naming {path.name} and a line: {stderr[:300]!r}"
                else:
                    message = re.sub(r"'[^']*'|\"[^\"]*\"|\d+", "…", errors[0].group("message"))[:70]
            elif code != 0:
                problem = f"exit {code}: {stderr[:300]!r}"
            with lock:
                by_exit.add("timeout" if code is None else f"exit {code}")
                row = by_kind.setdefault(kind, {"mutants": 0, "exit 0": 0, "exit 2": 0, "other": 0})
                row["mutants"] += 1
                row[f"exit {code}" if code in (0, 2) else "other"] += 1
                if code == 2 and problem is None:
                    by_message.add(message)
                if rss and rss > stats["rss"]:
                    stats["rss"], stats["rss_case"] = rss, f"#{index} {kind} of {path.name}"
                if elapsed > stats["slowest"]:
                    stats["slowest"], stats["slowest_case"] = elapsed, f"#{index} {kind} of {path.name}"
                if problem:
                    os.makedirs(args.keep, exist_ok=True)
                    kept = os.path.join(args.keep, f"mutant-{seed}-{index}-{path.name}")
                    shutil.copyfile(name, kept)
                    report.fail(f"mutant #{index} ({kind} of {path}): {problem}; kept as {kept} "
                                f"(reproduce: mkdir d && cp {kept} d/ && saaslab list --labs d)")

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        list(pool.map(check, mutants))
    elapsed = time.monotonic() - started
    if not os.access(TIME, os.X_OK):
        stats["rss"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        stats["rss_case"] = "(getrusage of the children: the largest child)"
    common.say()
    common.say(f"{len(mutants)} mutants in {elapsed:.0f}s, seed {seed}; max RSS {stats['rss'] / 1024:.1f} MB "
               f"({stats['rss_case']}); slowest {stats['slowest']:.2f}s ({stats['slowest_case']})")
    common.summary(f"{len(mutants)} lab mutants (seed {seed}) in {elapsed:.0f}s: "
                   + ", ".join(f"{key} {count}" for key, count, _ in by_exit.rows())
                   + f"; max RSS {stats['rss'] / 1024:.0f} MB; slowest {stats['slowest']:.1f}s")
    common.say()
    common.print_table(["exit", "mutants", ""], [(k, c, "") for k, c, _ in by_exit.rows()])
    common.say()
    common.print_table(["mutation", "mutants", "exit 0", "exit 2", "other"],
                       [(k, r["mutants"], r["exit 0"], r["exit 2"], r["other"]) for k, r in sorted(by_kind.items())])
    common.say()
    common.say("most frequent first errors (quoted text and numbers elided):")
    common.print_table(["message", "mutants", ""], [(k, c, "") for k, c, _ in by_message.rows()[:15]])
    common.exit_with(report.finish())


if __name__ == "__main__":
    main()
