import CCmarkGFM

/// How Markdown is parsed and rendered: GitHub Flavored Markdown, safe unless told otherwise.
public struct MarkdownOptions: Sendable, Hashable {
    /// Keep raw HTML and `javascript:`-style URLs (cmark-gfm's `CMARK_OPT_UNSAFE`).
    public var unsafeHTML: Bool

    /// The accessible names of a task list's checkboxes, done and not done (they have no
    /// label of their own).
    public var taskDone: String
    public var taskOpen: String

    public init(unsafeHTML: Bool = false, taskDone: String = "Done", taskOpen: String = "Not done") {
        self.unsafeHTML = unsafeHTML
        self.taskDone = taskDone
        self.taskOpen = taskOpen
    }

    var cmarkOptions: Int32 {
        var options = CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8
        if unsafeHTML { options |= CMARK_OPT_UNSAFE }
        return options
    }

    /// The GFM extensions every document is parsed with.
    static let extensionNames = ["table", "strikethrough", "autolink", "tasklist", "tagfilter"]
}
