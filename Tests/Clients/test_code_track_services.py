"""The code track's Python product services (labs/code/{starter,solution}/lab{2,3}/product-service),
run directly, without saaslab's gateway, against `saaslab serve`.

Run by .ci/run after the Swift build: `python3 Tests/Clients/test_code_track_services.py [path/to/saaslab]`.
It starts the server with a fixed seed, registers two tenants through the app's REST API and signs
their admins in, then starts each service as saaslab would (the Procfile's `web:` line under
`/bin/sh -c`, in a scratch copy of its folder, with the contract's environment: PORT, HOST,
AWS_ENDPOINT_URL, the product service role's temporary credentials, PRODUCT_TABLE, SAASLAB_LAB,
and SAASLAB_INJECT_TENANT_ID for Lab 3's injection) and sends it what the gateway would: the
caller's real ID token and a hand-built X-SaaSLab-Authorizer header. It checks that the starter
leaks across tenants, that Lab 2's solution keeps them apart, that Lab 3's solution, once the
lab's tenant policy is applied through the admin API, is refused by DynamoDB when the tenant id is
injected, and that the token manager refuses forged tokens (alg none, HS256 keyed with the public
key, another pool's token, a tampered payload).

The product service role's credentials are had as the app has them: the operator makes an
access key for the app's IAM user `saaslab-app`, which alone the role trusts, and assumes
`role/saaslab/ProductManager` with it. The steps share one server and run in order; after a
failed step the later ones are skipped, so the first failure is the one to read.
"""
import base64
import hashlib
import hmac
import importlib
import json
import os
import queue
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
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
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STARTUP_SECONDS = 60
SERVICE_STARTUP_SECONDS = 30
NEW_PASSWORD = "N3w-Passw0rd!"
FOLDERS = [f"{track}/{lab}/product-service" for track in ("starter", "solution") for lab in ("lab2", "lab3")]


def b64url(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def jwt_part(token, index):
    return json.loads(unb64url(token.split(".")[index]))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Reply:
    def __init__(self, method, url, status, text):
        self.method, self.url, self.status, self.text = method, url, status, text
        try:
            self.body = json.loads(text) if text else None
        except ValueError:
            self.body = text

    def __repr__(self):
        return f"{self.method} {self.url} -> {self.status} {self.text[:2000]}"


class Service:
    """One product service process, started as saaslab starts it."""

    def __init__(self, folder, lab, environment):
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.TemporaryFile(mode="w+")
        with open(os.path.join(folder, "Procfile")) as procfile:
            command = next(line.split(":", 1)[1].strip() for line in procfile if line.startswith("web:"))
        env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
        env.update(environment, PORT=str(self.port), HOST="127.0.0.1", SAASLAB_LAB=lab, PYTHONUNBUFFERED="1")
        self.process = subprocess.Popen(["/bin/sh", "-c", command], cwd=folder, env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + SERVICE_STARTUP_SECONDS
        while True:
            if self.process.poll() is not None:
                raise AssertionError(f"the service in {folder} exited ({self.process.returncode}) before it was healthy: {self.output()}")
            try:
                with urllib.request.urlopen(self.url + "/product/health", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"the service in {folder} was not healthy within {SERVICE_STARTUP_SECONDS}s: {self.output()}")
            time.sleep(0.1)

    def output(self):
        self.log.seek(0)
        return self.log.read()[-4000:]

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


class CodeTrackServices(unittest.TestCase):
    server = None
    endpoint = None
    failed_step = None
    state = {}
    services = []

    # -- the server ---------------------------------------------------------------------

    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.mkdtemp(prefix="saaslab-code-track-")
        for folder in FOLDERS:
            shutil.copytree(os.path.join(ROOT, "labs", "code", folder), os.path.join(cls.scratch, folder))
        cls.server = subprocess.Popen([BINARY, "serve", "--port", "0", "--seed", "1"], stdout=subprocess.PIPE, text=True)
        cls.lines = queue.Queue()

        def read():
            for line in cls.server.stdout:
                cls.lines.put(line.rstrip("\n"))
            cls.lines.put(None)

        cls.reader = threading.Thread(target=read, daemon=True)
        cls.reader.start()
        try:
            banner = []
            while not any(line.startswith("  app admin") for line in banner):
                line = cls.lines.get(timeout=STARTUP_SECONDS)
                if line is None:
                    raise AssertionError(f"saaslab serve exited ({cls.server.wait(timeout=20)}) before its banner: {banner}")
                banner.append(line)
            cls.endpoint = banner[0].removeprefix("listening on ")
            admin_line = next(line for line in banner if line.startswith("  app admin"))
            user, _, rest = admin_line.removeprefix("  app admin").strip().partition(" / ")
            cls.admin = (user.strip(), rest.split()[0])
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        for service in cls.services:
            service.stop()
        if cls.server.poll() is None:
            cls.server.send_signal(signal.SIGINT)
            cls.server.wait(timeout=20)
        shutil.rmtree(cls.scratch, ignore_errors=True)

    def setUp(self):
        if CodeTrackServices.failed_step:
            self.skipTest(f"an earlier step failed: {CodeTrackServices.failed_step}")

    def run(self, result=None):
        before = len(result.failures) + len(result.errors) if result else 0
        outcome = super().run(result)
        if result and len(result.failures) + len(result.errors) > before and not CodeTrackServices.failed_step:
            CodeTrackServices.failed_step = self.id().split(".")[-1]
        return outcome

    # -- clients ------------------------------------------------------------------------

    @staticmethod
    def http(method, url, body=None, headers=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        if body is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Reply(method, url, response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            return Reply(method, url, error.code, error.read().decode())

    def app(self, method, path, body=None, token=None):
        return self.http(method, self.endpoint + path, body, {"Authorization": f"Bearer {token}"} if token else None)

    def call(self, service, method, path, body=None, tenant=None, token=None, context=None):
        """A request to a service as the gateway sends it: the caller's ID token and the
        authoriser context for it (another's, or none, when a test says so)."""
        headers = {}
        if tenant is not None:
            token = token or tenant["token"]
            headers["Authorization"] = f"Bearer {token}"
            context = self.authorizer(tenant, token) if context is None else context
        if context is not None:
            headers["X-SaaSLab-Authorizer"] = b64url(json.dumps(context).encode())
        return self.http(method, service.url + path, body, headers)

    @staticmethod
    def authorizer(tenant, token):
        """API Gateway's authoriser context for `token`, as saaslab's gateway builds it."""
        claims = jwt_part(token, 1)
        return {"claims": claims, "tenantId": claims["custom:tenant_id"], "role": claims["custom:role"],
                "userName": claims["cognito:username"], "userPoolId": tenant["pool"],
                "identityPoolId": tenant["identityPool"], "providerName": f"cognito-idp.{REGION}.amazonaws.com/{tenant['pool']}"}

    def expect(self, reply, status):
        self.assertEqual(reply.status, status, f"expected {status}: {reply!r}")
        return reply.body

    def aws(self, service, credentials=OPERATOR):
        return boto3.client(service, endpoint_url=self.endpoint, region_name=REGION,
                            aws_access_key_id=credentials[0], aws_secret_access_key=credentials[1],
                            config=Config(retries={"max_attempts": 1}))

    def outbox(self, user_pool_id):
        credentials = boto3.Session(aws_access_key_id=OPERATOR[0], aws_secret_access_key=OPERATOR[1]).get_credentials()
        signed = AWSRequest(method="GET", url=f"{self.endpoint}/_saaslab/outbox/{user_pool_id}")
        SigV4Auth(credentials, "cognito-idp", REGION).add_auth(signed)
        reply = self.http("GET", signed.url, headers=dict(signed.headers.items()))
        return self.expect(reply, 200)["Messages"]

    def start(self, folder, lab, **extra):
        service = Service(os.path.join(self.scratch, folder), lab, {**self.state["environment"], **extra})
        self.services.append(service)
        return service

    def products(self, service, tenant):
        items = self.expect(self.call(service, "GET", "/products", tenant=tenant), 200)
        return sorted((item["tenant_id"], item["product_id"], item["title"]) for item in items)

    def empty_table(self):
        dynamodb = self.aws("dynamodb")
        try:
            dynamodb.delete_table(TableName="ProductBootcamp")
        except dynamodb.exceptions.ResourceNotFoundException:
            pass
        dynamodb.create_table(
            TableName="ProductBootcamp", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "tenant_id", "KeyType": "HASH"}, {"AttributeName": "product_id", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": "tenant_id", "AttributeType": "S"},
                                  {"AttributeName": "product_id", "AttributeType": "S"}])

    # -- the flow, in order ---------------------------------------------------------------

    def test_01_two_tenants_register_and_sign_in(self):
        admin = self.expect(self.app("POST", "/auth", {"userName": self.admin[0], "password": self.admin[1]}), 200)
        self.state["admin"] = admin["token"]
        for name in ("one", "two"):
            user = f"admin@{name}.code.example"
            registered = self.expect(self.app("POST", "/reg", {
                "companyName": f"{name.title()} Code", "email": user, "userName": user,
                "firstName": "Ada", "lastName": name.title()}), 201)
            pool = registered["userPoolId"]
            temporary = [m for m in self.outbox(pool) if m["Username"] == user][-1]["TemporaryPassword"]
            signed_in = self.expect(self.app("POST", "/auth", {"userName": user, "password": temporary,
                                                               "newPassword": NEW_PASSWORD}), 200)
            self.state[name] = {"id": registered["id"], "pool": pool, "identityPool": registered["identityPoolId"],
                                "token": signed_in["token"]}
            self.assertEqual(jwt_part(signed_in["token"], 1)["custom:tenant_id"], registered["id"])

    def test_02_the_product_service_role_gives_the_services_their_credentials(self):
        key = self.aws("iam").create_access_key(UserName="saaslab-app")["AccessKey"]
        account = self.aws("sts").get_caller_identity()["Account"]
        assumed = self.aws("sts", (key["AccessKeyId"], key["SecretAccessKey"])).assume_role(
            RoleArn=f"arn:aws:iam::{account}:role/saaslab/ProductManager", RoleSessionName="code-track-test")
        self.assertIn(":assumed-role/ProductManager/code-track-test", assumed["AssumedRoleUser"]["Arn"])
        credentials = assumed["Credentials"]
        self.state["environment"] = {
            "AWS_ENDPOINT_URL": self.endpoint, "AWS_REGION": REGION, "AWS_DEFAULT_REGION": REGION,
            "AWS_ACCESS_KEY_ID": credentials["AccessKeyId"], "AWS_SECRET_ACCESS_KEY": credentials["SecretAccessKey"],
            "AWS_SESSION_TOKEN": credentials["SessionToken"], "PRODUCT_TABLE": "ProductBootcamp",
        }
        self.empty_table()

    def test_03_every_service_folder_has_the_same_provided_files(self):
        provided = {}
        for folder in FOLDERS:
            path = os.path.join(ROOT, "labs", "code", folder)
            with open(os.path.join(path, "Procfile")) as procfile:
                self.assertEqual(procfile.read(), "web: python3 server.py\n", folder)
            for name in ("token_manager.py", "server.py"):
                with open(os.path.join(path, name), "rb") as source:
                    provided.setdefault(name, set()).add(hashlib.sha256(source.read()).hexdigest())
        self.assertEqual({name: len(digests) for name, digests in provided.items()},
                         {"token_manager.py": 1, "server.py": 1}, "token_manager.py and server.py must be identical in every folder")
        with open(os.path.join(ROOT, "labs/code/starter/lab2/product-service/product_manager.py"), "rb") as one, \
                open(os.path.join(ROOT, "labs/code/starter/lab3/product-service/product_manager.py"), "rb") as other:
            self.assertEqual(one.read(), other.read(), "both labs start from the original single-tenant product manager")

    def test_04_the_starter_leaks_across_tenants(self):
        one, two = self.state["one"], self.state["two"]
        service = self.start("starter/lab2/product-service", "lab2")
        self.expect(self.call(service, "GET", "/product/health"), 200)
        self.expect(self.call(service, "POST", "/product", {"tenant_id": one["id"], "product_id": "p-100", "title": "lamp",
                                                            "unitCost": 25}, tenant=one), 201)
        self.expect(self.call(service, "POST", "/product", {"tenant_id": two["id"], "product_id": "p-100", "title": "chair",
                                                            "unitCost": 80}, tenant=two), 201)
        # It lists the whole table, whoever asks, and files a product under whatever tenant the body names.
        self.assertEqual(self.products(service, one), [(one["id"], "p-100", "lamp"), (two["id"], "p-100", "chair")])
        planted = self.expect(self.call(service, "POST", "/product", {"tenant_id": two["id"], "product_id": "p-200",
                                                                      "title": "planted"}, tenant=one), 201)
        self.assertEqual(planted["tenant_id"], two["id"])
        refused = self.expect(self.call(service, "POST", "/product", {"product_id": "p-300"}, tenant=one), 400)
        self.assertIn("tenant_id", refused["message"])
        service.stop()
        self.empty_table()

    def test_05_the_lab2_solution_keeps_tenants_apart(self):
        one, two = self.state["one"], self.state["two"]
        service = self.start("solution/lab2/product-service", "lab2")
        health = self.expect(self.call(service, "GET", "/product/health"), 200)
        self.assertEqual(health, {"service": "Product Manager", "isAlive": True})
        for tenant, title in ((one, "lamp"), (two, "chair")):
            created = self.expect(self.call(service, "POST", "/product", {"product_id": "p-100", "title": title, "unitCost": 25.5,
                                                                          "numberInStock": 3}, tenant=tenant), 201)
            self.assertEqual((created["tenant_id"], created["unitCost"], created["numberInStock"]), (tenant["id"], 25.5, 3))
        # A forged tenant in the body or the query changes nothing: the token decides.
        forged = self.expect(self.call(service, "POST", "/product", {"tenant_id": two["id"], "product_id": "p-200", "title": "planted"},
                                       tenant=one), 201)
        self.assertEqual(forged["tenant_id"], one["id"])
        self.assertEqual(self.products(service, one), [(one["id"], "p-100", "lamp"), (one["id"], "p-200", "planted")])
        self.assertEqual(self.products(service, two), [(two["id"], "p-100", "chair")])
        queried = self.expect(self.call(service, "GET", f"/products?tenant_id={two['id']}", tenant=one), 200)
        self.assertEqual({item["tenant_id"] for item in queried}, {one["id"]})
        self.assertEqual(self.expect(self.call(service, "GET", "/product/p-100", tenant=two), 200)["title"], "chair")
        generated = self.expect(self.call(service, "POST", "/product", {"title": "no id"}, tenant=two), 201)
        self.assertEqual(len(generated["product_id"]), 36)
        changed = self.expect(self.call(service, "PUT", "/product", {"product_id": "p-100", "title": "big chair"}, tenant=two), 200)
        self.assertEqual((changed["tenant_id"], changed["title"]), (two["id"], "big chair"))
        self.assertEqual(self.expect(self.call(service, "DELETE", f"/product/{generated['product_id']}", tenant=two), 200)["title"], "no id")
        self.assertEqual(self.expect(self.call(service, "GET", "/product/p-200", tenant=two), 404)["error"], "NotFound")
        self.assertEqual(self.expect(self.call(service, "DELETE", "/product/p-200", tenant=two), 404)["error"], "NotFound")
        # What the service refuses, and how.
        self.assertEqual(self.expect(self.call(service, "PUT", "/product", {"title": "which?"}, tenant=one), 400)["error"], "BadRequest")
        self.assertIn("unitCost", self.expect(self.call(service, "POST", "/product", {"unitCost": "ten"}, tenant=one), 400)["message"])
        self.assertEqual(self.expect(self.call(service, "GET", "/products"), 401)["error"], "Unauthorized")
        no_context = self.http("GET", service.url + "/products", headers={"Authorization": f"Bearer {one['token']}"})
        self.assertIn("X-SaaSLab-Authorizer", self.expect(no_context, 401)["message"])
        self.expect(self.call(service, "GET", "/nowhere", tenant=one), 404)
        self.expect(self.call(service, "DELETE", "/products", tenant=one), 405)
        self.expect(self.http("POST", service.url + "/product", headers={"Content-Length": str(2 * 1024 * 1024)}), 413)
        nested = urllib.request.Request(service.url + "/product", data=b'{"a": ' + b"[" * 100000 + b"]" * 100000 + b"}", method="POST")
        try:
            urllib.request.urlopen(nested, timeout=30)
            self.fail("a body nested 100,000 deep was accepted")
        except urllib.error.HTTPError as error:
            self.assertEqual(error.code, 400)
        hostile = {"Authorization": f"Bearer {one['token']}", "X-SaaSLab-Authorizer": b64url(b"[" * 20000)}
        self.assertEqual(self.expect(self.http("GET", service.url + "/products", headers=hostile), 401)["error"], "Unauthorized")
        self.expect(self.call(service, "GET", "/product/health"), 200)
        # Under the service's own credentials, an injected tenant id reads the other tenant's partition.
        service.stop()
        leaky = self.start("solution/lab2/product-service", "lab2", SAASLAB_INJECT_TENANT_ID=two["id"])
        self.assertEqual(self.products(leaky, one), [(two["id"], "p-100", "big chair")])
        leaky.stop()

    def test_06_the_lab3_solution_signs_with_the_callers_credentials(self):
        one, two = self.state["one"], self.state["two"]
        service = self.start("solution/lab3/product-service", "lab3")
        self.assertEqual(self.products(service, one), [(one["id"], "p-100", "lamp"), (one["id"], "p-200", "planted")])
        self.assertEqual(self.products(service, two), [(two["id"], "p-100", "big chair")])
        self.expect(self.call(service, "POST", "/product", {"product_id": "p-300", "title": "hammer"}, tenant=one), 201)
        self.assertEqual(self.expect(self.call(service, "DELETE", "/product/p-300", tenant=one), 200)["title"], "hammer")
        service.stop()

    def test_07_with_the_lab_policy_an_injected_tenant_id_is_refused_by_dynamodb(self):
        one, two, admin = self.state["one"], self.state["two"], self.state["admin"]
        for template, file in (("tenant-admin-policy", "tenant-admin-policy.json"), ("role-mappings", "role-mappings.json")):
            with open(os.path.join(ROOT, "labs/code/solution/lab3", file)) as document:
                applied = self.expect(self.app("PUT", f"/admin/templates/{template}?apply=existing", json.load(document), token=admin), 200)
            self.assertEqual((applied["failed"], sorted(applied["applied"])), ([], sorted([one["id"], two["id"]])), applied)
        service = self.start("solution/lab3/product-service", "lab3", SAASLAB_INJECT_TENANT_ID=two["id"])
        refused = self.expect(self.call(service, "GET", "/products", tenant=one), 403)
        self.assertEqual(refused["error"], "AccessDeniedException", refused)
        self.assertIn("dynamodb:Query", refused["message"])
        self.assertIn("dynamodb:LeadingKeys", refused.get("explanation", ""), refused)
        self.assertEqual(self.expect(self.call(service, "GET", "/product/p-100", tenant=one), 403)["error"], "AccessDeniedException")
        self.assertEqual(self.expect(self.call(service, "POST", "/product", {"product_id": "p-9", "title": "x"}, tenant=one), 403)["error"],
                         "AccessDeniedException")
        service.stop()
        # Without the injection the same policy lets each tenant reach its own partition.
        service = self.start("solution/lab3/product-service", "lab3")
        self.assertEqual(self.products(service, two), [(two["id"], "p-100", "big chair")])
        service.stop()

    def test_08_the_token_manager_refuses_forged_tokens(self):
        one, two = self.state["one"], self.state["two"]
        sys.path.insert(0, os.path.join(self.scratch, "solution/lab2/product-service"))
        os.environ["AWS_ENDPOINT_URL"] = self.endpoint
        os.environ.pop("SAASLAB_INJECT_TENANT_ID", None)
        token_manager = importlib.import_module("token_manager")

        authorizer = self.authorizer

        class Request:
            """A request as server.py hands it over: the token, and the gateway's context for `tenant`."""

            def __init__(self, token, tenant=one):
                context = b64url(json.dumps(authorizer(tenant, tenant["token"])).encode())
                self.headers = {"Authorization": f"Bearer {token}", "X-SaaSLab-Authorizer": context}

        self.assertEqual(token_manager.get_tenant_id(Request(one["token"])), one["id"])
        header, payload, signature = one["token"].split(".")
        kid = jwt_part(one["token"], 0)["kid"]
        jwks = json.loads(urllib.request.urlopen(f"{self.endpoint}/{one['pool']}/.well-known/jwks.json").read())
        public_key = json.dumps(jwks["keys"][0]).encode()
        claims = jwt_part(one["token"], 1)
        claims["custom:tenant_id"] = two["id"]
        none = b64url(json.dumps({"alg": "none", "typ": "JWT"}).encode())
        hs256 = b64url(json.dumps({"alg": "HS256", "typ": "JWT", "kid": kid}).encode())
        hs256_signature = b64url(hmac.new(public_key, f"{hs256}.{payload}".encode(), hashlib.sha256).digest())
        other_header, other_payload, other_signature = two["token"].split(".")
        forged = {
            "alg none": (f"{none}.{payload}.", "algorithm is 'none'"),
            "HS256 keyed with the public key": (f"{hs256}.{payload}.{hs256_signature}", "algorithm is 'HS256'"),
            "a tampered payload": (f"{header}.{b64url(json.dumps(claims).encode())}.{signature}", "signature does not verify"),
            "another pool's token": (two["token"], "not one of user pool"),
            "another pool's token under this pool's kid": (f"{header}.{other_payload}.{other_signature}", "signature does not verify"),
            "a reversed signature": (f"{header}.{payload}.{signature[::-1]}", "signature does not verify"),
            "not a JWT": ("not-a-token", "not a JWT"),
            "padding in base64url": (f"{header}.{payload}=.{signature}", "not a JWT"),
        }
        for name, (token, why) in forged.items():
            with self.subTest(name):
                with self.assertRaises(token_manager.TokenError) as refused:
                    token_manager.get_tenant_id(Request(token))
                self.assertEqual(refused.exception.status, 401)
                self.assertIn(why, refused.exception.message)
        self.assertEqual(token_manager.get_tenant_id(Request(two["token"], tenant=two)), two["id"])
        # The injected tenant id stands in for the caller's, once the token is verified.
        os.environ["SAASLAB_INJECT_TENANT_ID"] = two["id"]
        try:
            self.assertEqual(token_manager.get_tenant_id(Request(one["token"])), two["id"])
            with self.assertRaises(token_manager.TokenError):
                token_manager.get_tenant_id(Request(f"{none}.{payload}."))
        finally:
            del os.environ["SAASLAB_INJECT_TENANT_ID"]
        # Over HTTP, a forged token is a 401 and never reaches DynamoDB.
        service = self.start("solution/lab2/product-service", "lab2")
        for token, _ in forged.values():
            reply = self.call(service, "GET", "/products", tenant=one, token=token, context=self.authorizer(one, one["token"]))
            self.assertEqual((reply.status, reply.body["error"]), (401, "Unauthorized"), reply)
        service.stop()


if __name__ == "__main__":
    unittest.main(verbosity=2)
