import Foundation
import ByteText
import Markdown

/// What the build's stages produced, kept between builds: `SiteBuilder` runs the stages once;
/// `gen serve` keeps their results and, when articles or notes change, re-reads only those
/// files, re-renders only those documents and re-renders only the pages whose kind says they
/// depend on the change (`PageKind.dependsOn`).
///
/// `SiteBuilder.build` puts each stage's value here once the stage returns: the load stage's
/// (`loaded`, a `LoadedSite`), then the renderings and the entities' backlinks; `content` is
/// what the page kinds read of them (`SiteContent`). It keeps those latest results for `update`.
///
/// Diagnostics are kept by origin (one list per article file, note file and rendered document,
/// and one for the rest), so an update replaces exactly the lists it recomputes.
public final class SiteSession: @unchecked Sendable {
    public let options: BuildOptions
    let fileSystem: FileSystem

    /// Reads the site: the load stage, and the files an update reads again.
    let loader: SiteLoader
    /// The load stage's output (`SiteLoader.load`), as `gen serve`'s updates have changed it since.
    var loaded = LoadedSite()
    /// Values a build made that nothing reads any more, kept so that they are freed with the
    /// process rather than one by one (`BuildResult.session`).
    var keptUntilExit: [Any] = []
    /// The search indexer, when this build indexes the site.
    public var pagefind: Pagefind? { loaded.pagefind }
    var rendered: [RenderedArticle] = []
    var backlinks = EntityBacklinks.empty
    var entityPages = EntityPages.empty
    /// The paths of the last plan (what `gen serve` serves), to tell which pages went away.
    var plannedPaths: Set<String> = []
    /// The last plan, kept while the pages it names stay the same (gen serve's updates).
    var plan: [PlannedPage]?
    /// The list rows and tags of the last render run, kept while the order and the tags stay
    /// the same: an update makes only its documents' rows again.
    var listContexts: (summaries: [ArticleContext], tags: [TagContext])?

    /// What planning the pages found (the load stage's diagnostics are `loaded`'s).
    var planDiagnostics = DiagnosticList()

    /// Every file read, when this build keeps a render cache (`RenderCache`).
    let readLog: ReadLog?

    public convenience init(options: BuildOptions, fileSystem: FileSystem = LocalFileSystem()) {
        self.init(options: options, fileSystem: fileSystem, readLog: nil)
    }

    /// With `readLog`, every file read through `fileSystem` is logged in it.
    init(options: BuildOptions, fileSystem: FileSystem, readLog: ReadLog?) {
        self.options = options
        // The disk, confined to the site folder: nothing outside it is read.
        let confined = fileSystem.confined(to: options.siteDirectory)
        self.fileSystem = readLog.map { RecordingFileSystem(base: confined, log: $0) } ?? confined
        self.loader = SiteLoader(options: options, fileSystem: self.fileSystem)
        self.readLog = readLog
    }

    /// Every diagnostic of the site as it now is.
    public var diagnostics: DiagnosticList {
        var all = loaded.globalDiagnostics
        all.append(contentsOf: loaded.collectDiagnostics)
        all.append(contentsOf: loaded.indexDiagnostics)
        all.append(contentsOf: planDiagnostics)
        for key in loaded.fileDiagnostics.keys.sorted() { all.append(contentsOf: loaded.fileDiagnostics[key]!) }
        for i in rendered.indices { all.append(contentsOf: rendered[i].diagnostics) }
        all.append(contentsOf: entityPages.diagnostics)
        return all
    }

    var site: String { options.siteDirectory }
    var markdown: MarkdownOptions { loaded.config.markdownOptions }
    var entityMarkup: EntityMarkup { EntityMarkup(index: loaded.entities, root: "../../") }

    /// The site as the stages have made it so far: what the page kinds read.
    var content: SiteContent {
        var content = SiteContent(config: loaded.config, documents: loaded.documents, articleCount: loaded.articleCount, rendered: rendered,
                                  annotated: rendered.count == loaded.documents.count
                                      ? rendered.map { !$0.annotationsBytes.isEmpty }
                                      : loaded.documents.map { !(loaded.notesByArticle[$0.slug] ?? []).isEmpty },
                                  index: loaded.index, backlinks: backlinks.index.entities.count == loaded.entities.entities.count
                                      ? backlinks : EntityBacklinks(index: loaded.entities, links: []),
                                  sources: loaded.sources, staticFiles: loaded.staticFiles)
        content.assetPaths = loaded.theme?.assets.map(\.path) ?? []
        return content
    }

    /// The entity stage: who mentions each entity (over the rendered documents), and the
    /// entities' own bodies rendered (or, `reusingBodies`, those of the last run when there are
    /// as many).
    func indexEntities(reusingBodies: Bool = false) -> IndexedEntities {
        let backlinks = LinkEntities.run(loaded.entities, articles: rendered)
        if reusingBodies && entityPages.bodies.count == loaded.entities.entities.count {
            return IndexedEntities(backlinks: backlinks, pages: entityPages)
        }
        return IndexedEntities(backlinks: backlinks,
                               pages: EntityPages.render(loaded.entities, markup: entityMarkup, links: loaded.siteLinks,
                                                         images: ImageResolver(fileSystem: fileSystem, siteDirectory: site,
                                                                               staticFiles: loaded.staticFiles,
                                                                               setAside: loaded.setAsideFiles),
                                                         options: markdown, jobs: options.jobs))
    }

    /// The entity stage's output kept (`indexEntities`).
    func linkEntities(reusingBodies: Bool = false) {
        let indexed = indexEntities(reusingBodies: reusingBodies)
        backlinks = indexed.backlinks
        entityPages = indexed.pages
    }

    /// The Markdown stage: renders `list` on all cores. `reuse`, when given, may give document
    /// `i`'s rendering instead (the build's render cache); `finish`, when given, runs on each
    /// document rendered anew, with its notes, in the same task (the build writes its files
    /// there, while it is at hand). `previousOutput`, when given, is the last build's output, where
    /// an orphaned note's last place is read (`AnchorNotes.previous`), and `baselines` what was
    /// recorded beside it; `finish` is given the same places (read once per document, when first
    /// asked for).
    func renderDocuments(_ list: [Article], previousOutput: String? = nil, baselines: VerdictBaselines = VerdictBaselines(),
                         reuse: (@Sendable (_ i: Int, _ notes: [Note]) -> RenderedArticle?)? = nil,
                         finish: (@Sendable (_ i: Int, inout RenderedArticle, _ notes: [Note],
                                             _ lastBuild: LastPlaces?) -> Void)? = nil) -> [RenderedArticle] {
        let markdown = self.markdown
        let citations = CitationMarkup(sources: loaded.sources, complete: loaded.sourcesComplete, labels: loaded.config.labels)
        let noteMarkup = NoteMarkup(config: loaded.config)
        let orphanSeverity: Diagnostic.Severity = loaded.config.annotations.orphans == .warn ? .warning : .error
        let notes = loaded.notesByArticle, settings = loaded.config
        // Entity links are relative: one markup per depth of page (articles are two folders down,
        // a standalone page one or more).
        let depths = Set(list.map(\.depth))
        let entityMarkups = Dictionary(uniqueKeysWithValues: depths.map {
            ($0, $0 == 2 ? entityMarkup : EntityMarkup(index: loaded.entities, root: SitePath.root(depth: $0)))
        })
        let images = ImageResolver(fileSystem: fileSystem, siteDirectory: site, staticFiles: loaded.staticFiles,
                                   setAside: loaded.setAsideFiles)
        let links = loaded.siteLinks, sentenceWindow = options.sentenceWindow
        return parallelMap(list.count, jobs: options.jobs) { i in
            let ownNotes = notes[list[i].slug] ?? []
            if let reused = reuse?(i, ownNotes) { return reused }
            let places = previousOutput.map { LastPlaces(of: list[i], in: $0, baselines: baselines) }
            var rendered = RenderMarkdown.render(list[i], options: markdown, notes: ownNotes,
                                                 markup: noteMarkup, orphanSeverity: orphanSeverity, citations: citations,
                                                 config: settings, entities: entityMarkups[list[i].depth], images: images,
                                                 links: links, sentenceWindow: sentenceWindow,
                                                 previous: places.map { places in { places.anchors } })
            finish?(i, &rendered, ownNotes, places)
            return rendered
        }
    }

    /// What the page kinds render with, over the site as it now is.
    func environment(_ content: SiteContent, withLists: Bool = true, summaries: [ArticleContext]? = nil,
                     tags: [TagContext]? = nil) -> PageEnvironment {
        PageEnvironment(site: content, theme: loaded.theme!, entityPages: entityPages, withLists: withLists, summaries: summaries,
                        tags: tags, fileSystem: fileSystem, siteDirectory: site)
    }

    /// The build's result so far: its diagnostics, with `more` (the notes that moved) and what
    /// is wrong with the notes `--accept-claim-change` names (unknown ones; with `compared`, the
    /// documents having been compared with the last build, those it accepted nothing of), every
    /// warning made an error under `--strict` (`BuildOptions.strict`).
    func result(adding more: DiagnosticList = DiagnosticList(), compared: Bool = false) -> BuildResult {
        var all = diagnostics
        all.append(contentsOf: more)
        all.append(contentsOf: compared
                   ? options.acceptClaimChanges.check(among: loaded.notesByArticle, documents: loaded.documents, diagnostics: all)
                   : options.acceptClaimChanges.unknownNames(among: loaded.notesByArticle, documents: loaded.documents))
        if options.strict { all.makeWarningsErrors() }
        var result = BuildResult(config: loaded.config, diagnostics: all, unsortedFiles: [], articleCount: loaded.articleCount)
        result.sourceCount = loaded.sources.count
        result.entityCount = loaded.entities.entities.count
        result.draftCount = loaded.draftCount
        result.futureCount = loaded.futureCount
        result.standaloneCount = loaded.documents.count - loaded.articleCount
        for i in rendered.indices {
            result.noteCount += rendered[i].anchored.count
            result.orphans += rendered[i].orphans.map { orphan in
                var orphan = orphan
                orphan.article = rendered[i].article.slug
                return orphan
            }
        }
        return result
    }
}

// MARK: - What a document's rendering depends on (`RenderCache`)

extension SiteSession {
    /// What every document's rendering and its own files depend on besides its own file and
    /// notes: gen itself, the build's options, every other file the load stage read (gen.toml,
    /// entities, sources, theme), the static files there are (an image a document shows), and
    /// what its pages show of the rest of the site: the menu (standalone pages may be in it)
    /// and the tags with their counts. A document's page sees nothing else of other documents:
    /// it is rendered before any list is made (`SiteBuilder`). `pageContent`: whether documents
    /// are kept with what only their own files show (`RenderCache.store`).
    func cacheDigest(_ reads: [String: UInt64], pageContent: Bool) -> UInt64 {
        var digest = CacheWriter()
        digest.string(GenVersion.current)
        digest.string(GenVersion.cmarkGFM)
        digest.u64(Self.executableIdentity)
        digest.optional(options.baseURL)
        for flag in [options.drafts, options.future, options.fileURLs, loaded.config.search.indexed] { digest.bool(flag) }
        for path in reads.keys.sorted() where !Self.isDocumentInput(path) {
            digest.string(path)
            digest.u64(reads[path]!)
        }
        for file in loaded.staticFiles.sorted(by: { $0.outputPath < $1.outputPath }) {
            digest.string(file.outputPath)
            digest.string(file.sourcePath)
        }
        for entry in PageEnvironment.menu(self.content) {
            digest.string(entry.entry.name)
            digest.string(entry.entry.url)
            digest.int(entry.entry.weight)
        }
        for tag in loaded.index.tags {
            digest.string(tag.name)
            digest.string(tag.slug)
            digest.int(tag.articleIndices.count)
        }
        digest.bool(pageContent)
        return ContentHash.of(digest.bytes)
    }

    /// Each document's own inputs (in `documents` order): its file and its annotation files,
    /// and, when it or its notes may link to documents' Markdown files, every document's place
    /// (`SiteLinks`): adding an article does not render every other again, but a link to one
    /// renamed is found.
    func renderKeys(_ reads: [String: UInt64]) -> [UInt64] {
        var annotationFiles: [String: [String]] = [:]
        for file in loaded.noteFiles.values { annotationFiles[file.article, default: []].append(file.path) }
        // Made once, when a first document needs it.
        var placesDigest: UInt64?
        func places() -> UInt64 {
            if let placesDigest { return placesDigest }
            var places = CacheWriter()
            for (path, document) in loaded.siteLinks.documents.sorted(by: { $0.key < $1.key }) {
                places.string(path)
                places.string(document.outputPath)
                places.bool(document.published)
            }
            placesDigest = ContentHash.of(places.bytes)
            return placesDigest!
        }
        return loaded.documents.map { document in
            var key = CacheWriter()
            for path in [document.path] + (annotationFiles[document.slug] ?? []).sorted() {
                key.string(path)
                key.u64(reads[path] ?? ReadLog.unreadable)
            }
            if SiteLinks.mayRewrite(document.body) || (loaded.notesByArticle[document.slug] ?? []).contains(where: { SiteLinks.mayRewrite($0.body) }) {
                key.u64(places())
            }
            return ContentHash.of(key.bytes)
        }
    }

    /// A document's file or an annotation file: in its documents' keys, not in the digest.
    static func isDocumentInput(_ path: String) -> Bool {
        path.hasSuffix(".md") && [ArticleLoader.folder, ArticleLoader.pagesFolder, AnnotationLoader.folder].contains { path.hasPrefix($0 + "/") }
    }

    /// The running gen's size and modification time: a gen built anew does not trust what an
    /// older one cached.
    static let executableIdentity: UInt64 = {
        var info = stat()
        guard let path = Bundle.main.executablePath, stat(path, &info) == 0 else { return 0 }
        #if os(Linux)
        let modified = info.st_mtim
        #else
        let modified = info.st_mtimespec
        #endif
        return UInt64(truncatingIfNeeded: info.st_size) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: modified.tv_sec) << 30
            ^ UInt64(truncatingIfNeeded: modified.tv_nsec)
    }()
}

/// Where a document's notes were in the last build (its annotations.jsonld there), read when
/// first asked for and then kept: the notes fitted to their last place and the check of notes
/// that moved read it once. Used by the one task that renders the document.
///
/// A document renamed since has its last build's notes at an old address it names in its
/// `aliases` (as Hugo's are written, `old/address/`): they are read there when its own address
/// has none, so a new slug does not let a fact check's changed sentence pass unseen.
final class LastPlaces {
    let output: String
    let document: Article
    let baselines: VerdictBaselines
    /// The folder the last build had the document's page in (its own, or an old address), if
    /// any; or where the last build recorded its fact checks' places without a page (a draft,
    /// or a document left out of it).
    lazy var folder: String? = {
        let folders = [document.outputPath] + document.aliasFolders
        return folders.first { FileManager.default.fileExists(atPath: output + "/" + $0 + "annotations.jsonld") }
            ?? folders.first { FileManager.default.fileExists(atPath: output + "/" + $0 + "index.html") }
            ?? folders.first { baselines.places[$0] != nil }
    }()
    /// Whether the last build had the document (with notes or without).
    var found: Bool { folder != nil }
    /// Each note's place in the last build, or, for a fact check whose verdict that build did
    /// not publish (held, orphaned, deleted, or its document left out), the place it had when
    /// it last did (`VerdictBaselines`).
    lazy var anchors: [String: PreviousAnchor] = folder.map { published.merging(baselines.places[$0] ?? [:]) { _, kept in kept } } ?? [:]
    /// The notes whose place in `anchors` is the one recorded where their verdict was last
    /// published (`VerdictBaselines`), not the last build's.
    var recorded: Set<String> { folder.map { Set(baselines.places[$0]?.keys.map { $0 } ?? []) } ?? [] }
    /// Each note's place as the last build published it (its annotations.jsonld), without what
    /// `baselines` kept.
    lazy var published: [String: PreviousAnchor] = folder.map {
        AnchorRepair.previousAnchors(inCollectionAt: output + "/" + $0 + "annotations.jsonld")
    } ?? [:]

    /// The notes' places in `folder` of the last build (`output`): its annotations.jsonld's,
    /// with those `baselines` recorded there in place of theirs.
    static func places(in folder: String, of output: String, baselines: VerdictBaselines) -> [String: PreviousAnchor] {
        AnchorRepair.previousAnchors(inCollectionAt: output + "/" + folder + "annotations.jsonld")
            .merging(baselines.places[folder] ?? [:]) { _, published in published }
    }

    init(of document: Article, in output: String, baselines: VerdictBaselines = VerdictBaselines(), folder: String? = nil) {
        self.output = output
        self.document = document
        self.baselines = baselines
        if let folder { self.folder = folder }
    }

    /// The fact checks the last build published a verdict of in the document that are gone from
    /// it now: not among its notes (`notes`, placed or not, under their id or renamed in their
    /// place). Deleted, or moved to another document; sorted.
    func deletedFactChecks(of rendered: RenderedArticle, notes: [Note]) -> [String] {
        let published = self.published
        guard published.values.contains(where: \.factCheck) else { return [] }
        var accounted = Set(notes.map(\.id))
        for case let (id, _)? in AnchorRepair.lastBuildsNotes(of: rendered.anchored, previous: anchors) { accounted.insert(id) }
        return published.filter { $0.value.factCheck && !accounted.contains($0.key) }.keys.sorted()
    }

    /// `rendered`'s fact checks that publish a verdict and that the last build had nowhere in the
    /// document (new, or moved there from another document): their places by id.
    func newFactChecks(of rendered: RenderedArticle) -> [String: OrphanedNote.Alternative] {
        var new: [String: OrphanedNote.Alternative] = [:]
        for (n, pair) in AnchorRepair.lastBuildsNotes(of: rendered.anchored, previous: anchors).enumerated() where pair == nil {
            let note = rendered.anchored[n]
            if note.note.kind == .factCheck, note.note.review == nil { new[note.note.id] = note.place }
        }
        return new
    }

    /// The places to record for the next build (`VerdictBaselines`) of `rendered`'s fact checks
    /// that publish no verdict now: held for review or no longer a fact check (known in the
    /// last build as `AnchorRepair.moved` knows them), orphaned, or gone from the document (deleted,
    /// or their id changed while unpublished), each where its verdict was last published. One
    /// published again, under its id or in its place, is then compared with those words.
    func unpublishedPlaces(of rendered: RenderedArticle) -> [String: PreviousAnchor] {
        let anchors = self.anchors
        guard anchors.values.contains(where: \.factCheck) else { return [:] }
        var kept: [String: PreviousAnchor] = [:]
        var accounted = Set(rendered.orphans.map(\.note.id))
        for (n, pair) in AnchorRepair.lastBuildsNotes(of: rendered.anchored, previous: anchors).enumerated() {
            guard let (id, place) = pair else { continue }
            accounted.insert(id)
            let note = rendered.anchored[n].note
            if place.factCheck && (note.kind != .factCheck || note.review != nil) { kept[note.id] = place }
        }
        for orphan in rendered.orphans {
            if let place = anchors[orphan.note.id], place.factCheck { kept[orphan.note.id] = place }
        }
        let current = Set(rendered.anchored.map(\.note.id)).union(accounted)
        for (id, place) in anchors where place.factCheck && !current.contains(id) { kept[id] = place }
        return kept
    }
}

extension LastPlaces {
    /// The most articles gone since the last build whose notes are read: a site that removed
    /// more at once is not searched further.
    static let goneArticlesRead = 1000

    /// An article folder of the last build that no document of this build has (`goneArticles`).
    struct GoneArticle {
        let folder: String
        /// Its fact checks' places there, by note id.
        let places: [String: PreviousAnchor]
        /// Whether the last build published it; else only its fact checks' places were kept,
        /// from a build before.
        let published: Bool
    }

    /// The last build's article folders (`output`) that no document of this build has, as its
    /// own or an old address (`documents`): renamed, deleted, or left out (a draft), with the
    /// places of their fact checks there (those with none left out). Sorted by folder.
    static func goneArticles(documents: [Article], output: String, baselines: VerdictBaselines) -> [GoneArticle] {
        var present = Set(documents.map(\.outputPath))
        for document in documents { present.formUnion(document.aliasFolders) }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: output + "/articles")) ?? []
        let published = Set(names.map { "articles/\($0)/" })
        let folders = published.union(baselines.places.keys.filter { $0.hasPrefix("articles/") })
        return folders.subtracting(present).sorted().prefix(goneArticlesRead).map { folder in
            GoneArticle(folder: folder, places: places(in: folder, of: output, baselines: baselines).filter(\.value.factCheck),
                        published: published.contains(folder))
        }.filter { !$0.places.isEmpty }
    }

    /// The warnings for articles the last build published with fact checks (`gone`) that this
    /// build has neither under their address nor renamed, less the fact checks compared in
    /// another article now (`movedAway`, "folder#id"): their verdicts and ClaimReviews go from
    /// the site. Said once, in the build after, as a note removed from its article is.
    static func goneWithTheirArticles(_ gone: [GoneArticle],
                                      renamedFrom: Set<String>, movedAway: Set<String>) -> [Diagnostic] {
        gone.compactMap { article in
            guard article.published, !renamedFrom.contains(article.folder) else { return nil }
            let ids = article.places.keys.filter { !movedAway.contains(article.folder + "#" + $0) }.sorted()
            guard let first = ids.first, let words = article.places[first]?.exact else { return nil }
            var warning = Diagnostic.warning(
                "article '/\(article.folder)' is gone since the last build, with \(ids.count == 1 ? "its fact check" : "\(ids.count) fact checks") "
                    + "\(ids.prefix(5).map { "'\($0)'" }.joined(separator: ", "))\(ids.count > 5 ? " and \(ids.count - 5) more" : ""): "
                    + "\(ids.count == 1 ? "its verdict and ClaimReview are" : "their verdicts and ClaimReviews are") no longer published",
                at: nil,
                notes: [.init("'\(first)' was given for \u{201C}\(words)\u{201D}"),
                        .init("if the article was renamed, add its old address to its front matter (aliases: [/\(article.folder)]) "
                              + "so that its fact checks are compared with what they rated; if it was removed or made a draft, "
                              + "nothing more is needed")])
            warning.isReminder = true
            return warning
        }
    }

    /// For each fact check new in its document (`arrived`: by position in `documents`, its place
    /// by id), the one fact check gone since the last build from another document (`gone`: by
    /// folder, its last place by id) with the same id, in the same words or between the same
    /// words: a note moved with its passage to another article (one split in two) is compared
    /// with the words its verdict was given for there. Each with its folder and the warning that
    /// says so.
    static func movedFromAnother(_ arrived: [(document: Int, notes: [String: OrphanedNote.Alternative])], documents: [Article],
                                 gone: [String: [String: PreviousAnchor]])
        -> [(document: Int, id: String, folder: String, place: PreviousAnchor, warning: Diagnostic)] {
        var found: [(document: Int, id: String, folder: String, place: PreviousAnchor, warning: Diagnostic)] = []
        for (document, notes) in arrived {
            for (id, now) in notes.sorted(by: { $0.key < $1.key }) {
                let candidates = gone.compactMap { folder, places -> (folder: String, place: PreviousAnchor)? in
                    guard folder != documents[document].outputPath, let place = places[id], place.factCheck,
                          place.exact == now.passage || AnchorRepair.shared(now, place) >= 8 else { return nil }
                    return (folder, place)
                }
                guard candidates.count == 1, let (folder, place) = candidates.first else { continue }
                var warning = Diagnostic.warning(
                    "fact check '\(id)' is new in article '\(documents[document].slug)', and '/\(folder)' had it until the last build: "
                        + "its words are compared with its place there",
                    at: SourceLocation(documents[document].path))
                warning.isReminder = true
                found.append((document, id, folder, place, warning))
            }
        }
        return found
    }

    /// For each article with fact checks that the last build did not have (`unseen`, by
    /// position in `documents`, with its notes' places by id), the gone article (`gone`) that
    /// had most of its notes: the same id, in the same words or between the same words, or
    /// another id in the same words between the same words (renamed in the same edit) (a
    /// note id alone is often shared by unrelated articles: "cost"). That is a rename without
    /// an `aliases` entry: its notes are compared with that article's, as with the alias, and a
    /// warning says the alias to add (the old address otherwise leads nowhere).
    /// Failing that, the one article gone since the last build (it published it) that had a fact
    /// check of each of its fact checks' ids, and no other: renamed while its claims were
    /// rewritten, it must not pass for new ("with fact checks of the same ids").
    static func renamedWithoutAlias(_ unseen: [(document: Int, notes: [String: OrphanedNote.Alternative])], documents: [Article],
                                    gone: [GoneArticle])
        -> [(document: Int, folder: String, warning: Diagnostic)] {
        func renamed(_ document: Int, from folder: String, _ how: String) -> (document: Int, folder: String, warning: Diagnostic) {
            let article = documents[document], old = "/" + folder
            let warning = Diagnostic.warning(
                "article '\(article.slug)' is new since the last build, and '\(old)', with \(how), is gone: "
                    + "its notes are compared with that article's",
                at: SourceLocation(article.path),
                notes: [.init("if it was renamed, add its old address to its front matter, aliases: [\(old)], so that the old "
                              + "address leads to it; if not, give the notes their own ids")])
            return (document, folder, warning)
        }
        var found: [(document: Int, folder: String, warning: Diagnostic)] = []
        var unpaired: [(document: Int, ids: Set<String>)] = []
        for (document, notes) in unseen {
            let shared = gone.map { article in
                (folder: article.folder, count: notes.filter { id, place in
                    if let old = article.places[id] { return old.exact == place.passage || AnchorRepair.shared(place, old) >= 8 }
                    // Its id changed in the same edit: the same words between the same words.
                    return article.places.values.contains { $0.exact == place.passage && AnchorRepair.shared(place, $0) >= 8 }
                }.count)
            }
            if let best = shared.max(by: { $0.count < $1.count || ($0.count == $1.count && $0.folder > $1.folder) }), best.count > 0 {
                found.append(renamed(document, from: best.folder,
                                     best.count == notes.count ? "the same notes" : "\(best.count) of its notes"))
            } else if !notes.isEmpty {
                unpaired.append((document, Set(notes.keys)))
            }
        }
        // By their ids alone: one new article and one gone, each the other's only match.
        let taken = Set(found.map(\.folder))
        let candidates = gone.filter { $0.published && !taken.contains($0.folder) }
        let matches = unpaired.map { new in (new.document, candidates.filter { new.ids.isSubset(of: $0.places.keys) }.map(\.folder)) }
        for (document, folders) in matches where folders.count == 1 {
            guard matches.filter({ $0.1.contains(folders[0]) }).count == 1 else { continue }
            found.append(renamed(document, from: folders[0], "fact checks of the same ids"))
        }
        return found.sorted { $0.document < $1.document }
    }
}
