"""The Data Integrity fast paths agree with the straightforward code they replace.

- ``as_document``'s fast copy (exact JSON types, no path strings) against the path-building
  ``_copy``: same result, or the same exception type and message; never sharing a container.
- ``b58_decode`` (translate + weighted sum, memoised) against a per-character reference.
- memoised key decoding (``ResolvedKey.ed25519_public_bytes``): errors raised every time and
  naming the right verification method; successes equal to the uncached decode.

Speed is measured outside the test suite (see the issue 6 benchmarks); nothing here is timed.
"""

from __future__ import annotations

import enum
import math
from collections import OrderedDict, UserDict
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import microcred as mc
from microcred._di import keys as keys_mod
from microcred._di import multibase
from microcred._di.proofs import MAX_DEPTH, _copy, as_document
from microcred.testing import ob3_credential_documents

# -- as_document: fast copy == path-building copy ------------------------------------------------


class _Level(enum.IntEnum):
    ONE = 1


class _Tag(str):
    pass


class _Opaque:
    pass


_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(max_size=8),
    st.floats(allow_nan=False, allow_infinity=False),
)
_odd_scalars = st.one_of(
    st.sampled_from([math.inf, -math.inf, math.nan, -0.0, _Level.ONE, _Tag("t"), b"x",
                     _Opaque(), 1 + 2j]),
)


def _json(odd: bool) -> st.SearchStrategy[Any]:
    leaves = st.one_of(_scalars, _odd_scalars) if odd else _scalars
    keys = st.one_of(st.text(max_size=5), st.integers(0, 3)) if odd else st.text(max_size=5)

    def extend(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        plain = st.one_of(st.lists(children, max_size=4),
                          st.dictionaries(keys, children, max_size=4))
        if not odd:
            return plain
        return st.one_of(plain, st.lists(children, max_size=3).map(tuple),
                         st.dictionaries(st.text(max_size=3), children, max_size=3)
                         .map(OrderedDict),
                         st.dictionaries(st.text(max_size=3), children, max_size=3)
                         .map(UserDict))

    return st.recursive(leaves, extend, max_leaves=25)


def _outcome(fn: Any, value: Any) -> tuple[str, Any]:
    try:
        return ("ok", fn(value))
    except Exception as exc:  # compared by type and message
        return (type(exc).__name__, str(exc))


def _same(a: Any, b: Any) -> bool:
    """Structural identity: same types all the way down, floats compared by repr (-0.0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return _same(list(a), list(b)) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        return repr(a) == repr(b)
    return bool(a == b)


def _containers(value: Any) -> Iterator[int]:
    if isinstance(value, (dict, list, tuple, OrderedDict, UserDict)):
        yield id(value)
        items = value.values() if hasattr(value, "values") else value
        for v in items:
            yield from _containers(v)


def _check_copy(doc: Any) -> None:
    fast = _outcome(as_document, doc)
    slow = _outcome(lambda d: _copy(d, "$", 0), doc)
    assert fast[0] == slow[0]
    if fast[0] == "ok":
        assert _same(fast[1], slow[1])
        assert not set(_containers(fast[1])) & set(_containers(doc))
    else:
        assert fast[1] == slow[1]


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.text(max_size=5), _json(odd=False), max_size=5))
def test_fast_copy_equals_copy_on_plain_json(doc: dict[str, Any]) -> None:
    _check_copy(doc)
    assert _same(as_document(doc), doc)


@settings(max_examples=250, deadline=None)
@given(st.dictionaries(st.one_of(st.text(max_size=5), st.integers(0, 3)), _json(odd=True),
                       max_size=5))
def test_fast_copy_equals_copy_on_odd_values(doc: dict[Any, Any]) -> None:
    _check_copy(doc)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text(max_size=3), _json(odd=True), max_size=3).map(OrderedDict))
def test_fast_copy_equals_copy_on_mapping_subclasses(doc: OrderedDict[str, Any]) -> None:
    _check_copy(doc)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ob3_credential_documents())
def test_fast_copy_equals_copy_on_ob3_documents(doc: Any) -> None:
    _check_copy(doc)


def _nested(depth: int, leaf: Any, kind: str) -> dict[str, Any]:
    value: Any = leaf
    for i in range(depth):
        value = {"a": value} if kind == "dict" or i % 2 else [value]
    return value if isinstance(value, dict) else {"a": value}


@pytest.mark.parametrize("depth", [MAX_DEPTH - 2, MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1,
                                   MAX_DEPTH + 2])
@pytest.mark.parametrize("leaf", [1, {}, [], None])
@pytest.mark.parametrize("kind", ["dict", "mixed"])
def test_fast_copy_depth_limit_is_the_same(depth: int, leaf: Any, kind: str) -> None:
    _check_copy(_nested(depth, leaf, kind))


def test_fast_copy_cycle_is_refused_as_before() -> None:
    doc: dict[str, Any] = {"a": [1]}
    doc["a"].append(doc)
    fast, slow = _outcome(as_document, doc), _outcome(lambda d: _copy(d, "$", 0), doc)
    assert fast == slow and fast[0] == "SigningError"


@pytest.mark.parametrize("bad", [math.nan, math.inf, (1, 2), _Level.ONE, _Tag("x"), b"x"])
def test_fast_copy_deep_odd_value_falls_back(bad: Any) -> None:
    doc = {"a": [{"b": {"c": [1, 2.5, bad]}}]}
    _check_copy(doc)


def test_fast_copy_non_string_key_message() -> None:
    with pytest.raises(mc.SigningError, match=r"^\$\.a\[0\]: object key 1 is not a string$"):
        as_document({"a": [{1: "x"}]})


def test_fast_copy_of_signed_workload_is_independent() -> None:
    key = mc.Ed25519Key.from_seed(bytes(32))
    doc: dict[str, Any] = {"@context": ["https://www.w3.org/ns/credentials/v2"],
                           "type": ["VerifiableCredential"], "issuer": key.did,
                           "credentialSubject": {"id": "urn:x",
                                                 "n": [1, 2.0, True, None, {"k": "v"}]}}
    copy = as_document(doc)
    assert copy == doc
    copy["credentialSubject"]["n"][4]["k"] = "changed"
    assert doc["credentialSubject"]["n"][4]["k"] == "v"


# -- b58_decode against a straightforward reference -------------------------------------------

_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def _reference_b58_decode(text: object, what: str = "multibase value") -> bytes:
    """The per-character big-integer decoder b58_decode had before (the specification)."""
    if not isinstance(text, str):
        raise mc.KeyFormatError(f"{what}: expected a string, got {type(text).__name__}")
    if len(text) > multibase.MAX_MULTIBASE_LENGTH:
        raise mc.KeyFormatError(f"{what}: too long ({len(text)} characters)")
    if not text.startswith("z"):
        raise mc.KeyFormatError(f"{what}: expected multibase header 'z' (base58btc), got "
                                f"{text[:1]!r}")
    body = text[1:]
    if not body:
        raise mc.KeyFormatError(f"{what}: empty base58btc value")
    bad = sorted(set(body) - set(_ALPHABET))
    if bad:
        raise mc.KeyFormatError(f"{what}: character(s) {''.join(bad)!r} are not base58btc")
    n = 0
    for c in body:
        n = n * 58 + _ALPHABET.index(c)
    zeros = len(body) - len(body.lstrip("1"))
    return b"\0" * zeros + (n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b"")


def _both(text: object) -> None:
    for _ in range(2):  # the second call is served by the memo
        got = _outcome(lambda t: multibase.b58_decode(t, what="proofValue"), text)
        want = _outcome(lambda t: _reference_b58_decode(t, "proofValue"), text)
        assert got == want


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=120), st.integers(0, 5))
def test_b58_round_trip(data: bytes, zeros: int) -> None:
    data = bytes(zeros) + data
    if not data:  # b58_encode(b"") is "z", which b58_decode refuses (an empty value)
        return
    encoded = multibase.b58_encode(data)
    assert multibase.b58_decode(encoded) == data
    _both(encoded)


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=200), st.integers(0, 5))
def test_b58_encode_matches_the_digit_loop(data: bytes, zeros: int) -> None:
    # the chunked encoder against the textbook one-divmod-per-digit conversion
    data = bytes(zeros) + data
    n, digits = int.from_bytes(data, "big"), []
    while n:
        n, r = divmod(n, 58)
        digits.append(_ALPHABET[r])
    want = "z" + "1" * (len(data) - len(data.lstrip(b"\0"))) + "".join(reversed(digits))
    assert multibase.b58_encode(data) == want


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET + "0OIl+/ é\n", max_size=90))
def test_b58_decode_matches_reference_on_any_body(body: str) -> None:
    _both("z" + body)


@pytest.mark.parametrize("text", [
    None, 5, b"z111", "", "z", "u123", "Z111", "z1", "z11", "z0", "z" + "1" * 511,
    "z" + "z" * 511, "z" + "2" * 512, "z" + "1" * 600, "z\u00e9", "z1\udcff",
])
def test_b58_decode_edge_cases_match_reference(text: object) -> None:
    _both(text)


@pytest.mark.parametrize("length", [126, 127, 128, 129, 200])
def test_b58_decode_around_the_weight_table_length(length: int) -> None:
    assert len(multibase._B58_WEIGHTS) == 128
    for body in ("2" * length, "1" * 3 + "z" * (length - 3), "1" * length):
        _both("z" + body)


# -- memoised key decoding ---------------------------------------------------------------------


def test_multikey_decode_memo_returns_the_uncached_value() -> None:
    key = mc.Ed25519Key.from_seed(bytes(range(32)))
    r = key.resolved()
    assert r.ed25519_public_bytes() == key.public_key
    assert r.ed25519_public_bytes() == mc.ed25519_public_from_multibase(key.public_key_multibase)
    assert r.verify_ed25519(b"m", key.sign(b"m"))
    assert r.verify_ed25519(b"m", key.sign(b"m"))
    assert not r.verify_ed25519(b"n", key.sign(b"m"))
    assert not r.verify_ed25519(b"m", key.sign(b"m")[:63])


def test_invalid_multikey_point_raises_every_time_naming_each_method() -> None:
    ident = mc.ed25519_public_to_multibase(b"\x01" + bytes(31))  # small-order point
    a = mc.ResolvedKey(id="https://ex.edu/a#k", controller="https://ex.edu/a",
                       public_key_multibase=ident)
    b = mc.ResolvedKey(id="https://ex.edu/b#k", controller="https://ex.edu/b",
                       public_key_multibase=ident)
    for r in (a, b, a, b):
        with pytest.raises(mc.KeyFormatError,
                           match=rf"^verification method '{r.id}': not a valid Ed25519 public "
                                 r"key \(invalid or small-order point\)$"):
            r.ed25519_public_bytes()


@pytest.mark.parametrize("value, message", [
    ("z111", "publicKeyMultibase: multicodec header 0x0000 is not Ed25519 public key 0xed01"),
    ("zOO", "publicKeyMultibase: character(s) 'O' are not base58btc"),
    (multibase.b58_encode(multibase.ED25519_PUB_HEADER + bytes(30)),
     "publicKeyMultibase: Ed25519 public key must be 32 bytes, got 30"),
])
def test_malformed_multikey_raises_every_time(value: str, message: str) -> None:
    r = mc.ResolvedKey(id="x#k", controller="x", public_key_multibase=value)
    for _ in range(3):
        with pytest.raises(mc.KeyFormatError) as err:
            r.ed25519_public_bytes()
        assert str(err.value) == message


def test_non_string_multikey_is_still_refused() -> None:
    mb: Any = b"z6Mk"
    r = mc.ResolvedKey(id="x#k", controller="x", public_key_multibase=mb)
    with pytest.raises(mc.KeyFormatError, match="expected a string, got bytes"):
        r.ed25519_public_bytes()


@pytest.mark.parametrize("x, message", [
    ("AQ" + "A" * 41,  # the identity point, small order
     "verification method 'x#k': not a valid Ed25519 public key (invalid or small-order "
     "point)"),
    ("AAAA", "JWK x: Ed25519 public key must be 32 bytes, got 3"),
    ("A+A", "JWK x: not base64url without padding"),
    (5, "JWK x: expected an ASCII base64url string"),
])
def test_jwk_x_errors_raise_every_time(x: Any, message: str) -> None:
    r = mc.ResolvedKey.from_jwk("x#k", {"kty": "OKP", "crv": "Ed25519", "x": x})
    for _ in range(3):
        with pytest.raises(mc.KeyFormatError) as err:
            r.ed25519_public_bytes()
        assert str(err.value) == message


def test_jwk_x_memo_returns_the_key() -> None:
    key = mc.Ed25519Key.from_seed(bytes(32))
    r = mc.ResolvedKey.from_jwk("x#k", key.public_jwk)
    assert r.ed25519_public_bytes() == key.public_key == r.ed25519_public_bytes()
    assert keys_mod._jwk_x_public.cache_info().currsize >= 1


def test_did_key_resolution_unchanged_by_memos() -> None:
    key = mc.Ed25519Key.from_seed(bytes([7]) * 32)
    vm = key.did_verification_method
    r1, r2 = mc.DidKeyResolver().resolve(vm), mc.DidKeyResolver().resolve(vm)
    assert r1 == r2 == key.resolved(id=vm).__class__(
        id=vm, controller=key.did, type="Multikey",
        public_key_multibase=key.public_key_multibase, relationships=keys_mod.ALL_RELATIONSHIPS)
    assert r1.ed25519_public_bytes() == key.public_key


def test_plain_json_takes_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    from microcred._di import proofs

    def no_slow_copy(*_: Any) -> Any:
        raise AssertionError("slow copy used")

    monkeypatch.setattr(proofs, "_copy", no_slow_copy)
    doc: dict[str, Any] = {"a": [1, 2.5, -0.0, True, None, "s", {"b": []}], "c": {}}
    assert _same(as_document(doc), doc)


def test_secret_keys_stay_out_of_the_b58_memo() -> None:
    key = mc.Ed25519Key.from_seed(bytes([9]) * 32)
    secret = key.export_secret_multibase()
    multibase._b58_body.cache_clear()
    assert mc.Ed25519Key.from_secret_multibase(secret) == key
    assert multibase._b58_body.cache_info().currsize == 0
    assert multibase.b58_decode(secret, secret=True) == multibase.b58_decode(secret)


def test_point_check_runs_once_per_new_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """The ~55 µs point check is shared by did:key parsing and the multikey memo."""
    import nacl.bindings

    calls: list[bytes] = []
    real = nacl.bindings.crypto_core_ed25519_is_valid_point

    def counting(key: bytes) -> bool:
        calls.append(key)
        return bool(real(key))

    monkeypatch.setattr(nacl.bindings, "crypto_core_ed25519_is_valid_point", counting)
    key = mc.Ed25519Key.from_seed(b"point-check-once".ljust(32, b"."))
    resolved = mc.DidKeyResolver().resolve(key.did_verification_method)
    resolved.ed25519_public_bytes()
    assert resolved.verify_ed25519(b"m", key.sign(b"m"))
    assert calls == [key.public_key]
