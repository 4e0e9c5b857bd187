import CCmarkGFM

/// How Markdown is parsed and rendered: GitHub Flavored Markdown, safe unless told otherwise.
public struct MarkdownOptions: Sendable, Hashable {
    /// Keep raw HTML and `javascript:`-style URLs (cmark-gfm's `CMARK_OPT_UNSAFE`).
    public var unsafeHTML: Bool

    /// The accessible names of a task list's checkboxes, done and not done (they have no
    /// label of their own).
    public var taskDone: String
    public var taskOpen: String
    /// The accessible names of footnotes: a reference ("Footnote 2", for a link that shows
    /// "2"), the list ("Footnotes") and a note's way back ("Back to the text (2)").
    public var footnote: String
    public var footnotes: String
    public var backToText: String
    /// The accessible name of a heading's self-link, `{title}` standing for the heading's text.
    public var sectionLink: String

    public init(unsafeHTML: Bool = false, taskDone: String = "Done", taskOpen: String = "Not done",
                footnote: String = "Footnote", footnotes: String = "Footnotes", backToText: String = "Back to the text",
                sectionLink: String = "Link to the section \u{201C}{title}\u{201D}") {
        self.unsafeHTML = unsafeHTML
        self.taskDone = taskDone
        self.taskOpen = taskOpen
        self.footnote = footnote
        self.footnotes = footnotes
        self.backToText = backToText
        self.sectionLink = sectionLink
    }

    var cmarkOptions: Int32 {
        var options = CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8
        if unsafeHTML { options |= CMARK_OPT_UNSAFE }
        return options
    }

    /// The GFM extensions every document is parsed with.
    static let extensionNames = ["table", "strikethrough", "autolink", "tasklist", "tagfilter"]
}
