"""boto3's cognito-idp user operations against `saaslab serve`: what an app does with a user's
own access token (get_user, update_user_attributes, change_password, global_sign_out), password
recovery with the code read from saaslab's outbox, and the sign-in lock.

Run by .ci/run after the Swift build: `python3 Tests/Clients/test_user_api.py [path/to/saaslab]`.
botocore sends these operations unsigned, as its model marks them; the server must take them so.
"""
import json
import signal
import subprocess
import sys
import unittest
import urllib.request

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.exceptions import ClientError

OPERATOR = ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
REGION = "us-east-1"
BINARY = sys.argv.pop(1) if len(sys.argv) > 1 else ".build/debug/saaslab"
PASSWORD = "Passw0rd!long"


class UserAPIWithBoto3(unittest.TestCase):
    server = None
    endpoint = None

    @classmethod
    def setUpClass(cls):
        cls.server = subprocess.Popen([BINARY, "serve", "--port", "0", "--seed", "7"], stdout=subprocess.PIPE, text=True)
        first = cls.server.stdout.readline().strip()
        assert first.startswith("listening on http://127.0.0.1:"), first
        cls.endpoint = first.removeprefix("listening on ")

    @classmethod
    def tearDownClass(cls):
        cls.server.send_signal(signal.SIGINT)
        cls.server.communicate(timeout=20)
        assert cls.server.returncode == 0, cls.server.returncode

    def setUp(self):
        self.idp = boto3.client("cognito-idp", endpoint_url=self.endpoint, region_name=REGION,
                                aws_access_key_id=OPERATOR[0], aws_secret_access_key=OPERATOR[1],
                                config=Config(retries={"max_attempts": 1}))
        pool = self.idp.create_user_pool(
            PoolName=f"user-api-{self._testMethodName}", AutoVerifiedAttributes=["email"],
            Schema=[{"Name": "email", "AttributeDataType": "String", "Required": True, "Mutable": True},
                    {"Name": "tenant_id", "AttributeDataType": "String", "Mutable": False}])["UserPool"]
        self.pool_id = pool["Id"]
        self.client_id = self.idp.create_user_pool_client(
            UserPoolId=self.pool_id, ClientName="web",
            ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]["ClientId"]
        self.idp.admin_create_user(
            UserPoolId=self.pool_id, Username="carol", MessageAction="SUPPRESS",
            UserAttributes=[{"Name": "email", "Value": "carol@example.com"}, {"Name": "email_verified", "Value": "true"},
                            {"Name": "custom:tenant_id", "Value": "TENANTc"}])
        self.idp.admin_set_user_password(UserPoolId=self.pool_id, Username="carol", Password=PASSWORD, Permanent=True)

    def sign_in(self, password=PASSWORD):
        return self.idp.initiate_auth(ClientId=self.client_id, AuthFlow="USER_PASSWORD_AUTH",
                                      AuthParameters={"USERNAME": "carol", "PASSWORD": password})["AuthenticationResult"]

    def refusal(self, call, *args, **kwargs):
        with self.assertRaises(ClientError) as raised:
            call(*args, **kwargs)
        error = raised.exception.response["Error"]
        return error["Code"], error["Message"]

    def outbox(self):
        """GET /_saaslab/outbox/<pool>, SigV4-signed for cognito-idp by the operator."""
        credentials = boto3.Session(aws_access_key_id=OPERATOR[0], aws_secret_access_key=OPERATOR[1]).get_credentials()
        signed = AWSRequest(method="GET", url=f"{self.endpoint}/_saaslab/outbox/{self.pool_id}")
        SigV4Auth(credentials, "cognito-idp", REGION).add_auth(signed)
        request = urllib.request.Request(signed.url, headers=dict(signed.headers.items()), method="GET")
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())["Messages"]

    def test_profile_attributes_password_and_global_sign_out(self):
        tokens = self.sign_in()
        profile = self.idp.get_user(AccessToken=tokens["AccessToken"])
        self.assertEqual(profile["Username"], "carol")
        self.assertIn({"Name": "custom:tenant_id", "Value": "TENANTc"}, profile["UserAttributes"])

        changed = self.idp.update_user_attributes(AccessToken=tokens["AccessToken"],
                                                  UserAttributes=[{"Name": "email", "Value": "carol@new.example"}])
        self.assertEqual(changed["CodeDeliveryDetailsList"],
                         [{"Destination": "c***@n***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}])
        attributes = {a["Name"]: a["Value"] for a in self.idp.get_user(AccessToken=tokens["AccessToken"])["UserAttributes"]}
        self.assertEqual((attributes["email"], attributes["email_verified"]), ("carol@new.example", "false"))
        code = [m for m in self.outbox() if m["Purpose"] == "verificationCode"][-1]["Code"]
        self.idp.verify_user_attribute(AccessToken=tokens["AccessToken"], AttributeName="email", Code=code)
        self.assertEqual(self.refusal(self.idp.update_user_attributes, AccessToken=tokens["AccessToken"],
                                      UserAttributes=[{"Name": "custom:tenant_id", "Value": "TENANTd"}]),
                         ("InvalidParameterException",
                          "user.custom:tenant_id: Attribute cannot be updated. (changing an immutable attribute)"))

        self.assertEqual(self.refusal(self.idp.change_password, AccessToken=tokens["AccessToken"],
                                      PreviousPassword="Wr0ng!password", ProposedPassword="N3w-Passw0rd!"),
                         ("NotAuthorizedException", "Incorrect username or password."))
        self.idp.change_password(AccessToken=tokens["AccessToken"], PreviousPassword=PASSWORD, ProposedPassword="N3w-Passw0rd!")
        self.sign_in("N3w-Passw0rd!")

        self.idp.global_sign_out(AccessToken=tokens["AccessToken"])
        self.assertEqual(self.refusal(self.idp.get_user, AccessToken=tokens["AccessToken"]),
                         ("NotAuthorizedException", "Access Token has been revoked"))
        self.assertEqual(self.refusal(self.idp.initiate_auth, ClientId=self.client_id, AuthFlow="REFRESH_TOKEN_AUTH",
                                      AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]}),
                         ("NotAuthorizedException", "Refresh Token has been revoked"))

        fresh = self.sign_in("N3w-Passw0rd!")
        self.idp.revoke_token(Token=fresh["RefreshToken"], ClientId=self.client_id)
        self.assertEqual(self.refusal(self.idp.get_user, AccessToken=fresh["AccessToken"])[0], "NotAuthorizedException")

    def test_forgot_password_with_the_code_from_the_outbox(self):
        sent = self.idp.forgot_password(ClientId=self.client_id, Username="carol")["CodeDeliveryDetails"]
        self.assertEqual(sent, {"Destination": "c***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"})
        code = [m for m in self.outbox() if m["Purpose"] == "passwordReset"][-1]["Code"]
        wrong = "111111" if code == "000000" else "000000"
        self.assertEqual(self.refusal(self.idp.confirm_forgot_password, ClientId=self.client_id, Username="carol",
                                      ConfirmationCode=wrong, Password="Re5et-Passw0rd!")[0], "CodeMismatchException")
        self.idp.confirm_forgot_password(ClientId=self.client_id, Username="carol", ConfirmationCode=code, Password="Re5et-Passw0rd!")
        self.sign_in("Re5et-Passw0rd!")
        # Someone who does not exist gets an answer that looks the same.
        stranger = self.idp.forgot_password(ClientId=self.client_id, Username="nobody")["CodeDeliveryDetails"]
        self.assertEqual(stranger["DeliveryMedium"], "EMAIL")

    def test_repeated_wrong_passwords_lock_the_user(self):
        for _ in range(5):
            self.assertEqual(self.refusal(self.sign_in, "Wr0ng!password"),
                             ("NotAuthorizedException", "Incorrect username or password."))
        # The lock starts at 1 s and doubles with each further failure, so on a slow machine a
        # few more wrong guesses may land after a lock has ended; one soon lands inside one.
        answers = [self.refusal(self.sign_in, "Wr0ng!password") for _ in range(8)]
        self.assertIn(("NotAuthorizedException", "Password attempts exceeded"), answers)
        self.assertTrue(all(answer[0] == "NotAuthorizedException" for answer in answers), answers)

    def test_a_misspelt_operation_is_unknown_signed_or_not(self):
        import urllib.error
        request = urllib.request.Request(self.endpoint + "/", data=b"{}", method="POST", headers={
            "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AWSCognitoIdentityProviderService.GetUsr"})
        with self.assertRaises(urllib.error.HTTPError) as raised:
            urllib.request.urlopen(request, timeout=30)
        self.assertEqual(json.loads(raised.exception.read())["__type"], "UnknownOperationException")


if __name__ == "__main__":
    unittest.main(verbosity=2)
