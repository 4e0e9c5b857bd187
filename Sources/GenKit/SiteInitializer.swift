import Foundation

/// Makes a small working site (`gen init`) and copies the built-in theme out (`--templates`).
/// Never overwrites a file: what exists already is reported and left alone.
public struct SiteInitializer: Sendable {
    public var directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The files of a new site, by path.
    static let starterFiles: [(String, String)] = [
        ("gen.toml", """
        title = "My annotated articles"
        # The address the site will be served at: canonical links, feeds and the sitemap use it.
        base_url = "https://example.org/"
        language = "en"
        description = "Articles with notes on the passages that matter."

        """),
        ("content/articles/welcome.md", """
        ---
        title: "Welcome to your annotated site"
        date: 2026-01-05
        author: "The editors"
        tags: [guide]
        ---

        This site is built by **gen**. Each article is a Markdown file in `content/articles/`,
        with YAML front matter for its title, date, author and tags.

        Run `gen build` to write the site into `public/`, and `gen check` to validate every
        file and every link without writing anything.

        Sources live in `content/sources.yaml` and are cited like this [@commonmark-spec].

        ## What to write next

        - Add an article: `gen new article "My first article"` writes a draft to fill in.
        - Comment on a passage: add a note to `content/annotations/welcome.md`.
        - Change the look: run `gen init --templates` and edit the files in `templates/`.

        """),
        ("content/annotations/welcome.md", """
        ---
        author: "The editors"
        ---

        > Each article is a Markdown file

        {#one-file .context}

        A note starts with a quote of the article's exact words; gen finds the passage, highlights
        it and shows this note beside it. If the article changes and the quote no longer matches,
        `gen check --fix-anchors` offers the new words.

        > validate every file and every link

        {#validate .fact-check verdict=true prefix="Run gen build to write the site into public/, and gen check to " suffix=" without writing anything." pinned=sentence}

        A fact-check note carries a verdict: true, mostly-true, misleading, false or unsupported
        (a `[verdicts]` table in gen.toml may add to them) [@commonmark-spec]. `gen annotations pin`
        wrote its prefix and suffix: they hold it to its whole sentence, so that if the sentence
        changes, the build stops until someone reads the claim again.

        """),
        ("content/entities/markdown.md", """
        ---
        name: "Markdown"
        kind: topic
        aliases: ["GitHub Flavored Markdown"]
        description: "The plain-text format every article, note and entity file is written in."
        url: https://spec.commonmark.org/
        ---
        An entity is a person, organisation, place or topic with a page of its own: gen finds its
        name in every article and lists each mention here.

        """),
        ("content/sources.yaml", """
        # The bibliography, in CSL-YAML. Cite an entry in an article with [@id].
        - id: commonmark-spec
          type: webpage
          title: "CommonMark Spec"
          author:
            - family: MacFarlane
              given: John
          issued: 2024-01-28
          URL: https://spec.commonmark.org/

        """),
    ]

    /// What keeps a site's output, and gen's files beside it, out of version control.
    static let gitignore = """
        # gen's output, and the previous build it keeps beside it to rewrite only what changed
        public/
        .*.gen-spare/
        .*.gen-manifest*
        .*.gen-lock
        .*.gen-cache*
        .*.gen-verdicts*
        .*.gen-search*/

        """

    /// Writes the starter site; returns the paths written and the paths skipped. In a folder
    /// that has a site already (a `content/` folder), the sample content is left out as a
    /// whole (its article cites its sources and names its entity: a part of it alone would not
    /// build); gen.toml and .gitignore are added when missing.
    public func makeSite() throws -> (written: [String], skipped: [String]) {
        let hasContent = FileManager.default.fileExists(atPath: directory + "/content")
        let files = Self.starterFiles.filter { !hasContent || !$0.0.hasPrefix("content/") } + [(".gitignore", Self.gitignore)]
        var result = try write(files.map { ($0.0, Array($0.1.utf8)) })
        if hasContent { result.skipped.append("content/ (the sample article, notes, entity and sources)") }
        return result
    }

    /// Copies the built-in theme into `templates/`.
    public func copyTemplates() throws -> (written: [String], skipped: [String]) {
        try write(EmbeddedTheme.files.keys.sorted().map { ("templates/" + $0, Array(EmbeddedTheme.files[$0]!.utf8)) })
    }

    private func write(_ files: [(String, [UInt8])]) throws -> (written: [String], skipped: [String]) {
        var written: [String] = [], skipped: [String] = []
        let manager = FileManager.default
        for (path, bytes) in files {
            let full = directory + "/" + path
            if manager.fileExists(atPath: full) {
                skipped.append(path)
                continue
            }
            try manager.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                        withIntermediateDirectories: true)
            guard manager.createFile(atPath: full, contents: Data(bytes)) else {
                throw OutputError(message: "cannot write '\(full)'")
            }
            written.append(path)
        }
        return (written, skipped)
    }
}
