import Foundation
import Markdown

/// The load stage's output: the site as read, before anything is rendered. `SiteLoader.load`
/// makes it; `SiteBuilder` keeps it in the store of results (`SiteSession.loaded`), where
/// `gen serve`'s updates change the documents, notes and static files they read again.
///
/// Diagnostics are kept by origin (one list per article file and note file, one for collecting
/// notes, one for the tag index, and one for the rest), so an update replaces exactly the
/// lists it recomputes.
struct LoadedSite: Sendable {
    var config = SiteConfig()
    /// Articles in list order, then standalone pages by path (`SiteContent.documents`).
    var documents: [Article] = []
    var articleCount = 0
    /// Every article and page slug, drafts included (notes on a draft are not orphans).
    var allSlugs: Set<String> = []
    var noteFiles: [String: AnnotationFile] = [:]
    /// The notes of each built document, with their ids (`CollectNotes`).
    var notesByArticle: [String: [Note]] = [:]
    var entities = EntityIndex([])
    var sources: [SourceRecord] = []
    /// Whether every bibliography file could be read (a malformed one leaves its keys unknown).
    var sourcesComplete = true
    var staticFiles: [StaticFile] = []
    /// Files not copied because another has their output path (an error): images still found.
    var setAsideFiles: [StaticFile] = []
    var draftCount = 0, futureCount = 0
    /// Where links to documents' Markdown files lead: made when the documents are read (an
    /// update keeps every document's path, slug and published state, or builds anew).
    var siteLinks = SiteLinks.none
    var theme: Theme?
    /// The search indexer, when this build indexes the site (`SiteConfig.SearchSettings.indexed`).
    var pagefind: Pagefind?
    /// The tags and the articles under each.
    var index = SiteIndex()

    var globalDiagnostics = DiagnosticList()
    var fileDiagnostics: [String: DiagnosticList] = [:]
    var collectDiagnostics = DiagnosticList()
    var indexDiagnostics = DiagnosticList()

    /// Gathers notes by document and gives them ids: for every document, or only for `slugs`.
    mutating func collectNotes(for slugs: Set<String>?, jobs: Int) {
        let files = noteFiles.values.filter { slugs == nil || slugs!.contains($0.article) }
        var local = DiagnosticList()
        let collected = CollectNotes.run(Array(files), articles: allSlugs, jobs: jobs, diagnostics: &local)
        let built = Set(documents.map(\.slug))
        // A note dated before its article (a slip of the year, most often): a review of it would
        // say it came first.
        for document in documents {
            guard let published = document.date, let notes = collected[document.slug] else { continue }
            for note in notes {
                // By the day as written: a note of the article's day is after it.
                guard let date = note.date, date.isoDate < published.isoDate else { continue }
                local.warning("note '\(note.id)' is dated \(date.isoDate), before its article '\(document.slug)' (\(published.isoDate))",
                              at: note.attributesLocation ?? note.location,
                              notes: [.init("a note's date is the day it was written or its verdict given, after the article")])
            }
        }
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
}

/// Reads a site for a build: the load stage (`load`) and what `gen serve`'s updates read again
/// with the same rules (`articleLoader`, `annotationLoader`, `isPublished`).
struct SiteLoader: Sendable {
    let options: BuildOptions
    /// The disk confined to the site folder (and logged, for the render cache).
    let fileSystem: FileSystem

    var site: String { options.siteDirectory }

    func articleLoader(_ config: SiteConfig) -> ArticleLoader {
        ArticleLoader(fileSystem: fileSystem, siteDirectory: site, allowAnyURL: config.unsafeHTML)
    }

    func annotationLoader(_ config: SiteConfig) -> AnnotationLoader {
        AnnotationLoader(fileSystem: fileSystem, siteDirectory: site, verdicts: config.verdicts, now: options.now)
    }

    /// Whether an article is published in this build: drafts only with `--drafts`, articles
    /// dated after now only with `--future` (a day, once it has begun somewhere: `publishedFrom`).
    func isPublished(_ article: Article) -> Bool {
        // As in Hugo: `publishDate`, when there is one, says when; else `date`.
        let from = (article.publishDate ?? article.date)?.publishedFrom ?? 0
        return (options.drafts || !article.draft) && (options.future || from <= options.now)
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
            if entry.name == "_index.md" { return .warning("'\(path)' is not read", at: SourceLocation(path), notes: [ArticleLoader.hugoListPageNote]) }
            // A bibliography under another name (Zotero's "My Library.json"), or in a format gen
            // does not read (BibTeX).
            let lower = entry.name.lowercased()
            if !entry.isDirectory, [".json", ".yaml", ".yml"].contains(where: lower.hasSuffix) {
                return .warning("'\(path)' is not read", at: SourceLocation(path),
                                notes: [.init("a bibliography is content/sources.json (CSL-JSON, as Zotero exports it), "
                                              + "content/sources.yaml (CSL-YAML), or any such file in content/sources/")])
            }
            if !entry.isDirectory, [".bib", ".bibtex", ".ris"].contains(where: lower.hasSuffix) {
                return .warning("'\(path)' is not read", at: SourceLocation(path),
                                notes: [.init("gen reads bibliographies in CSL-JSON or CSL-YAML, not BibTeX or RIS: export the "
                                              + "library from Zotero as CSL JSON into content/sources.json (or convert it: "
                                              + "pandoc \(path) -t csljson -o content/sources.json)")])
            }
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

    /// The load stage: configuration, articles and pages, notes collected by document,
    /// entities, sources, theme, static files, and the tag index.
    func load(timer: inout StageTimer) -> LoadedSite {
        var result = LoadedSite()
        var diagnostics = DiagnosticList()
        var unpublished: [String: String] = [:]

        // The folders gen reads: one that leads out of the site, or is not a folder, is an
        // error at its path, and is not read (`LocalFileSystem`).
        var refused: [String] = []
        for folder in Self.inputFolders where !refused.contains(where: { folder.hasPrefix($0 + "/") }) {
            guard let refusal = fileSystem.refusal(of: site + "/" + folder) else { continue }
            refused.append(folder)
            diagnostics.error(refusal.message, at: SourceLocation(folder), notes: [.init(refusal.suggestion)])
        }
        result.config = loadConfig(diagnostics: &diagnostics)
        if let baseURL = options.baseURL {
            if let problem = ConfigLoader.baseURLProblem(baseURL) {
                diagnostics.error("--base-url \(problem)", at: nil,
                                  notes: [.init("give the address the site will be served at, such as --base-url https://example.org/review/")])
            } else {
                result.config.baseURL = baseURL
            }
        }
        if options.fileURLs { result.config.fileURLs = true }
        // A site opened from disk has no search: browsers do not let a page at a file:// address
        // load Pagefind's index.
        result.pagefind = options.search && !result.config.fileURLs ? findPagefind(result.config, diagnostics: &diagnostics) : nil
        result.config.search.indexed = result.pagefind != nil
        if !fileSystem.isDirectory(site + "/content") {
            let nearby = fileSystem.exists(site + "/gen.toml") ? nil : SiteFolder.siteNearby(site)
            diagnostics.error("no content/ folder in '\(site)'", at: nil,
                              notes: [.init(nearby ?? "run 'gen init' to make a small working site")])
        } else {
            diagnostics.append(contentsOf: Self.unreadContent(fileSystem.list(site + "/content") ?? []))
        }

        // Articles and standalone pages, then notes by document with their ids.
        let loader = articleLoader(result.config)
        let articleFiles = loader.listFiles(diagnostics: &diagnostics)
        let pageFiles = loader.listPages(diagnostics: &diagnostics)
        let files = articleFiles + pageFiles
        let loaded = parallelLoad(files, jobs: options.jobs) { path, found in
            path.hasPrefix(ArticleLoader.pagesFolder + "/") ? loader.loadPage(path, diagnostics: &found) : loader.load(path, diagnostics: &found)
        }
        var articles: [Article] = [], pages: [Article] = []
        result.draftCount = 0
        result.futureCount = 0
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
            if !local.items.isEmpty { result.fileDiagnostics[files[i]] = local }
            guard let article, !duplicate else { continue }
            if article.kind == .page {
                if options.drafts || !article.draft { pages.append(article) } else {
                    // Counted with the draft articles: the build's line says none was left out unsaid.
                    result.draftCount += 1
                    unpublished[article.path] = article.outputPath
                }
            } else if isPublished(article) {
                articles.append(article)
            } else if article.draft && !options.drafts {
                result.draftCount += 1
                unpublished[article.path] = article.outputPath
            } else {
                result.futureCount += 1
                unpublished[article.path] = article.outputPath
            }
        }
        if !duplicates.isEmpty {
            articles.removeAll { duplicates.contains($0.slug) }
            pages.removeAll { duplicates.contains($0.slug) }
        }
        articles = Article.sorted(articles)
        result.articleCount = articles.count
        result.documents = articles + pages
        result.allSlugs = Set(loaded.compactMap { $0.value?.slug })
        timer.lap("read articles")
        let notesLoader = annotationLoader(result.config)
        let annotationFiles = notesLoader.listFiles(diagnostics: &diagnostics)
        let loadedNotes = parallelLoad(annotationFiles, jobs: options.jobs) { notesLoader.load($0, diagnostics: &$1) }
        result.noteFiles = [:]
        for (i, (file, local)) in loadedNotes.enumerated() {
            if !local.items.isEmpty { result.fileDiagnostics[annotationFiles[i]] = local }
            if let file { result.noteFiles[file.path] = file }
        }
        timer.lap("read notes")
        // Entities, sources, theme, static files and the tag index are read while the notes are
        // collected (collecting is mostly one thread's work: the other core would wait).
        let background = BackgroundTask { [fileSystem, site, config = result.config, articles, documents = result.documents, jobs = options.jobs] in
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
        result.collectNotes(for: nil, jobs: options.jobs)
        timer.lap("collect notes")
        let (entities, bibliography, theme, staticFiles, found, index, indexFound) = background.wait()
        (result.entities, result.theme, result.index, result.indexDiagnostics) = (entities, theme, index, indexFound)
        (result.staticFiles, result.setAsideFiles) = staticFiles
        (result.sources, result.sourcesComplete) = bibliography
        // Nothing to search (a new site before its first article): no search, as Pagefind fails
        // on a site without a page to index.
        if result.pagefind != nil && result.documents.isEmpty && result.entities.isEmpty {
            result.pagefind = nil
            result.config.search.indexed = false
        }
        result.siteLinks = SiteLinks(published: result.documents, unpublished: unpublished, entities: result.entities.entities)
        diagnostics.append(contentsOf: found)
        result.globalDiagnostics = diagnostics
        timer.lap("entities, sources, theme and indexes")
        return result
    }

    /// Pagefind, when the site is to be indexed: `[search] enabled = false` never is; unset, it
    /// is when Pagefind is found (a warning says how to install it otherwise); true requires it.
    func findPagefind(_ config: SiteConfig, diagnostics: inout DiagnosticList) -> Pagefind? {
        let settings = config.search
        guard settings.enabled != false else { return nil }
        let lookup = Pagefind.environmentLookup()
        if lookup == .off && settings.pagefind == nil { return nil }
        if let found = Pagefind.find(configured: settings.pagefind, siteDirectory: site, lookup: lookup) { return found }
        // At the value that asks for Pagefind, read again from gen.toml (only when it is missing).
        func place(of key: String) -> SourceLocation {
            guard let bytes = try? fileSystem.read(site + "/" + ConfigLoader.fileName) else { return SourceLocation(ConfigLoader.fileName) }
            let (line, column) = TOMLKeyLines(String(decoding: bytes, as: UTF8.self)).valuePosition(of: key)
            return SourceLocation(ConfigLoader.fileName, line: line, column: column)
        }
        // What gen would find without the setting that named a missing one (asked only then: it
        // may ask python3).
        func installed() -> Pagefind? { Pagefind.find(configured: nil, siteDirectory: site, lookup: .installed) }
        if let named = settings.pagefind {
            let path = Pagefind.configuredPath(named, siteDirectory: site)
            let what = named.isEmpty ? "no file" : "'\(named)'\(named.hasPrefix("/") ? "" : " (\(path))"), which is not "
                + (FileManager.default.fileExists(atPath: path) ? "a program" : "there")
            diagnostics.error("'search.pagefind' names \(what)", at: place(of: "search.pagefind"),
                              notes: [.init(installed().map { "Pagefind is installed at '\($0.executable)': name that path, "
                                                             + "or remove 'pagefind' from [search] to use it" }
                                            ?? Pagefind.installHint)])
        } else if case .named(let path) = lookup {
            let message = "GEN_PAGEFIND names '\(path)', which is not a program"
            let notes: [Diagnostic.Note] = [.init(installed().map { "Pagefind is installed at '\($0.executable)': unset GEN_PAGEFIND to use it" }
                                                  ?? "unset GEN_PAGEFIND to look for Pagefind on PATH and in the pagefind-bin package")]
            if settings.enabled == true {
                diagnostics.error(message + ", and search is enabled in \(ConfigLoader.fileName)", at: place(of: "search.enabled"), notes: notes)
            } else {
                diagnostics.warning(message + ": the site is built without search", at: nil, notes: notes)
            }
        } else if settings.enabled == true {
            diagnostics.error("search is enabled in \(ConfigLoader.fileName), but Pagefind was not found", at: place(of: "search.enabled"),
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
}
