import CCmarkGFM
import Foundation
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A parsed Markdown document: owns cmark-gfm's tree and renders it.
///
/// Not thread-safe on its own; each document is used by one task at a time, while
/// separate documents may be parsed and rendered on separate threads.
public final class MarkdownDocument {
    let root: OpaquePointer
    private let parser: OpaquePointer
    public let options: MarkdownOptions

    /// Parses `text` as GitHub Flavored Markdown.
    public init(_ text: String, options: MarkdownOptions = MarkdownOptions()) {
        CmarkSetup.ensureRegistered()
        self.options = options
        let parser = cmark_parser_new(options.cmarkOptions)!
        for name in MarkdownOptions.extensionNames {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        var text = text
        text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        self.root = CmarkSetup.finishLock.withLock { cmark_parser_finish(parser)! }
        self.parser = parser
    }

    deinit {
        cmark_node_free(root)
        cmark_parser_free(parser)
    }

    /// The document as HTML. Raw HTML and unsafe URLs are omitted unless `unsafeHTML` is set.
    public func renderHTML() -> String {
        let extensions = cmark_parser_get_syntax_extensions(parser)
        guard let html = cmark_render_html(root, options.cmarkOptions, extensions) else { return "" }
        defer { free(html) }
        return String(cString: html)
    }

    /// The top-level node of the tree.
    public var document: MarkdownNode { MarkdownNode(pointer: root) }
}

/// Registers cmark-gfm's core extensions exactly once per process, and serialises the one
/// step of parsing that is not thread-safe.
///
/// cmark-gfm 0.29 keeps its table of special inline characters in a global array: each
/// `cmark_parser_finish` adds the characters of its inline extensions (autolink's `:` and `w`,
/// strikethrough's `~`) before processing inlines and removes them afterwards. Two parses
/// finishing at once race, and one of them silently loses its autolinks or strikethrough.
/// Block parsing (`cmark_parser_feed`) and rendering stay parallel.
enum CmarkSetup {
    static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    static let finishLock = NSLock()

    static func ensureRegistered() { _ = registered }
}
