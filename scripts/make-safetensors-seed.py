#!/usr/bin/env python3
"""Writes a small safetensors file from real weights: slices of a llama2.c checkpoint.

No real safetensors model sits in ../shared, so the fuzz corpus gets one built from real data:
the token embedding (F32), layer 0's attention norm (F16) and layer 1's attention norm (BF16),
named the way Hugging Face Llama checkpoints name them.
Usage: make-safetensors-seed.py STORIES260K.bin OUT.safetensors
"""
import json
import struct
import sys

checkpoint, out_path = sys.argv[1], sys.argv[2]
with open(checkpoint, "rb") as f:
    blob = f.read()
dim, _hidden, n_layers, _heads, _kv_heads, vocab, _seq = struct.unpack_from("<7i", blob, 0)
vocab = abs(vocab)
embedding_bytes = vocab * dim * 4
embedding = blob[28:28 + embedding_bytes]
norms_offset = 28 + embedding_bytes  # rms_att_weight [n_layers, dim] follows the embedding
assert n_layers >= 2 and len(blob) >= norms_offset + 2 * dim * 4, "not a llama2.c checkpoint"
norm0 = struct.unpack_from(f"<{dim}f", blob, norms_offset)
norm1_raw = blob[norms_offset + dim * 4:norms_offset + 2 * dim * 4]

f16 = struct.pack(f"<{dim}e", *norm0)
# bf16 is the high half of each little-endian float32 (truncation).
bf16 = b"".join(norm1_raw[i + 2:i + 4] for i in range(0, len(norm1_raw), 4))

tensors = [
    ("model.embed_tokens.weight", "F32", [vocab, dim], embedding),
    ("model.layers.0.input_layernorm.weight", "F16", [dim], f16),
    ("model.layers.1.input_layernorm.weight", "BF16", [dim], bf16),
]
header = {"__metadata__": {"format": "pt", "source": "stories260K.bin"}}
data = b""
for name, dtype, shape, payload in tensors:
    header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(payload)]}
    data += payload
text = json.dumps(header, separators=(",", ":")).encode()
text += b" " * (-len(text) % 8)  # keep the data 8-byte aligned, as the reference writer does
with open(out_path, "wb") as f:
    f.write(struct.pack("<Q", len(text)) + text + data)
