import ByteText
import CCmarkGFM

/// A heading of a document: its level (1–6) and plain text.
public struct HeadingInfo: Sendable, Equatable {
    public let level: Int
    public let text: String
}

/// A link's address, and where the link starts in the document (line and column, from 1).
public struct LinkInfo: Sendable, Equatable {
    public let url: String
    public let line: Int
    public let column: Int
}

/// An image of a document as written: `![alt](url "title")`, with its place in the text.
public struct ImageInfo: Sendable, Equatable {
    public let url: String
    public let title: String
    public let alt: String
    public let line: Int
    public let column: Int
}

extension MarkdownDocument {
    /// How deep the document's elements nest: the most containers with content (block quotes,
    /// lists, items, emphasis, links, ...) open at one place. One walk of the tree, no recursion.
    public var nestingDepth: Int {
        guard let iterator = cmark_iter_new(root) else { return 0 }
        defer { cmark_iter_free(iterator) }
        var depth = 0, deepest = 0
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            // A node with children gets an exit event as well as an enter event; one without,
            // whatever its kind, changes nothing.
            guard let node = cmark_iter_get_node(iterator), cmark_node_first_child(node) != nil else { continue }
            if event == CMARK_EVENT_ENTER {
                depth += 1
                deepest = max(deepest, depth)
            } else if event == CMARK_EVENT_EXIT {
                depth -= 1
            }
        }
        return deepest
    }

    /// Gives every heading an id and a self-link beside it: `<div class="heading"><hN
    /// id="ID">text</hN><a class="heading-anchor" href="#ID" aria-label="Link to the section
    /// “text”" data-gen-added>#</a></div>` (outside the heading, so that the heading's name is its
    /// text alone; the link's name is `options.sectionLink`). `makeIDs` turns the headings into unique ids.
    /// The heading's text stays in the tree (a custom block that holds it), so notes may still
    /// quote it. `readable` turns a heading's text as written into what a reader sees of it
    /// (a citation's `[@key]` left out), for its id, its link's name and what is returned. Call
    /// before `textRuns()`.
    @discardableResult
    public func anchorHeadings(readable: (String) -> String = { $0 }, _ makeIDs: ([HeadingInfo]) -> [String]) -> [(heading: HeadingInfo, id: String)] {
        var nodes: [OpaquePointer] = []
        collectNodes(of: CMARK_NODE_HEADING, from: root, into: &nodes)
        guard !nodes.isEmpty else { return [] }
        let headings = nodes.map { HeadingInfo(level: Int(cmark_node_get_heading_level($0)), text: readable(MarkdownNode(pointer: $0).plainText)) }
        let ids = makeIDs(headings)
        for (n, node) in nodes.enumerated() {
            let level = headings[n].level, id = HTMLEscape.escape(ids[n])
            // The heading's inlines move, as they are, into one custom inline that writes the
            // heading's tags, inside a custom block that holds the heading and its link.
            let label = HTMLEscape.escape(options.sectionLink).replacingOccurrences(of: "{title}", with: HTMLEscape.escape(headings[n].text))
            let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)!
            cmark_node_set_on_enter(block, "<div class=\"heading\">")
            cmark_node_set_on_exit(block, "</div>")
            let inline = cmark_node_new(CMARK_NODE_CUSTOM_INLINE)!
            cmark_node_set_on_enter(inline, "<h\(level) id=\"\(id)\">")
            cmark_node_set_on_exit(inline, "</h\(level)><a class=\"heading-anchor\" href=\"#\(id)\" aria-label=\"\(label)\" data-gen-added>#</a>")
            while let child = cmark_node_first_child(node) { cmark_node_append_child(inline, child) }
            cmark_node_append_child(block, inline)
            cmark_node_insert_before(node, block)
            // The inlines that moved may point into the heading's own text (an autolink's
            // address does): the heading is kept until the document goes.
            cmark_node_unlink(node)
            detached.append(node)
        }
        return zip(headings, ids).map { ($0, $1) }
    }

    /// The raw HTML written in the document, blocks and inline tags but not comments, each with
    /// where it starts (line and column, from 1), in order: what the page leaves out without
    /// `unsafeHTML`.
    public func rawHTML() -> [(text: String, line: Int, column: Int)] {
        var nodes: [OpaquePointer] = []
        collectNodes(of: CMARK_NODE_HTML_BLOCK, from: root, into: &nodes)
        collectNodes(of: CMARK_NODE_HTML_INLINE, from: root, into: &nodes)
        return nodes.compactMap { node -> (text: String, line: Int, column: Int)? in
            let text = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
            // A comment alone is the writer's aside; text after it on its line goes with it.
            guard !Self.isCommentsOnly(text) else { return nil }
            let line = Int(cmark_node_get_start_line(node))
            return (text, line, columns.column(line: line, byte: Int(cmark_node_get_start_column(node))))
        }.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    /// Whether `html` is HTML comments and white space only.
    static func isCommentsOnly(_ html: String) -> Bool {
        var rest = Substring(html)
        while true {
            rest = rest.drop { $0.isWhitespace }
            guard !rest.isEmpty else { return true }
            guard rest.hasPrefix("<!--"), let end = rest.range(of: "-->") else { return false }
            rest = rest[end.upperBound...]
        }
    }

    /// Replaces each image by the HTML `rewrite` returns for it (nil: left as cmark-gfm writes it).
    public func rewriteImages(_ rewrite: (ImageInfo) -> String?) {
        var nodes: [OpaquePointer] = []
        collectNodes(of: CMARK_NODE_IMAGE, from: root, into: &nodes)
        for node in nodes {
            let line = Int(cmark_node_get_start_line(node))
            let info = ImageInfo(url: cmark_node_get_url(node).map { String(cString: $0) } ?? "",
                                 title: cmark_node_get_title(node).map { String(cString: $0) } ?? "",
                                 alt: MarkdownNode(pointer: node).plainText,
                                 line: line, column: columns.column(line: line, byte: Int(cmark_node_get_start_column(node))))
            guard let html = rewrite(info) else { continue }
            let custom = cmark_node_new(CMARK_NODE_CUSTOM_INLINE)!
            cmark_node_set_on_enter(custom, html)
            cmark_node_set_on_exit(custom, "")
            cmark_node_insert_before(node, custom)
            cmark_node_free(node)
        }
    }

    /// What becomes of a link (`rewriteLinks`).
    public enum LinkChange {
        /// It leads to this address instead.
        case address(String)
        /// It is no link: its text stays, as text.
        case unlinked
    }

    /// Changes each link as `rewrite` says (nil: left as written).
    public func rewriteLinks(_ rewrite: (LinkInfo) -> LinkChange?) {
        var nodes: [OpaquePointer] = []
        collectNodes(of: CMARK_NODE_LINK, from: root, into: &nodes)
        for node in nodes {
            guard let url = cmark_node_get_url(node).map({ String(cString: $0) }) else { continue }
            let line = Int(cmark_node_get_start_line(node))
            let info = LinkInfo(url: url, line: line, column: columns.column(line: line, byte: Int(cmark_node_get_start_column(node))))
            switch rewrite(info) {
            case .address(let new): cmark_node_set_url(node, new)
            case .unlinked:
                while let child = cmark_node_first_child(node) { cmark_node_insert_before(node, child) }
                cmark_node_unlink(node)
                detached.append(node)
            case nil: break
            }
        }
    }

    /// The nodes of `type` below `top`, in document order (not below a match), found with a loop
    /// rather than a recursion as deep as the document.
    private func collectNodes(of type: cmark_node_type, from top: OpaquePointer, into nodes: inout [OpaquePointer]) {
        var node = cmark_node_first_child(top)
        while let current = node {
            if cmark_node_get_type(current) == type {
                nodes.append(current)
            } else if let first = cmark_node_first_child(current) {
                node = first
                continue
            }
            node = Self.following(current, within: top)
        }
    }
}
