#!/usr/bin/env python3
"""The SaaS app's web client in headless Chromium, against `saaslab serve`.

Walks the bootcamp's story on screen: two tenants register and their admins sign in with the
temporary password `serve` prints (the first sign-in's new-password challenge), each adds
products and sees only its own; a product named <img src=x onerror=alert(1)> shows as text; the
system admin turns the cross-tenant injection on and tenant B sees tenant A's products, marked
as another tenant's; after the Lab 3 solution (tenant credentials and the LeadingKeys policy,
applied through the settings page) the same page shows IAM's refusal with its explanation. On
the way: a TenantAdmin adds, edits, disables and enables a user, who signs in as a TenantUser
and sees no buttons it may not use; logs and metering; every form field labelled; the token in
sessionStorage and no cookie; no Content-Security-Policy violation; the keyboard alone signs in.

Prints each page's time to interactive (Navigation Timing for the first load, the client's
own performance measures for each page after), not asserted. Saves a screenshot of the page
at every failure (SAASLAB_SCREENSHOTS or .build/browser-screenshots); with --screenshot PATH
also saves the products page with the injection on there (the README's picture), and the
refusal after Lab 3 beside it as web-client-refused.png (docs/web-client.md's). Also runs the HTML report check
(Tests/Browser/html_report.py) in the same browser.

Usage: python3 Tests/Browser/test_web_client.py [path/to/saaslab] [--screenshot PATH]
(default: the binary of `swift build`; needs selenium and boto3 from PyPI, chromium and
chromium-driver from Debian)"""
import json
import os
import queue
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import boto3
from botocore.config import Config
from selenium.common.exceptions import NoAlertPresentException, TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chromium  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OPERATOR = ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
HOSTILE = "<img src=x onerror=alert(1)>"
WAIT = 20


class Failure(AssertionError):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


class Server:
    """`saaslab serve --port 0`, its banner parsed, every later line kept (the mail it prints)."""

    def __init__(self, binary):
        self.process = subprocess.Popen([binary, "serve", "--port", "0"], stdout=subprocess.PIPE, text=True)
        self.lines = queue.Queue()
        self.seen = []
        threading.Thread(target=self._read, daemon=True).start()
        banner = []
        while not any(line.startswith("  web client") for line in banner):
            line = self.lines.get(timeout=60)
            check(line is not None, f"saaslab serve exited before its banner was complete: {banner}")
            banner.append(line)
        self.url = banner[0].removeprefix("listening on ")
        admin = next(line for line in banner if line.startswith("  app admin")).removeprefix("  app admin").strip()
        user, _, rest = admin.partition(" / ")
        self.admin = (user.strip(), rest.split()[0])
        web = next(line for line in banner if line.startswith("  web client"))
        check(f"{self.url}/" in web, f"the banner's web client line names another address: {web!r}")

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def temporary_password(self, user_name):
        """The temporary password in the mail line `serve` printed for `user_name`."""
        pattern = re.compile(rf"^  mail +to \S+ \(EMAIL\) for {re.escape(user_name)} in \S+: temporary password (\S+)$")
        deadline = time.time() + WAIT
        while time.time() < deadline:
            for line in self.seen:
                match = pattern.match(line)
                if match:
                    return match.group(1)
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                continue
            if line is not None:
                self.seen.append(line)
        raise Failure(f"saaslab serve printed no invitation for {user_name}; it printed: {self.seen}")

    def stop(self):
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=30)
        check(code == 0, f"saaslab serve exited with {code}")


class WebClientTest:
    def __init__(self, binary, screenshot_path=None):
        self.binary = binary
        self.screenshot_path = screenshot_path
        self.timings = []
        self.failures = []

    # -- the browser ----------------------------------------------------------------------

    def wait(self, condition, what, timeout=WAIT):
        try:
            return WebDriverWait(self.browser, timeout).until(lambda _: condition())
        except TimeoutException:
            raise Failure(f"timed out waiting for {what}") from None

    def open(self, route):
        """Loads the client afresh at `route`, as typing its address does."""
        target = f"{self.server.url}/#/{route}"
        if self.browser.current_url == target:
            self.browser.refresh()
        else:
            self.browser.get(target)
        return self.ready(route)

    def go(self, route):
        """Navigates inside the client (a hash change), as a click on the menu does."""
        self.browser.execute_script("location.hash = arguments[0]", f"#/{route}")
        return self.ready(route)

    def ready(self, route):
        """Waits until the page `route` has its data on screen, and records how long it took."""
        self.wait(lambda: self.browser.execute_script(
            "const m = document.getElementById('main'); return m.dataset.page === arguments[0] && m.dataset.ready === 'true'", route),
            f"the {route} page to be ready")
        measured = self.browser.execute_script(
            "const all = performance.getEntriesByName('saaslab:page:' + arguments[0]); return all.length ? all[all.length - 1].duration : null", route)
        self.timings.append((route, measured))
        self.check_labels(route)
        return self.main()

    def main(self):
        return self.browser.find_element(By.ID, "main")

    def check_labels(self, route):
        unlabelled = self.browser.execute_script("""
            return [...document.querySelectorAll('input, select, textarea')]
              .filter((control) => control.type !== 'hidden' && control.labels.length === 0)
              .map((control) => control.name || control.outerHTML.slice(0, 60))""")
        check(not unlabelled, f"the {route} page has form fields without a label: {unlabelled}")

    def fill(self, form, values):
        for name, value in values.items():
            control = form.find_element(By.NAME, name)
            if control.tag_name == "select":
                Select(control).select_by_value(value)
            else:
                control.clear()
                control.send_keys(value)

    def header(self):
        return {field: self.browser.find_element(By.CSS_SELECTOR, f"#who [data-field={field}]").text for field in ("user", "tenant", "role")}

    def error_box(self):
        return self.wait(lambda: (self.browser.find_elements(By.CSS_SELECTOR, "#main .error") or [None])[0], "an error box")

    def no_alert(self, where):
        try:
            alert = self.browser.switch_to.alert
            text = alert.text
            alert.dismiss()
            raise Failure(f"{where}: a script ran and opened an alert ({text!r})")
        except NoAlertPresentException:
            pass

    def product_rows(self):
        """(title, another tenant's?) per row, read in one step so a list being redrawn is never half read."""
        return [tuple(row) for row in self.browser.execute_script("""
            return [...document.querySelectorAll('#main tbody tr')].map((row) =>
              [row.querySelector('td[data-column=title]').textContent, row.classList.contains('foreign')])""")]

    def text(self, css):
        """The text of the first element matching `css`, read in one step ('' when there is none)."""
        return self.browser.execute_script("const e = document.querySelector(arguments[0]); return e ? e.innerText : ''", css)

    def row_button(self, title, label):
        """The button `label` on the product row titled `title`."""
        return self.browser.find_element(
            By.XPATH, f"//main//tr[td[@data-column='title' and text()='{title}']]//button[text()='{label}']")

    # -- the app's flows, through the pages -------------------------------------------------

    def register(self, company, user_name, email):
        main = self.open("register")
        form = main.find_element(By.TAG_NAME, "form")
        self.fill(form, {"companyName": company, "email": email, "userName": user_name, "firstName": "Ada", "lastName": "Lovelace"})
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        done = self.wait(lambda: (self.browser.find_elements(By.CSS_SELECTOR, "#main .success, #main .error") or [None])[0],
                         f"{company}'s registration to finish")
        check("success" in done.get_attribute("class"), f"registering {company} failed: {done.text}")
        check(company in done.text, f"the registration result does not name {company} as text: {done.text}")
        return done.get_attribute("data-tenant-id")

    def sign_in(self, user_name, password, new_password=None, keyboard=False):
        self.browser.execute_script("sessionStorage.clear()")
        main = self.open("signin")
        form = main.find_element(By.TAG_NAME, "form")
        self.fill(form, {"userName": user_name, "password": password})
        if keyboard:
            form.find_element(By.NAME, "password").send_keys(Keys.ENTER)
        else:
            form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        if new_password:
            challenge = self.wait(lambda: (self.browser.find_elements(By.NAME, "newPassword") or [None])[0], "the new-password challenge")
            check(challenge.is_displayed(), "the new-password fields are hidden")
            check(self.browser.switch_to.active_element == challenge, "the new-password field does not have the focus")
            challenge.send_keys(new_password)
            confirm = self.browser.find_element(By.NAME, "confirmPassword")
            confirm.send_keys(new_password)
            if keyboard:
                confirm.send_keys(Keys.ENTER)
            else:
                self.browser.find_element(By.CSS_SELECTOR, "#main button[type=submit]").click()
        self.ready("products")
        token = self.browser.execute_script("return sessionStorage.getItem('saaslab.idToken')")
        check(token and token.count(".") == 2, "the ID token is not in sessionStorage")
        check(self.browser.execute_script("return document.cookie") == "" and not self.browser.get_cookies(),
              "the client set a cookie")

    def sign_out(self):
        self.browser.find_element(By.CSS_SELECTOR, "#who button").click()
        self.ready("signin")
        check(self.browser.execute_script("return sessionStorage.getItem('saaslab.idToken')") is None, "signing out left the token")
        check("signed out" in self.main().text, "signing out says nothing")

    def add_product(self, title):
        main = self.main()
        form = main.find_element(By.CSS_SELECTOR, "form[aria-label='product form']")
        self.fill(form, {"title": title, "sku": "SKU-" + str(len(title)), "numberInStock": "3", "unitCost": "9.5"})
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.wait(lambda: any(row[0] == title for row in self.product_rows()), f"the product {title!r} in the list")

    # -- the story ---------------------------------------------------------------------------

    def run(self):
        self.server = Server(self.binary)
        self.browser = chromium.driver(logging=True)
        step = "start"
        try:
            for step, action in self.steps():
                action()
            self.print_timings()
        except Exception as error:  # noqa: BLE001 - any failure is reported with a screenshot
            path = chromium.screenshot(self.browser, f"web-client-{step}")
            self.failures.append(f"{step}: {error} (screenshot: {path})")
        finally:
            try:
                self.check_console()
            except Failure as error:
                self.failures.append(str(error))
            if not self.failures:
                self.html_report()
            self.browser.quit()
            self.server.stop()
        return self.failures

    def steps(self):
        s = {}
        yield "served", self.served
        yield "product-table", self.product_table
        yield "register", lambda: s.update(a=self.register("Alpha & Sons", "alpha", "alpha@example.com"),
                                           b=self.register("Beta <b>Bold</b>", "beta", "beta@example.com"),
                                           c=self.register("Gamma Ltd", "gamma", "gamma@example.com"))
        yield "first-sign-in", lambda: self.first_sign_in(s)
        yield "products-a", lambda: self.products_a(s)
        yield "users", lambda: self.users(s)
        yield "tenant-user", lambda: self.tenant_user(s)
        yield "products-b", lambda: self.products_b(s)
        yield "telemetry", lambda: self.telemetry(s)
        yield "injection", lambda: self.injection(s)
        yield "lab3", lambda: self.lab3(s)

    def served(self):
        with urllib.request.urlopen(self.server.url + "/", timeout=10) as response:
            policy = response.headers["Content-Security-Policy"]
            check(response.headers["Content-Type"].startswith("text/html"), "GET / is not HTML")
        check(policy and "script-src 'self'" in policy and "unsafe-inline" not in policy, f"GET / has the policy {policy!r}")
        self.browser.get(self.server.url + "/")
        main = self.ready("signin")  # no route, nobody signed in: the sign-in page
        check(main.get_attribute("data-page") == "signin", "a signed-out visitor does not land on sign-in")
        check(self.browser.find_element(By.CSS_SELECTOR, "#who").text == "Not signed in", "the header does not say nobody is signed in")
        navigation = self.browser.execute_script("""
            const n = performance.getEntriesByType('navigation')[0];
            return {interactive: n.domInteractive, contentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd,
                    transferred: performance.getEntriesByType('resource').reduce((sum, r) => sum + r.decodedBodySize, n.decodedBodySize)}""")
        self.navigation = navigation
        # Again with the browser warm, as a participant's second visit is.
        self.browser.refresh()
        self.ready("signin")
        self.warm = self.browser.execute_script("""
            const n = performance.getEntriesByType('navigation')[0];
            return {interactive: n.domInteractive, contentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd}""")
        # The keyboard: the first Tab reaches the skip link.
        self.browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
        focused = self.browser.switch_to.active_element
        check(focused.get_attribute("class") == "skip", f"the first Tab lands on {focused.tag_name}.{focused.get_attribute('class')}, not the skip link")

    def product_table(self):
        """Lab 2's answer, as a participant gives it with the AWS CLI: the table keyed by tenant."""
        with open(os.path.join(ROOT, "labs", "solution", "lab2", "product-table.json")) as file:
            table = json.load(file)
        boto3.client("dynamodb", endpoint_url=self.server.url, region_name="us-east-1", aws_access_key_id=OPERATOR[0],
                     aws_secret_access_key=OPERATOR[1], config=Config(retries={"max_attempts": 1})).create_table(**table)

    def first_sign_in(self, s):
        s["a-password"] = "Alpha-Passw0rd!"
        # Alpha signs in with the keyboard alone.
        self.sign_in("alpha", self.server.temporary_password("alpha"), s["a-password"], keyboard=True)
        header = self.header()
        check(header == {"user": "alpha", "tenant": "Alpha & Sons", "role": "TenantAdmin"} or
              header == {"user": "alpha", "tenant": s["a"], "role": "TenantAdmin"}, f"the header shows {header}")
        self.wait(lambda: self.header()["tenant"] == "Alpha & Sons", "the company name in the header")

    def products_a(self, s):
        self.add_product("Alpha widget")
        self.add_product(HOSTILE)
        self.no_alert("a product named like an image tag")
        titles = [row[0] for row in self.product_rows()]
        check(HOSTILE in titles, f"the hostile product name is not shown as text: {titles}")
        check(not self.browser.find_elements(By.CSS_SELECTOR, "#main img"), "a product name became an <img> element")
        # Edit, then delete with its confirmation.
        self.row_button("Alpha widget", "Edit").click()
        form = self.main().find_element(By.CSS_SELECTOR, "form[aria-label='product form']")
        self.fill(form, {"title": "Alpha widget v2"})
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.wait(lambda: any(r[0] == "Alpha widget v2" for r in self.product_rows()), "the edited product")
        self.add_product("Alpha doomed")
        delete = self.row_button("Alpha doomed", "Delete")
        delete.click()
        check(delete.text == "Confirm delete", "Delete does not ask for a confirmation")
        delete.click()
        self.wait(lambda: all(r[0] != "Alpha doomed" for r in self.product_rows()), "the deleted product to go")
        # Orders: one for the widget.
        main = self.go("orders")
        form = main.find_element(By.CSS_SELECTOR, "form[aria-label='order form']")
        Select(form.find_element(By.NAME, "productId")).select_by_visible_text("Alpha widget v2")
        self.fill(form, {"quantity": "2", "unitCost": "9.5"})
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.wait(lambda: "Alpha widget v2" in self.text("#main tbody"), "the order, naming its product")

    def users(self, s):
        main = self.go("users")
        form = main.find_element(By.CSS_SELECTOR, "form[aria-label='user form']")
        self.fill(form, {"userName": "carol", "email": "carol@example.com", "firstName": "Carol", "lastName": "Shaw", "role": "TenantUser"})
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        row = self.wait(lambda: (self.browser.find_elements(By.CSS_SELECTOR, "#main tr[data-user=carol]") or [None])[0], "carol in the list")
        row.find_element(By.XPATH, ".//button[text()='Edit']").click()
        form = self.main().find_element(By.CSS_SELECTOR, "form[aria-label='user form']")
        check(form.find_element(By.NAME, "userName").get_attribute("readonly") is not None, "a user's name is editable")
        self.fill(form, {"firstName": "Caroline"})
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.wait(lambda: "Caroline Shaw" in self.text("#main tr[data-user=carol]"), "the edited name")
        for action, state in (("Disable", "disabled"), ("Enable", "enabled")):
            self.browser.find_element(By.CSS_SELECTOR, "#main tr[data-user=carol]").find_element(By.XPATH, f".//button[text()='{action}']").click()
            self.wait(lambda: state in self.text("#main tr[data-user=carol]"), f"carol {state}")
        own = self.browser.find_element(By.CSS_SELECTOR, "#main tr[data-user=alpha]")
        check(not own.find_elements(By.XPATH, ".//button[text()='Disable' or text()='Delete']"), "a TenantAdmin may disable or delete itself")
        main = self.go("tenant")
        check("Alpha & Sons" in main.text, "the tenant page does not show the company")
        check(main.find_elements(By.CSS_SELECTOR, "form[aria-label='tenant form']"), "a TenantAdmin cannot edit its tenant")
        self.sign_out()

    def tenant_user(self, s):
        self.sign_in("carol", self.server.temporary_password("carol"), "Carol-Passw0rd!")
        header = self.header()
        check(header["user"] == "carol" and header["role"] == "TenantUser", f"the header shows {header}")
        check(not self.browser.find_elements(By.CSS_SELECTOR, "#main form, #main button"), "a TenantUser sees the form or buttons to change products")
        check(not self.browser.find_elements(By.CSS_SELECTOR, "#main .row-actions"), "a TenantUser sees product buttons")
        titles = [row[0] for row in self.product_rows()]
        check("Alpha widget v2" in titles, f"a TenantUser does not see its tenant's products: {titles}")
        main = self.go("users")
        check(not main.find_elements(By.CSS_SELECTOR, "form, button"), "a TenantUser sees a form or buttons on the users page")
        check("carol" in main.text and "alpha" in main.text, "a TenantUser does not see its tenant's users")
        # Orders are a TenantUser's to place.
        main = self.go("orders")
        check(main.find_elements(By.CSS_SELECTOR, "form[aria-label='order form']"), "a TenantUser cannot place an order")
        links = [a.text for a in self.browser.find_elements(By.CSS_SELECTOR, "#nav a")]
        check("Settings" not in links and "Tenants" not in links, f"a TenantUser's menu offers {links}")
        self.sign_out()

    def products_b(self, s):
        self.sign_in("beta", self.server.temporary_password("beta"), "Beta-Passw0rd!")
        self.wait(lambda: self.header()["tenant"] == "Beta <b>Bold</b>", "Beta's company name, as text, in the header")
        self.add_product("Beta gadget")
        titles = [row[0] for row in self.product_rows()]
        check(titles == ["Beta gadget"], f"Beta sees products that are not its own: {titles}")
        # A phone's width: the page never scrolls sideways (a wide table scrolls in its own box).
        for route in ("products", "users", "telemetry", "tenant"):
            self.browser.set_window_size(400, 800)
            self.open(route)
            page, window, wide = self.browser.execute_script("""
                return [document.documentElement.scrollWidth, innerWidth,
                        [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > innerWidth + 1)
                          .filter((e) => !e.closest('.table-wrap') || e.classList.contains('table-wrap'))
                          .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`).slice(0, 8)]""")
            self.browser.set_window_size(1280, 900)
            check(page <= window, f"at {window} px the {route} page is {page} px wide: {wide}")
        self.sign_out()

    def telemetry(self, s):
        self.sign_in("alpha", s["a-password"])
        # A request whose path is markup: the log shows the path as text.
        token = self.browser.execute_script("return sessionStorage.getItem('saaslab.idToken')")
        hostile_path = "/product/" + urllib.parse.quote("<img src=x onerror=alert(2)>")
        request = urllib.request.Request(self.server.url + hostile_path, headers={"Authorization": f"Bearer {token}"})
        try:
            urllib.request.urlopen(request, timeout=10)
        except urllib.error.HTTPError:
            pass
        main = self.go("telemetry")
        self.no_alert("a logged path that is markup")
        check(not self.browser.find_elements(By.CSS_SELECTOR, "#main img"), "a logged path became an <img> element")
        check("<img src=x onerror=alert(2)>" in main.text or "%3Cimg" in main.text, "the hostile path is not in the log as text")
        text = main.text
        check(s["a"] in text and "product" in text, "the metering does not show Alpha's product requests")
        check(s["b"] not in text, "a tenant sees another tenant's telemetry")
        rows = main.find_elements(By.CSS_SELECTOR, "table.log tbody tr")
        check(len(rows) > 5, f"the request log shows {len(rows)} requests")
        self.sign_out()

    def admin(self):
        self.sign_in(*self.server.admin)
        check(self.header()["role"] == "SystemAdmin", f"the header shows {self.header()}")

    def save_service(self, values):
        main = self.go("settings")
        form = main.find_element(By.CSS_SELECTOR, "form[data-service=product]")
        self.fill(form, values)
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.wait(lambda: "Saved" in self.text("form[data-service=product] .status"), "the product settings to save")

    def injection(self, s):
        self.admin()
        main = self.go("tenants")
        check("Alpha & Sons" in main.text and "Beta <b>Bold</b>" in main.text, "the system admin's tenant list lacks a tenant")
        # The system admin edits a tenant, then deletes it.
        gamma = f"#main tr[data-tenant-id='{s['c']}']"
        self.browser.find_element(By.CSS_SELECTOR, gamma).find_element(By.XPATH, ".//button[text()='Edit']").click()
        form = self.main().find_element(By.CSS_SELECTOR, "form[aria-label='tenant form']")
        self.fill(form, {"companyName": "Gamma Renamed"})
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.wait(lambda: "Gamma Renamed" in self.text(gamma), "the renamed tenant in the list")
        delete = self.browser.find_element(By.CSS_SELECTOR, gamma).find_element(By.XPATH, ".//button[text()='Delete']")
        delete.click()
        delete.click()
        self.wait(lambda: not self.browser.find_elements(By.CSS_SELECTOR, gamma), "the deleted tenant to leave the list")
        self.save_service({"injectTenantId": s["a"]})
        self.sign_out()
        self.sign_in("beta", "Beta-Passw0rd!")
        rows = self.product_rows()
        check(("Alpha widget v2", True) in rows, f"with the injection on, Beta does not see Alpha's products marked as another tenant's: {rows}")
        check(HOSTILE in [row[0] for row in rows], "the hostile name is not shown as text to another tenant")
        check("belong to another tenant" in self.text("#main .breach"), "the page does not say the products are another tenant's")
        if self.screenshot_path:
            self.browser.set_window_size(1280, 640)
            self.open("products")
            self.browser.save_screenshot(self.screenshot_path)
            self.browser.set_window_size(1280, 900)
        self.no_alert("another tenant's hostile product name")
        self.sign_out()

    def lab3(self, s):
        self.admin()
        self.save_service({"credentials": "tenant"})
        main = self.main()
        form = main.find_element(By.CSS_SELECTOR, "form[aria-label='template editor']")
        Select(form.find_element(By.NAME, "template")).select_by_value("tenant-admin-policy")
        self.wait(lambda: '"Sid"' in form.find_element(By.NAME, "document").get_attribute("value"), "the policy in the editor")
        with open(os.path.join(ROOT, "labs", "solution", "lab3", "tenant-admin-policy.json")) as file:
            policy = file.read()
        self.browser.execute_script("arguments[0].value = arguments[1]", form.find_element(By.NAME, "document"), policy)
        form.find_element(By.XPATH, ".//button[text()='Save and apply to existing tenants']").click()
        self.wait(lambda: "applied to" in self.text("form[aria-label='template editor'] .status")
                  or self.text("form[aria-label='template editor'] .error"), "the policy to be applied")
        status = self.text("form[aria-label='template editor'] .status")
        check("applied to 2 tenants." in status, f"applying the Lab 3 policy says {status!r} {self.text('.error')!r}")
        self.sign_out()
        self.sign_in("beta", "Beta-Passw0rd!")
        box = self.error_box()
        check(box.get_attribute("data-error") == "AccessDeniedException", f"Beta's injected read shows {box.text!r}")
        text = box.text
        check("dynamodb:Query" in text and "LeadingKeys" in text, f"the refusal does not show IAM's explanation: {text!r}")
        check("Asked for" in text and "Because" in text, f"the refusal is not laid out: {text!r}")
        check(not self.product_rows(), "Beta still sees products after Lab 3")
        if self.screenshot_path:
            self.browser.set_window_size(1280, 640)
            self.browser.save_screenshot(os.path.join(os.path.dirname(self.screenshot_path), "web-client-refused.png"))

    # -- reports -----------------------------------------------------------------------------

    def check_console(self):
        entries = self.browser.get_log("browser")
        # The network layer logs every 4xx/5xx answer the client chose to show; anything else
        # (a CSP violation, an exception) is a defect.
        problems = [entry["message"] for entry in entries if entry["level"] == "SEVERE" and entry.get("source") != "network"]
        check(not problems, f"the browser console reports: {problems}")

    def print_timings(self):
        print(f"  first load: DOM interactive {self.navigation['interactive']:.1f} ms, "
              f"DOMContentLoaded {self.navigation['contentLoaded']:.1f} ms, load {self.navigation['load']:.1f} ms, "
              f"{self.navigation['transferred']} bytes")
        print(f"  reload:     DOM interactive {self.warm['interactive']:.1f} ms, "
              f"DOMContentLoaded {self.warm['contentLoaded']:.1f} ms, load {self.warm['load']:.1f} ms")
        by_page = {}
        for route, duration in self.timings:
            if duration is not None:
                by_page.setdefault(route, []).append(duration)
        for route, durations in sorted(by_page.items()):
            print(f"  {route:<10} interactive after {max(durations):6.1f} ms at most ({len(durations)} visits, median {sorted(durations)[len(durations) // 2]:.1f} ms)")

    def html_report(self):
        """`saaslab run --format html`, checked in the same browser (Tests/Browser/html_report.py)."""
        import html_report
        with tempfile.TemporaryDirectory() as folder:
            found = html_report.check(self.browser, self.binary, folder)
            self.failures += [f"html report: {failure}" for failure in found]
            if not found:
                print("  html report: the starter's, the solution's and a hostile lab's pages match their JSON reports")


def main():
    arguments = sys.argv[1:]
    screenshot = None
    if "--screenshot" in arguments:
        index = arguments.index("--screenshot")
        screenshot = os.path.abspath(arguments[index + 1])
        del arguments[index:index + 2]
    binary = arguments[0] if arguments else os.path.join(
        subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip(), "saaslab")
    failures = WebClientTest(binary, screenshot).run()
    if failures:
        for failure in failures:
            print("FAIL:", failure)
        sys.exit(1)
    print("web client: every page in headless Chromium passed")


if __name__ == "__main__":
    main()
