import CCmarkGFM

/// How Markdown is parsed and rendered: GitHub Flavored Markdown, safe unless told otherwise.
public struct MarkdownOptions: Sendable, Hashable {
    /// Keep raw HTML and `javascript:`-style URLs (cmark-gfm's `CMARK_OPT_UNSAFE`).
    public var unsafeHTML: Bool

    public init(unsafeHTML: Bool = false) {
        self.unsafeHTML = unsafeHTML
    }

    var cmarkOptions: Int32 {
        var options = CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8
        if unsafeHTML { options |= CMARK_OPT_UNSAFE }
        return options
    }

    /// The GFM extensions every document is parsed with.
    static let extensionNames = ["table", "strikethrough", "autolink", "tasklist", "tagfilter"]
}
