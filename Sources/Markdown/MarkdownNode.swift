import CCmarkGFM

/// A borrowed view of one node of a `MarkdownDocument`'s tree; valid while the document lives.
public struct MarkdownNode {
    let pointer: OpaquePointer

    /// cmark-gfm's type name: "paragraph", "text", "emph", "table", ...
    public var typeName: String { String(cString: cmark_node_get_type_string(pointer)) }

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

    /// The text a reader sees in this node and its descendants, with soft and hard line
    /// breaks as spaces.
    public var plainText: String {
        var out = ""
        appendPlainText(to: &out)
        return out
    }

    private func appendPlainText(to out: inout String) {
        switch typeName {
        case "softbreak", "linebreak":
            out += " "
            return
        case "html_inline", "html_block":
            return
        default:
            break
        }
        if let text = literal, firstChild == nil {
            out += text
        }
        var child = firstChild
        while let node = child {
            node.appendPlainText(to: &out)
            child = node.next
        }
    }
}
