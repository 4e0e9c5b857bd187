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
        var timer = StageTimer()
        defer { timer.report(); PhaseTimer.report() }
        var diagnostics = DiagnosticList()
        let site = options.siteDirectory

        // LoadConfig
        var config = loadConfig(diagnostics: &diagnostics)
        if let baseURL = options.baseURL { config.baseURL = baseURL }
        if !fileSystem.isDirectory(site + "/content") {
            diagnostics.error("no content/ folder in '\(site)'", at: nil,
                              notes: [.init("run 'gen init' to make a small working site")])
        }

        // ReadContent
        let loader = ArticleLoader(fileSystem: fileSystem, siteDirectory: site, allowAnyURL: config.unsafeHTML)
        let articleFiles = loader.listFiles(diagnostics: &diagnostics)
        let loaded = parallelMap(articleFiles.count, jobs: options.jobs) { i -> (Article?, DiagnosticList) in
            var local = DiagnosticList()
            let article = loader.load(articleFiles[i], diagnostics: &local)
            return (article, local)
        }
        var articles: [Article] = []
        for (article, local) in loaded {
            diagnostics.append(contentsOf: local)
            if let article, options.drafts || !article.draft { articles.append(article) }
        }
        articles.sort(by: Article.listOrder)
        timer.lap("read articles")
        // Notes: every annotation file, by article, with their ids.
        let annotationLoader = AnnotationLoader(fileSystem: fileSystem, siteDirectory: site, verdicts: config.verdicts)
        let annotationFiles = annotationLoader.listFiles(diagnostics: &diagnostics)
        timer.lap("list notes")
        let loadedNotes = parallelMap(annotationFiles.count, jobs: options.jobs) { i -> (AnnotationFile?, DiagnosticList) in
            var local = DiagnosticList()
            let file = annotationLoader.load(annotationFiles[i], diagnostics: &local)
            return (file, local)
        }
        var noteFiles: [AnnotationFile] = []
        for (file, local) in loadedNotes {
            diagnostics.append(contentsOf: local)
            if let file { noteFiles.append(file) }
        }
        // Notes on a draft left out of this build are not orphans: their article exists.
        let allSlugs = Set(loaded.compactMap { $0.0?.slug })
        timer.lap("read notes")
        var notesByArticle = CollectNotes.run(noteFiles, articles: allSlugs, jobs: options.jobs, diagnostics: &diagnostics)
        let builtSlugs = Set(articles.map(\.slug))
        notesByArticle = notesByArticle.filter { builtSlugs.contains($0.key) }
        let entities = EntityIndex(EntityLoader(fileSystem: fileSystem, siteDirectory: site).loadAll(diagnostics: &diagnostics),
                                   settings: config.entities)
        timer.lap("collect notes")

        let sources = SourceLoader(fileSystem: fileSystem, siteDirectory: site).load(diagnostics: &diagnostics)
        let theme = Theme.load(siteDirectory: site, fileSystem: fileSystem, diagnostics: &diagnostics)
        let index = SiteIndex.build(articles, diagnostics: &diagnostics)
        timer.lap("theme and indexes")

        // RenderMarkdown runs even after an error, so that every problem (an unknown source in
        // an article, say) is reported in the same run; nothing is written then.
        let markdown = MarkdownOptions(unsafeHTML: config.unsafeHTML)
        let citations = CitationMarkup(sources: sources)
        let noteMarkup = NoteMarkup(config: config)
        let orphanSeverity: Diagnostic.Severity = config.annotations.orphans == .warn ? .warning : .error
        let sorted = articles
        let notes = notesByArticle, settings = config
        let entityMarkup = EntityMarkup(index: entities, root: "../../")
        let rendered = parallelMap(sorted.count, jobs: options.jobs) { i in
            RenderMarkdown.render(sorted[i], options: markdown, notes: notes[sorted[i].slug] ?? [],
                                  markup: noteMarkup, orphanSeverity: orphanSeverity, citations: citations,
                                  config: settings, entities: entityMarkup)
        }
        // Entity pages: their bodies (explicit links work there too) and who mentions them.
        let entityPages = EntityPages.build(entities, articles: rendered, markup: entityMarkup, options: markdown,
                                            jobs: options.jobs)
        diagnostics.append(contentsOf: entityPages.diagnostics)
        let orphans = rendered.flatMap(\.orphans)
        for article in rendered { diagnostics.append(contentsOf: article.diagnostics) }
        timer.lap("render markdown")
        if diagnostics.hasErrors {
            var result = BuildResult(config: config, diagnostics: diagnostics, files: [], articleCount: articles.count)
            result.orphans = orphans
            return result
        }

        // RenderPages, each page written as soon as it is made.
        var pages = RenderPages(config: config, theme: theme, jobs: options.jobs, sources: sources)
        pages.entities = entityPages
        let paths = pages.plannedPaths(rendered, index: index)
        let memory = MemorySink()
        let sink: OutputSink
        var session: OutputSession?
        switch target {
        case .memory: sink = memory
        case .discard: sink = DiscardSink()
        case .folder(let writer):
            do {
                session = try writer.begin(paths: paths)
                sink = session!
            } catch {
                diagnostics.error("cannot write the output: \(error)", at: nil)
                return BuildResult(config: config, diagnostics: diagnostics, files: [], articleCount: articles.count)
            }
        }
        let failures = pages.run(rendered, index: index, sink: sink)
        timer.lap("render and write pages")
        if let failure = failures.first {
            diagnostics.error("cannot write the output: \(failure)", at: nil)
        }
        if let session {
            if diagnostics.hasErrors {
                session.abandon()
            } else {
                do { try session.commit() } catch { diagnostics.error("cannot write the output: \(error)", at: nil) }
            }
            timer.lap("swap")
        }
        var result = BuildResult(config: config, diagnostics: diagnostics, files: memory.files, articleCount: articles.count)
        result.pageCount = paths.count
        result.sourceCount = sources.count
        result.entityCount = entities.entities.count
        result.noteCount = rendered.reduce(0) { $0 + $1.anchored.count }
        result.orphans = orphans
        return result
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
