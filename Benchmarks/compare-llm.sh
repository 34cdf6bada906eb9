#!/usr/bin/env bash
# SmolLM2-135M decoding side by side in one run (issue #21): `quanta generate --json` against
# llama.cpp (llama-cpp-python) on the same Q4_1 GGUF file and against transformers fp32,
# alternated for --rounds rounds at each thread count; summary: median tokens per second and
# Quanta ÷ peer (above 1 = Quanta faster).
# Usage: Benchmarks/compare-llm.sh --model FILE.gguf [--rounds 3] [--threads 1,2] [--tokens 64] [--python PATH]
set -euo pipefail
cd "$(dirname "$0")"
rounds=3; threads=1,2; tokens=64; model=""; python="${QUANTA_PEER_PYTHON:-.peers/.venv/bin/python}"
out="Results/llm-$(date -u +%Y%m%dT%H%MZ).jsonl"
while [ $# -gt 0 ]; do
  case "$1" in
    --model) model="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --tokens) tokens="$2"; shift 2 ;;
    --python) python="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 64 ;;
  esac
done
[ -f "$model" ] || { echo "compare-llm.sh: --model FILE.gguf is required (quanta models list says how to get SmolLM2)" >&2; exit 64; }
[ -x "$python" ] || { echo "compare-llm.sh: no $python (pip install llama-cpp-python torch transformers accelerate gguf), or pass --python" >&2; exit 1; }
(cd .. && swift build -c release --product quanta >&2)
quanta=../.build/release/quanta
mkdir -p "$(dirname "$out")"
prompt="Once upon a time, there was a little"
for r in $(seq 1 "$rounds"); do
  for t in ${threads//,/ }; do
    echo "compare-llm.sh: round $r/$rounds, $t thread(s)" >&2
    "$quanta" generate --model "$model" --prompt "$prompt" --max-tokens $((tokens + 1)) --threads "$t" --json 2>/dev/null | tail -1 \
      | python3 -c 'import json,sys; r=json.load(sys.stdin); print(json.dumps(dict(workload="llmdecode", impl="quanta", threads=r["threads"], prompt_tokens=r["prompt_tokens"], prefill_tps=r["prefill_tokens_per_second"], decode_tps=r["decode_tokens_per_second"])))' >> "$out"
    "$python" peers/llm_decode.py --impl llama.cpp --model "$model" --threads "$t" --tokens "$tokens" --out "$out" > /dev/null 2>&1
    "$python" peers/llm_decode.py --impl transformers --model "$model" --threads "$t" --tokens "$tokens" --out "$out" > /dev/null 2>&1
  done
done
python3 - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
by = {}
for r in rows:
    by.setdefault(r["threads"], {}).setdefault(r["impl"], []).append(r)
print(f"SmolLM2-135M Q4_1 decoding, tokens/s (median over rounds) — {sys.argv[1]}")
for t, impls in sorted(by.items()):
    med = {k: (statistics.median(x["decode_tps"] for x in v), statistics.median(x["prefill_tps"] for x in v)) for k, v in impls.items()}
    q = med["quanta"][0]
    line = f"{t} thread(s): quanta {q:.1f} (prefill {med['quanta'][1]:.0f})"
    for peer in ("llama.cpp", "transformers"):
        if peer in med:
            line += f"; {peer} {med[peer][0]:.1f} (prefill {med[peer][1]:.0f}) → quanta ÷ {peer} {q / med[peer][0]:.2f}"
    print(line)
PY
