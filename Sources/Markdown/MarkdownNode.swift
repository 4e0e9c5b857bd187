import CCmarkGFM

/// A borrowed view of one node of a `MarkdownDocument`'s tree; valid while the document lives.
public struct MarkdownNode {
    let pointer: OpaquePointer

    public var isParagraph: Bool { cmark_node_get_type(pointer) == CMARK_NODE_PARAGRAPH }
    public var isBlockQuote: Bool { cmark_node_get_type(pointer) == CMARK_NODE_BLOCK_QUOTE }

    /// Whether this paragraph shows images only (white space and line breaks between them): a
    /// picture, whose alt text is no sentence of the text.
    public var isImagesOnly: Bool {
        var sawImage = false
        for child in children {
            switch cmark_node_get_type(child.pointer) {
            case CMARK_NODE_IMAGE: sawImage = true
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: continue
            case CMARK_NODE_TEXT where (child.literal ?? "").allSatisfy(\.isWhitespace): continue
            default: return false
            }
        }
        return sawImage
    }

    /// The text of a text, code, code block or HTML node.
    public var literal: String? {
        guard let chars = cmark_node_get_literal(pointer) else { return nil }
        return String(cString: chars)
    }

    public var firstChild: MarkdownNode? { cmark_node_first_child(pointer).map(MarkdownNode.init) }
    public var next: MarkdownNode? { cmark_node_next(pointer).map(MarkdownNode.init) }

    /// 1-based source line and column where the node starts.
    public var startLine: Int { Int(cmark_node_get_start_line(pointer)) }
    public var startColumn: Int { Int(cmark_node_get_start_column(pointer)) }
    public var endLine: Int { Int(cmark_node_get_end_line(pointer)) }

    public var children: [MarkdownNode] {
        var result: [MarkdownNode] = []
        var child = firstChild
        while let node = child {
            result.append(node)
            child = node.next
        }
        return result
    }

    /// The text a reader sees in this node and its descendants, with line breaks and block
    /// boundaries as spaces and every run of whitespace as one space, trimmed.
    public var plainText: String { plainText() }

    /// The same, with the bytes `escaped` gives for a text node (its literal, and where it is
    /// in the source: line and byte column) marked as `MarkdownDocument.textMarkingEscapes` marks them.
    func plainText(escaped: ((String, Int, Int) -> [Int])? = nil) -> String {
        var bytes: [UInt8] = []
        appendPlainText(to: &bytes, escaped: escaped)
        while bytes.last == 0x20 { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A loop over the subtree rather than a recursion as deep as it (see `collect`).
    private func appendPlainText(to bytes: inout [UInt8], escaped: ((String, Int, Int) -> [Int])?) {
        var node: OpaquePointer? = pointer
        while let current = node {
            if current != pointer, let parent = cmark_node_parent(current), Self.isBlock(parent), Self.isBlock(current) {
                Self.appendSpace(&bytes)
            }
            let type = cmark_node_get_type(current)
            var descend = false
            switch type {
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                Self.appendSpace(&bytes)
            case CMARK_NODE_HTML_INLINE, CMARK_NODE_HTML_BLOCK:
                break
            case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK:
                if let chars = cmark_node_get_literal(current) {
                    let marked = type == CMARK_NODE_TEXT ? escaped.map {
                        $0(String(cString: chars), Int(cmark_node_get_start_line(current)), Int(cmark_node_get_start_column(current)))
                    } ?? [] : []
                    var p = chars, offset = 0, next = 0
                    while p.pointee != 0 {
                        let byte = UInt8(bitPattern: p.pointee)
                        if next < marked.count, marked[next] == offset {
                            bytes += String(UnicodeScalar(0xE000 + UInt32(byte))!).utf8
                            next += 1
                        } else if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D { Self.appendSpace(&bytes) } else { bytes.append(byte) }
                        p += 1
                        offset += 1
                    }
                }
            default:
                descend = true
            }
            if descend, let first = cmark_node_first_child(current) {
                node = first
                continue
            }
            node = MarkdownDocument.following(current, within: pointer)
        }
    }

    private static func isBlock(_ node: OpaquePointer) -> Bool {
        cmark_node_get_type(node).rawValue & UInt32(CMARK_NODE_TYPE_MASK) == UInt32(CMARK_NODE_TYPE_BLOCK)
    }

    private static func appendSpace(_ bytes: inout [UInt8]) {
        if let last = bytes.last, last != 0x20 { bytes.append(0x20) }
    }
}
