"""Sentence embeddings of all-MiniLM-L6-v2 by sentence-transformers, set beside Quanta's.

    quanta embed --model FOLDER --text TEXT > quanta.txt
    python minilm_reference.py FOLDER TEXT quanta.txt [--swift N]

Prints the smallest cosine between the two embeddings of each non-empty line of TEXT; with
--swift N, the first N reference embeddings as Swift array literals (for the tests).
Development only (needs `pip install sentence-transformers`).
"""
import argparse

import numpy as np
from sentence_transformers import SentenceTransformer


def main():
    p = argparse.ArgumentParser()
    p.add_argument("folder")
    p.add_argument("text")
    p.add_argument("quanta")
    p.add_argument("--swift", type=int, default=0)
    a = p.parse_args()
    lines = [line for line in open(a.text, encoding="utf-8").read().split("\n") if line.strip()]
    model = SentenceTransformer(a.folder, device="cpu")
    reference = model.encode(lines, batch_size=32, convert_to_numpy=True, normalize_embeddings=False)
    ours = np.loadtxt(a.quanta, dtype=np.float64, ndmin=2)
    assert ours.shape == reference.shape, (ours.shape, reference.shape)
    cos = (ours * reference).sum(1) / np.linalg.norm(ours, axis=1) / np.linalg.norm(reference, axis=1)
    worst = int(cos.argmin())
    print(f"{len(lines)} lines: cosine min {cos.min():.8f} (line {worst + 1}), mean {cos.mean():.8f}; "
          f"largest element difference {np.abs(ours - reference).max():.2e}")
    for i in range(a.swift):
        print(f"    {lines[i]!r}:", "[" + ", ".join(f"{x:.6g}" for x in reference[i]) + "],")


if __name__ == "__main__":
    main()
