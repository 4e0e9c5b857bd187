import Foundation
import ByteText
import Markdown

/// What the build's stages produced, kept between builds: `SiteBuilder` runs the stages once;
/// `gen serve` keeps their results and, when articles or notes change, re-reads only those
/// files, re-renders only those documents and re-renders only the pages whose kind says they
/// depend on the change (`PageKind.dependsOn`).
///
/// The load stage fills it (`loadContent`), the render stages add the renderings and the
/// entities' backlinks; `content` is what the page kinds read of it (`SiteContent`). It keeps
/// those latest results for `update`.
///
/// Diagnostics are kept by origin (one list per article file, note file and rendered document,
/// and one for the rest), so an update replaces exactly the lists it recomputes.
public final class SiteSession: @unchecked Sendable {
    public let options: BuildOptions
    let fileSystem: FileSystem

    // The site as last read.
    var config = SiteConfig()
    /// Articles in list order, then standalone pages by path (`SiteContent.documents`).
    var documents: [Article] = []
    var articleCount = 0
    /// Every article and page slug, drafts included (notes on a draft are not orphans).
    var allSlugs: Set<String> = []
    var noteFiles: [String: AnnotationFile] = [:]
    var notesByArticle: [String: [Note]] = [:]
    var entities = EntityIndex([])
    var sources: [SourceRecord] = []
    /// Whether every bibliography file could be read (a malformed one leaves its keys unknown).
    var sourcesComplete = true
    var staticFiles: [StaticFile] = []
    var draftCount = 0, futureCount = 0
    /// Where links to documents' Markdown files lead: made when the documents are read (an
    /// update keeps every document's path, slug and published state, or builds anew).
    var siteLinks = SiteLinks.none
    /// Values a build made that nothing reads any more, kept so that they are freed with the
    /// process rather than one by one (`BuildResult.session`).
    var keptUntilExit: [Any] = []
    var theme: Theme?
    /// The search indexer, when this build indexes the site (`SiteConfig.SearchSettings.indexed`).
    public private(set) var pagefind: Pagefind?
    var index = SiteIndex()
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

    // Diagnostics by origin.
    var globalDiagnostics = DiagnosticList()
    var fileDiagnostics: [String: DiagnosticList] = [:]
    var collectDiagnostics = DiagnosticList()
    var indexDiagnostics = DiagnosticList()
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
        self.readLog = readLog
    }

    /// Every diagnostic of the site as it now is.
    public var diagnostics: DiagnosticList {
        var all = globalDiagnostics
        all.append(contentsOf: collectDiagnostics)
        all.append(contentsOf: indexDiagnostics)
        all.append(contentsOf: planDiagnostics)
        for key in fileDiagnostics.keys.sorted() { all.append(contentsOf: fileDiagnostics[key]!) }
        for i in rendered.indices { all.append(contentsOf: rendered[i].diagnostics) }
        all.append(contentsOf: entityPages.diagnostics)
        return all
    }

    var site: String { options.siteDirectory }
    var markdown: MarkdownOptions { config.markdownOptions }
    var articleLoader: ArticleLoader { ArticleLoader(fileSystem: fileSystem, siteDirectory: site, allowAnyURL: config.unsafeHTML) }
    var annotationLoader: AnnotationLoader {
        AnnotationLoader(fileSystem: fileSystem, siteDirectory: site, verdicts: config.verdicts)
    }
    var entityMarkup: EntityMarkup { EntityMarkup(index: entities, root: "../../") }

    /// The site as the stages have made it so far: what the page kinds read.
    var content: SiteContent {
        var content = SiteContent(config: config, documents: documents, articleCount: articleCount, rendered: rendered,
                                  annotated: rendered.count == documents.count
                                      ? rendered.map { !$0.annotationsBytes.isEmpty }
                                      : documents.map { !(notesByArticle[$0.slug] ?? []).isEmpty },
                                  index: index, backlinks: backlinks.index.entities.count == entities.entities.count
                                      ? backlinks : EntityBacklinks(index: entities, links: []),
                                  sources: sources, staticFiles: staticFiles)
        content.assetPaths = theme?.assets.map(\.path) ?? []
        return content
    }

    /// Whether an article is published in this build: drafts only with `--drafts`, articles
    /// dated after now only with `--future` (a day, once it has begun somewhere: `publishedFrom`).
    func isPublished(_ article: Article) -> Bool {
        (options.drafts || !article.draft) && (options.future || (article.date?.publishedFrom ?? 0) <= options.now)
    }

    /// What `content/` holds that gen reads: the loaders' folders and files.
    static let contentNames: Set<String> = Set(([ArticleLoader.folder, ArticleLoader.pagesFolder, AnnotationLoader.folder,
                                                  EntityLoader.folder, StaticFileLoader.imagesFolder, SourceLoader.folder]
                                                 + SourceLoader.files).map { String($0.dropFirst("content/".count)) })

    /// A warning for each entry of `content/` gen does not read (`content/posts/` or
    /// `content/about.md` of a Hugo site): the build would succeed without them, unsaid.
    static func unreadContent(_ entries: [DirectoryEntry]) -> [Diagnostic] {
        entries.filter { !$0.name.hasPrefix(".") && !contentNames.contains($0.name) }.sorted { $0.name < $1.name }.map { entry in
            let path = "content/" + entry.name
            return .warning("'\(path)' is not read", at: SourceLocation(path),
                            notes: [.init(entry.isDirectory || !entry.name.hasSuffix(".md")
                                ? "gen reads content/articles/, content/pages/, content/annotations/, content/entities/, "
                                    + "content/images/ and content/sources.yaml: move articles into content/articles/"
                                : "a standalone page goes in content/pages/, an article in content/articles/")])
        }
    }

    /// The folders of a site that gen reads.
    static let inputFolders = ["content", "content/annotations", "content/articles", "content/entities", "content/images",
                               "content/pages", "static", "templates", "templates/assets"]

    /// The load stage: configuration, articles and pages, notes, entities, sources, theme,
    /// static files, and the tag index.
    func loadContent(timer: inout StageTimer) {
        var diagnostics = DiagnosticList()
        fileDiagnostics = [:]
        var unpublished: [String: String] = [:]

        // The folders gen reads: one that leads out of the site, or is not a folder, is an
        // error at its path, and is not read (`LocalFileSystem`).
        var refused: [String] = []
        for folder in Self.inputFolders where !refused.contains(where: { folder.hasPrefix($0 + "/") }) {
            guard let refusal = fileSystem.refusal(of: site + "/" + folder) else { continue }
            refused.append(folder)
            diagnostics.error(refusal.message, at: SourceLocation(folder), notes: [.init(refusal.suggestion)])
        }
        config = loadConfig(diagnostics: &diagnostics)
        if let baseURL = options.baseURL {
            if let problem = ConfigLoader.baseURLProblem(baseURL) {
                diagnostics.error("--base-url \(problem)", at: nil,
                                  notes: [.init("give the address the site will be served at, such as --base-url https://example.org/review/")])
            } else {
                config.baseURL = baseURL
            }
        }
        if options.fileURLs { config.fileURLs = true }
        // A site opened from disk has no search: browsers do not let a page at a file:// address
        // load Pagefind's index.
        pagefind = options.search && !config.fileURLs ? findPagefind(diagnostics: &diagnostics) : nil
        config.search.indexed = pagefind != nil
        if !fileSystem.isDirectory(site + "/content") {
            diagnostics.error("no content/ folder in '\(site)'", at: nil,
                              notes: [.init("run 'gen init' to make a small working site")])
        } else {
            diagnostics.append(contentsOf: Self.unreadContent(fileSystem.list(site + "/content") ?? []))
        }

        // Articles and standalone pages, then notes by document with their ids.
        let loader = articleLoader
        let articleFiles = loader.listFiles(diagnostics: &diagnostics)
        let pageFiles = loader.listPages()
        let files = articleFiles + pageFiles
        let loaded = parallelLoad(files, jobs: options.jobs) { path, found in
            path.hasPrefix(ArticleLoader.pagesFolder + "/") ? loader.loadPage(path, diagnostics: &found) : loader.load(path, diagnostics: &found)
        }
        var articles: [Article] = [], pages: [Article] = []
        draftCount = 0
        futureCount = 0
        var bySlug: [String: String] = [:]
        var duplicates = Set<String>()
        for (i, (article, local)) in loaded.enumerated() {
            var local = local
            var duplicate = false
            if let article {
                if let other = bySlug[article.slug] {
                    let folder = article.path.hasSuffix("/index.md") || other.hasSuffix("/index.md")
                    local.error("'\(article.path)' and '\(other)' are both '\(article.slug)'", at: SourceLocation(article.path),
                                notes: [.init(folder ? "an article is a file or a folder with its index.md, not both: keep one"
                                                     : "notes name what they annotate by this name: rename one of the files")])
                    // Both are left out, so that nothing else is reported of them (their pages
                    // would clash, their notes be sought in whichever came first).
                    duplicate = true
                    duplicates.insert(article.slug)
                } else {
                    bySlug[article.slug] = article.path
                }
            }
            if !local.items.isEmpty { fileDiagnostics[files[i]] = local }
            guard let article, !duplicate else { continue }
            if article.kind == .page {
                if options.drafts || !article.draft { pages.append(article) } else { unpublished[article.path] = article.outputPath }
            } else if isPublished(article) {
                articles.append(article)
            } else if article.draft && !options.drafts {
                draftCount += 1
                unpublished[article.path] = article.outputPath
            } else {
                futureCount += 1
                unpublished[article.path] = article.outputPath
            }
        }
        if !duplicates.isEmpty {
            articles.removeAll { duplicates.contains($0.slug) }
            pages.removeAll { duplicates.contains($0.slug) }
        }
        articles = Article.sorted(articles)
        articleCount = articles.count
        documents = articles + pages
        allSlugs = Set(loaded.compactMap { $0.value?.slug })
        timer.lap("read articles")
        let notesLoader = annotationLoader
        let annotationFiles = notesLoader.listFiles(diagnostics: &diagnostics)
        let loadedNotes = parallelLoad(annotationFiles, jobs: options.jobs) { notesLoader.load($0, diagnostics: &$1) }
        noteFiles = [:]
        for (i, (file, local)) in loadedNotes.enumerated() {
            if !local.items.isEmpty { fileDiagnostics[annotationFiles[i]] = local }
            if let file { noteFiles[file.path] = file }
        }
        timer.lap("read notes")
        // Entities, sources, theme, static files and the tag index are read while the notes are
        // collected (collecting is mostly one thread's work: the other core would wait).
        let background = BackgroundTask { [fileSystem, site, config, articles, documents, jobs = options.jobs] in
            var found = DiagnosticList(), indexFound = DiagnosticList()
            let entities = EntityIndex(EntityLoader(fileSystem: fileSystem, siteDirectory: site).loadAll(jobs: jobs, diagnostics: &found),
                                       settings: config.entities)
            let sources = SourceLoader(fileSystem: fileSystem, siteDirectory: site).read(diagnostics: &found)
            let theme = Theme.load(siteDirectory: site, fileSystem: fileSystem, diagnostics: &found)
            let staticFiles = StaticFileLoader(fileSystem: fileSystem, siteDirectory: site)
                .load(documents: documents, assets: Array(zip(theme.assets.map(\.path), theme.assetOrigins)), diagnostics: &found)
            let index = IndexTags.run(articles, diagnostics: &indexFound)
            return (entities, sources, theme, staticFiles, found, index, indexFound)
        }
        collectNotes(for: nil)
        timer.lap("collect notes")
        let found: DiagnosticList
        let bibliography: (records: [SourceRecord], complete: Bool)
        (entities, bibliography, theme, staticFiles, found, index, indexDiagnostics) = background.wait()
        (sources, sourcesComplete) = bibliography
        // Nothing to search (a new site before its first article): no search, as Pagefind fails
        // on a site without a page to index.
        if pagefind != nil && documents.isEmpty && entities.isEmpty {
            pagefind = nil
            config.search.indexed = false
        }
        siteLinks = SiteLinks(published: documents, unpublished: unpublished, entities: entities.entities)
        diagnostics.append(contentsOf: found)
        globalDiagnostics = diagnostics
        timer.lap("entities, sources, theme and indexes")
    }

    /// The entity stage: who mentions each entity (over the rendered documents), and the
    /// entities' own bodies rendered (or, `reusingBodies`, those of the last run when there are
    /// as many).
    func indexEntities(reusingBodies: Bool = false) -> IndexedEntities {
        let backlinks = LinkEntities.run(entities, articles: rendered)
        if reusingBodies && entityPages.bodies.count == entities.entities.count {
            return IndexedEntities(backlinks: backlinks, pages: entityPages)
        }
        return IndexedEntities(backlinks: backlinks,
                               pages: EntityPages.render(entities, markup: entityMarkup, links: siteLinks, options: markdown, jobs: options.jobs))
    }

    /// The entity stage's output kept (`indexEntities`).
    func linkEntities(reusingBodies: Bool = false) {
        let indexed = indexEntities(reusingBodies: reusingBodies)
        backlinks = indexed.backlinks
        entityPages = indexed.pages
    }

    /// Gathers notes by document and gives them ids: for every document, or only for `slugs`.
    func collectNotes(for slugs: Set<String>?) {
        let files = noteFiles.values.filter { slugs == nil || slugs!.contains($0.article) }
        var local = DiagnosticList()
        let collected = CollectNotes.run(Array(files), articles: allSlugs, jobs: options.jobs, diagnostics: &local)
        let built = Set(documents.map(\.slug))
        if let slugs {
            for slug in slugs { notesByArticle[slug] = built.contains(slug) ? collected[slug] : nil }
            // Keep the other documents' collect diagnostics, replace these ones'.
            let paths = Set(files.map(\.path))
            var kept = DiagnosticList(collectDiagnostics.items.filter { !paths.contains($0.location?.path ?? "") })
            kept.append(contentsOf: local)
            collectDiagnostics = kept
        } else {
            notesByArticle = collected.filter { built.contains($0.key) }
            collectDiagnostics = local
        }
    }

    /// The Markdown stage: renders `list` on all cores. `reuse`, when given, may give document
    /// `i`'s rendering instead (the build's render cache); `finish`, when given, runs on each
    /// document rendered anew, with its notes, in the same task (the build writes its files
    /// there, while it is at hand).
    func renderDocuments(_ list: [Article], reuse: (@Sendable (_ i: Int, _ notes: [Note]) -> RenderedArticle?)? = nil,
                         finish: (@Sendable (_ i: Int, inout RenderedArticle, _ notes: [Note]) -> Void)? = nil) -> [RenderedArticle] {
        let markdown = self.markdown
        let citations = CitationMarkup(sources: sources, complete: sourcesComplete, labels: config.labels)
        let noteMarkup = NoteMarkup(config: config)
        let orphanSeverity: Diagnostic.Severity = config.annotations.orphans == .warn ? .warning : .error
        let notes = notesByArticle, settings = config
        // Entity links are relative: one markup per depth of page (articles are two folders down,
        // a standalone page one or more).
        let depths = Set(list.map(\.depth))
        let entityMarkups = Dictionary(uniqueKeysWithValues: depths.map {
            ($0, $0 == 2 ? entityMarkup : EntityMarkup(index: entities, root: SitePath.root(depth: $0)))
        })
        let images = ImageResolver(fileSystem: fileSystem, siteDirectory: site, staticFiles: staticFiles)
        let links = siteLinks, sentenceWindow = options.sentenceWindow
        return parallelMap(list.count, jobs: options.jobs) { i in
            let ownNotes = notes[list[i].slug] ?? []
            if let reused = reuse?(i, ownNotes) { return reused }
            var rendered = RenderMarkdown.render(list[i], options: markdown, notes: ownNotes,
                                                 markup: noteMarkup, orphanSeverity: orphanSeverity, citations: citations,
                                                 config: settings, entities: entityMarkups[list[i].depth], images: images,
                                                 links: links, sentenceWindow: sentenceWindow)
            finish?(i, &rendered, ownNotes)
            return rendered
        }
    }

    /// What the page kinds render with, over the site as it now is.
    func environment(_ content: SiteContent, withLists: Bool = true, summaries: [ArticleContext]? = nil,
                     tags: [TagContext]? = nil) -> PageEnvironment {
        PageEnvironment(site: content, theme: theme!, entityPages: entityPages, withLists: withLists, summaries: summaries,
                        tags: tags, fileSystem: fileSystem, siteDirectory: site)
    }

    /// Pagefind, when the site is to be indexed: `[search] enabled = false` never is; unset, it
    /// is when Pagefind is found (a warning says how to install it otherwise); true requires it.
    func findPagefind(diagnostics: inout DiagnosticList) -> Pagefind? {
        let settings = config.search
        guard settings.enabled != false else { return nil }
        let lookup = Pagefind.environmentLookup()
        if lookup == .off && settings.pagefind == nil { return nil }
        if let found = Pagefind.find(configured: settings.pagefind, siteDirectory: site, lookup: lookup) { return found }
        let here = SourceLocation(ConfigLoader.fileName)
        if let named = settings.pagefind {
            diagnostics.error("'search.pagefind' names '\(named)', which is not an executable file", at: here,
                              notes: [.init(Pagefind.installHint)])
        } else if settings.enabled == true {
            diagnostics.error("search is enabled in \(ConfigLoader.fileName), but Pagefind was not found", at: here,
                              notes: [.init(Pagefind.installHint)])
        } else {
            diagnostics.warning("Pagefind was not found: the site is built without search", at: nil,
                                notes: [.init(Pagefind.installHint),
                                        .init("or set '[search] enabled = false' in \(ConfigLoader.fileName) to build without search")])
        }
        return nil
    }

    func loadConfig(diagnostics: inout DiagnosticList) -> SiteConfig {
        let path = options.siteDirectory + "/" + ConfigLoader.fileName
        guard fileSystem.exists(path) else { return SiteConfig() }
        guard let text = fileSystem.readText(ConfigLoader.fileName, in: options.siteDirectory, diagnostics: &diagnostics) else {
            return SiteConfig()
        }
        let (config, found) = ConfigLoader().load(text: text)
        diagnostics.append(contentsOf: found)
        return config
    }

    func result() -> BuildResult {
        var result = BuildResult(config: config, diagnostics: diagnostics, unsortedFiles: [], articleCount: articleCount)
        result.sourceCount = sources.count
        result.entityCount = entities.entities.count
        result.draftCount = draftCount
        result.futureCount = futureCount
        result.standaloneCount = documents.count - articleCount
        for i in rendered.indices {
            result.noteCount += rendered[i].anchored.count
            result.orphans += rendered[i].orphans
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
        for flag in [options.drafts, options.future, options.fileURLs, config.search.indexed] { digest.bool(flag) }
        for path in reads.keys.sorted() where !Self.isDocumentInput(path) {
            digest.string(path)
            digest.u64(reads[path]!)
        }
        for file in staticFiles.sorted(by: { $0.outputPath < $1.outputPath }) {
            digest.string(file.outputPath)
            digest.string(file.sourcePath)
        }
        for entry in PageEnvironment.menu(self.content) {
            digest.string(entry.entry.name)
            digest.string(entry.entry.url)
            digest.int(entry.entry.weight)
        }
        for tag in index.tags {
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
        for file in noteFiles.values { annotationFiles[file.article, default: []].append(file.path) }
        // Made once, when a first document needs it.
        var placesDigest: UInt64?
        func places() -> UInt64 {
            if let placesDigest { return placesDigest }
            var places = CacheWriter()
            for (path, document) in siteLinks.documents.sorted(by: { $0.key < $1.key }) {
                places.string(path)
                places.string(document.outputPath)
                places.bool(document.published)
            }
            placesDigest = ContentHash.of(places.bytes)
            return placesDigest!
        }
        return documents.map { document in
            var key = CacheWriter()
            for path in [document.path] + (annotationFiles[document.slug] ?? []).sorted() {
                key.string(path)
                key.u64(reads[path] ?? ReadLog.unreadable)
            }
            if SiteLinks.mayRewrite(document.body) || (notesByArticle[document.slug] ?? []).contains(where: { SiteLinks.mayRewrite($0.body) }) {
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
