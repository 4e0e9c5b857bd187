import Foundation
import Markdown

/// The build pipeline and what it knows between builds. `SiteBuilder` runs it once; `gen serve`
/// keeps it and, when articles or notes change, re-reads only those files, re-renders only
/// those articles and re-renders only the pages whose content depends on them.
///
/// Diagnostics are kept by origin (one list per article file, note file and rendered article,
/// and one for the rest), so an update replaces exactly the lists it recomputes.
public final class SiteSession: @unchecked Sendable {
    public let options: BuildOptions
    let fileSystem: FileSystem

    // The site as last read.
    var config = SiteConfig()
    var articles: [Article] = []
    /// Every article file's slug, drafts included (notes on a draft are not orphans).
    var allSlugs: Set<String> = []
    var noteFiles: [String: AnnotationFile] = [:]
    var notesByArticle: [String: [Note]] = [:]
    var entities = EntityIndex([])
    var sources: [SourceRecord] = []
    /// Values a build made that nothing reads any more, kept so that they are freed with the
    /// process rather than one by one (`BuildResult.session`).
    var keptUntilExit: [Any] = []
    var theme: Theme?
    var index = SiteIndex(tags: [], tagContexts: [:])
    var rendered: [RenderedArticle] = []
    var entityPages = EntityPages.empty

    // Diagnostics by origin.
    var globalDiagnostics = DiagnosticList()
    var fileDiagnostics: [String: DiagnosticList] = [:]
    var collectDiagnostics = DiagnosticList()
    var indexDiagnostics = DiagnosticList()

    public init(options: BuildOptions, fileSystem: FileSystem = LocalFileSystem()) {
        self.options = options
        self.fileSystem = fileSystem
    }

    /// Every diagnostic of the site as it now is.
    public var diagnostics: DiagnosticList {
        var all = globalDiagnostics
        all.append(contentsOf: collectDiagnostics)
        all.append(contentsOf: indexDiagnostics)
        for key in fileDiagnostics.keys.sorted() { all.append(contentsOf: fileDiagnostics[key]!) }
        for i in rendered.indices { all.append(contentsOf: rendered[i].diagnostics) }
        all.append(contentsOf: entityPages.diagnostics)
        return all
    }

    var site: String { options.siteDirectory }
    var markdown: MarkdownOptions { MarkdownOptions(unsafeHTML: config.unsafeHTML) }
    var articleLoader: ArticleLoader { ArticleLoader(fileSystem: fileSystem, siteDirectory: site, allowAnyURL: config.unsafeHTML) }
    var annotationLoader: AnnotationLoader {
        AnnotationLoader(fileSystem: fileSystem, siteDirectory: site, verdicts: config.verdicts)
    }
    var entityMarkup: EntityMarkup { EntityMarkup(index: entities, root: "../../") }

    /// Reads the whole site: configuration, articles, notes, entities, sources, theme, indexes.
    func loadContent(timer: inout StageTimer) {
        var diagnostics = DiagnosticList()
        fileDiagnostics = [:]

        // LoadConfig
        config = loadConfig(diagnostics: &diagnostics)
        if let baseURL = options.baseURL { config.baseURL = baseURL }
        if !fileSystem.isDirectory(site + "/content") {
            diagnostics.error("no content/ folder in '\(site)'", at: nil,
                              notes: [.init("run 'gen init' to make a small working site")])
        }

        // ReadContent: articles, then notes by article with their ids.
        let loader = articleLoader
        let articleFiles = loader.listFiles(diagnostics: &diagnostics)
        let loaded = parallelLoad(articleFiles, jobs: options.jobs) { loader.load($0, diagnostics: &$1) }
        articles = []
        for (i, (article, local)) in loaded.enumerated() {
            if !local.items.isEmpty { fileDiagnostics[articleFiles[i]] = local }
            if let article, options.drafts || !article.draft { articles.append(article) }
        }
        articles = Article.sorted(articles)
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
        // Entities, sources, theme and the site's indexes are read while the notes are collected
        // (collecting is mostly one thread's work: the other core would wait).
        let background = BackgroundTask { [fileSystem, site, config, articles, jobs = options.jobs] in
            var found = DiagnosticList(), indexFound = DiagnosticList()
            let entities = EntityIndex(EntityLoader(fileSystem: fileSystem, siteDirectory: site).loadAll(jobs: jobs, diagnostics: &found),
                                       settings: config.entities)
            let sources = SourceLoader(fileSystem: fileSystem, siteDirectory: site).load(diagnostics: &found)
            let theme = Theme.load(siteDirectory: site, fileSystem: fileSystem, diagnostics: &found)
            let index = SiteIndex.build(articles, diagnostics: &indexFound)
            return (entities, sources, theme, found, index, indexFound)
        }
        collectNotes(for: nil)
        timer.lap("collect notes")
        let found: DiagnosticList
        (entities, sources, theme, found, index, indexDiagnostics) = background.wait()
        diagnostics.append(contentsOf: found)
        globalDiagnostics = diagnostics
        timer.lap("entities, sources, theme and indexes")
    }

    /// Entity pages from the rendered articles' mentions.
    func buildEntityPages() {
        entityPages = EntityPages.build(entities, articles: rendered, markup: entityMarkup, options: markdown,
                                        jobs: options.jobs)
    }

    /// Gathers notes by article and gives them ids: for every article, or only for `slugs`.
    func collectNotes(for slugs: Set<String>?) {
        let files = noteFiles.values.filter { slugs == nil || slugs!.contains($0.article) }
        var local = DiagnosticList()
        let collected = CollectNotes.run(Array(files), articles: allSlugs, jobs: options.jobs, diagnostics: &local)
        let built = Set(articles.map(\.slug))
        if let slugs {
            for slug in slugs { notesByArticle[slug] = built.contains(slug) ? collected[slug] : nil }
            // Keep the other articles' collect diagnostics, replace these articles' ones.
            let paths = Set(files.map(\.path))
            var kept = DiagnosticList(collectDiagnostics.items.filter { !paths.contains($0.location?.path ?? "") })
            kept.append(contentsOf: local)
            collectDiagnostics = kept
        } else {
            notesByArticle = collected.filter { built.contains($0.key) }
            collectDiagnostics = local
        }
    }

    /// Renders `list`'s Markdown on all cores; `finish`, when given, runs on each rendered
    /// article in the same task (the build writes its page there, while it is at hand).
    func renderArticles(_ list: [Article],
                        finish: (@Sendable (inout RenderedArticle) -> Void)? = nil) -> [RenderedArticle] {
        let markdown = self.markdown
        let citations = CitationMarkup(sources: sources)
        let noteMarkup = NoteMarkup(config: config)
        let orphanSeverity: Diagnostic.Severity = config.annotations.orphans == .warn ? .warning : .error
        let notes = notesByArticle, settings = config
        let entityMarkup = self.entityMarkup
        return parallelMap(list.count, jobs: options.jobs) { i in
            var rendered = RenderMarkdown.render(list[i], options: markdown, notes: notes[list[i].slug] ?? [],
                                                 markup: noteMarkup, orphanSeverity: orphanSeverity, citations: citations,
                                                 config: settings, entities: entityMarkup)
            finish?(&rendered)
            return rendered
        }
    }

    var pages: RenderPages {
        var pages = RenderPages(config: config, theme: theme!, jobs: options.jobs, sources: sources)
        pages.entities = entityPages
        return pages
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
        var result = BuildResult(config: config, diagnostics: diagnostics, unsortedFiles: [], articleCount: articles.count)
        result.sourceCount = sources.count
        result.entityCount = entities.entities.count
        for i in rendered.indices {
            result.noteCount += rendered[i].anchored.count
            result.orphans += rendered[i].orphans
        }
        return result
    }
}

/// What an update of a `SiteSession` changed in the output.
public struct SiteUpdate: Sendable {
    /// Pages made again, to put in place of the old ones.
    public var files: [OutputFile] = []
    /// Pages that no longer exist.
    public var removed: [String] = []
    /// How many articles were read again.
    public var articlesRead = 0
}

extension SiteSession {
    /// Whether a changed path is an editor's temporary file, made and gone again (sed -i, some
    /// IDEs): it is not there, and no site file is named like it.
    public static func isLeftover(_ path: String, in site: String, fileSystem: FileSystem = LocalFileSystem()) -> Bool {
        !fileSystem.exists(site + "/" + path) && !path.hasPrefix(Theme.folder + "/assets/")
            && ![".md", ".mustache", ".toml", ".yaml", ".yml", ".json"].contains { path.hasSuffix($0) }
    }

    /// Brings the session up to date with changed files (site-relative paths) when they are
    /// existing articles (same slug, same draft status) or annotation files; returns nil when
    /// anything else changed, and the caller builds the site again from the start.
    public func update(_ changed: [String]) -> SiteUpdate? {
        guard theme != nil else { return nil }
        if !changed.isEmpty, changed.allSatisfy({ Theme.templateName(String($0.dropFirst(Theme.folder.count + 1))) != nil
                                                  && $0.hasPrefix(Theme.folder + "/") }) {
            return updateTemplates(changed)
        }
        var timer = StageTimer()
        defer { timer.report() }
        var affected: Set<String> = []
        var articleChanged: Set<String> = []
        for path in Set(changed).sorted() {
            let full = site + "/" + path
            if Self.isLeftover(path, in: site, fileSystem: fileSystem) { continue }
            if path.hasPrefix(ArticleLoader.folder + "/"), path.hasSuffix(".md"),
               !path.dropFirst(ArticleLoader.folder.count + 1).contains("/") {
                guard fileSystem.exists(full), let i = articles.firstIndex(where: { $0.path == path }) else { return nil }
                var local = DiagnosticList()
                guard let article = articleLoader.load(path, diagnostics: &local),
                      article.slug == articles[i].slug, article.draft == articles[i].draft else { return nil }
                fileDiagnostics[path] = local.items.isEmpty ? nil : local
                articles[i] = article
                affected.insert(article.slug)
                articleChanged.insert(article.slug)
            } else if path.hasPrefix(AnnotationLoader.folder + "/"), path.hasSuffix(".md") {
                if let old = noteFiles[path] { affected.insert(old.article) }
                if fileSystem.exists(full) {
                    var local = DiagnosticList()
                    let file = annotationLoader.load(path, diagnostics: &local)
                    fileDiagnostics[path] = local.items.isEmpty ? nil : local
                    noteFiles[path] = file
                    if let file { affected.insert(file.article) }
                } else {
                    noteFiles[path] = nil
                    fileDiagnostics[path] = nil
                }
            } else {
                return nil
            }
        }
        timer.lap("read")
        collectNotes(for: affected)
        timer.lap("collect")

        // The affected articles again. The list order, the tag index and the co-mentions are
        // made again only when the change reaches them.
        var before: [String: RenderedArticle] = [:]
        var position: [String: Int] = [:]
        for (i, article) in rendered.enumerated() where affected.contains(article.article.slug) {
            before[article.article.slug] = article
            position[article.article.slug] = i
        }
        let targets = articles.filter { affected.contains($0.slug) }
        let fresh = Dictionary(uniqueKeysWithValues: renderArticles(targets).map { ($0.article.slug, $0) })
        var reorder = false, retag = false, remention = false
        for (slug, new) in fresh {
            guard let old = before[slug] else { reorder = true; continue }
            if old.article.date != new.article.date || old.article.title != new.article.title { reorder = true }
            if old.article.tags != new.article.tags { retag = true }
            if old.mentions.order != new.mentions.order { remention = true }
        }
        if reorder {
            articles = Article.sorted(articles)
            var all = Dictionary(uniqueKeysWithValues: rendered.map { ($0.article.slug, $0) })
            for (slug, new) in fresh { all[slug] = new }
            rendered = articles.map { all[$0.slug]! }
        } else {
            for (slug, new) in fresh {
                if let i = position[slug] { rendered[i] = new } else { return nil }
            }
        }
        timer.lap("render")
        var goneTags: [String] = []
        if reorder || retag {
            let before = Set(index.tags.map { "tags/\($0.slug)/index.html" })
            indexDiagnostics = DiagnosticList()
            index = SiteIndex.build(articles, diagnostics: &indexDiagnostics)
            // A tag no article has any more loses its page.
            goneTags = before.subtracting(index.tags.map { "tags/\($0.slug)/index.html" }).sorted()
        }
        if reorder || remention {
            entityPages = EntityPages.build(entities, articles: rendered, markup: entityMarkup, options: markdown,
                                            jobs: options.jobs, reusing: entityPages)
        } else {
            for (slug, new) in fresh {
                entityPages.replace(article: position[slug]!, old: before[slug]!.mentions, new: new.mentions)
            }
        }
        timer.lap("indexes")

        // The pages whose content depends on what changed.
        var pages: Set<String> = []
        var removed: [String] = goneTags
        for slug in affected.sorted() {
            guard let new = fresh[slug] else { continue }
            let old = before[slug]
            let folder = new.article.outputPath
            pages.insert(folder + "index.html")
            if !new.annotationsBytes.isEmpty { pages.insert(folder + "annotations.jsonld") }
            else if old?.annotationsBytes.isEmpty == false { removed.append(folder + "annotations.jsonld") }
            guard let old else { continue }
            let listed = old.article.title != new.article.title || old.article.date != new.article.date
                || old.article.author != new.article.author || old.article.publisher != new.article.publisher
                || old.summary != new.summary || old.article.tags != new.article.tags
            if listed {
                pages.formUnion(["index.html", "feed.xml", "sitemap.xml", "tags/index.html", "sources/index.html"])
                for tag in old.article.tags + new.article.tags { pages.insert("tags/\(Slug.make(from: tag))/index.html") }
            }
            if old.citedKeys != new.citedKeys { pages.insert("sources/index.html") }
            // Entity pages: the article's line on them, its notes, and co-mentions.
            let oldSet = Set(old.mentions.order), newSet = Set(new.mentions.order)
            let noteEntities = Set(old.mentions.notes.keys).union(new.mentions.notes.keys)
            var touched = noteEntities.filter { old.mentions.notes[$0] != new.mentions.notes[$0] }
            for entity in oldSet.union(newSet) where listed || oldSet != newSet
                || old.mentions.count(of: entity) != new.mentions.count(of: entity)
                || old.mentions.sentence(of: entity) != new.mentions.sentence(of: entity) {
                touched.insert(entity)
            }
            if oldSet != newSet { pages.insert("entities/index.html") }
            for entity in touched { pages.insert(entities.paths[entity] + "index.html") }
        }
        let memory = MemorySink()
        _ = self.pages.run(rendered, index: index, sink: memory, only: pages)
        timer.lap("pages")
        return SiteUpdate(files: memory.files, removed: removed, articlesRead: articleChanged.count)
    }

    /// After an edit to templates: the theme read again, and only the pages whose templates
    /// use an edited one (through partials and parents) rendered again.
    func updateTemplates(_ changed: [String]) -> SiteUpdate? {
        let names = Set(changed.compactMap { Theme.templateName(String($0.dropFirst(Theme.folder.count + 1))) })
        var local = DiagnosticList()
        let fresh = Theme.load(siteDirectory: site, fileSystem: fileSystem, diagnostics: &local)
        // Theme problems are global diagnostics: replace the old theme's ones.
        globalDiagnostics = DiagnosticList(globalDiagnostics.items.filter { !($0.location?.path.hasPrefix(Theme.folder + "/") ?? false) })
        globalDiagnostics.append(contentsOf: local)
        theme = fresh
        let kinds = Set(Theme.pageTemplates.filter { !fresh.uses($0).isDisjoint(with: names) })
        let chosen = Set(pages.plannedPaths(rendered, index: index, templates: kinds))
        let memory = MemorySink()
        _ = pages.run(rendered, index: index, sink: memory, only: chosen)
        return SiteUpdate(files: memory.files, removed: [], articlesRead: 0)
    }

    /// Every page of the site as it now is (after updates made while it had errors).
    public func renderAll() -> [OutputFile] {
        let memory = MemorySink()
        _ = pages.run(rendered, index: index, sink: memory)
        return memory.files
    }
}
