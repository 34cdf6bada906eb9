# SmolLM2's tokenizer rebuilt with Hugging Face `tokenizers` from the GGUF vocabulary and merges,
# with the model's published pre-tokeniser: Digits(individual_digits) then ByteLevel (GPT-2 pattern).
import sys
from gguf import GGUFReader
from tokenizers import Tokenizer, models, pre_tokenizers, decoders, AddedToken
r=GGUFReader(sys.argv[1])
f=r.fields['tokenizer.ggml.tokens']; toks=[bytes(f.parts[i]).decode() for i in f.data]
m=r.fields['tokenizer.ggml.merges']; merges=[tuple(bytes(m.parts[i]).decode().split(' ')) for i in m.data]
tt=r.fields['tokenizer.ggml.token_type']; types=[int(tt.parts[i][0]) for i in tt.data]
tok=Tokenizer(models.BPE(vocab={t:i for i,t in enumerate(toks)}, merges=merges))
tok.pre_tokenizer=pre_tokenizers.Sequence([pre_tokenizers.Digits(individual_digits=True), pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)])
tok.decoder=decoders.ByteLevel()
tok.add_special_tokens([AddedToken(toks[i], special=True) for i in range(len(toks)) if types[i]==3])
lines=open(sys.argv[2]).read().split('\n')
with open(sys.argv[3],'w') as out:
    for l in lines: out.write(' '.join(map(str,tok.encode(l).ids))+'\n')
print(len(lines), 'lines', sum(len(tok.encode(l).ids) for l in lines), 'tokens')
