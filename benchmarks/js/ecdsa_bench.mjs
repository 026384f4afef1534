// The JavaScript reference for the ECDSA rows (benchmarks/ecdsa_rows.py): Digital Bazaar's
// @digitalbazaar/vc + data-integrity + ecdsa-rdfc-2019 / ecdsa-jcs-2019 cryptosuites.
//
//   node benchmarks/js/ecdsa_bench.mjs INPUT.jsonl CONTEXTS.json
//
// INPUT.jsonl: one {"suite", "curve", "document", "created", "publicKeyMultibase",
// "secretKeyMultibase", "now"} a line (written by benchmarks/ecdsa_rows.py). Each document is
// signed with its key and `created`, then the signed copy is verified; every call is timed
// on its own (process CPU time). Prints one JSON object:
//   {"rows": {"<suite> <curve>": {"sign": [cpu seconds...], "verify": [...]}},
//    "verified": n, "errors": [first messages]}
// Contexts come from microcred's bundled copies (no network); did:key URLs are resolved
// locally from the key in the URL. The packages are those of tests/interop (`npm ci` there).
import {createRequire} from 'node:module';
import {readFileSync} from 'node:fs';
import {join, dirname, resolve} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {keyPairFrom, makeLoader} from '../../tests/interop/loader.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const INTEROP = resolve(HERE, '..', '..', 'tests', 'interop');
const require = createRequire(join(INTEROP, 'package.json'));
const load = async name => import(pathToFileURL(require.resolve(name)).href);

const vc = await load('@digitalbazaar/vc');
const EcdsaMultikey = await load('@digitalbazaar/ecdsa-multikey');
const {DataIntegrityProof} = await load('@digitalbazaar/data-integrity');
const {cryptosuite: rdfcSuite} = await load('@digitalbazaar/ecdsa-rdfc-2019-cryptosuite');
const jcs = await load('@digitalbazaar/ecdsa-jcs-2019-cryptosuite');

const SUITES = {
  'ecdsa-rdfc-2019': {sign: () => rdfcSuite, verify: () => rdfcSuite},
  'ecdsa-jcs-2019': {sign: () => jcs.createSignCryptosuite(),
    verify: () => jcs.createVerifyCryptosuite()}
};

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const [input, contextsPath] = process.argv.slice(2);
const documentLoader = makeLoader(JSON.parse(readFileSync(contextsPath, 'utf8')));
const items = readFileSync(input, 'utf8').split('\n').filter(l => l.trim())
  .map(l => JSON.parse(l));
const rows = {};
const errors = [];
let verified = 0;
const keys = new Map();
for(const item of items) {
  const name = `${item.suite} ${item.curve}`;
  rows[name] ??= {sign: [], verify: []};
  let keyPair = keys.get(item.publicKeyMultibase);
  if(!keyPair) {
    keyPair = await keyPairFrom(
      EcdsaMultikey, item.publicKeyMultibase, item.secretKeyMultibase);
    keys.set(item.publicKeyMultibase, keyPair);
  }
  const credential = structuredClone(item.document);
  let t = cpu();
  const signed = await vc.issue({credential, documentLoader, suite: new DataIntegrityProof({
    signer: keyPair.signer(), date: item.created, cryptosuite: SUITES[item.suite].sign()})});
  rows[name].sign.push(cpu() - t);
  t = cpu();
  const result = await vc.verifyCredential({credential: signed, documentLoader,
    now: new Date(item.now),
    suite: new DataIntegrityProof({cryptosuite: SUITES[item.suite].verify()})});
  rows[name].verify.push(cpu() - t);
  if(result.verified) {
    verified += 1;
  } else if(errors.length < 5) {
    errors.push(`${name}: ${JSON.stringify(result.error || result).slice(0, 300)}`);
  }
}
process.stdout.write(JSON.stringify({rows, verified, errors}));
