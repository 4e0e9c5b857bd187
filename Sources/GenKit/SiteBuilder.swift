import Foundation
import Synchronization
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
    /// The output files (built into memory) in the order they were made; `files` sorts them.
    public var unsortedFiles: [OutputFile]
    /// The output files by path.
    public var files: [OutputFile] { unsortedFiles.sorted { $0.path < $1.path } }
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
        build(into: target, session: SiteSession(options: options, fileSystem: fileSystem), keepPages: false)
    }

    /// Builds with `session`, which keeps what it read for later updates (`gen serve`).
    public func build(into target: OutputTarget, session: SiteSession) -> BuildResult {
        build(into: target, session: session, keepPages: true)
    }

    /// Each article's page is rendered and written as soon as its Markdown is, in the same task;
    /// without `keepPages`, what only that page shows is then dropped (a session that is not
    /// updated later has no use for it, and a large site's pages would fill memory).
    private func build(into target: OutputTarget, session: SiteSession, keepPages: Bool) -> BuildResult {
        var timer = StageTimer()
        defer { timer.report(); PhaseTimer.report() }
        // The output folder's spare copy is read while the site is.
        var scan: SpareScan?
        if case .folder(let writer) = target { scan = writer.scanSpare() }
        session.loadContent(timer: &timer)
        if session.diagnostics.hasErrors || session.theme == nil {
            // Every article is still rendered, so that every problem is reported in this run;
            // nothing is written.
            session.rendered = session.renderArticles(session.articles)
            session.buildEntityPages()
            var result = session.result()
            result.session = session
            return result
        }

        // The output is readied for every page the site will have, then each article's files
        // are written as it is rendered, then the pages that list articles and entities.
        var articlePages = session.pages
        articlePages.entities = EntityPages(index: session.entities, pages: [])
        let annotated = session.articles.map { !(session.notesByArticle[$0.slug] ?? []).isEmpty }
        let paths = articlePages.plannedPaths(session.articles, annotated: annotated, index: session.index)
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
                var result = session.result()
                result.diagnostics.error("cannot write the output: \(error)", at: nil)
                return result
            }
        }
        timer.lap("prepare output")
        let failures = Mutex<[String]>([])
        let shared = articlePages.articleShared(index: session.index)
        let plannedAnnotations = Dictionary(uniqueKeysWithValues: zip(session.articles.map(\.slug), annotated))
        session.rendered = session.renderArticles(session.articles) { [articlePages] rendered in
            let problems = articlePages.writeArticle(rendered, shared: shared,
                                                     planned: plannedAnnotations[rendered.article.slug] ?? false, sink: sink)
            if !problems.isEmpty { failures.withLock { $0 += problems } }
            if !keepPages { rendered.dropPageContent() }
        }
        timer.lap("render markdown and article pages")
        // Entity pages are gathered on one thread while the other list pages render.
        let gathering = BackgroundTask { session.buildEntityPages() }
        // The list contexts are shared by both runs and kept with the session (freeing them one
        // by one would cost more than the process's exit).
        let summaries = articlePages.summaries(of: session.rendered, index: session.index)
        var listFailures = articlePages.run(session.rendered, index: session.index, sink: sink, articlePages: false,
                                            entityPages: false, summaries: summaries)
        gathering.wait()
        timer.lap("list pages, entity pages gathered")
        listFailures += session.pages.run(session.rendered, index: session.index, sink: sink, articlePages: false,
                                          entityPages: true, summaries: summaries)
        if !keepPages { session.keptUntilExit.append(summaries) }
        timer.lap("entity pages")

        var result = session.result()
        result.session = session
        if let failure = (failures.withLock { $0 } + listFailures).first {
            result.diagnostics.error("cannot write the output: \(failure)", at: nil)
        }
        if let outputSession {
            if result.diagnostics.hasErrors {
                outputSession.abandon()
            } else {
                do { try outputSession.commit() } catch { result.diagnostics.error("cannot write the output: \(error)", at: nil) }
            }
            if !keepPages { session.keptUntilExit.append(outputSession) }
            timer.lap("swap")
        }
        // A build with errors has no output, in memory as on disk.
        result.unsortedFiles = result.diagnostics.hasErrors ? [] : memory.unsortedFiles
        let unmade = zip(annotated, session.rendered).filter { $0.0 && $0.1.anchored.isEmpty }.count
        result.pageCount = paths.count - unmade
        return result
    }
}
