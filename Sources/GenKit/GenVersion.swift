import Markdown

/// What `gen --version` prints.
public enum GenVersion {
    public static let current = "0.5.0"
    /// The cmark-gfm library gen renders Markdown with (a system library: its version is the
    /// installed one).
    public static var cmarkGFM: String { MarkdownDocument.cmarkGFMVersion }
}
