import Markdown

/// An article with its body rendered to HTML.
public struct RenderedArticle: Sendable {
    public var article: Article
    public var html: String
    /// The front matter summary, or the first sentences of the body.
    public var summary: String
    public var wordCount: Int
}

/// Parses and renders each article's Markdown through cmark-gfm, on all cores.
public struct RenderMarkdown: Sendable {
    public var options: MarkdownOptions
    public var jobs: Int

    public init(options: MarkdownOptions, jobs: Int) {
        self.options = options
        self.jobs = jobs
    }

    public func run(_ articles: [Article]) -> [RenderedArticle] {
        let options = options
        return parallelMap(articles.count, jobs: jobs) { index in
            Self.render(articles[index], options: options)
        }
    }

    static func render(_ article: Article, options: MarkdownOptions) -> RenderedArticle {
        let document = MarkdownDocument(article.body, options: options)
        let html = document.renderHTML()
        let summary = article.summary ?? Self.firstSentences(of: document)
        return RenderedArticle(article: article, html: html, summary: summary,
                               wordCount: Self.countWords(article.body))
    }

    /// The first sentences of the first paragraph, about 160 characters at most.
    static func firstSentences(of document: MarkdownDocument, limit: Int = 160) -> String {
        var node = document.document.firstChild
        while let current = node, current.typeName != "paragraph" { node = current.next }
        guard let paragraph = node else { return "" }
        let text = paragraph.plainText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard text.count > limit else { return text }
        var result = ""
        for sentence in text.splitSentences() {
            if !result.isEmpty && result.count + sentence.count > limit { break }
            result += sentence
        }
        if result.count > limit || result.isEmpty {
            let cut = text.prefix(limit)
            let lastSpace = cut.lastIndex(of: " ") ?? cut.endIndex
            return String(cut[..<lastSpace]) + "…"
        }
        return result.trimmingTrailingSpace()
    }

    static func countWords(_ text: String) -> Int {
        var count = 0
        var inWord = false
        for byte in text.utf8 {
            let space = byte == 32 || byte == 10 || byte == 9 || byte == 13
            if !space && !inWord { count += 1 }
            inWord = !space
        }
        return count
    }
}

extension String {
    /// Sentences with their trailing spaces, split after `.`, `!` or `?` followed by a space.
    func splitSentences() -> [String] {
        var sentences: [String] = []
        var current = ""
        var previous: Character = " "
        for character in self {
            if character == " " && (previous == "." || previous == "!" || previous == "?") {
                current.append(character)
                sentences.append(current)
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        if !current.isEmpty { sentences.append(current) }
        return sentences
    }

    func trimmingTrailingSpace() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
