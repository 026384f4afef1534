// Presentation interop bridge to the Digital Bazaar reference stack (tests/test_presentation.py).
// Reads one JSON request on stdin, writes one JSON answer on stdout:
//   {"op": "issue", "suite": "eddsa-rdfc-2022" | "eddsa-jcs-2022", "credential": {...},
//    "publicKeyMultibase": "z6Mk...", "secretKeyMultibase": "z3u2...", "created": "..."}
//     -> {"signed": {...}}
//   {"op": "createPresentation", "verifiableCredential": [...], "holder": "...", "id": "..."}
//     -> {"presentation": {...}}
//   {"op": "signPresentation", "suite": ..., "presentation": {...}, "challenge": "...",
//    "domain": "...", "publicKeyMultibase": ..., "secretKeyMultibase": ..., "created": ...}
//     -> {"signed": {...}}
//   {"op": "verifyPresentation", "presentation": {...}, "challenge": "...", "domain": "...",
//    "now": "..."}
//     -> {"verified": bool, "presentationVerified": bool, "credentialResults": [bool],
//         "error": "..."}
// Every request also carries "contexts": {url: document} (microcred's bundled copies; no
// network); did:key URLs are resolved locally from the key in the URL (as Multikey).
import * as vc from '@digitalbazaar/vc';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {createSignCryptosuite as jcsSignSuite, createVerifyCryptosuite as jcsVerifySuite}
  from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {errorText, keyPairFrom, makeLoader, readRequest, runBridge} from './loader.mjs';


async function signingSuite(req) {
  const keyPair = await keyPairFrom(
    Ed25519Multikey, req.publicKeyMultibase, req.secretKeyMultibase);
  const cryptosuite = req.suite === 'eddsa-jcs-2022' ? jcsSignSuite() :
    eddsaRdfc2022CryptoSuite;
  return new DataIntegrityProof({signer: keyPair.signer(), date: req.created, cryptosuite});
}

async function main() {
  const req = await readRequest();
  const documentLoader = makeLoader(req.contexts || {});
  let answer;
  if(req.op === 'issue') {
    const suite = await signingSuite(req);
    answer = {signed: await vc.issue({credential: req.credential, suite, documentLoader})};
  } else if(req.op === 'createPresentation') {
    answer = {presentation: vc.createPresentation({
      verifiableCredential: req.verifiableCredential, holder: req.holder, id: req.id,
      now: req.now})};
  } else if(req.op === 'signPresentation') {
    const suite = await signingSuite(req);
    answer = {signed: await vc.signPresentation({
      presentation: req.presentation, suite, challenge: req.challenge, domain: req.domain,
      documentLoader})};
  } else if(req.op === 'verifyPresentation') {
    const suite = [new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite}),
      new DataIntegrityProof({cryptosuite: jcsVerifySuite()})];
    const result = await vc.verify({
      presentation: req.presentation, suite, challenge: req.challenge, domain: req.domain,
      documentLoader, now: req.now ? new Date(req.now) : undefined
    });
    answer = {
      verified: result.verified,
      presentationVerified: Boolean(result.presentationResult?.verified),
      credentialResults: (result.credentialResults || []).map(r => r.verified),
      error: result.verified ? null : errorText(result)
    };
  } else {
    throw new Error(`unknown op ${req.op}`);
  }
  process.stdout.write(JSON.stringify(answer));
}

runBridge(main);
