import ByteText
import Foundation
import Markdown

/// A note body written as HTML (a W3C annotation's `text/html` body, gen's own export
/// included) turned back into the Markdown of an annotation file: paragraphs, quotations,
/// lists, headings, code, emphasis, links and images. gen's citation markers become `[@key]`
/// citations again (with their prefixes and locators), its entity links `[[slug|words]]`; other
/// markup keeps only its text.
enum HTMLMarkdown {
    private indirect enum Node {
        case text(String)
        case element(name: String, attributes: [String: String], children: [Node])
    }

    static func markdown(fromHTML html: String) -> String {
        let nodes = parse(Array(html.utf8))
        return blocks(nodes).joined(separator: "\n\n")
    }

    // MARK: Blocks

    private static let blockNames: Set<String> = ["p", "div", "blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5",
                                                  "h6", "pre", "hr", "table", "figure", "section", "article", "aside"]

    private static func blocks(_ nodes: [Node]) -> [String] {
        var out: [String] = []
        var pending: [Node] = []
        func flush() {
            let text = paragraph(pending)
            if !text.isEmpty { out.append(text) }
            pending = []
        }
        for node in nodes {
            guard case let .element(name, attributes, children) = node, blockNames.contains(name) else {
                pending.append(node)
                continue
            }
            flush()
            switch name {
            case "p":
                let text = paragraph(children)
                if !text.isEmpty { out.append(text) }
            case "blockquote":
                let inner = blocks(children).joined(separator: "\n\n")
                out.append(inner.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { $0.isEmpty ? ">" : "> " + $0 }.joined(separator: "\n"))
            case "ul", "ol":
                var number = Int(attributes["start"] ?? "") ?? 1
                var items: [String] = []
                for case let .element("li", _, itemChildren) in children {
                    let marker = name == "ul" ? "- " : "\(number). "
                    number += 1
                    let body = blocks(itemChildren).joined(separator: "\n\n")
                    let indent = String(repeating: " ", count: marker.count)
                    let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
                    items.append(lines.enumerated().map { n, line in
                        n == 0 ? marker + line : (line.isEmpty ? "" : indent + line)
                    }.joined(separator: "\n"))
                }
                if !items.isEmpty { out.append(items.joined(separator: "\n")) }
            case "h1", "h2", "h3", "h4", "h5", "h6":
                let level = Int(String(name.dropFirst()))!
                out.append(String(repeating: "#", count: level) + " " + inline(children).replacingNewlines())
            case "pre":
                let code = plainText(children)
                let fence = code.contains("```") ? "~~~" : "```"
                out.append(fence + "\n" + code + (code.hasSuffix("\n") ? "" : "\n") + fence)
            case "hr":
                out.append("* * *")
            default:
                out += blocks(children)
            }
        }
        flush()
        return out
    }

    /// Inline content as a paragraph: no line may read as the start of another block.
    private static func paragraph(_ nodes: [Node]) -> String {
        let text = inline(nodes)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var line = Substring(line)
            while line.first == " " || line.first == "\t" { line = line.dropFirst() }
            return String(line)
        }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.map(guardLineStart).joined(separator: "\n")
    }

    /// A backslash before what would start a list, a heading underline or a thematic break.
    private static func guardLineStart(_ line: String) -> String {
        guard let first = line.first else { return line }
        if "-+=".contains(first) { return "\\" + line }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count < line.count {
            let after = line[line.index(line.startIndex, offsetBy: digits.count)]
            if after == "." || after == ")" { return digits + "\\" + line.dropFirst(digits.count) }
        }
        return line
    }

    // MARK: Inlines

    private static func inline(_ nodes: [Node]) -> String {
        var out = ""
        for node in nodes {
            switch node {
            case let .text(text):
                out += MarkdownDocument.escapingSyntax(text)
            case let .element(name, attributes, children):
                let classes = Set((attributes["class"] ?? "").split(separator: " ").map(String.init))
                switch name {
                case "em", "i": out += wrap(inline(children), "*")
                case "strong", "b": out += wrap(inline(children), "**")
                case "del", "s", "strike": out += wrap(inline(children), "~~")
                case "code":
                    let code = plainText(children)
                    let ticks = code.contains("`") ? "``" : "`"
                    out += ticks + (code.hasPrefix("`") ? " " : "") + code + (code.hasSuffix("`") ? " " : "") + ticks
                case "br": out += "\\\n"
                case "img":
                    out += "![" + MarkdownDocument.escapingSyntax(attributes["alt"] ?? "") + "](" + destination(attributes["src"] ?? "") + ")"
                case "a" where classes.contains("entity"), "span" where classes.contains("entity"):
                    if let slug = attributes["data-entity"] {
                        out += "[[" + slug + "|" + inline(children) + "]]"
                    } else {
                        out += inline(children)
                    }
                case "a":
                    let text = inline(children)
                    if let href = attributes["href"], !href.isEmpty {
                        out += "[" + text + "](" + destination(href) + ")"
                    } else {
                        out += text
                    }
                case "sup" where classes.contains("citations"), "span" where classes.contains("citations"):
                    // Written as authors write it, after a space: the page takes the space out.
                    let marker = citation(children)
                    if !marker.isEmpty, let last = out.last, !last.isWhitespace { out += " " }
                    out += marker
                case "span" where classes.contains("citation-tip"):
                    break
                default:
                    out += inline(children)
                }
            }
        }
        return out
    }

    /// `*text*` around inline text, its surrounding spaces kept outside the markers.
    private static func wrap(_ text: String, _ marker: String) -> String {
        let leading = text.prefix { $0 == " " || $0 == "\n" }
        let trailing = String(text.reversed().prefix { $0 == " " || $0 == "\n" })
        let core = text.dropFirst(leading.count).dropLast(trailing.count)
        guard !core.isEmpty else { return text }
        return leading + marker + core + marker + String(trailing.reversed())
    }

    private static func destination(_ url: String) -> String {
        url.contains(where: { $0 == " " || $0 == "(" || $0 == ")" || $0 == "<" || $0 == ">" })
            ? "<" + url.replacingOccurrences(of: "<", with: "%3C").replacingOccurrences(of: ">", with: "%3E") + ">"
            : url
    }

    /// gen's citation marker (`<span class="citations">[...]</span>`, or `<sup class="citations">`
    /// as older pages wrote it, with `<a class="citation" data-source="key">` numbers, prefixes
    /// before them and locators after) as `[@key]`.
    private static func citation(_ nodes: [Node]) -> String {
        // The brackets around the numbers are the marker's, not text.
        var children = nodes
        if case let .text(first)? = children.first, first.hasPrefix("[") { children[0] = .text(String(first.dropFirst())) }
        if case let .text(last)? = children.last, last.hasSuffix("]") { children[children.count - 1] = .text(String(last.dropLast())) }
        var items: [String] = []
        var text = ""
        var current: (prefix: String, key: String)?
        func close(_ trailing: String) -> String {
            // Text after a number: ", locator" up to the next "; ", then the next one's prefix.
            var rest = Substring(trailing)
            if let (prefix, key) = current {
                var locator = ""
                let end = rest.range(of: "; ")?.lowerBound ?? rest.endIndex
                if rest.hasPrefix(", ") { locator = String(rest[rest.index(rest.startIndex, offsetBy: 2)..<end]) }
                items.append((prefix.isEmpty ? "" : prefix + " ") + "@" + key + (locator.isEmpty ? "" : ", " + locator))
                rest = end < rest.endIndex ? rest[rest.index(end, offsetBy: 2)...] : ""
            }
            return String(rest).trimmingCharacters(in: " ")
        }
        for child in children {
            switch child {
            case let .text(value): text += value
            case let .element("a", attributes, _) where attributes["data-source"] != nil:
                let prefix = close(text)
                current = (prefix, attributes["data-source"]!)
                text = ""
            case let .element(_, attributes, inner) where !(attributes["class"] ?? "").contains("citation-tip"):
                text += plainText(inner)
            default: break
            }
        }
        _ = close(text)
        return items.isEmpty ? "" : "[" + items.joined(separator: "; ") + "]"
    }

    private static func plainText(_ nodes: [Node]) -> String {
        nodes.map { node -> String in
            switch node {
            case let .text(text): return text
            case let .element(_, _, children): return plainText(children)
            }
        }.joined()
    }

    // MARK: Parsing

    private static let voidElements: Set<String> = ["br", "img", "hr", "input", "meta", "link", "wbr", "source"]

    private static func parse(_ bytes: [UInt8]) -> [Node] {
        // A stack of open elements; a closing tag closes up to its element (or is ignored).
        var stack: [(name: String, attributes: [String: String], children: [Node])] = [("", [:], [])]
        var i = 0
        var text: [UInt8] = []
        func flushText() {
            guard !text.isEmpty else { return }
            stack[stack.count - 1].children.append(.text(decode(text)))
            text = []
        }
        func closeTop() {
            let top = stack.removeLast()
            stack[stack.count - 1].children.append(.element(name: top.name, attributes: top.attributes, children: top.children))
        }
        while i < bytes.count {
            let byte = bytes[i]
            guard byte == 0x3C, i + 1 < bytes.count else { text.append(byte); i += 1; continue }
            if bytes[i...].starts(with: Array("<!--".utf8)) {
                flushText()
                var j = i + 4
                while j < bytes.count, !bytes[j...].starts(with: Array("-->".utf8)) { j += 1 }
                i = min(bytes.count, j + 3)
                continue
            }
            let closing = bytes[i + 1] == 0x2F
            var j = i + (closing ? 2 : 1)
            let nameStart = j
            while j < bytes.count, (bytes[j] >= 0x61 && bytes[j] <= 0x7A) || (bytes[j] >= 0x41 && bytes[j] <= 0x5A)
                || (bytes[j] >= 0x30 && bytes[j] <= 0x39) { j += 1 }
            guard j > nameStart else { text.append(byte); i += 1; continue }
            let name = String(decoding: bytes[nameStart..<j], as: UTF8.self).lowercased()
            // Attributes, up to the tag's end (quoted values may hold '>').
            var attributes: [String: String] = [:]
            var selfClosing = false
            while j < bytes.count, bytes[j] != 0x3E {
                if bytes[j] == 0x2F { selfClosing = true; j += 1; continue }
                if bytes[j] == 0x20 || bytes[j] == 0x0A || bytes[j] == 0x09 || bytes[j] == 0x0D { j += 1; continue }
                let keyStart = j
                while j < bytes.count, ![0x3D, 0x20, 0x3E, 0x0A, 0x09, 0x2F].contains(bytes[j]) { j += 1 }
                let key = String(decoding: bytes[keyStart..<j], as: UTF8.self).lowercased()
                var value = ""
                if j < bytes.count, bytes[j] == 0x3D {
                    j += 1
                    if j < bytes.count, bytes[j] == 0x22 || bytes[j] == 0x27 {
                        let quote = bytes[j]
                        let valueStart = j + 1
                        j = valueStart
                        while j < bytes.count, bytes[j] != quote { j += 1 }
                        value = decode(Array(bytes[valueStart..<min(j, bytes.count)]))
                        j += 1
                    } else {
                        let valueStart = j
                        while j < bytes.count, bytes[j] != 0x20, bytes[j] != 0x3E { j += 1 }
                        value = decode(Array(bytes[valueStart..<j]))
                    }
                }
                if !key.isEmpty { attributes[key] = value }
                selfClosing = false
            }
            i = min(bytes.count, j + 1)
            flushText()
            if closing {
                if let open = stack.lastIndex(where: { $0.name == name }), open > 0 {
                    while stack.count > open { closeTop() }
                }
            } else if voidElements.contains(name) || selfClosing {
                stack[stack.count - 1].children.append(.element(name: name, attributes: attributes, children: []))
            } else {
                stack.append((name, attributes, []))
            }
        }
        flushText()
        while stack.count > 1 { closeTop() }
        return stack[0].children
    }

    /// Text with its character references decoded.
    private static func decode(_ bytes: [UInt8]) -> String {
        HTMLEscape.unescape(String(decoding: bytes, as: UTF8.self))
    }
}

private extension String {
    func replacingNewlines() -> String { split(separator: "\n").joined(separator: " ") }
}
