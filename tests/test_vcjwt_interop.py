"""VC-JWT interop with an independent JOSE stack: Node.js ``node:crypto`` (OpenSSL).

Node signs compact JWS (EdDSA, ES256, RS256) with keys it generates itself; microcred verifies
them.  microcred signs; Node verifies.  No npm packages needed; skips without Node.js.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import datetime, timezone
from typing import Any

import pytest

import microcred as mc

pytestmark = pytest.mark.interop

NODE = shutil.which("node")
NOW = datetime(2025, 6, 1, tzinfo=timezone.utc)
KID = "https://example.edu/issuers/77#key-1"

SCRIPT = r"""
const crypto = require('node:crypto');
const input = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const b64u = (b) => Buffer.from(b).toString('base64url');
const out = {};
for (const alg of ['EdDSA', 'ES256', 'RS256']) {
  const {privateKey, publicKey} = alg === 'EdDSA'
    ? crypto.generateKeyPairSync('ed25519')
    : alg === 'ES256' ? crypto.generateKeyPairSync('ec', {namedCurve: 'P-256'})
    : crypto.generateKeyPairSync('rsa', {modulusLength: 2048});
  const header = {alg, kid: input.kid, typ: 'JWT'};
  const head = b64u(JSON.stringify(header)) + '.' + b64u(JSON.stringify(input.payload));
  const hash = alg === 'EdDSA' ? null : 'sha256';
  const opts = alg === 'ES256' ? {key: privateKey, dsaEncoding: 'ieee-p1363'} : privateKey;
  const sig = crypto.sign(hash, Buffer.from(head), opts);
  out[alg] = {token: head + '.' + b64u(sig), jwk: publicKey.export({format: 'jwk'})};
}
// verify tokens made by microcred
out.verified = {};
for (const [name, item] of Object.entries(input.toVerify)) {
  const [h, p, s] = item.token.split('.');
  const alg = JSON.parse(Buffer.from(h, 'base64url')).alg;
  const key = crypto.createPublicKey({key: item.jwk, format: 'jwk'});
  const hash = alg === 'EdDSA' ? null : 'sha256';
  const opts = alg === 'ES256' ? {key, dsaEncoding: 'ieee-p1363'} : key;
  out.verified[name] = crypto.verify(hash, Buffer.from(h + '.' + p), opts,
                                     Buffer.from(s, 'base64url'));
}
process.stdout.write(JSON.stringify(out));
"""


def credential(issuer: str) -> dict[str, Any]:
    return {"@context": ["https://www.w3.org/ns/credentials/v2",
                         "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
            "id": "urn:uuid:interop-1", "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {"id": issuer, "type": ["Profile"], "name": "Interop University / 大学"},
            "validFrom": "2024-01-01T00:00:00Z",
            "credentialSubject": {"id": "did:example:learner", "type": ["AchievementSubject"]}}


@pytest.fixture(scope="module")
def node_run() -> dict[str, Any]:
    if NODE is None:
        pytest.skip("Node.js is not installed (the VC-JWT interop test needs `node`)")
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    ed = mc.Ed25519Key.from_seed(bytes([5]) * 32)
    signers: dict[str, Any] = {
        "EdDSA": ed.signer(KID),
        "ES256": mc.JoseSigner(ec.generate_private_key(ec.SECP256R1()), KID),
        "RS256": mc.JoseSigner(rsa.generate_private_key(public_exponent=65537, key_size=2048),
                               KID),
    }
    to_verify = {}
    for alg, signer in signers.items():
        jwk = ed.public_jwk if alg == "EdDSA" else signer.public_jwk
        to_verify[alg] = {"token": mc.issue_vc_jwt(credential("https://example.edu/issuers/77"),
                                                   signer), "jwk": jwk}
    cred = credential("https://example.edu/issuers/77")
    payload = {**cred, "iss": "https://example.edu/issuers/77", "jti": cred["id"],
               "nbf": 1704067200, "sub": "did:example:learner"}
    proc = subprocess.run([NODE, "-e", SCRIPT], input=json.dumps(
        {"kid": KID, "payload": payload, "toVerify": to_verify}), capture_output=True,
        text=True, timeout=120, check=False)
    if proc.returncode != 0:
        pytest.fail(f"node failed: {proc.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


@pytest.mark.parametrize("alg", ["EdDSA", "ES256", "RS256"])
def test_node_signed_tokens_verify_here(node_run: dict[str, Any], alg: str) -> None:
    item = node_run[alg]
    resolver = mc.StaticKeyResolver({KID: item["jwk"]})
    result = mc.verify_vc_jwt(item["token"], resolver=resolver, now=NOW)
    assert result.verified, result.as_dict()
    assert mc.decode_vc_jwt(item["token"])[0]["alg"] == alg
    # and a one-character change is caught
    tampered = item["token"][:-3] + ("AAA" if not item["token"].endswith("AAA") else "BBB")
    assert not mc.verify_vc_jwt(tampered, resolver=resolver, now=NOW).verified


@pytest.mark.parametrize("alg", ["EdDSA", "ES256", "RS256"])
def test_microcred_tokens_verify_in_node(node_run: dict[str, Any], alg: str) -> None:
    assert node_run["verified"][alg] is True
