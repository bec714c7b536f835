#!/usr/bin/env python3
"""Signed DynamoDB GetItem requests per second over `saaslab serve`, measured with wrk.

Starts a release `saaslab serve` on a free port (or uses --endpoint), creates a table and an
item with boto3, signs one GetItem request with SigV4 exactly as boto3 would, and has wrk replay
that request (it stays valid for the 5-minute signing window) over keep-alive connections.

    swift build -c release
    python3 scripts/bench-signed-getitem.py [--endpoint http://127.0.0.1:PORT] [--connections 64] [--seconds 10]

Needs wrk (apt-get install wrk) and boto3.
"""
import argparse
import json
import os
import signal
import subprocess
import tempfile

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

KEY = ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")


def lua_string(text):
    return json.dumps(text)  # a JSON string literal is a valid Lua string literal here


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint")
    parser.add_argument("--binary", default=".build/release/saaslab")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=int, default=10)
    options = parser.parse_args()

    server = None
    endpoint = options.endpoint
    if endpoint is None:
        server = subprocess.Popen([options.binary, "serve", "--port", "0"], stdout=subprocess.PIPE, text=True)
        endpoint = server.stdout.readline().strip().removeprefix("listening on ")
    try:
        dynamodb = boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1",
                                aws_access_key_id=KEY[0], aws_secret_access_key=KEY[1])
        dynamodb.create_table(TableName="Bench", KeySchema=[{"AttributeName": "tenant_id", "KeyType": "HASH"},
                                                            {"AttributeName": "id", "KeyType": "RANGE"}],
                              AttributeDefinitions=[{"AttributeName": "tenant_id", "AttributeType": "S"},
                                                    {"AttributeName": "id", "AttributeType": "S"}],
                              BillingMode="PAY_PER_REQUEST")
        dynamodb.put_item(TableName="Bench", Item={"tenant_id": {"S": "TENANTa"}, "id": {"S": "p1"},
                                                   "name": {"S": "Widget"}, "price": {"N": "9.99"}})

        body = json.dumps({"TableName": "Bench", "Key": {"tenant_id": {"S": "TENANTa"}, "id": {"S": "p1"}}})
        request = AWSRequest(method="POST", url=endpoint + "/", data=body, headers={
            "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810.GetItem"})
        SigV4Auth(Credentials(*KEY), "dynamodb", "us-east-1").add_auth(request)
        headers = dict(request.headers.items())
        check = dynamodb._endpoint.http_session.send(request.prepare())
        assert check.status_code == 200, check.text

        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(f"wrk.method = \"POST\"\nwrk.body = {lua_string(body)}\n")
            for name, value in headers.items():
                script.write(f"wrk.headers[{lua_string(name)}] = {lua_string(value)}\n")
        result = subprocess.run(["wrk", "-t1", f"-c{options.connections}", f"-d{options.seconds}s", "--latency",
                                 "-s", script.name, endpoint + "/"], capture_output=True, text=True, check=True)
        os.unlink(script.name)
        print(result.stdout)
    finally:
        if server is not None:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
