"""The product manager: the bootcamp's product service as it started, for one customer.

It keys products by `product_id` alone and takes the tenant id from the request (the body's
`tenant_id`, or `?tenant_id=`), trusting whatever the caller says, and it calls DynamoDB with
the service's own credentials (its role's, from the environment). The labs make it
multi-tenant and then isolated; the token manager (token_manager.py, provided) is there to
help. Each function answers `(status, body)`; server.py turns that into the HTTP answer.
"""
import decimal
import os
import uuid

import boto3

import token_manager  # noqa: F401: provided for the labs' work

TABLE_NAME = os.environ.get("PRODUCT_TABLE", "ProductBootcamp")
# Fields that must be numbers when present.
NUMERIC_FIELDS = ("numberInStock", "unitCost")


def list_products(request):
    # One customer: every product in the table is theirs.
    table = product_table()
    scan = {}
    items = []
    while True:
        page = table.scan(**scan)
        items.extend(page.get("Items", []))
        if not page.get("LastEvaluatedKey"):
            return 200, items
        scan["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def get_product(request, product_id):
    table = product_table()
    item = table.get_item(Key={"product_id": product_id}).get("Item")
    if item is None:
        return 404, {"error": "NotFound", "message": f"no product '{product_id}'"}
    return 200, item


def save_product(request, creating):
    tenant_id = request.body.get("tenant_id") or request.query.get("tenant_id")
    if not isinstance(tenant_id, str) or not tenant_id:
        return 400, {"error": "BadRequest", "message": "send tenant_id in the body or as ?tenant_id="}
    table = product_table()
    product = dict(request.body)
    product_id = product.get("product_id")
    if product_id is None and creating:
        product_id = str(uuid.uuid4())
    if not isinstance(product_id, str) or not product_id:
        return 400, {"error": "BadRequest", "message": 'send "product_id", the product to change, as a string'}
    for field in NUMERIC_FIELDS:
        value = product.get(field)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, decimal.Decimal))):
            return 400, {"error": "BadRequest", "message": f'"{field}" must be a number'}
    product["tenant_id"] = tenant_id
    product["product_id"] = product_id
    table.put_item(Item=product)
    return (201 if creating else 200), product


def delete_product(request, product_id):
    table = product_table()
    old = table.delete_item(Key={"product_id": product_id}, ReturnValues="ALL_OLD").get("Attributes")
    if old is None:
        return 404, {"error": "NotFound", "message": f"no product '{product_id}'"}
    return 200, old


_tables = {}


def product_table(credentials=None):
    """The product table, signed with `credentials` (keyword arguments for boto3:
    aws_access_key_id, aws_secret_access_key, aws_session_token), or by default with the
    service's own credentials from the environment (AWS_ACCESS_KEY_ID, ...)."""
    key = (credentials or {}).get("aws_access_key_id")
    if key not in _tables:
        if len(_tables) > 100:
            _tables.clear()
        session = boto3.session.Session(**(credentials or {}))
        dynamodb = session.resource("dynamodb", endpoint_url=os.environ.get("AWS_ENDPOINT_URL"),
                                    region_name=os.environ.get("AWS_REGION", "us-east-1"))
        _tables[key] = dynamodb.Table(TABLE_NAME)
    return _tables[key]
