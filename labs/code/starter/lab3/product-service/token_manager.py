"""The token manager: tenant context and tenant-scoped credentials from the caller's ID token.

Provided: you do not need to change this file. It mirrors the bootcamp's token manager
(`getTenantId(token)`, `getCredentialsFromToken(token)`), except that it believes nothing in a
token before it has checked the signature itself.

    import token_manager
    tenant_id = token_manager.get_tenant_id(request)              # the caller's tenant
    credentials = token_manager.get_credentials_from_token(request)
    dynamodb = boto3.client("dynamodb", **credentials)             # signs as the caller's role

`request` is anything with a `headers` mapping (http.server's handler is one). The gateway in
front of the service sends two headers:

- `Authorization: Bearer <ID token>`: the token the caller signed in with;
- `X-SaaSLab-Authorizer`: base64url (no padding) of a JSON object, the gateway's authoriser
  context: `claims`, `tenantId`, `role`, `userName`, `userPoolId`, `identityPoolId`,
  `providerName`. The gateway removes any copy a client sends, so it names the pool the token
  must come from and the identity pool that trades it for credentials.

Verification (RS256 only, as Cognito signs): the token's `kid` must be a key in the user pool's
JWKS (`{AWS_ENDPOINT_URL}/{userPoolId}/.well-known/jwks.json`), its PKCS#1 v1.5 SHA-256
signature must verify with that key (Python's `pow()` is all RSA verification needs), and its
`iss`, `aud`, `exp` and `token_use` must be those of an unexpired ID token of that pool and
app client. Anything else is refused with a `TokenError` (401).

Lab 3's cross-tenant fault, the bug the lab makes IAM refuse: while the lab injects another
tenant's id, the gateway's context carries it as `injectTenantId`, and `get_tenant_id` returns it
instead of the caller's tenant. `SAASLAB_INJECT_TENANT_ID` does the same for a service run by
hand. A real service has neither.

Standard library only, apart from boto3 for the identity pool calls.
"""
import base64
import binascii
import hashlib
import hmac
import json
import os
import re
import threading
import time
import urllib.error
import urllib.request

AUTHORIZER_HEADER = "X-SaaSLab-Authorizer"
INJECT_VARIABLE = "SAASLAB_INJECT_TENANT_ID"

# JWTs are base64url without padding; anything else in a part is refused, not skipped.
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")
# DER of DigestInfo for SHA-256 (RFC 8017, section 9.2, note 1): what PKCS#1 v1.5 puts before the hash.
_SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")
# Bounds on what is read from the caller and from the JWKS endpoint, so no input grows memory.
_MAX_TOKEN = 16 * 1024
_MAX_JWKS = 256 * 1024
_JWKS_TIMEOUT = 5
# A kid the cached JWKS does not list fetches it again at most this often per pool.
_JWKS_REFETCH_SECONDS = 30
# Credentials are used until this long before they expire, and at most this many are kept.
_CREDENTIALS_MARGIN = 60
_CREDENTIALS_LIMIT = 1000


class TokenError(Exception):
    """A refused request: `status` (401, or 403 when the identity pool gives no credentials),
    an error `code` and a `message` saying what is wrong, for the service to answer with."""

    def __init__(self, message, status=401, code="Unauthorized"):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def body(self):
        return {"error": self.code, "message": self.message}


# -- public interface ------------------------------------------------------------------


def get_tenant_id(request):
    """The tenant the caller belongs to: the verified ID token's `custom:tenant_id`, or the
    injected tenant id while Lab 3 injects one (the gateway's `injectTenantId`, or
    `SAASLAB_INJECT_TENANT_ID` when you set it running the service by hand)."""
    claims = verified_claims(request)
    injected = authorizer_context(request).get("injectTenantId") or os.environ.get(INJECT_VARIABLE)
    if isinstance(injected, str) and injected:
        return injected
    return claims["custom:tenant_id"]


def get_user_role(request):
    """The caller's role (`custom:role`): TenantAdmin, TenantUser, SystemAdmin or SystemUser."""
    return verified_claims(request).get("custom:role", "")


def get_credentials_from_token(request):
    """Temporary credentials of the IAM role the tenant's identity pool maps the caller to
    (`GetId`, then `GetCredentialsForIdentity`, with the ID token as the login), as keyword
    arguments for boto3: `aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`.
    Cached per token until shortly before they expire."""
    claims = verified_claims(request)
    token = _bearer(request)
    context = authorizer_context(request)
    now = time.time()
    with _credentials_lock:
        cached = _credentials.get(token)
        if cached and cached[1] > now:
            return dict(cached[0])
    identity_pool_id = context.get("identityPoolId")
    provider = context.get("providerName")
    if not identity_pool_id or not provider:
        raise TokenError(f"the {AUTHORIZER_HEADER} header names no identityPoolId or providerName")
    logins = {provider: token}
    client = _identity_client()
    try:
        identity = client.get_id(IdentityPoolId=identity_pool_id, Logins=logins)["IdentityId"]
        answer = client.get_credentials_for_identity(IdentityId=identity, Logins=logins)["Credentials"]
    except client.exceptions.NotAuthorizedException as error:
        # Signed in, but the identity pool's role mapping gives this user no role.
        raise TokenError(
            f"the identity pool gave {claims.get('cognito:username', 'the caller')} no credentials: "
            f"{error.response['Error'].get('Message', '')}",
            status=403, code="NotAuthorizedException") from None
    credentials = {
        "aws_access_key_id": answer["AccessKeyId"],
        "aws_secret_access_key": answer["SecretKey"],
        "aws_session_token": answer["SessionToken"],
    }
    expiration = answer.get("Expiration")
    expires = expiration.timestamp() if hasattr(expiration, "timestamp") else now + 3600
    with _credentials_lock:
        if len(_credentials) >= _CREDENTIALS_LIMIT:
            for key in [k for k, (_, until) in _credentials.items() if until <= now] or list(_credentials):
                del _credentials[key]
        _credentials[token] = (credentials, min(expires, claims["exp"]) - _CREDENTIALS_MARGIN)
    return dict(credentials)


def authorizer_context(request):
    """The gateway's authoriser context from the `X-SaaSLab-Authorizer` header, as a dict."""
    header = request.headers.get(AUTHORIZER_HEADER)
    if not header:
        raise TokenError(f"no {AUTHORIZER_HEADER} header: call the service through saaslab's gateway")
    if len(header) > 4 * _MAX_TOKEN:
        raise TokenError(f"the {AUTHORIZER_HEADER} header is too long")
    try:
        context = json.loads(_b64url(header))
    except (ValueError, RecursionError, binascii.Error):
        raise TokenError(f"the {AUTHORIZER_HEADER} header is not base64url-encoded JSON") from None
    if not isinstance(context, dict):
        raise TokenError(f"the {AUTHORIZER_HEADER} header is not a JSON object")
    return context


def verified_claims(request):
    """The claims of the caller's ID token, once its signature, issuer, audience, expiry and
    use have been checked against the pool the gateway names."""
    context = authorizer_context(request)
    pool = context.get("userPoolId")
    provider = context.get("providerName")
    expected = context.get("claims") or {}
    if not isinstance(pool, str) or not pool or not isinstance(provider, str) or not isinstance(expected, dict):
        raise TokenError(f"the {AUTHORIZER_HEADER} header names no userPoolId, providerName or claims")
    claims = verify(_bearer(request), user_pool_id=pool, issuer="https://" + provider, audience=expected.get("aud"))
    # The gateway verified the same token; a different one beside its context is not the caller's.
    if claims.get("sub") != expected.get("sub") or claims.get("custom:tenant_id") != context.get("tenantId"):
        raise TokenError("the ID token is not the one the gateway verified for this request")
    if not claims.get("custom:tenant_id"):
        raise TokenError("the ID token carries no custom:tenant_id", status=403, code="Forbidden")
    return claims


def verify(token, user_pool_id, issuer, audience):
    """Checks `token` as an RS256 ID token of `user_pool_id` issued by `issuer` for the app
    client `audience`; returns its claims or raises `TokenError` saying why not."""
    if not isinstance(token, str) or len(token) > _MAX_TOKEN or token.count(".") != 2:
        raise TokenError("the bearer token is not a JWT")
    header_part, payload_part, signature_part = token.split(".")
    try:
        header = json.loads(_b64url(header_part))
        claims = json.loads(_b64url(payload_part))
        signature = _b64url(signature_part)
    except (ValueError, RecursionError, binascii.Error):
        raise TokenError("the bearer token is not a JWT: a part is not base64url-encoded JSON") from None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise TokenError("the bearer token is not a JWT: its header or payload is not a JSON object")
    # Pinned: the algorithm is the verifier's choice, never the token's (no "none", no HS256).
    if header.get("alg") != "RS256":
        raise TokenError(f"the ID token's algorithm is {header.get('alg')!r}; user pools sign with RS256 only")
    key = _signing_key(user_pool_id, header.get("kid"))
    if not _rsa_pkcs1_sha256_verifies(key, f"{header_part}.{payload_part}".encode("ascii"), signature):
        raise TokenError("the ID token's signature does not verify: it was altered, or not signed by this pool")
    if claims.get("iss") != issuer:
        raise TokenError(f"the ID token was issued by {claims.get('iss')!r}, not {issuer!r}")
    if audience is None or claims.get("aud") != audience:
        raise TokenError("the ID token was issued for another app client")
    if claims.get("token_use") != "id":
        raise TokenError("the bearer token is not an ID token; send the token that POST /auth returned")
    exp = claims.get("exp")
    if not isinstance(exp, (int, float)) or isinstance(exp, bool) or exp <= time.time():
        raise TokenError("the ID token has expired; sign in again")
    return claims


# -- RSA and the JWKS ------------------------------------------------------------------


def _rsa_pkcs1_sha256_verifies(key, message, signature):
    """RSASSA-PKCS1-v1_5 verification with SHA-256 (RFC 8017, 8.2.2): s^e mod n must be exactly
    the encoded message 00 01 FF..FF 00 DigestInfo hash, compared whole."""
    n, e = key
    size = (n.bit_length() + 7) // 8
    if len(signature) != size:
        return False
    s = int.from_bytes(signature, "big")
    if s >= n:
        return False
    encoded = pow(s, e, n).to_bytes(size, "big")
    suffix = _SHA256_DIGEST_INFO + hashlib.sha256(message).digest()
    padding = size - len(suffix) - 3
    if padding < 8:
        return False
    expected = b"\x00\x01" + b"\xff" * padding + b"\x00" + suffix
    return hmac.compare_digest(encoded, expected)


_jwks_lock = threading.Lock()
# user pool id -> (kid -> (n, e), when fetched)
_jwks = {}
_credentials_lock = threading.Lock()
_credentials = {}


def _signing_key(user_pool_id, kid):
    if not isinstance(kid, str) or not kid:
        raise TokenError("the ID token's header names no kid")
    with _jwks_lock:
        keys, fetched = _jwks.get(user_pool_id, ({}, 0.0))
    if kid not in keys and time.time() - fetched >= _JWKS_REFETCH_SECONDS:
        keys = _fetch_jwks(user_pool_id)
        with _jwks_lock:
            _jwks[user_pool_id] = (keys, time.time())
    if kid not in keys:
        raise TokenError(f"the ID token's key {kid!r} is not one of user pool {user_pool_id}'s keys")
    return keys[kid]


def _fetch_jwks(user_pool_id):
    endpoint = os.environ.get("AWS_ENDPOINT_URL", "").rstrip("/")
    if not endpoint:
        raise TokenError("AWS_ENDPOINT_URL is not set: cannot fetch the user pool's keys", status=500, code="ServiceMisconfigured")
    url = f"{endpoint}/{urllib.request.quote(user_pool_id, safe='')}/.well-known/jwks.json"
    try:
        with urllib.request.urlopen(url, timeout=_JWKS_TIMEOUT) as response:
            document = json.loads(response.read(_MAX_JWKS + 1)[:_MAX_JWKS])
    except urllib.error.HTTPError as error:
        raise TokenError(f"user pool {user_pool_id} has no keys (GET {url} answered {error.code})") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise TokenError(f"cannot read user pool {user_pool_id}'s keys from {url}: {error}", status=502, code="BadGateway") from None
    keys = {}
    for jwk in document.get("keys", []) if isinstance(document, dict) else []:
        if isinstance(jwk, dict) and jwk.get("kty") == "RSA" and jwk.get("alg", "RS256") == "RS256" and isinstance(jwk.get("kid"), str):
            try:
                keys[jwk["kid"]] = (int.from_bytes(_b64url(jwk["n"]), "big"), int.from_bytes(_b64url(jwk["e"]), "big"))
            except (KeyError, TypeError, ValueError, binascii.Error):
                continue
    return keys


# -- helpers ---------------------------------------------------------------------------


def _bearer(request):
    value = request.headers.get("Authorization") or ""
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise TokenError("no Authorization: Bearer <ID token> header")
    return token.strip()


def _b64url(text):
    """Strict base64url without padding: any other character is an error, not skipped."""
    if not isinstance(text, str) or not _BASE64URL.fullmatch(text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


_identity_lock = threading.Lock()
_identity = []


def _identity_client():
    """One boto3 client for the identity pool (GetId and GetCredentialsForIdentity are unsigned
    calls), made once: boto3's clients are thread-safe, making them is not."""
    with _identity_lock:
        if not _identity:
            import boto3
            from botocore import UNSIGNED
            from botocore.config import Config
            session = boto3.session.Session()
            _identity.append(session.client(
                "cognito-identity", endpoint_url=os.environ.get("AWS_ENDPOINT_URL"),
                region_name=os.environ.get("AWS_REGION", "us-east-1"),
                config=Config(signature_version=UNSIGNED, retries={"max_attempts": 2})))
        return _identity[0]
