import Foundation

/// Wall time of each build stage, printed to standard error when GEN_TIMINGS is set.
struct StageTimer {
    private let enabled = ProcessInfo.processInfo.environment["GEN_TIMINGS"] != nil
    private var last = ContinuousClock.now
    private var laps: [(String, Duration)] = []

    mutating func lap(_ name: String) {
        guard enabled else { return }
        let now = ContinuousClock.now
        laps.append((name, now - last))
        last = now
    }

    func report() {
        guard enabled else { return }
        let text = laps.map { "\($0.0): \(Int($0.1.components.attoseconds / 1_000_000_000_000_000 + $0.1.components.seconds * 1000)) ms" }
        FileHandle.standardError.write(Data(("timings: " + text.joined(separator: ", ") + "\n").utf8))
    }
}
