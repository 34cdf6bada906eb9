"""Cross-checks a GGUF file written by `quanta quantize --model SRC --method rtn --format T`.

1. Tensors: every tensor of OUT, read by the `gguf` package, has the bytes gguf's own reference
   quantiser gives for the source's dequantised values (the embedding and norms: the same values
   as the source).
2. Perplexity: llama.cpp (llama-cpp-python) scores TEXT with Hugging Face's sliding windows
   (context 512, stride 256), the same windows `quanta perplexity` uses; print its perplexity to
   set beside Quanta's.

Development only (needs `pip install gguf llama-cpp-python numpy`):
    python gguf_crosscheck.py SRC.gguf OUT.gguf TEXT [--context 512 --stride 256 --threads 2]
"""
import argparse
import math

import numpy as np
from gguf import GGUFReader, GGMLQuantizationType
from gguf.quants import dequantize, quantize


def tensors(path):
    return {t.name: t for t in GGUFReader(path).tensors}


def check_tensors(source, written):
    src, out = tensors(source), tensors(written)
    assert src.keys() == out.keys(), sorted(set(src) ^ set(out))
    mismatched = 0
    for name, t in out.items():
        values = dequantize(src[name].data, src[name].tensor_type)
        if t.tensor_type in (GGMLQuantizationType.F32, GGMLQuantizationType.F16):
            same = np.array_equal(dequantize(t.data, t.tensor_type), values.astype(np.float32).astype(
                np.float16 if t.tensor_type == GGMLQuantizationType.F16 else np.float32))
        else:
            expected = quantize(values.astype(np.float32), t.tensor_type)
            same = np.array_equal(np.asarray(t.data).view(np.uint8).reshape(-1), expected.view(np.uint8).reshape(-1))
        if not same:
            mismatched += 1
            print("differs:", name, t.tensor_type.name)
    print(f"tensors: {len(out)} read by gguf, {mismatched} differ from gguf's own quantiser")
    return mismatched


def windows(n, context, stride):
    previous_end, begin = 0, 0
    while begin < n:
        end = min(begin + context, n)
        yield begin, end, max(1, end - begin - (end - previous_end))
        previous_end = end
        if end == n:
            break
        begin += stride


def llama_perplexity(path, text, context, stride, threads):
    from llama_cpp import Llama
    llm = Llama(model_path=path, n_ctx=context, n_batch=context, n_threads=threads, n_threads_batch=threads,
                logits_all=True, verbose=False)
    ids = llm.tokenize(open(text, "rb").read(), add_bos=False, special=False)
    total, scored = 0.0, 0
    for begin, end, first in windows(len(ids), context, stride):
        llm.reset()
        llm.eval(ids[begin:end])
        logits = np.asarray(llm.scores[: end - begin], dtype=np.float64)
        for j in range(first, end - begin):
            row = logits[j - 1]
            top = row.max()
            total += top + math.log(np.exp(row - top).sum()) - row[ids[begin + j]]
            scored += 1
    print(f"llama.cpp perplexity {math.exp(total / scored):.4f} over {len(ids)} tokens ({scored} scored)")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("source")
    p.add_argument("written")
    p.add_argument("text")
    p.add_argument("--context", type=int, default=512)
    p.add_argument("--stride", type=int, default=256)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    check_tensors(a.source, a.written)
    llama_perplexity(a.written, a.text, a.context, a.stride, a.threads)


if __name__ == "__main__":
    main()
