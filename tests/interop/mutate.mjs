// Batch bridge for the differential mutation test (tests/test_mutation_interop.py): one Node
// process verifies many mutants with the Digital Bazaar reference stack.
// Reads one JSON request on stdin, writes one JSON answer on stdout:
//   {"op": "verify-batch", "now": "...", "contexts": {url: document},
//    "items": ["<JSON text of a credential>", ...]}
//     -> {"results": [{"verified": bool, "error": "..."|null,
//                      "nquads": "...", "jcs": "...", "issuer": "..."}, ...]}
// Each item is JSON text, parsed here with JSON.parse (so lexical mutants are read the way a
// JavaScript verifier reads them). Every proof suite the bridges support is offered at once
// (eddsa-rdfc-2022, eddsa-jcs-2022, ecdsa-rdfc-2019, ecdsa-jcs-2019), so a proof is checked by
// the suite it names. For a verified item the answer also says what the reference reads: the
// RDFC-1.0 N-Quads (jsonld.js canonize) and the JCS text of the document without its proof,
// and the issuer id. A canonize failure is reported as "nquads": null with "nquadsError".
// did:key URLs resolve as loader.mjs resolves them, except that a fragment other than the
// key's own multibase value names nothing (did:key §3.1.2: the one verification method of a
// did:key document is did#<multibase>); loader.mjs serves the key for any fragment.
import * as vc from '@digitalbazaar/vc';
import jsonld from 'jsonld';
import canonicalize from 'canonicalize';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {createVerifyCryptosuite as eddsaJcs2022} from
  '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {cryptosuite as ecdsaRdfc2019} from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import {createVerifyCryptosuite as ecdsaJcs2019} from
  '@digitalbazaar/ecdsa-jcs-2019-cryptosuite';
import {errorText, makeLoader, readRequest, runBridge} from './loader.mjs';

function suites() {
  return [eddsaRdfc2022, eddsaJcs2022(), ecdsaRdfc2019, ecdsaJcs2019()].map(
    cryptosuite => new DataIntegrityProof({cryptosuite}));
}

async function readings(credential, documentLoader) {
  const out = {};
  const {proof, ...unsecured} = credential;
  try {
    out.nquads = await jsonld.canonize(unsecured, {
      algorithm: 'RDFC-1.0', format: 'application/n-quads', documentLoader, safe: true});
  } catch(e) {
    out.nquads = null;
    out.nquadsError = String(e && e.message || e);
  }
  out.jcs = canonicalize(unsecured);
  const issuer = credential.issuer;
  out.issuer = typeof issuer === 'string' ? issuer :
    issuer && typeof issuer === 'object' ? issuer.id ?? null : null;
  return out;
}

async function verifyOne(text, now, documentLoader) {
  let credential;
  try {
    credential = JSON.parse(text);
  } catch(e) {
    return {verified: false, error: `JSON.parse: ${e.message}`};
  }
  let result;
  try {
    result = await vc.verifyCredential({credential, suite: suites(), documentLoader, now});
  } catch(e) {
    return {verified: false, error: `threw: ${e && e.message || e}`};
  }
  if(!result.verified) {
    return {verified: false, error: errorText(result)};
  }
  return {verified: true, error: null, ...await readings(credential, documentLoader)};
}

async function main() {
  const req = await readRequest();
  if(req.op !== 'verify-batch') {
    throw new Error(`unknown op ${req.op}`);
  }
  const loader = makeLoader(req.contexts || {});
  const documentLoader = async url => {
    if(url.startsWith('did:key:') && url.includes('#')) {
      const [did, fragment] = url.split('#');
      if(fragment !== did.slice('did:key:'.length)) {
        throw new Error(`loader: no verification method ${url}`);
      }
    }
    return loader(url);
  };
  const now = new Date(req.now);
  const results = [];
  for(const text of req.items) {
    results.push(await verifyOne(text, now, documentLoader));
  }
  process.stdout.write(JSON.stringify({results}));
}

runBridge(main);
