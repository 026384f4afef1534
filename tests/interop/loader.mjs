// The document loader every JavaScript bridge uses (tests/interop/*.mjs, benchmarks/js/*.mjs):
// contexts from microcred's bundled copies passed in by the caller (no network), and did:key
// URLs resolved locally from the key in the URL.
export const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';
export const DID_CONTEXT = 'https://www.w3.org/ns/did/v1';
export const ED2020_CONTEXT = 'https://w3id.org/security/suites/ed25519-2020/v1';

// legacy: serve did:key keys as Ed25519VerificationKey2020 (for Ed25519Signature2020)
export function makeLoader(contexts, legacy = false) {
  const keyContext = legacy ? ED2020_CONTEXT : MULTIKEY_CONTEXT;
  const keyType = legacy ? 'Ed25519VerificationKey2020' : 'Multikey';
  return async url => {
    if(url.startsWith('did:key:')) {
      const [did, fragment] = url.split('#');
      const mb = did.slice('did:key:'.length);
      const vmId = `${did}#${mb}`;
      const vm = {id: vmId, type: keyType, controller: did, publicKeyMultibase: mb};
      if(fragment !== undefined) {
        return {contextUrl: null, documentUrl: url,
          document: {'@context': keyContext, ...vm}};
      }
      return {contextUrl: null, documentUrl: url, document: {
        '@context': [DID_CONTEXT, keyContext], id: did, verificationMethod: [vm],
        assertionMethod: [vmId], authentication: [vmId],
        capabilityInvocation: [vmId], capabilityDelegation: [vmId]}};
    }
    if(Object.prototype.hasOwnProperty.call(contexts, url)) {
      return {contextUrl: null, documentUrl: url, document: contexts[url]};
    }
    throw new Error(`loader: unknown URL ${url}`);
  };
}

// The one JSON request a bridge reads from stdin.
export async function readRequest() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

// A did:key Multikey pair (Ed25519Multikey or EcdsaMultikey as `Multikey`) from its two
// multibase keys; `id` defaults to the did:key verification method of the public key.
export async function keyPairFrom(Multikey, publicKeyMultibase, secretKeyMultibase, id) {
  const did = `did:key:${publicKeyMultibase}`;
  return Multikey.from({
    '@context': MULTIKEY_CONTEXT, type: 'Multikey', id: id || `${did}#${publicKeyMultibase}`,
    controller: did, publicKeyMultibase, secretKeyMultibase
  });
}

// The reference's reasons for a failed verification (credential, presentation or its
// credentials), one line; null when it gives none.
export function errorText(result) {
  const errs = [result.error, result.presentationResult?.error,
    ...(result.results || []).map(r => r.error),
    ...(result.credentialResults || []).map(r => r.error)].filter(Boolean);
  return errs.map(e => (e.errors || [e]).map(x => x.message).join('; ')).join(' | ') || null;
}

// Run a bridge's main(): an exception becomes {"fatal": stack} and exit status 1.
export function runBridge(main) {
  main().catch(e => {
    process.stdout.write(JSON.stringify({fatal: String(e && e.stack || e)}));
    process.exitCode = 1;
  });
}
