/// The render stage's last step: makes planned pages on all cores and hands each to the write
/// stage (`OutputSink`) as soon as it is made.
struct PageRenderer: Sendable {
    let jobs: Int

    /// Renders and writes `pages`; returns the write failures.
    func run(_ pages: [PlannedPage], environment: PageEnvironment, sink: OutputSink) -> [String] {
        parallelMap(pages.count, jobs: jobs) { i -> String? in
            Self.write(pages[i].render(environment), to: sink)
        }.compactMap { $0 }
    }

    static func write(_ file: OutputFile, to sink: OutputSink) -> String? {
        PhaseTimer.measure(12) { () -> String? in
            do { try sink.write(file); return nil } catch { return "\(error)" }
        }
    }
}
