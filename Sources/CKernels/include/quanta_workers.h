#ifndef QUANTA_WORKERS_H
#define QUANTA_WORKERS_H

/// A fixed set of threads for short, frequent parallel sections (a decoder runs hundreds per
/// token): workers spin briefly between sections, then sleep on a condition variable.
typedef struct quanta_workers quanta_workers;

/// A pool of `threads` parts (the caller runs part 0, threads − 1 workers the others).
quanta_workers *quanta_workers_create(int threads);

/// Stops and joins the workers.
void quanta_workers_destroy(quanta_workers *pool);

/// Calls fn(context, part, parts) for every part, the caller taking part 0; returns when all
/// parts are done. Not reentrant: one section at a time per pool.
void quanta_workers_run(quanta_workers *pool, void (*fn)(void *context, int part, int parts), void *context);

#endif
