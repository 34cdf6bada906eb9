# Decoding speed of SmolLM2-135M for compare-llm.sh: llama.cpp (llama-cpp-python, the same GGUF
# file) or Hugging Face transformers fp32 (the same file dequantised), greedy, one JSON line.
# Usage: llm_decode.py --impl llama.cpp|transformers --model FILE.gguf --threads T --tokens N --out FILE
import argparse, json, time
p = argparse.ArgumentParser()
p.add_argument("--impl", required=True); p.add_argument("--model", required=True)
p.add_argument("--threads", type=int, default=1); p.add_argument("--tokens", type=int, default=64)
p.add_argument("--prompt", default="Once upon a time, there was a little"); p.add_argument("--out", required=True)
a = p.parse_args()
if a.impl == "llama.cpp":
    from llama_cpp import Llama
    llm = Llama(model_path=a.model, n_ctx=1024, n_threads=a.threads, n_threads_batch=a.threads, verbose=False)
    ids = llm.tokenize(a.prompt.encode(), add_bos=False)
    t0 = time.perf_counter(); llm.eval(ids); t1 = time.perf_counter()
    for _ in range(a.tokens):
        tok = llm.sample(temp=0.0)
        llm.eval([tok])
    t2 = time.perf_counter()
else:
    import os, torch
    torch.set_num_threads(a.threads)
    from transformers import AutoModelForCausalLM, AutoTokenizer
    d, f = os.path.split(os.path.abspath(a.model))
    tok = AutoTokenizer.from_pretrained(d, gguf_file=f)
    model = AutoModelForCausalLM.from_pretrained(d, gguf_file=f, torch_dtype=torch.float32).eval()
    ids = tok(a.prompt, return_tensors="pt")["input_ids"]
    with torch.no_grad():
        t0 = time.perf_counter(); out = model(ids, use_cache=True); t1 = time.perf_counter()
        past = out.past_key_values; nxt = out.logits[:, -1:].argmax(-1)
        for _ in range(a.tokens):
            out = model(nxt, past_key_values=past, use_cache=True)
            past = out.past_key_values; nxt = out.logits[:, -1:].argmax(-1)
        t2 = time.perf_counter()
    ids = ids[0].tolist()
row = dict(workload="llmdecode", impl=a.impl, threads=a.threads, prompt_tokens=len(ids),
           prefill_tps=len(ids) / (t1 - t0), decode_tps=a.tokens / (t2 - t1))
open(a.out, "a").write(json.dumps(row) + "\n")
print(row)
