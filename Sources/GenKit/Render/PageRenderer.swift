import Templates

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
        var hash: UInt64?
        return write(file, to: sink, hash: &hash)
    }

    /// Writes `file`; `hash` is its `ContentHash` when the sink computed it. Returns the failure.
    static func write(_ file: OutputFile, to sink: OutputSink, hash: inout UInt64?) -> String? {
        if TemplateLibrary.exceedsMaximum(file.bytes) {
            return "'\(file.path)' would be larger than \(maximumRenderedBytes >> 20) MB: "
                + "its template repeats too much (a list inside a list inside a list?)"
        }
        return PhaseTimer.measure(12) { () -> String? in
            do { hash = try sink.write(file); return nil } catch { return "\(error)" }
        }
    }
}
