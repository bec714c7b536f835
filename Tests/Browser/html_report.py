#!/usr/bin/env python3
"""`saaslab run --format html` in headless Chromium: the page says what the JSON report says,
folds every exchange, runs nothing, and fits the window.

Writes three reports with the saaslab binary: the starter workspace (unseeded, so timed; steps
fail, exit 1), the solution workspace (`--seed 1`, exit 0), and a lab of its own whose lab title,
step title, hint, note and request header are hostile (`<script>`, `</details>`, `</pre>`,
quotes, an `<img onerror>`, a link), each beside the same run as `--format json`. Opens each
page from `file://` at 1280 and 400 pixels wide and checks:
- the score, `N of M steps passed`, the counts per status and every lab's score match the JSON
  report's; there are as many steps of each status as the JSON report has;
- every exchange is folded (a closed `<details>`, its `<pre>` not displayed), and clicking its
  summary unfolds it; the "Show only steps that did not pass" checkbox hides exactly the passed
  steps;
- no script: none in the page, none run (the hostile values set `window.__pwned` if they ever
  ran), no image, no link off the page, nothing in the browser's console; the hostile values read
  exactly as written;
- with every exchange unfolded, nothing is wider than the window (only a `<pre>` may scroll
  inside its own box).
Saves a screenshot of each failing page and width.

`check(browser, saaslab, workdir)` does all this with a browser from `chromium.driver()` and
returns the failures (empty: passed); `Tests/Browser/test_web_client.py` calls it too.

Usage: python3 Tests/Browser/html_report.py [path/to/saaslab]
(default: the binary of `swift build`; needs selenium from PyPI, chromium and chromium-driver
from Debian)"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chromium  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STATUSES = ("passed", "failed", "error", "skipped")

# Each hostile value sets window.__pwned if it ever runs as script.
LAB_TITLE = "Lab <script>window.__pwned = 'lab title'</script> </section></main> \"double\" & 'single'"
STEP_TITLE = "<img src=x onerror=\"window.__pwned = 'step title'\"> </details> step"
HINT = "<script>window.__pwned = 'hint'</script> &amp; stays"
NOTE = "<b>not bold</b> & <a href=\"https://evil.example/\">not a link</a>"
HEADER = "</pre></details><script>window.__pwned = 'exchange'</script><a href=\"https://evil.example/\">x</a>"


def hurl_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


HOSTILE_LAB = f"""---
id: hostile
title: {LAB_TITLE}
---
```hurl {{id=evil title={hurl_string(STEP_TITLE)} points=2 exercise hint={hurl_string(HINT)}}}
GET {{{{api}}}}/health
X-Evil: {HEADER}
HTTP 418
```

```hurl {{id=fine title="Health" points=1 note={hurl_string(NOTE)}}}
GET {{{{api}}}}/health
HTTP 200
```
"""

# What the page shows, read in the page.
READ = r"""
const text = element => element ? element.textContent : null;
const counts = root => Object.fromEntries([...root.querySelectorAll(':scope > .counts li')].map(
    li => [li.className, Number(li.querySelector('.count').textContent)]));
const header = document.querySelector('header');
return {
    score: text(document.querySelector('h1 .score')),
    summary: text(header.querySelector('.summary')),
    counts: counts(header),
    time: text(header.querySelector('.time')),
    steps: Object.fromEntries(['passed', 'failed', 'error', 'skipped'].map(
        s => [s, document.querySelectorAll('li.step.' + s).length])),
    labs: [...document.querySelectorAll('section.lab')].map(section => ({
        title: text(section.querySelector('h2 .title')), id: text(section.querySelector('h2 .id')),
        score: text(section.querySelector('h2 .score')), summary: text(section.querySelector('.summary')),
        counts: counts(section),
    })),
    stepTitles: [...document.querySelectorAll('li.step .line .title')].map(text),
    hints: [...document.querySelectorAll('.hint')].map(text),
    notes: [...document.querySelectorAll('.note')].map(text),
    scripts: document.scripts.length,
    pwned: window.__pwned === undefined ? null : String(window.__pwned),
    elements: [...new Set([...document.querySelectorAll('*')].map(e => e.tagName.toLowerCase()))],
    offPage: [...document.querySelectorAll('[href], [src], [action]')]
        .map(e => e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('action'))
        .filter(target => !target.startsWith('#')),
    csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? null,
    // checkVisibility, not a box: Chromium lays out a closed <details>' content but does not show it.
    folded: [...document.querySelectorAll('details')].map(d => ({open: d.open, shown: d.querySelector('pre').checkVisibility()})),
};
"""

# With every exchange unfolded: each element (but what is inside a <pre>) inside the window.
FITS = r"""
for (const d of document.querySelectorAll('details')) d.open = true;
const page = document.documentElement;
const width = page.clientWidth;
const problems = [];
if (page.scrollWidth > width + 1) problems.push(`the page is ${page.scrollWidth}px wide in a ${width}px window`);
for (const element of document.body.querySelectorAll('*')) {
    if (element.closest('pre') && element.tagName !== 'PRE') continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.left < -1 || box.right > width + 1) {
        const name = `<${element.tagName.toLowerCase()} class="${element.className}"> "${element.textContent.slice(0, 50)}"`;
        problems.push(`${name} spans ${Math.round(box.left)}..${Math.round(box.right)}px of ${width}px`);
    }
}
for (const d of document.querySelectorAll('details')) d.open = false;
return problems.slice(0, 10);
"""

VISIBLE_STEPS = r"""
const shown = e => e.checkVisibility();
return Object.fromEntries(['passed', 'failed', 'error', 'skipped'].map(
    s => [s, [...document.querySelectorAll('li.step.' + s)].filter(shown).length]));
"""


def run_saaslab(saaslab, arguments, expected_code, problems):
    result = subprocess.run([saaslab, "run", *arguments], cwd=ROOT, capture_output=True, text=True, timeout=600)
    if result.returncode != expected_code:
        problems.append(f"saaslab run {' '.join(arguments)}: exit {result.returncode}, expected {expected_code}: {result.stderr.strip()[-500:]}")
        return False
    return True


def reports(saaslab, workdir, problems):
    """Each run's HTML page and the same run's JSON report, by name."""
    lab = os.path.join(workdir, "hostile.md")
    with open(lab, "w", encoding="utf-8") as file:
        file.write(HOSTILE_LAB)
    runs = {
        "starter": (["--workspace", os.path.join(ROOT, "labs", "starter")], 1),
        "solution": (["--workspace", os.path.join(ROOT, "labs", "solution"), "--seed", "1"], 0),
        "hostile": ([lab, "--seed", "1"], 1),
    }
    pages = {}
    for name, (arguments, code) in runs.items():
        page = os.path.join(workdir, f"{name}.html")
        report = os.path.join(workdir, f"{name}.json")
        if run_saaslab(saaslab, arguments + ["--format", "html", "--output", page], code, problems) \
                and run_saaslab(saaslab, arguments + ["--format", "json", "--output", report], code, problems):
            with open(report, encoding="utf-8") as file:
                pages[name] = (page, json.load(file), "--seed" not in arguments)
    return pages


def compare(shown, report, timed):
    """What the page shows against the JSON report of the same run."""
    problems = []
    steps = [step for lab in report["labs"] for step in lab["steps"]]
    by_status = {status: sum(1 for step in steps if step["status"] == status) for status in STATUSES}
    if shown["score"] != f"{report['score']}/{report['max_score']}":
        problems.append(f"the page's score is {shown['score']}, the JSON report's {report['score']}/{report['max_score']}")
    passed = f"{by_status['passed']} of {len(steps)} steps passed"
    if shown["summary"] != passed:
        problems.append(f"the page says '{shown['summary']}', the JSON report '{passed}'")
    for status in STATUSES:
        if shown["steps"][status] != by_status[status]:
            problems.append(f"{shown['steps'][status]} {status} steps on the page, {by_status[status]} in the JSON report")
        if shown["counts"].get(status, 0) != by_status[status]:
            problems.append(f"the page counts {shown['counts'].get(status, 0)} {status}, the JSON report has {by_status[status]}")
    if len(shown["labs"]) != len(report["labs"]):
        problems.append(f"{len(shown['labs'])} labs on the page, {len(report['labs'])} in the JSON report")
    for lab, expected in zip(shown["labs"], report["labs"]):
        wanted = (expected["title"], f"({expected['id']})", f"{expected['score']}/{expected['max_score']}")
        if (lab["title"], lab["id"], lab["score"]) != wanted:
            problems.append(f"lab {lab['title']!r} {lab['id']} {lab['score']}: the JSON report has {wanted}")
        lab_passed = sum(1 for step in expected["steps"] if step["status"] == "passed")
        if not (lab["summary"] or "").startswith(f"{lab_passed} of {len(expected['steps'])} steps passed"):
            problems.append(f"lab {expected['id']}: '{lab['summary']}', expected {lab_passed} of {len(expected['steps'])} steps passed")
    if timed != (shown["time"] is not None):
        problems.append(f"an {'un' if timed else ''}seeded run's page {'lacks' if timed else 'has'} a duration ({shown['time']})")
    transcripts = sum(1 for step in steps if step["transcript"] is not None)
    if len(shown["folded"]) != transcripts:
        problems.append(f"{len(shown['folded'])} exchanges on the page, {transcripts} transcripts in the JSON report")
    if any(d["open"] or d["shown"] for d in shown["folded"]):
        problems.append("an exchange is unfolded when the page opens")
    return problems


def safety(shown, browser):
    problems = []
    if shown["scripts"]:
        problems.append(f"{shown['scripts']} scripts in the page")
    if shown["pwned"] is not None:
        problems.append(f"a value ran as script: window.__pwned = {shown['pwned']!r}")
    made = sorted(set(shown["elements"]) & {"script", "img", "iframe", "object", "embed", "link", "base", "form", "svg"})
    if made:
        problems.append(f"elements the report never writes: {made}")
    if shown["offPage"]:
        problems.append(f"links or sources off the page: {shown['offPage'][:5]}")
    if shown["csp"] != "default-src 'none'; style-src 'unsafe-inline'":
        problems.append(f"Content-Security-Policy: {shown['csp']!r}")
    try:
        logged = [entry["message"] for entry in browser.get_log("browser")]
    except Exception:  # a driver without a console log: the other checks still hold
        logged = []
    if logged:
        problems.append(f"the browser's console: {logged[:5]}")
    return problems


def hostile_values(shown, browser):
    """The hostile lab's values read exactly as written, the exchange's header too once unfolded."""
    problems = []
    lab = shown["labs"][0] if shown["labs"] else {}
    if lab.get("title") != LAB_TITLE:
        problems.append(f"the lab title reads {lab.get('title')!r}")
    if STEP_TITLE not in shown["stepTitles"]:
        problems.append(f"the step title is not shown as written: {shown['stepTitles']}")
    if "Hint: " + HINT not in shown["hints"]:
        problems.append(f"the hint is not shown as written: {shown['hints']}")
    if "Note: " + NOTE not in shown["notes"]:
        problems.append(f"the note is not shown as written: {shown['notes']}")
    exchange = browser.execute_script(
        "const d = document.querySelector('details'); d.open = true; const t = d.querySelector('pre').textContent; d.open = false; return t;")
    if f"> X-Evil: {HEADER}" not in exchange.split("\n"):
        problems.append(f"the exchange does not show the request header as sent: {exchange[:300]!r}")
    return problems


def unfold_and_filter(browser, shown):
    problems = []
    summaries = browser.find_elements("css selector", "details > summary")
    if summaries:
        summaries[0].click()
        opened = browser.execute_script(
            "const d = document.querySelector('details'); const p = d.querySelector('pre'); return [d.open, p.checkVisibility(), p.offsetHeight];")
        if not (opened[0] and opened[1] and opened[2] > 0):
            problems.append(f"clicking an exchange's summary does not unfold it (open, shown, height: {opened})")
        summaries[0].click()
    browser.find_element("css selector", "label[for=only-not-passed]").click()
    visible = browser.execute_script(VISIBLE_STEPS)
    expected = dict(shown["steps"], passed=0)
    if visible != expected:
        problems.append(f"with 'only steps that did not pass' checked, the page shows {visible}, expected {expected}")
    browser.find_element("css selector", "label[for=only-not-passed]").click()
    if browser.execute_script(VISIBLE_STEPS) != shown["steps"]:
        problems.append("unchecking 'only steps that did not pass' does not show every step again")
    return problems


def check(browser, saaslab, workdir):
    """Every failure, as a sentence; an empty list when the HTML report passes."""
    problems = []
    pages = reports(saaslab, workdir, problems)
    size = browser.get_window_size()
    try:
        for name, (page, report, timed) in pages.items():
            for width in (1280, 400):
                browser.set_window_size(width, 900)
                try:
                    browser.get_log("browser")  # what earlier pages logged is theirs
                except Exception:
                    pass
                browser.get("file://" + page)
                shown = browser.execute_script(READ)
                found = compare(shown, report, timed) + safety(shown, browser)
                if name == "hostile":
                    found += hostile_values(shown, browser)
                found += unfold_and_filter(browser, shown)
                found += [f"at {width}px: {problem}" for problem in browser.execute_script(FITS)]
                if found:
                    shot = chromium.screenshot(browser, f"html-report-{name}-{width}")
                    problems += [f"{name} report at {width}px: {problem}" for problem in found] + [f"{name} report at {width}px: screenshot {shot}"]
    finally:
        browser.set_window_size(size["width"], size["height"])
    return problems


def main():
    saaslab = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip(),
        "saaslab")
    browser = chromium.driver()
    try:
        with tempfile.TemporaryDirectory() as workdir:
            problems = check(browser, os.path.abspath(saaslab), workdir)
    finally:
        browser.quit()
    if problems:
        print("\n".join(problems))
        return 1
    print("HTML report: starter, solution and hostile runs match their JSON reports, exchanges fold, nothing runs, "
          "and the pages fit 1280px and 400px windows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
