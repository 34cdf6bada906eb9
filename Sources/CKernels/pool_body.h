// Pooling loops, written once; included by pooling.c per instruction set. Plain loops with
// selects that the compiler vectorises (strided loads of the window columns).
#define FN(name) QK_CAT3(name, RS, ISA_SUFFIX)

ISA_TARGET void FN(max_pool2x2_f32)(const float *x, float *out, int32_t *argmax, long planes, long h, long w) {
    long oh = h / 2, ow = w / 2;
    for (long pl = 0; pl < planes; pl++) {
        for (long y = 0; y < oh; y++) {
            long top = pl * h * w + 2 * y * w;
            const float *r0 = x + top, *r1 = r0 + w;
            float *dst = out + (pl * oh + y) * ow;
            int32_t *arg = argmax + (pl * oh + y) * ow;
            for (long i = 0; i < ow; i++) {
                float a = r0[2 * i], b = r0[2 * i + 1], c = r1[2 * i], d = r1[2 * i + 1];
                float sum = a + b + c + d;
                int nan = sum != sum;
                float best = a;
                long at = top + 2 * i;
                if (b > best || (nan && b != b)) {
                    best = b;
                    at = top + 2 * i + 1;
                }
                if (c > best || (nan && c != c)) {
                    best = c;
                    at = top + w + 2 * i;
                }
                if (d > best || (nan && d != d)) {
                    best = d;
                    at = top + w + 2 * i + 1;
                }
                dst[i] = best;
                arg[i] = (int32_t)at;
            }
        }
    }
}

#undef FN
