// Times llama.cpp's prompt evaluation (npm node-llama-cpp, its prebuilt CPU binary) for
// bench_llamacpp_eval: each window of token ids is evaluated from an empty context, in one batch.
//
//   node llama_eval.mjs <request.json>
//
// request: {"model": path, "windows": [[ids]], "threads": n, "contextSize": n}
// Prints {"seconds": wall, "userSeconds": user + system CPU of the process, "tokens": n} for the
// windows after one untimed warm-up window. Exit 2: node-llama-cpp is not installed; exit 3: its
// binary cannot run here; exit 1: anything else.
import fs from 'node:fs';

let getLlama;
try {
  ({getLlama} = await import('node-llama-cpp'));
} catch (e) {
  console.error('node-llama-cpp is not installed: run `npm ci --ignore-scripts` at the repository top (' + e.message + ')');
  process.exit(2);
}
const req = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
let llama;
try {
  llama = await getLlama({gpu: false, build: 'never', logLevel: 'error'});
} catch (e) {
  console.error('the prebuilt llama.cpp binary cannot run on this machine: ' + e.message);
  process.exit(3);
}
const model = await llama.loadModel({modelPath: req.model});
const size = req.contextSize || 256;
const context = await model.createContext({contextSize: size, batchSize: size, sequences: 1, threads: req.threads || 2});
const sequence = context.getSequence();

async function evaluate(window) {
  await sequence.clearHistory();
  await sequence.evaluateWithoutGeneratingNewTokens(window);
}

await evaluate(req.windows[0]);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let tokens = 0;
for (const window of req.windows) {
  await evaluate(window);
  tokens += window.length;
}
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
await context.dispose();
await model.dispose();
process.stdout.write(JSON.stringify({seconds, userSeconds: (cpu.user + cpu.system) / 1e6, tokens}));
