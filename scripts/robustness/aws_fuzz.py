#!/usr/bin/env python3
"""Signed AWS requests, malformed and fuzzed, against every operation of the platform.

The catalog is the generated operations table of docs/platform.md (IAM, STS, Cognito user pools,
Cognito identity pools, DynamoDB; `saaslab operations --write docs/platform.md` writes it), checked against the service sources under Sources/ when they are
there: an operation one lists and the other lacks is a failure, and so is one the server calls
unknown. The script creates a table, a role, a policy, a user pool with a client, a user and a
group, and an identity pool as the operator, so that each operation has a valid input to start
from. Then, signed with the operator's key (SigV4 with hmac/hashlib, checked first against AWS's
test vectors and against the platform, which must refuse a wrong secret):

1. the structural set, the same every run: for each operation, bodies that are not the
   operation's input (empty, null, a list, a string, truncated, invalid UTF-8, 100,000 levels
   of nesting, 1 MB, trailing garbage), each member missing, each member of each type it is not
   (nested members too), huge, odd unicode and out-of-range numbers, and the wrong protocol's
   content types (a JSON operation as a form, a Query operation as JSON, JSON 1.1 for 1.0, ...);
2. --count random mutations of the valid inputs (--seed): members retyped, removed, renamed,
   added, deepened; strings and numbers swapped for hostile ones; expression syntax shuffled;
   DynamoDB attribute values mistyped; and sometimes the bytes, the content type, the target,
   the signature's scope or time.

Properties: no 5xx (there is no documented throttle, so a 503 fails too); every error reply is
AWS-shaped (`__type` in JSON, `<Code>` in XML); the server answers every request within the
timeout and `GET /health` every 500 requests. When the server's pid is known, a probe before the
fuzz measures the peak RSS one signed 4 MB PutItem takes (a finding above 10 times the body). Failing requests are written as JSON lines to
--failures (default aws_fuzz_failures.jsonl), which --replay sends again, re-signed.

    python3 scripts/robustness/aws_fuzz.py --saaslab .build/release/saaslab --count 20000 --seed 1
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
from mutations import (Raw, deep, delete_at, get_at, hostile_string, mutate_json, mutate_string,  # noqa: E402
                       paths, set_at, to_json)

SERVICE_OF_TABLE = {"IAM": "iam", "STS": "sts"}
QUERY_SERVICES = ("iam", "sts")


# -- the catalog ------------------------------------------------------------------------------


def catalog_from_docs(path):
    """{service: [operations]} from the generated table of docs/platform.md (between the
    `BEGIN operations` and `END operations` markers: service, wire, operations)."""
    text = path.read_text()
    start, end = text.find("<!-- BEGIN operations"), text.find("<!-- END operations")
    if start < 0 or end < start:
        raise SystemExit(f"{path}: no generated operations table (run `saaslab operations --write {path}`)")
    catalog = {}
    for line in text[start:end].splitlines():
        if not line.startswith("|") or "---" in line:
            continue
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) != 3 or cells[0] == "service":
            continue
        service = cells[0].strip("`")
        names = re.sub(r"\([^)]*\)", "", cells[2])
        for name in names.split(","):
            name = name.strip()
            if re.fullmatch(r"[A-Z][A-Za-z]+", name):
                catalog.setdefault(service, [])
                if name not in catalog[service]:
                    catalog[service].append(name)
    return catalog


def catalog_from_sources(root):
    """{service: set(operations)} from the handler tables and operation sets of the services, or
    None when the sources are not there."""
    services = root / "Sources" / "Cloud" / "Services"
    engine = root / "Sources" / "DynamoDB" / "Operations" / "DynamoDBEngine.swift"
    if not services.is_dir() or not engine.exists():
        return None

    def handler_keys(prefix):
        names = set()
        for path in services.glob(prefix + "*.swift"):
            names |= set(re.findall(r'^\s*"([A-Z][A-Za-z]+)": \{', path.read_text(), re.M))
        return names

    def operation_set(path):
        # `operations: Set<String> ... [ "A", "B" ]`, plus `allowsAnonymous` when the set is its union.
        text = path.read_text()
        start = text.index("operations: Set<String>")
        block = text[start:text.index("]", start)]
        names = set(re.findall(r'"([A-Z][A-Za-z]+)"', block))
        if "allowsAnonymous.union" in block:
            anonymous = text.index("allowsAnonymous: Set<String>")
            names |= set(re.findall(r'"([A-Z][A-Za-z]+)"', text[anonymous:text.index("]", anonymous)]))
        return names

    return {
        "iam": handler_keys("IAMQueryService"),
        "sts": operation_set(services / "STSQueryService.swift"),
        "cognito-idp": handler_keys("CognitoIdentityProviderService"),
        "cognito-identity": operation_set(services / "CognitoIdentityService.swift"),
        "dynamodb": operation_set(engine),
    }


# -- valid inputs -----------------------------------------------------------------------------

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::ACCOUNT:root"}, "Action": ["sts:AssumeRole", "sts:TagSession"]},
    {"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
     "Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"]}]})
POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Sid": "Items", "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query"],
     "Resource": "arn:aws:dynamodb:us-east-1:ACCOUNT:table/FuzzTable",
     "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["${aws:PrincipalTag/tenant_id}"]}}}]})


def key(tenant, item):
    return {"tenant": {"S": tenant}, "id": {"S": item}}


def valid_inputs(s):
    """Each operation's valid input, given the resources `s` made at setup."""
    pool, client, idpool = s["pool"], s["client"], s["idpool"]
    provider = f"cognito-idp.{s['region']}.amazonaws.com/{pool}"
    item = {**key("t1", "p1"), "name": {"S": "Widget"}, "price": {"N": "9.99"}, "tags": {"SS": ["a", "b"]},
            "dims": {"M": {"w": {"N": "1"}, "h": {"L": [{"N": "2"}, {"BOOL": True}, {"NULL": True}]}}},
            "blob": {"B": base64.b64encode(b"\x00\x01binary").decode()}}
    return {
        "iam": {
            "CreateRole": {"RoleName": "FuzzNewRole", "AssumeRolePolicyDocument": s["trust"], "Path": "/fuzz/",
                           "Description": "made by aws_fuzz", "MaxSessionDuration": "3600"},
            "GetRole": {"RoleName": "FuzzRole"},
            "DeleteRole": {"RoleName": "FuzzVictimRole"},
            "ListRoles": {"PathPrefix": "/", "MaxItems": "10"},
            "UpdateAssumeRolePolicy": {"RoleName": "FuzzRole", "PolicyDocument": s["trust"]},
            "PutRolePolicy": {"RoleName": "FuzzRole", "PolicyName": "inline", "PolicyDocument": s["policy"]},
            "GetRolePolicy": {"RoleName": "FuzzRole", "PolicyName": "inline"},
            "DeleteRolePolicy": {"RoleName": "FuzzRole", "PolicyName": "victim"},
            "ListRolePolicies": {"RoleName": "FuzzRole"},
            "AttachRolePolicy": {"RoleName": "FuzzRole", "PolicyArn": s["policy_arn"]},
            "DetachRolePolicy": {"RoleName": "FuzzRole", "PolicyArn": s["policy_arn"]},
            "ListAttachedRolePolicies": {"RoleName": "FuzzRole"},
            "CreatePolicy": {"PolicyName": "FuzzNewPolicy", "PolicyDocument": s["policy"], "Path": "/", "Description": "d"},
            "GetPolicy": {"PolicyArn": s["policy_arn"]},
            "CreateUser": {"UserName": "FuzzNewUser", "Path": "/"},
            "GetUser": {"UserName": "FuzzUser"},
            "CreateAccessKey": {"UserName": "FuzzUser"},
            "PutUserPolicy": {"UserName": "FuzzUser", "PolicyName": "inline", "PolicyDocument": s["policy"]},
            "AttachUserPolicy": {"UserName": "FuzzUser", "PolicyArn": s["policy_arn"]},
            "SimulateCustomPolicy": {
                "PolicyInputList.member.1": s["policy"], "ActionNames.member.1": "dynamodb:Query",
                "ActionNames.member.2": "dynamodb:GetItem",
                "ResourceArns.member.1": f"arn:aws:dynamodb:{s['region']}:{s['account']}:table/FuzzTable",
                "ContextEntries.member.1.ContextKeyName": "aws:PrincipalTag/tenant_id",
                "ContextEntries.member.1.ContextKeyValues.member.1": "t1",
                "ContextEntries.member.1.ContextKeyType": "string",
                "ContextEntries.member.2.ContextKeyName": "dynamodb:LeadingKeys",
                "ContextEntries.member.2.ContextKeyValues.member.1": "t2",
                "ContextEntries.member.2.ContextKeyType": "stringList"},
            "GetPolicyVersion": {"PolicyArn": s["policy_arn"], "VersionId": "v1"},
            "ListPolicyVersions": {"PolicyArn": s["policy_arn"], "MaxItems": "10"},
            "ListPolicies": {"Scope": "Local", "OnlyAttached": "false", "PathPrefix": "/", "MaxItems": "10"},
            "ListUsers": {"PathPrefix": "/", "MaxItems": "10"},
            "ListAccessKeys": {"UserName": "FuzzUser", "MaxItems": "10"},
            "SimulatePrincipalPolicy": {
                "PolicySourceArn": s["role_arn"], "ActionNames.member.1": "dynamodb:Query",
                "ResourceArns.member.1": f"arn:aws:dynamodb:{s['region']}:{s['account']}:table/FuzzTable"},
        },
        "sts": {
            "GetCallerIdentity": {},
            "GetSessionToken": {"DurationSeconds": "900"},
            "AssumeRole": {"RoleArn": s["role_arn"], "RoleSessionName": "fuzz", "DurationSeconds": "900",
                           "Tags.member.1.Key": "tenant_id", "Tags.member.1.Value": "t1"},
            "AssumeRoleWithWebIdentity": {"RoleArn": s["role_arn"], "RoleSessionName": "fuzz",
                                          "WebIdentityToken": s["open_id_token"]},
        },
        "cognito-idp": {
            "CreateUserPool": {"PoolName": "FuzzNewPool", "Policies": {"PasswordPolicy": {
                "MinimumLength": 8, "RequireUppercase": True, "RequireLowercase": True, "RequireNumbers": True,
                "RequireSymbols": False}}, "Schema": [{"Name": "tenant_id", "AttributeDataType": "String", "Mutable": False}],
                "AutoVerifiedAttributes": ["email"], "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": True},
                "UsernameConfiguration": {"CaseSensitive": False}, "UserPoolTags": {"k": "v"}},
            "DescribeUserPool": {"UserPoolId": pool},
            "ListUserPools": {"MaxResults": 10},
            "DeleteUserPool": {"UserPoolId": s["victim_pool"]},
            "CreateUserPoolClient": {"UserPoolId": pool, "ClientName": "FuzzNewClient", "GenerateSecret": False,
                                     "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                                     "ReadAttributes": ["email"], "WriteAttributes": ["email"],
                                     "AccessTokenValidity": 60, "IdTokenValidity": 60, "RefreshTokenValidity": 30,
                                     "TokenValidityUnits": {"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"},
                                     "PreventUserExistenceErrors": "ENABLED"},
            "DescribeUserPoolClient": {"UserPoolId": pool, "ClientId": client},
            "ListUserPoolClients": {"UserPoolId": pool, "MaxResults": 10},
            "DeleteUserPoolClient": {"UserPoolId": pool, "ClientId": "victimclient0000000000000"},
            "AdminCreateUser": {"UserPoolId": pool, "Username": "fuzz-new-user", "TemporaryPassword": "Temp-Passw0rd!",
                                "UserAttributes": [{"Name": "email", "Value": "new@example.com"},
                                                   {"Name": "custom:tenant_id", "Value": "t1"}],
                                "MessageAction": "SUPPRESS", "DesiredDeliveryMediums": ["EMAIL"]},
            "AdminGetUser": {"UserPoolId": pool, "Username": "fuzz-user"},
            "ListUsers": {"UserPoolId": pool, "Limit": 10, "Filter": 'username ^= "fuzz"', "AttributesToGet": ["email"]},
            "AdminUpdateUserAttributes": {"UserPoolId": pool, "Username": "fuzz-user",
                                          "UserAttributes": [{"Name": "email", "Value": "u@example.com"}]},
            "AdminDisableUser": {"UserPoolId": pool, "Username": "fuzz-victim"},
            "AdminEnableUser": {"UserPoolId": pool, "Username": "fuzz-victim"},
            "AdminDeleteUser": {"UserPoolId": pool, "Username": "fuzz-gone"},
            "AdminSetUserPassword": {"UserPoolId": pool, "Username": "fuzz-victim", "Password": "Fuzz-Passw0rd!2",
                                     "Permanent": True},
            "AdminConfirmSignUp": {"UserPoolId": pool, "Username": "fuzz-signup"},
            "CreateGroup": {"UserPoolId": pool, "GroupName": "FuzzNewGroup", "Description": "d", "Precedence": 1,
                            "RoleArn": s["role_arn"]},
            "GetGroup": {"UserPoolId": pool, "GroupName": "FuzzGroup"},
            "ListGroups": {"UserPoolId": pool, "Limit": 10},
            "DeleteGroup": {"UserPoolId": pool, "GroupName": "FuzzVictimGroup"},
            "AdminAddUserToGroup": {"UserPoolId": pool, "Username": "fuzz-user", "GroupName": "FuzzGroup"},
            "AdminRemoveUserFromGroup": {"UserPoolId": pool, "Username": "fuzz-victim", "GroupName": "FuzzGroup"},
            "AdminListGroupsForUser": {"UserPoolId": pool, "Username": "fuzz-user", "Limit": 10},
            "InitiateAuth": {"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client,
                             "AuthParameters": {"USERNAME": "fuzz-user", "PASSWORD": s["password"]}},
            "RespondToAuthChallenge": {"ClientId": client, "ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": s["session"],
                                       "ChallengeResponses": {"USERNAME": "fuzz-challenged", "NEW_PASSWORD": "Fuzz-Passw0rd!3"}},
            "SignUp": {"ClientId": client, "Username": "fuzz-signup-2", "Password": "Fuzz-Passw0rd!4",
                       "UserAttributes": [{"Name": "email", "Value": "s@example.com"}]},
            "ConfirmSignUp": {"ClientId": client, "Username": "fuzz-signup", "ConfirmationCode": "123456"},
            "GetUser": {"AccessToken": s["access_token"]},
            # The user's own operations by access token. Those that would end fuzz-user's
            # sign-in or account (GlobalSignOut, DeleteUser, RevokeToken) get a token changed in
            # its last byte, so every mutant still reaches the token check without ending the
            # session the other operations' inputs use.
            "UpdateUserAttributes": {"AccessToken": s["access_token"],
                                     "UserAttributes": [{"Name": "email", "Value": "u2@example.com"}]},
            "GetUserAttributeVerificationCode": {"AccessToken": s["access_token"], "AttributeName": "email"},
            "VerifyUserAttribute": {"AccessToken": s["access_token"], "AttributeName": "email", "Code": "123456"},
            "ChangePassword": {"AccessToken": s["access_token"], "PreviousPassword": s["password"],
                               "ProposedPassword": s["password"]},
            "GlobalSignOut": {"AccessToken": s["access_token"][:-1] + ("A" if s["access_token"][-1] != "A" else "B")},
            "DeleteUser": {"AccessToken": s["access_token"][:-1] + ("A" if s["access_token"][-1] != "A" else "B")},
            "RevokeToken": {"Token": s["refresh_token"] + "x", "ClientId": client},
            "ForgotPassword": {"ClientId": client, "Username": "fuzz-user"},
            "ConfirmForgotPassword": {"ClientId": client, "Username": "fuzz-user", "ConfirmationCode": "123456",
                                      "Password": "Fuzz-Passw0rd!7"},
            "AdminInitiateAuth": {"UserPoolId": pool, "ClientId": client, "AuthFlow": "REFRESH_TOKEN_AUTH",
                                  "AuthParameters": {"REFRESH_TOKEN": s["refresh_token"]}},
            "AdminRespondToAuthChallenge": {"UserPoolId": pool, "ClientId": client, "ChallengeName": "NEW_PASSWORD_REQUIRED",
                                            "Session": s["session"],
                                            "ChallengeResponses": {"USERNAME": "fuzz-challenged", "NEW_PASSWORD": "Fuzz-Passw0rd!5"}},
        },
        "cognito-identity": {
            "CreateIdentityPool": {"IdentityPoolName": "FuzzNewIdentity", "AllowUnauthenticatedIdentities": False,
                                   "AllowClassicFlow": False,
                                   "CognitoIdentityProviders": [{"ProviderName": provider, "ClientId": client,
                                                                 "ServerSideTokenCheck": False}]},
            "DescribeIdentityPool": {"IdentityPoolId": idpool},
            "UpdateIdentityPool": {"IdentityPoolId": idpool, "IdentityPoolName": "FuzzIdentity",
                                   "AllowUnauthenticatedIdentities": False, "AllowClassicFlow": True,
                                   "CognitoIdentityProviders": [{"ProviderName": provider, "ClientId": client}]},
            "ListIdentityPools": {"MaxResults": 10},
            "DeleteIdentityPool": {"IdentityPoolId": f"{s['region']}:00000000-0000-4000-8000-000000000000"},
            "SetIdentityPoolRoles": {"IdentityPoolId": idpool, "Roles": {"authenticated": s["role_arn"]},
                                     "RoleMappings": {f"{provider}:{client}": {
                                         "Type": "Rules", "AmbiguousRoleResolution": "AuthenticatedRole",
                                         "RulesConfiguration": {"Rules": [{"Claim": "custom:tenant_id", "MatchType": "Equals",
                                                                           "Value": "t1", "RoleARN": s["role_arn"]}]}}}},
            "GetIdentityPoolRoles": {"IdentityPoolId": idpool},
            "SetPrincipalTagAttributeMap": {"IdentityPoolId": idpool, "IdentityProviderName": provider,
                                            "UseDefaults": False, "PrincipalTags": {"tenant_id": "custom:tenant_id"}},
            "GetPrincipalTagAttributeMap": {"IdentityPoolId": idpool, "IdentityProviderName": provider},
            "GetId": {"IdentityPoolId": idpool, "Logins": {provider: s["id_token"]}},
            "GetCredentialsForIdentity": {"IdentityId": s["identity_id"], "Logins": {provider: s["id_token"]}},
            "GetOpenIdToken": {"IdentityId": s["identity_id"], "Logins": {provider: s["id_token"]}},
            "ListIdentities": {"IdentityPoolId": idpool, "MaxResults": 10, "HideDisabled": False},
            "DescribeIdentity": {"IdentityId": s["identity_id"]},
        },
        "dynamodb": {
            "CreateTable": {"TableName": "FuzzNewTable", "BillingMode": "PAY_PER_REQUEST",
                            "KeySchema": [{"AttributeName": "tenant", "KeyType": "HASH"}, {"AttributeName": "id", "KeyType": "RANGE"}],
                            "AttributeDefinitions": [{"AttributeName": "tenant", "AttributeType": "S"},
                                                     {"AttributeName": "id", "AttributeType": "S"},
                                                     {"AttributeName": "name", "AttributeType": "S"}],
                            "GlobalSecondaryIndexes": [{"IndexName": "ByName", "KeySchema": [{"AttributeName": "name", "KeyType": "HASH"}],
                                                        "Projection": {"ProjectionType": "ALL"}}],
                            "LocalSecondaryIndexes": [{"IndexName": "ByTenantName", "KeySchema": [
                                {"AttributeName": "tenant", "KeyType": "HASH"}, {"AttributeName": "name", "KeyType": "RANGE"}],
                                "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["price"]}}]},
            "DescribeTable": {"TableName": "FuzzTable"},
            "ListTables": {"Limit": 10, "ExclusiveStartTableName": "Aaa"},
            "DeleteTable": {"TableName": "FuzzVictimTable"},
            "UpdateTable": {"TableName": "FuzzTable", "AttributeDefinitions": [{"AttributeName": "price", "AttributeType": "N"}],
                            "GlobalSecondaryIndexUpdates": [{"Create": {"IndexName": "ByPrice",
                                                                        "KeySchema": [{"AttributeName": "price", "KeyType": "HASH"}],
                                                                        "Projection": {"ProjectionType": "KEYS_ONLY"}}}]},
            "PutItem": {"TableName": "FuzzTable", "Item": item, "ConditionExpression": "attribute_not_exists(#t) OR #p < :max",
                        "ExpressionAttributeNames": {"#t": "tenant", "#p": "price"},
                        "ExpressionAttributeValues": {":max": {"N": "100"}}, "ReturnValues": "ALL_OLD",
                        "ReturnConsumedCapacity": "TOTAL"},
            "GetItem": {"TableName": "FuzzTable", "Key": key("t1", "p1"), "ConsistentRead": True,
                        "ProjectionExpression": "#n, price, dims.h[1], tags", "ExpressionAttributeNames": {"#n": "name"}},
            "UpdateItem": {"TableName": "FuzzTable", "Key": key("t1", "p1"),
                           "UpdateExpression": "SET price = price + :d, #l = list_append(if_not_exists(#l, :e), :v) "
                                               "REMOVE gone ADD #c :one DELETE tags :rm",
                           "ConditionExpression": "size(#n) > :z AND begins_with(#n, :w)",
                           "ExpressionAttributeNames": {"#l": "log", "#n": "name", "#c": "counter"},
                           "ExpressionAttributeValues": {":d": {"N": "1"}, ":e": {"L": []}, ":v": {"L": [{"S": "x"}]},
                                                         ":one": {"N": "1"}, ":rm": {"SS": ["zz"]}, ":z": {"N": "0"},
                                                         ":w": {"S": "W"}},
                           "ReturnValues": "UPDATED_NEW"},
            "DeleteItem": {"TableName": "FuzzTable", "Key": key("t9", "gone"), "ReturnValues": "ALL_OLD"},
            "Query": {"TableName": "FuzzTable", "KeyConditionExpression": "#t = :t AND begins_with(id, :p)",
                      "FilterExpression": "price BETWEEN :lo AND :hi AND attribute_type(price, :ty) AND NOT contains(tags, :c)",
                      "ExpressionAttributeNames": {"#t": "tenant"},
                      "ExpressionAttributeValues": {":t": {"S": "t1"}, ":p": {"S": "p"}, ":lo": {"N": "0"}, ":hi": {"N": "1e3"},
                                                    ":ty": {"S": "N"}, ":c": {"S": "q"}},
                      "ScanIndexForward": False, "Limit": 5, "Select": "ALL_ATTRIBUTES",
                      "ExclusiveStartKey": key("t1", "p0")},
            "Scan": {"TableName": "FuzzTable", "FilterExpression": "price IN (:a, :b) OR attribute_exists(dims.w)",
                     "ExpressionAttributeValues": {":a": {"N": "9.99"}, ":b": {"N": "1"}}, "Segment": 0, "TotalSegments": 2,
                     "Limit": 10},
            "ExecuteStatement": {"Statement": 'SELECT id, price FROM "FuzzTable" WHERE tenant = ? AND id BETWEEN ? AND ?',
                                 "Parameters": [{"S": "t1"}, {"S": "p0"}, {"S": "p9"}], "Limit": 5, "ConsistentRead": True},
            "BatchExecuteStatement": {"Statements": [
                {"Statement": 'SELECT * FROM "FuzzTable" WHERE tenant = ? AND id = ?', "Parameters": [{"S": "t1"}, {"S": "p1"}]},
                {"Statement": 'SELECT * FROM "FuzzTable" WHERE tenant = \'t1\' AND id = \'p2\''}]},
            "ExecuteTransaction": {"TransactStatements": [
                {"Statement": 'UPDATE "FuzzTable" SET price = ? WHERE tenant = ? AND id = ?',
                 "Parameters": [{"N": "5"}, {"S": "t1"}, {"S": "p1"}]},
                {"Statement": 'INSERT INTO "FuzzTable" VALUE {\'tenant\': ?, \'id\': ?, \'tags\': <<\'a\'>>}',
                 "Parameters": [{"S": "t1"}, {"S": "px"}]}]},
            "UpdateTimeToLive": {"TableName": "FuzzTable",
                                 "TimeToLiveSpecification": {"Enabled": True, "AttributeName": "expires"}},
            "DescribeTimeToLive": {"TableName": "FuzzTable"},
            "TagResource": {"ResourceArn": f"arn:aws:dynamodb:{s['region']}:{s['account']}:table/FuzzTable",
                            "Tags": [{"Key": "team", "Value": "fuzz"}]},
            "UntagResource": {"ResourceArn": f"arn:aws:dynamodb:{s['region']}:{s['account']}:table/FuzzTable",
                              "TagKeys": ["gone"]},
            "ListTagsOfResource": {"ResourceArn": f"arn:aws:dynamodb:{s['region']}:{s['account']}:table/FuzzTable"},
            "BatchGetItem": {"RequestItems": {"FuzzTable": {"Keys": [key("t1", "p1"), key("t1", "p2")],
                                                            "ProjectionExpression": "id, price"}}},
            "BatchWriteItem": {"RequestItems": {"FuzzTable": [{"PutRequest": {"Item": {**key("t1", "p3"), "price": {"N": "3"}}}},
                                                              {"DeleteRequest": {"Key": key("t1", "p4")}}]}},
            "TransactWriteItems": {"TransactItems": [
                {"Put": {"TableName": "FuzzTable", "Item": {**key("t1", "p5"), "price": {"N": "5"}}}},
                {"Update": {"TableName": "FuzzTable", "Key": key("t1", "p2"), "UpdateExpression": "SET price = :p",
                            "ExpressionAttributeValues": {":p": {"N": "2"}}}},
                {"ConditionCheck": {"TableName": "FuzzTable", "Key": key("t1", "p1"), "ConditionExpression": "attribute_exists(id)"}},
                {"Delete": {"TableName": "FuzzTable", "Key": key("t1", "p6")}}],
                "ClientRequestToken": "fuzz-token-1"},
            "TransactGetItems": {"TransactItems": [{"Get": {"TableName": "FuzzTable", "Key": key("t1", "p1")}},
                                                   {"Get": {"TableName": "FuzzTable", "Key": key("t1", "p2"),
                                                            "ProjectionExpression": "price"}}]},
        },
    }


def setup(target, aws):
    """Creates what the valid inputs name; returns their names and tokens."""
    s = {"region": target.region, "password": "Fuzz-Passw0rd!1"}

    def need(reply, what):
        if reply.status != 200:
            raise SystemExit(f"error: setup: {what} failed: {reply.status} {common.short(reply.body, 500)}")
        return reply

    ident = need(aws.call("sts", "GetCallerIdentity", {}), "GetCallerIdentity").text()
    s["account"] = re.search(r"<Account>(\d+)</Account>", ident).group(1)
    s["trust"] = TRUST.replace("ACCOUNT", s["account"])
    s["policy"] = POLICY.replace("ACCOUNT", s["account"])
    attributes = [{"AttributeName": "tenant", "AttributeType": "S"}, {"AttributeName": "id", "AttributeType": "S"}]
    schema = [{"AttributeName": "tenant", "KeyType": "HASH"}, {"AttributeName": "id", "KeyType": "RANGE"}]
    for table in ("FuzzTable", "FuzzVictimTable"):
        need(aws.call("dynamodb", "CreateTable", {"TableName": table, "KeySchema": schema, "AttributeDefinitions": attributes,
                                                  "BillingMode": "PAY_PER_REQUEST"}), f"CreateTable {table}")
    for index in range(1, 5):
        need(aws.call("dynamodb", "PutItem", {"TableName": "FuzzTable", "Item": {
            **key("t1", f"p{index}"), "name": {"S": f"Widget {index}"}, "price": {"N": str(index)}, "tags": {"SS": ["a", "zz"]}}}),
            "PutItem")
    role = need(aws.call("iam", "CreateRole", {"RoleName": "FuzzRole", "AssumeRolePolicyDocument": s["trust"]}), "CreateRole")
    s["role_arn"] = re.search(r"<Arn>([^<]+)</Arn>", role.text()).group(1)
    need(aws.call("iam", "CreateRole", {"RoleName": "FuzzVictimRole", "AssumeRolePolicyDocument": s["trust"]}), "CreateRole victim")
    policy = need(aws.call("iam", "CreatePolicy", {"PolicyName": "FuzzPolicy", "PolicyDocument": s["policy"]}), "CreatePolicy")
    s["policy_arn"] = re.search(r"<Arn>([^<]+)</Arn>", policy.text()).group(1)
    need(aws.call("iam", "CreateUser", {"UserName": "FuzzUser"}), "CreateUser")
    pool = need(aws.call("cognito-idp", "CreateUserPool", {
        "PoolName": "FuzzPool", "Schema": [{"Name": "tenant_id", "AttributeDataType": "String", "Mutable": False}]}),
        "CreateUserPool").json()
    s["pool"] = pool["UserPool"]["Id"]
    victim = need(aws.call("cognito-idp", "CreateUserPool", {"PoolName": "FuzzVictimPool"}), "CreateUserPool victim").json()
    s["victim_pool"] = victim["UserPool"]["Id"]
    client = need(aws.call("cognito-idp", "CreateUserPoolClient", {
        "UserPoolId": s["pool"], "ClientName": "FuzzClient",
        "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
        "CreateUserPoolClient").json()
    s["client"] = client["UserPoolClient"]["ClientId"]
    for user in ("fuzz-user", "fuzz-victim", "fuzz-challenged"):
        need(aws.call("cognito-idp", "AdminCreateUser", {
            "UserPoolId": s["pool"], "Username": user, "TemporaryPassword": "Temp-Passw0rd!", "MessageAction": "SUPPRESS",
            "UserAttributes": [{"Name": "email", "Value": f"{user}@example.com"}, {"Name": "custom:tenant_id", "Value": "t1"}]}),
            f"AdminCreateUser {user}")
    for user in ("fuzz-user", "fuzz-victim"):
        need(aws.call("cognito-idp", "AdminSetUserPassword", {"UserPoolId": s["pool"], "Username": user,
                                                              "Password": s["password"], "Permanent": True}), "AdminSetUserPassword")
    need(aws.call("cognito-idp", "CreateGroup", {"UserPoolId": s["pool"], "GroupName": "FuzzGroup"}), "CreateGroup")
    need(aws.call("cognito-idp", "CreateGroup", {"UserPoolId": s["pool"], "GroupName": "FuzzVictimGroup"}), "CreateGroup victim")
    tokens = need(aws.call("cognito-idp", "AdminInitiateAuth", {
        "UserPoolId": s["pool"], "ClientId": s["client"], "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
        "AuthParameters": {"USERNAME": "fuzz-user", "PASSWORD": s["password"]}}), "AdminInitiateAuth").json()
    result = tokens["AuthenticationResult"]
    s["id_token"], s["access_token"], s["refresh_token"] = result["IdToken"], result["AccessToken"], result["RefreshToken"]
    challenge = need(aws.call("cognito-idp", "InitiateAuth", {
        "ClientId": s["client"], "AuthFlow": "USER_PASSWORD_AUTH",
        "AuthParameters": {"USERNAME": "fuzz-challenged", "PASSWORD": "Temp-Passw0rd!"}}), "InitiateAuth challenge").json()
    s["session"] = challenge.get("Session", "")
    provider = f"cognito-idp.{target.region}.amazonaws.com/{s['pool']}"
    idpool = need(aws.call("cognito-identity", "CreateIdentityPool", {
        "IdentityPoolName": "FuzzIdentity", "AllowUnauthenticatedIdentities": False, "AllowClassicFlow": True,
        "CognitoIdentityProviders": [{"ProviderName": provider, "ClientId": s["client"]}]}), "CreateIdentityPool").json()
    s["idpool"] = idpool["IdentityPoolId"]
    need(aws.call("cognito-identity", "SetIdentityPoolRoles", {"IdentityPoolId": s["idpool"],
                                                               "Roles": {"authenticated": s["role_arn"]}}), "SetIdentityPoolRoles")
    identity = need(aws.call("cognito-identity", "GetId", {"IdentityPoolId": s["idpool"], "Logins": {provider: s["id_token"]}}),
                    "GetId").json()
    s["identity_id"] = identity["IdentityId"]
    open_id = need(aws.call("cognito-identity", "GetOpenIdToken", {"IdentityId": s["identity_id"],
                                                                   "Logins": {provider: s["id_token"]}}), "GetOpenIdToken").json()
    s["open_id_token"] = open_id["Token"]
    return s


def mutate_form(rng, valid):
    """1 to 3 changes to a Query operation's parameters (a list of pairs)."""
    pairs = list(valid.items())
    for _ in range(rng.randrange(1, 4)):
        kind = rng.randrange(7)
        if pairs and kind == 0:
            pairs.pop(rng.randrange(len(pairs)))
        elif pairs and kind == 1:
            index = rng.randrange(len(pairs))
            pairs[index] = (pairs[index][0], mutate_string(rng, pairs[index][1]))
        elif pairs and kind == 2:
            pairs.append(rng.choice(pairs))
        elif pairs and kind == 3:
            index = rng.randrange(len(pairs))
            name = re.sub(r"member\.\d+", "member." + rng.choice(["0", "-1", "99999999999", "1.5", "a", "", "1" * 30]),
                          pairs[index][0])
            pairs[index] = (name if name != pairs[index][0] else name + ".member.1", pairs[index][1])
        elif pairs and kind == 4:
            index = rng.randrange(len(pairs))
            pairs[index] = (pairs[index][0].lower(), pairs[index][1])
        elif kind == 5:
            pairs.append((rng.choice(["Action", "Version", "X", "Tags.member.1.Key", "PolicyInputList.member.999",
                                      "ContextEntries.member.1.ContextKeyValues.member.1", "A.member.1" * 50]),
                          hostile_string(rng)))
        else:
            pairs.append(("Junk" + str(rng.randrange(1000)), hostile_string(rng)))
    return pairs


# -- requests ---------------------------------------------------------------------------------


class Request:
    """One request to send: the service to sign for, the body and the headers."""

    def __init__(self, label, service, body, headers, sign_service=None, sign=True, date=None, key=None):
        self.label = label
        self.service = service
        self.body = body if isinstance(body, bytes) else body.encode("utf-8", "surrogatepass")
        self.headers = headers
        self.sign_service = sign_service or service
        self.sign = sign
        self.date = date
        self.key = key

    def record(self):
        return {"label": self.label, "service": self.service, "sign_service": self.sign_service, "sign": self.sign,
                "headers": self.headers, "body_b64": base64.b64encode(self.body).decode()}

    @staticmethod
    def from_record(record):
        return Request(record["label"], record["service"], base64.b64decode(record["body_b64"]), record["headers"],
                       sign_service=record["sign_service"], sign=record["sign"])


def json_headers(service, operation, version=None):
    prefix, own = common.AWS.JSON_SERVICES[service]
    return {"Content-Type": f"application/x-amz-json-{version or own}", "X-Amz-Target": f"{prefix}.{operation}"}


def form_body(service, operation, pairs):
    # Encoded by hand so that lone surrogates (hostile strings) travel as their bytes.
    items = [("Action", operation), ("Version", common.AWS.QUERY_VERSIONS[service])] + list(pairs)
    return urllib.parse.urlencode([(str(k).encode("utf-8", "surrogatepass"), str(v).encode("utf-8", "surrogatepass"))
                                   for k, v in items])


FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}


def valid_request(service, operation, payload):
    if service in QUERY_SERVICES:
        return Request(f"{service}.{operation} valid", service, form_body(service, operation, payload.items()), FORM)
    return Request(f"{service}.{operation} valid", service, to_json(payload), json_headers(service, operation))


def structural(service, operation, valid):
    """The fixed set of malformed inputs for one operation."""
    name = f"{service}.{operation}"
    out = []
    if service in QUERY_SERVICES:
        def form(label, pairs, headers=FORM):
            out.append(Request(f"{name} {label}", service, form_body(service, operation, pairs), headers))
        form("no parameters", [])
        for member in valid:
            form(f"without {member}", [(k, v) for k, v in valid.items() if k != member])
            for label, value in [("empty", ""), ("1 MB", "a" * 1_000_000), ("unicode", "\U0001F600\u202e\u0000é"),
                                 ("lone surrogate", "\ud800"), ("number out of range", "1" + "0" * 40),
                                 ("negative", "-1"), ("JSON", '{"a": [1, {"b": null}]}')]:
                form(f"{member} {label}", [(k, value if k == member else v) for k, v in valid.items()])
            form(f"{member} twice", list(valid.items()) + [(member, "again")])
            if ".member." in member:
                for index in ("0", "-1", "99999999999", "x", ""):
                    form(f"{member} index {index!r}", [(re.sub(r"member\.\d+", f"member.{index}", k) if k == member else k, v)
                                                       for k, v in valid.items()])
        body = form_body(service, operation, valid.items())
        for label, value in [("invalid UTF-8 escapes", body + "&X=%ff%fe%80"), ("raw invalid UTF-8", body.encode() + b"&X=\xff\xfe"),
                             ("bare percent", body + "&%&=%%"), ("10,000 parameters", body + "&P=1" * 10_000),
                             ("deep member path", body + "&" + "A.member.1." * 2000 + "B=1"),
                             ("truncated", body[: len(body) // 2])]:
            out.append(Request(f"{name} {label}", service, value, FORM))
        for label, headers in [("as JSON 1.0", {"Content-Type": "application/x-amz-json-1.0"}),
                               ("as JSON with a target", {"Content-Type": "application/x-amz-json-1.1",
                                                          "X-Amz-Target": f"AWSCognitoIdentityService.{operation}"}),
                               ("as text/plain", {"Content-Type": "text/plain"}), ("as application/json", {"Content-Type": "application/json"}),
                               ("as multipart", {"Content-Type": "multipart/form-data; boundary=x"}), ("without a content type", {})]:
            out.append(Request(f"{name} {label}", service, body, headers))
        out.append(Request(f"{name} JSON body", service, to_json({"Action": operation, **valid}), {"Content-Type": "application/x-amz-json-1.0"}))
        out.append(Request(f"{name} signed for another service", service, body, FORM,
                           sign_service="dynamodb" if service != "dynamodb" else "iam"))
        return out

    headers = json_headers(service, operation)

    def body(label, text, extra=None):
        out.append(Request(f"{name} {label}", service, text, {**headers, **(extra or {})}))

    for label, text in [("empty body", b""), ("null", "null"), ("a list", "[]"), ("a string", '"x"'), ("a number", "1"),
                        ("true", "true"), ("truncated", to_json(valid)[:-1]), ("trailing garbage", to_json(valid) + "}x"),
                        ("invalid UTF-8", b'{"' + b"\xff\xfe" + b'": 1}'), ("NUL bytes", b"{\x00}"),
                        ("100,000 nested lists", "[" * 100_000 + "]" * 100_000),
                        ("100,000 nested objects", '{"a":' * 100_000 + "1" + "}" * 100_000),
                        ("unclosed nesting", "[" * 200_000), ("1 MB string member", to_json({**valid, "X": "a" * 1_000_000})),
                        ("1 MB of spaces", " " * 1_000_000 + "{}"), ("duplicate members", to_json(valid)[:-1] + (
                            "," if valid else "") + to_json(valid)[1:]),
                        ("comments", "/* x */ {}"), ("single quotes", "{'a': 1}"), ("BOM", b"\xef\xbb\xbf" + to_json(valid).encode()),
                        ("lone surrogate escape", '{"x": "\\ud800"}'), ("bad escape", '{"x": "\\q"}'),
                        ("NaN", '{"x": NaN}'), ("huge exponent", '{"x": 1e999999999999}')]:
        body(label, text)
    for label, extra in [("as JSON 1.1" if headers["Content-Type"].endswith("1.0") else "as JSON 1.0",
                          {"Content-Type": "application/x-amz-json-1.1" if headers["Content-Type"].endswith("1.0")
                           else "application/x-amz-json-1.0"}),
                         ("as a form", {"Content-Type": "application/x-www-form-urlencoded"}),
                         ("as text/plain", {"Content-Type": "text/plain"}), ("as application/json", {"Content-Type": "application/json"}),
                         ("without a content type", {"Content-Type": ""})]:
        out.append(Request(f"{name} {label}", service, to_json(valid), {k: v for k, v in {**headers, **extra}.items() if v}))
    out.append(Request(f"{name} without X-Amz-Target", service, to_json(valid), {"Content-Type": headers["Content-Type"]}))
    for label, target in [("target of another service", f"DynamoDB_20120810.{operation}" if service != "dynamodb"
                           else f"AWSCognitoIdentityService.{operation}"), ("target lower case", headers["X-Amz-Target"].lower()),
                          ("target without operation", headers["X-Amz-Target"].split(".")[0] + "."),
                          ("target with spaces", " " + headers["X-Amz-Target"] + " "), ("target 10 KB", "A" * 10_000)]:
        out.append(Request(f"{name} {label}", service, to_json(valid), {**headers, "X-Amz-Target": target}))
    out.append(Request(f"{name} as Query protocol", service, form_body("iam", operation, []), FORM))
    out.append(Request(f"{name} signed for another service", service, to_json(valid), headers,
                       sign_service="iam" if service != "iam" else "dynamodb"))
    for path in paths(valid):
        label = "/".join(str(step) for step in path)
        if len(path) > 3:
            continue
        copy = json.loads(json.dumps(valid))
        delete_at(copy, path)
        body(f"without {label}", to_json(copy))
        current = get_at(valid, path)
        replacements = [("a number", Raw("7")), ("a string", "x"), ("true", True), ("null", None), ("a list", ["x"]),
                        ("an object", {"x": "y"})]
        for type_label, replacement in replacements:
            if type(replacement) is type(current) or (isinstance(replacement, Raw) and isinstance(current, (int, float))
                                                      and not isinstance(current, bool)):
                continue
            copy = json.loads(json.dumps(valid))
            set_at(copy, path, replacement)
            body(f"{label} as {type_label}", to_json(copy))
        if len(path) == 1:
            for value_label, value in [("1 MB", "a" * 1_000_000), ("unicode", "\U0001F600\u202e\u0000é\ufffe"), ("empty", ""),
                                       ("number out of range", Raw("1" + "0" * 40)), ("negative", Raw("-1")),
                                       ("huge exponent", Raw("1e400")), ("10,000 elements", ["x"] * 10_000),
                                       ("1,000 nested", deep(1000))]:
                copy = json.loads(json.dumps(valid))
                set_at(copy, path, value)
                body(f"{label} {value_label}", to_json(copy))
    return out


def random_request(rng, service, operation, valid):
    """A mutation of the valid input, kept under 4 MiB (the 16 MiB body limit is http_malformed's)."""
    while True:
        request = mutated_request(rng, service, operation, valid)
        if len(request.body) <= 4 << 20:
            return request


def mutated_request(rng, service, operation, valid):
    name = f"{service}.{operation}"
    if service in QUERY_SERVICES:
        pairs = mutate_form(rng, valid)
        request = Request(f"{name} mutated", service, form_body(service, operation, pairs), dict(FORM))
    else:
        request = Request(f"{name} mutated", service, to_json(mutate_json(rng, valid)), json_headers(service, operation))
    roll = rng.random()
    if roll < 0.05:
        data = bytearray(request.body)
        for _ in range(rng.randrange(1, 4)):
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
        request.body = bytes(data)
    elif roll < 0.08:
        request.body = request.body[: rng.randrange(len(request.body) + 1)]
    elif roll < 0.10:
        request.headers["Content-Type"] = rng.choice(["application/x-amz-json-1.0", "application/x-amz-json-1.1", "text/xml",
                                                      "application/x-www-form-urlencoded", "application/json; charset=utf-16"])
    elif roll < 0.12:
        prefix = rng.choice(["DynamoDB_20120810", "AWSCognitoIdentityProviderService", "AWSCognitoIdentityService", "Nope"])
        request.headers["X-Amz-Target"] = f"{prefix}.{rng.choice([operation, 'ListTables', 'GetId', 'X'])}"
    elif roll < 0.13:
        request.sign_service = rng.choice(["iam", "sts", "dynamodb", "cognito-idp", "cognito-identity", "s3"])
    elif roll < 0.14:
        request.sign = False
    elif roll < 0.15:
        request.date = rng.choice(["20000101T000000Z", "29991231T235959Z", "not-a-date"])
    elif roll < 0.16:
        request.key = ("AKIAUNKNOWNKEY000001", "secret")
    return request


# -- the run ----------------------------------------------------------------------------------


class Runner:
    def __init__(self, target, report, timeout, failures_path):
        self.target = target
        self.report = report
        self.aws = common.AWS(target, timeout=timeout)
        self.by_status = common.Tally()
        self.by_code = common.Tally()
        self.sent = 0
        self.failures_path = failures_path
        self.failure_records = []

    def send(self, request):
        headers = {"Host": self.target.netloc, **request.headers}
        if request.sign:
            headers = common.sigv4_sign("POST", "/", "", headers, request.body, request.sign_service, self.target.region,
                                        request.key or self.target.key, amz_date=request.date)
        self.sent += 1
        try:
            reply = self.aws.client.request("POST", "/", body=request.body, headers=headers)
        except (TimeoutError, ConnectionError) as error:
            self.by_status.add("no answer")
            self.failed(request, f"no answer: {error}")
            problem = common.health(self.target)
            if problem:
                raise SystemExit(f"error: the server stopped answering after {request.label}: {problem}")
            return None
        code = common.aws_error_code(reply) if reply.status >= 400 else None
        self.by_status.add(reply.status)
        if reply.status >= 400:
            self.by_code.add(code or f"(not AWS-shaped: {common.short(reply.body, 60)})")
        if reply.status >= 500:
            self.failed(request, f"answered {reply.status} {common.short(reply.body, 300)}")
        elif reply.status >= 400 and code is None:
            self.failed(request, f"error {reply.status} is not AWS-shaped: {common.short(reply.body, 300)}")
        if self.sent % 500 == 0:
            problem = common.health(self.target)
            if problem:
                self.report.fail(f"after {self.sent} requests: {problem}")
        return reply

    def failed(self, request, why):
        self.report.fail(f"{request.label}: {why}; body {common.short(request.body, 200)}; headers {request.headers}")
        self.failure_records.append({**request.record(), "why": why})

    def write_failures(self):
        if self.failure_records:
            with open(self.failures_path, "w") as out:
                for record in self.failure_records:
                    out.write(json.dumps(record) + "\n")
            common.say(f"failing requests written to {self.failures_path} (replay: --replay {self.failures_path})")


def main():
    parser = common.base_parser(__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1])
    common.add_target_options(parser)
    parser.add_argument("--count", type=int, default=20_000, help="random mutations of valid inputs (default 20,000)")
    parser.add_argument("--seed", type=int, default=None, help="seed of the mutations (default: random, printed)")
    parser.add_argument("--no-structural", action="store_true", help="skip the fixed set of malformed inputs")
    parser.add_argument("--only", metavar="SERVICE[.OPERATION]", help="fuzz only this service or operation")
    parser.add_argument("--timeout", type=float, default=30, help="seconds a request may take (default 30)")
    parser.add_argument("--failures", default="aws_fuzz_failures.jsonl", help="where failing requests are written")
    parser.add_argument("--no-probes", action="store_true", help="skip the probe of the RSS a big JSON body takes")
    parser.add_argument("--replay", metavar="FILE", help="send the requests of a failures file again, re-signed, and stop")
    args = parser.parse_args()

    def body(target, report):
        common.check_signer_against(target)
        common.say("SigV4: the signer matches AWS's test vectors; the platform accepts its signatures and refuses a wrong secret")
        runner = Runner(target, report, args.timeout, args.failures)
        if args.replay:
            with open(args.replay) as records:
                for line in records:
                    request = Request.from_record(json.loads(line))
                    reply = runner.send(request)
                    common.say(f"{request.label}: {reply.status if reply else 'no answer'} "
                               f"{common.short(reply.body, 300) if reply else ''}")
            return
        docs = catalog_from_docs(common.REPO / "docs" / "platform.md")
        sources = catalog_from_sources(common.REPO)
        total = sum(len(ops) for ops in docs.values())
        common.say(f"catalog: {total} operations in docs/platform.md: "
                   + ", ".join(f"{service} {len(ops)}" for service, ops in docs.items()))
        if sources is not None:
            for service in sorted(set(docs) | set(sources)):
                listed, implemented = set(docs.get(service, [])), sources.get(service, set())
                for missing in sorted(implemented - listed):
                    report.fail(f"catalog: {service} {missing} is implemented in Sources/ but not listed in docs/platform.md")
                for extra in sorted(listed - implemented):
                    report.fail(f"catalog: {service} {extra} is listed in docs/platform.md but not implemented in Sources/")
            common.say("catalog: docs/platform.md and the service sources agree" if not report.failures else "catalog: see failures")
        state = setup(target, runner.aws)
        if target.pid and not args.no_probes:
            # Before the fuzz: a heap that earlier requests left with free space hides part of a peak.
            common.amplification_probe(target, report, "signed DynamoDB PutItem", lambda listed: common.AWS(
                target, timeout=300).json_call("dynamodb", "PutItem", '{"TableName": "FuzzTable", "Item": {"tenant": {"S": "t1"}, '
                                               '"id": {"S": "big"}, "v": {"SS": ' + listed + "}}}"))
        inputs = valid_inputs(state)
        operations = [(service, operation) for service, ops in docs.items() for operation in ops
                      if not args.only or args.only in (service, f"{service}.{operation}")]
        for service, operation in operations:
            if operation not in inputs.get(service, {}):
                report.fail(f"no valid input written for {service}.{operation}: add one to valid_inputs()")
        operations = [(s, o) for s, o in operations if o in inputs.get(s, {})]

        started = time.monotonic()
        per_operation = {}
        unknown = []
        for service, operation in operations:
            reply = runner.send(valid_request(service, operation, inputs[service][operation]))
            code = common.aws_error_code(reply) if reply is not None and reply.status >= 400 else None
            per_operation[(service, operation)] = reply.status if reply else "no answer"
            if code in ("UnknownOperationException", "InvalidAction"):
                unknown.append(f"{service}.{operation}")
        for name in unknown:
            report.fail(f"catalog: the server calls {name} unknown")
        valid_ok = sum(1 for status in per_operation.values() if status == 200)
        others = ", ".join(f"{service}.{operation} {status}" for (service, operation), status in per_operation.items()
                           if status != 200)
        common.say(f"valid inputs: {valid_ok} of {len(operations)} operations answered 200; the others were refused "
                   f"for the state they meet (a victim already deleted, a code never sent): {others}")

        structural_count = 0
        if not args.no_structural:
            structural_requests = [request for service, operation in operations
                                   for request in structural(service, operation, inputs[service][operation])]
            common.say(f"[{common.stamp()}] structural set: {len(structural_requests)} malformed requests "
                       f"over {len(operations)} operations")
            structural_count = len(structural_requests)
            for request in structural_requests:
                runner.send(request)
            common.say(f"[{common.stamp()}] structural set done: {runner.sent} requests so far, "
                       f"{time.monotonic() - started:.0f}s")
        rng, seed = common.seeded(args.seed)
        common.say(f"[{common.stamp()}] {args.count} random mutations")
        for index in range(args.count):
            service, operation = operations[rng.randrange(len(operations))]
            runner.send(random_request(rng, service, operation, inputs[service][operation]))
            if (index + 1) % 20_000 == 0:
                common.say(f"  [{common.stamp()}] {index + 1} mutations, {runner.sent / (time.monotonic() - started):.0f} requests/s")
        elapsed = common.end_of_run(target, report, started, runner.aws)
        common.say()
        statuses = ", ".join(f"{key}: {count}" for key, count, _ in runner.by_status.rows(sort_by_count=False))
        common.summary(f"{runner.sent} signed requests ({structural_count} structural, {args.count} mutations, seed {seed}) "
                       f"over {len(operations)} operations in {elapsed:.0f}s; {statuses}; "
                       f"{len(runner.by_code.counts)} distinct error codes")
        common.say(f"{runner.sent} signed requests in {elapsed:.0f}s ({runner.sent / elapsed:.0f}/s) over "
                   f"{len(operations)} operations, seed {seed}")
        common.print_counts("status", runner.by_status, sort_by_count=False)
        common.print_counts("error code", runner.by_code, limit=40)
        runner.write_failures()

    common.exit_with(common.run_against_target(args, body))


if __name__ == "__main__":
    main()
