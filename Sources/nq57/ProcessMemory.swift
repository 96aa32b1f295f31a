#if canImport(Glibc)
import Glibc
#endif

/// Process-wide memory settings of the dashboard, made once before any other thread starts (here at
/// the edge: the runtime below does no I/O and calls no C library).
enum ProcessMemory {
    /// One malloc arena for every thread. glibc gives the effect worker's thread an arena of its own
    /// on its first allocation: the rows it reads are allocated there and freed by the loop's thread
    /// when the next load replaces them, so that arena and the main heap each keep their own high
    /// water mark and free lists. In one arena the loop reuses what the worker freed and the reverse:
    /// the browsing session's anonymous memory is 0.8 MB lower at stress scale (BENCHMARKS.md
    /// "Memory, session 6"). The two threads rarely allocate at the same time (the loop waits for
    /// the worker's answer), so the shared lock costs nothing measurable. Call it before the worker
    /// starts: a thread that already has an arena keeps it.
    static func useOneArena() {
        #if canImport(Glibc)
        // mallopt is in <malloc.h>, which the Glibc module does not import; M_ARENA_MAX is -8 there.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }  // RTLD_DEFAULT
        _ = unsafeBitCast(symbol, to: Mallopt.self)(-8, 1)
        #endif
    }
}
