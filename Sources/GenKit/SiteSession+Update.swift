import Foundation
import Synchronization

/// What an update of a `SiteSession` changed in the output.
public struct SiteUpdate: Sendable {
    /// Pages made again, to put in place of the old ones.
    public var files: [OutputFile] = []
    /// Pages that no longer exist.
    public var removed: [String] = []
    /// How many articles were read again.
    public var articlesRead = 0
    /// The documents rendered again (their slugs): their diagnostics are the session's new ones.
    public var documents: [String] = []
    /// Those of them whose notes were compared with the last build (`BuildOptions.previousOutput`),
    /// which had them; the others', with the preview's last rendering.
    public var comparedWithLastBuild: Set<String> = []
}

extension SiteSession {
    /// Whether a changed path is an editor's temporary file, made and gone again (sed -i, some
    /// IDEs): it is not there, and no site file is named like it.
    public static func isLeftover(_ path: String, in site: String, fileSystem: FileSystem = LocalFileSystem()) -> Bool {
        !fileSystem.exists(site + "/" + path) && !path.hasPrefix(Theme.folder + "/assets/")
            && !path.hasPrefix(StaticFileLoader.folder + "/") && !path.hasPrefix(StaticFileLoader.imagesFolder + "/")
            && ![".md", ".mustache", ".toml", ".yaml", ".yml", ".json"].contains { path.hasSuffix($0) }
    }

    /// Brings the session up to date with changed files (site-relative paths) when they are
    /// existing documents (same slug, same published status), annotation files or existing
    /// static files; returns nil when anything else changed, and the caller builds the site
    /// again from the start.
    public func update(_ changed: [String]) -> SiteUpdate? {
        // A plan with errors (two pages at one path) is the whole build's to check again.
        guard loaded.theme != nil, !planDiagnostics.hasErrors else { return nil }
        if !changed.isEmpty, changed.allSatisfy({ Theme.templateName(String($0.dropFirst(Theme.folder.count + 1))) != nil
                                                  && $0.hasPrefix(Theme.folder + "/") }) {
            return updateTemplates(changed)
        }
        var timer = StageTimer()
        defer { timer.report() }
        var affected: Set<String> = []
        var documentsRead = 0
        var change = SiteChange()
        var entityBodies = false
        for path in Set(changed).sorted() {
            let full = site + "/" + path
            let staticFile = loaded.staticFiles.firstIndex { $0.sourcePath == path }
            if staticFile == nil && Self.isLeftover(path, in: site, fileSystem: fileSystem) { continue }
            if let i = loaded.documents.firstIndex(where: { $0.path == path }) {
                guard fileSystem.exists(full) else { return nil }
                var local = DiagnosticList()
                let reader = loader.articleLoader(loaded.config)
                let reread = loaded.documents[i].kind == .page ? reader.loadPage(path, diagnostics: &local) : reader.load(path, diagnostics: &local)
                guard let document = reread, document.slug == loaded.documents[i].slug, document.kind == loaded.documents[i].kind,
                      document.kind == .page ? document.draft == loaded.documents[i].draft : loader.isPublished(document) else { return nil }
                loaded.fileDiagnostics[path] = local.items.isEmpty ? nil : local
                loaded.documents[i] = document
                affected.insert(document.slug)
                documentsRead += 1
            } else if path.hasPrefix(AnnotationLoader.folder + "/"), path.hasSuffix(".md") {
                if let old = loaded.noteFiles[path] { affected.insert(old.article) }
                if fileSystem.exists(full) {
                    var local = DiagnosticList()
                    let file = loader.annotationLoader(loaded.config).load(path, diagnostics: &local)
                    loaded.fileDiagnostics[path] = local.items.isEmpty ? nil : local
                    loaded.noteFiles[path] = file
                    if let file { affected.insert(file.article) }
                } else {
                    loaded.noteFiles[path] = nil
                    loaded.fileDiagnostics[path] = nil
                }
            } else if let i = staticFile {
                // Gone: a page may show it, which a build reports.
                guard fileSystem.exists(full) else { return nil }
                change.staticFiles.insert(i)
                // An image's size is written into the pages that show it: they are made again.
                if ImageSize.kind(ofPath: path) != nil {
                    let name = String(path.split(separator: "/").last ?? Substring(path))
                    for document in loaded.documents where document.body.contains(name) { affected.insert(document.slug) }
                    for file in loaded.noteFiles.values where file.notes.contains(where: { $0.body.contains(name) }) {
                        affected.insert(file.article)
                    }
                    for (n, entity) in loaded.entities.entities.enumerated() where entity.body.contains(name) {
                        change.entities.insert(n)
                        entityBodies = true
                    }
                }
            } else {
                return nil
            }
        }
        timer.lap("read")
        loaded.collectNotes(for: affected, jobs: options.jobs)
        timer.lap("collect")

        // The affected documents again. The list order, the tag index and the backlinks are
        // made again only when the change reaches them.
        var before: [String: RenderedArticle] = [:]
        var oldPositions: [String: Int] = [:]
        for (i, article) in rendered.enumerated() where affected.contains(article.article.slug) {
            before[article.article.slug] = article
            oldPositions[article.article.slug] = i
        }
        let targets = loaded.documents.filter { affected.contains($0.slug) }
        // Compared with the last build (`BuildOptions.previousOutput`: the preview's is the site's
        // public/), as that build's next one will be, so that what it would refuse is said while
        // the article is edited; without one, with the preview's last rendering.
        let lastBuild = VerdictBaselines.lastBuild(options.previousOutput)
        let published = Mutex<[String: [String: PreviousAnchor]]>([:])
        let baselines = lastBuild.map { VerdictBaselines.read(beside: $0) } ?? VerdictBaselines()
        var fresh = Dictionary(uniqueKeysWithValues: renderDocuments(targets, previousOutput: lastBuild, baselines: baselines,
                                                                     finish: { _, rendered, _, places in
            if let places, places.found { published.withLock { $0[rendered.article.slug] = places.anchors } }
        }).map { ($0.article.slug, $0) })
        let fromLastBuild = published.withLock { $0 }
        // A note on the same words elsewhere, or a fact check whose sentence changed, is said
        // with the document's own diagnostics, until it is rendered again.
        for (slug, new) in fresh {
            guard let old = before[slug] else { continue }
            let previous = fromLastBuild[slug] ?? AnchorRepair.previousAnchors(of: old.anchored)
            let found = AnchorRepair.moved(new.anchored, previous: previous, article: slug, accepting: options.acceptClaimChanges,
                                           since: fromLastBuild[slug] == nil ? "the preview's last rendering" : "the last build")
            if !found.items.isEmpty { fresh[slug]!.diagnostics.append(contentsOf: found) }
        }
        var reorder = false, retag = false, remention = false, reannotate = false, realias = false
        for (slug, new) in fresh {
            guard let old = before[slug] else { return nil }
            if old.article.aliases != new.article.aliases { realias = true }
            if old.article.date != new.article.date || old.article.title != new.article.title { reorder = true }
            if old.article.tags != new.article.tags { retag = true }
            if old.mentions.order != new.mentions.order { remention = true }
            if old.annotationsBytes.isEmpty != new.annotationsBytes.isEmpty { reannotate = true }
        }
        var position = oldPositions
        if reorder {
            let articles = Article.sorted(Array(loaded.documents[..<loaded.articleCount]))
            loaded.documents = articles + loaded.documents[loaded.articleCount...]
            var all = Dictionary(uniqueKeysWithValues: rendered.map { ($0.article.slug, $0) })
            for (slug, new) in fresh { all[slug] = new }
            rendered = loaded.documents.map { all[$0.slug]! }
            position = Dictionary(uniqueKeysWithValues: loaded.documents.enumerated().map { ($1.slug, $0) })
        } else {
            for (slug, new) in fresh { rendered[position[slug]!] = new }
        }
        timer.lap("render")
        if reorder || retag {
            loaded.indexDiagnostics = DiagnosticList()
            loaded.index = IndexTags.run(Array(loaded.documents[..<loaded.articleCount]), diagnostics: &loaded.indexDiagnostics)
        }
        if reorder || remention || entityBodies {
            linkEntities(reusingBodies: !entityBodies)
        } else {
            for (slug, new) in fresh {
                LinkEntities.replace(article: oldPositions[slug]!, old: before[slug]!.mentions, new: new.mentions, in: &backlinks)
            }
        }
        timer.lap("indexes")

        // What changed, for the page kinds to say which of their pages depend on it.
        change.listed = reorder
        change.order = reorder
        for slug in affected.sorted() {
            guard let new = fresh[slug], let old = before[slug] else { continue }
            change.documents.insert(position[slug]!)
            // A row of the lists (its note and source counts too), not only a title or a date;
            // standalone pages are in no list.
            let listed = position[slug]! < loaded.articleCount && !ArticleContext.sameRow(old, new)
            if listed {
                change.listed = true
                change.rows.insert(position[slug]!)
                for tag in old.article.tags + new.article.tags { change.tags.insert(Slug.make(from: tag)) }
                if reorder || old.article.tags != new.article.tags {
                    for tag in old.article.tags + new.article.tags { change.retagged.insert(Slug.make(from: tag)) }
                }
            }
            if old.citedKeys != new.citedKeys { change.cited = true }
            // Entity pages: the document's line on them, its notes, and co-mentions.
            let oldSet = Set(old.mentions.order), newSet = Set(new.mentions.order)
            let noteEntities = Set(old.mentions.notes.keys).union(new.mentions.notes.keys)
            change.entities.formUnion(noteEntities.filter { old.mentions.notes[$0] != new.mentions.notes[$0] })
            for entity in oldSet.union(newSet) where listed || oldSet != newSet
                || old.mentions.count(of: entity) != new.mentions.count(of: entity)
                || old.mentions.sentence(of: entity) != new.mentions.sentence(of: entity) {
                change.entities.insert(entity)
            }
            if oldSet != newSet { change.mentionedSet = true }
        }
        let content = self.content
        // The plan and the list rows stay while what they depend on does.
        if reorder || retag || remention || reannotate || realias || plan == nil { plan = PageKinds.plan(content) }
        // An alias onto another page's address (or into pagefind/) is an error of the plan: a
        // full build reports it.
        if realias, SiteBuilder.planPages(content, theme: loaded.theme!, indexed: pagefind != nil).diagnostics.hasErrors { return nil }
        if reorder || retag { listContexts = nil }
        if var lists = listContexts {
            for slug in fresh.keys {
                let n = position[slug]!
                lists.summaries[n] = ArticleContext(rendered: rendered[n], tags: loaded.index.tags(of: rendered[n].article).map { lists.tags[$0] })
            }
            listContexts = lists
        }
        let plan = self.plan!
        let paths = Set(plan.map(\.path))
        change.planned = paths != plannedPaths
        let pages = plan.filter { $0.dependsOn(change) }
        let removed = plannedPaths.subtracting(paths).sorted()
        plannedPaths = paths
        let environment = environment(content, summaries: listContexts?.summaries, tags: listContexts?.tags)
        let files = render(pages, in: environment)
        listContexts = (environment.summaries, environment.tags)
        timer.lap("pages")
        return SiteUpdate(files: files, removed: removed, articlesRead: documentsRead, documents: fresh.keys.sorted(),
                          comparedWithLastBuild: Set(fromLastBuild.keys))
    }

    /// After an edit to templates: the theme read again, and only the pages whose templates
    /// use an edited one (through partials and parents) rendered again.
    func updateTemplates(_ changed: [String]) -> SiteUpdate? {
        let names = Set(changed.compactMap { Theme.templateName(String($0.dropFirst(Theme.folder.count + 1))) })
        var local = DiagnosticList()
        let fresh = Theme.load(siteDirectory: site, fileSystem: fileSystem, diagnostics: &local)
        // Theme problems are global diagnostics: replace the old theme's ones.
        loaded.globalDiagnostics = DiagnosticList(loaded.globalDiagnostics.items.filter { !($0.location?.path.hasPrefix(Theme.folder + "/") ?? false) })
        loaded.globalDiagnostics.append(contentsOf: local)
        loaded.theme = fresh
        let content = self.content
        let pages = PageKinds.plan(content) { _, kind in
            kind.template.name.map { !fresh.uses($0).isDisjoint(with: names) } ?? false
        }
        let files = render(pages, in: environment(content, summaries: listContexts?.summaries, tags: listContexts?.tags))
        return SiteUpdate(files: files, removed: [], articlesRead: 0)
    }

    /// The pages of documents nested too deep for the search indexer (`RenderedArticle.leftOutOfSearch`),
    /// which the preview's index leaves out as the build's does.
    public var unsearchedPages: Set<String> {
        Set(rendered.filter(\.leftOutOfSearch).map { $0.article.outputPath + "index.html" })
    }

    /// How many parts the site's search index is made in (`Pagefind.partCount`), as its search
    /// page says.
    public var searchParts: Int { content.searchParts }

    /// Every page of the site as it now is (after updates made while it had errors).
    public func renderAll() -> [OutputFile] {
        let content = self.content
        let plan = PageKinds.plan(content)
        plannedPaths = Set(plan.map(\.path))
        return render(plan, in: environment(content))
    }

    /// `pages` rendered on all cores, into memory.
    func render(_ pages: [PlannedPage], in environment: PageEnvironment) -> [OutputFile] {
        let memory = MemorySink()
        _ = PageRenderer(jobs: options.jobs).run(pages, environment: environment, sink: memory)
        return memory.files
    }
}
