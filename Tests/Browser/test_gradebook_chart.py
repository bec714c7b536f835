#!/usr/bin/env python3
"""gradebook.html in headless Chromium: no label is ever clipped.

Grades a small class with `saaslab grade` (a lab with a very long title and a very long step
id, a lab with a very long id and a non-Latin title, a participant with a very long name, and
participants with full marks, some, none and an error, so bars go from 0 to 100%), opens
gradebook.html at several window widths, and checks with getBoundingClientRect that every chart
label lies inside its own box and inside the chart, every bar inside its SVG, every table cell's
text inside its cell, and nothing wider than the window (on a narrow one the table scrolls
sideways in its own box). Saves a screenshot of each failing width.

Usage: python3 Tests/Browser/test_gradebook_chart.py [path/to/saaslab]
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
LONG_WORD = "Supercalifragilistic" * 6
LONG_TITLE = ("Tenant isolation, partitioned tables and the token vending machine, with a title far "
              "longer than any chart label column: " + LONG_WORD + " — and then some more words after it")
LONG_STEP = "a-step-id-that-goes-on-" + "and-on-" * 14 + "end"
LONG_LAB = "lab-with-an-extraordinarily-long-identifier-" + "x" * 60
LONG_PARTICIPANT = "participant-with-a-very-long-folder-name-" + "n" * 150


def create_table(step, path, name, extra=""):
    return f"""```hurl {{id={step} {extra}}}
POST {{{{api}}}}/
X-Amz-Target: DynamoDB_20120810.CreateTable
Content-Type: application/x-amz-json-1.0
[Options]
aws-sigv4: aws:amz:{{{{region}}}}:dynamodb
user: {{{{operator_access_key_id}}}}:{{{{operator_secret_access_key}}}}
file,{path};
HTTP 200
[Asserts]
jsonpath "$.TableDescription.TableName" == "{name}"
```
"""


LAB_ONE = f"""---
id: tables
title: {LONG_TITLE}
---
{create_table("create", "lab1/product.json", "Product", "points=3 exercise")}
{create_table(LONG_STEP, "lab1/order.json", "Order", "points=2 exercise")}
```hurl {{id=health points=0}}
GET {{{{api}}}}/health
HTTP 200
```
```hurl {{id=never points=0 hidden}}
GET {{{{api}}}}/health
HTTP 418
```
"""

LAB_TWO = f"""---
id: {LONG_LAB}
title: Ωmega — 日本語のタイトル — ünïcode
---
{create_table("tenant", "lab2/tenant.json", "Tenant", "points=5 exercise")}
"""


def table(name):
    return json.dumps({"TableName": name, "BillingMode": "PAY_PER_REQUEST",
                       "KeySchema": [{"AttributeName": "tenant_id", "KeyType": "HASH"}],
                       "AttributeDefinitions": [{"AttributeName": "tenant_id", "AttributeType": "S"}]})


def write(path, text, binary=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as file:
        file.write(text if binary else text.encode())


def make_class(folder):
    write(os.path.join(folder, "labs", "01-tables.md"), LAB_ONE)
    write(os.path.join(folder, "labs", "02-tenants.md"), LAB_TWO)
    answers = {
        "full": ("Product", "Order", "Tenant"),
        LONG_PARTICIPANT: ("Product", "Order", "Tenant"),
        "some": ("Product", "Wrong", "Wrong"),
        "none": ("Wrong", "Wrong", "Wrong"),
    }
    for name, (product, order, tenant) in answers.items():
        base = os.path.join(folder, "subs", name)
        write(os.path.join(base, "lab1", "product.json"), table(product))
        write(os.path.join(base, "lab1", "order.json"), table(order))
        write(os.path.join(base, "lab2", "tenant.json"), table(tenant))
    broken = os.path.join(folder, "subs", "broken")
    write(os.path.join(broken, "lab1", "product.json"), b"\x00\x01", binary=True)
    write(os.path.join(broken, "lab1", "order.json"), b"\xff\xfe", binary=True)


CHECK = r"""
const problems = [];
const tolerance = 0.5;
const inside = (inner, outer) => inner.left >= outer.left - tolerance && inner.right <= outer.right + tolerance
    && inner.top >= outer.top - tolerance && inner.bottom <= outer.bottom + tolerance;
const text = element => {
    const range = document.createRange();
    range.selectNodeContents(element);
    return range.getBoundingClientRect();
};
const name = element => `${element.tagName.toLowerCase()}.${element.className.baseVal ?? element.className} "${(element.textContent || element.getAttribute('aria-label') || '').slice(0, 60)}"`;
const chart = document.querySelector('.chart');
const chartBox = chart.getBoundingClientRect();
const labels = [...chart.querySelectorAll('.lab, .label, .rate')];
for (const label of labels) {
    const box = label.getBoundingClientRect();
    if (!inside(box, chartBox)) problems.push(`${name(label)} leaves the chart`);
    if (!inside(text(label), box)) problems.push(`${name(label)}: its text leaves its box`);
    if (label.scrollWidth > label.clientWidth + 1) problems.push(`${name(label)} overflows (${label.scrollWidth} > ${label.clientWidth})`);
    if (box.width < 1 || box.height < 1) problems.push(`${name(label)} is not shown`);
}
const bars = [...chart.querySelectorAll('svg')];
for (const svg of bars) {
    const box = svg.getBoundingClientRect();
    if (!inside(box, chartBox)) problems.push(`${name(svg)} leaves the chart`);
    for (const rect of svg.querySelectorAll('rect')) {
        if (!inside(rect.getBoundingClientRect(), box)) problems.push(`a bar of ${name(svg)} leaves its SVG`);
    }
}
for (const cell of document.querySelectorAll('th, td')) {
    if (cell.textContent.trim() && !inside(text(cell), cell.getBoundingClientRect())) problems.push(`table cell "${cell.textContent.slice(0, 60)}": its text leaves the cell`);
    if (cell.scrollWidth > cell.clientWidth + 1) problems.push(`table cell "${cell.textContent.slice(0, 60)}" overflows`);
}
const scroll = document.querySelector('.scroll');
if (scroll.scrollWidth > scroll.clientWidth + 1 && getComputedStyle(scroll).overflowX !== 'auto') problems.push('the table is cut, not scrolled');
const page = document.documentElement;
if (page.scrollWidth > window.innerWidth + 1) problems.push(`the page is wider (${page.scrollWidth}px) than the window (${window.innerWidth}px)`);
if (chartBox.right > window.innerWidth + tolerance) problems.push('the chart leaves the window');
const widths = bars.map(svg => svg.querySelectorAll('rect')[1].getBoundingClientRect().width / svg.getBoundingClientRect().width);
return {problems, labels: labels.length, bars: bars.length, fractions: widths,
        rates: [...chart.querySelectorAll('.rate')].map(r => r.textContent)};
"""


def main():
    saaslab = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip(),
        "saaslab")
    with tempfile.TemporaryDirectory() as folder:
        make_class(folder)
        out = os.path.join(folder, "out")
        graded = subprocess.run([saaslab, "grade", os.path.join(folder, "subs"), "--labs", os.path.join(folder, "labs"),
                                 "--out", out, "--seed", "1", "--jobs", "2"], capture_output=True, text=True, timeout=300)
        print(graded.stdout.strip())
        if graded.returncode != 0:
            print(graded.stderr)
            return 1
        expected = "graded 5 participants: 2 with full marks, 1 partial, 1 with 0 points, 1 error;"
        if expected not in graded.stdout:
            print(f"expected '{expected}'")
            return 1
        failures = 0
        browser = chromium.driver()
        try:
            for width in (1400, 900, 480):
                browser.set_window_size(width, 900)
                browser.get("file://" + os.path.join(out, "gradebook.html"))
                result = browser.execute_script(CHECK)
                problems = result["problems"]
                rates = result["rates"]
                if result["bars"] != 5 or result["labels"] != 2 + 2 * 5:
                    problems.append(f"{result['bars']} bars and {result['labels']} labels; expected 5 and 12")
                if "0/4 (0%)" not in rates or "4/4 (100%)" not in rates:
                    problems.append(f"no 0% and 100% bars among {rates}")
                if not any(f < 0.001 for f in result["fractions"]) or not any(f > 0.999 for f in result["fractions"]):
                    problems.append(f"bars should run from empty to full: {result['fractions']}")
                if problems:
                    failures += 1
                    shot = chromium.screenshot(browser, f"gradebook-{width}")
                    print(f"at {width}px:\n  " + "\n  ".join(problems) + f"\n  screenshot: {shot}")
                else:
                    print(f"at {width}px: {result['labels']} labels and {result['bars']} bars inside the chart and the window")
        finally:
            browser.quit()
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
