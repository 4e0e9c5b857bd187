import Foundation
import Markdown

/// What to build and how.
public struct BuildOptions: Sendable {
    public var siteDirectory: String
    public var baseURL: String?
    public var drafts = false
    public var jobs = ProcessInfo.processInfo.activeProcessorCount

    public init(siteDirectory: String, baseURL: String? = nil, drafts: Bool = false, jobs: Int? = nil) {
        self.siteDirectory = siteDirectory
        self.baseURL = baseURL
        self.drafts = drafts
        if let jobs { self.jobs = max(1, jobs) }
    }
}

/// Where a build's files go.
public enum OutputTarget: Sendable {
    /// Kept in `BuildResult.files` (gen check, tests).
    case memory
    /// Written beside the output folder and swapped in if the build succeeds.
    case folder(OutputWriter)
    /// Rendered and dropped: every validation, no output (a refused output folder).
    case discard
}

/// A built site: every diagnostic, and the output files when built into memory.
public struct BuildResult: Sendable {
    public var config: SiteConfig
    public var diagnostics: DiagnosticList
    public var files: [OutputFile]
    public var articleCount: Int
    public var sourceCount = 0
    /// Notes anchored to their passages.
    public var noteCount = 0
    public var entityCount = 0
    /// Notes whose quote is no longer in their article (errors, or warnings with orphans = "warn").
    public var orphans: [OrphanedNote] = []
    /// What the build read and rendered, kept alive with the result: freeing a large site's
    /// millions of small values takes a noticeable share of a build, and a command that is about
    /// to exit can leave that to the operating system.
    public var session: SiteSession?
    /// How many files the build writes (pages and assets).
    public var pageCount = 0

    public var succeeded: Bool { !diagnostics.hasErrors }
}

/// Runs the build pipeline: LoadConfig -> ReadContent (articles, notes) -> BuildIndexes ->
/// RenderMarkdown (anchoring notes, citations) -> RenderPages.
/// Writing is separate (`OutputWriter`), so `gen check` runs the same stages and writes nothing.
public struct SiteBuilder: Sendable {
    public var options: BuildOptions
    public var fileSystem: FileSystem

    public init(options: BuildOptions, fileSystem: FileSystem = LocalFileSystem()) {
        self.options = options
        self.fileSystem = fileSystem
    }

    public func build(into target: OutputTarget = .memory) -> BuildResult {
        build(into: target, session: SiteSession(options: options, fileSystem: fileSystem))
    }

    /// Builds with `session`, which keeps what it read for later updates (`gen serve`).
    public func build(into target: OutputTarget, session: SiteSession) -> BuildResult {
        var timer = StageTimer()
        defer { timer.report(); PhaseTimer.report() }
        // The output folder's spare copy is read while the site is.
        var scan: SpareScan?
        if case .folder(let writer) = target { scan = writer.scanSpare() }
        session.loadAll(timer: &timer)
        // The site's diagnostics, gathered once: writing adds only its own failures.
        var result = session.result()
        result.session = session
        if result.diagnostics.hasErrors { return result }

        // RenderPages, each page written as soon as it is made.
        let pages = session.pages
        let paths = pages.plannedPaths(session.rendered, index: session.index)
        let memory = MemorySink()
        let sink: OutputSink
        var outputSession: OutputSession?
        switch target {
        case .memory: sink = memory
        case .discard: sink = DiscardSink()
        case .folder(let writer):
            do {
                outputSession = try writer.begin(paths: paths, scan: scan)
                sink = outputSession!
            } catch {
                result.diagnostics.error("cannot write the output: \(error)", at: nil)
                return result
            }
        }
        timer.lap("prepare output")
        let failures = pages.run(session.rendered, index: session.index, sink: sink)
        timer.lap("render and write pages")
        if let failure = failures.first {
            result.diagnostics.error("cannot write the output: \(failure)", at: nil)
        }
        if let outputSession {
            if result.diagnostics.hasErrors {
                outputSession.abandon()
            } else {
                do { try outputSession.commit() } catch { result.diagnostics.error("cannot write the output: \(error)", at: nil) }
            }
            timer.lap("swap")
        }
        result.files = memory.files
        result.pageCount = paths.count
        return result
    }
}
