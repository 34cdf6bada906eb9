#ifndef QUANTA_POOL_H
#define QUANTA_POOL_H

/// One index of a parallel loop: `task(context, index)`.
typedef void (*quanta_pool_task)(void *context, long index);

/// Runs task(context, i) for every i in [0, count) on the calling thread and the pool's helper
/// threads (created up to `threads − 1`; helpers made for an earlier, larger call join too),
/// and returns when all are done. Helpers are created once and
/// spin for about 0.2 ms after each loop before they sleep, so loops of a few tens of
/// microseconds still reach a second core (a parked thread takes that long to wake). Indices
/// are handed out one at a time; a helper that comes late finds none left. Calls from several
/// threads at once are serialised; a call from inside a task runs inline.
void quanta_pool_run(long count, int threads, quanta_pool_task task, void *context);

#endif
