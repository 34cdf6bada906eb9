import CAllocator

/// Keeps large tensor buffers in the heap instead of fresh `mmap`s.
///
/// glibc serves allocations above its mmap threshold with new mappings, so every training
/// step would page-fault its activations and gradients in from scratch (measured: a LeNet-5
/// step went from 13.1 to 9.8 ms). Raising the mmap and trim thresholds lets freed buffers be
/// reused, as a caching allocator would. Applied once, on the first tensor allocation.
enum AllocatorTuning {
    static let applied: Bool = {
        quanta_tune_allocator()
        return true
    }()
}
