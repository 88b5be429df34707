#!/usr/bin/env python3
"""Writes the small seed files of the fuzz targets whose formats have no real file in ../shared
(plan, hf_tokenizer, hf_config, npy, idx, image) into tests/fuzz/corpus/<reader>/.
Standard library only; JPEG seeds need ImageMagick's `convert`. Re-running gives the same files."""
import gzip
import io
import json
import os
import struct
import subprocess
import sys
import zipfile
import zlib

root = os.path.dirname(os.path.abspath(__file__))


def put(reader, name, data):
    os.makedirs(os.path.join(root, reader), exist_ok=True)
    with open(os.path.join(root, reader, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


# Plans: the CLI.md example, GGML formats, every key, globs of each kind.
put("plan", "cli-example.json", json.dumps({
    "default": {"bits": 4, "group": 32, "symmetric": True, "method": "gptq"},
    "layers": {"blk.0.attn_q.weight": {"bits": 8}, "output.weight": "fp16", "blk.*.ffn_down*": {"bits": 6}}}))
put("plan", "every-key.json", json.dumps({
    "default": {"bits": 8, "method": "smoothquant", "act_bits": 8, "alpha": 0.5},
    "layers": {"blk.[01].attn_?.weight": {"bits": 4, "group": 64, "symmetric": False, "method": "gptq",
                                          "act_order": True, "damp": 0.01},
               "output*": {"format": "q8_0"}, "blk.1.*": "q4_0"}}, indent=1))
put("plan", "problems.json", '{"default": {"bits": 9, "group": 7, "frobnicate": 1}, "layers": {"x": 3}, "extra": []}')

# tokenizer.json: byte-fallback BPE as transformers converts a SentencePiece llama vocabulary.
S = "\u2581"
pieces = ["<unk>", "<s>", "</s>"] + ["<0x%02X>" % b for b in range(256)]
words = [S, "a", "c", "t", "n", "o", "e", S + "a", "at", "c" + "at", S + "cat", "on", "ce", "on" + "ce", S + "once"]
pieces += words
vocab = {p: i for i, p in enumerate(pieces)}
merges = [S + " a", "a t", "c at", S + " cat", "o n", "c e", "on ce", S + " once"]
added = [{"id": i, "content": p, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False,
          "special": True} for i, p in enumerate(pieces[:3])]
post = {"type": "TemplateProcessing",
        "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
        "pair": [], "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}}
llama = {"version": "1.0", "truncation": None, "padding": None, "added_tokens": added,
         "normalizer": {"type": "Sequence", "normalizers": [
             {"type": "Prepend", "prepend": S},
             {"type": "Replace", "pattern": {"String": " "}, "content": S}]},
         "pre_tokenizer": None, "post_processor": post,
         "decoder": {"type": "Sequence", "decoders": [
             {"type": "Replace", "pattern": {"String": S}, "content": " "},
             {"type": "ByteFallback"}, {"type": "Fuse"}, {"type": "Strip", "content": " ", "start": 1, "stop": 0}]},
         "model": {"type": "BPE", "dropout": None, "unk_token": "<unk>", "continuing_subword_prefix": None,
                   "end_of_word_suffix": None, "fuse_unk": True, "byte_fallback": True, "vocab": vocab,
                   "merges": merges}}
put("hf_tokenizer", "llama-prepend-replace.json", json.dumps(llama, ensure_ascii=False))
meta = dict(llama)
meta["normalizer"] = None
meta["pre_tokenizer"] = {"type": "Metaspace", "replacement": S, "prepend_scheme": "first", "split": False}
meta["decoder"] = {"type": "Metaspace", "replacement": S, "prepend_scheme": "first", "split": False}
meta["model"] = dict(llama["model"], merges=[m.split(" ") for m in merges], unk_token=None)
put("hf_tokenizer", "metaspace-pair-merges.json", json.dumps(meta, ensure_ascii=False))

# config.json: stories260K's shape as transformers writes it, a mistral with GQA, a non-llama.
put("hf_config", "llama.json", json.dumps({
    "architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 64, "intermediate_size": 172,
    "num_hidden_layers": 5, "num_attention_heads": 8, "num_key_value_heads": 4, "vocab_size": 512,
    "max_position_embeddings": 512, "rms_norm_eps": 1e-05, "rope_theta": 10000.0, "tie_word_embeddings": True,
    "torch_dtype": "float32", "bos_token_id": 1, "eos_token_id": 2}, indent=2))
put("hf_config", "mistral-head-dim.json", json.dumps({
    "architectures": ["MistralForCausalLM"], "hidden_size": 96, "intermediate_size": 256, "num_hidden_layers": 2,
    "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 32, "vocab_size": 300, "rope_theta": 1e6,
    "sliding_window": None}))
put("hf_config", "bert.json", json.dumps({"architectures": ["BertModel"], "model_type": "bert", "hidden_size": 8,
                                          "layer_norm_eps": 1e-12, "id2label": {"0": "a"}}))


# .npy / .npz: the dtypes and shapes a dataset holds.
def npy(descr, shape, data, version=1):
    header = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (
        descr, "".join("%d, " % d for d in shape) if len(shape) == 1 else ", ".join(map(str, shape)))
    lenBytes = 2 if version == 1 else 4
    pad = (-(8 + lenBytes + len(header) + 1)) % 64
    header = (header + " " * pad + "\n").encode()
    return (b"\x93NUMPY" + bytes([version, 0]) + struct.pack("<H" if version == 1 else "<I", len(header))
            + header + data)


images = npy("|u1", (2, 3, 3), bytes(range(0, 180, 10)))
labels = npy("<i8", (2,), struct.pack("<2q", 3, 7))
put("npy", "images-u1.npy", images)
put("npy", "floats-f4.npy", npy("<f4", (2, 3), struct.pack("<6f", 0.5, -1, 2, 3.25, 0, 1e-3)))
put("npy", "scalar-f8-v2.npy", npy("<f8", (), struct.pack("<d", 1.5), version=2))
for method, name in [(zipfile.ZIP_STORED, "stored.npz"), (zipfile.ZIP_DEFLATED, "deflated.npz")]:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for member, data in [("x.npy", images), ("y.npy", labels)]:
            info = zipfile.ZipInfo(member, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = method
            z.writestr(info, data)
    put("npy", name, buf.getvalue())

# IDX: a 2-image 4x4 file raw and gzipped, and its labels.
idx3 = struct.pack(">4B3I", 0, 0, 8, 3, 2, 4, 4) + bytes(range(32))
put("idx", "images-idx3-ubyte", idx3)
put("idx", "images-idx3-ubyte.gz", gzip.compress(idx3, mtime=0))
put("idx", "labels-idx1-ubyte", struct.pack(">4BI", 0, 0, 8, 1, 2) + bytes([3, 9]))


# PNG: grey, RGB, RGBA, palette with transparency, 16-bit grey.
def png(width, height, colour, depth, rows, extra=b"", interlace=0):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + r for r in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, interlace))
            + extra + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


put("image", "grey-4x3.png", png(4, 3, 0, 8, [bytes([r * 60 + c * 10 for c in range(4)]) for r in range(3)]))
put("image", "rgb-3x2.png", png(3, 2, 2, 8, [bytes(range(r * 9, r * 9 + 9)) for r in range(2)]))
put("image", "rgba-2x2.png", png(2, 2, 6, 8, [bytes([200, 10, 10, 255, 0, 0, 0, 0]), bytes([1, 2, 3, 128] * 2)]))
plte = struct.pack(">I", 6) + b"PLTE" + bytes([255, 0, 0, 0, 0, 255])
plte += struct.pack(">I", zlib.crc32(b"PLTE" + bytes([255, 0, 0, 0, 0, 255])))
trns = struct.pack(">I", 1) + b"tRNS" + b"\x80" + struct.pack(">I", zlib.crc32(b"tRNS\x80"))
put("image", "palette-2x2.png", png(2, 2, 3, 8, [b"\x00\x01", b"\x01\x00"], extra=plte + trns))
put("image", "grey16-2x2.png", png(2, 2, 0, 16, [b"\x00\x00\xff\xff", b"\x80\x00\x12\x34"]))
for name, args in [("rgb-8x6.jpg", ["-size", "8x6", "gradient:red-blue"]),
                   ("grey-8x8.jpg", ["-size", "8x8", "gradient:", "-colorspace", "Gray"]),
                   ("progressive-9x7.jpg", ["-size", "9x7", "plasma:fractal", "-seed", "1", "-interlace", "Plane"])]:
    out = subprocess.run(["convert", *args, "-strip", "-quality", "80", "jpg:-"], check=True, capture_output=True)
    put("image", name, out.stdout)
print("seeds written below", root, file=sys.stderr)
