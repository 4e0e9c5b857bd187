import Foundation
import Markdown

/// Writes the stub of a new file (`gen new`): an article, a standalone page, or an annotation
/// file on an existing article. A stub is valid as written (it builds without errors) and
/// never replaces a file.
public struct Scaffold: Sendable {
    public let siteDirectory: String
    let fileSystem: FileSystem

    public init(siteDirectory: String, fileSystem: FileSystem = LocalFileSystem()) {
        self.siteDirectory = siteDirectory
        self.fileSystem = fileSystem
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// `content/articles/SLUG.md`, a draft dated `date` (YYYY-MM-DD).
    public func article(title: String, date: String) throws -> String {
        let slug = try slug(of: title)
        let path = ArticleLoader.folder + "/\(slug).md"
        if fileSystem.exists(siteDirectory + "/" + ArticleLoader.folder + "/\(slug)/index.md") {
            throw Failure(description: "\(ArticleLoader.folder)/\(slug)/index.md exists already")
        }
        try write(path, """
        ---
        title: \(Self.quoted(title))
        date: \(date)
        tags: []
        # A draft is built only with --drafts; remove this line to publish.
        draft: true
        ---

        Write the article here, in Markdown.

        """)
        return path
    }

    /// `content/pages/SLUG.md`, a standalone page at `/SLUG/`.
    public func page(title: String) throws -> String {
        let slug = try slug(of: title)
        guard !ArticleLoader.gensFolders.contains(slug) else {
            throw Failure(description: "a page '\(title)' would be at '/\(slug)/', where gen puts its own pages: choose another title")
        }
        let path = ArticleLoader.pagesFolder + "/\(slug).md"
        try write(path, """
        ---
        title: \(Self.quoted(title))
        # menu: main    # link the page from the header
        ---

        Write the page here, in Markdown.

        """)
        return path
    }

    /// `content/annotations/SLUG.md`, with one note on the article's first words (quoted so
    /// that they are found exactly once), to edit or copy.
    public func notes(on slug: String) throws -> String {
        try requireSite()
        let loader = ArticleLoader(fileSystem: fileSystem, siteDirectory: siteDirectory)
        let candidates = [ArticleLoader.folder + "/\(slug).md", ArticleLoader.folder + "/\(slug)/index.md",
                          ArticleLoader.pagesFolder + "/\(slug).md"]
        guard let file = candidates.first(where: { fileSystem.exists(siteDirectory + "/" + $0) }) else {
            // The articles and pages there are, by slug: a misspelt one gets the closest.
            var slugs: [String] = []
            for folder in [ArticleLoader.folder, ArticleLoader.pagesFolder] {
                for entry in fileSystem.list(siteDirectory + "/" + folder) ?? [] {
                    if entry.isDirectory { slugs.append(entry.name) } else if entry.name.hasSuffix(".md") { slugs.append(String(entry.name.dropLast(3))) }
                }
            }
            let suggestion = Suggestions.closest(to: slug, in: slugs, limit: 1).first.map { "; did you mean '\($0)'?" } ?? ""
            throw Failure(description: "no article '\(slug)': looked for \(candidates.joined(separator: ", "))" + suggestion)
        }
        var diagnostics = DiagnosticList()
        let loaded = file.hasPrefix(ArticleLoader.pagesFolder) ? loader.loadPage(file, diagnostics: &diagnostics)
            : loader.load(file, diagnostics: &diagnostics)
        guard let article = loaded else {
            throw Failure(description: "\(file) does not read: run 'gen check' to see why")
        }
        let path = AnnotationLoader.folder + "/\(slug).md"
        let quote = Self.uniqueOpening(of: article)
        var text = "---\narticle: \(slug)\n---\n\n"
        if let quote {
            text += "> \(quote)\n\n{.context}\n\n\(AnnotationLoader.placeholderBody) Start each note with a quote of the\narticle's exact words.\n"
        }
        try write(path, text)
        return path
    }

    /// The shortest opening of the article's first text of three words or more (six words or
    /// more, or all it has) found exactly once in its text, nil when there is none. An article
    /// that starts with images or a short heading is quoted from its first sentences further on.
    static func uniqueOpening(of article: Article) -> String? {
        let texts = MarkdownDocument(article.body).textRuns().filter { $0.kind == .text }.map(\.text)
        for text in texts {
            let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
            guard words.count >= 3 else { continue }
            if let quote = uniqueOpening(words, of: article) { return quote }
        }
        return nil
    }

    private static func uniqueOpening(_ words: [Substring], of article: Article) -> String? {
        var count = min(6, words.count)
        while count <= words.count {
            let quote = words.prefix(count).joined(separator: " ")
            let note = Note(id: "stub", explicitID: false, kind: .context, extraClasses: [], verdict: nil, prefix: nil,
                            suffix: nil, occurrence: nil, author: nil, tags: [], quote: quote, body: "x",
                            file: "stub", location: SourceLocation("stub"), attributesLocation: nil,
                            quoteLines: 1...1, bodyLine: 1)
            let rendered = RenderMarkdown.render(article, options: MarkdownOptions(), notes: [note],
                                                 markup: NoteMarkup(config: SiteConfig()))
            // Found once; what else the article has wrong (a link, an image) is for the build to say.
            if rendered.anchored.count == 1 { return quote }
            if count == words.count { break }
            count = min(count + 4, words.count)
        }
        return nil
    }

    func slug(of title: String) throws -> String {
        // "The council's plan" is "the-councils-plan", as Hugo and Zola make it: an apostrophe
        // inside a word does not split it.
        let scalars = Array(title.unicodeScalars)
        var kept = String.UnicodeScalarView()
        for (i, scalar) in scalars.enumerated() {
            if scalar == "'" || scalar == "\u{2019}", i > 0, i + 1 < scalars.count,
               scalars[i - 1].properties.isAlphabetic, scalars[i + 1].properties.isAlphabetic { continue }
            kept.append(scalar)
        }
        let slug = Slug.make(from: String(kept))
        guard !slug.isEmpty else {
            throw Failure(description: "'\(title)' has no Latin letters or digits to make a file name of "
                          + "(a file name is lowercase a to z, 0 to 9 and '-'): write the file by hand, named as you wish")
        }
        return slug
    }

    /// A site is a folder with gen.toml or content/: anywhere else a stub would start a second
    /// site (content/content/articles/, from inside content/) that no build reads.
    func requireSite() throws {
        let folder = siteDirectory.isEmpty ? "." : siteDirectory
        guard !fileSystem.exists(folder + "/gen.toml"), !fileSystem.isDirectory(folder + "/content") else { return }
        throw Failure(description: "no site in '\(folder)' (no gen.toml or content/ folder): "
                      + (SiteFolder.siteNearby(folder) ?? "make one with 'gen init', or give the site's folder with --site DIR"))
    }

    func write(_ path: String, _ text: String) throws {
        try requireSite()
        let full = siteDirectory + "/" + path
        if fileSystem.exists(full) { throw Failure(description: "\(path) exists already") }
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: full, contents: Data(text.utf8)) else {
            throw Failure(description: "cannot write \(path)")
        }
    }

    /// `text` as a YAML double-quoted string.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
