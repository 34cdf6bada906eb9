#ifndef QUANTA_CKERNELS_H
#define QUANTA_CKERNELS_H
// Hot loops compiled per instruction set behind run-time dispatch (see quanta_isa.h).
#include "quanta_isa.h"
#include "quanta_statevector.h"
#include "quanta_quantized.h"
#include "quanta_convolution.h"
#include "quanta_pooling.h"
#include "quanta_elementwise.h"
#include "quanta_im2col.h"
#include "quanta_pool.h"
#include "quanta_lowbit.h"
#include "quanta_workers.h"
#endif
