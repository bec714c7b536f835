#!/usr/bin/env python3
"""The Markdown report as GitHub shows it: Tests/LabsTests/Fixtures/report-hostile.md (a run
full of hostile values, kept equal to what saaslab writes by MarkdownReportTests) rendered with
cmark-gfm, GitHub's own Markdown library, raw HTML allowed, then opened in headless Chromium.
No value may become an element (image, emphasis, link), a column or a row of its own, and every
value must read exactly as it was.

Usage: python3 Tests/Browser/test_markdown_report.py   (needs cmarkgfm and selenium from PyPI,
chromium and chromium-driver from Debian)"""
import os
import sys
import tempfile

import cmarkgfm
from cmarkgfm.cmark import Options
from selenium.common.exceptions import NoAlertPresentException

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chromium  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURE = os.environ.get("SAASLAB_MARKDOWN_FIXTURE") or os.path.join(ROOT, "Tests", "LabsTests", "Fixtures", "report-hostile.md")

# The values MarkdownReportTests.hostile puts in every place a participant's text can reach.
HOSTILE = [
    "<img src=x onerror=alert(1)>", "**bold** _em_ ~~gone~~", "a`b", "``", "`edge`", "cell | split",
    "line one\nline two\r\nline three", "[click](https://evil.example) ![i](x.png)", "https://evil.example www.evil.example",
    "&lt;entity&gt; &amp;", "# not a heading", "\\| backslash-pipe", "$x^2$ :smile: @someone #1",
]


def main():
    with open(FIXTURE, encoding="utf-8") as file:
        markdown = file.read()
    html = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    with tempfile.TemporaryDirectory() as folder:
        page = os.path.join(folder, "report.html")
        with open(page, "w", encoding="utf-8") as file:
            file.write("<!DOCTYPE html><meta charset=utf-8><body>" + html + "</body>")
        browser = chromium.driver()
        try:
            browser.get("file://" + page)
            problems = check(browser)
            if problems:
                shot = chromium.screenshot(browser, "markdown-report")
                print("\n".join(problems) + f"\nscreenshot: {shot}")
                return 1
        finally:
            browser.quit()
    print(f"Markdown report: {len(HOSTILE)} hostile values stay text in cmark-gfm and Chromium")
    return 0


def check(browser):
    problems = []
    try:
        alert = browser.switch_to.alert
        problems.append(f"a value ran a script: alert({alert.text})")
        alert.accept()
    except NoAlertPresentException:
        pass
    elements = browser.execute_script(
        "return [...document.body.querySelectorAll('*')].map(e => e.tagName.toLowerCase())")
    unexpected = sorted(set(elements) - {"h2", "h3", "table", "thead", "tbody", "tr", "th", "td", "code", "br"})
    if unexpected:
        problems.append(f"elements made from values: {unexpected}")
    rows = browser.execute_script(
        "return [...document.querySelectorAll('tbody tr')].map(r => [...r.cells].map(c => c.innerText))")
    if len(rows) != 3 * len(HOSTILE):
        problems.append(f"{len(rows)} rows, expected {3 * len(HOSTILE)} (one per step)")
    for index, value in enumerate(HOSTILE):
        shown = value.replace("\r\n", "\n")
        failed, message, note = rows[3 * index: 3 * index + 3] if len(rows) >= 3 * index + 3 else ([], [], [])
        expectations = [
            (failed, 1, "title " + shown), (failed, 3, "actual " + shown), (failed, 3, "Hint: hint " + shown),
            (message, 3, "message " + shown), (note, 3, "Note: note " + shown),
        ]
        for cells, column, text in expectations:
            if len(cells) != 4:
                problems.append(f"value {index} {value!r}: a row with {len(cells)} cells")
                break
            if text not in cells[column]:
                problems.append(f"value {index} {value!r}: {text!r} not in {cells[column]!r}")
    heading = browser.execute_script("return document.querySelector('h3').innerText")
    if heading != "Lab <b>1</b> | **x** second line (lab`|<x>): 13/39":
        problems.append(f"heading reads {heading!r}")
    return problems


if __name__ == "__main__":
    sys.exit(main())
