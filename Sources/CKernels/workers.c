// A spinning worker pool for the decoder's many short parallel sections.
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <immintrin.h>
#include "quanta_workers.h"

// About a millisecond of pause instructions before a worker sleeps.
#define SPINS 20000

struct quanta_workers {
    int threads;
    pthread_t *ids;
    _Atomic unsigned generation;
    _Atomic int pending;
    _Atomic int stop;
    void (*fn)(void *, int, int);
    void *context;
    pthread_mutex_t lock;
    pthread_cond_t wake;
};

typedef struct {
    quanta_workers *pool;
    int part;
} worker_start;

static void *worker(void *argument) {
    worker_start start = *(worker_start *)argument;
    free(argument);
    quanta_workers *pool = start.pool;
    unsigned seen = 0;
    for (;;) {
        unsigned g;
        int spins = 0;
        while ((g = atomic_load_explicit(&pool->generation, memory_order_acquire)) == seen) {
            if (atomic_load_explicit(&pool->stop, memory_order_acquire)) return NULL;
            if (++spins < SPINS) {
                _mm_pause();
                continue;
            }
            pthread_mutex_lock(&pool->lock);
            while (atomic_load(&pool->generation) == seen && !atomic_load(&pool->stop)) pthread_cond_wait(&pool->wake, &pool->lock);
            pthread_mutex_unlock(&pool->lock);
        }
        seen = g;
        pool->fn(pool->context, start.part, pool->threads);
        atomic_fetch_sub_explicit(&pool->pending, 1, memory_order_release);
    }
}

quanta_workers *quanta_workers_create(int threads) {
    quanta_workers *pool = calloc(1, sizeof(quanta_workers));
    pool->threads = threads < 1 ? 1 : threads;
    pool->ids = calloc((size_t)pool->threads, sizeof(pthread_t));
    pthread_mutex_init(&pool->lock, NULL);
    pthread_cond_init(&pool->wake, NULL);
    for (int i = 1; i < pool->threads; i++) {
        worker_start *start = malloc(sizeof(worker_start));
        start->pool = pool;
        start->part = i;
        if (pthread_create(&pool->ids[i], NULL, worker, start) != 0) {
            // Fewer threads than asked: the caller runs the missing parts itself.
            free(start);
            pool->threads = i;
            break;
        }
    }
    return pool;
}

void quanta_workers_destroy(quanta_workers *pool) {
    pthread_mutex_lock(&pool->lock);
    atomic_store(&pool->stop, 1);
    pthread_cond_broadcast(&pool->wake);
    pthread_mutex_unlock(&pool->lock);
    for (int i = 1; i < pool->threads; i++) pthread_join(pool->ids[i], NULL);
    pthread_cond_destroy(&pool->wake);
    pthread_mutex_destroy(&pool->lock);
    free(pool->ids);
    free(pool);
}

void quanta_workers_run(quanta_workers *pool, void (*fn)(void *, int, int), void *context) {
    if (pool->threads == 1) {
        fn(context, 0, 1);
        return;
    }
    pool->fn = fn;
    pool->context = context;
    atomic_store_explicit(&pool->pending, pool->threads - 1, memory_order_relaxed);
    pthread_mutex_lock(&pool->lock);
    atomic_fetch_add_explicit(&pool->generation, 1, memory_order_release);
    pthread_cond_broadcast(&pool->wake);
    pthread_mutex_unlock(&pool->lock);
    fn(context, 0, pool->threads);
    while (atomic_load_explicit(&pool->pending, memory_order_acquire) > 0) _mm_pause();
}
