// Open MPI's handles (MPI_COMM_WORLD, MPI_DOUBLE, MPI_SUM, …) are macros Swift cannot import;
// these inline functions give Swift the few calls Quanta makes, on the world communicator.
#include <mpi.h>
#include <stddef.h>

static inline int quanta_mpi_init(void) {
    int provided = 0;
    return MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
}

static inline int quanta_mpi_initialized(void) {
    int flag = 0;
    MPI_Initialized(&flag);
    return flag;
}

static inline int quanta_mpi_finalized(void) {
    int flag = 0;
    MPI_Finalized(&flag);
    return flag;
}

static inline int quanta_mpi_finalize(void) { return MPI_Finalize(); }

static inline int quanta_mpi_rank(void) {
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    return rank;
}

static inline int quanta_mpi_size(void) {
    int size = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    return size;
}

static inline void quanta_mpi_abort(int code) { MPI_Abort(MPI_COMM_WORLD, code); }

/// In-place sum (op 0) or maximum (op 1) of doubles over all ranks, started without blocking.
static inline int quanta_mpi_iallreduce(double *values, int count, int op, MPI_Request *request) {
    MPI_Op operation = op == 0 ? MPI_SUM : MPI_MAX;
    return MPI_Iallreduce(MPI_IN_PLACE, values, count, MPI_DOUBLE, operation, MPI_COMM_WORLD, request);
}

static inline int quanta_mpi_ibcast(void *bytes, int count, int root, MPI_Request *request) {
    return MPI_Ibcast(bytes, count, MPI_BYTE, root, MPI_COMM_WORLD, request);
}

static inline int quanta_mpi_isend(const void *bytes, int count, int peer, int tag, MPI_Request *request) {
    return MPI_Isend(bytes, count, MPI_BYTE, peer, tag, MPI_COMM_WORLD, request);
}

static inline int quanta_mpi_irecv(void *bytes, int count, int peer, int tag, MPI_Request *request) {
    return MPI_Irecv(bytes, count, MPI_BYTE, peer, tag, MPI_COMM_WORLD, request);
}

/// 1 when the request has completed (it is then freed), 0 while it is pending.
static inline int quanta_mpi_test(MPI_Request *request) {
    int flag = 0;
    MPI_Test(request, &flag, MPI_STATUS_IGNORE);
    return flag;
}
