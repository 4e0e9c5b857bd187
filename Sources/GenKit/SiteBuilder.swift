import Foundation
import ByteText
import Synchronization
import Markdown

/// What to build and how.
public struct BuildOptions: Sendable {
    public var siteDirectory: String
    public var baseURL: String?
    public var drafts = false
    /// Build articles dated after `now` too.
    public var future = false
    /// What "the future" is measured from (seconds since 1970).
    public var now = Int(Date().timeIntervalSince1970)
    public var jobs = ProcessInfo.processInfo.activeProcessorCount
    /// Links end in `index.html` (`[output] file_urls`), whatever gen.toml says.
    public var fileURLs = false
    /// Look for Pagefind and index the site for search as gen.toml's `[search]` says (`gen build`
    /// without `--no-search`, `gen serve`). Off, the site has no search page or box.
    public var search = false
    /// Use the rendered documents the last build into the same output folder kept
    /// (`RenderCache`): off, every document is rendered anew (the cache is still written).
    public var readRenderCache = true
    /// For `gen annotations pin`: each anchored note gets the words of its sentence, up to this
    /// many characters each side (`AnchoredNote.sentence`).
    public var sentenceWindow: Int?
    /// The output of the last build, whose annotations.jsonld files say where each note was: a
    /// note now on the same words elsewhere is a warning. A build into a folder reads that
    /// folder, or this one when that holds no build (`gen build --output` elsewhere names the
    /// site's own); `gen check` and `gen serve` name the site's output folder (the preview's
    /// updates compare with it too, as the next `gen build` will).
    public var previousOutput: String?
    /// Every warning is an error (`--strict`): a build with any writes nothing.
    public var strict = false
    /// A fact check whose claim, sentence or place changed since the last build is a warning,
    /// and the build publishes it (`--accept-claim-changes`, the preview's; or
    /// `--accept-claim-change SLUG#ID`, those named), instead of an error (`AnchorRepair.moved`).
    public var acceptClaimChanges = ClaimAcceptance.none
    /// Keep the pages of a build into memory that has errors (`gen check`, to check their links
    /// all the same: every problem in one run); otherwise such a build has no output.
    public var keepPagesWithErrors = false

    public init(siteDirectory: String, baseURL: String? = nil, drafts: Bool = false, future: Bool = false, jobs: Int? = nil) {
        self.siteDirectory = siteDirectory
        self.baseURL = baseURL
        self.drafts = drafts
        self.future = future
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
    /// Articles left out: drafts (without `--drafts`) and dated in the future (without `--future`).
    public var draftCount = 0
    public var futureCount = 0
    /// Standalone pages built.
    public var standaloneCount = 0
    /// How long indexing for search took, and how many pages Pagefind indexed (nil: not indexed).
    public var searchMilliseconds: Int?
    public var searchPages = 0
    /// Documents whose rendering was taken from the render cache instead of made again.
    public var cachedDocuments = 0
    /// Fact checks that no last build was there to compare with (`AnchorRepair.unpinnedFactChecks`).
    public var uncomparedFactChecks: [String] = []

    public var succeeded: Bool { !diagnostics.hasErrors }
}

/// Runs the build pipeline, one way, in named stages (`SiteBuilder+Stages.swift`), each a
/// function of what the stages before it made:
///
///     load (SiteLoader.load → LoadedSite: config, documents, notes by document, entities,
///       sources, theme, static files, tags)
///     → plan (planPages: every path the build will write) → prepareOutput (PreparedOutput)
///     → render documents (renderDocuments → RenderedDocuments: notes anchored, citations,
///       mentions; each document's own files written as it is rendered; a build into a folder
///       takes a document whose inputs are unchanged from the render cache instead)
///     → render lists, and index the entities meanwhile (renderListPages → RenderedLists)
///     → render entity pages (renderEntityPages → RenderedEntityPages)
///     → search (indexForSearch) → write (finish: swap in, or keep in memory)
///
/// Writing is the sink's (`OutputWriter`), so `gen check` runs the same stages and writes nothing.
public struct SiteBuilder: Sendable {
    public var options: BuildOptions
    public var fileSystem: FileSystem

    public init(options: BuildOptions, fileSystem: FileSystem = LocalFileSystem()) {
        self.options = options
        self.fileSystem = fileSystem
    }

    public func build(into target: OutputTarget = .memory) -> BuildResult {
        // A build into a folder keeps its rendered documents beside it for the next one; to know
        // when they still apply, every file it reads is logged.
        var cachePath: String?
        if case .folder(let writer) = target { cachePath = RenderCache.path(for: OutputWriter.canonical(writer.outputDirectory)) }
        let log = cachePath.map { _ in ReadLog(siteDirectory: options.siteDirectory) }
        return build(into: target, session: SiteSession(options: options, fileSystem: fileSystem, readLog: log), keepPages: false,
                     cachePath: cachePath)
    }

    /// Builds with `session`, which keeps what it read for later updates (`gen serve`).
    public func build(into target: OutputTarget, session: SiteSession) -> BuildResult {
        build(into: target, session: session, keepPages: true)
    }

    /// Each document's own files are rendered and written as soon as its Markdown is, in the same
    /// task; without `keepPages`, what only those files show is then dropped (a session that is
    /// not updated later has no use for it, and a large site's pages would fill memory).
    private func build(into target: OutputTarget, session: SiteSession, keepPages: Bool, cachePath: String? = nil) -> BuildResult {
        var timer = StageTimer()
        defer { timer.report(); PhaseTimer.report() }
        // Read while the site is: the output folder's spare copy, and the render cache.
        let scan = Self.scanSpare(of: target)
        let storedCache = cachePath.flatMap { path in options.readRenderCache ? BackgroundTask { RenderCache.Stored(path: path) } : nil }

        session.loaded = session.loader.load(timer: &timer)
        let planned = session.loaded.theme.map { Self.planPages(session.content, theme: $0, indexed: session.pagefind != nil) }
            ?? PlannedPages(pages: [], diagnostics: DiagnosticList())
        session.planDiagnostics = planned.diagnostics
        let plan = planned.pages
        timer.lap("plan pages")
        // With errors, every document is still rendered, so that every problem is reported in
        // this run; nothing is written.
        if session.diagnostics.hasErrors || session.loaded.theme == nil { return Self.checkOnly(session) }
        let output: PreparedOutput
        do { output = try Self.prepareOutput(target, plan: plan, scan: scan, indexed: session.pagefind != nil) } catch {
            var result = session.result()
            result.diagnostics.error("cannot write the output: \(error)", at: nil)
            return result
        }
        timer.lap("prepare output")
        // The last build's renderings and files, where their inputs are unchanged.
        let dropContent = !keepPages && !session.loaded.config.feed.fullContent
        let loadReads = session.readLog?.snapshot ?? [:]
        let cache = cachePath.map { path in
            RenderCache(path: path, stored: storedCache?.wait(), digest: session.cacheDigest(loadReads, pageContent: !dropContent),
                        fileSystem: session.fileSystem, siteDirectory: session.site)
        }
        let cacheKeys = cache == nil ? [] : session.renderKeys(loadReads)
        timer.lap("render cache checked")
        let documents = renderDocuments(session, plan: plan, output: output, cache: cache.map { ($0, cacheKeys) },
                                        dropContent: dropContent, target: target)
        session.rendered = documents.rendered
        timer.lap("render markdown and document pages")
        let lists = renderListPages(session, plan: plan, sink: output.sink)
        (session.backlinks, session.entityPages) = (lists.entities.backlinks, lists.entities.pages)
        timer.lap("list pages, entities indexed")
        let late = renderEntityPages(session, plan: plan, output: output, lists: lists, documents: documents)
        session.planDiagnostics.append(contentsOf: late.clashes)
        session.plannedPaths = late.plannedPaths
        // The list rows and tags, for gen serve's updates; a build that is not updated later
        // leaves them to be freed with the process.
        if keepPages {
            session.listContexts = (lists.environment.summaries, lists.environment.tags)
        } else {
            session.keptUntilExit.append(lists.environment)
        }
        timer.lap("entity pages")

        var result = session.result(adding: documents.moved, compared: true)
        result.uncomparedFactChecks = documents.uncompared
        result.session = session
        result.cachedDocuments = cache?.keptCount ?? 0
        let writeFailure = (documents.failures + lists.failures + late.failures).first
        if let writeFailure { result.diagnostics.error("cannot write the output: \(writeFailure)", at: nil) }
        if let outputSession = output.session, let pagefind = session.pagefind, !result.diagnostics.hasErrors {
            indexForSearch(outputSession, made: output.searchRecords, with: pagefind, parts: session.content.searchParts,
                           into: &result, timer: &timer)
        }
        let heldFailure = Self.writeHeldBack(documents.heldBack, to: output.sink)
        if let heldFailure, writeFailure == nil { result.diagnostics.error("cannot write the output: \(heldFailure)", at: nil) }
        if let outputSession = output.session {
            Self.finish(outputSession, cache: cache, baselines: documents.baselines, failed: writeFailure != nil || heldFailure != nil,
                        result: &result,
                        renderReads: session.readLog.map { log in
                            log.snapshot.filter { loadReads[$0.key] == nil }.sorted { $0.key < $1.key }.map { (path: $0.key, hash: $0.value) }
                        })
            if !keepPages { session.keptUntilExit.append(outputSession) }
            timer.lap("swap")
        }
        // A build with errors has no output, in memory as on disk (but for a check of its links).
        result.unsortedFiles = result.diagnostics.hasErrors && !options.keepPagesWithErrors ? [] : output.memory.unsortedFiles
        result.pageCount = session.plannedPaths.count
        return result
    }
}
