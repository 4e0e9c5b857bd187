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
    /// folder; `gen check` names the site's output folder.
    public var previousOutput: String?

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

    public var succeeded: Bool { !diagnostics.hasErrors }
}

/// Runs the build pipeline, one way, in named stages:
///
///     load (LoadSite: config, documents, notes, entities, sources, theme, static files, tags)
///     → plan (PageKinds: every path the build will write, readying the output)
///     → render documents (RenderMarkdown: notes anchored, citations, mentions; each document's
///       own files written as it is rendered; a build into a folder takes a document whose
///       inputs are unchanged from the render cache instead, its files kept: `RenderCache`)
///     → index (LinkEntities: backlinks and co-mentions)
///     → render pages (every other kind) → write (OutputSink: swap in, or keep in memory)
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
        // The output folder's spare copy is read while the site is.
        var scan: SpareScan?
        if case .folder(let writer) = target {
            // The last search index is made anew by every build that indexes, never rewritten in
            // place: out of the spare before it is read, so that the spare's manifest still tells
            // its tree.
            let oldIndex = OutputWriter.sparePath(for: writer.outputDirectory) + "/" + Pagefind.folder
            if FileManager.default.fileExists(atPath: oldIndex) { try? OutputWriter.removeTree(oldIndex) }
            scan = writer.scanSpare()
        }

        // The render cache is read while the site is.
        let storedCache = cachePath.flatMap { path in options.readRenderCache ? BackgroundTask { RenderCache.Stored(path: path) } : nil }

        // Load.
        session.loadContent(timer: &timer)
        // Plan: every page of every kind, known before any renders, so the output is readied once
        // (and no two pages claim one path).
        let planned = session.content
        let plan = session.theme == nil ? [] : PageKinds.plan(planned)
        session.planDiagnostics = PageKinds.clashes(in: plan)
        if session.theme != nil {
            session.planDiagnostics.append(contentsOf: PageKinds.missingMenuTargets(session.config.menu, in: plan))
        }
        if session.pagefind != nil {
            for page in plan where page.path.hasPrefix(Pagefind.folder + "/") {
                session.planDiagnostics.error("'\(page.source ?? page.path)' is in \(Pagefind.folder)/, where the search index goes",
                                              at: page.source.map { SourceLocation($0) },
                                              notes: [.init("move it elsewhere, or set '[search] enabled = false' in gen.toml")])
            }
        }
        timer.lap("plan pages")
        if session.diagnostics.hasErrors || session.theme == nil {
            // Every document is still rendered, so that every problem is reported in this run;
            // nothing is written.
            session.rendered = session.renderDocuments(session.documents)
            session.linkEntities()
            var result = session.result()
            result.session = session
            return result
        }

        // Some files are known only later: an annotations file is not made when every note of its
        // document turns out orphaned, and an entity's pages after the first are counted once
        // its mentions are. The output is readied for them as the last build made them (so an
        // unchanged site finds its output exactly as it was); what is made beyond that gets its
        // folders as it is written, and what is not made again is removed.
        let previous = scan.map { Set($0.manifest().records.keys) }
        let phases = PageKinds.all.map(\.phase)
        let mayBeUnmade = PageKinds.all.map { ($0 as? any DocumentPageKind).map { !$0.alwaysMade } ?? false }
        let readied = plan.filter { !mayBeUnmade[$0.kind] || previous?.contains($0.path) ?? true }.map(\.path)
            + (previous ?? []).filter(EntityKind.isLaterPage).sorted()
        let memory = MemorySink()
        let sink: OutputSink
        var outputSession: OutputSession?
        switch target {
        case .memory: sink = memory
        case .discard: sink = DiscardSink()
        case .folder(let writer):
            do {
                outputSession = try writer.begin(paths: readied, scan: scan)
                sink = outputSession!
            } catch {
                var result = session.result()
                result.diagnostics.error("cannot write the output: \(error)", at: nil)
                return result
            }
        }
        timer.lap("prepare output")

        // Render documents, each document's own files written as it is rendered.
        let failures = Mutex<[String]>([])
        let written = Mutex<Set<String>>([])
        let documentKinds = PageKinds.all.compactMap { $0 as? any DocumentPageKind }
        let documentEnvironment = session.environment(planned, withLists: false)
        let dropContent = !keepPages && !session.config.feed.fullContent
        // A document nested too deep for Pagefind is written after the index is made (and any
        // older copy in the spare removed first), so that Pagefind never reads it.
        let holdBack = outputSession != nil && session.pagefind != nil
        let heldBack = Mutex<[OutputFile]>([])
        // The last build's renderings and files, where their inputs are unchanged.
        let loadReads = session.readLog?.snapshot ?? [:]
        let cache = cachePath.map { path in
            RenderCache(path: path, stored: storedCache?.wait(), digest: session.cacheDigest(loadReads, pageContent: !dropContent),
                        fileSystem: session.fileSystem, siteDirectory: session.site)
        }
        let cacheKeys = cache == nil ? [] : session.renderKeys(loadReads)
        timer.lap("render cache checked")
        let documents = session.documents
        let reuse = cache.map { cache in
            { @Sendable (i: Int, notes: [Note]) -> RenderedArticle? in
                // A document found with the same key keeps its files, unless they changed since.
                guard let hit = cache.lookup(article: documents[i], key: cacheKeys[i], notes: notes),
                      !(holdBack && hit.rendered.leftOutOfSearch), sink.keep(hit.entry.files) else { return nil }
                written.withLock { for file in hit.entry.files { $0.insert(file.path) } }
                cache.keep(hit)
                return hit.rendered
            }
        }
        // Where each re-rendered document's notes were in the last build.
        let previousOutput: String?
        if case .folder(let writer) = target { previousOutput = OutputWriter.canonical(writer.outputDirectory) } else { previousOutput = options.previousOutput }
        let moved = Mutex(DiagnosticList())
        session.rendered = session.renderDocuments(documents, reuse: reuse) { i, rendered, notes in
            if let previousOutput, !rendered.anchored.isEmpty {
                let before = AnchorRepair.previousAnchors(inCollectionAt: previousOutput + "/" + rendered.article.outputPath + "annotations.jsonld")
                let found = AnchorRepair.moved(rendered.anchored, previous: before, article: rendered.article.slug)
                if !found.items.isEmpty { moved.withLock { $0.append(contentsOf: found) } }
            }
            var files: [(path: String, hash: UInt64)] = []
            var failed = false
            for kind in documentKinds {
                guard let file = kind.render(document: rendered, in: documentEnvironment) else { continue }
                written.withLock { _ = $0.insert(file.path) }
                if holdBack && rendered.leftOutOfSearch {
                    do { try sink.remove(file.path) } catch { failures.withLock { $0.append("\(error)") } }
                    heldBack.withLock { $0.append(file) }
                    if cache != nil { files.append((file.path, ContentHash.of(file.bytes))) }
                    continue
                }
                var hash: UInt64?
                if let failure = PageRenderer.write(file, to: sink, hash: &hash) {
                    failures.withLock { $0.append(failure) }
                    failed = true
                }
                // The hash the sink compared the file by (a build with a cache writes into a folder).
                if cache != nil { files.append((file.path, hash ?? ContentHash.of(file.bytes))) }
            }
            if !failed { cache?.store(rendered, key: cacheKeys[i], notes: notes, files: files, content: !dropContent) }
            if dropContent { rendered.dropPageContent() }
        }
        // Files readied but not made go (those made beyond what was readied have had their
        // folders made as they were written: `OutputWriter.place`).
        let madeByDocuments = written.withLock { $0 }
        let readiedPaths = Set(readied)
        do {
            for page in plan where mayBeUnmade[page.kind] && readiedPaths.contains(page.path) && !madeByDocuments.contains(page.path) {
                try sink.remove(page.path)
            }
        } catch { failures.withLock { $0.append("\(error)") } }
        timer.lap("render markdown and document pages")

        // Index the entities (on one thread) while the list pages render.
        let rendered = session.content
        let listEnvironment = session.environment(rendered)
        let gathering = BackgroundTask { session.linkEntities() }
        let renderer = PageRenderer(jobs: options.jobs)
        var listFailures = renderer.run(plan.filter { phases[$0.kind] == .lists }, environment: listEnvironment, sink: sink)
        gathering.wait()
        timer.lap("list pages, entities indexed")

        // Entity pages, planned again now that their mentions are counted (pagination).
        let indexed = session.content
        let entityPlan = PageKinds.plan(indexed) { number, _ in phases[number] == .entities }
        let plannedPaths = Set(plan.map(\.path))
        let latePages = entityPlan.filter { !plannedPaths.contains($0.path) }
        let late = latePages.map(\.path)
        // A static file may also stand where an entity's later page now goes.
        session.planDiagnostics.append(contentsOf: PageKinds.clashes(in: latePages + plan.filter { $0.source != nil }))
        do {
            let made = Set(late)
            for path in readied where EntityKind.isLaterPage(path) && !made.contains(path) { try sink.remove(path) }
        } catch { listFailures.append("\(error)") }
        listFailures += renderer.run(entityPlan, environment: session.environment(indexed, summaries: listEnvironment.summaries),
                                     sink: sink)
        if keepPages { session.listContexts = (listEnvironment.summaries, listEnvironment.tags) } else { session.keptUntilExit.append(listEnvironment) }
        session.plannedPaths = plannedPaths.subtracting(plan.filter { mayBeUnmade[$0.kind] }.map(\.path))
            .union(madeByDocuments).union(late)
        timer.lap("entity pages")

        // Write: swap the new output in.
        var result = session.result()
        result.diagnostics.append(contentsOf: moved.withLock { $0 })
        result.session = session
        result.cachedDocuments = cache?.keptCount ?? 0
        let writeFailure = (failures.withLock { $0 } + listFailures).first
        if let writeFailure {
            result.diagnostics.error("cannot write the output: \(writeFailure)", at: nil)
        }
        if let outputSession, let pagefind = session.pagefind, !result.diagnostics.hasErrors {
            // Search: Pagefind indexes the new output before it is swapped in, so a failed index
            // leaves the output as it was.
            let start = ContinuousClock.now
            do {
                let report = try pagefind.index(outputSession.spare, records: Pagefind.recordsPath(for: outputSession.output),
                                                jobs: options.jobs)
                result.searchPages = report.pages ?? 0
                timer.part("search records", report.records)
                result.searchMilliseconds = StageTimer.milliseconds(ContinuousClock.now - start)
            } catch let failure as Pagefind.Failure {
                result.diagnostics.error(failure.message, at: nil, notes: failure.output.map { .init("pagefind: " + $0) })
            } catch {
                result.diagnostics.error("cannot run Pagefind '\(pagefind.executable)': \(error)", at: nil)
            }
            timer.lap("search index")
        }
        var heldFailure: String?
        for file in heldBack.withLock({ $0 }).sorted(by: { $0.path < $1.path }) where heldFailure == nil {
            heldFailure = PageRenderer.write(file, to: sink)
        }
        if let heldFailure, writeFailure == nil { result.diagnostics.error("cannot write the output: \(heldFailure)", at: nil) }
        if let outputSession {
            if writeFailure != nil || heldFailure != nil {
                outputSession.discard()
                cache?.discard()
            } else if result.diagnostics.hasErrors {
                outputSession.abandon()
                cache?.discard()
            } else {
                do {
                    try outputSession.commit()
                    if let cache, let log = session.readLog {
                        let renderReads = log.snapshot.filter { loadReads[$0.key] == nil }.sorted { $0.key < $1.key }
                        cache.commit(renderReads: renderReads.map { (path: $0.key, hash: $0.value) })
                    }
                } catch { result.diagnostics.error("cannot write the output: \(error)", at: nil) }
            }
            if !keepPages { session.keptUntilExit.append(outputSession) }
            timer.lap("swap")
        }
        // A build with errors has no output, in memory as on disk.
        result.unsortedFiles = result.diagnostics.hasErrors ? [] : memory.unsortedFiles
        result.pageCount = session.plannedPaths.count
        return result
    }
}
