// The JavaScript reference (Digital Bazaar: @digitalbazaar/vc 7 + data-integrity +
// eddsa-rdfc-2022 / eddsa-jcs-2022 cryptosuites) timed on the benchmark corpus.
//
// Reads the files written by benchmarks/corpus.py (keys.jsonl, corpus.jsonl, scale.jsonl,
// warmup.jsonl, contexts.json) and never touches the network: contexts come from
// contexts.json (microcred's bundled copies), did:key URLs are resolved from the key itself.
// The packages are the ones of tests/interop (run `npm ci` there once).
//
//   node benchmarks/js/bench.mjs CORPUS_DIR [--n 200]      standalone summary
//   node benchmarks/js/bench.mjs CORPUS_DIR --serve        used by benchmarks/real_traffic.py
//
// --serve reads one JSON command a line on stdin and answers one JSON line on stdout:
//   {"op": "run", "set": "corpus"|"warmup"|"1KB"|"10KB"|"100KB"|"1MB", "indices": [...],
//    "suite": "eddsa-rdfc-2022"|"eddsa-jcs-2022"}
//     -> {"sign": [wall seconds...], "verify": [...], "signCpu": [process CPU seconds...],
//         "verifyCpu": [...], "proofValues": [...],
//         "verified": n, "errors": [first few messages]}
//   {"op": "quit"}
// Each document is signed with its own issuer key and `created`, then the signed copy is
// verified (`now` = the corpus's verification time); every call is timed on its own.
import {createRequire} from 'node:module';
import {readFileSync} from 'node:fs';
import {join, dirname, resolve} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {createInterface} from 'node:readline';
import {performance} from 'node:perf_hooks';
import {keyPairFrom, makeLoader} from '../../tests/interop/loader.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const INTEROP = resolve(HERE, '..', '..', 'tests', 'interop');
// resolve the packages from tests/interop/node_modules (this directory has none)
const require = createRequire(join(INTEROP, 'package.json'));
const load = async name => import(pathToFileURL(require.resolve(name)).href);

const vc = await load('@digitalbazaar/vc');
const Ed25519Multikey = await load('@digitalbazaar/ed25519-multikey');
const {DataIntegrityProof} = await load('@digitalbazaar/data-integrity');
const {cryptosuite: rdfcSuite} = await load('@digitalbazaar/eddsa-rdfc-2022-cryptosuite');
const jcs = await load('@digitalbazaar/eddsa-jcs-2022-cryptosuite');

const SUITES = {
  'eddsa-rdfc-2022': {sign: rdfcSuite, verify: rdfcSuite},
  'eddsa-jcs-2022': {sign: jcs.createSignCryptosuite(), verify: jcs.createVerifyCryptosuite()}
};

function readJsonl(path) {
  return readFileSync(path, 'utf8').split('\n').filter(l => l.trim()).map(l => JSON.parse(l));
}

export async function setup(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const contexts = JSON.parse(readFileSync(join(dir, 'contexts.json'), 'utf8'));
  const sets = {
    corpus: readJsonl(join(dir, 'corpus.jsonl')),
    warmup: readJsonl(join(dir, 'warmup.jsonl'))
  };
  for(const e of readJsonl(join(dir, 'scale.jsonl'))) {  // one set per scale row: "1KB", ...
    (sets[e.scale] = sets[e.scale] || []).push(e);
  }
  const signers = new Map();
  for(const k of readJsonl(join(dir, 'keys.jsonl'))) {
    const keyPair = await keyPairFrom(
      Ed25519Multikey, k.publicKeyMultibase, k.secretKeyMultibase, k.verificationMethod);
    signers.set(k.k, keyPair.signer());
  }
  return {manifest, sets, signers, documentLoader: makeLoader(contexts),
    now: new Date(manifest.verify_now)};
}

function cpuSeconds(u) {
  return (u.user + u.system) / 1e6;
}

function message(e) {
  const errs = e && e.errors ? e.errors : [e];
  return errs.map(x => (x && x.message) || String(x)).join('; ').slice(0, 300);
}

export async function run(ctx, {set, indices, suite}) {
  const {sets, signers, documentLoader, now} = ctx;
  const entries = indices.map(i => sets[set][i]);
  const out = {sign: [], verify: [], signCpu: [], verifyCpu: [], proofValues: [], verified: 0,
    errors: []};
  const signed = [];
  for(const e of entries) {
    const s = new DataIntegrityProof({signer: signers.get(e.key), date: e.created,
      cryptosuite: SUITES[suite].sign});
    // vc.issue adds the proof to the object it is given: hand it a copy (not timed)
    const credential = structuredClone(e.document);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const doc = await vc.issue({credential, suite: s, documentLoader, now});
    out.sign.push((performance.now() - t0) / 1000);
    out.signCpu.push(cpuSeconds(process.cpuUsage(c0)));
    signed.push(doc);
    out.proofValues.push(Array.isArray(doc.proof) ? null : doc.proof.proofValue);
  }
  for(const doc of signed) {
    const s = new DataIntegrityProof({cryptosuite: SUITES[suite].verify});
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await vc.verifyCredential({credential: doc, suite: s, documentLoader, now});
    out.verify.push((performance.now() - t0) / 1000);
    out.verifyCpu.push(cpuSeconds(process.cpuUsage(c0)));
    if(r.verified) {
      out.verified += 1;
    } else if(out.errors.length < 3) {
      out.errors.push(message(r.error || (r.results || []).map(x => x.error)[0]));
    }
  }
  return out;
}

async function serve(ctx) {
  const rl = createInterface({input: process.stdin, crlfDelay: Infinity});
  process.stdout.write(JSON.stringify({ready: true, node: process.version}) + '\n');
  for await (const line of rl) {
    if(!line.trim()) {
      continue;
    }
    const cmd = JSON.parse(line);
    if(cmd.op === 'quit') {
      break;
    }
    let answer;
    try {
      answer = await run(ctx, cmd);
    } catch(e) {
      answer = {fatal: String(e && e.stack || e)};
    }
    process.stdout.write(JSON.stringify(answer) + '\n');
  }
}

function summary(label, times) {
  const total = times.reduce((a, b) => a + b, 0);
  return `${label}: ${times.length} in ${total.toFixed(2)} s = ${(times.length / total).toFixed(0)}/s`;
}

async function main() {
  const args = process.argv.slice(2);
  const dir = args.find(a => !a.startsWith('--'));
  if(!dir) {
    throw new Error('usage: node bench.mjs CORPUS_DIR [--n N] [--serve]');
  }
  const ctx = await setup(dir);
  if(args.includes('--serve')) {
    await serve(ctx);
    return;
  }
  const nAt = args.indexOf('--n');
  const n = Math.min(nAt >= 0 ? Number(args[nAt + 1]) : 200, ctx.sets.corpus.length);
  const indices = [...Array(n).keys()];
  for(const suite of Object.keys(SUITES)) {
    await run(ctx, {set: 'warmup', indices: [...ctx.sets.warmup.keys()], suite});
    const r = await run(ctx, {set: 'corpus', indices, suite});
    console.log(`${suite} ${summary('sign', r.sign)}; ${summary('verify', r.verify)}; ` +
      `verified ${r.verified}/${n}${r.errors.length ? ' ' + r.errors[0] : ''}`);
  }
}

if(process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch(e => {
    process.stderr.write(String(e && e.stack || e) + '\n');
    process.exitCode = 1;
  });
}
