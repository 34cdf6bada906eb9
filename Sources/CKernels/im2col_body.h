// im2col and col2im, written once per element type (REAL, RS) and instruction set. Rows are
// often 8–24 long: the valid ranges are found once per tap, the inner loops only copy or add.
#define FN(name) QK_CAT3(name, RS, ISA_SUFFIX)

/// The output positions o in [0, count) whose input o·stride + offset lies in [0, size): [*lo, *hi).
static inline void FN(valid)(long offset, long stride, long size, long count, long *lo, long *hi) {
    long first = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
    long last = size - 1 - offset;
    long end = last < 0 ? 0 : (last / stride + 1 < count ? last / stride + 1 : count);
    *lo = first < end ? first : end;
    *hi = end;
}

ISA_TARGET void FN(im2col)(const void *vx, void *vcols, const quanta_window *g, long images) {
    const REAL *x = vx;
    REAL *cols = vcols;
    long plane = g->height * g->width, ow = g->out_w, p = g->out_h * g->out_w, row_length = images * p;
    long sw = g->stride_w, step = g->stride_h * g->width;
    for (long c = 0; c < g->channels; c++) {
        for (long kh = 0; kh < g->kernel_h; kh++) {
            long off_h = kh * g->dilation_h - g->pad_h, r0, r1;
            FN(valid)(off_h, g->stride_h, g->height, g->out_h, &r0, &r1);
            for (long kw = 0; kw < g->kernel_w; kw++) {
                REAL *row = cols + ((c * g->kernel_h + kh) * g->kernel_w + kw) * row_length;
                long off_w = kw * g->dilation_w - g->pad_w, v0, v1;
                FN(valid)(off_w, sw, g->width, ow, &v0, &v1);
                for (long b = 0; b < images; b++) {
                    REAL *dst = row + b * p;
                    for (long i = 0; i < r0 * ow; i++) dst[i] = 0;
                    dst += r0 * ow;
                    const REAL *src = x + (b * g->channels + c) * plane + (r0 * g->stride_h + off_h) * g->width + off_w;
                    for (long r = r0; r < r1; r++) {
                        for (long i = 0; i < v0; i++) dst[i] = 0;
                        if (sw == 1) {
                            for (long i = v0; i < v1; i++) dst[i] = src[i];
                        } else {
                            for (long i = v0; i < v1; i++) dst[i] = src[i * sw];
                        }
                        for (long i = v1; i < ow; i++) dst[i] = 0;
                        dst += ow;
                        src += step;
                    }
                    for (long i = 0; i < (g->out_h - r1) * ow; i++) dst[i] = 0;
                }
            }
        }
    }
}

ISA_TARGET void FN(col2im)(const void *vcols, void *vdx, const quanta_window *g, long images) {
    const REAL *cols = vcols;
    REAL *dx = vdx;
    long plane = g->height * g->width, ow = g->out_w, p = g->out_h * g->out_w, row_length = images * p;
    long sw = g->stride_w, step = g->stride_h * g->width;
    for (long i = 0; i < images * g->channels * plane; i++) dx[i] = 0;
    for (long c = 0; c < g->channels; c++) {
        for (long kh = 0; kh < g->kernel_h; kh++) {
            long off_h = kh * g->dilation_h - g->pad_h, r0, r1;
            FN(valid)(off_h, g->stride_h, g->height, g->out_h, &r0, &r1);
            for (long kw = 0; kw < g->kernel_w; kw++) {
                const REAL *row = cols + ((c * g->kernel_h + kh) * g->kernel_w + kw) * row_length;
                long off_w = kw * g->dilation_w - g->pad_w, v0, v1;
                FN(valid)(off_w, sw, g->width, ow, &v0, &v1);
                for (long b = 0; b < images; b++) {
                    const REAL *src = row + b * p + r0 * ow;
                    REAL *dst = dx + (b * g->channels + c) * plane + (r0 * g->stride_h + off_h) * g->width + off_w;
                    for (long r = r0; r < r1; r++) {
                        if (sw == 1) {
                            for (long i = v0; i < v1; i++) dst[i] += src[i];
                        } else {
                            for (long i = v0; i < v1; i++) dst[i * sw] += src[i];
                        }
                        src += ow;
                        dst += step;
                    }
                }
            }
        }
    }
}

#undef FN
