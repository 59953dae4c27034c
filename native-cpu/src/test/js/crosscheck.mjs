// Independent reference for OnnxCrossCheckTest: Hugging Face's tokenizers.js (@huggingface/tokenizers)
// and ONNX Runtime for Node.js (onnxruntime-node), with mean pooling + L2 normalisation written here.
// Usage: node crosscheck.mjs MODEL.onnx tokenizer.json sentences.json MAX_LENGTH out.txt
// Reads only local files: nothing is fetched from a model hub.
import { readFileSync, writeFileSync } from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';
import * as ort from 'onnxruntime-node';

const [modelPath, tokenizerPath, sentencesPath, maxLengthArg, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error('usage: node crosscheck.mjs MODEL.onnx tokenizer.json sentences.json MAX_LENGTH out.txt');
  process.exit(2);
}
const maxLength = Number.parseInt(maxLengthArg, 10);
const tokenizer = new Tokenizer(JSON.parse(readFileSync(tokenizerPath, 'utf8')), {});
const sentences = JSON.parse(readFileSync(sentencesPath, 'utf8'));
const sepId = tokenizer.encode('').ids.at(-1); // [CLS] [SEP] for the empty text

// tokenizers.js has no truncation: do what Hugging Face's TruncationStrategy does for one text
// (drop the text's last tokens, keep the closing [SEP]).
function encode(text) {
  let ids = tokenizer.encode(text).ids;
  if (ids.length > maxLength) {
    ids = [...ids.slice(0, maxLength - 1), sepId];
  }
  return ids;
}

const session = await ort.InferenceSession.create(modelPath, { graphOptimizationLevel: 'all' });
const results = [];
for (const text of sentences) {
  const ids = encode(text);
  const n = ids.length;
  const all = {
    input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, (v) => BigInt(v)), [1, n]),
    attention_mask: new ort.Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]),
    token_type_ids: new ort.Tensor('int64', new BigInt64Array(n), [1, n]),
  };
  const feeds = Object.fromEntries(session.inputNames.map((name) => [name, all[name]]));
  const output = await session.run(feeds);
  const hidden = output[session.outputNames[0]];
  const width = hidden.dims[2];
  const mean = new Float64Array(width);
  for (let s = 0; s < n; s++) {
    for (let h = 0; h < width; h++) mean[h] += hidden.data[s * width + h];
  }
  let norm = 0;
  for (let h = 0; h < width; h++) {
    mean[h] /= n;
    norm += mean[h] * mean[h];
  }
  norm = Math.max(Math.sqrt(norm), 1e-12);
  results.push({ ids, embedding: Array.from(mean, (v) => v / norm) });
}
// Plain text out, easy to read from Java: a header, then per sentence "ids ..." and "emb ..." lines.
const here = new URL('.', import.meta.url);
const version = (pkg) => JSON.parse(readFileSync(new URL(`node_modules/${pkg}/package.json`, here), 'utf8')).version;
const lines = [`# onnxruntime-node ${version('onnxruntime-node')} @huggingface/tokenizers ${version('@huggingface/tokenizers')}`
  + ` inputs ${session.inputNames.join(',')} output ${session.outputNames[0]}`];
for (const r of results) {
  lines.push(`ids ${r.ids.join(' ')}`);
  lines.push(`emb ${r.embedding.join(' ')}`);
}
writeFileSync(outPath, lines.join('\n') + '\n');
