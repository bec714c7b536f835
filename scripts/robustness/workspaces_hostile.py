#!/usr/bin/env python3
"""Hostile workspaces for `saaslab run --workspace` and `saaslab grade`.

Each case is a copy of labs/solution with one answer file (lab1/user-pool.json; with --full,
each of the nine in turn) made hostile: symbolic links out (absolute, relative, chained, a
folder, /etc/passwd, /proc/self/environ, /dev/zero), link loops, dangling links, a hard link
to a file outside, a FIFO, device files (mknod, where permitted), a socket, unreadable files
and folders (run as uid 65534 when this runs as root, since root reads anything), a folder in
place of the file, huge, sparse and just-too-big files, binary and invalid UTF-8 data, JSON
bombs (deep nesting, a million elements, a 3 MB string, 50,000 keys, huge numbers,
placeholders by the hundred thousand), NULs, CRLF and BOM; and workspaces with deep folders,
10,000 files, names with newlines or invalid UTF-8, a workspace that is a file, that is missing,
or whose own name is hostile. Then one `grade` run over a class of such submissions, with
participants named to break CSV and HTML, linked to each other and to folders outside.

Every link out points at a secret planted outside the workspace (its own per case), whose
access time is set in the past: reading it moves the time (relatime), so a read is caught even
if nothing is printed; and no report or output may contain its marker.

Properties: `run` exits 0, 1 (a step failed) or 2 (the workspace could not be read), never by a
signal, never past the timeout; when it does not pass, its output names the hostile file (or
folder); no secret is read and none appears in any output; `grade` exits 0 with a row for every
participant. The hard link to a file outside is a known finding (being fixed on another
branch): it is reported but fails the run only with --strict.

    python3 scripts/robustness/workspaces_hostile.py --saaslab .build/release/saaslab [--full]
"""
import json
import os
import random
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

ANSWER_FILES = ["lab1/user-pool.json", "lab1/app-client.json", "lab1/identity-pool.json", "lab1/tenant.json",
                "lab2/product-table.json", "lab2/product-service.json", "lab3/tenant-admin-policy.json",
                "lab3/role-mappings.json", "lab3/product-service.json"]
NOBODY = 65534


class Case:
    """A hostile change to one answer file (`rel`) of a workspace."""

    def __init__(self, name, apply, known=None, as_nobody=False, benign=False, names="file"):
        self.name = name
        self.apply = apply          # f(ctx) with ctx.path, ctx.secret, ctx.outside, ctx.workspace, ctx.rel
        self.known = known          # a known finding: reported, fails only with --strict
        self.as_nobody = as_nobody  # run as uid 65534 when root
        self.benign = benign        # the answer files stay as they were: the run should pass
        self.names = names          # what the output must name when the run does not pass: "file", "folder", or
        #                             "content" (valid JSON of the wrong shape: graded as a wrong answer)


class Context:
    def __init__(self, workspace, rel, secret, outside):
        self.workspace = workspace
        self.rel = rel
        self.path = workspace / rel
        self.secret = secret
        self.outside = outside


def replace(ctx):
    ctx.path.unlink()


def symlink_to(target_of):
    def apply(ctx):
        replace(ctx)
        os.symlink(target_of(ctx), ctx.path)
    return apply


def write(data_of):
    def apply(ctx):
        data = data_of(ctx)
        ctx.path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return apply


def mknod(major, minor):
    def apply(ctx):
        replace(ctx)
        os.mknod(ctx.path, stat.S_IFCHR | 0o644, os.makedev(major, minor))
    return apply


def folder_out(ctx):
    """The answer file's folder is a link to a folder outside holding a file of that name."""
    folder = ctx.path.parent
    elsewhere = ctx.outside / f"folder-{folder.name}"
    elsewhere.mkdir(exist_ok=True)
    os.replace(ctx.secret, elsewhere / ctx.path.name)
    ctx.secret = elsewhere / ctx.path.name
    shutil.rmtree(folder)
    os.symlink(elsewhere, folder)


def chain_out(ctx):
    hidden = ctx.workspace / ".links"
    hidden.mkdir(exist_ok=True)
    middle = hidden / f"via-{ctx.path.name}"
    os.symlink(ctx.secret, middle)
    replace(ctx)
    os.symlink(os.path.relpath(middle, ctx.path.parent), ctx.path)


def hard_link(ctx):
    replace(ctx)
    os.link(ctx.secret, ctx.path)


def loop(ctx):
    replace(ctx)
    other = ctx.path.with_name(ctx.path.name + ".loop")
    os.symlink(other.name, ctx.path)
    os.symlink(ctx.path.name, other)


def fifo(ctx):
    replace(ctx)
    os.mkfifo(ctx.path)


def unix_socket(ctx):
    replace(ctx)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(ctx.path))
    finally:
        server.close()


def unreadable_file(ctx):
    ctx.path.chmod(0)


def unreadable_folder(ctx):
    ctx.path.parent.chmod(0)


def folder_in_place(ctx):
    replace(ctx)
    ctx.path.mkdir()
    (ctx.path / "inner.json").write_text("{}")


def sparse(size):
    def apply(ctx):
        with open(ctx.path, "r+b") as out:
            out.truncate(size)
    return apply


def deep_folders(ctx):
    """3,000 nested folders: their path is longer than PATH_MAX, so they are made through descriptors."""
    fd = os.open(ctx.workspace, os.O_RDONLY)
    try:
        for _ in range(3000):
            os.mkdir("d", dir_fd=fd)
            inner = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        os.close(os.open("deep.json", os.O_CREAT | os.O_WRONLY, 0o644, dir_fd=fd))
    finally:
        os.close(fd)


def many_files(ctx):
    extra = ctx.workspace / "many"
    extra.mkdir()
    for index in range(10_000):
        (extra / f"f{index}.json").write_text("{}")


def weird_names(ctx):
    for name in [b"new\nline.json", b"\xff\xfe-invalid-utf8.json", b"tab\there.json", b"-rf", b"..json",
                 b"$(touch pwned)", b"<img src=x onerror=alert(1)>", b"\x1b[31mred"]:
        with open(os.path.join(os.fsencode(ctx.workspace), name), "wb") as out:
            out.write(b"{}")
    os.symlink("/etc", ctx.workspace / "link-to-etc")


def original(ctx):
    return ctx.path.read_bytes()


def rng_bytes(size, seed=7):
    return random.Random(seed).randbytes(size)


def cases():
    return [
        Case("symlink to a secret (absolute)", symlink_to(lambda c: str(c.secret))),
        Case("symlink to a secret (relative ../)", symlink_to(lambda c: os.path.relpath(c.secret, c.path.parent))),
        Case("symlink chain out through a hidden folder", chain_out),
        Case("answer folder is a symlink out", folder_out, names="folder"),
        Case("symlink to /etc/passwd", symlink_to(lambda c: "/etc/passwd")),
        Case("symlink to /proc/self/environ", symlink_to(lambda c: "/proc/self/environ")),
        Case("symlink to /proc/self/fd/0", symlink_to(lambda c: "/proc/self/fd/0")),
        Case("symlink to /dev/zero", symlink_to(lambda c: "/dev/zero")),
        Case("symlink loop", loop),
        Case("symlink to itself", symlink_to(lambda c: c.path.name)),
        Case("dangling symlink", symlink_to(lambda c: "no-such-file.json")),
        Case("hard link to a secret outside", hard_link,
             known="a hard link to a file outside the workspace is read (being fixed on another branch)"),
        Case("FIFO", fifo),
        Case("character device /dev/zero (mknod 1,5)", mknod(1, 5)),
        Case("character device /dev/urandom (mknod 1,9)", mknod(1, 9)),
        Case("character device /dev/null (mknod 1,3)", mknod(1, 3)),
        Case("unix socket", unix_socket),
        Case("unreadable file (mode 000)", unreadable_file, as_nobody=True),
        Case("unreadable folder (mode 000)", unreadable_folder, as_nobody=True, names="folder"),
        Case("a folder in place of the file", folder_in_place),
        Case("5 MB file", write(lambda c: b" " * (5 << 20) + original(c))),
        Case("sparse 10 GB file", sparse(10 << 30)),
        Case("4 MiB + 1 byte", write(lambda c: original(c) + b" " * ((4 << 20) + 1 - len(original(c))))),
        Case("exactly 4 MiB (the cap)", write(lambda c: original(c) + b" " * ((4 << 20) - len(original(c)))), benign=True),
        Case("binary data (64 KB)", write(lambda c: rng_bytes(65_536))),
        Case("invalid UTF-8 in JSON", write(lambda c: original(c).replace(b'"', b'"\xff\xfe', 1))),
        Case("NUL bytes in JSON", write(lambda c: original(c).replace(b"{", b"{\x00", 1))),
        Case("empty file", write(lambda c: b"")),
        Case("JSON bomb: 100,000 nested lists", write(lambda c: "[" * 100_000 + "]" * 100_000)),
        Case("JSON bomb: 100,000 nested objects", write(lambda c: '{"a":' * 100_000 + "1" + "}" * 100_000)),
        Case("JSON bomb: 1,000,000-element array", write(lambda c: "[" + ",".join(["1"] * 1_000_000) + "]"), names="content"),
        Case("JSON bomb: 3 MB string", write(lambda c: json.dumps({"PoolName": "a" * (3 << 20)})), names="content"),
        Case("JSON bomb: 50,000 keys", write(lambda c: json.dumps({f"k{i}": i for i in range(50_000)})), names="content"),
        Case("JSON bomb: huge numbers", write(lambda c: '{"a": 1e999999999, "b": ' + "9" * 100_000 + ", \"c\": -0.0e-99999}"),
             names="content"),
        Case("JSON bomb: 200,000 placeholders", write(lambda c: json.dumps({"PoolName": "{{tenant_id}}" * 200_000})),
             names="content"),
        Case("JSON bomb: unterminated placeholder", write(lambda c: json.dumps({"PoolName": "{{" * 500_000})), names="content"),
        Case("CRLF line endings and a BOM", write(lambda c: b"\xef\xbb\xbf" + original(c).replace(b"\n", b"\r\n"))),
        Case("2 MB of whitespace around the JSON", write(lambda c: b"\n" * (1 << 20) + original(c) + b"\t" * (1 << 20))),
        Case("deep folders (3,000 levels, past PATH_MAX) beside the answers", deep_folders, benign=True),
        Case("10,000 extra files", many_files, benign=True),
        Case("names with newlines, invalid UTF-8, escapes", weird_names, benign=True),
    ]


def remove_tree(path):
    """chmod and rm from coreutils: Python's own walkers recurse, and 3,000 levels overflow them."""
    subprocess.run(["chmod", "-R", "u+rwx", str(path)], stderr=subprocess.DEVNULL)
    subprocess.run(["rm", "-rf", str(path)], check=False)


def drop_to_nobody():
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


class Runner:
    def __init__(self, args, root, report):
        self.args = args
        self.root = root
        self.report = report
        self.binary = str(root / "saaslab")
        shutil.copy2(args.saaslab, self.binary)
        os.chmod(self.binary, 0o755)
        self.cwd = root / "cwd"     # no labs/ here: the course built into saaslab is used
        self.cwd.mkdir()
        self.by_outcome = common.Tally()
        self.max_seconds = (0.0, "")
        self.can_mknod = self.probe_mknod()

    def probe_mknod(self):
        try:
            os.mknod(self.root / "probe-device", stat.S_IFCHR | 0o644, os.makedev(1, 3))
            os.unlink(self.root / "probe-device")
            return True
        except OSError:
            return False

    def secret(self, label):
        """A secret outside every workspace, its access time set in the past."""
        outside = self.root / "outside"
        outside.mkdir(exist_ok=True)
        marker = f"SECRET-{random.Random(label).randrange(10 ** 12)}-DO-NOT-READ"
        path = outside / f"secret-{abs(hash(label)) % 10 ** 10}.json"
        path.write_text(json.dumps({"PoolName": marker, "Secret": marker}))
        return path, marker

    @staticmethod
    def age(path):
        status = os.stat(path)
        os.utime(path, (status.st_mtime - 3600, status.st_mtime))
        return os.stat(path).st_atime

    def execute(self, command, as_nobody):
        preexec = drop_to_nobody if as_nobody and os.geteuid() == 0 else None
        started = time.monotonic()
        try:
            result = subprocess.run(command, cwd=self.cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    timeout=self.args.timeout, preexec_fn=preexec)
        except subprocess.TimeoutExpired:
            return None, b"", time.monotonic() - started
        return result.returncode, result.stdout + result.stderr, time.monotonic() - started

    def run_case(self, case, rel, index):
        label = f"{case.name} [{rel}]"
        if "mknod" in case.name and not self.can_mknod:
            self.by_outcome.add("skipped: mknod not permitted", label)
            return
        workspace = self.root / f"ws-{index}"
        shutil.copytree(common.REPO / "labs" / "solution", workspace)
        secret, marker = self.secret(label)
        ctx = Context(workspace, rel, secret, self.root / "outside")
        case.apply(ctx)
        secret = ctx.secret
        if case.as_nobody and os.geteuid() == 0:
            for path in (self.root, workspace, self.cwd):
                os.chmod(path, 0o755)
        atime = self.age(secret)
        code, output, seconds = self.execute(
            [self.binary, "run", "--workspace", str(workspace), "--seed", "1", "--format", "json", "--color", "never"],
            case.as_nobody)
        self.judge(label, case, code, output, seconds, secret, atime, marker, rel)
        self.cleanup(workspace)

    def judge(self, label, case, code, output, seconds, secret, atime, marker, rel):
        text = output.decode("utf-8", "replace")
        if seconds > self.max_seconds[0]:
            self.max_seconds = (seconds, label)
        problems = []
        if code is None:
            problems.append(f"no exit within {self.args.timeout}s (hang)")
        elif code < 0 or code >= 128:
            problems.append(f"killed by signal {-code if code < 0 else code - 128}")
        elif code not in (0, 1, 2):
            problems.append(f"exit {code}")
        elif code != 0:
            wanted = rel if case.names == "file" else rel.split("/")[0]
            if case.names != "content" and wanted not in text:
                problems.append(f"exit {code} but the output never names {wanted}: {text[:300]!r}")
        if case.benign and code not in (0, None):
            problems.append(f"exit {code} though the answers are intact: {text[:300]!r}")
        read = os.stat(secret).st_atime != atime
        if marker in text:
            problems.append(f"the secret planted outside ({secret}) appears in the output")
        if read:
            problems.append(f"the secret planted outside ({secret}) was read (its access time moved)")
        outcome = "timeout" if code is None else f"exit {code}"
        if case.known and (read or marker in text or code == 0):
            self.report.finding(f"{label}: {case.known}: exit {code}, secret read: {read}")
            self.by_outcome.add(f"{outcome}, known finding", label)
            if self.args.strict:
                self.report.fail(f"{label}: {'; '.join(problems) or 'the hard link was followed'}")
            return
        self.by_outcome.add(outcome + (", FAIL" if problems else ""), label)
        if self.args.verbose:
            common.say(f"  {outcome:7} {seconds:5.1f}s  {label}")
        for problem in problems:
            self.report.fail(f"{label}: {problem}")

    @staticmethod
    def cleanup(path):
        remove_tree(path)

    # -- workspace-level cases ---------------------------------------------------------------

    def workspace_cases(self):
        checks = []
        as_file = self.root / "workspace-is-a-file"
        as_file.write_text("{}")
        checks.append(("workspace is a file", str(as_file), "workspace-is-a-file"))
        checks.append(("workspace is missing", str(self.root / "no-such-workspace"), "no-such-workspace"))
        newline = self.root / "ws new\nline\ttab"
        shutil.copytree(common.REPO / "labs" / "solution", newline)
        checks.append(("workspace named with a newline and a tab", str(newline), None))
        invalid = os.fsdecode(os.path.join(os.fsencode(self.root), b"ws-invalid-\xff\xfe"))
        shutil.copytree(common.REPO / "labs" / "solution", invalid)
        checks.append(("workspace named with invalid UTF-8 bytes", invalid, None))
        link = self.root / "ws-link"
        os.symlink(common.REPO / "labs" / "solution", link)
        checks.append(("workspace is a symlink to a workspace", str(link), None))
        for name, path, names in checks:
            code, output, seconds = self.execute([self.binary, "run", "--workspace", path, "--seed", "1", "--color", "never"],
                                                 False)
            text = output.decode("utf-8", "replace")
            outcome = "timeout" if code is None else f"exit {code}"
            problems = []
            if code is None or code < 0 or code >= 128 or code not in (0, 1, 2):
                problems.append(f"{outcome}: {text[-300:]!r}")
            elif names and code != 0 and names not in text:
                problems.append(f"{outcome} but the output never names the workspace: {text[:300]!r}")
            elif not names and code != 0:
                if "invalid UTF-8" in name and "does not exist" in text:
                    self.report.finding(f"{name}: `run --workspace` says the folder does not exist (exit {code}): "
                                        "a path that is not UTF-8 cannot be used as a workspace")
                    self.by_outcome.add(f"{outcome}, finding", name)
                    continue
                problems.append(f"{outcome} for an intact workspace: {text[:300]!r}")
            self.by_outcome.add(outcome + (", FAIL" if problems else ""), name)
            for problem in problems:
                self.report.fail(f"{name}: {problem}")

    # -- grade -------------------------------------------------------------------------------

    def grade(self, all_cases):
        """One class: a submission per hostile case, plus hostile participants."""
        submissions = self.root / "class"
        submissions.mkdir()
        secrets = []
        participants = []
        for index, case in enumerate(all_cases):
            if "mknod" in case.name and not self.can_mknod:
                continue
            name = f"p{index:02d}-" + "".join(ch if ch.isalnum() else "-" for ch in case.name)[:40]
            workspace = submissions / name
            shutil.copytree(common.REPO / "labs" / "solution", workspace)
            secret, marker = self.secret("grade " + case.name)
            ctx = Context(workspace, "lab1/user-pool.json", secret, self.root / "outside")
            case.apply(ctx)
            secrets.append((case, ctx.secret, marker))
            participants.append(name)
        alice = submissions / "alice"
        shutil.copytree(common.REPO / "labs" / "solution", alice)
        participants.append("alice")
        for raw in [b"=cmd|' -C calc'!A0", b"<img src=x onerror=alert(1)>", b"new\nline", b"\xff\xfe-bytes",
                    b'quote"comma,semicolon;', b"dot..dot"]:
            shutil.copytree(common.REPO / "labs" / "solution", os.fsdecode(os.path.join(os.fsencode(submissions), raw)))
            participants.append(os.fsdecode(raw))
        os.symlink("alice", submissions / "link-to-alice")
        outside = self.root / "outside" / "foreign-workspace"
        shutil.copytree(common.REPO / "labs" / "solution", outside)
        os.symlink(outside, submissions / "link-outside")
        (submissions / "stray-file.txt").write_text("not a participant")
        participants += ["link-to-alice", "link-outside"]
        secrets = [(case, secret, marker, self.age(secret)) for case, secret, marker in secrets]
        out = self.root / "gradebook"
        code, output, seconds = self.execute([self.binary, "grade", str(submissions), "--out", str(out), "--jobs", "2",
                                              "--timeout", str(int(self.args.timeout)), "--seed", "1"], False)
        common.say(f"grade: {len(participants)} participants, exit {code}, {seconds:.1f}s")
        if code != 0:
            self.report.fail(f"grade exited {code}: {output.decode('utf-8', 'replace')[-500:]!r}")
            return
        texts = []
        for folder, _, files in os.walk(out):
            for name in files:
                texts.append(Path(folder, name).read_bytes().decode("utf-8", "replace"))
        text = "\n".join(texts) + output.decode("utf-8", "replace")
        book = json.loads((out / "gradebook.json").read_text())
        rows = book.get("rows") or book.get("participants") or []
        # Names that are not UTF-8 may come back with replacement characters: compare them so.
        names = {row.get("participant") for row in rows} if isinstance(rows, list) else set()
        missing = [p for p in participants if p not in names
                   and os.fsencode(p).decode("utf-8", "replace") not in names]
        if missing:
            self.report.fail(f"grade: {len(participants)} participant folders, {len(rows)} gradebook rows: no row, "
                             f"not even an error row, for {[os.fsencode(p) for p in missing]} (a submission silently left out)")
        errors = sum(1 for row in rows if row.get("status") == "error")
        common.say(f"grade: {len(rows)} rows, {errors} error rows")
        for case, secret, marker, atime in secrets:
            read = os.stat(secret).st_atime != atime
            if read or marker in text:
                if case.known:
                    self.report.finding(f"grade: {case.name}: {case.known} (secret read: {read})")
                    if not self.args.strict:
                        continue
                self.report.fail(f"grade: {case.name}: the secret outside was "
                                 + ("read" if read else "") + (" and appears in the gradebook" if marker in text else ""))


def main():
    parser = common.base_parser(__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--saaslab", metavar="PATH", default=str(common.DEFAULT_BINARY), help="the saaslab binary")
    parser.add_argument("--full", action="store_true", help="every case on each of the nine answer files, not only lab1/user-pool.json")
    parser.add_argument("--timeout", type=float, default=120, help="seconds one run may take (default 120)")
    parser.add_argument("--strict", action="store_true", help="fail on the known hard-link finding too")
    parser.add_argument("--only", metavar="TEXT", help="only the cases whose name contains TEXT")
    parser.add_argument("--no-grade", action="store_true", help="skip the grade run")
    parser.add_argument("--verbose", action="store_true", help="print every workspace's outcome")
    args = parser.parse_args()
    if not os.access(args.saaslab, os.X_OK):
        raise SystemExit(f"error: no saaslab binary at {args.saaslab}: build it with `swift build -c release` or pass --saaslab")
    report = common.Report()
    all_cases = [case for case in cases() if not args.only or args.only.lower() in case.name.lower()]
    files = ANSWER_FILES if args.full else ANSWER_FILES[:1]
    root = Path(tempfile.mkdtemp(prefix="hostile-workspaces-"))
    try:
        os.chmod(root, 0o755)
        runner = Runner(args, root, report)
        started = time.monotonic()
        plan = [(case, rel) for rel in files for case in all_cases if not (case.benign and rel != files[0])]
        common.say(f"[{common.stamp()}] {len(plan)} hostile workspaces ({len(all_cases)} kinds on {len(files)} answer "
                   f"file{'s' if len(files) > 1 else ''}), plus 5 hostile workspace paths and a grade run"
                   + ("" if runner.can_mknod else "; mknod is not permitted here, device cases skipped"))
        for index, (case, rel) in enumerate(plan):
            runner.run_case(case, rel, index)
        if not args.only:
            runner.workspace_cases()
        if not args.no_grade:
            runner.grade(all_cases)
        elapsed = time.monotonic() - started
        common.say()
        common.say(f"{len(plan) + (0 if args.only else 5)} `saaslab run`s and a grade in {elapsed:.0f}s; slowest run "
                   f"{runner.max_seconds[0]:.1f}s ({runner.max_seconds[1]})")
        common.summary(f"{len(plan) + (0 if args.only else 5)} hostile workspaces run"
                       + ("" if args.no_grade else " and graded as one class") + f" in {elapsed:.0f}s: "
                       + ", ".join(f"{key} {count}" for key, count, _ in runner.by_outcome.rows())
                       + f"; slowest {runner.max_seconds[0]:.1f}s")
        common.say()
        common.print_table(["outcome", "workspaces", "examples"], runner.by_outcome.rows())
    finally:
        remove_tree(root)
    common.exit_with(report.finish())


if __name__ == "__main__":
    main()
