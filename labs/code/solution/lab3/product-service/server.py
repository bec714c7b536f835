"""The product service's HTTP side: routes, JSON in and out, errors. Provided: the lab's work is
in product_manager.py; you do not need to change this file.

Started by the `Procfile` (`web: python3 server.py`) with saaslab's environment (see
docs/code-track.md): it listens on `HOST`:`PORT` (127.0.0.1) and answers the routes the app's
gateway proxies to it:

    GET    /product/health     200 {"service": "Product Manager", "isAlive": true} once ready
    GET    /products           the caller's products, a JSON array
    GET    /product/<id>       one product, or 404
    POST   /product            a new product (201), its fields in the JSON body
    PUT    /product            a changed product (200), "product_id" naming it
    DELETE /product/<id>       the deleted product, or 404

Errors are `{"error": <name>, "message": ...}` as the app's built-in services answer them; a
refusal by the platform keeps its AWS name and status (403 AccessDeniedException), with IAM's
explanation of the refusal in "explanation" when the platform gave one.
"""
import decimal
import json
import os
import sys
import threading
import traceback
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import botocore.exceptions

import product_manager
import token_manager

# Bodies beyond this are refused (413) before they are read.
MAX_BODY = 1024 * 1024
# What the platform's errors answer with, by AWS error name (as the app's built-in services).
PLATFORM_STATUS = {
    "AccessDeniedException": 403, "AccessDenied": 403, "UnrecognizedClientException": 403,
    "NotAuthorizedException": 403, "ExpiredTokenException": 403,
    "ResourceNotFoundException": 404,
    "ConditionalCheckFailedException": 409, "ResourceInUseException": 409, "TransactionCanceledException": 409,
    "InternalServerError": 502, "ServiceUnavailable": 502, "ThrottlingException": 502,
}
# The platform appends its explanation of an IAM refusal to AWS's sentence after this.
EXPLANATION_MARK = ". saaslab: "


class Request:
    """What product_manager sees of one request: `method`, `path`, `headers` (the token
    manager reads Authorization and X-SaaSLab-Authorizer from them), `query` (each name's
    first value) and `body` (the JSON object sent, or {})."""

    def __init__(self, method, path, headers, query, body):
        self.method, self.path, self.headers, self.query, self.body = method, path, headers, query, body


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ProductService"
    # A client that stops sending is dropped after this many seconds.
    timeout = 30

    def do_GET(self):
        self.handle_request()

    def do_POST(self):
        self.handle_request()

    def do_PUT(self):
        self.handle_request()

    def do_DELETE(self):
        self.handle_request()

    def handle_request(self):
        try:
            status, body = self.route()
        except token_manager.TokenError as error:
            status, body = error.status, error.body()
        except botocore.exceptions.ClientError as error:
            status, body = platform_error(error)
        except (botocore.exceptions.EndpointConnectionError, botocore.exceptions.ConnectionClosedError,
                botocore.exceptions.ReadTimeoutError) as error:
            status, body = 502, {"error": "PlatformUnavailable", "message": f"the platform could not be reached: {error}"}
        except Exception as error:  # noqa: BLE001: the caller gets a 500 naming it; the log gets the trace.
            traceback.print_exc()
            status, body = 500, {"error": "InternalError", "message": f"{type(error).__name__}: {error}"}
        self.answer(status, body)

    def route(self):
        path, _, query = self.path.partition("?")
        segments = [urllib.parse.unquote(s) for s in path.strip("/").split("/")]
        method = self.command
        if segments == ["product", "health"]:
            return (200, {"service": "Product Manager", "isAlive": True}) if method == "GET" else not_allowed("GET")
        if segments == ["products"]:
            return serially(product_manager.list_products, self.request_for(query)) if method == "GET" else not_allowed("GET")
        if segments == ["product"]:
            if method not in ("POST", "PUT"):
                return not_allowed("POST, PUT")
            request = self.request_for(query, read_body=True)
            if isinstance(request, tuple):
                return request
            return serially(product_manager.save_product, request, creating=method == "POST")
        if len(segments) == 2 and segments[0] == "product" and segments[1]:
            if method == "GET":
                return serially(product_manager.get_product, self.request_for(query), segments[1])
            if method == "DELETE":
                return serially(product_manager.delete_product, self.request_for(query), segments[1])
            return not_allowed("GET, DELETE")
        return 404, {"error": "NotFound", "message": f"no route {method} {path}"}

    def request_for(self, query, read_body=False):
        """The request as product_manager sees it; with `read_body`, a (status, body) refusal
        instead when the body is too large or not a JSON object."""
        names = {name: values[0] for name, values in urllib.parse.parse_qs(query).items()}
        body = {}
        if read_body:
            if self.headers.get("Transfer-Encoding"):
                self.close_connection = True
                return 411, {"error": "LengthRequired", "message": "send the body with Content-Length"}
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if length < 0 or length > MAX_BODY:
                self.close_connection = True
                return 413, {"error": "PayloadTooLarge", "message": f"the body must be at most {MAX_BODY} bytes"}
            text = self.rfile.read(length) if length else b""
            try:
                # Decimals, not floats: DynamoDB takes exact numbers, as the app keeps them.
                body = json.loads(text, parse_float=decimal.Decimal) if text.strip() else {}
            except (ValueError, RecursionError) as error:
                return 400, {"error": "BadRequest", "message": f"the body is not JSON: {error}"}
            if not isinstance(body, dict):
                return 400, {"error": "BadRequest", "message": "the body must be a JSON object"}
        return Request(self.command, self.path, self.headers, names, body)

    def answer(self, status, body):
        data = json.dumps(body, default=json_number).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        sys.stderr.write(f"{self.address_string()} {format % args}\n")


def not_allowed(allowed):
    return 405, {"error": "MethodNotAllowed", "message": f"this path takes {allowed}"}


def platform_error(error):
    """A refusal by the platform, by its AWS name, as the app's built-in services answer it."""
    details = error.response.get("Error", {})
    code = details.get("Code", "PlatformError")
    message = details.get("Message", str(error))
    http_status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 400)
    if http_status >= 500:
        return 502, {"error": "PlatformUnavailable", "message": f"{code}: {message}"}
    body = {"error": code, "message": message}
    if EXPLANATION_MARK in message:
        body["message"], body["explanation"] = message.split(EXPLANATION_MARK, 1)
    return PLATFORM_STATUS.get(code, 400), body


def json_number(value):
    """DynamoDB's numbers (Decimal) as JSON numbers: integers exactly, others as floats."""
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    raise TypeError(f"{type(value).__name__} is not JSON")


class Server(ThreadingHTTPServer):
    daemon_threads = True


# boto3's resources are not thread-safe: connections get a thread each, but the product
# manager serves one request at a time.
_one_at_a_time = threading.Lock()


def serially(function, *arguments, **keywords):
    with _one_at_a_time:
        return function(*arguments, **keywords)


def main():
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "8080"))
    server = Server((host, port), Handler)
    print(f"product service listening on http://{host}:{server.server_address[1]} ({os.environ.get('SAASLAB_LAB', 'no lab set')})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
