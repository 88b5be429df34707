// Runs llama.cpp (npm node-llama-cpp 3.22.1, prebuilt CPU binary, never built here) on a GGUF file
// for the GGUF export tests: tokenizes texts and continues token prompts greedily.
//
//   node llama_run.mjs <request.json>
//
// request: {"model": path, "texts": [string], "prompts": [[token ids]], "count": n, "contextSize": n,
//           "windows": [[token ids]]}
// Prints {"tokens": [[ids] per text], "continuations": [[ids] per prompt], "windowLogProbs": [sum per
// window]} on stdout: each window is evaluated from an empty context, and its sum is the natural-log
// probability of every token after the first given the ones before (from the raw logits).
// Exit 2: node-llama-cpp is not installed; exit 3: its binary cannot run on this machine (the
// message says why); exit 1: anything else (the model did not load...).
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let getLlama;
try {
  ({getLlama} = await import('node-llama-cpp'));
} catch (e) {
  console.error('node-llama-cpp is not installed: run `npm ci --ignore-scripts` in ' + repo + ' (' + e.message + ')');
  process.exit(2);
}

const req = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
let llama;
try {
  // gpu false and build never: the prebuilt CPU binary of @node-llama-cpp/linux-x64 or nothing.
  llama = await getLlama({gpu: false, build: 'never', logLevel: 'error'});
} catch (e) {
  console.error('the prebuilt llama.cpp binary cannot run on this machine: ' + e.message);
  process.exit(3);
}
const model = await llama.loadModel({modelPath: req.model});
const out = {tokens: [], continuations: []};
for (const text of req.texts || []) out.tokens.push(Array.from(model.tokenize(text)));
if ((req.prompts || []).length > 0) {
  const context = await model.createContext({contextSize: req.contextSize || 256, sequences: 1, threads: 1});
  // One thread: the model is tiny, and ggml's spinning thread barrier on a shared, busy machine
  // made 32 tokens take over a minute with two.
  for (const prompt of req.prompts) {
    const sequence = context.getSequence();
    const generated = [];
    // temperature 0: the highest logit every step, no repeat penalty unless asked for.
    for await (const token of sequence.evaluate(prompt, {temperature: 0})) {
      generated.push(token);
      if (generated.length >= req.count) break;
    }
    out.continuations.push(generated);
    sequence.dispose();
  }
  await context.dispose();
}
if ((req.windows || []).length > 0) {
  const size = req.contextSize || 256;
  const context = await model.createContext({contextSize: size, batchSize: size, sequences: 1, threads: 1});
  const sequence = context.getSequence();
  out.windowLogProbs = [];
  for (const window of req.windows) {
    await sequence.clearHistory();
    const input = window.map((t, i) => (i + 1 < window.length ? [t, {generateNext: {logits: true}}] : t));
    const results = await sequence.controlledEvaluate(input);
    let sum = 0;
    for (let i = 0; i + 1 < window.length; ++i) {
      const logits = results[i].next.logits; // every token's raw logit
      let max = -Infinity;
      for (const v of logits.values()) max = Math.max(max, v);
      let z = 0;
      for (const v of logits.values()) z += Math.exp(v - max);
      sum += logits.get(window[i + 1]) - max - Math.log(z);
    }
    out.windowLogProbs.push(sum);
  }
  sequence.dispose();
  await context.dispose();
}
await model.dispose();
process.stdout.write(JSON.stringify(out));
