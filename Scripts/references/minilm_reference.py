"""Sentence embeddings of all-MiniLM-L6-v2 by sentence-transformers, set beside Quanta's.

    quanta embed --model FOLDER --text TEXT > quanta.txt
    python minilm_reference.py FOLDER TEXT quanta.txt [--swift N] [--similarity TEXT_EVAL]

Prints the smallest cosine between the two embeddings of each non-empty line of TEXT; with
--swift N, the first N reference embeddings as Swift array literals (for the tests); with
--similarity, the F32 model's correlations on text-eval's rated sets (the gptq reproduction's
reference row: Pearson over the Lee pairs, Spearman over SimLex-999 and WordSim-353).
Development only (needs `pip install sentence-transformers`).
"""
import argparse

import numpy as np
from sentence_transformers import SentenceTransformer


def similarity(model, data):
    from scipy.stats import pearsonr, spearmanr
    docs = [d for d in open(f"{data}/lee.cor", encoding="latin-1").read().split("\n") if d]
    ratings = np.loadtxt(f"{data}/similarities0-1.txt")
    e = model.encode(docs, normalize_embeddings=True)
    upper = np.triu_indices(50, 1)
    print(f"Lee documents: Pearson {pearsonr((e @ e.T)[upper], ratings[upper])[0]:.4f}")
    for name in ["simlex999.txt", "wordsim353.tsv"]:
        rows = [line.split("\t") for line in open(f"{data}/{name}").read().split("\n") if line and not line.startswith("#")]
        a = model.encode([r[0] for r in rows], normalize_embeddings=True)
        b = model.encode([r[1] for r in rows], normalize_embeddings=True)
        print(f"{name}: Spearman {spearmanr((a * b).sum(1), [float(r[2]) for r in rows])[0]:.4f}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("folder")
    p.add_argument("text")
    p.add_argument("quanta")
    p.add_argument("--swift", type=int, default=0)
    p.add_argument("--similarity")
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
    if a.similarity:
        similarity(model, a.similarity)
    for i in range(a.swift):
        print(f"    {lines[i]!r}:", "[" + ", ".join(f"{x:.6g}" for x in reference[i]) + "],")


if __name__ == "__main__":
    main()
