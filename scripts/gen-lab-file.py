#!/usr/bin/env python3
"""Writes a large or error-laden lab file, to measure how saaslab loads lab files.

    python3 scripts/gen-lab-file.py steps 50 /tmp/steps.md         # ~50 MB of steps like the course's
    python3 scripts/gen-lab-file.py dense 50 /tmp/dense.md         # ~50 MB of the smallest steps
    python3 scripts/gen-lab-file.py line 50 /tmp/line.md           # one step whose JSON body is one ~50 MB line
    python3 scripts/gen-lab-file.py attributes 8000 /tmp/attrs.md  # a fence repeating id=a 8000 times
    python3 scripts/gen-lab-file.py variables 8000 /tmp/vars.md    # a URL of 8000 undefined {{x}}
    python3 scripts/gen-lab-file.py needs 8000 /tmp/needs.md       # needs= naming 8000 unknown steps

then, on a release build:

    /usr/bin/time -v .build/release/saaslab list --labs /tmp/steps.md > /dev/null

(`list` loads and checks the labs and runs nothing; for the error files, send stderr to
`wc -c` to see how much is printed). Python 3 standard library only.
"""
import sys

FRONT_MATTER = "---\nid: generated\ntitle: Generated\n---\n"


def until(megabytes, first, part):
    """The front matter, `first`, then `part(n)` for n = 0, 1, ... until the size is reached."""
    target = int(megabytes * 1_000_000)
    parts = [FRONT_MATTER, first]
    size = len(FRONT_MATTER) + len(first)
    n = 0
    while size < target:
        text = part(n)
        parts.append(text)
        size += len(text)
        n += 1
    return "".join(parts)


SIGN_IN = """The tenant's admin signs in first; every later step uses the token.

```hurl {id=sign-in points=0}
POST {{api}}/auth
Content-Type: application/json
{"userName": "admin", "password": "{{system_admin_password}}"}
HTTP 200
[Captures]
token: jsonpath "$.token"
tenant_id: jsonpath "$.tenantId"
```

"""


def steps(megabytes):
    """Steps shaped like the course's: a paragraph, then a step of two requests with a JSON
    body, captures and asserts (about 1 KB each)."""
    return until(megabytes, SIGN_IN, lambda n: (
        f"## Part {n}: a product\n\n"
        "The product service keeps each tenant's products in its own partition of the table.\n"
        "This step creates a product as the tenant's admin and reads it back: the answer must\n"
        "carry the tenant's id, and the product must be there for the tenant and no one else.\n\n"
        f'```hurl {{id=s{n} title="Product {n} is created" points=2 needs={"s" + str(n - 1) if n else "sign-in"} '
        'hint="Check the product service and the tenant admin\'s role"}\n'
        "POST {{api}}/products\n"
        "Authorization: Bearer {{token}}\n"
        "Content-Type: application/json\n"
        "{\n"
        f'  "sku": "SKU-{n}",\n'
        f'  "name": "Product {n}",\n'
        '  "price": 12.5,\n'
        '  "tags": ["lab", "generated"]\n'
        "}\n"
        "HTTP 201\n"
        "[Captures]\n"
        f'product_{n}: jsonpath "$.productId"\n'
        "[Asserts]\n"
        f'jsonpath "$.sku" == "SKU-{n}"\n'
        'jsonpath "$.tenantId" == "{{tenant_id}}"\n\n'
        f"GET {{{{api}}}}/products/{{{{product_{n}}}}}\n"
        "Authorization: Bearer {{token}}\n"
        "HTTP 200\n"
        "[Asserts]\n"
        f'jsonpath "$.name" == "Product {n}"\n'
        "```\n\n"
    ))


def dense(megabytes):
    """The smallest steps that still capture, assert and need the one before (about 220 bytes
    each): the most steps a file of this size can hold."""
    return until(megabytes, "", lambda n: (
        f"Step {n} reads a product and checks it.\n\n"
        f'```hurl {{id=s{n} points=1{" needs=s" + str(n - 1) if n else ""} hint="Check the product"}}\n'
        f"GET {{{{api}}}}/products/{n}\n"
        "Accept: application/json\n"
        "HTTP 200\n"
        "[Captures]\n"
        f'p{n}: jsonpath "$.id"\n'
        "[Asserts]\n"
        f'jsonpath "$.id" == "{n}"\n'
        "```\n\n"
    ))


def line(megabytes):
    """One step whose JSON body is a single line of the given size."""
    filler = "x" * int(megabytes * 1_000_000)
    return FRONT_MATTER + (
        "```hurl {id=big}\n"
        "POST {{api}}/echo\n"
        "Content-Type: application/json\n"
        f'{{"data": "{filler}"}}\n'
        "HTTP 200\n"
        "```\n"
    )


def attributes(count):
    return FRONT_MATTER + "```hurl {" + " ".join(["id=a"] * count) + "}\nGET {{api}}/a\n```\n"


def variables(count):
    return FRONT_MATTER + "```hurl {id=a}\nGET {{api}}/" + "{{x}}" * count + "\n```\n"


def needs(count):
    names = ",".join(f"n{i}" for i in range(count))
    return FRONT_MATTER + "```hurl {id=a needs=" + names + "}\nGET {{api}}/a\n```\n"


KINDS = {"steps": steps, "dense": dense, "line": line, "attributes": attributes, "variables": variables, "needs": needs}

if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in KINDS:
        sys.exit(__doc__)
    kind, amount, path = sys.argv[1], sys.argv[2], sys.argv[3]
    text = KINDS[kind](float(amount) if kind in ("steps", "dense", "line") else int(amount))
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)
