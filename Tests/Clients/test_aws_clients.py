"""Real AWS clients (boto3 and the AWS CLI) against `saaslab serve`.

Run by .ci/run after the Swift build: `python3 Tests/Clients/test_aws_clients.py [path/to/saaslab]`.
It starts the server on a free port with a fixed seed, points the clients at it with the
operator's keys, and checks what a participant's scripts rely on: identities, role policies,
policy simulation, temporary credentials, and AWS's error codes.
"""
import json
import os
import signal
import subprocess
import sys
import time
import unittest
import urllib.error
import urllib.request

import boto3
from botocore.auth import SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

OPERATOR = ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
ACCOUNT = "123456789012"
BINARY = sys.argv.pop(1) if len(sys.argv) > 1 else ".build/debug/saaslab"

TRUST = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                                                 "Action": ["sts:AssumeRole", "sts:TagSession"]}]}
TENANT_POLICY = {"Version": "2012-10-17", "Statement": [{
    "Sid": "ProductTable", "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query"],
    "Resource": f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/Product",
    "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["${aws:PrincipalTag/tenant_id}"]}}}]}


class ServeWithAWSClients(unittest.TestCase):
    server = None
    endpoint = None

    @classmethod
    def setUpClass(cls):
        cls.server = subprocess.Popen([BINARY, "serve", "--port", "0", "--seed", "42"],
                                      stdout=subprocess.PIPE, text=True)
        first = cls.server.stdout.readline().strip()
        assert first.startswith("listening on http://127.0.0.1:"), first
        cls.endpoint = first.removeprefix("listening on ")

    @classmethod
    def tearDownClass(cls):
        cls.server.send_signal(signal.SIGINT)
        rest = cls.server.communicate(timeout=20)[0]
        assert cls.server.returncode == 0, cls.server.returncode
        assert "stopped" in rest, rest

    def client(self, service, key=OPERATOR, token=None):
        return boto3.client(service, endpoint_url=self.endpoint, region_name="us-east-1",
                            aws_access_key_id=key[0], aws_secret_access_key=key[1], aws_session_token=token,
                            config=Config(retries={"max_attempts": 1}))

    def error_code(self, call, *args, **kwargs):
        with self.assertRaises(ClientError) as raised:
            call(*args, **kwargs)
        return raised.exception.response["Error"]["Code"]

    def test_operator_identity(self):
        identity = self.client("sts").get_caller_identity()
        self.assertEqual(identity["Account"], ACCOUNT)
        self.assertEqual(identity["Arn"], f"arn:aws:iam::{ACCOUNT}:user/operator")

    def test_role_policy_round_trip_and_tenant_session(self):
        iam = self.client("iam")
        role = iam.create_role(RoleName="TenantAdmin-boto3", AssumeRolePolicyDocument=json.dumps(TRUST))["Role"]
        self.assertEqual(role["Arn"], f"arn:aws:iam::{ACCOUNT}:role/TenantAdmin-boto3")
        self.assertEqual(role["AssumeRolePolicyDocument"], TRUST)
        iam.put_role_policy(RoleName="TenantAdmin-boto3", PolicyName="tenant", PolicyDocument=json.dumps(TENANT_POLICY))
        self.assertEqual(iam.get_role_policy(RoleName="TenantAdmin-boto3", PolicyName="tenant")["PolicyDocument"], TENANT_POLICY)
        self.assertEqual(iam.list_role_policies(RoleName="TenantAdmin-boto3")["PolicyNames"], ["tenant"])
        self.assertEqual(self.error_code(iam.create_role, RoleName="TenantAdmin-boto3",
                                         AssumeRolePolicyDocument=json.dumps(TRUST)), "EntityAlreadyExists")

        assumed = self.client("sts").assume_role(RoleArn=role["Arn"], RoleSessionName="tenant-a",
                                                 Tags=[{"Key": "tenant_id", "Value": "TENANTa"}])
        credentials = assumed["Credentials"]
        self.assertTrue(credentials["AccessKeyId"].startswith("ASIA"))
        session_key = (credentials["AccessKeyId"], credentials["SecretAccessKey"])
        session_sts = self.client("sts", key=session_key, token=credentials["SessionToken"])
        self.assertEqual(session_sts.get_caller_identity()["Arn"],
                         f"arn:aws:sts::{ACCOUNT}:assumed-role/TenantAdmin-boto3/tenant-a")
        # The tenant's session has no IAM permissions of its own.
        session_iam = self.client("iam", key=session_key, token=credentials["SessionToken"])
        self.assertEqual(self.error_code(session_iam.create_role, RoleName="Escalate",
                                         AssumeRolePolicyDocument=json.dumps(TRUST)), "AccessDenied")

    def test_simulate_custom_policy_decides_leading_keys(self):
        iam = self.client("iam")

        def decide(tenant, leading_keys):
            result = iam.simulate_custom_policy(
                PolicyInputList=[json.dumps(TENANT_POLICY)], ActionNames=["dynamodb:Query"],
                ResourceArns=[f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/Product"],
                ContextEntries=[
                    {"ContextKeyName": "aws:PrincipalTag/tenant_id", "ContextKeyValues": [tenant], "ContextKeyType": "string"},
                    {"ContextKeyName": "dynamodb:LeadingKeys", "ContextKeyValues": leading_keys, "ContextKeyType": "stringList"},
                ])
            return result["EvaluationResults"][0]

        own = decide("TENANTa", ["TENANTa"])
        self.assertEqual(own["EvalDecision"], "allowed")
        self.assertEqual(own["MatchedStatements"][0]["SourcePolicyId"], "PolicyInputList.1")
        self.assertEqual(decide("TENANTa", ["TENANTb"])["EvalDecision"], "implicitDeny")
        self.assertEqual(decide("TENANTa", ["TENANTa", "TENANTb"])["EvalDecision"], "implicitDeny")

    def test_simulate_custom_policy_pages_through_the_boto3_paginator(self):
        iam = self.client("iam")
        request = {"PolicyInputList": [json.dumps(TENANT_POLICY)],
                   "ActionNames": [f"dynamodb:{verb}" for verb in ("GetItem", "Query", "Scan", "PutItem", "DeleteItem")],
                   "ResourceArns": [f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/{name}" for name in ("Product", "Order", "User")]}
        whole = iam.simulate_custom_policy(**request, MaxItems=1000)
        self.assertFalse(whole["IsTruncated"])
        self.assertNotIn("Marker", whole)
        pages = list(iam.get_paginator("simulate_custom_policy").paginate(**request, PaginationConfig={"PageSize": 4}))
        self.assertEqual([len(page["EvaluationResults"]) for page in pages], [4, 4, 4, 3])
        self.assertEqual([page["IsTruncated"] for page in pages], [True, True, True, False])
        self.assertEqual([r for page in pages for r in page["EvaluationResults"]], whole["EvaluationResults"])
        self.assertEqual(self.error_code(iam.simulate_custom_policy, **request, Marker="not-a-marker"), "ValidationError")

    def test_aws_cli_simulate_custom_policy(self):
        environment = dict(os.environ, AWS_ACCESS_KEY_ID=OPERATOR[0], AWS_SECRET_ACCESS_KEY=OPERATOR[1],
                           AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="")
        output = subprocess.run(
            ["aws", "--endpoint-url", self.endpoint, "iam", "simulate-custom-policy",
             "--policy-input-list", json.dumps(TENANT_POLICY), "--action-names", "dynamodb:Query", "dynamodb:Scan",
             "--resource-arns", f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/Product",
             "--context-entries",
             "ContextKeyName=aws:PrincipalTag/tenant_id,ContextKeyValues=TENANTa,ContextKeyType=string",
             "ContextKeyName=dynamodb:LeadingKeys,ContextKeyValues=TENANTa,ContextKeyType=stringList"],
            env=environment, capture_output=True, text=True, check=True).stdout
        decisions = {r["EvalActionName"]: r["EvalDecision"] for r in json.loads(output)["EvaluationResults"]}
        self.assertEqual(decisions, {"dynamodb:Query": "allowed", "dynamodb:Scan": "implicitDeny"})

    def test_authentication_errors(self):
        self.assertEqual(self.error_code(self.client("sts", key=(OPERATOR[0], "wrong-secret")).get_caller_identity),
                         "SignatureDoesNotMatch")
        self.assertEqual(self.error_code(self.client("sts", key=("AKIAUNKNOWNKEY000000", "x")).get_caller_identity),
                         "InvalidClientTokenId")

    @staticmethod
    def fetch(url, method="GET"):
        """A plain urllib request for a presigned URL: (status, body text)."""
        request = urllib.request.Request(url, data=b"" if method == "POST" else None, method=method)
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def test_presigned_urls_from_botocore(self):
        """Query-string authentication: botocore's presigner for STS and IAM, fetched with urllib."""
        sts, iam = self.client("sts"), self.client("iam")
        status, body = self.fetch(sts.generate_presigned_url("get_caller_identity", ExpiresIn=60, HttpMethod="GET"))
        self.assertEqual(status, 200, body)
        self.assertIn(f"<Arn>arn:aws:iam::{ACCOUNT}:user/operator</Arn>", body)
        status, body = self.fetch(iam.generate_presigned_url("list_roles", ExpiresIn=60, HttpMethod="GET"))
        self.assertEqual(status, 200, body)
        self.assertIn("<ListRolesResult>", body)
        # Presigned for the operation's own method (POST), sent with an empty body.
        status, body = self.fetch(iam.generate_presigned_url("list_roles", ExpiresIn=60), method="POST")
        self.assertEqual(status, 200, body)

        # botocore's SigV4QueryAuth directly, with temporary credentials: the token travels in the query.
        role = iam.create_role(RoleName="Presigned-boto3", AssumeRolePolicyDocument=json.dumps(TRUST))["Role"]
        session = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="presigned")["Credentials"]
        request = AWSRequest(method="GET", url=f"{self.endpoint}/?Action=GetCallerIdentity&Version=2011-06-15")
        SigV4QueryAuth(Credentials(session["AccessKeyId"], session["SecretAccessKey"], session["SessionToken"]),
                       "sts", "us-east-1", expires=60).add_auth(request)
        self.assertIn("X-Amz-Security-Token=", request.url)
        status, body = self.fetch(request.url)
        self.assertEqual(status, 200, body)
        self.assertIn(f"<Arn>arn:aws:sts::{ACCOUNT}:assumed-role/Presigned-boto3/presigned</Arn>", body)

        # Tampered: another action under the same signature.
        url = iam.generate_presigned_url("list_roles", ExpiresIn=60, HttpMethod="GET")
        status, body = self.fetch(url.replace("Action=ListRoles", "Action=ListUsers"))
        self.assertEqual(status, 403, body)
        self.assertIn("<Code>SignatureDoesNotMatch</Code>", body)
        # Expired: valid for one second, fetched after two.
        url = sts.generate_presigned_url("get_caller_identity", ExpiresIn=1, HttpMethod="GET")
        time.sleep(2)
        status, body = self.fetch(url)
        self.assertEqual(status, 403, body)
        self.assertIn("<Code>SignatureDoesNotMatch</Code><Message>Signature expired: ", body)
        self.assertIn(" - 1 sec.)</Message>", body)

    def test_boto3_and_the_aws_cli_through_a_proxy_send_absolute_form_that_verifies(self):
        """Through an HTTP proxy an SDK writes the whole URL in the request line
        (`POST http://host:port/ HTTP/1.1`) but signs the path and host alone. With saaslab as
        its own proxy and an endpoint host that never resolves (.invalid), the calls succeed
        only if the server serves that absolute form and verifies it under the URL's authority."""
        port = self.endpoint.rsplit(":", 1)[1]
        unreachable = f"http://saaslab.invalid:{port}"
        proxied = boto3.client("sts", endpoint_url=unreachable, region_name="us-east-1",
                               aws_access_key_id=OPERATOR[0], aws_secret_access_key=OPERATOR[1],
                               config=Config(retries={"max_attempts": 1}, proxies={"http": self.endpoint}))
        self.assertEqual(proxied.get_caller_identity()["Arn"], f"arn:aws:iam::{ACCOUNT}:user/operator")
        wrong = boto3.client("sts", endpoint_url=unreachable, region_name="us-east-1",
                             aws_access_key_id=OPERATOR[0], aws_secret_access_key="wrong-secret",
                             config=Config(retries={"max_attempts": 1}, proxies={"http": self.endpoint}))
        self.assertEqual(self.error_code(wrong.get_caller_identity), "SignatureDoesNotMatch")

        environment = {name: value for name, value in os.environ.items() if name.lower() not in ("no_proxy", "http_proxy")}
        environment.update(AWS_ACCESS_KEY_ID=OPERATOR[0], AWS_SECRET_ACCESS_KEY=OPERATOR[1], AWS_DEFAULT_REGION="us-east-1",
                           AWS_PAGER="", HTTP_PROXY=self.endpoint)
        output = subprocess.run(["aws", "--endpoint-url", unreachable, "sts", "get-caller-identity"],
                                env=environment, capture_output=True, text=True, check=True).stdout
        self.assertEqual(json.loads(output)["Arn"], f"arn:aws:iam::{ACCOUNT}:user/operator")

    def test_host_header_and_request_target_forms_over_a_plain_socket(self):
        """RFC 9112 §3.2: an HTTP/1.1 request needs exactly one valid Host (400 and a close
        otherwise); HTTP/1.0 is served without one; `OPTIONS *` is about the server."""
        import socket  # local, so this shared file's header stays as it was
        host, port = self.endpoint.removeprefix("http://").split(":")

        def exchange(request):
            with socket.create_connection((host, int(port)), timeout=20) as connection:
                connection.sendall(request.encode())
                reply = b""
                while b"\r\n\r\n" not in reply:
                    chunk = connection.recv(65536)
                    if not chunk:
                        break
                    reply += chunk
                head, _, body = reply.partition(b"\r\n\r\n")
                lines = head.decode().split("\r\n")
                headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:])}
                length = int(headers.get("content-length", "0"))
                while len(body) < length:
                    chunk = connection.recv(65536)
                    if not chunk:
                        break
                    body += chunk
                return lines[0], headers, body.decode()

        status, headers, body = exchange("GET /health HTTP/1.1\r\nAccept: */*\r\n\r\n")
        self.assertEqual((status, headers.get("connection")), ("HTTP/1.1 400 Bad Request", "close"))
        self.assertEqual(json.loads(body)["error"], "BadRequest")
        self.assertIn("Host header", json.loads(body)["message"])
        status, _, body = exchange("GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")
        self.assertEqual(status, "HTTP/1.1 400 Bad Request")
        self.assertIn("2 Host headers", json.loads(body)["message"])
        self.assertEqual(exchange("GET /health HTTP/1.0\r\n\r\n")[0], "HTTP/1.1 200 OK")
        status, _, body = exchange(f"GET http://127.0.0.1:{port}/health HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n")
        self.assertEqual((status, json.loads(body)), ("HTTP/1.1 200 OK", {"status": "ok"}))
        status, headers, _ = exchange("OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        self.assertEqual(status, "HTTP/1.1 200 OK")
        self.assertIn("GET", headers["allow"])

    def test_malformed_policy_names_line_and_column(self):
        with self.assertRaises(ClientError) as raised:
            self.client("iam").create_role(RoleName="Broken", AssumeRolePolicyDocument='{"Version":"2012-10-17",\n"Statement":[}')
        error = raised.exception.response["Error"]
        self.assertEqual(error["Code"], "MalformedPolicyDocument")
        self.assertIn("line 2", error["Message"])

    def test_user_pool_custom_attribute_and_new_password_login(self):
        import base64  # local, so this shared file's header stays as it was
        idp = self.client("cognito-idp")
        pool = idp.create_user_pool(
            PoolName="boto3-tenant",
            Policies={"PasswordPolicy": {"MinimumLength": 8, "RequireUppercase": True, "RequireLowercase": True,
                                         "RequireNumbers": True, "RequireSymbols": True}},
            Schema=[{"Name": "email", "AttributeDataType": "String", "Required": True, "Mutable": True},
                    {"Name": "tenant_id", "AttributeDataType": "String", "Mutable": False,
                     "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "256"}}],
            AdminCreateUserConfig={"AllowAdminCreateUserOnly": True}, AutoVerifiedAttributes=["email"])["UserPool"]
        self.assertTrue(pool["Id"].startswith("us-east-1_"))
        self.assertIn("custom:tenant_id", [a["Name"] for a in pool["SchemaAttributes"]])
        client_id = idp.create_user_pool_client(
            UserPoolId=pool["Id"], ClientName="web", GenerateSecret=False,
            ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]["ClientId"]
        user = idp.admin_create_user(
            UserPoolId=pool["Id"], Username="boto3-alice", TemporaryPassword="Temp0rary!pw", MessageAction="SUPPRESS",
            UserAttributes=[{"Name": "email", "Value": "alice@example.com"}, {"Name": "custom:tenant_id", "Value": "TENANT1"}])["User"]
        self.assertEqual(user["UserStatus"], "FORCE_CHANGE_PASSWORD")
        self.assertGreaterEqual(user["UserCreateDate"].year, 2020)  # parsed from epoch seconds

        # botocore sends InitiateAuth, RespondToAuthChallenge and GetUser unsigned, as its model says.
        started = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                                    AuthParameters={"USERNAME": "boto3-alice", "PASSWORD": "Temp0rary!pw"})
        self.assertEqual(started["ChallengeName"], "NEW_PASSWORD_REQUIRED")
        tokens = idp.respond_to_auth_challenge(
            ClientId=client_id, ChallengeName="NEW_PASSWORD_REQUIRED", Session=started["Session"],
            ChallengeResponses={"USERNAME": "boto3-alice", "NEW_PASSWORD": "N3w-Passw0rd!"})["AuthenticationResult"]
        payload = tokens["IdToken"].split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        self.assertEqual(claims["custom:tenant_id"], "TENANT1")
        self.assertEqual(claims["token_use"], "id")
        self.assertEqual(claims["aud"], client_id)
        self.assertEqual(claims["iss"], f"https://cognito-idp.us-east-1.amazonaws.com/{pool['Id']}")
        profile = idp.get_user(AccessToken=tokens["AccessToken"])
        self.assertEqual(profile["Username"], "boto3-alice")
        self.assertEqual(self.error_code(idp.initiate_auth, ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                                         AuthParameters={"USERNAME": "boto3-alice", "PASSWORD": "Wrong-passw0rd"}),
                         "NotAuthorizedException")
        self.assertEqual(self.error_code(idp.admin_update_user_attributes, UserPoolId=pool["Id"], Username="boto3-alice",
                                         UserAttributes=[{"Name": "custom:tenant_id", "Value": "TENANT2"}]),
                         "InvalidParameterException")

    def test_dynamodb_tables_items_expressions_and_paging(self):
        dynamodb = self.client("dynamodb")
        table = dynamodb.create_table(
            TableName="Order", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "tenant_id", "KeyType": "HASH"}, {"AttributeName": "order_id", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": "tenant_id", "AttributeType": "S"},
                                  {"AttributeName": "order_id", "AttributeType": "S"}])["TableDescription"]
        self.assertEqual(table["TableStatus"], "ACTIVE")
        self.assertEqual(table["TableArn"], f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/Order")
        for number in range(25):
            dynamodb.put_item(TableName="Order", Item={
                "tenant_id": {"S": "TENANTa"}, "order_id": {"S": f"o{number:02d}"},
                "total": {"N": str(number * 10)}, "status": {"S": "open" if number % 2 else "shipped"}})
        dynamodb.update_item(TableName="Order", Key={"tenant_id": {"S": "TENANTa"}, "order_id": {"S": "o01"}},
                             UpdateExpression="SET #s = :s ADD #t :inc", ConditionExpression="attribute_exists(order_id)",
                             ExpressionAttributeNames={"#s": "status", "#t": "total"}, ExpressionAttributeValues={":s": {"S": "paid"}, ":inc": {"N": "5"}})
        item = dynamodb.get_item(TableName="Order", Key={"tenant_id": {"S": "TENANTa"}, "order_id": {"S": "o01"}})["Item"]
        self.assertEqual((item["status"]["S"], item["total"]["N"]), ("paid", "15"))
        self.assertEqual(self.error_code(dynamodb.put_item, TableName="Order", Item=item,
                                         ConditionExpression="attribute_not_exists(order_id)"), "ConditionalCheckFailedException")

        pages, start = [], None
        while True:
            arguments = dict(TableName="Order", KeyConditionExpression="tenant_id = :t AND begins_with(order_id, :p)",
                             FilterExpression="#s = :open", ExpressionAttributeNames={"#s": "status"},
                             ExpressionAttributeValues={":t": {"S": "TENANTa"}, ":p": {"S": "o"}, ":open": {"S": "open"}}, Limit=10)
            if start:
                arguments["ExclusiveStartKey"] = start
            page = dynamodb.query(**arguments)
            pages.append([entry["order_id"]["S"] for entry in page["Items"]])
            start = page.get("LastEvaluatedKey")
            if not start:
                break
        self.assertEqual(len(pages), 3)
        self.assertEqual(sum(pages, []), [f"o{n:02d}" for n in range(3, 25, 2)])
        self.assertEqual(self.error_code(dynamodb.query, TableName="Order", KeyConditionExpression="order_id = :o",
                                         ExpressionAttributeValues={":o": {"S": "o01"}}), "ValidationException")
        self.assertEqual(self.error_code(dynamodb.get_item, TableName="Missing", Key={"tenant_id": {"S": "x"}}),
                         "ResourceNotFoundException")

    def test_dynamodb_refuses_another_tenants_partition_under_a_leading_keys_role(self):
        dynamodb, iam = self.client("dynamodb"), self.client("iam")
        dynamodb.create_table(TableName="Product", BillingMode="PAY_PER_REQUEST",
                              KeySchema=[{"AttributeName": "tenant_id", "KeyType": "HASH"}, {"AttributeName": "id", "KeyType": "RANGE"}],
                              AttributeDefinitions=[{"AttributeName": "tenant_id", "AttributeType": "S"},
                                                    {"AttributeName": "id", "AttributeType": "S"}])
        dynamodb.put_item(TableName="Product", Item={"tenant_id": {"S": "TENANTb"}, "id": {"S": "b1"}})
        iam.create_role(RoleName="ProductTenant", AssumeRolePolicyDocument=json.dumps(TRUST))
        iam.put_role_policy(RoleName="ProductTenant", PolicyName="tenant", PolicyDocument=json.dumps(TENANT_POLICY | {
            "Statement": [TENANT_POLICY["Statement"][0] | {"Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan"]}]}))
        credentials = self.client("sts").assume_role(
            RoleArn=f"arn:aws:iam::{ACCOUNT}:role/ProductTenant", RoleSessionName="tenant-a",
            Tags=[{"Key": "tenant_id", "Value": "TENANTa"}])["Credentials"]
        tenant = self.client("dynamodb", key=(credentials["AccessKeyId"], credentials["SecretAccessKey"]), token=credentials["SessionToken"])
        tenant.put_item(TableName="Product", Item={"tenant_id": {"S": "TENANTa"}, "id": {"S": "p1"}})
        with self.assertRaises(ClientError) as refused:
            tenant.get_item(TableName="Product", Key={"tenant_id": {"S": "TENANTb"}, "id": {"S": "p1"}})
        error = refused.exception.response["Error"]
        self.assertEqual(error["Code"], "AccessDeniedException")
        self.assertIn("is not authorized to perform: dynamodb:GetItem", error["Message"])
        # Scan names no partition key, so ForAllValues holds vacuously and the tenant reads
        # every tenant's items: why the lab's policies never grant Scan.
        self.assertEqual(tenant.scan(TableName="Product")["Count"], 2)

    def test_dynamodb_partiql_time_to_live_and_tags(self):
        dynamodb = self.client("dynamodb")
        arn = dynamodb.create_table(
            TableName="Ledger", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "tenant_id", "KeyType": "HASH"}, {"AttributeName": "entry", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": "tenant_id", "AttributeType": "S"}, {"AttributeName": "entry", "AttributeType": "N"}],
        )["TableDescription"]["TableArn"]
        for entry in range(3):
            dynamodb.execute_statement(Statement='INSERT INTO "Ledger" VALUE {\'tenant_id\': ?, \'entry\': ?, \'tags\': <<\'a\'>>}',
                                       Parameters=[{"S": "TENANTa"}, {"N": str(entry)}])
        with self.assertRaises(ClientError) as duplicate:
            dynamodb.execute_statement(Statement="INSERT INTO Ledger VALUE {'tenant_id': 'TENANTa', 'entry': 0}")
        self.assertEqual(duplicate.exception.response["Error"]["Code"], "DuplicateItemException")
        dynamodb.execute_statement(Statement="UPDATE Ledger SET note = ? WHERE tenant_id = ? AND entry = 1",
                                   Parameters=[{"S": "paid"}, {"S": "TENANTa"}])
        first = dynamodb.execute_statement(Statement="SELECT entry, note FROM Ledger WHERE tenant_id = ? AND entry >= ?",
                                           Parameters=[{"S": "TENANTa"}, {"N": "1"}], Limit=1)
        self.assertEqual(first["Items"], [{"entry": {"N": "1"}, "note": {"S": "paid"}}])
        rest = dynamodb.execute_statement(Statement="SELECT entry, note FROM Ledger WHERE tenant_id = ? AND entry >= ?",
                                          Parameters=[{"S": "TENANTa"}, {"N": "1"}], NextToken=first["NextToken"])
        self.assertEqual([item["entry"]["N"] for item in rest["Items"]], ["2"])
        with self.assertRaises(ClientError) as malformed:
            dynamodb.execute_statement(Statement="SELEC * FROM Ledger")
        self.assertIn("Statement wasn't well formed", malformed.exception.response["Error"]["Message"])
        batch = dynamodb.batch_execute_statement(Statements=[
            {"Statement": "SELECT * FROM Ledger WHERE tenant_id = 'TENANTa' AND entry = 2"},
            {"Statement": "SELECT * FROM Ledger WHERE tenant_id = 'TENANTa' AND entry = 9"}])
        self.assertEqual(batch["Responses"][0]["Item"]["entry"], {"N": "2"})
        dynamodb.execute_transaction(TransactStatements=[
            {"Statement": "DELETE FROM Ledger WHERE tenant_id = 'TENANTa' AND entry = 0"},
            {"Statement": "UPDATE Ledger SET note = 'void' WHERE tenant_id = 'TENANTa' AND entry = 2"}])

        spec = {"Enabled": True, "AttributeName": "expires"}
        self.assertEqual(dynamodb.update_time_to_live(TableName="Ledger", TimeToLiveSpecification=spec)["TimeToLiveSpecification"], spec)
        self.assertEqual(dynamodb.describe_time_to_live(TableName="Ledger")["TimeToLiveDescription"],
                         {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"})
        self.assertEqual(self.error_code(dynamodb.update_time_to_live, TableName="Ledger", TimeToLiveSpecification=spec),
                         "ValidationException")

        dynamodb.tag_resource(ResourceArn=arn, Tags=[{"Key": "team", "Value": "saas"}, {"Key": "env", "Value": "lab"}])
        dynamodb.untag_resource(ResourceArn=arn, TagKeys=["env"])
        self.assertEqual(dynamodb.list_tags_of_resource(ResourceArn=arn)["Tags"], [{"Key": "team", "Value": "saas"}])
        self.assertEqual(self.error_code(dynamodb.tag_resource, ResourceArn=arn, Tags=[{"Key": "aws:x", "Value": "v"}]),
                         "ValidationException")

    def signed_in_user(self, pool_name, user_name):
        """A user pool with a custom tenant_id, an app client and one user of tenant TENANTa
        signed in: (provider name, client id, ID token)."""
        idp = self.client("cognito-idp")
        pool = idp.create_user_pool(PoolName=pool_name, Schema=[
            {"Name": "tenant_id", "AttributeDataType": "String", "Mutable": False}])["UserPool"]
        client_id = idp.create_user_pool_client(UserPoolId=pool["Id"], ClientName="app",
                                                ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]["ClientId"]
        idp.admin_create_user(UserPoolId=pool["Id"], Username=user_name, TemporaryPassword="Temp0rary!pw", MessageAction="SUPPRESS",
                              UserAttributes=[{"Name": "custom:tenant_id", "Value": "TENANTa"}])
        challenge = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                                      AuthParameters={"USERNAME": user_name, "PASSWORD": "Temp0rary!pw"})
        id_token = idp.respond_to_auth_challenge(
            ClientId=client_id, ChallengeName="NEW_PASSWORD_REQUIRED", Session=challenge["Session"],
            ChallengeResponses={"USERNAME": user_name, "NEW_PASSWORD": "N3w-Passw0rd!"})["AuthenticationResult"]["IdToken"]
        return f"cognito-idp.us-east-1.amazonaws.com/{pool['Id']}", client_id, id_token

    @staticmethod
    def tampered(token):
        """The token with a claim changed and its signature kept: still a JWT, no longer signed."""
        import base64  # local, so this shared file's header stays as it was
        header, payload, signature = token.split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        claims["sub"] = "someone-else"
        payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
        return ".".join((header, payload, signature))

    def refusal(self, call, *args, **kwargs):
        with self.assertRaises(ClientError) as raised:
            call(*args, **kwargs)
        error = raised.exception.response["Error"]
        return error["Code"], error["Message"], raised.exception.response["ResponseMetadata"]["HTTPStatusCode"]

    def test_web_identity_refusals_in_aws_words(self):
        """GetId and AssumeRoleWithWebIdentity refuse a bad token with AWS's codes and
        messages, whatever was wrong with it: the classic flow, end to end through botocore."""
        identity, iam = self.client("cognito-identity"), self.client("iam")
        provider, client_id, id_token = self.signed_in_user("web-identity", "web-user")
        pool_id = identity.create_identity_pool(
            IdentityPoolName="classic", AllowUnauthenticatedIdentities=False, AllowClassicFlow=True,
            CognitoIdentityProviders=[{"ProviderName": provider, "ClientId": client_id}])["IdentityPoolId"]
        self.assertEqual(self.refusal(identity.get_id, IdentityPoolId=pool_id, Logins={provider: self.tampered(id_token)}),
                         ("NotAuthorizedException", "Invalid login token. Couldn't verify signed token.", 400))
        self.assertEqual(self.refusal(identity.get_id, IdentityPoolId=pool_id, Logins={provider: "not-a-token"})[:2],
                         ("NotAuthorizedException", "Invalid login token. Not a valid OpenId Connect identity token."))
        logins = {provider: id_token}
        identity_id = identity.get_id(IdentityPoolId=pool_id, Logins=logins)["IdentityId"]
        open_id_token = identity.get_open_id_token(IdentityId=identity_id, Logins=logins)["Token"]
        trust = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": pool_id}}}]}
        role = iam.create_role(RoleName="ClassicReader", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]

        sts = self.client("sts")  # botocore sends AssumeRoleWithWebIdentity unsigned, as its model says
        assumed = sts.assume_role_with_web_identity(RoleArn=role, RoleSessionName="web", WebIdentityToken=open_id_token)
        self.assertEqual(assumed["SubjectFromWebIdentityToken"], identity_id)
        for token, expected in [
            (self.tampered(open_id_token), "Couldn't verify signed token."),
            ("not-a-token", "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)"),
            (id_token, f"No OpenIDConnect provider found in your account for https://{provider}"),
        ]:
            self.assertEqual(self.refusal(sts.assume_role_with_web_identity, RoleArn=role, RoleSessionName="web", WebIdentityToken=token),
                             ("InvalidIdentityToken", expected, 400))

    def test_tenant_credentials_from_an_identity_pool_are_limited_to_the_tenants_partition(self):
        """Lab 3 end to end: a user's ID token becomes tenant-scoped credentials through an
        identity pool, and DynamoDB then allows the user's partition and refuses another."""
        identity, iam, dynamodb = (self.client(name) for name in ("cognito-identity", "iam", "dynamodb"))
        provider, client_id, id_token = self.signed_in_user("tenant-flow", "flow-user")
        identity_pool = identity.create_identity_pool(
            IdentityPoolName="tenants", AllowUnauthenticatedIdentities=False,
            CognitoIdentityProviders=[{"ProviderName": provider, "ClientId": client_id}])["IdentityPoolId"]
        trust = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
            "Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
            "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": identity_pool},
                          "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}}]}
        role = iam.create_role(RoleName="FlowTenantUser", AssumeRolePolicyDocument=json.dumps(trust))["Role"]
        iam.put_role_policy(RoleName="FlowTenantUser", PolicyName="tenant", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"],
                "Resource": f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/FlowProduct",
                "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["${aws:PrincipalTag/tenant_id}"]}}}]}))
        identity.set_identity_pool_roles(IdentityPoolId=identity_pool, Roles={"authenticated": role["Arn"]})
        identity.set_principal_tag_attribute_map(IdentityPoolId=identity_pool, IdentityProviderName=provider,
                                                 UseDefaults=False, PrincipalTags={"tenant_id": "custom:tenant_id"})

        dynamodb.create_table(TableName="FlowProduct", BillingMode="PAY_PER_REQUEST",
                              KeySchema=[{"AttributeName": "tenant_id", "KeyType": "HASH"}, {"AttributeName": "id", "KeyType": "RANGE"}],
                              AttributeDefinitions=[{"AttributeName": "tenant_id", "AttributeType": "S"},
                                                    {"AttributeName": "id", "AttributeType": "S"}])
        dynamodb.put_item(TableName="FlowProduct", Item={"tenant_id": {"S": "TENANTb"}, "id": {"S": "secret"}})

        logins = {provider: id_token}
        identity_id = identity.get_id(IdentityPoolId=identity_pool, Logins=logins)["IdentityId"]
        self.assertEqual(identity.get_id(IdentityPoolId=identity_pool, Logins=logins)["IdentityId"], identity_id)
        credentials = identity.get_credentials_for_identity(IdentityId=identity_id, Logins=logins)["Credentials"]
        tenant = self.client("dynamodb", key=(credentials["AccessKeyId"], credentials["SecretKey"]), token=credentials["SessionToken"])

        tenant.put_item(TableName="FlowProduct", Item={"tenant_id": {"S": "TENANTa"}, "id": {"S": "p1"}, "name": {"S": "Widget"}})
        own = tenant.query(TableName="FlowProduct", KeyConditionExpression="tenant_id = :t",
                           ExpressionAttributeValues={":t": {"S": "TENANTa"}})
        self.assertEqual([item["id"]["S"] for item in own["Items"]], ["p1"])
        with self.assertRaises(ClientError) as refused:
            tenant.query(TableName="FlowProduct", KeyConditionExpression="tenant_id = :t",
                         ExpressionAttributeValues={":t": {"S": "TENANTb"}})
        self.assertEqual(refused.exception.response["Error"]["Code"], "AccessDeniedException")
        self.assertIn("dynamodb:LeadingKeys", refused.exception.response["Error"]["Message"])

    def aws_cli(self, *arguments, key=OPERATOR):
        """Runs the AWS CLI against the server with `key`; its JSON output."""
        environment = dict(os.environ, AWS_ACCESS_KEY_ID=key[0], AWS_SECRET_ACCESS_KEY=key[1],
                           AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="")
        environment.pop("AWS_SESSION_TOKEN", None)
        output = subprocess.run(["aws", "--endpoint-url", self.endpoint, *arguments],
                                env=environment, capture_output=True, text=True, check=True).stdout
        return json.loads(output)

    def test_iam_listings_page_through_the_boto3_paginators(self):
        iam = self.client("iam")
        for name in ("Gamma", "Alpha", "Beta"):
            iam.create_policy(PolicyName=f"List{name}", Path="/listing/", PolicyDocument=json.dumps(TENANT_POLICY))
            iam.create_user(UserName=f"list-{name.lower()}", Path="/listing/")
        pages = list(iam.get_paginator("list_policies").paginate(
            Scope="Local", PathPrefix="/listing/", PaginationConfig={"PageSize": 2}))
        self.assertEqual([[p["PolicyName"] for p in page["Policies"]] for page in pages],
                         [["ListAlpha", "ListBeta"], ["ListGamma"]])
        self.assertEqual([page["IsTruncated"] for page in pages], [True, False])
        aws_managed = iam.list_policies(Scope="AWS")["Policies"]
        self.assertEqual([p["PolicyName"] for p in aws_managed], ["AdministratorAccess"])
        self.assertEqual([p["PolicyName"] for p in iam.list_policies(OnlyAttached=True, Scope="AWS")["Policies"]],
                         ["AdministratorAccess"])
        self.assertEqual(self.error_code(iam.list_policies, Scope="Everything"), "ValidationError")
        users = [u["UserName"] for page in iam.get_paginator("list_users").paginate(
            PathPrefix="/listing/", PaginationConfig={"PageSize": 1}) for u in page["Users"]]
        self.assertEqual(users, ["list-alpha", "list-beta", "list-gamma"])

        arn = f"arn:aws:iam::{ACCOUNT}:policy/listing/ListAlpha"
        version = iam.get_policy_version(PolicyArn=arn, VersionId="v1")["PolicyVersion"]
        self.assertEqual(version["Document"], TENANT_POLICY)
        self.assertTrue(version["IsDefaultVersion"])
        self.assertEqual([v["VersionId"] for v in iam.list_policy_versions(PolicyArn=arn)["Versions"]], ["v1"])
        self.assertEqual(self.error_code(iam.get_policy_version, PolicyArn=arn, VersionId="v2"), "NoSuchEntity")

        keys = [iam.create_access_key(UserName="list-alpha")["AccessKey"]["AccessKeyId"] for _ in range(2)]
        listed = [k["AccessKeyId"] for page in iam.get_paginator("list_access_keys").paginate(
            UserName="list-alpha", PaginationConfig={"PageSize": 1}) for k in page["AccessKeyMetadata"]]
        self.assertEqual(listed, sorted(keys))

        iam.create_role(RoleName="ListingRole", AssumeRolePolicyDocument=json.dumps(TRUST))
        for name in ("b", "a", "c"):
            iam.put_role_policy(RoleName="ListingRole", PolicyName=name, PolicyDocument=json.dumps(TENANT_POLICY))
        names = [n for page in iam.get_paginator("list_role_policies").paginate(
            RoleName="ListingRole", PaginationConfig={"PageSize": 2}) for n in page["PolicyNames"]]
        self.assertEqual(names, ["a", "b", "c"])
        iam.attach_role_policy(RoleName="ListingRole", PolicyArn=arn)
        iam.detach_role_policy(RoleName="ListingRole", PolicyArn=arn)
        with self.assertRaises(ClientError) as detached:
            iam.detach_role_policy(RoleName="ListingRole", PolicyArn=arn)
        self.assertEqual(detached.exception.response["Error"]["Code"], "NoSuchEntity")
        self.assertEqual(detached.exception.response["Error"]["Message"], f"Policy {arn} was not found.")
        iam.delete_role_policy(RoleName="ListingRole", PolicyName="a")
        with self.assertRaises(ClientError) as deleted:
            iam.delete_role_policy(RoleName="ListingRole", PolicyName="a")
        self.assertEqual(deleted.exception.response["Error"]["Message"], "The role policy with name a cannot be found.")

        # The AWS CLI follows markers itself: its output is every page joined.
        everything = self.aws_cli("iam", "list-policies", "--scope", "Local", "--path-prefix", "/listing/", "--page-size", "1")
        self.assertEqual([p["PolicyName"] for p in everything["Policies"]], ["ListAlpha", "ListBeta", "ListGamma"])
        self.assertEqual(self.aws_cli("iam", "get-policy-version", "--policy-arn", arn, "--version-id", "v1")
                         ["PolicyVersion"]["Document"], TENANT_POLICY)

    def test_get_session_token_acts_as_the_user(self):
        iam = self.client("iam")
        iam.create_user(UserName="session-user")
        iam.put_user_policy(UserName="session-user", PolicyName="who", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:GetCallerIdentity", "Resource": "*"}]}))
        created = iam.create_access_key(UserName="session-user")["AccessKey"]
        user_key = (created["AccessKeyId"], created["SecretAccessKey"])
        credentials = self.client("sts", key=user_key).get_session_token(DurationSeconds=900)["Credentials"]
        self.assertTrue(credentials["AccessKeyId"].startswith("ASIA"))
        session = (credentials["AccessKeyId"], credentials["SecretAccessKey"])
        session_sts = self.client("sts", key=session, token=credentials["SessionToken"])
        self.assertEqual(session_sts.get_caller_identity()["Arn"], f"arn:aws:iam::{ACCOUNT}:user/session-user")
        self.assertEqual(self.error_code(session_sts.get_session_token), "AccessDenied")
        self.assertEqual(self.error_code(self.client("iam", key=session, token=credentials["SessionToken"]).list_users),
                         "InvalidClientTokenId")
        self.assertEqual(self.error_code(self.client("sts", key=user_key).get_session_token, DurationSeconds=200_000),
                         "ValidationError")
        from_cli = self.aws_cli("sts", "get-session-token", "--duration-seconds", "900", key=user_key)
        self.assertTrue(from_cli["Credentials"]["AccessKeyId"].startswith("ASIA"))

    def test_identity_pool_identities_are_listed_and_described(self):
        identity = self.client("cognito-identity")
        pool = identity.create_identity_pool(IdentityPoolName="listing", AllowUnauthenticatedIdentities=True)["IdentityPoolId"]
        ids = [identity.get_id(IdentityPoolId=pool)["IdentityId"] for _ in range(3)]
        listed, token = [], None
        while True:
            page = identity.list_identities(IdentityPoolId=pool, MaxResults=2, **({"NextToken": token} if token else {}))
            listed += [i["IdentityId"] for i in page["Identities"]]
            token = page.get("NextToken")
            if not token:
                break
        self.assertEqual(listed, ids)
        described = identity.describe_identity(IdentityId=ids[0])
        self.assertEqual(described["IdentityId"], ids[0])
        self.assertEqual(described["Logins"], [])
        self.assertLessEqual(described["CreationDate"], described["LastModifiedDate"])
        self.assertEqual(self.error_code(identity.describe_identity, IdentityId="us-east-1:00000000-0000-4000-8000-000000000000"),
                         "ResourceNotFoundException")
        self.assertEqual(self.error_code(identity.list_identities, IdentityPoolId=pool, MaxResults=61), "ValidationException")
        from_cli = self.aws_cli("cognito-identity", "list-identities", "--identity-pool-id", pool, "--max-results", "60")
        self.assertEqual([i["IdentityId"] for i in from_cli["Identities"]], ids)


if __name__ == "__main__":
    unittest.main(verbosity=2)
