import Foundation
import Synchronization

/// Wall time of each build stage, printed to standard error when GEN_TIMINGS is set.
struct StageTimer {
    private let setting = ProcessInfo.processInfo.environment["GEN_TIMINGS"]
    private var enabled: Bool { setting != nil }
    private var last = ContinuousClock.now
    private var laps: [(String, Duration)] = []

    mutating func lap(_ name: String) {
        guard enabled else { return }
        let now = ContinuousClock.now
        let label = switch setting {
        case "memory": name + Self.peakMemory()
        case "cpu": name + Self.cpuSinceLastLap(&lastCPU)
        default: name
        }
        laps.append((label, now - last))
        last = now
    }

    private var lastCPU = 0

    /// " (CPU N ms)", the process's CPU time (user and system, every thread) since the last lap
    /// (GEN_TIMINGS=cpu): against the lap's wall time, how well the stage uses the cores.
    private static func cpuSinceLastLap(_ last: inout Int) -> String {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let total = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000 + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000
        defer { last = total }
        return " (CPU \(total - last) ms)"
    }

    /// A part of the next lap, measured by the stage itself.
    mutating func part(_ name: String, _ duration: Duration) {
        guard enabled else { return }
        laps.append((name, duration))
    }

    /// " (peak N MiB)", the peak resident memory so far (GEN_TIMINGS=memory).
    private static func peakMemory() -> String {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return " (peak \(usage.ru_maxrss >> 10) MiB)"
    }

    static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }

    func report() {
        guard enabled else { return }
        let text = laps.map { "\($0.0): \(Int($0.1.components.attoseconds / 1_000_000_000_000_000 + $0.1.components.seconds * 1000)) ms" }
        FileHandle.standardError.write(Data(("timings: " + text.joined(separator: ", ") + "\n").utf8))
    }
}

/// CPU-side time of named phases inside parallel stages, summed over all threads; printed with
/// the stage timings when GEN_TIMINGS is set.
enum PhaseTimer {
    static let enabled = ProcessInfo.processInfo.environment["GEN_TIMINGS"] != nil
    private static let names = ["parse", "fold+anchor", "note bodies", "marks", "note list", "json", "apply", "html", "summary+words", "entities", "templates", "page json", "write", "entity pages"]
    private static let totals = Mutex<[Int]>(Array(repeating: 0, count: names.count))

    @inline(__always)
    static func measure<T>(_ phase: Int, _ body: () -> T) -> T {
        guard enabled else { return body() }
        let start = ContinuousClock.now
        let result = body()
        let elapsed = ContinuousClock.now - start
        let nanoseconds = Int(elapsed.components.attoseconds / 1_000_000_000) + Int(elapsed.components.seconds) * 1_000_000_000
        totals.withLock { $0[phase] += nanoseconds }
        return result
    }

    static func report() {
        guard enabled else { return }
        let values = totals.withLock { $0 }
        let text = names.indices.map { "\(names[$0]): \(values[$0] / 1_000_000) ms" }
        FileHandle.standardError.write(Data(("phases: " + text.joined(separator: ", ") + "\n").utf8))
    }
}
