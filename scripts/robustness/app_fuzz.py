#!/usr/bin/env python3
"""The SaaS app's REST routes, fuzzed: unauthenticated, as a registered tenant's admin and
user, as the system admin, and with mangled tokens.

Setup: the Lab 2 product table (ProductBootcamp keyed by tenant_id and product_id) is created
if missing; two tenants register through `POST /reg` (their admins signed in from the outbox's
temporary passwords); tenant one's admin adds a TenantUser; tenant two stores a product and an
order whose titles are secret markers, and its company name is one too.

Then --count requests (--seed): a route of docs/saas-app.md, weighted, with a valid input for
it, changed in one or more ways: body members retyped, removed, renamed, swapped for hostile
strings, numbers and deep nesting; path parameters swapped for hostile or other tenants' ids;
odd query strings; the wrong content type or method; broken bytes. The caller is one of: nobody,
tenant one's admin, tenant one's user, the system admin (never `PUT /admin/services`, which
turns on the labs' deliberate cross-tenant fault, nor deleting tenant one), or a mangled token
(truncated, a flipped byte, alg none, another tenant's claims under tenant one's signature, the
access token, a 100 KB token, ...).

Properties: no 5xx; every error is the app's JSON shape ({"error", "message"}), or AWS's on the
platform's own routes (/_saaslab/...); nothing that a
request of tenant one (or of nobody, or of a mangled token) gets back contains tenant two's
markers; nothing but the anonymous routes (health, /auth, /reg) answers 2xx without a valid
token; the server answers every request within the timeout and `GET /health` every 500. When
the server's pid is known, probes before the fuzz measure the peak RSS that one 4 MB JSON body
takes, unauthenticated (`POST /auth`) and with a token (`POST /product`) (a finding above 10
times the body), and the RSS that 2,000 unauthenticated requests with 60 KB paths leave held (a
finding above half a path per request).

    python3 scripts/robustness/app_fuzz.py --saaslab .build/release/saaslab --count 20000 --seed 1
"""
import base64
import json
import os
import re
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from mutations import STRINGS, hostile_string, mutate_json, to_json  # noqa: E402


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def mangled_tokens(token, other_token, access_token):
    """Tokens that must all be refused with 401 (or 403)."""
    header, payload, signature = token.split(".")
    claims = json.loads(unb64url(payload))
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    none_header = b64url(json.dumps({"alg": "none", "typ": "JWT", "kid": json.loads(unb64url(header)).get("kid")}).encode())
    other_payload = other_token.split(".")[1]
    promoted = dict(claims, **{"custom:role": "SystemAdmin", "custom:tenant_id": "TENANTsystem"})
    expired = dict(claims, exp=1)
    return {
        "truncated": token[: len(token) // 2],
        "signature flipped": f"{header}.{payload}.{flipped}",
        "no signature": f"{header}.{payload}.",
        "alg none": f"{none_header}.{payload}.",
        "HS256 with an empty key": f"{header}.{payload}.{b64url(b'')}",
        "other tenant's claims, own signature": f"{header}.{other_payload}.{signature}",
        "promoted claims, own signature": f"{header}.{b64url(json.dumps(promoted).encode())}.{signature}",
        "expired claims, own signature": f"{header}.{b64url(json.dumps(expired).encode())}.{signature}",
        "access token": access_token or token[::-1],
        "four segments": token + ".x",
        "not base64": "!!!.@@@.###",
        "one segment": "eyJhbGciOiJIUzI1NiJ9",
        "100 KB": "a" * 100_000,
        "empty": "",
        "unicode": "\u00e9\u2603.\u00e9.\u00e9",
    }


def routes(s):
    """(weight, method, path, body, who) for every route: `who` limits the identities that send it."""
    a = s["a"]
    return [
        (1, "GET", "/health", None, "any"),
        (0.3, "GET", "/auth/health", None, "any"), (0.3, "GET", "/reg/health", None, "any"),
        (0.3, "GET", "/user/health", None, "any"), (0.3, "GET", "/tenant/health", None, "any"),
        (0.3, "GET", "/product/health", None, "any"), (0.3, "GET", "/order/health", None, "any"),
        (2, "POST", "/auth", {"userName": a.user_name, "password": a.extra["password"]}, "any"),
        (0.3, "POST", "/reg", {"companyName": "FuzzCo", "email": "fuzz@example.com", "userName": "fuzz-reg",
                               "firstName": "F", "lastName": "Z", "tier": "Basic"}, "any"),
        (2, "GET", "/users", None, "any"),
        (2, "GET", "/user/{user}", None, "any"),
        (1, "GET", "/user/pool/{user}", None, "any"),
        (2, "POST", "/user", {"userName": "fuzz-made", "firstName": "F", "lastName": "Z", "role": "TenantUser",
                              "email": "made@example.com"}, "any"),
        (2, "PUT", "/user", {"userName": s["user_name"], "firstName": "Renamed", "lastName": "User"}, "any"),
        (1, "PUT", "/user/enable", {"userName": s["user_name"]}, "any"),
        (1, "PUT", "/user/disable", {"userName": "fuzz-nobody"}, "any"),
        (1, "DELETE", "/user/{victim}", None, "any"),
        (1, "POST", "/user/create", {"userPoolId": a.user_pool_id, "tenant_id": a.tenant_id, "userName": "fuzz-raw",
                                     "email": "raw@example.com", "firstName": "R", "lastName": "W", "role": "TenantUser",
                                     "tier": "Basic"}, "any"),
        (1, "GET", "/tenants", None, "any"),
        (2, "GET", "/tenant/{tenant}", None, "any"),
        (1, "POST", "/tenant", {"id": "TENANTfuzz", "companyName": "Fuzz", "tier": "Basic"}, "any"),
        (1, "PUT", "/tenant", {"id": a.tenant_id, "companyName": "Renamed Co", "tier": "Basic"}, "any"),
        (0.5, "DELETE", "/tenant/{victim_tenant}", None, "any"),
        (4, "GET", "/products", None, "any"),
        (3, "GET", "/product/{product}", None, "any"),
        (4, "POST", "/product", {"product_id": "p-fuzz", "title": "Fuzz", "unitCost": 10, "sku": "F-1",
                                 "category": "fuzz", "tags": ["a", "b"], "dims": {"w": 1.5, "h": [1, 2]}}, "any"),
        (3, "PUT", "/product", {"product_id": s["product"], "title": "Updated", "unitCost": 11}, "any"),
        (1, "DELETE", "/product/{victim_product}", None, "any"),
        (3, "GET", "/orders", None, "any"),
        (2, "GET", "/order/{order}", None, "any"),
        (3, "POST", "/order", {"order_id": "o-fuzz", "orderName": "Fuzz order",
                               "orderProducts": [{"productId": s["product"], "quantity": 2, "price": 10}]}, "any"),
        (2, "PUT", "/order", {"order_id": s["order"], "orderName": "Updated"}, "any"),
        (1, "DELETE", "/order/{victim_order}", None, "any"),
        (1, "GET", "/logs?service=product&limit=10", None, "any"),
        (1, "GET", "/metering", None, "any"),
        (1, "GET", "/admin/templates", None, "any"),
        (1, "GET", "/admin/templates/{template}", None, "any"),
        (1, "PUT", "/admin/templates/tenant-user-policy", s["user_policy"], "any"),
        (0.3, "PUT", "/admin/templates/tenant-user-policy?apply=existing", s["user_policy"], "any"),
        (0.5, "DELETE", "/admin/templates/{template}", None, "any"),
        (1, "GET", "/admin/services/product", None, "any"),
        (1, "PUT", "/admin/services/order", {"tenantContext": "token", "credentials": "system", "injectTenantId": None},
         "not-admin"),
        (0.5, "GET", "/_saaslab/outbox/{pool}", None, "any"),
        (0.5, "POST", "/_saaslab/access-probe", {"Own": {"PartitionKey": a.tenant_id}, "Others": [],
                                                 "TenantTables": ["ProductBootcamp"]}, "any"),
    ]


# Routes anyone may call; everything else needs a valid token.
ANONYMOUS = re.compile(r"^/((auth|reg|user|tenant|product|order)/health|health|auth|reg)/?$")
PARAMS_HOSTILE = ["", ".", "..", "%2e%2e", "%2F", "%00", "%ff%fe", "a%20b", "%25", "*", ":id", "{id}", "x" * 10_000,
                  "%F0%9F%98%80", "TENANT", "null", "-1", "0", "99999999999999999999", "a/b/c", "?x=1", "%3F", "#",
                  "%0d%0aX-Injected:%201"]


def fill(path, values, rng, hostile):
    """The path with each {name} replaced, by the valid value or (when `hostile`) another."""
    def value(match):
        if hostile:
            return rng.choice(PARAMS_HOSTILE + values["cross"])
        return urllib.parse.quote(values[match.group(1)], safe="")
    return re.sub(r"\{(\w+)\}", value, path)


def mutate_path(rng, path):
    choice = rng.randrange(8)
    if choice == 0:
        return path + "/"
    if choice == 1:
        return path.replace("/", "//", 1)
    if choice == 2:
        return path.upper()
    if choice == 3:
        return path + "/" + urllib.parse.quote(rng.choice(STRINGS)[:200].encode("utf-8", "surrogatepass"), safe="")
    if choice == 4:
        return path + ("&" if "?" in path else "?") + urllib.parse.urlencode(
            [(rng.choice(["tenant", "limit", "service", "apply", "tenant_id", "x"]),
              hostile_string(rng)[:5000].encode("utf-8", "surrogatepass"))])
    if choice == 5:
        return path + ("&" if "?" in path else "?") + rng.choice(["limit=-1", "limit=99999999999999999999", "limit=abc",
                                                                    "tenant=%00", "%%%", "a&&&b==", "limit=1e9",
                                                                    "service=" + "x" * 10_000])
    if choice == 6:
        return "/" + "/".join(reversed(path.strip("/").split("/")))
    return path + "/../../admin/templates"


class AppFuzzer:
    def __init__(self, target, report, rng, timeout):
        self.target = target
        self.report = report
        self.rng = rng
        self.client = common.Client(target, timeout=timeout)
        self.by_status = common.Tally()
        self.by_error = common.Tally()
        self.by_identity = {}
        self.sent = 0
        self.lost = {}

    def setup(self):
        target = self.target
        common.ensure_product_table(target)
        stamp = str(self.rng.randrange(10 ** 8))
        a = common.register_tenant(target, f"fuzz-a-{stamp}")
        b = common.register_tenant(target, f"fuzz-b-{stamp}")
        self.admin_token = common.sign_in(target, *target.admin)
        user_name = f"fuzz-user-{stamp}"
        made = common.app_call(target, "POST", "/user", {"userName": user_name, "firstName": "U", "lastName": "S",
                                                         "role": "TenantUser", "email": f"{user_name}@example.com"}, a.token)
        if made.status != 201:
            raise SystemExit(f"error: tenant one's admin could not add a user: {made.status} {common.short(made.body, 300)}")
        user_token = common.first_sign_in(target, a.user_pool_id, user_name, "Fuzz-Passw0rd!2")
        secret = f"SECRET-OF-TENANT-B-{stamp}"
        self.markers = [secret, f"fuzz-b-{stamp}"]
        for path, body in [("/product", {"product_id": "p-b-secret", "title": secret, "unitCost": 1}),
                           ("/order", {"order_id": "o-b-secret", "orderName": secret})]:
            reply = common.app_call(target, "POST", path, body, b.token)
            if reply.status != 201:
                raise SystemExit(f"error: tenant two could not POST {path}: {reply.status} {common.short(reply.body, 300)}")
        for path, body in [("/product", {"product_id": "p-a1", "title": "Mine", "unitCost": 3}),
                           ("/product", {"product_id": "p-a2", "title": "Victim", "unitCost": 3}),
                           ("/order", {"order_id": "o-a1", "orderName": "Mine"}),
                           ("/order", {"order_id": "o-a2", "orderName": "Victim"})]:
            reply = common.app_call(target, "POST", path, body, a.token)
            if reply.status != 201:
                raise SystemExit(f"error: tenant one could not POST {path}: {reply.status} {common.short(reply.body, 300)}")
        policy = common.app_call(target, "GET", "/admin/templates/tenant-user-policy", None, self.admin_token)
        if policy.status != 200:
            raise SystemExit(f"error: reading the tenant-user-policy template failed: {policy.status}")
        access = common.app_call(target, "POST", "/auth", {"userName": a.user_name, "password": a.extra["password"]})
        self.state = {"a": a, "b": b, "user_name": user_name, "product": "p-a1", "order": "o-a1",
                      "user_policy": policy.json()}
        self.values = {"user": a.user_name, "victim": "fuzz-nobody", "tenant": a.tenant_id, "victim_tenant": "TENANTnobody",
                       "product": "p-a1", "victim_product": "p-a2", "order": "o-a1", "victim_order": "o-a2",
                       "template": "tenant-user-policy", "pool": a.user_pool_id,
                       "cross": [b.tenant_id, "p-b-secret", "o-b-secret", b.user_pool_id, "TENANTsystem"]}
        self.own_names = [a.user_name, user_name, a.tenant_id]
        self.identities = {
            "nobody": None, "tenant admin": a.token, "tenant user": user_token, "system admin": self.admin_token}
        self.mangled = mangled_tokens(a.token, b.token, (access.json() or {}).get("access"))
        self.routes = routes(self.state)
        self.weights = [route[0] for route in self.routes]
        common.say(f"setup: tenants {a.tenant_id} (admin and user) and {b.tenant_id} (markers {self.markers}), "
                   f"{len(self.routes)} routes, {len(self.mangled)} kinds of mangled token")

    def memory_probes(self):
        target, report = self.target, self.report
        common.amplification_probe(target, report, "POST /auth, unauthenticated", lambda listed: common.Client(
            target, timeout=300).request("POST", "/auth", '{"userName": ' + listed + ', "password": "x"}',
                                         {"Content-Type": "application/json"}))
        common.amplification_probe(target, report, "POST /product, a tenant admin's token", lambda listed: common.Client(
            target, timeout=300).request("POST", "/product", '{"product_id": "p-big", "title": ' + listed + "}",
                                         {"Content-Type": "application/json",
                                          "Authorization": f"Bearer {self.fresh_admin_token()}"}))
        path_retention(target, report)

    def refresh_identities(self):
        """Tenant one's admin and user sign in again, so that a fuzzed request that changed their
        records (a role, a disabled flag) does not leave the rest of the run unauthenticated."""
        for identity, user, password in [("tenant admin", self.state["a"].user_name, self.state["a"].extra["password"]),
                                         ("tenant user", self.state["user_name"], "Fuzz-Passw0rd!2")]:
            reply = common.app_call(self.target, "POST", "/auth", {"userName": user, "password": password})
            token = (reply.json() or {}).get("token") if reply.status == 200 else None
            if token:
                self.identities[identity] = token
            else:
                self.lost[identity] = self.lost.get(identity, 0) + 1
                self.lost_why = f"{reply.status} {common.short(reply.body, 160)}"

    def fresh_admin_token(self):
        """Tenant one's admin signed in again: the fuzz may have disabled or changed them."""
        a = self.state["a"]
        reply = common.app_call(self.target, "POST", "/auth", {"userName": a.user_name, "password": a.extra["password"]})
        return (reply.json() or {}).get("token") or self.admin_token

    def pick_identity(self):
        roll = self.rng.random()
        if roll < 0.2:
            return "nobody", None
        if roll < 0.55:
            return "tenant admin", self.identities["tenant admin"]
        if roll < 0.7:
            return "tenant user", self.identities["tenant user"]
        if roll < 0.8:
            return "system admin", self.identities["system admin"]
        kind = self.rng.choice(sorted(self.mangled))
        return f"mangled: {kind}", self.mangled[kind]

    def one(self):
        rng = self.rng
        _, method, path, body, who = rng.choices(self.routes, weights=self.weights)[0]
        identity, token = self.pick_identity()
        if identity == "system admin" and (who == "not-admin" or "victim_tenant" in path):
            identity, token = "tenant admin", self.identities["tenant admin"]
        path = fill(path, self.values, rng, hostile=rng.random() < 0.3)
        headers = {}
        data = b""
        if body is not None:
            value = body if rng.random() < 0.2 else mutate_json(rng, body)
            data = to_json(value).encode("utf-8", "surrogatepass")
            headers["Content-Type"] = "application/json"
        roll = rng.random()
        if roll < 0.15:
            path = mutate_path(rng, path)
        elif roll < 0.22:
            headers["Content-Type"] = rng.choice(["text/plain", "application/x-www-form-urlencoded", "application/xml",
                                                  "application/json; charset=utf-16", "", "multipart/form-data"])
        elif roll < 0.27:
            method = rng.choice(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"])
            if method == "DELETE" and any(name in path for name in self.own_names):
                method = "PATCH"  # GET /user/<the fuzz's own admin> turned DELETE would end the run's identities
        elif roll < 0.32:
            data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300)))
            headers["Content-Type"] = "application/json"
        elif roll < 0.35:
            data = data[: rng.randrange(len(data) + 1)]
        elif roll < 0.37:
            data = b"[" * 100_000
            headers["Content-Type"] = "application/json"
        if token is not None:
            style = rng.random()
            if style < 0.9:
                headers["Authorization"] = f"Bearer {token}"
            else:
                headers["Authorization"] = rng.choice([f"bearer {token}", f"Basic {token}", f"Bearer  {token}", token,
                                                       f"Bearer {token} extra", "Bearer"])
        self.send(identity, method, path, data, headers)

    def send(self, identity, method, path, data, headers):
        self.sent += 1
        label = f"{method} {common.short(path, 120)} as {identity}"
        try:
            reply = self.client.request(method, path, data, {k: v for k, v in headers.items() if v != ""})
        except (TimeoutError, ConnectionError) as error:
            self.by_status.add("no answer")
            self.report.fail(f"{label}: no answer: {error}; body {common.short(data, 200)}")
            problem = common.health(self.target)
            if problem:
                raise SystemExit(f"error: the server stopped answering after {label}: {problem}")
            return
        self.by_status.add(reply.status)
        row = self.by_identity.setdefault(identity.split(":")[0], {"requests": 0, "2xx": 0, "4xx": 0, "5xx": 0})
        row["requests"] += 1
        row[f"{min(reply.status // 100, 5)}xx" if reply.status >= 400 else "2xx"] += 1
        if reply.status >= 500:
            self.report.fail(f"{label}: answered {reply.status} {common.short(reply.body, 300)}; "
                             f"headers {headers}; body {common.short(data, 300)}")
        elif reply.status >= 400 and method != "HEAD":
            parsed = reply.json()
            aws_code = common.aws_error_code(reply)
            if isinstance(parsed, dict) and isinstance(parsed.get("error"), str):
                self.by_error.add(f"{reply.status} {parsed['error']}")
            elif aws_code:
                # The platform's own routes (/_saaslab/..., and / when a mangled path lands there).
                self.by_error.add(f"{reply.status} {aws_code} (AWS shape)")
            else:
                self.by_error.add(f"(not an error shape: {common.short(reply.body, 60)})")
                self.report.fail(f"{label}: error {reply.status} is neither the app's {{\"error\", \"message\"}} "
                                 f"nor AWS's: {common.short(reply.body, 200)}")
        bare = re.sub("/+", "/", path.split("?")[0])  # the router reads //health as /health
        if (identity == "nobody" or identity.startswith("mangled")) and reply.status < 300 and not ANONYMOUS.match(bare):
            self.report.fail(f"{label}: answered {reply.status} without a valid token: {common.short(reply.body, 200)}")
        if identity != "system admin" and reply.status < 300:
            text = reply.body.decode("utf-8", "replace")
            for marker in self.markers:
                if marker in text:
                    self.report.fail(f"LEAK: {label} answered {reply.status} with tenant two's {marker!r}: "
                                     f"{common.short(reply.body, 300)}; headers {headers}; body {common.short(data, 200)}")
        if self.sent % 500 == 0:
            problem = common.health(self.target)
            if problem:
                self.report.fail(f"after {self.sent} requests: {problem}")


def path_retention(target, report, count=2000, size=60_000):
    """RSS held for `count` unauthenticated requests with `size`-byte paths, and after 10,000 short
    ones (the app's request log keeps its newest 10,000 entries)."""
    before = common.rss_kb(target.pid)
    client = common.Client(target)
    try:
        for _ in range(count):
            client.request("GET", "/product/" + "x" * size)
        held = common.rss_kb(target.pid)
        for _ in range(10_000):
            client.request("GET", "/product/y")
        after = common.rss_kb(target.pid)
    finally:
        client.close()
    per_request = (held - before) / count
    common.say(f"path retention: RSS {before / 1024:.0f} MB, {held / 1024:.0f} MB after {count} unauthenticated "
               f"GET /product/<{size // 1000} KB> ({per_request:.0f} KiB each), {after / 1024:.0f} MB after 10,000 short ones")
    common.summary(f"path retention: {per_request:.0f} KiB of RSS per unauthenticated {size // 1000} KB path, "
                   f"held until the 10,000-entry request log turns over")
    if per_request > size / 1024 / 2:
        report.finding(f"the app's request log keeps each request's whole path, even a refused anonymous one: "
                       f"{count} GET /product/<{size // 1000} KB> as nobody (401) raised the RSS by "
                       f"{(held - before) / 1024:.0f} MB; at its 10,000 entries the log can hold about 10,000 x 64 KiB "
                       f"(the head limit) = 640 MB for anyone who can reach the port")


def main():
    parser = common.base_parser(__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1])
    common.add_target_options(parser)
    parser.add_argument("--count", type=int, default=20_000, help="requests to send (default 20,000)")
    parser.add_argument("--seed", type=int, default=None, help="seed (default: random, printed)")
    parser.add_argument("--timeout", type=float, default=30, help="seconds a request may take (default 30)")
    parser.add_argument("--no-probes", action="store_true",
                        help="skip the probes of the RSS held for long paths and taken by big JSON bodies")
    args = parser.parse_args()

    def body(target, report):
        rng, seed = common.seeded(args.seed)
        fuzzer = AppFuzzer(target, report, rng, args.timeout)
        fuzzer.setup()
        if target.pid and not args.no_probes:
            # Before the fuzz: a heap that earlier requests left with free space hides part of a peak.
            fuzzer.memory_probes()
        started = time.monotonic()
        for index in range(args.count):
            fuzzer.one()
            if (index + 1) % 1000 == 0:
                fuzzer.refresh_identities()
            if (index + 1) % 50_000 == 0:
                common.say(f"  [{common.stamp()}] {index + 1} requests, {fuzzer.sent / (time.monotonic() - started):.0f}/s")
        elapsed = common.end_of_run(target, report, started, fuzzer.client)
        common.say()
        common.say(f"{fuzzer.sent} app requests in {elapsed:.0f}s ({fuzzer.sent / elapsed:.0f}/s), seed {seed}")
        common.summary(f"{fuzzer.sent} app requests (seed {seed}) in {elapsed:.0f}s; "
                       + ", ".join(f"{key}: {count}" for key, count, _ in fuzzer.by_status.rows(sort_by_count=False)))
        common.print_counts("status", fuzzer.by_status, sort_by_count=False)
        common.say()
        common.print_table(["identity", "requests", "2xx", "4xx", "5xx"],
                           [(name, r["requests"], r["2xx"], r["4xx"], r["5xx"]) for name, r in sorted(fuzzer.by_identity.items())])
        common.print_counts("error", fuzzer.by_error, limit=30)
        if fuzzer.lost:
            common.say(f"identities that could not sign in again (every 1,000 requests): {fuzzer.lost}, "
                       f"the last because: {fuzzer.lost_why}")

    common.exit_with(common.run_against_target(args, body))


if __name__ == "__main__":
    main()
