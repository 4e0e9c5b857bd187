/// Reads `content/articles/*.md` (and article folders, `content/articles/SLUG/index.md` with
/// their images beside them) and standalone pages (`content/pages/**/*.md`) into `Article`
/// values, reporting every problem it finds.
public struct ArticleLoader: Sendable {
    public static let folder = "content/articles"
    public static let pagesFolder = "content/pages"
    /// Keys of Hugo's front matter that mean something gen does not do, with what to do instead:
    /// a site moved from Hugo would otherwise lose them without a word (an article Hugo held
    /// back to its `publishDate` published at once).
    static let hugoKeys: [String: String] = {
        let expiry = "gen keeps an article published: remove it, or make it a draft, when it should go"
        return ["expirydate": expiry, "unpublishdate": expiry,
                "lastmod": "gen shows and lists an article by its 'date'",
                "slug": "an article's address comes from its file's name: rename the file to <slug>.md",
                "categories": "gen has tags only: add them to 'tags'",
                "description": "the page's description (and its meta description) is 'summary'"]
    }()

    /// The file an alias's page is written to, relative to the output folder: `/2019/old/` is
    /// `2019/old/index.html` and `/old.html` itself (from the site's root); without the leading
    /// `/`, from the folder the page is in (`old/` beside `articles/new/` is `articles/old/`),
    /// as in Hugo. Nil, and why, for what is no address of the site.
    static func aliasFile(_ alias: String, from outputPath: String) -> (file: String?, problem: String?) {
        if alias.isEmpty { return (nil, "is empty") }
        // Past what a file system takes (and what the check of clashes walks, folder by folder).
        if alias.utf8.count > 1_024 || alias.split(separator: "/").contains(where: { $0.utf8.count > 255 }) {
            return (nil, "is too long for a path (1,024 bytes, 255 a folder)")
        }
        // `https://…`, `//host/…`, and any scheme (`javascript:`, `mailto:`).
        let scheme = alias.prefix { $0 != "/" && $0 != ":" }
        if alias.hasPrefix("//") || (!scheme.isEmpty && alias.dropFirst(scheme.count).hasPrefix(":")) {
            return (nil, "is an address of another site, or not a web page's")
        }
        if alias.contains("?") || alias.contains("#") || alias.contains("\\") { return (nil, "holds '?', '#' or '\\'") }
        // An address's %-escapes are the characters a server looks for (`%7Eold` is `~old`).
        var parts: [String] = []
        for part in alias.split(separator: "/", omittingEmptySubsequences: true) {
            guard let decoded = part.contains("%") ? part.removingPercentEncoding : String(part),
                  !decoded.isEmpty, !decoded.contains("/"), !decoded.contains("\\"), !decoded.contains("\0") else {
                return (nil, "holds a %-escape that is not a character of a path ('%2F', '%00' or a stray '%')")
            }
            parts.append(decoded)
        }
        if parts.contains(where: { $0 == "." || $0 == ".." }) { return (nil, "holds '.' or '..'") }
        if alias.hasPrefix("/"), parts.first == OutputWriter.markerName { return (nil, "is gen's own file '\(OutputWriter.markerName)'") }
        if !alias.hasPrefix("/") {
            parts = outputPath.split(separator: "/").dropLast().map(String.init) + parts
        }
        guard !parts.isEmpty else { return (nil, "is the site's home page") }
        // Search's folders, whether or not this build makes them: installing Pagefind later
        // must not break the build.
        if let folder = searchFolders.first(where: { $0 == parts[0].lowercased() }) {
            return (nil, "is in '\(folder)/', which gen keeps for its search page and index")
        }
        let last = parts[parts.count - 1].lowercased()
        if (last.hasSuffix(".html") || last.hasSuffix(".htm")) && !alias.hasSuffix("/") { return (parts.joined(separator: "/"), nil) }
        return (parts.joined(separator: "/") + "/index.html", nil)
    }

    /// Hugo's keys for the day an article is published (`publishDate`, and its other names).
    static let publishDateKeys: Set<String> = ["publishdate", "pubdate", "published"]

    /// Said of Hugo's `_index.md`, the text of a list page.
    static let hugoListPageNote = Diagnostic.Note("'_index.md' is Hugo's list page; gen makes its lists itself (the home page, "
        + "tags, entities): text for the home page goes in gen.toml's 'description', other text in a page in content/pages/")

    /// Said of an article's own key that is not text.
    static let paramsNote = Diagnostic.Note("templates get an article's own keys as text (article.params.KEY)")

    static let knownKeys = ["title", "date", "publishDate", "author", "publisher", "url", "tags", "summary", "draft", "toc", "menu",
                            "weight", "aliases"]

    let fileSystem: FileSystem
    let siteDirectory: String
    /// With `unsafe_html`, a front matter `url` may use any scheme.
    let allowAnyURL: Bool

    public init(fileSystem: FileSystem, siteDirectory: String, allowAnyURL: Bool = false) {
        self.fileSystem = fileSystem
        self.siteDirectory = siteDirectory
        self.allowAnyURL = allowAnyURL
    }

    /// The article files to read, in name order, with problems of the folder itself.
    public func listFiles(diagnostics: inout DiagnosticList) -> [String] {
        guard let entries = fileSystem.list(siteDirectory + "/" + Self.folder) else { return [] }
        var files: [String] = []
        for entry in entries where !entry.name.hasPrefix(".") {
            let path = Self.folder + "/" + entry.name
            if let refusal = entry.refusal {
                diagnostics.refused(path, refusal)
                continue
            }
            if !entry.isDirectory, entry.name == "_index.md" || entry.name == "index.md" {
                // Hugo's list page of a section, or a bundle of the folder itself: no article.
                diagnostics.warning("'\(path)' is not an article, and is not read", at: SourceLocation(path),
                                    notes: [entry.name == "_index.md" ? Self.hugoListPageNote
                                                : .init("an article is content/articles/<slug>.md, or a folder content/articles/<slug>/ "
                                                        + "holding its index.md")])
                continue
            }
            if entry.isDirectory, !entry.name.hasSuffix(".md"), fileSystem.exists(siteDirectory + "/" + path + "/index.md") {
                files.append(path + "/index.md")
                continue
            }
            if entry.isDirectory {
                if entry.name.hasSuffix(".md") {
                    diagnostics.error("'\(path)' is a folder, not an article file", at: SourceLocation(path),
                                      notes: [.init("an article is a Markdown file: content/articles/<slug>.md")])
                } else {
                    diagnostics.warning("folder '\(path)' is not read", at: SourceLocation(path),
                                        notes: [.init("an article folder holds its text as index.md, with its images beside it")])
                }
                continue
            }
            guard entry.name.hasSuffix(".md") else {
                diagnostics.warning("'\(path)' is not a Markdown file and is ignored", at: SourceLocation(path),
                                    notes: [.init("articles end in .md; put images in content/images/, static/ or an article's folder")])
                continue
            }
            files.append(path)
        }
        return files
    }

    /// The folders of the output that search makes (`search/`, `pagefind/`): no alias may lead
    /// into one, even in a build without search.
    static let searchFolders = ["search", "pagefind"]

    /// The folders at the root of the output where gen puts its own pages and files: no
    /// standalone page may take one (`content/pages/tags.md`).
    public static let gensFolders = Set(["articles", "tags", "entities", "sources", "assets", "page"] + searchFolders)

    /// The standalone page files, in path order: every `.md` below content/pages/.
    public func listPages(diagnostics: inout DiagnosticList) -> [String] {
        fileSystem.listReadable(Self.pagesFolder, in: siteDirectory, diagnostics: &diagnostics)
            .filter { $0.hasSuffix(".md") }.sorted().map { Self.pagesFolder + "/" + $0 }
    }

    /// Reads one standalone page: `content/pages/about.md` is `about/`, `content/pages/legal/index.md`
    /// is `legal/`. Each part of its path must be a valid slug.
    public func loadPage(_ path: String, diagnostics: inout DiagnosticList) -> Article? {
        if path.hasSuffix("/_index.md") {
            diagnostics.warning("'\(path)' is not a page, and is not read", at: SourceLocation(path), notes: [Self.hugoListPageNote])
            return nil
        }
        var relative = String(path.dropFirst(Self.pagesFolder.count + 1).dropLast(3))
        if relative == "index" || relative.hasSuffix("/index") { relative = String(relative.dropLast(5)) }
        while relative.hasSuffix("/") { relative.removeLast() }
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        if relative.isEmpty || parts.contains(where: { !Slug.isValid($0) }) || Self.gensFolders.contains(String(parts[0])) {
            var notes: [Diagnostic.Note] = [.init("each part of a page's path is lowercase letters, digits and '-'")]
            if relative.isEmpty { notes = [.init("the home page lists the articles; name the page, e.g. content/pages/about.md")] }
            else if !parts.contains(where: { !Slug.isValid($0) }) { notes = [.init("'\(parts[0])/' is where gen puts its own pages; choose another name")] }
            diagnostics.error("'\(path)' cannot be a page at '/\(relative)/'", at: SourceLocation(path), notes: notes)
            return nil
        }
        guard let text = fileSystem.readText(path, in: siteDirectory, diagnostics: &diagnostics) else { return nil }
        var page = parse(text, slug: relative, path: path, outputPath: relative + "/", diagnostics: &diagnostics)
        page.kind = .page
        return page
    }

    /// Reads one article file; nil when it cannot become a page.
    public func load(_ path: String, diagnostics: inout DiagnosticList) -> Article? {
        let name = path.hasSuffix("/index.md") ? fileStem(String(path.dropLast(9)) + ".md") : fileStem(path)
        var valid = true
        if !Slug.isValid(name) {
            let suggestion = Slug.make(from: name)
            var notes: [Diagnostic.Note] = [.init("a slug is lowercase letters, digits and '-', starting with a letter or digit")]
            if !suggestion.isEmpty { notes.append(.init("rename the file to '\(suggestion).md'")) }
            diagnostics.error("'\(name)' is not a valid article slug", at: SourceLocation(path), notes: notes)
            valid = false
        }
        guard let text = fileSystem.readText(path, in: siteDirectory, diagnostics: &diagnostics) else { return nil }
        let article = parse(text, slug: name, path: path, diagnostics: &diagnostics)
        return valid ? article : nil
    }

    /// http, https and mailto addresses: the schemes a page may link to from front matter.
    static func isSafeLink(_ url: String) -> Bool {
        let lower = url.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:")
    }

    /// An article, or with `outputPath` (its folder in the output) a standalone page.
    func parse(_ text: String, slug: String, path: String, outputPath: String? = nil, diagnostics: inout DiagnosticList) -> Article {
        let errorsBefore = diagnostics.errorCount
        let front = FrontMatter.parse(text, path: path, diagnostics: &diagnostics)
        let frontMatterFailed = diagnostics.errorCount > errorsBefore
        var article = Article(slug: slug, path: path, title: "", body: String(front.body), bodyLine: front.bodyLine)
        if let outputPath { article.outputPath = outputPath }
        // Gathered here and set once: through the article's copy-on-write storage, each key
        // set on its own would copy every key set before it.
        var params: [String: String] = [:]
        for field in front.fields {
            // Hugo's names of the day of publication, in any case, as Hugo reads them.
            let key = Self.publishDateKeys.contains(field.key.lowercased()) ? "publishDate" : field.key
            switch key {
            case "title": article.title = field.string(diagnostics: &diagnostics) ?? ""
            case "author": article.author = field.string(diagnostics: &diagnostics)
            case "publisher": article.publisher = field.string(diagnostics: &diagnostics)
            case "url":
                guard let url = field.string(diagnostics: &diagnostics) else { break }
                if allowAnyURL || Self.isSafeLink(url) {
                    article.url = url
                } else if url.hasPrefix("/") {
                    // Hugo's `url` is the page's own address.
                    diagnostics.warning("'url' is the address of the original article, not of this page; it is left out",
                                        at: field.valueLocation,
                                        notes: [.init("a page's address is its file's name (content/articles/<slug>.md is articles/<slug>/)"),
                                                .init("to keep \(url) working, add it to 'aliases': "
                                                      + front.spelling(yaml: "aliases: [\(url)]", toml: "aliases = [\"\(url)\"]"))])
                } else {
                    diagnostics.warning("'url' must be an http or https address; it is left out", at: field.valueLocation,
                                        notes: [.init("set unsafe_html = true in gen.toml to allow any URL")])
                }
            case "summary": article.summary = field.string(diagnostics: &diagnostics)
            case "tags":
                article.tags = field.stringList(diagnostics: &diagnostics)
                // A tag's page is a folder named by its slug: no file system takes a longer name.
                // Each tag's slug made once (every article's tags pass here).
                let slugBytes = article.tags.map { Slug.make(from: $0).utf8.count }
                if slugBytes.contains(where: { $0 > 255 }) {
                    for (tag, bytes) in zip(article.tags, slugBytes) where bytes > 255 {
                        diagnostics.error("tag '\(tag.prefix(40))…' is too long: its page's folder name would be "
                                          + "\(bytes) bytes, and a file system takes 255",
                                          at: field.valueLocation, notes: [.init("shorten the tag")])
                    }
                    article.tags = zip(article.tags, slugBytes).filter { $0.1 <= 255 }.map(\.0)
                }
                // YAML reads `tags: a, b` as one text: one tag, "a, b", which is seldom meant.
                if field.value.sequence == nil, let tag = article.tags.first, tag.contains(",") {
                    let items = tag.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    let list = front.spelling(yaml: "tags: [\(items.joined(separator: ", "))]",
                                              toml: "tags = [\(items.map { "\"\($0)\"" }.joined(separator: ", "))]")
                    diagnostics.warning("'tags' is one tag, '\(tag)'", at: field.valueLocation,
                                        notes: [.init("for several tags, write a list: \(list)")])
                }
            case "draft": article.draft = field.bool(diagnostics: &diagnostics) ?? false
            case "toc": article.toc = field.bool(diagnostics: &diagnostics) ?? false
            case "aliases":
                var files: [String] = [], places: [SourceLocation] = [], given = Set<String>()
                for (alias, location) in field.stringItems(keepingEmpty: true, diagnostics: &diagnostics) {
                    var (file, problem) = Self.aliasFile(alias, from: article.outputPath)
                    if file == article.outputPath + "index.html" { (file, problem) = (nil, "is the page's own address") }
                    if let known = file, !given.insert(known).inserted { (file, problem) = (nil, "is given twice") }
                    if let problem {
                        diagnostics.error("alias '\(alias)' \(problem)", at: location,
                                          notes: [.init("an alias is an address of this site the page had before: '/2019/old-title/', or 'old-title/' beside it")])
                    }
                    if let file {
                        files.append(file)
                        places.append(location)
                    }
                }
                article.aliases = files
                article.aliasLocations = places
            case "menu":
                article.menu = field.string(diagnostics: &diagnostics)
                if let menu = article.menu, menu != "main" {
                    diagnostics.warning("there is no menu '\(menu)'; the page is in no menu", at: field.valueLocation,
                                        notes: [.init("the theme has one menu, the header's: '\(front.spelling(yaml: "menu: main", toml: "menu = \"main\""))'")])
                }
            case "weight":
                if let text = field.string(diagnostics: &diagnostics) {
                    if let weight = Int(text) { article.weight = weight } else {
                        diagnostics.error("'weight' must be a whole number, not '\(text)'", at: field.valueLocation)
                    }
                }
            case "date", "publishDate":
                guard let text = field.string(diagnostics: &diagnostics),
                      let date = SiteDate.read(text, key: field.key, at: field.valueLocation, diagnostics: &diagnostics) else { break }
                if field.key == "date" { article.date = date } else { article.publishDate = date }
            default:
                if let advice = Self.hugoKeys[field.key.lowercased()] {
                    diagnostics.warning("'\(field.key)' is Hugo's, and gen does not act on it", at: field.location,
                                        notes: [.init(advice)])
                    if let value = field.value.scalar?.string { params[field.key] = value }
                } else if field.key == "params", let table = field.value.mapping {
                    // Hugo's `[params]` table (or `params:` mapping): its text values are the
                    // page's own keys, as in Hugo.
                    for (key, value) in table {
                        if let name = key.string, let text = value.scalar?.string { params[name] = text } else {
                            diagnostics.warning("'params.\(key.string ?? "")' is not text; it is left out", at: field.location,
                                                notes: [Self.paramsNote])
                        }
                    }
                } else {
                    // A key of the site's own (`article.params`), kept whatever it looks like; one
                    // letter off a key gen knows (two in a longer one) is likely that key misspelt.
                    if let value = field.value.scalar?.string { params[field.key] = value } else {
                        diagnostics.warning("'\(field.key)' is not text; it is left out", at: field.location,
                                            notes: [Self.paramsNote])
                    }
                    let slip = field.key.count <= 5 ? 1 : 2
                    if let close = Suggestions.closest(to: field.key, in: Self.knownKeys, limit: 1, maxDistance: slip).first {
                        diagnostics.warning("unknown front matter key '\(field.key)'", at: field.location,
                                            notes: [.init("did you mean '\(close)'? (it is kept as article.params.\(field.key))")])
                    }
                }
            }
        }
        if !params.isEmpty { article.params = params }
        let isEmpty = text.allSatisfy(\.isWhitespace)
        let what = path.hasPrefix(Self.pagesFolder + "/") ? "page" : "article"
        if isEmpty {
            diagnostics.warning("\(what) is empty", at: SourceLocation(path))
        } else if article.title.isEmpty && !frontMatterFailed && front["title"].map({ $0.value.scalar != nil }) ?? true {
            // (A title that is not text is an error already: not said twice.)
            diagnostics.warning("\(what) has no title; using '\(Slug.title(from: slug))'", at: SourceLocation(path),
                                notes: [.init("add '\(front.spelling(yaml: "title: \"...\"", toml: "title = \"...\""))' to the front matter")])
        }
        if article.title.isEmpty { article.title = Slug.title(from: slug) }
        return article
    }
}
