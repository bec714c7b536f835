"""User pools' tokens as JWT libraries see them: PyJWT against `saaslab serve`.

Run by .ci/run after the Swift build: `python3 Tests/Clients/test_jwt_clients.py [path/to/saaslab]`.
It starts the server on a free port, unseeded (secret keys) and with a cache folder of its own,
makes two user pools with boto3 and signs a user in to each, then checks what a service written
against real Cognito does: it reads the pool's OpenID discovery document, fetches the JWKS named
there with PyJWT's `PyJWKClient`, and verifies the ID and access tokens with
`jwt.decode(..., algorithms=["RS256"], audience=client_id, issuer=...)`, unchanged. Tokens of the
other pool, and tokens forged the usual ways (HS256 keyed with the public key, `alg: none`, a key
the JWKS does not list), are refused by PyJWT and by the platform itself (GetUser, GetId).
"""
import base64
import json
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import unittest
import urllib.error
import urllib.request

import boto3
import jwt
from botocore.config import Config
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

OPERATOR = ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
REGION = "us-east-1"
BINARY = sys.argv.pop(1) if len(sys.argv) > 1 else ".build/debug/saaslab"
STARTUP_SECONDS = 60
PASSWORD = "Corr3ct-Horse!"


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class JWTLibrariesVerifyUserPoolTokens(unittest.TestCase):
    server = None
    endpoint = None
    cache = None
    pools = {}

    @classmethod
    def setUpClass(cls):
        cls.cache = tempfile.TemporaryDirectory()
        env = {"PATH": "/usr/bin:/bin", "SAASLAB_CACHE_DIR": cls.cache.name}
        cls.server = subprocess.Popen([BINARY, "serve", "--port", "0"], stdout=subprocess.PIPE, text=True, env=env)
        lines = queue.Queue()

        def read():
            for line in cls.server.stdout:
                lines.put(line.rstrip("\n"))
            lines.put(None)

        threading.Thread(target=read, daemon=True).start()
        try:
            line = lines.get(timeout=STARTUP_SECONDS)
            assert line and line.startswith("listening on http://127.0.0.1:"), f"unexpected first line: {line!r}"
            cls.endpoint = line.removeprefix("listening on ")
            idp = cls.client("cognito-idp")
            for name in ("one", "two"):
                pool = idp.create_user_pool(PoolName=f"tenant-{name}")["UserPool"]["Id"]
                client = idp.create_user_pool_client(UserPoolId=pool, ClientName="web",
                                                     ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
                client_id = client["UserPoolClient"]["ClientId"]
                idp.admin_create_user(UserPoolId=pool, Username=f"user-{name}", MessageAction="SUPPRESS",
                                      UserAttributes=[{"Name": "email", "Value": f"{name}@example.com"}])
                idp.admin_set_user_password(UserPoolId=pool, Username=f"user-{name}", Password=PASSWORD, Permanent=True)
                tokens = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                                           AuthParameters={"USERNAME": f"user-{name}", "PASSWORD": PASSWORD})["AuthenticationResult"]
                cls.pools[name] = {"id": pool, "client": client_id, "tokens": tokens}
        except BaseException:
            cls.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        code = cls.stop()
        assert code == 0, f"saaslab serve exited with {code}"

    @classmethod
    def stop(cls):
        if cls.server.poll() is None:
            cls.server.send_signal(signal.SIGINT)
        code = cls.server.wait(timeout=20)
        cls.cache.cleanup()
        return code

    @classmethod
    def client(cls, service):
        return boto3.client(service, endpoint_url=cls.endpoint, region_name=REGION,
                            aws_access_key_id=OPERATOR[0], aws_secret_access_key=OPERATOR[1],
                            config=Config(retries={"max_attempts": 1}))

    def get_json(self, path):
        with urllib.request.urlopen(self.endpoint + path, timeout=30) as response:
            self.assertEqual(response.headers.get_content_type(), "application/json")
            return json.loads(response.read())

    def discovery(self, name):
        return self.get_json(f"/{self.pools[name]['id']}/.well-known/openid-configuration")

    def decode_id_token(self, token, name):
        """What a service behind real Cognito does, with PyJWT and nothing saaslab-specific."""
        discovery = self.discovery(name)
        key = jwt.PyJWKClient(discovery["jwks_uri"]).get_signing_key_from_jwt(token)
        return jwt.decode(token, key, algorithms=["RS256"], audience=self.pools[name]["client"], issuer=discovery["issuer"])

    # -- what a verifier reads ----------------------------------------------------------------

    def test_discovery_names_the_tokens_issuer_and_a_reachable_jwks(self):
        pool = self.pools["one"]["id"]
        discovery = self.discovery("one")
        self.assertEqual(discovery["issuer"], f"https://cognito-idp.{REGION}.amazonaws.com/{pool}")
        self.assertEqual(discovery["jwks_uri"], f"{self.endpoint}/{pool}/.well-known/jwks.json")
        self.assertEqual(discovery["id_token_signing_alg_values_supported"], ["RS256"])
        jwks = self.get_json(f"/{pool}/.well-known/jwks.json")
        self.assertEqual(len(jwks["keys"]), 1)
        key = jwks["keys"][0]
        self.assertEqual((key["kty"], key["alg"], key["use"], key["e"]), ("RSA", "RS256", "sig", "AQAB"))
        self.assertEqual(jwt.PyJWK(key).key.key_size, 2048)

    def test_an_unknown_pool_has_no_keys(self):
        with self.assertRaises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{self.endpoint}/{REGION}_nothere00/.well-known/jwks.json", timeout=30)
        self.assertEqual(refused.exception.code, 404)

    # -- genuine tokens verify unchanged ------------------------------------------------------

    def test_pyjwt_verifies_the_id_token(self):
        claims = self.decode_id_token(self.pools["one"]["tokens"]["IdToken"], "one")
        self.assertEqual(claims["token_use"], "id")
        self.assertEqual(claims["cognito:username"], "user-one")
        self.assertEqual(claims["email"], "one@example.com")

    def test_pyjwt_verifies_the_access_token(self):
        token = self.pools["one"]["tokens"]["AccessToken"]
        discovery = self.discovery("one")
        key = jwt.PyJWKClient(discovery["jwks_uri"]).get_signing_key_from_jwt(token)
        # Access tokens carry client_id, not aud, as Cognito's do.
        claims = jwt.decode(token, key, algorithms=["RS256"], issuer=discovery["issuer"], options={"verify_aud": False})
        self.assertEqual(claims["token_use"], "access")
        self.assertEqual(claims["client_id"], self.pools["one"]["client"])
        self.assertNotIn("aud", claims)

    def test_each_pool_has_its_own_key(self):
        one = jwt.get_unverified_header(self.pools["one"]["tokens"]["IdToken"])["kid"]
        two = jwt.get_unverified_header(self.pools["two"]["tokens"]["IdToken"])["kid"]
        self.assertNotEqual(one, two)

    # -- what must be refused -----------------------------------------------------------------

    def test_another_pools_token_is_refused(self):
        foreign = self.pools["two"]["tokens"]["IdToken"]
        with self.assertRaises(jwt.PyJWKClientError):
            self.decode_id_token(foreign, "one")
        # Its own key, but the wrong issuer and audience for pool one.
        with self.assertRaises(jwt.InvalidTokenError):
            key = jwt.PyJWKClient(self.discovery("two")["jwks_uri"]).get_signing_key_from_jwt(foreign)
            jwt.decode(foreign, key, algorithms=["RS256"], audience=self.pools["one"]["client"], issuer=self.discovery("one")["issuer"])

    def forgeries(self):
        """Tokens made from pool one's genuine ones with the usual attacks, with their names."""
        genuine = self.pools["one"]["tokens"]
        jwks = self.get_json(f"/{self.pools['one']['id']}/.well-known/jwks.json")
        kid = jwks["keys"][0]["kid"]
        public_pem = jwt.PyJWK(jwks["keys"][0]).key.public_bytes(serialization.Encoding.PEM,
                                                                  serialization.PublicFormat.SubjectPublicKeyInfo)
        stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        made = {}
        for use, token in (("id", genuine["IdToken"]), ("access", genuine["AccessToken"])):
            claims = jwt.decode(token, options={"verify_signature": False})
            header_none = b64url(json.dumps({"kid": kid, "alg": "none", "typ": "JWT"}).encode())
            made[use] = {
                "HS256 keyed with the public key": self.hs256(claims, kid, public_pem),
                "alg none": header_none + "." + token.split(".")[1] + ".",
                "a key the JWKS does not list": jwt.encode(claims, stranger, algorithm="RS256", headers={"kid": kid}),
            }
        return made

    @staticmethod
    def hs256(claims, kid, secret):
        # PyJWT refuses to HMAC with a PEM key (that is its own defence); sign by hand.
        import hashlib
        import hmac
        header = b64url(json.dumps({"kid": kid, "alg": "HS256", "typ": "JWT"}).encode())
        payload = b64url(json.dumps(claims).encode())
        signature = hmac.new(secret, f"{header}.{payload}".encode(), hashlib.sha256).digest()
        return f"{header}.{payload}.{b64url(signature)}"

    def test_pyjwt_refuses_the_forgeries(self):
        for name, token in self.forgeries()["id"].items():
            with self.subTest(name), self.assertRaises((jwt.InvalidTokenError, jwt.PyJWKClientError)):
                self.decode_id_token(token, "one")

    def test_the_platform_refuses_the_forgeries(self):
        idp = self.client("cognito-idp")
        identity = self.client("cognito-identity")
        pool = self.pools["one"]["id"]
        identity_pool = identity.create_identity_pool(
            IdentityPoolName="jwt-check", AllowUnauthenticatedIdentities=False,
            CognitoIdentityProviders=[{"ProviderName": f"cognito-idp.{REGION}.amazonaws.com/{pool}",
                                       "ClientId": self.pools["one"]["client"]}])["IdentityPoolId"]
        provider = f"cognito-idp.{REGION}.amazonaws.com/{pool}"
        # The genuine tokens pass, so the refusals below are the forgeries' own.
        self.assertEqual(idp.get_user(AccessToken=self.pools["one"]["tokens"]["AccessToken"])["Username"], "user-one")
        identity.get_id(IdentityPoolId=identity_pool, Logins={provider: self.pools["one"]["tokens"]["IdToken"]})
        forgeries = self.forgeries()
        for name, token in forgeries["access"].items():
            with self.subTest("GetUser", forgery=name), self.assertRaises(ClientError) as refused:
                idp.get_user(AccessToken=token)
            self.assertEqual(refused.exception.response["Error"]["Code"], "NotAuthorizedException")
        for name, token in forgeries["id"].items():
            with self.subTest("GetId", forgery=name), self.assertRaises(ClientError) as refused:
                identity.get_id(IdentityPoolId=identity_pool, Logins={provider: token})
            self.assertEqual(refused.exception.response["Error"]["Code"], "NotAuthorizedException")
        with self.subTest("GetId with pool two's token"), self.assertRaises(ClientError) as refused:
            identity.get_id(IdentityPoolId=identity_pool, Logins={provider: self.pools["two"]["tokens"]["IdToken"]})
        self.assertEqual(refused.exception.response["Error"]["Code"], "NotAuthorizedException")


if __name__ == "__main__":
    unittest.main(verbosity=2)
