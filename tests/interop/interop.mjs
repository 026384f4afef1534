// Interop bridge to the Digital Bazaar reference stack (used by tests/test_interop.py).
// Reads one JSON request on stdin, writes one JSON answer on stdout:
//   {"op": "sign", "suite": "eddsa-rdfc-2022" | "eddsa-jcs-2022" | "eddsa-2022" |
//    "Ed25519Signature2020",
//    "credential": {...}, "secretKeyMultibase": "z3u2...", "publicKeyMultibase": "z6Mk...",
//    "privateKeyMultibase2020": "zrv...", "created": "...", "contexts": {url: document}}
//     -> {"signed": {...}}
//   {"op": "verify", "suite": ..., "credential": {...}, "contexts": {...}, "now": "..."}
//     -> {"verified": true|false, "error": "..."}
// Contexts come from microcred's bundled copies (no network); did:key URLs are resolved
// locally from the key in the URL.
import * as vc from '@digitalbazaar/vc';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {createSignCryptosuite as jcsSignSuite, createVerifyCryptosuite as jcsVerifySuite}
  from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {cryptosuite as eddsa2022CryptoSuite} from '@digitalbazaar/eddsa-2022-cryptosuite';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import {Ed25519VerificationKey2020} from
  '@digitalbazaar/ed25519-verification-key-2020';
import {errorText, keyPairFrom, makeLoader, readRequest, runBridge} from './loader.mjs';

const CRYPTOSUITES = {
  sign: {'eddsa-rdfc-2022': eddsaRdfc2022CryptoSuite, 'eddsa-jcs-2022': jcsSignSuite(),
    'eddsa-2022': eddsa2022CryptoSuite},
  verify: {'eddsa-rdfc-2022': eddsaRdfc2022CryptoSuite, 'eddsa-jcs-2022': jcsVerifySuite(),
    'eddsa-2022': eddsa2022CryptoSuite}
};

async function main() {
  const req = await readRequest();
  const suiteName = req.suite || 'eddsa-rdfc-2022';
  const legacy = suiteName === 'Ed25519Signature2020';
  const documentLoader = makeLoader(req.contexts || {}, legacy);
  if(req.op === 'sign') {
    const did = `did:key:${req.publicKeyMultibase}`;
    const id = `${did}#${req.publicKeyMultibase}`;
    let suite;
    if(legacy) {
      const key = await Ed25519VerificationKey2020.from({
        id, controller: did, publicKeyMultibase: req.publicKeyMultibase,
        privateKeyMultibase: req.privateKeyMultibase2020
      });
      suite = new Ed25519Signature2020({key, date: req.created});
    } else {
      const keyPair = await keyPairFrom(
        Ed25519Multikey, req.publicKeyMultibase, req.secretKeyMultibase);
      suite = new DataIntegrityProof({
        signer: keyPair.signer(), date: req.created,
        cryptosuite: CRYPTOSUITES.sign[suiteName]
      });
    }
    const signed = await vc.issue({credential: req.credential, suite, documentLoader});
    process.stdout.write(JSON.stringify({signed}));
    return;
  }
  if(req.op === 'verify') {
    const suite = legacy ? new Ed25519Signature2020() :
      new DataIntegrityProof({cryptosuite: CRYPTOSUITES.verify[suiteName]});
    const result = await vc.verifyCredential({
      credential: req.credential, suite, documentLoader,
      now: req.now ? new Date(req.now) : undefined
    });
    process.stdout.write(JSON.stringify(
      {verified: result.verified, error: result.verified ? null : errorText(result)}));
    return;
  }
  throw new Error(`unknown op ${req.op}`);
}

runBridge(main);
