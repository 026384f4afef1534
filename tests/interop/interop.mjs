// Interop bridge to the Digital Bazaar reference stack (used by tests/test_interop.py).
// Reads one JSON request on stdin, writes one JSON answer on stdout:
//   {"op": "sign", "credential": {...}, "secretKeyMultibase": "z3u2...",
//    "publicKeyMultibase": "z6Mk...", "created": "...", "contexts": {url: document}}
//     -> {"signed": {...}}
//   {"op": "verify", "credential": {...}, "contexts": {...}, "now": "..."}
//     -> {"verified": true|false, "error": "..."}
// Contexts come from microcred's bundled copies (no network); did:key URLs are resolved
// locally from the key in the URL.
import * as vc from '@digitalbazaar/vc';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';

const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';
const DID_CONTEXT = 'https://www.w3.org/ns/did/v1';

function makeLoader(contexts) {
  return async url => {
    if(url.startsWith('did:key:')) {
      const [did, fragment] = url.split('#');
      const mb = did.slice('did:key:'.length);
      const vmId = `${did}#${mb}`;
      const vm = {id: vmId, type: 'Multikey', controller: did, publicKeyMultibase: mb};
      if(fragment !== undefined) {
        return {contextUrl: null, documentUrl: url,
          document: {'@context': MULTIKEY_CONTEXT, ...vm}};
      }
      return {contextUrl: null, documentUrl: url, document: {
        '@context': [DID_CONTEXT, MULTIKEY_CONTEXT], id: did, verificationMethod: [vm],
        assertionMethod: [vmId], authentication: [vmId],
        capabilityInvocation: [vmId], capabilityDelegation: [vmId]}};
    }
    if(Object.prototype.hasOwnProperty.call(contexts, url)) {
      return {contextUrl: null, documentUrl: url, document: contexts[url]};
    }
    throw new Error(`interop loader: unknown URL ${url}`);
  };
}

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  const req = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const documentLoader = makeLoader(req.contexts || {});
  if(req.op === 'sign') {
    const did = `did:key:${req.publicKeyMultibase}`;
    const keyPair = await Ed25519Multikey.from({
      '@context': MULTIKEY_CONTEXT, type: 'Multikey',
      id: `${did}#${req.publicKeyMultibase}`, controller: did,
      publicKeyMultibase: req.publicKeyMultibase,
      secretKeyMultibase: req.secretKeyMultibase
    });
    const suite = new DataIntegrityProof({
      signer: keyPair.signer(), date: req.created, cryptosuite: eddsaRdfc2022CryptoSuite
    });
    const signed = await vc.issue({credential: req.credential, suite, documentLoader});
    process.stdout.write(JSON.stringify({signed}));
    return;
  }
  if(req.op === 'verify') {
    const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
    const result = await vc.verifyCredential({
      credential: req.credential, suite, documentLoader,
      now: req.now ? new Date(req.now) : undefined
    });
    let error = null;
    if(!result.verified) {
      const errs = [result.error, ...(result.results || []).map(r => r.error)]
        .filter(Boolean);
      error = errs.map(e => (e.errors || [e]).map(x => x.message).join('; ')).join(' | ');
    }
    process.stdout.write(JSON.stringify({verified: result.verified, error}));
    return;
  }
  throw new Error(`unknown op ${req.op}`);
}

main().catch(e => {
  process.stdout.write(JSON.stringify({fatal: String(e && e.stack || e)}));
  process.exitCode = 1;
});
