import ByteText
import CCmarkGFM
import CCmarkInterpose
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
    /// HTML that goes where a table cell cannot hold a custom node (see `apply`).
    var placeholders: [String] = []
    /// Nodes taken out of the tree whose memory its nodes may still point into (an autolink's
    /// address is read from its heading's text): freed with the document, not before.
    var detached: [OpaquePointer] = []
    public let options: MarkdownOptions
    /// Whether the text may hold a footnote reference (`[^x]`).
    let mayHaveFootnotes: Bool
    /// The text parsed (for the character columns of its nodes, and for callers' quick tests
    /// of what it may hold before a walk of the tree).
    public let source: String
    lazy var columns = SourceColumns(source.utf8.contains { $0 >= 0x80 } ? lines : nil)
    public internal(set) lazy var escapes = SourceEscapes(source.utf8.contains(0x5C) ? lines : nil)
    /// The source's bytes and line starts, made when the first of those needs them.
    lazy var lines = SourceLines(source)

    /// Parses `text` as GitHub Flavored Markdown.
    public init(_ text: String, options: MarkdownOptions = MarkdownOptions()) {
        CmarkSetup.ensureRegistered()
        self.options = options
        self.mayHaveFootnotes = text.utf8.contains(UInt8(ascii: "^"))
        self.source = text
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
        self.root = CmarkSetup.finish(parser)
        self.parser = parser
    }

    deinit {
        cmark_node_free(root)
        for node in detached { cmark_node_free(node) }
        cmark_parser_free(parser)
    }

    /// The document as HTML. Raw HTML and unsafe URLs are omitted unless `unsafeHTML` is set.
    public func renderHTML() -> String { String(decoding: renderHTMLBytes(), as: UTF8.self) }

    /// `renderHTML()` as UTF-8 bytes.
    public func renderHTMLBytes() -> [UInt8] {
        let extensions = cmark_parser_get_syntax_extensions(parser)
        guard let html = cmark_render_html(root, options.cmarkOptions, extensions) else { return [] }
        defer { free(html) }
        let bytes = replacingPlaceholders(UnsafeRawBufferPointer(start: html, count: strlen(html)))
        let marked = mayHaveFootnotes ? Self.markingFootnotes(bytes, options: options) : bytes
        return Self.labellingTaskCheckboxes(marked, options: options)
    }

    /// Task list checkboxes with an accessible name: `aria-label` of `taskDone` or `taskOpen`.
    static func labellingTaskCheckboxes(_ bytes: [UInt8], options: MarkdownOptions) -> [UInt8] {
        let checkbox = Array("<input type=\"checkbox\"".utf8)
        // Boyer-Moore-Horspool: most pages have none, and a page has hundreds of tags, so a
        // search that stops at every `<` cost more than the rest of the rendering.
        let found = bytes.withUnsafeBufferPointer { buffer -> Bool in
            let m = checkbox.count
            guard buffer.count >= m else { return false }
            var skip = [Int](repeating: m, count: 256)
            for k in 0..<(m - 1) { skip[Int(checkbox[k])] = m - 1 - k }
            var i = 0
            while i + m <= buffer.count {
                let last = buffer[i + m - 1]
                if last == checkbox[m - 1], memcmp(buffer.baseAddress! + i, checkbox, m) == 0 { return true }
                i += skip[Int(last)]
            }
            return false
        }
        guard found else { return bytes }
        let done = Array("<input type=\"checkbox\" checked=\"\" disabled=\"\" />".utf8)
        let open = Array("<input type=\"checkbox\" disabled=\"\" />".utf8)
        func label(_ text: String) -> [UInt8] {
            var out = Array(" aria-label=\"".utf8)
            HTMLEscape.append(text, to: &out)
            out += "\" />".utf8
            return out
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 256)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x3C {
                if bytes[i...].starts(with: done) {
                    out += done.dropLast(3) + label(options.taskDone)
                    i += done.count
                    continue
                }
                if bytes[i...].starts(with: open) {
                    out += open.dropLast(3) + label(options.taskOpen)
                    i += open.count
                    continue
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return out
    }

    /// Footnotes as gen writes them. A reference's number and a footnote's way back (↩) are not
    /// the author's words: like gen's own additions, they carry `data-gen-added`, so that removing
    /// those elements leaves the text readers read. And they have names in the site's language: cmark-gfm's reference link shows
    /// only its number, its list has no heading, and every way back is named "Back to content".
    static func markingFootnotes(_ bytes: [UInt8], options: MarkdownOptions) -> [UInt8] {
        let marker = Array("data-footnote".utf8)
        guard bytes.withUnsafeBufferPointer({ ByteSearch.find(marker, in: $0, from: 0) }) != nil else { return bytes }
        // One pass over the page, whatever its number of footnotes.
        let sup = Array("<sup class=\"footnote-ref\">".utf8)
        let reference = Array(" data-footnote-ref>".utf8)
        let section = Array("<section class=\"footnotes\" data-footnotes>".utf8)
        let item = Array("<li id=\"fn-".utf8)
        let back = Array("aria-label=\"Back to content\"".utf8)
        let footnote = HTMLEscape.escape(options.footnote), backToText = HTMLEscape.escape(options.backToText)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        var items = 0
        var i = 0
        func at(_ pattern: [UInt8]) -> Bool {
            i + pattern.count <= bytes.count && bytes[i] == pattern[0] && bytes[i..<(i + pattern.count)].elementsEqual(pattern)
        }
        while i < bytes.count {
            if at(sup) {
                out += Array("<sup class=\"footnote-ref\" data-gen-added>".utf8)
                i += sup.count
            } else if at(reference) {
                i += reference.count
                let digits = bytes[i...].prefix { $0 >= 0x30 && $0 <= 0x39 }
                out += Array(" data-footnote-ref aria-label=\"\(footnote) ".utf8) + digits + Array("\">".utf8)
            } else if at(section) {
                out += Array("<section class=\"footnotes\" data-footnotes aria-label=\"\(HTMLEscape.escape(options.footnotes))\">".utf8)
                i += section.count
            } else if at(item) {
                // The way back from the n-th footnote of the list.
                items += 1
                out += item
                i += item.count
            } else if items > 0, at(back) {
                out += Array("data-gen-added aria-label=\"\(backToText) (\(items))\"".utf8)
                i += back.count
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    /// Whether parses finish concurrently (see `CmarkSetup`), or one at a time.
    public static var parsesFinishInParallel: Bool { CmarkSetup.parallelFinish }

    /// The version of the cmark-gfm library gen runs with.
    public static var cmarkGFMVersion: String { String(cString: cmark_version_string()) }

    /// The top-level node of the tree.
    public var document: MarkdownNode { MarkdownNode(pointer: root) }
}

/// Registers cmark-gfm's core extensions exactly once per process, and keeps parsing correct
/// on several threads.
///
/// cmark-gfm 0.29 keeps its table of special inline characters in a global array: each
/// `cmark_parser_finish` adds the characters of its inline extensions (autolink's `:` and `w`,
/// strikethrough's `~`) before processing inlines and removes them afterwards, so two parses
/// finishing at once race and one silently loses its autolinks or strikethrough. The C target
/// CCmarkInterpose replaces that function with one that never removes (every parser of gen has
/// the same extensions). If the platform did not let it take the library's place, finishing is
/// serialised instead. Block parsing and rendering are parallel either way.
enum CmarkSetup {
    static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// Whether parses may finish concurrently: known after one parse on this thread.
    static let parallelFinish: Bool = {
        ensureRegistered()
        let probe = cmark_parser_new(CMARK_OPT_DEFAULT)!
        if let ext = cmark_find_syntax_extension("autolink") { cmark_parser_attach_syntax_extension(probe, ext) }
        let text = "see https://example.org"
        cmark_parser_feed(probe, text, text.utf8.count)
        cmark_node_free(cmark_parser_finish(probe))
        cmark_parser_free(probe)
        return gen_cmark_interposer_active() != 0
    }()

    static let finishLock = NSLock()

    static func ensureRegistered() { _ = registered }

    static func finish(_ parser: OpaquePointer) -> OpaquePointer {
        if parallelFinish { return cmark_parser_finish(parser)! }
        return finishLock.withLock { cmark_parser_finish(parser)! }
    }
}
