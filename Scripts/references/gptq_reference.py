# Reference values for Tests/QuantizationTests/GPTQTests.swift (run: python gptq_reference.py; needs torch).
# Reference GPTQ (the algorithm of IST-DASLab/gptq gptq.py fasterquant + quant.py Quantizer,
# asymmetric, per-channel, with groups / act-order / static groups), float64 here for a stable check.
import torch, json, math
torch.set_default_dtype(torch.float64)
def quantize(x, scale, zero, maxq):
    q = torch.clamp(torch.round(x / scale) + zero, 0, maxq)
    return scale * (q - zero)
def find_params(x, bits):
    maxq = 2 ** bits - 1
    tmp = torch.zeros(x.shape[0])
    xmin = torch.minimum(x.min(1)[0], tmp); xmax = torch.maximum(x.max(1)[0], tmp)
    t = (xmin == 0) & (xmax == 0); xmin[t] = -1; xmax[t] = +1
    scale = (xmax - xmin) / maxq; zero = torch.round(-xmin / scale)
    return scale.unsqueeze(1), zero.unsqueeze(1), maxq
def gptq(W, H, bits, blocksize, percdamp, groupsize, actorder, static_groups):
    W = W.clone(); H = H.clone(); cols = W.shape[1]
    dead = torch.diag(H) == 0; H[dead, dead] = 1; W[:, dead] = 0
    if static_groups:
        groups = [find_params(W[:, i:i + groupsize], bits) for i in range(0, cols, groupsize)]
    if actorder:
        perm = torch.argsort(torch.diag(H), descending=True); W = W[:, perm]; H = H[perm][:, perm]; invperm = torch.argsort(perm)
    Q = torch.zeros_like(W); Losses = torch.zeros_like(W)
    damp = percdamp * torch.mean(torch.diag(H)); H[range(cols), range(cols)] += damp
    H = torch.linalg.cholesky(H); H = torch.cholesky_inverse(H); H = torch.linalg.cholesky(H, upper=True); Hinv = H
    scale, zero, maxq = find_params(W, bits)
    for i1 in range(0, cols, blocksize):
        i2 = min(i1 + blocksize, cols); count = i2 - i1
        W1 = W[:, i1:i2].clone(); Q1 = torch.zeros_like(W1); Err1 = torch.zeros_like(W1); L1 = torch.zeros_like(W1)
        Hinv1 = Hinv[i1:i2, i1:i2]
        for i in range(count):
            w = W1[:, i]; d = Hinv1[i, i]
            if groupsize != -1:
                if not static_groups:
                    if (i1 + i) % groupsize == 0: scale, zero, maxq = find_params(W[:, (i1 + i):(i1 + i + groupsize)], bits)
                else:
                    idx = i1 + i
                    if actorder: idx = perm[idx]
                    scale, zero, maxq = groups[idx // groupsize]
            q = quantize(w.unsqueeze(1), scale, zero, maxq).flatten()
            Q1[:, i] = q; L1[:, i] = (w - q) ** 2 / d ** 2 / 2
            err1 = (w - q) / d
            W1[:, i:] -= err1.unsqueeze(1).matmul(Hinv1[i, i:].unsqueeze(0)); Err1[:, i] = err1
        Q[:, i1:i2] = Q1; W[:, i2:] -= Err1.matmul(Hinv[i1:i2, i2:])
    if actorder: Q = Q[:, invperm]
    return Q, float(torch.sum(Losses))
g = torch.Generator().manual_seed(0)
rows, cols, n = 6, 12, 40
W = torch.randn(rows, cols, generator=g)
X = torch.randn(n, cols, generator=g) @ torch.randn(cols, cols, generator=g) * 0.5
X[:, 5] = 0
W = torch.round(W * 1e8) / 1e8
X = torch.round(X * 1e8) / 1e8
H = 2 * X.T @ X / n
cases = []
for bits, gs, act, st in [(4, -1, False, False), (3, 4, False, False), (3, 4, True, False), (2, 4, True, True), (4, 8, False, False)]:
    Q, _ = gptq(W, H, bits, 4 if gs != 8 else 5, 0.01, gs, act, st)
    cases.append(dict(bits=bits, group=gs, act=act, static=st, q=[round(v, 6) for v in Q.flatten().tolist()]))
json.dump(dict(W=[round(v, 8) for v in W.flatten().tolist()], X=[round(v, 8) for v in X.flatten().tolist()], cases=cases), open('ref.json', 'w'))
print(cases[0]['q'][:6])
