// The JavaScript reference's cold start (benchmarks/cold_start.py): a fresh Node process loads
// @digitalbazaar/vc + data-integrity + the cryptosuite, signs one corpus credential and
// verifies it, then exits (status 1 when it is not verified).  Same files as microcred's
// child: CORPUS_DIR written by benchmarks/corpus.py; no network.
//
//   node benchmarks/js/cold_start.mjs CORPUS_DIR eddsa-rdfc-2022|eddsa-jcs-2022
import {createRequire} from 'node:module';
import {readFileSync} from 'node:fs';
import {join, dirname, resolve} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {keyPairFrom, makeLoader} from '../../tests/interop/loader.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(resolve(HERE, '..', '..', 'tests', 'interop'), 'package.json'));
const load = async name => import(pathToFileURL(require.resolve(name)).href);

const [dir, suite] = process.argv.slice(2);
const vc = await load('@digitalbazaar/vc');
const Ed25519Multikey = await load('@digitalbazaar/ed25519-multikey');
const {DataIntegrityProof} = await load('@digitalbazaar/data-integrity');
let signSuite;
let verifySuite;
if(suite === 'eddsa-jcs-2022') {
  const jcs = await load('@digitalbazaar/eddsa-jcs-2022-cryptosuite');
  signSuite = jcs.createSignCryptosuite();
  verifySuite = jcs.createVerifyCryptosuite();
} else {
  const {cryptosuite} = await load('@digitalbazaar/eddsa-rdfc-2022-cryptosuite');
  signSuite = verifySuite = cryptosuite;
}
const firstLine = path => JSON.parse(readFileSync(path, 'utf8').split('\n')[0]);
const entry = firstLine(join(dir, 'corpus.jsonl'));
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
const contexts = JSON.parse(readFileSync(join(dir, 'contexts.json'), 'utf8'));
const key = readFileSync(join(dir, 'keys.jsonl'), 'utf8').split('\n')
  .filter(l => l.trim()).map(l => JSON.parse(l)).find(k => k.k === entry.key);
const keyPair = await keyPairFrom(
  Ed25519Multikey, key.publicKeyMultibase, key.secretKeyMultibase, key.verificationMethod);
const documentLoader = makeLoader(contexts);
const now = new Date(manifest.verify_now);
const signed = await vc.issue({credential: entry.document, documentLoader, now,
  suite: new DataIntegrityProof({signer: keyPair.signer(), date: entry.created,
    cryptosuite: signSuite})});
const result = await vc.verifyCredential({credential: signed, documentLoader, now,
  suite: new DataIntegrityProof({cryptosuite: verifySuite})});
process.exitCode = result.verified ? 0 : 1;
