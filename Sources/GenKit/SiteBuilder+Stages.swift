import ByteText
import Foundation
import Synchronization

/// The output readied for a build's pages (the plan stage's paths, as the last build made them).
struct PreparedOutput {
    /// Where pages go as they are made.
    let sink: OutputSink
    /// The pages of a build into memory (empty for the other targets).
    let memory: MemorySink
    /// The spare folder being filled, for a build into a folder.
    let session: OutputSession?
    /// The paths readied: every planned page, and those made only sometimes as the last build made them.
    let readied: [String]
    /// The search records made as pages are written, for a build into a folder that is indexed.
    var searchRecords: SearchRecordTap? = nil
}

/// The plan stage's output: every page of the build, and the problems of the plan (paths that
/// clash, menu entries that lead nowhere, pages where the search index goes).
struct PlannedPages {
    var pages: [PlannedPage]
    var diagnostics: DiagnosticList
}

/// What rendering the documents made.
struct RenderedDocuments {
    /// The documents rendered, in `SiteContent.documents` order.
    var rendered: [RenderedArticle] = []
    /// Every document's own file written (or kept from the last build).
    var written: Set<String> = []
    /// Write failures.
    var failures: [String] = []
    /// Notes now on the same words elsewhere, and fact checks whose sentence changed.
    var moved = DiagnosticList()
    /// Fact checks of documents the last build did not have (or with no last build), which
    /// nothing but a pin of their own holds to their sentences (`AnchorRepair.unpinnedFactChecks`).
    var uncompared: [String] = []
    /// Pages nested too deep for the search indexer, written once the index is made.
    var heldBack: [OutputFile] = []
    /// Where each fact check held for review or orphaned was when its verdict was last
    /// published, for the next build (`VerdictBaselines`).
    var baselines = VerdictBaselines()
}

/// The entity stage's output: who mentions each entity (over the rendered documents), and the
/// entities' own bodies rendered.
struct IndexedEntities {
    var backlinks: EntityBacklinks
    var pages: EntityPages
}

/// The list pages made, what the entity pages reuse of them, and the entities indexed meanwhile.
struct RenderedLists {
    var failures: [String]
    let environment: PageEnvironment
    let entities: IndexedEntities
}

/// The entity pages made: the paths known only once mentions were counted (and those of them
/// that clash with a static file), every path the build made, and the failures.
struct RenderedEntityPages {
    var late: [String]
    var clashes: DiagnosticList
    var plannedPaths: Set<String>
    var failures: [String]
}

/// The build's stages, each a function of the values the stages before it made.
extension SiteBuilder {
    /// The output folder's spare copy, read while the site is (nil for a build into memory).
    /// The last search index is made anew by every build that indexes, never rewritten in
    /// place: out of the spare before it is read, so that the spare's manifest still tells its tree.
    static func scanSpare(of target: OutputTarget) -> SpareScan? {
        guard case .folder(let writer) = target else { return nil }
        let oldIndex = OutputWriter.sparePath(for: writer.outputDirectory) + "/" + Pagefind.folder
        if FileManager.default.fileExists(atPath: oldIndex) { try? OutputWriter.removeTree(oldIndex) }
        return writer.scanSpare()
    }

    /// Plan: every page of every kind, known before any renders, so that the output is readied
    /// once and no two pages claim one path.
    static func planPages(_ content: SiteContent, theme: Theme, indexed: Bool) -> PlannedPages {
        let plan = PageKinds.plan(content)
        var diagnostics = PageKinds.clashes(in: plan)
        diagnostics.append(contentsOf: SearchKind.unnamedParts(theme, in: content))
        diagnostics.append(contentsOf: PageKinds.missingMenuTargets(content.config.menu, in: plan))
        diagnostics.append(contentsOf: PageKinds.pagesInMenuTwice(content))
        if indexed {
            for page in plan where page.path.hasPrefix(Pagefind.folder + "/") {
                diagnostics.error("\(page.source == nil ? "'\(page.path)'" : PageKinds.named(page)) is in \(Pagefind.folder)/, where the search index goes",
                                  at: page.source.map { SourceLocation($0) },
                                  notes: [.init("move it elsewhere, or set '[search] enabled = false' in gen.toml")])
            }
        }
        return PlannedPages(pages: plan, diagnostics: diagnostics)
    }

    /// A site with errors: every document rendered and the entities indexed, for their
    /// problems; no page made.
    static func checkOnly(_ session: SiteSession) -> BuildResult {
        session.rendered = session.renderDocuments(session.loaded.documents)
        session.linkEntities()
        var result = session.result()
        result.session = session
        return result
    }

    /// Readies the output for `plan`. Some files are known only later: an annotations file is
    /// not made when every note of its document turns out orphaned, and an entity's pages after
    /// the first are counted once its mentions are. The output is readied for them as the last
    /// build made them (so an unchanged site finds its output exactly as it was); what is made
    /// beyond that gets its folders as it is written, and what is not made again is removed.
    static func prepareOutput(_ target: OutputTarget, plan: [PlannedPage], scan: SpareScan?, indexed: Bool = false) throws -> PreparedOutput {
        let previous = scan.map { Set($0.manifest().records.keys) }
        let readied = plan.filter { !PageKinds.mayBeUnmade[$0.kind] || previous?.contains($0.path) ?? true }.map(\.path)
            + (previous ?? []).filter(EntityKind.isLaterPage).sorted()
        let memory = MemorySink()
        switch target {
        case .memory: return PreparedOutput(sink: memory, memory: memory, session: nil, readied: readied)
        case .discard: return PreparedOutput(sink: DiscardSink(), memory: memory, session: nil, readied: readied)
        case .folder(let writer):
            let session = try writer.begin(paths: readied, scan: scan)
            guard indexed else { return PreparedOutput(sink: session, memory: memory, session: session, readied: readied) }
            let tap = SearchRecordTap(session)
            return PreparedOutput(sink: tap, memory: memory, session: session, readied: readied, searchRecords: tap)
        }
    }

    /// Render documents: each document's Markdown, then its own files (its page, its
    /// annotations), written as it is rendered, while it is at hand; or, from `cache`, the last
    /// build's rendering and files where its inputs are unchanged. Each note is compared with
    /// its place in the last build (moved notes, changed sentences).
    func renderDocuments(_ session: SiteSession, plan: [PlannedPage], output: PreparedOutput,
                         cache: (RenderCache, keys: [UInt64])?, dropContent: Bool, target: OutputTarget) -> RenderedDocuments {
        let sink = output.sink
        let written = Mutex<Set<String>>([]), failures = Mutex<[String]>([]), moved = Mutex(DiagnosticList()), uncompared = Mutex([String]())
        let unseen = Mutex<[(document: Int, notes: [String: OrphanedNote.Alternative])]>([])
        let arrived = Mutex<[(document: Int, notes: [String: OrphanedNote.Alternative])]>([])
        let baselinesKept = Mutex(VerdictBaselines())
        let heldBack = Mutex<[OutputFile]>([])
        let documentKinds = PageKinds.all.compactMap { $0 as? any DocumentPageKind }
        let environment = session.environment(session.content, withLists: false)
        // A document nested too deep for Pagefind is written after the index is made (and any
        // older copy in the spare removed first), so that Pagefind never reads it.
        let holdBack = output.session != nil && session.pagefind != nil
        let documents = session.loaded.documents
        let reuse = cache.map { cache, keys in
            { @Sendable (i: Int, notes: [Note]) -> RenderedArticle? in
                // A document found with the same key keeps its files, unless they changed since.
                guard let hit = cache.lookup(article: documents[i], key: keys[i], notes: notes),
                      !(holdBack && hit.rendered.leftOutOfSearch), sink.keep(hit.entry.files) else { return nil }
                written.withLock { for file in hit.entry.files { $0.insert(file.path) } }
                cache.keep(hit)
                return hit.rendered
            }
        }
        // Where each re-rendered document's notes were in the last build (none when there is no
        // last build: a build into a new folder asks nothing of each document).
        // A build into a folder that holds none compares with `previousOutput` (the site's own
        // output, `gen build --output` elsewhere): what the site last published stands.
        var lastOutput: String?
        if case .folder(let writer) = target { lastOutput = OutputWriter.canonical(writer.outputDirectory) } else { lastOutput = options.previousOutput }
        if let own = lastOutput, !OutputWriter.holdsLastBuild(own), let other = options.previousOutput { lastOutput = other }
        let previousOutput = VerdictBaselines.lastBuild(lastOutput)
        let baselines = previousOutput.map { VerdictBaselines.read(beside: $0) } ?? VerdictBaselines()
        let reuseKeepingBaselines = reuse.map { reuse in
            { @Sendable (i: Int, notes: [Note]) -> RenderedArticle? in
                guard let hit = reuse(i, notes) else { return nil }
                // Unchanged since the last build: so is what was recorded of its notes.
                if let kept = baselines.places[documents[i].outputPath] {
                    baselinesKept.withLock { $0.places[documents[i].outputPath] = kept }
                }
                return hit
            }
        }
        let rendered = session.renderDocuments(documents, previousOutput: previousOutput, baselines: baselines,
                                               reuse: reuseKeepingBaselines) { i, rendered, notes, lastBuild in
            // A fact check that publishes no verdict now (held for review, or orphaned) keeps the
            // place it had when it last did, for the build that publishes it again.
            if let lastBuild, case let kept = lastBuild.unpublishedPlaces(of: rendered), !kept.isEmpty {
                baselinesKept.withLock { $0.places[rendered.article.outputPath] = kept }
            }
            if let lastBuild, lastBuild.found, case let deleted = lastBuild.deletedFactChecks(of: rendered, notes: notes), !deleted.isEmpty {
                moved.withLock { $0.append(contentsOf: AnchorRepair.deleted(deleted, article: rendered.article)) }
            }
            if let lastBuild, !rendered.anchored.isEmpty {
                let found = AnchorRepair.moved(rendered.anchored, previous: lastBuild.anchors, article: rendered.article.slug,
                                               accepting: options.acceptClaimChanges, recorded: lastBuild.recorded)
                if !found.items.isEmpty { moved.withLock { $0.append(contentsOf: found) } }
                if lastBuild.found, case let new = lastBuild.newFactChecks(of: rendered), !new.isEmpty {
                    arrived.withLock { $0.append((i, new)) }
                }
            }
            // Fact checks of a document the last build did not have (or with no last build).
            if !(lastBuild?.found ?? false), rendered.anchored.contains(where: { $0.note.kind == .factCheck }) {
                if case let ids = AnchorRepair.unpinnedFactChecks(rendered.anchored), !ids.isEmpty {
                    uncompared.withLock { $0 += ids.map { rendered.article.slug + "#" + $0 } }
                }
                // Looked for among the articles gone since, pinned and held fact checks too: a
                // rename made while a note is held keeps the words its verdict was given for.
                if lastBuild != nil {
                    let notes = Dictionary(rendered.anchored.map { ($0.note.id, $0.place) }, uniquingKeysWith: { first, _ in first })
                    unseen.withLock { $0.append((i, notes)) }
                }
            }
            var files: [(path: String, hash: UInt64)] = []
            var failed = false
            for kind in documentKinds {
                guard let file = kind.render(document: rendered, in: environment) else { continue }
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
            if !failed, let (cache, keys) = cache { cache.store(rendered, key: keys[i], notes: notes, files: files, content: !dropContent) }
            if dropContent { rendered.dropPageContent() }
        }
        // Articles the last build had and this one has not: one renamed without an alias is
        // compared with its notes there all the same; the others' fact checks (a draft, a
        // deleted article) keep their places, for when they come back.
        var comparedAfterAll = Set<String>(), comparedNotes = Set<String>()
        if let previousOutput {
            let gone = LastPlaces.goneArticles(documents: documents, output: previousOutput, baselines: baselines)
            let renames = gone.isEmpty ? [] : LastPlaces.renamedWithoutAlias(unseen.withLock { $0 }.sorted { $0.document < $1.document },
                                                                             documents: documents, gone: gone)
            for rename in renames {
                let document = rendered[rename.document], slug = document.article.slug
                let places = LastPlaces(of: documents[rename.document], in: previousOutput, baselines: baselines, folder: rename.folder)
                var found = DiagnosticList()
                found.append(rename.warning)
                // Its fact checks gone in the same edit are said, as at its own address.
                let notes = document.anchored.map(\.note) + document.orphans.map(\.note)
                if places.found, case let deleted = places.deletedFactChecks(of: document, notes: notes), !deleted.isEmpty {
                    found.append(contentsOf: AnchorRepair.deleted(deleted, article: document.article))
                }
                found.append(contentsOf: AnchorRepair.moved(document.anchored, previous: places.anchors, article: slug,
                                                            accepting: options.acceptClaimChanges, recorded: places.recorded))
                moved.withLock { $0.append(contentsOf: found) }
                if case let kept = places.unpublishedPlaces(of: document), !kept.isEmpty {
                    baselinesKept.withLock { $0.places[document.article.outputPath] = kept }
                }
                comparedAfterAll.insert(slug)
            }
            let renamedFrom = Set(renames.map(\.folder))
            var movedAway = Set<String>()
            baselinesKept.withLock { kept in
                for article in gone where !renamedFrom.contains(article.folder) { kept.places[article.folder] = article.places }
            }
            // Fact checks new in a document that another had until now (deleted there, or its
            // article gone): moved with their passage, they are compared with their place there.
            let newlySeen = arrived.withLock { $0 } + unseen.withLock { $0 }.compactMap { document, notes in
                let checks = Set(rendered[document].anchored.filter { $0.note.kind == .factCheck && $0.note.review == nil }.map(\.note.id))
                return comparedAfterAll.contains(documents[document].slug) ? nil : (document, notes.filter { checks.contains($0.key) })
            }
            if !newlySeen.isEmpty {
                let present = Dictionary(documents.indices.map { (documents[$0].outputPath, $0) }, uniquingKeysWith: { first, _ in first })
                let goneNotes = baselinesKept.withLock { kept in
                    kept.places.reduce(into: [String: [String: PreviousAnchor]]()) { result, entry in
                        // Of a document still here, only the notes it no longer has.
                        let ids = present[entry.key].map { Set(rendered[$0].anchored.map(\.note.id) + rendered[$0].orphans.map(\.note.id)) } ?? []
                        let places = entry.value.filter { !ids.contains($0.key) }
                        if !places.isEmpty { result[entry.key] = places }
                    }
                }
                for match in LastPlaces.movedFromAnother(newlySeen.sorted { $0.document < $1.document }, documents: documents, gone: goneNotes) {
                    let document = rendered[match.document], slug = document.article.slug
                    var found = DiagnosticList()
                    found.append(match.warning)
                    found.append(contentsOf: AnchorRepair.moved(document.anchored.filter { $0.note.id == match.id },
                                                                previous: [match.id: match.place], article: slug,
                                                                accepting: options.acceptClaimChanges))
                    moved.withLock { $0.append(contentsOf: found) }
                    // Published here now: its record there is spent.
                    baselinesKept.withLock { kept in
                        kept.places[match.folder]?[match.id] = nil
                        if kept.places[match.folder]?.isEmpty == true { kept.places[match.folder] = nil }
                    }
                    comparedNotes.insert(slug + "#" + match.id)
                    movedAway.insert(match.folder + "#" + match.id)
                }
            }
            let goneWarnings = LastPlaces.goneWithTheirArticles(gone, renamedFrom: renamedFrom, movedAway: movedAway)
            if !goneWarnings.isEmpty { moved.withLock { $0.append(contentsOf: goneWarnings) } }
        }
        var result = RenderedDocuments(rendered: rendered, written: written.withLock { $0 }, failures: failures.withLock { $0 },
                                       moved: moved.withLock { $0 },
                                       uncompared: uncompared.withLock { $0 }.filter {
                                           !comparedAfterAll.contains(String($0.prefix { $0 != "#" })) && !comparedNotes.contains($0)
                                       }.sorted(),
                                       heldBack: heldBack.withLock { $0 }, baselines: baselinesKept.withLock { $0 })
        // Files readied but not made go (those made beyond what was readied have had their
        // folders made as they were written: `OutputWriter.place`).
        let readied = Set(output.readied)
        do {
            for page in plan where PageKinds.mayBeUnmade[page.kind] && readied.contains(page.path) && !result.written.contains(page.path) {
                try sink.remove(page.path)
            }
        } catch { result.failures.append("\(error)") }
        return result
    }

    /// Render lists: the list pages, while the entities are indexed (backlinks, co-mentions) on
    /// another thread.
    func renderListPages(_ session: SiteSession, plan: [PlannedPage], sink: OutputSink) -> RenderedLists {
        let environment = session.environment(session.content)
        let gathering = BackgroundTask { session.indexEntities() }
        let failures = PageRenderer(jobs: options.jobs).run(plan.filter { PageKinds.all[$0.kind].phase == .lists },
                                                            environment: environment, sink: sink)
        return RenderedLists(failures: failures, environment: environment, entities: gathering.wait())
    }

    /// Render entity pages, planned again now that their mentions are counted (pagination):
    /// with them, every path of the build is known.
    func renderEntityPages(_ session: SiteSession, plan: [PlannedPage], output: PreparedOutput, lists: RenderedLists,
                           documents: RenderedDocuments) -> RenderedEntityPages {
        let indexed = session.content
        let entityPlan = PageKinds.plan(indexed) { _, kind in kind.phase == .entities }
        let plannedPaths = Set(plan.map(\.path))
        let latePages = entityPlan.filter { !plannedPaths.contains($0.path) }
        // A static file may also stand where an entity's later page now goes.
        var result = RenderedEntityPages(late: latePages.map(\.path),
                                         clashes: PageKinds.clashes(in: latePages + plan.filter { $0.source != nil }),
                                         plannedPaths: [], failures: [])
        do {
            let made = Set(result.late)
            for path in output.readied where EntityKind.isLaterPage(path) && !made.contains(path) { try output.sink.remove(path) }
        } catch { result.failures.append("\(error)") }
        result.failures += PageRenderer(jobs: options.jobs).run(entityPlan, environment: session.environment(indexed, summaries: lists.environment.summaries),
                                                                sink: output.sink)
        result.plannedPaths = plannedPaths.subtracting(plan.filter { PageKinds.mayBeUnmade[$0.kind] }.map(\.path))
            .union(documents.written).union(result.late)
        return result
    }

    /// Search: Pagefind indexes the new output before it is swapped in, so that a failed index
    /// leaves the output as it was.
    func indexForSearch(_ output: OutputSession, made: SearchRecordTap?, with pagefind: Pagefind, parts: Int,
                        into result: inout BuildResult, timer: inout StageTimer) {
        let start = ContinuousClock.now
        do {
            let report = try pagefind.index(output.spare, records: Pagefind.recordsPath(for: output.output), parts: parts,
                                            made: made?.records ?? [:], jobs: options.jobs)
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

    /// The pages held back from the search indexer, written now; the first failure.
    static func writeHeldBack(_ files: [OutputFile], to sink: OutputSink) -> String? {
        for file in files.sorted(by: { $0.path < $1.path }) {
            if let failure = PageRenderer.write(file, to: sink) { return failure }
        }
        return nil
    }

    /// Write: the new output swapped in (and the render cache and the verdicts' baselines with
    /// it), or, after errors or a failed write, the output left as it was.
    static func finish(_ output: OutputSession, cache: RenderCache?, baselines: VerdictBaselines, failed: Bool, result: inout BuildResult,
                       renderReads: [(path: String, hash: UInt64)]?) {
        if failed {
            output.discard()
            cache?.discard()
        } else if result.diagnostics.hasErrors {
            output.abandon()
            cache?.discard()
        } else {
            do {
                if try !output.commit() {
                    result.diagnostics.warning("the output is in place, but the record of its files could not be written "
                        + "beside it (\(OutputManifest.path(for: output.output))): the next build compares every file", at: nil,
                        notes: [.init("is the disk full?")])
                }
                if let cache, let renderReads { cache.commit(renderReads: renderReads) }
                if !baselines.write(beside: output.output) {
                    result.diagnostics.warning("the output is in place, but where its held and orphaned fact checks were last "
                        + "published could not be written beside it (\(VerdictBaselines.path(for: output.output))): the next build "
                        + "compares them with the words they have now", at: nil, notes: [.init("is the disk full?")])
                }
            } catch { result.diagnostics.error("cannot write the output: \(error)", at: nil) }
        }
    }
}

extension PageKinds {
    /// For each kind, whether some of its planned pages may turn out not to be made
    /// (`DocumentPageKind.alwaysMade`).
    static let mayBeUnmade: [Bool] = all.map { ($0 as? any DocumentPageKind).map { !$0.alwaysMade } ?? false }
}
