"""``import microcred`` is cheap: public names are imported on first use (PEP 562), from the
table ``microcred._EXPORTS``; the flat namespace is the same as the eager one."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
import types
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import microcred

INIT = Path(microcred.__file__)


def _eager_imports() -> tuple[list[str], dict[str, list[str]]]:
    """The TYPE_CHECKING imports of __init__.py: star modules, explicit names per module."""
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    block = next(n for n in tree.body if isinstance(n, ast.If)
                 and isinstance(n.test, ast.Name) and n.test.id == "TYPE_CHECKING"
                 and any(isinstance(s, ast.ImportFrom) and s.names[0].name == "*"
                         for s in n.body))
    star: list[str] = []
    explicit: dict[str, list[str]] = {}
    for node in block.body:
        if isinstance(node, ast.ImportFrom) and node.module:
            module = "." + node.module
            if node.names[0].name == "*":
                star.append(module)
            else:
                explicit.setdefault(module, []).extend(a.name for a in node.names)
    return star, explicit


def test_the_table_lists_exactly_what_the_modules_export() -> None:
    star, explicit = _eager_imports()
    table: dict[str, tuple[str, ...]] = microcred._EXPORTS
    expected: dict[str, str] = {}
    for module in star:  # later star-imports win, as they did when eager
        for name in importlib.import_module(module, "microcred").__all__:
            expected[name] = module
    for module, names in explicit.items():
        for name in names:
            expected[name] = module
    actual = {name: module for module, names in table.items() for name in names}
    missing = sorted(set(expected) - set(actual))
    assert not missing, f"add to microcred._EXPORTS: {missing}"
    assert actual == expected
    assert len(microcred.__all__) == len(set(microcred.__all__))


def test_every_public_name_resolves_to_its_module() -> None:
    for name in microcred.__all__:
        value = getattr(microcred, name)
        module = microcred._OWNER.get(name)
        if module is not None:
            assert value is getattr(importlib.import_module(module, "microcred"), name)
        elif name != "__version__":
            assert isinstance(value, types.ModuleType)
    assert set(microcred.__all__) <= set(dir(microcred))


def test_a_function_named_like_a_submodule_stays_the_function() -> None:
    from microcred.presentation import presentation  # imports the sub-module

    module = sys.modules["microcred.presentation"]
    assert callable(microcred.presentation)
    assert microcred.presentation is presentation is module.presentation


def test_import_is_cheap_and_names_load_on_first_use() -> None:
    code = ("import sys, microcred\n"
            "heavy = ['pydantic', 'pyld', 'microcred._model', 'microcred.signing', "
            "'microcred.ob3']\n"
            "print([m for m in heavy if m in sys.modules])\n"
            "microcred.MicrocredError\n"
            "print('microcred._model' in sys.modules)\n"
            "from microcred import sign, MicroCredential\n"
            "print('microcred.signing' in sys.modules, 'microcred._model' in sys.modules)\n"
            "from microcred import *\n"
            "print(callable(verify))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True)
    assert proc.stdout.split("\n")[:4] == ["[]", "False", "True True", "True"], proc.stdout


def test_verifying_ed25519_credentials_loads_no_heavy_package() -> None:
    # A fresh process verifies an Ed25519 eddsa-rdfc-2022 and an eddsa-jcs-2022 credential
    # (signed in this process): pyld (the fast path reads the bundled contexts from their
    # processed snapshot), cryptography (ECDSA, RSA, JWK only), cbor2 (ecdsa-sd-2023 only) and
    # pydantic (models only) stay unloaded.  Modules, not time: figures are in
    # benchmarks/cold_start.py.
    import json

    key = microcred.Ed25519Key.from_seed(bytes(range(32)))
    doc = {
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:6a1e2c0e-8f9b-4a31-9d0c-2b7e5f1a4c3d",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": key.did, "type": ["Profile"], "name": "大学"},
        "validFrom": "2026-04-01T00:00:00Z",
        "name": "Data science basics",
        "credentialSubject": {
            "id": "did:example:learner-42", "type": ["AchievementSubject"],
            "achievement": {"id": "https://example.edu/a/1", "type": ["Achievement"],
                            "name": "データサイエンス基礎",
                            "criteria": {"narrative": "Clean and summarise a data set."}}},
    }
    signed = [microcred.sign(doc, key.signer(), cryptosuite=suite, created="2026-04-01T00:00:00Z")
              for suite in ("eddsa-rdfc-2022", "eddsa-jcs-2022")]
    code = ("import json, sys\n"
            "import microcred\n"
            "docs = json.loads(sys.stdin.read())\n"
            "print(json.dumps([microcred.verify(d).verified for d in docs]))\n"
            "heavy = ['pyld', 'cryptography', 'cbor2', 'pydantic', 'requests', 'aiohttp',\n"
            "         'asyncio', 'lxml', 'highspy', 'microcred._model', 'microcred.ob3']\n"
            "print(json.dumps([m for m in heavy if m in sys.modules]))\n")
    proc = subprocess.run([sys.executable, "-c", code], input=json.dumps(signed),
                          capture_output=True, text=True, timeout=120, check=True)
    verified, loaded = proc.stdout.splitlines()
    assert json.loads(verified) == [True, True]
    assert json.loads(loaded) == []


# -- presentations (issue 17): the holder's proof covers the embedded credentials ---------------

def _ob3(key: microcred.Ed25519Key, n: int, subject: str) -> dict[str, object]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": f"urn:uuid:6a1e2c0e-8f9b-4a31-9d0c-2b7e5f1a4c{n:02d}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": key.did, "type": ["Profile"], "name": "大学"},
        "validFrom": "2026-04-01T00:00:00Z", "name": f"Badge {n}",
        "credentialSubject": {
            "id": subject, "type": ["AchievementSubject"],
            "achievement": {"id": f"https://example.edu/a/{n}", "type": ["Achievement"],
                            "name": "データサイエンス基礎",
                            "criteria": {"narrative": "Clean and summarise a data set."}}},
    }


ISSUER_KEY = microcred.Ed25519Key.from_seed(bytes(range(32)))
HOLDER_KEY = microcred.Ed25519Key.from_seed(bytes([3]) * 32)
#: Signed credentials a presentation may carry: rdfc and jcs proofs, and a VC-JWT.
POOL: list[object] = [
    *(microcred.sign(_ob3(ISSUER_KEY, i, HOLDER_KEY.did), ISSUER_KEY.signer(), cryptosuite=s,
                     created="2026-04-01T00:00:00Z")
      for i, s in enumerate(("eddsa-rdfc-2022", "eddsa-jcs-2022", "eddsa-rdfc-2022"))),
    microcred.issue_vc_jwt(_ob3(ISSUER_KEY, 9, HOLDER_KEY.did), ISSUER_KEY.signer()),
]


def _presentations() -> list[dict[str, object]]:
    return [microcred.sign_presentation(
        microcred.presentation(POOL[:3], holder=HOLDER_KEY.did), HOLDER_KEY.signer(),
        challenge="c-1", domain="verifier.example", cryptosuite=suite,
        created="2026-04-02T00:00:00Z") for suite in ("eddsa-rdfc-2022", "eddsa-jcs-2022")]


def test_verifying_a_presentation_with_credentials_loads_no_heavy_package() -> None:
    # The holder's proof covers the presentation with its credentials, which VC 2.0 puts under
    # a property-scoped null context (verifiableCredential); the fast path compiles that reset
    # (equal to pyld and jsonld.js: tests/test_fast_differential.py, and below), so a fresh
    # process verifies an Ed25519 presentation, rdfc or jcs, as a credential: no pyld.
    import json

    code = ("import json, sys\n"
            "import microcred\n"
            "vps = json.loads(sys.stdin.read())\n"
            "print(json.dumps([microcred.verify_presentation(\n"
            "    vp, challenge='c-1', domain='verifier.example').verified for vp in vps]))\n"
            "heavy = ['pyld', 'cryptography', 'cbor2', 'pydantic', 'microcred._model',\n"
            "         'microcred.ob3', 'microcred._di.ecdsa_sd']\n"
            "print(json.dumps([m for m in heavy if m in sys.modules]))\n")
    proc = subprocess.run([sys.executable, "-c", code], input=json.dumps(_presentations()),
                          capture_output=True, text=True, timeout=120, check=True)
    verified, loaded = proc.stdout.splitlines()
    assert json.loads(verified) == [True, True]
    assert json.loads(loaded) == []


def _unsecured(vp: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in vp.items() if k != "proof"}


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(range(len(POOL))), max_size=4),
       st.sampled_from(["2.0", "1.1"]), st.booleans())
def test_presentations_on_the_fast_path_equal_the_reference(picked: list[int], version: str,
                                                             holder_object: bool) -> None:
    """Whatever a presentation carries, the fast path's canonical form is pyld's (with
    microcred's safe mode) byte for byte, and its safe-mode walk agrees."""
    from microcred import jsonld
    from microcred.jsonld import _fast

    credentials = [POOL[i] for i in picked]
    if version == "1.1":  # (a VC 1.1 presentation carries no VC 2.0 credential or VC-JWT)
        credentials = []
    holder: str | dict[str, str] = ({"id": HOLDER_KEY.did} if holder_object
                                    else HOLDER_KEY.did)
    vp = microcred.presentation(credentials, holder=holder, version=version)
    fast = _fast.fast_canonicalize(vp)
    try:
        slow: str | None = jsonld.canonicalize_quads(jsonld.to_rdf(vp, safe=True))
    except microcred.MicrocredError:  # e.g. the same credential twice: a symmetric graph
        slow = None
    if fast is not None:
        assert fast == slow
    if len(set(picked)) == len(picked):  # (distinct credentials: the fast path applies)
        assert fast is not None and _fast.fast_check(vp) is not None


def test_presentations_on_the_fast_path_equal_jsonld_js() -> None:
    from microcred import jsonld
    from microcred.jsonld import _fast
    from test_jsonld_interop import _run_jsonld_js

    docs = [_unsecured(vp) for vp in _presentations()]
    docs.append(microcred.presentation(POOL, holder=HOLDER_KEY.did))
    js = _run_jsonld_js(docs, jsonld.default_loader())  # (skips without Node.js)
    for doc, ref in zip(docs, js, strict=True):
        fast = _fast.fast_canonicalize(doc)
        assert fast is not None and fast == ref.get("ok"), ref


# -- ecdsa-sd-2023 (issue 17): its module loads when the suite table first shows it --------------

#: Reads of the suite table, each run first thing in a fresh process: every one imports
#: ecdsa-sd-2023's module and answers as the eager table did (compared with this process's).
_TABLE_READS = [
    "'ecdsa-sd-2023' in T", "T['ecdsa-sd-2023'].name", "T.get('ecdsa-sd-2023').name",
    "T.setdefault('ecdsa-sd-2023', None).name", "sorted(T)", "len(T)", "sorted(T.keys())",
    "sorted(s.name for s in T.values())", "sorted(k for k, _ in T.items())", "sorted(dict(T))",
    "sorted({**T})", "sorted(T.copy())", "sorted(copy.deepcopy(T))", "sorted(reversed(T))",
    "T == dict(T)", "'ecdsa-sd-2023' in repr(T)", "sorted(T | {})", "sorted(set(T))",
    "microcred.get_suite('ecdsa-sd-2023').name", "T.pop('ecdsa-sd-2023').name",
    "microcred.DEFAULT_VERIFY_SUITES >= {'ecdsa-sd-2023'}",
]


def test_the_suite_table_reads_as_the_eager_one_and_loads_ecdsa_sd_on_first_sight() -> None:
    import copy
    import json

    table = dict(microcred.CRYPTOSUITES)
    expected = [repr(eval(e, {"T": dict(table), "copy": copy, "microcred": microcred}))
                for e in _TABLE_READS]
    code = ("import copy, json, sys\n"
            "import microcred\n"
            "from microcred._di.suites import CRYPTOSUITES as T\n"
            "before = 'microcred._di.ecdsa_sd' in sys.modules\n"
            "value = repr(eval(sys.argv[1]))\n"
            "print(json.dumps([before, value, 'microcred._di.ecdsa_sd' in sys.modules]))\n")
    for expression, wanted in zip(_TABLE_READS, expected, strict=True):
        proc = subprocess.run([sys.executable, "-c", code, expression], capture_output=True,
                              text=True, timeout=120, check=True)
        before, value, after = json.loads(proc.stdout)
        assert (before, value, after) == (False, wanted, True), expression


def test_the_suite_table_without_ecdsa_sd_and_across_threads() -> None:
    """A verifier that meets no ecdsa-sd-2023 proof never imports its module (the JCS lane's
    suite names are declared); threads asking at once all see the suite; a suite a caller
    registers under its name first is kept, as with the eager table (the module registers
    with setdefault)."""
    import json

    code = ("import json, sys, threading\n"
            "import microcred\n"
            "from microcred._di import suites\n"
            "key = microcred.Ed25519Key.from_seed(bytes(32))\n"
            "doc = {'@context': ['https://www.w3.org/ns/credentials/v2'], 'id': 'urn:x:1',\n"
            "       'type': ['VerifiableCredential'], 'issuer': key.did,\n"
            "       'credentialSubject': {'id': 'did:example:s'}}\n"
            "ok = [microcred.verify(microcred.sign(doc, key.signer(), cryptosuite=s)).verified\n"
            "      for s in ('eddsa-rdfc-2022', 'eddsa-jcs-2022')]\n"
            "lazy = 'microcred._di.ecdsa_sd' not in sys.modules\n"
            "jcs = sorted(suites.jcs_cryptosuites())\n"
            "if sys.argv[1] == 'threads':\n"
            "    gate, seen = threading.Barrier(8), []\n"
            "    def look():\n"
            "        gate.wait()\n"
            "        seen.append('ecdsa-sd-2023' in suites.CRYPTOSUITES)\n"
            "    threads = [threading.Thread(target=look) for _ in range(8)]\n"
            "    [t.start() for t in threads]; [t.join() for t in threads]\n"
            "    answer = seen\n"
            "else:\n"
            "    mine = suites.CRYPTOSUITES['eddsa-rdfc-2022']\n"
            "    suites.CRYPTOSUITES['ecdsa-sd-2023'] = mine\n"
            "    from microcred import ecdsa_sd_2023\n"
            "    answer = [suites.CRYPTOSUITES['ecdsa-sd-2023'] is mine]\n"
            "print(json.dumps([ok, lazy, jcs, answer]))\n")
    for mode, answer in (("threads", [True] * 8), ("registered-first", [True])):
        proc = subprocess.run([sys.executable, "-c", code, mode], capture_output=True,
                              text=True, timeout=120, check=True)
        assert json.loads(proc.stdout) == [[True, True], True,
                                           ["ecdsa-jcs-2019", "eddsa-jcs-2022"], answer]


def test_what_is_declared_of_ecdsa_sd_is_what_its_module_registers() -> None:
    import importlib

    from microcred._di import suites

    for name, (module, cryptosuite, canonicalization) in suites._REGISTERED_ELSEWHERE.items():
        importlib.import_module(module)
        suite = dict.__getitem__(suites.CRYPTOSUITES, name)
        assert (suite.cryptosuite, suite.canonicalization) == (cryptosuite, canonicalization)
    assert suites.jcs_cryptosuites() == frozenset(
        s.cryptosuite for s in suites.CRYPTOSUITES.values()
        if s.canonicalization == "jcs" and s.cryptosuite)
