// Element-wise loops, written once per element type (REAL, RS) and instruction set; plain loops
// the compiler vectorises for the set. The operation switch stays outside the loops.
#define FN(name) QK_CAT3(name, RS, ISA_SUFFIX)

#define QK_BINARY_LOOP(expr)                                                           \
    if (sa == 1 && sb == 1) {                                                          \
        for (long i = 0; i < n; i++) { REAL x = a[i], y = b[i]; out[i] = (expr); }     \
    } else if (sa == 1) {                                                              \
        REAL y = b[0];                                                                 \
        for (long i = 0; i < n; i++) { REAL x = a[i]; out[i] = (expr); }               \
    } else if (sb == 1) {                                                              \
        REAL x = a[0];                                                                 \
        for (long i = 0; i < n; i++) { REAL y = b[i]; out[i] = (expr); }               \
    } else {                                                                           \
        REAL x = a[0], y = b[0];                                                       \
        for (long i = 0; i < n; i++) out[i] = (expr);                                  \
    }

ISA_TARGET void FN(ew_binary)(int op, const void *va, long sa, const void *vb, long sb, void *vout, long n) {
    const REAL *a = va, *b = vb;
    REAL *out = vout;
    switch (op) {
    case QUANTA_EW_ADD: QK_BINARY_LOOP(x + y) break;
    case QUANTA_EW_SUBTRACT: QK_BINARY_LOOP(x - y) break;
    case QUANTA_EW_MULTIPLY: QK_BINARY_LOOP(x * y) break;
    case QUANTA_EW_DIVIDE: QK_BINARY_LOOP(x / y) break;
    case QUANTA_EW_MAXIMUM: QK_BINARY_LOOP(y >= x ? y : x) break;
    case QUANTA_EW_MINIMUM: QK_BINARY_LOOP(y < x ? y : x) break;
    default: QK_BINARY_LOOP(y > 0 ? x : 0) break;
    }
}

#define QK_UNARY_LOOP(expr) for (long i = 0; i < n; i++) { REAL v = x[i]; out[i] = (expr); }

ISA_TARGET void FN(ew_unary)(int op, const void *vx, void *vout, long n, double dp, double dq) {
    const REAL *x = vx;
    REAL *out = vout;
    REAL p = (REAL)dp, q = (REAL)dq;
    switch (op) {
    case QUANTA_EW_NEGATE: QK_UNARY_LOOP(-v) break;
    case QUANTA_EW_ABS: QK_UNARY_LOOP(__builtin_elementwise_abs(v)) break;
    case QUANTA_EW_SQUARE: QK_UNARY_LOOP(v * v) break;
    case QUANTA_EW_RECIPROCAL: QK_UNARY_LOOP(1 / v) break;
    case QUANTA_EW_RELU: QK_UNARY_LOOP(v < 0 ? 0 : v) break;
    case QUANTA_EW_ADD_SCALAR: QK_UNARY_LOOP(v + p) break;
    case QUANTA_EW_MULTIPLY_SCALAR: QK_UNARY_LOOP(v * p) break;
    case QUANTA_EW_CLAMP:
        for (long i = 0; i < n; i++) {
            REAL v = x[i];
            REAL m = p >= v ? p : v;
            out[i] = q < m ? q : m;
        }
        break;
    default: QK_UNARY_LOOP(__builtin_elementwise_sqrt(v)) break;
    }
}

ISA_TARGET void FN(ew_accumulate)(const void *vsrc, void *vdst, long n) {
    const REAL *src = vsrc;
    REAL *dst = vdst;
    for (long i = 0; i < n; i++) dst[i] += src[i];
}

#undef FN
