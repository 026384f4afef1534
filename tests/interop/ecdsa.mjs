// ECDSA interop bridge to the Digital Bazaar stack (used by tests/test_ecdsa_interop.py).
// Reads one JSON request on stdin, writes one JSON answer on stdout:
//   {"op": "sign", "credential": {...}, "publicKeyMultibase": "zDn…|z82…",
//    "secretKeyMultibase": "z42…|z2fa…", "created": "...", "contexts": {url: document}}
//     -> {"signed": {...}}       ("suite": "ecdsa-rdfc-2019" (default) | "ecdsa-jcs-2019")
//   {"op": "verify", "suite": ..., "credential": {...}, "contexts": {...}, "now": "..."}
//     -> {"verified": true|false, "error": "..."}
//   {"op": "keys", "curve": "P-256"|"P-384"} -> {"publicKeyMultibase", "secretKeyMultibase"}
//   {"op": "sd-sign", ... as sign, "mandatoryPointers": [...]} -> {"signed": {...}}
//                                                          (ecdsa-sd-2023 base proof)
//   {"op": "sd-derive", "credential": {...}, "selectivePointers": [...]} -> {"derived": {...}}
//   {"op": "sd-verify", "credential": {...}, "now": "..."} -> {"verified", "error"}
// Contexts come from microcred's bundled copies (no network); did:key URLs are resolved
// locally from the key in the URL (Multikey).
import * as vc from '@digitalbazaar/vc';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as ecdsaRdfc2019Cryptosuite} from
  '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import {createDiscloseCryptosuite, createSignCryptosuite, createVerifyCryptosuite} from
  '@digitalbazaar/ecdsa-sd-2023-cryptosuite';
import {createSignCryptosuite as jcsSignSuite, createVerifyCryptosuite as jcsVerifySuite}
  from '@digitalbazaar/ecdsa-jcs-2019-cryptosuite';
import {errorText, keyPairFrom, makeLoader, readRequest, runBridge} from './loader.mjs';


async function main() {
  const req = await readRequest();
  const documentLoader = makeLoader(req.contexts || {});
  if(req.op === 'keys') {
    const key = await EcdsaMultikey.generate({curve: req.curve});
    const exported = await key.export({publicKey: true, secretKey: true});
    process.stdout.write(JSON.stringify({
      publicKeyMultibase: exported.publicKeyMultibase,
      secretKeyMultibase: exported.secretKeyMultibase}));
    return;
  }
  if(req.op === 'sign' || req.op === 'sd-sign') {
    const keyPair = await keyPairFrom(
      EcdsaMultikey, req.publicKeyMultibase, req.secretKeyMultibase);
    const cryptosuite = req.op === 'sd-sign' ?
      createSignCryptosuite({mandatoryPointers: req.mandatoryPointers || []}) :
      req.suite === 'ecdsa-jcs-2019' ? jcsSignSuite() : ecdsaRdfc2019Cryptosuite;
    const suite = new DataIntegrityProof({
      signer: keyPair.signer(), date: req.created, cryptosuite
    });
    const signed = await vc.issue({credential: req.credential, suite, documentLoader});
    process.stdout.write(JSON.stringify({signed}));
    return;
  }
  if(req.op === 'sd-derive') {
    const suite = new DataIntegrityProof({cryptosuite: createDiscloseCryptosuite({
      selectivePointers: req.selectivePointers || []})});
    const derived = await vc.derive({
      verifiableCredential: req.credential, suite, documentLoader});
    process.stdout.write(JSON.stringify({derived}));
    return;
  }
  if(req.op === 'verify' || req.op === 'sd-verify') {
    const suite = new DataIntegrityProof({cryptosuite: req.op === 'sd-verify' ?
      createVerifyCryptosuite() :
      req.suite === 'ecdsa-jcs-2019' ? jcsVerifySuite() : ecdsaRdfc2019Cryptosuite});
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
