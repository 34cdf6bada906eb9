// A small thread pool whose helpers spin briefly before sleeping (see quanta_pool.h).
//
// One atomic ticket describes the current loop: generation (bits 40…63), index count (20…39)
// and the next index (0…19). Threads take indices by compare-and-swap of a ticket of their own
// generation and stop at a ticket of another generation or an index past the count, so a
// helper that arrives late neither runs nor consumes a task of the next loop; the task and
// context are read only after a valid index, while the caller still waits for that loop.
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <time.h>
#include "quanta_pool.h"

#define QK_POOL_MAX 64
#define QK_SPIN_NS 200000L
#define QK_INDEX_BITS 20
#define QK_GENERATION_SHIFT 40

static pthread_mutex_t run_lock = PTHREAD_MUTEX_INITIALIZER;  // one loop at a time
static pthread_mutex_t sleep_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static int helpers = 0;
static _Thread_local int inside_task = 0;

static quanta_pool_task job_task;
static void *job_context;
static atomic_ulong ticket;
static atomic_long done;

static long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

static unsigned long generation_of(unsigned long t) { return t >> QK_GENERATION_SHIFT; }

/// Takes indices of loop `generation` until none are left.
static void work(unsigned long generation) {
    const unsigned long mask = (1UL << QK_INDEX_BITS) - 1;
    inside_task = 1;
    for (;;) {
        unsigned long t = atomic_load_explicit(&ticket, memory_order_acquire);
        unsigned long count = (t >> QK_INDEX_BITS) & mask, i = t & mask;
        if (generation_of(t) != generation || i >= count) break;
        // compare-and-swap, not fetch-add: a helper that was descheduled past the end of its
        // loop must not consume an index of the next one (that task would never run and the
        // caller would wait forever; seen with more busy threads than cores)
        if (!atomic_compare_exchange_weak_explicit(&ticket, &t, t + 1, memory_order_acq_rel, memory_order_acquire)) continue;
        job_task(job_context, (long)i);
        atomic_fetch_add_explicit(&done, 1, memory_order_release);
    }
    inside_task = 0;
}

static void *helper_main(void *unused) {
    (void)unused;
    unsigned long seen = generation_of(atomic_load_explicit(&ticket, memory_order_acquire));
    for (;;) {
        long start = now_ns();
        unsigned long current;
        // spin a while for the next loop, then sleep until one is published
        while ((current = generation_of(atomic_load_explicit(&ticket, memory_order_acquire))) == seen) {
            if (now_ns() - start > QK_SPIN_NS) {
                pthread_mutex_lock(&sleep_lock);
                while ((current = generation_of(atomic_load_explicit(&ticket, memory_order_acquire))) == seen) {
                    pthread_cond_wait(&wake, &sleep_lock);
                }
                pthread_mutex_unlock(&sleep_lock);
                break;
            }
            __builtin_ia32_pause();
        }
        seen = current;
        work(current);
    }
    return 0;
}

void quanta_pool_run(long count, int threads, quanta_pool_task task, void *context) {
    if (count <= 0) return;
    if (threads <= 1 || count == 1 || inside_task || count >= (1L << QK_INDEX_BITS)) {
        for (long i = 0; i < count; i++) task(context, i);
        return;
    }
    pthread_mutex_lock(&run_lock);
    int wanted = threads - 1 < QK_POOL_MAX ? threads - 1 : QK_POOL_MAX;
    while (helpers < wanted) {
        pthread_t t;
        if (pthread_create(&t, 0, helper_main, 0) != 0) break;
        pthread_detach(t);
        helpers++;
    }
    unsigned long generation = (generation_of(atomic_load_explicit(&ticket, memory_order_relaxed)) + 1) & 0xFFFFFF;
    job_task = task;
    job_context = context;
    atomic_store_explicit(&done, 0, memory_order_relaxed);
    pthread_mutex_lock(&sleep_lock);
    atomic_store_explicit(&ticket, (generation << QK_GENERATION_SHIFT) | ((unsigned long)count << QK_INDEX_BITS),
                          memory_order_release);
    pthread_cond_broadcast(&wake);
    pthread_mutex_unlock(&sleep_lock);
    work(generation);
    // Spin while the helpers finish; past QK_SPIN_NS yield the core, which a helper holding
    // the last index may need when the machine has more busy threads than cores.
    long start = now_ns();
    while (atomic_load_explicit(&done, memory_order_acquire) < count) {
        if (now_ns() - start > QK_SPIN_NS) sched_yield();
        else __builtin_ia32_pause();
    }
    pthread_mutex_unlock(&run_lock);
}
