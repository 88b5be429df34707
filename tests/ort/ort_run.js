// Runs an ONNX model with ONNX Runtime (npm onnxruntime-node, CPU) on inputs the caller wrote as
// raw little-endian f32 files, for the engine's parity test and speed benchmark.
//
//   node ort_run.js <request.json>
//
// request: {"model": path, "threads": n, "outputDir": path (optional), "warmup": n, "iterations": n,
//           "cases": [{"inputs": [{"name", "shape": [...], "file"}]}]}
// With outputDir, every output of every case is written as <outputDir>/case<k>_out<j>.f32.
// With iterations > 0, each case is also timed (after `warmup` runs): seconds per run.
// Prints {"cases": [{"outputs": [{"name", "shape", "file"}], "seconds": [...]}]} on stdout.
'use strict';
const fs = require('fs');
const path = require('path');

let ort;
try {
  ort = require('onnxruntime-node');
} catch (e) {
  console.error('onnxruntime-node is not installed: run `npm ci --ignore-scripts` in ' +
                path.resolve(__dirname, '..', '..') + ' (' + e.message + ')');
  process.exit(2);
}

function readF32(file, shape) {
  const buf = fs.readFileSync(file);
  const count = shape.reduce((a, b) => a * b, 1);
  if (buf.length !== count * 4) throw new Error(file + ': holds ' + buf.length + ' bytes, shape needs ' + count * 4);
  // Copy into an aligned buffer: Buffers from readFileSync may start at any byte offset.
  const data = new Float32Array(count);
  new Uint8Array(data.buffer).set(buf);
  return new ort.Tensor('float32', data, shape);
}

async function main() {
  const req = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const threads = req.threads || 1;
  const session = await ort.InferenceSession.create(req.model, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3, // errors only: fashion_mnist_cnn's declared output shapes draw a warning per run
  });
  const result = { cases: [] };
  for (const [k, c] of req.cases.entries()) {
    const feeds = {};
    for (const input of c.inputs) feeds[input.name] = readF32(input.file, input.shape);
    const out = await session.run(feeds);
    const entry = { outputs: [], seconds: [] };
    session.outputNames.forEach((name, j) => {
      const t = out[name];
      if (t.type !== 'float32') throw new Error('output ' + name + ' has type ' + t.type + ', not float32');
      const o = { name, shape: t.dims.map(Number) };
      if (req.outputDir) {
        o.file = path.join(req.outputDir, 'case' + k + '_out' + j + '.f32');
        fs.writeFileSync(o.file, Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength));
      }
      entry.outputs.push(o);
    });
    for (let w = 0; w < (req.warmup || 0); ++w) await session.run(feeds);
    for (let i = 0; i < (req.iterations || 0); ++i) {
      const start = process.hrtime.bigint();
      await session.run(feeds);
      entry.seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
    }
    result.cases.push(entry);
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((e) => {
  console.error('ort_run.js: ' + (e && e.stack ? e.stack : e));
  process.exit(1);
});
