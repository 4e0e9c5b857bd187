import Templates

/// One kind of page. Every page gen writes belongs to exactly one kind, and the kinds in
/// `PageKinds.all` are the one list that planning the output, rendering, the sitemap and
/// `gen serve`'s updates read: a new kind of page is a new type in that list.
///
/// A kind that does not say its template, its paths, how it renders or what it depends on
/// does not compile: only `updated` (no sitemap date) and `source` (a page gen makes) have
/// defaults, for the kinds they do not apply to.
protocol PageKind: Sendable {
    /// One page (or file) of the kind: an article's position, a tag and a page number, ...
    associatedtype Item: Sendable

    /// The kind's name, as templates see it (`kind`, `is_KIND`).
    var name: String { get }
    /// The template its pages render with, or `.verbatim` for files copied as they are.
    var template: PageTemplate { get }
    /// When in a build its pages are made.
    var phase: PagePhase { get }
    /// Whether its pages are listed in the sitemap.
    var inSitemap: Bool { get }
    /// Whether its pages have a canonical address (`canonical`: the 404 page, served at any
    /// address, has none).
    var isCanonical: Bool { get }
    /// How diagnostics name the kind ("gen's standalone page").
    var displayName: String { get }
    /// Every page of the kind, in a fixed order (pagination makes several items of one list).
    func items(in site: SiteContent) -> [Item]
    /// Where the page goes, relative to the output folder.
    func path(of item: Item, in site: SiteContent) -> String
    /// The page's bytes.
    func render(_ item: Item, in environment: PageEnvironment) -> OutputFile
    /// Whether `change` makes the page different (what `gen serve` renders again).
    func dependsOn(_ change: SiteChange, item: Item, in site: SiteContent) -> Bool
    /// The sitemap's `lastmod` of the page (nil: none).
    func updated(_ item: Item, in site: SiteContent) -> String?
    /// The site file the page is a copy of (static files), named when another page would take
    /// its place; nil for the pages gen makes.
    func source(of item: Item, in site: SiteContent) -> String?
    /// Where the page is asked for, named when another page would take its place: the file it
    /// copies, the document it is made from, the alias in a front matter; nil for gen's own.
    func origin(of item: Item, in site: SiteContent) -> SourceLocation?
}

extension PageKind {
    var isCanonical: Bool { true }
    var displayName: String { name }
    func updated(_ item: Item, in site: SiteContent) -> String? { nil }
    func source(of item: Item, in site: SiteContent) -> String? { nil }
    func origin(of item: Item, in site: SiteContent) -> SourceLocation? { source(of: item, in: site).map { SourceLocation($0) } }

    /// The kind's pages as sitemap entries: path and last modification.
    func sitemapEntries(_ site: SiteContent) -> [(path: String, updated: String?)] {
        items(in: site).map { (path(of: $0, in: site), updated($0, in: site)) }
    }
}

/// A kind whose pages are made with their document (`PagePhase.document`): the build renders
/// them as soon as the document's Markdown is, while it is at hand.
protocol DocumentPageKind: PageKind {
    /// Whether every planned page of the kind is made (an annotations file is not when every
    /// note of its document turns out orphaned).
    var alwaysMade: Bool { get }
    /// The kind's file for `document`, nil when the kind has none for it.
    func render(document: RenderedArticle, in environment: PageEnvironment) -> OutputFile?
}

/// A kind whose pages render with a template of the theme: only such a kind can be given to
/// `PageEnvironment.page` (a kind of files copied as they are has no template to name).
protocol TemplatedPageKind: PageKind {
    /// The theme's template its pages render with.
    var templateName: String { get }
}

extension TemplatedPageKind {
    var template: PageTemplate { .template(templateName) }
}

enum PageTemplate: Sendable, Equatable {
    case template(String)
    /// Written as it is (annotations, assets, static files).
    case verbatim

    var name: String? { if case .template(let name) = self { name } else { nil } }
}

/// When a kind's pages are made in a build.
enum PagePhase: Sendable {
    /// With its document, as soon as its Markdown is rendered (the document is at hand).
    case document
    /// After every document is rendered.
    case lists
    /// After the entities' backlinks are gathered.
    case entities
}

/// One page of the plan: its path, its kind, and how to make and re-check it.
struct PlannedPage: Sendable {
    let path: String
    /// Position of the kind in `PageKinds.all`.
    let kind: Int
    /// The site file it copies, if it is one (`PageKind.source`).
    let source: String?
    /// Where it is asked for (`PageKind.origin`).
    var origin: SourceLocation? = nil
    let render: @Sendable (PageEnvironment) -> OutputFile
    let dependsOn: @Sendable (SiteChange) -> Bool
}

extension PageKind {
    /// The kind's pages as planned pages.
    func plan(_ site: SiteContent, kind number: Int) -> [PlannedPage] {
        items(in: site).map { item in
            PlannedPage(path: path(of: item, in: site), kind: number, source: source(of: item, in: site),
                        origin: origin(of: item, in: site),
                        render: { render(item, in: $0) },
                        dependsOn: { dependsOn($0, item: item, in: site) })
        }
    }
}

/// Every kind of page, the long list pages first, so that none of them is left to finish
/// alone on one core.
enum PageKinds {
    static let all: [any PageKind] = [
        IndexKind(), FeedKind(), SitemapKind(), TagsKind(), SourcesKind(), EntitiesKind(), NotFoundKind(), SearchKind(),
        EntityKind(), EntityFeedKind(), TagKind(), TagFeedKind(),
        ArticleKind(), AnnotationsKind(), StandalonePageKind(), AliasKind(),
        AssetKind(), StaticFileKind(),
    ]

    /// Every template a build renders pages with: a site may override them but not remove them.
    static var templates: [String] {
        var seen: [String] = []
        for kind in all { if let name = kind.template.name, !seen.contains(name) { seen.append(name) } }
        return seen
    }

    /// The pages of the kinds `include` accepts (position in `all`, kind), in `all`'s order.
    static func plan(_ site: SiteContent, include: (Int, any PageKind) -> Bool = { _, _ in true }) -> [PlannedPage] {
        var pages: [PlannedPage] = []
        for (number, kind) in all.enumerated() where include(number, kind) {
            pages += kind.plan(site, kind: number)
        }
        return pages
    }

    /// Each `[[menu.main]]` link to a page of the site that the plan does not make: an error at
    /// its url in gen.toml (otherwise every page's header has the broken link, and `gen check`
    /// reports it once per page, at the template).
    static func missingMenuTargets(_ menu: [SiteConfig.MenuEntry], in plan: [PlannedPage]) -> DiagnosticList {
        var diagnostics = DiagnosticList()
        let paths = Set(plan.map(\.path))
        for entry in menu {
            guard let location = entry.location else { continue }
            let context = MenuEntryContext(entry)
            guard !context.external else { continue }
            var url = context.url
            if let cut = url.firstIndex(where: { $0 == "#" || $0 == "?" }) { url = String(url[..<cut]) }
            let target = url.isEmpty || url.hasSuffix("/") ? url + "index.html" : url
            if url.hasPrefix("//") || paths.contains(target) || paths.contains(url + "/index.html") { continue }
            let pages = paths.filter { $0.hasSuffix("index.html") && !$0.contains("/page/") }
                .map { "/" + $0.dropLast("index.html".count) }
            let close = Suggestions.closest(to: "/" + url, in: Array(pages), limit: 1)
            diagnostics.error("menu link '\(entry.name)' leads to '\(entry.url)', which is not a page of the site", at: location,
                              notes: [.init(close.first.map { "did you mean '\($0)'?" }
                                  ?? "link to a page gen makes ('/tags/'), a standalone page ('/about/' for content/pages/about.md) or a file in static/")])
        }
        return diagnostics
    }

    /// Each page with `menu: main` that a `[[menu.main]]` link of gen.toml leads to as well: a
    /// warning at the page (it is in the menu once, as gen.toml names it).
    static func pagesInMenuTwice(_ site: SiteContent) -> DiagnosticList {
        var diagnostics = DiagnosticList()
        let linked = menuLinks(site.config)
        for n in site.pageRange where site.documents[n].menu == "main" {
            let page = site.documents[n]
            guard let name = linked[page.outputPath] else { continue }
            diagnostics.warning("page '\(page.title)' has 'menu: main', and gen.toml's [[menu.main]] link '\(name)' leads to it too: "
                                + "it is in the menu once, as gen.toml names it", at: SourceLocation(page.path),
                                notes: [.init("remove one of the two")])
        }
        return diagnostics
    }

    /// The pages gen.toml's `[[menu.main]]` links lead to: each link's address (as the menu
    /// shows it, `MenuEntryContext`), with the first link's name for it.
    static func menuLinks(_ config: SiteConfig) -> [String: String] {
        Dictionary(config.menu.map { (MenuEntryContext($0).url, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    /// Two pages planned at one path: an error for each, at the site file that would take the
    /// place of a page gen makes (or of another file). Without it, one of them would silently
    /// be lost from the output.
    /// How a diagnostic names a page: the site file it comes from, or the kind gen makes it as.
    static func named(_ page: PlannedPage) -> String {
        if let source = page.source { return all[page.kind] is AliasKind ? "an alias in '\(source)'" : "'\(source)'" }
        if let origin = page.origin { return "the \(all[page.kind].displayName) of '\(origin.path)'" }
        return "gen's \(all[page.kind].displayName)"
    }

    static func clashes(in plan: [PlannedPage]) -> DiagnosticList {
        var diagnostics = DiagnosticList()
        var first: [String: Int] = [:]
        for (i, page) in plan.enumerated() {
            guard let j = first[page.path] else { first[page.path] = i; continue }
            let (copied, other) = page.source != nil ? (page, plan[j]) : (plan[j], page)
            guard let source = copied.source else {
                diagnostics.error("\(named(plan[j])) and \(named(page)) would both be '\(page.path)' in the output", at: nil)
                continue
            }
            let advice = all[copied.kind] is AliasKind || other.source != nil && all[other.kind] is AliasKind
                ? "an alias is an address the page had before, not one another page has: take it out of 'aliases'"
                : other.source == nil && all[other.kind].template.name != nil && all[other.kind].name != "page"
                    ? "rename or remove it; to change gen's page, override its template in templates/"
                    : "rename or remove one of them"
            diagnostics.error("\(named(copied)) and \(named(other)) would both be '\(page.path)' in the output",
                              at: copied.origin ?? SourceLocation(source), notes: [.init(advice)])
        }
        // Two paths that differ only in case are one file where the host's file system ignores
        // case (macOS, Windows): said, not refused (most hosts tell them apart).
        var lowered: [String: Int] = [:]
        for (i, page) in plan.enumerated() where first[page.path] == i {
            let key = page.path.lowercased()
            guard let j = lowered[key] else { lowered[key] = i; continue }
            let (asked, other) = page.origin != nil ? (page, plan[j]) : (plan[j], page)
            diagnostics.warning("\(named(asked)) at '\(asked.path)' and \(named(other)) at '\(other.path)' differ only in case",
                                at: asked.origin, notes: [.init("where a host's file system ignores case (macOS, Windows), "
                                                                + "they are one file: the one written last is served for both")])
        }
        // A page inside a folder that is another page's file (an alias '/feed.xml/').
        for page in plan {
            var slash = page.path.firstIndex(of: "/")
            while let end = slash {
                let folder = String(page.path[..<end])
                if let j = first[folder] {
                    diagnostics.error("\(named(page)) would be in a folder '\(folder)/', where \(named(plan[j])) is the file '\(folder)'",
                                      at: page.origin, notes: [.init("rename or remove one of them")])
                    break
                }
                slash = page.path[page.path.index(after: end)...].firstIndex(of: "/")
            }
        }
        return diagnostics
    }
}
