"""The bootcamp's SaaS app over HTTP, driven by a plain HTTP client against `saaslab serve`.

Run by .ci/run after the Swift build: `python3 Tests/Clients/test_saas_app.py [path/to/saaslab]`.
It starts the server on a free port with a fixed seed and walks the flow a participant walks,
asserting every step: two tenants register and sign in with their emailed temporary passwords,
a TenantUser is refused user management, each tenant's products stay its own in the partitioned
table, an injected tenant id leaks another tenant's products under the service's system
credentials, a LeadingKeys condition plus tenant credentials turns the leak into a 403, and
logs and metering stay per tenant, a tampered token is refused as such, a token whose app client
hides custom:tenant_id and custom:role is refused naming that cause, and a product table whose
partition key has another name (tenantId) keeps the tenants apart too.

The app's REST calls use urllib only, as curl would. boto3 is used only for the platform's AWS
API (CreateTable), and botocore's SigV4Auth signs the saaslab outbox read. The steps share one
server and run in order; after a failed step the later ones are skipped, so the first failure
is the one to read.
"""
import base64
import copy
import json
import queue
import signal
import subprocess
import sys
import threading
import unittest
import urllib.error
import urllib.request

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config

OPERATOR = ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
REGION = "us-east-1"
BINARY = sys.argv.pop(1) if len(sys.argv) > 1 else ".build/debug/saaslab"
STARTUP_SECONDS = 60
NEW_PASSWORD = "N3w-Passw0rd!"


class Reply:
    """One HTTP exchange with the app: status and parsed JSON body (raw text if not JSON)."""

    def __init__(self, method, path, status, text):
        self.method, self.path, self.status, self.text = method, path, status, text
        try:
            self.body = json.loads(text) if text else None
        except ValueError:
            self.body = text

    def __repr__(self):
        return f"{self.method} {self.path} -> {self.status} {self.text[:2000]}"


def jwt_claims(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


class SaaSAppOverHTTP(unittest.TestCase):
    server = None
    endpoint = None
    lines = None
    banner = None
    failed_step = None
    # Shared between the ordered steps.
    state = {}
    # tenant id -> service -> requests this test made as that tenant, to check metering exactly.
    requests_made = {}
    token_tenant = {}

    # -- the server ---------------------------------------------------------------------

    @classmethod
    def setUpClass(cls):
        cls.server = subprocess.Popen([BINARY, "serve", "--port", "0", "--seed", "42"],
                                      stdout=subprocess.PIPE, text=True)
        # A reader thread, so a server that never prints its banner fails the test instead of hanging it.
        cls.lines = queue.Queue()

        def read():
            for line in cls.server.stdout:
                cls.lines.put(line.rstrip("\n"))
            cls.lines.put(None)

        cls.reader = threading.Thread(target=read, daemon=True)
        cls.reader.start()
        try:
            cls.read_banner()
        except BaseException:
            # tearDownClass does not run when setUpClass fails: stop the server here.
            if cls.server.poll() is None:
                cls.server.kill()
                cls.server.wait(timeout=20)
            raise

    @classmethod
    def read_banner(cls):
        cls.banner = []
        while not any(line.startswith("  app admin") for line in cls.banner):
            try:
                line = cls.lines.get(timeout=STARTUP_SECONDS)
            except queue.Empty:
                raise AssertionError(f"saaslab serve printed no 'app admin' line within {STARTUP_SECONDS}s; it printed: {cls.banner}") from None
            if line is None:
                code = cls.server.wait(timeout=20)
                raise AssertionError(f"saaslab serve exited ({code}) before its banner was complete; it printed: {cls.banner}")
            cls.banner.append(line)
        first = cls.banner[0]
        assert first.startswith("listening on http://127.0.0.1:"), first
        cls.endpoint = first.removeprefix("listening on ")
        # "  app admin   admin / Admin-Passw0rd!   (POST /auth: ...)"
        admin_line = next(line for line in cls.banner if line.startswith("  app admin"))
        user, _, rest = admin_line.removeprefix("  app admin").strip().partition(" / ")
        cls.admin = (user.strip(), rest.split()[0])

    @classmethod
    def tearDownClass(cls):
        cls.server.send_signal(signal.SIGINT)
        code = cls.server.wait(timeout=20)
        cls.reader.join(timeout=5)
        rest = []
        while not cls.lines.empty():
            line = cls.lines.get()
            if line is not None:
                rest.append(line)
        assert code == 0, f"saaslab serve exited with {code}; output after the banner: {rest}"
        assert "stopped" in rest, f"saaslab serve did not print 'stopped' on SIGINT: {rest}"

    def setUp(self):
        if SaaSAppOverHTTP.failed_step:
            self.skipTest(f"an earlier step failed: {SaaSAppOverHTTP.failed_step}")

    def run(self, result=None):
        # Remember the first failing step so the later ones, which depend on it, are skipped.
        before = len(result.failures) + len(result.errors) if result else 0
        outcome = super().run(result)
        if result and len(result.failures) + len(result.errors) > before and not SaaSAppOverHTTP.failed_step:
            SaaSAppOverHTTP.failed_step = self.id().split(".")[-1]
        return outcome

    # -- clients ------------------------------------------------------------------------

    def app(self, method, path, body=None, token=None):
        """A REST call to the app with urllib; HTTP errors are replies, not exceptions."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.endpoint + path, data=data, method=method)
        if body is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
            tenant = self.token_tenant.get(token)
            if tenant:
                service = self.service_of(path)
                counts = self.requests_made.setdefault(tenant, {})
                counts[service] = counts.get(service, 0) + 1
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Reply(method, path, response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            return Reply(method, path, error.code, error.read().decode())

    @staticmethod
    def service_of(path):
        first = path.lstrip("/").split("/")[0].split("?")[0]
        return {"products": "product", "orders": "order", "users": "user", "tenants": "tenant",
                "logs": "telemetry", "metering": "telemetry"}.get(first, first)

    def expect(self, reply, status):
        self.assertEqual(reply.status, status, f"expected {status}: {reply!r}")
        return reply.body

    def aws(self, service):
        return boto3.client(service, endpoint_url=self.endpoint, region_name=REGION,
                            aws_access_key_id=OPERATOR[0], aws_secret_access_key=OPERATOR[1],
                            config=Config(retries={"max_attempts": 1}))

    def outbox(self, user_pool_id):
        """GET /_saaslab/outbox/<pool>, SigV4-signed for cognito-idp by the operator."""
        credentials = boto3.Session(aws_access_key_id=OPERATOR[0], aws_secret_access_key=OPERATOR[1]).get_credentials()
        signed = AWSRequest(method="GET", url=f"{self.endpoint}/_saaslab/outbox/{user_pool_id}")
        SigV4Auth(credentials, "cognito-idp", REGION).add_auth(signed)
        request = urllib.request.Request(signed.url, headers=dict(signed.headers.items()), method="GET")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            self.fail(f"GET /_saaslab/outbox/{user_pool_id} -> {error.code} {error.read().decode()}")

    def temporary_password(self, user_pool_id, user_name):
        messages = self.outbox(user_pool_id)["Messages"]
        invitations = [m for m in messages if m["Username"] == user_name and m.get("TemporaryPassword")]
        self.assertTrue(invitations, f"no invitation with a temporary password for {user_name} in {user_pool_id}'s outbox: {messages}")
        return invitations[-1]["TemporaryPassword"]

    def first_sign_in(self, user_pool_id, user_name, tenant_id):
        """The emailed temporary password asks for a new one; with it, sign-in gives the tokens."""
        temporary = self.temporary_password(user_pool_id, user_name)
        challenged = self.expect(self.app("POST", "/auth", {"userName": user_name, "password": temporary}), 200)
        self.assertEqual(challenged, {"newPasswordRequired": True})
        signed_in = self.expect(self.app("POST", "/auth", {"userName": user_name, "password": temporary,
                                                           "newPassword": NEW_PASSWORD}), 200)
        self.assertIn("token", signed_in)
        self.assertIn("access", signed_in)
        claims = jwt_claims(signed_in["token"])
        self.assertEqual(claims["token_use"], "id")
        self.assertEqual(claims["custom:tenant_id"], tenant_id)
        self.assertEqual(jwt_claims(signed_in["access"])["token_use"], "access")
        self.token_tenant[signed_in["token"]] = tenant_id
        return signed_in["token"]

    def titles(self, token):
        products = self.expect(self.app("GET", "/products", token=token), 200)
        return [(p["tenant_id"], p["product_id"], p["title"]) for p in products]

    # -- the flow, in order ---------------------------------------------------------------

    def test_01_system_admin_signs_in(self):
        self.assertEqual(self.admin, ("admin", "Admin-Passw0rd!"), self.banner)
        reply = self.expect(self.app("POST", "/auth", {"userName": self.admin[0], "password": self.admin[1]}), 200)
        self.assertEqual(jwt_claims(reply["token"])["custom:role"], "SystemAdmin")
        self.state["admin"] = reply["token"]

    def test_02_two_tenants_register(self):
        for name in ("one", "two"):
            body = self.expect(self.app("POST", "/reg", {
                "companyName": f"{name.title()} Inc", "accountName": name, "ownerName": f"Owner {name}",
                "tier": "Advanced", "email": f"admin@{name}.example", "userName": f"admin@{name}.example",
                "firstName": "Ada", "lastName": name.title()}), 201)
            self.assertTrue(body["id"].startswith("TENANT"), body)
            self.assertTrue(body["userPoolId"].startswith(f"{REGION}_"), body)
            self.assertEqual((body["userName"], body["status"]), (f"admin@{name}.example", "Active"))
            self.state[name] = {"id": body["id"], "pool": body["userPoolId"], "user": f"admin@{name}.example"}
        self.assertNotEqual(self.state["one"]["id"], self.state["two"]["id"])

    def test_03_tenant_admins_first_sign_in_needs_a_new_password(self):
        for name in ("one", "two"):
            tenant = self.state[name]
            tenant["token"] = self.first_sign_in(tenant["pool"], tenant["user"], tenant["id"])
            self.assertEqual(jwt_claims(tenant["token"])["custom:role"], "TenantAdmin")

    def test_04_tenant_user_is_refused_user_management(self):
        one = self.state["one"]
        created = self.expect(self.app("POST", "/user", {
            "userName": "user@one.example", "firstName": "Una", "lastName": "User", "role": "TenantUser"},
            token=one["token"]), 201)
        self.assertEqual((created["role"], created["tenant_id"], created["status"]),
                         ("TenantUser", one["id"], "FORCE_CHANGE_PASSWORD"))
        user_token = self.first_sign_in(one["pool"], "user@one.example", one["id"])
        self.assertEqual(jwt_claims(user_token)["custom:role"], "TenantUser")
        refused = self.app("POST", "/user", {"userName": "sneaky@one.example", "firstName": "S", "lastName": "N",
                                             "role": "TenantAdmin"}, token=user_token)
        body = self.expect(refused, 403)
        self.assertEqual(body["error"], "Forbidden", refused)
        self.assertIn("TenantUser", body["message"])

    def test_05_products_stay_each_tenants_own_in_the_partitioned_table(self):
        table = self.aws("dynamodb").create_table(
            TableName="ProductBootcamp", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "tenant_id", "KeyType": "HASH"}, {"AttributeName": "product_id", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": "tenant_id", "AttributeType": "S"},
                                  {"AttributeName": "product_id", "AttributeType": "S"}])["TableDescription"]
        self.assertEqual(table["TableStatus"], "ACTIVE")
        for name in ("one", "two"):
            tenant = self.state[name]
            created = self.expect(self.app("POST", "/product", {"product_id": "p1", "title": f"Widget {name}",
                                                                "unitCost": 10}, token=tenant["token"]), 201)
            self.assertEqual((created["tenant_id"], created["product_id"]), (tenant["id"], "p1"))
        for name in ("one", "two"):
            tenant = self.state[name]
            self.assertEqual(self.titles(tenant["token"]), [(tenant["id"], "p1", f"Widget {name}")],
                             f"tenant {name} must see only its own product p1")

    def test_06_injected_tenant_id_under_system_credentials_leaks(self):
        one, two = self.state["one"], self.state["two"]
        settings = self.expect(self.app("PUT", "/admin/services/product",
                                        {"credentials": "system", "injectTenantId": two["id"]}, token=self.state["admin"]), 200)
        self.assertEqual(settings, {"tenantContext": "token", "credentials": "system", "injectTenantId": two["id"], "serviceURL": None})
        self.assertEqual(self.titles(one["token"]), [(two["id"], "p1", "Widget two")],
                         "with system credentials the injected tenant id should leak tenant two's product to tenant one")

    def test_07_leading_keys_condition_and_tenant_credentials_refuse_the_injection(self):
        one, admin = self.state["one"], self.state["admin"]
        template = self.expect(self.app("GET", "/admin/templates/tenant-admin-policy", token=admin), 200)
        changed = copy.deepcopy(template)
        product = [s for s in changed["Statement"] if "{{product_table_arn}}" in json.dumps(s.get("Resource"))]
        self.assertEqual(len(product), 1, f"the default template should have one product statement: {template}")
        self.assertNotIn("Condition", product[0], "the default product statement has no condition (the lab's gap)")
        product[0]["Condition"] = {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["{{tenant_id}}"]}}

        put = self.expect(self.app("PUT", "/admin/templates/tenant-admin-policy?apply=existing", changed, token=admin), 200)
        self.assertEqual(put["template"], "tenant-admin-policy")
        self.assertEqual(put["document"], changed)
        self.assertEqual(put["failed"], [], put)
        self.assertEqual(put["warnings"], [], put)
        self.assertEqual(set(put["applied"]), {self.state["one"]["id"], self.state["two"]["id"]}, put)
        self.assertEqual(self.expect(self.app("GET", "/admin/templates/tenant-admin-policy", token=admin), 200), changed)

        settings = self.expect(self.app("PUT", "/admin/services/product", {"credentials": "tenant"}, token=admin), 200)
        self.assertEqual(settings, {"tenantContext": "token", "credentials": "tenant", "injectTenantId": self.state["two"]["id"], "serviceURL": None},
                         "settings left out of the PUT keep their values")

        refused = self.app("GET", "/products", token=one["token"])
        body = self.expect(refused, 403)
        self.assertEqual(body["error"], "AccessDeniedException", refused)
        self.assertTrue(body.get("explanation"), f"the refusal should explain which condition failed: {refused!r}")
        self.assertIn("dynamodb:LeadingKeys", body["explanation"], refused)

    def test_08_without_the_injection_tenant_one_sees_its_own_product(self):
        one, two, admin = self.state["one"], self.state["two"], self.state["admin"]
        settings = self.expect(self.app("PUT", "/admin/services/product", {"injectTenantId": None}, token=admin), 200)
        self.assertEqual(settings, {"tenantContext": "token", "credentials": "tenant", "injectTenantId": None, "serviceURL": None})
        self.assertEqual(self.titles(one["token"]), [(one["id"], "p1", "Widget one")])
        self.assertEqual(self.titles(two["token"]), [(two["id"], "p1", "Widget two")])

    def test_09_metering_is_per_tenant(self):
        one, two, admin = self.state["one"], self.state["two"], self.state["admin"]
        own = self.expect(self.app("GET", "/metering", token=one["token"]), 200)
        self.assertEqual(list(own["tenants"]), [one["id"]], f"tenant one must see only its own meters: {own}")

        every = self.expect(self.app("GET", "/metering", token=admin), 200)["tenants"]
        self.assertIn(one["id"], every)
        self.assertIn(two["id"], every)
        for tenant in (one, two):
            product = every[tenant["id"]]["services"]["product"]
            self.assertEqual(product["requests"], self.requests_made[tenant["id"]]["product"],
                             f"product requests metered for {tenant['id']}: {every[tenant['id']]}")
        self.assertNotEqual(every[one["id"]]["services"]["product"]["requests"],
                            every[two["id"]]["services"]["product"]["requests"],
                            "the two tenants made different numbers of product requests")
        # What tenant one sees of itself is what the system admin sees of tenant one, up to the
        # telemetry requests made since.
        self.assertEqual(own["tenants"][one["id"]]["services"]["product"], every[one["id"]]["services"]["product"])

    def test_10_logs_are_per_tenant(self):
        one, two, admin = self.state["one"], self.state["two"], self.state["admin"]
        entries = self.expect(self.app("GET", "/logs", token=one["token"]), 200)["entries"]
        self.assertTrue(entries, "tenant one has made requests, so its log is not empty")
        others = [e for e in entries if e["tenantId"] != one["id"]]
        self.assertEqual(others, [], "tenant one's log must hold only tenant one's entries")
        seen = {(e["method"], e["path"], e["status"]) for e in entries}
        self.assertIn(("POST", "/user", 403), seen, "the TenantUser's refused POST /user is tenant one's")
        self.assertIn(("GET", "/products", 403), seen, "the refused injected read is tenant one's")
        self.assertIn("user@one.example", {e["userName"] for e in entries})
        # The log is filtered, not empty of others: the system admin sees tenant two's entries.
        all_entries = self.expect(self.app("GET", "/logs?limit=1000", token=admin), 200)["entries"]
        self.assertTrue(any(e["tenantId"] == two["id"] for e in all_entries), "the system admin sees tenant two's entries")

    def test_11_a_tampered_token_is_refused_as_tampered(self):
        one = self.state["one"]
        header, payload, signature = one["token"].split(".")
        claims = jwt_claims(one["token"])
        claims["custom:role"] = "SystemAdmin"
        promoted = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
        for forged in (".".join((header, promoted, signature)), ".".join((header, payload, signature[::-1]))):
            body = self.expect(self.app("GET", "/users", token=forged), 401)
            self.assertEqual(body["error"], "Unauthorized", body)
            self.assertIn("tampered with", body["message"])
            self.assertNotIn("not registered", body["message"])
        self.expect(self.app("GET", "/users", token=one["token"]), 200)

    def test_12_a_client_that_hides_the_apps_claims_is_named_as_the_cause(self):
        admin = self.state["admin"]
        template = self.expect(self.app("GET", "/admin/templates/app-client", token=admin), 200)
        template["ReadAttributes"] = ["email", "given_name", "family_name"]
        self.expect(self.app("PUT", "/admin/templates/app-client", template, token=admin), 200)
        body = self.expect(self.app("POST", "/reg", {
            "companyName": "Three Inc", "email": "admin@three.example", "userName": "admin@three.example",
            "firstName": "Ada", "lastName": "Three"}), 201)
        self.expect(self.app("DELETE", "/admin/templates/app-client", token=admin), 200)
        temporary = self.temporary_password(body["userPoolId"], "admin@three.example")
        signed_in = self.expect(self.app("POST", "/auth", {"userName": "admin@three.example", "password": temporary,
                                                           "newPassword": NEW_PASSWORD}), 200)
        self.assertNotIn("custom:tenant_id", jwt_claims(signed_in["token"]))
        refused = self.expect(self.app("GET", "/users", token=signed_in["token"]), 401)
        self.assertEqual(refused["error"], "Unauthorized", refused)
        self.assertIn("the ID token has no custom:tenant_id or custom:role claim: the app client's ReadAttributes must include "
                      "custom:tenant_id and custom:role", refused["message"])

    def test_13_a_partition_key_of_another_name_keeps_tenants_apart(self):
        one, two = self.state["one"], self.state["two"]
        dynamodb = self.aws("dynamodb")
        dynamodb.delete_table(TableName="ProductBootcamp")
        dynamodb.create_table(
            TableName="ProductBootcamp", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "tenantId", "KeyType": "HASH"}, {"AttributeName": "product_id", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": "tenantId", "AttributeType": "S"},
                                  {"AttributeName": "product_id", "AttributeType": "S"}])
        for name in ("one", "two"):
            tenant = self.state[name]
            created = self.expect(self.app("POST", "/product", {"product_id": "p1", "title": f"Widget {name}"},
                                           token=tenant["token"]), 201)
            self.assertEqual((created["tenantId"], created["tenant_id"]), (tenant["id"], tenant["id"]), created)
        self.assertEqual(self.titles(one["token"]), [(one["id"], "p1", "Widget one")])
        self.assertEqual(self.titles(two["token"]), [(two["id"], "p1", "Widget two")])
        stored = dynamodb.scan(TableName="ProductBootcamp")["Items"]
        self.assertEqual(sorted(item["tenantId"]["S"] for item in stored), sorted([one["id"], two["id"]]))


if __name__ == "__main__":
    unittest.main(verbosity=2)
