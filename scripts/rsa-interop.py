#!/usr/bin/env python3
"""RS256 interoperability between saaslab's RSA (Sources/Core) and Python's `cryptography`.

Builds scripts/rsa-interop/main.swift together with Sources/Core into a temporary program,
then checks, for keys made by each side:

- saaslab signs with a key Python generated: Python verifies, and the signature is byte for
  byte the one Python makes (RSASSA-PKCS1-v1_5 is deterministic);
- Python signs: saaslab verifies, and refuses the signature once a bit is flipped;
- saaslab generates a key from a seed: Python verifies its signature with (n, e), and computes
  the same RFC 7638 thumbprint.

    pip install cryptography
    python3 scripts/rsa-interop.py [--keys 3]

The test suite does not depend on this script; it needs swiftc and the cryptography package.
"""
import argparse
import base64
import hashlib
import json
import os
import pathlib
import subprocess
import sys
import tempfile

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

ROOT = pathlib.Path(__file__).resolve().parent.parent


def build(directory):
    program = os.path.join(directory, "rsa-interop")
    sources = sorted(str(path) for path in (ROOT / "Sources" / "Core").glob("*.swift"))
    subprocess.run(
        ["swiftc", "-O", "-module-name", "Core", *sources, str(ROOT / "scripts" / "rsa-interop" / "main.swift"), "-o", program],
        check=True,
    )
    return program


def run(program, *arguments):
    return subprocess.run([program, *arguments], check=True, capture_output=True, text=True).stdout.split()


def hexint(value):
    return format(value, "x")


def b64url(value):
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=3, help="keys per direction (default 3)")
    options = parser.parse_args()
    failures = 0
    checks = 0

    def check(condition, what):
        nonlocal failures, checks
        checks += 1
        if not condition:
            failures += 1
            print(f"FAIL: {what}")

    with tempfile.TemporaryDirectory() as directory:
        program = build(directory)
        for index in range(options.keys):
            message = os.urandom(40 + index * 97)
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            numbers = key.private_numbers()
            public = numbers.public_numbers
            components = [public.n, public.e, numbers.d, numbers.p, numbers.q, numbers.dmp1, numbers.dmq1, numbers.iqmp]

            ours = bytes.fromhex(run(program, "sign", *map(hexint, components), message.hex())[0])
            theirs = key.sign(message, padding.PKCS1v15(), hashes.SHA256())
            check(ours == theirs, f"key {index}: saaslab's signature differs from Python's")
            try:
                key.public_key().verify(ours, message, padding.PKCS1v15(), hashes.SHA256())
                check(True, "")
            except Exception as error:  # noqa: BLE001 - any failure is a finding
                check(False, f"key {index}: Python refuses saaslab's signature: {error!r}")

            verdict = run(program, "verify", hexint(public.n), hexint(public.e), message.hex(), theirs.hex())[0]
            check(verdict == "true", f"key {index}: saaslab refuses Python's signature")
            flipped = bytearray(theirs)
            flipped[index] ^= 0x01
            verdict = run(program, "verify", hexint(public.n), hexint(public.e), message.hex(), bytes(flipped).hex())[0]
            check(verdict == "false", f"key {index}: saaslab accepts a signature with a flipped bit")

        for seed in range(1, options.keys + 1):
            message = f"eyJhbGciOiJSUzI1NiJ9.seed-{seed}".encode()
            n, e, signature, thumbprint = run(program, "generate", str(seed), message.hex())
            n, e = int(n, 16), int(e, 16)
            check(n.bit_length() == 2048 and e == 65537, f"seed {seed}: key is not 2048-bit with e = 65537")
            public = rsa.RSAPublicNumbers(e, n).public_key()
            try:
                public.verify(bytes.fromhex(signature), message, padding.PKCS1v15(), hashes.SHA256())
                check(True, "")
            except Exception as error:  # noqa: BLE001
                check(False, f"seed {seed}: Python refuses the generated key's signature: {error!r}")
            canonical = json.dumps({"e": b64url(e), "kty": "RSA", "n": b64url(n)}, separators=(",", ":"), sort_keys=True)
            expected = base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode()
            check(thumbprint == expected, f"seed {seed}: thumbprint {thumbprint} != {expected}")

    print(f"{checks - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
