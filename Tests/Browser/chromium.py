"""Headless Chromium for the browser tests: Debian's chromium and chromium-driver with PyPI's
selenium, the driver named explicitly so Selenium never tries to download one."""
import os

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def driver(width=1280, height=900, logging=False):
    """Headless Chromium; with `logging`, the console is kept for `browser.get_log("browser")`."""
    options = webdriver.ChromeOptions()
    if logging:
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--window-size={width},{height}"):
        options.add_argument(argument)
    for binary in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.path.exists(binary):
            options.binary_location = binary
            break
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def screenshot(browser, name):
    """Saves what the browser shows next to the test's output, for a failure's post-mortem."""
    folder = os.environ.get("SAASLAB_SCREENSHOTS", os.path.join(os.getcwd(), ".build", "browser-screenshots"))
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, name + ".png")
    browser.save_screenshot(path)
    return path
