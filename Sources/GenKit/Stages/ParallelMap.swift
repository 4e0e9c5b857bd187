import Foundation
import Synchronization

/// Runs `body` for 0..<count on up to `jobs` threads and returns the results in index order,
/// so output never depends on scheduling.
func parallelMap<T: Sendable>(_ count: Int, jobs: Int, _ body: @Sendable (Int) -> T) -> [T] {
    guard count > 0 else { return [] }
    let workers = max(1, min(jobs, count))
    if workers == 1 { return (0..<count).map(body) }
    let results = ResultSlots<T>(count: count)
    let next = AtomicCounter()
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while true {
            let index = next.increment()
            if index >= count { break }
            results.set(index, body(index))
        }
    }
    return results.collect()
}

/// Loads every file of `paths` on up to `jobs` threads, each with diagnostics of its own; the
/// results in path order.
func parallelLoad<T: Sendable>(_ paths: [String], jobs: Int,
                               _ load: @Sendable (String, inout DiagnosticList) -> T?) -> [(value: T?, diagnostics: DiagnosticList)] {
    parallelMap(paths.count, jobs: jobs) { i in
        var local = DiagnosticList()
        let value = load(paths[i], &local)
        return (value, local)
    }
}

/// Result storage written by distinct indices from several threads, read after all finish.
private final class ResultSlots<T>: @unchecked Sendable {
    private var slots: UnsafeMutableBufferPointer<T?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func set(_ index: Int, _ value: T) { slots[index] = value }

    /// The results, moved out (each slot is left empty; a copy would retain every value's parts).
    func collect() -> [T] {
        [T](unsafeUninitializedCapacity: slots.count) { buffer, count in
            for i in slots.indices {
                (buffer.baseAddress! + i).initialize(to: slots[i].take()!)
            }
            count = slots.count
        }
    }
}

/// A shared counter handing out work item indices.
private final class AtomicCounter: Sendable {
    private let value = Atomic<Int>(0)

    func increment() -> Int {
        value.add(1, ordering: .relaxed).oldValue
    }
}

/// Work started on another thread now and collected later with `wait()`.
final class BackgroundTask<T>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: T?

    init(_ work: @escaping @Sendable () -> T) {
        DispatchQueue.global().async { [self] in
            result = work()
            done.signal()
        }
    }

    /// The result, once the work is done (as often as asked).
    func wait() -> T {
        done.wait()
        done.signal()
        return result!
    }
}
