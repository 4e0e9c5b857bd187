/// A parsed Mustache template (https://mustache.github.io/mustache.5.html): variables, sections,
/// inverted sections, comments, partials, set delimiters and template inheritance (parents and
/// blocks), with the spec's standalone-line rules and indented partials.
///
/// Names are split at parse time; values come from `TemplateValue`, so a lookup is a switch in
/// the view model, not reflection.
public struct Template: Sendable {
    indirect enum Node: Sendable {
        case text([UInt8])
        case variable(path: Name, escaped: Bool)
        case section(path: Name, inverted: Bool, children: [Node])
        case partial(name: String, indent: [UInt8])
        case parent(name: String, indent: [UInt8], overrides: [String: [Node]])
        case block(name: String, children: [Node])
    }

    /// A name to look up: a dotted path (`[]` for `.`), or a fact about the innermost list
    /// being rendered: `first()`, `last()`, `index()` (from 0), `even()`, `odd()`.
    enum Name: Sendable {
        case path([String])
        case first, last, index, even, odd
    }

    let program: Program
    /// Every partial and parent this template names, with the line and column of the name.
    public let references: [Reference]

    public struct Reference: Sendable, Equatable {
        public var name: String
        public var isParent: Bool
        public var line: Int
        public var column: Int
    }

    /// A template that cannot be parsed, with the line and column (in characters) of the problem.
    public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var line: Int
        public var column: Int
        public var description: String { "\(line):\(column): \(message)" }
    }

    public init(_ text: String) throws(SyntaxError) {
        var parser = Parser(Array(text.utf8))
        program = Program(try parser.parse())
        references = parser.references
    }
}

private let standaloneSigils: Set<UInt8> = [UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "/"), UInt8(ascii: "!"),
                                            UInt8(ascii: ">"), UInt8(ascii: "<"), UInt8(ascii: "$"), UInt8(ascii: "="),
                                            UInt8(ascii: "%")]

private struct Parser {
    let bytes: [UInt8]
    var open: [UInt8] = Array("{{".utf8)
    var close: [UInt8] = Array("}}".utf8)
    var references: [Template.Reference] = []

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    private struct Frame {
        var sigil: UInt8
        var name: String
        var path: Template.Name
        var at: Int
        var indent: [UInt8]
        var nodes: [Template.Node] = []
    }

    mutating func parse() throws(Template.SyntaxError) -> [Template.Node] {
        var stack = [Frame(sigil: 0, name: "", path: .path([]), at: 0, indent: [])]
        var position = 0
        var textStart = 0
        func appendText(_ range: Range<Int>, to stack: inout [Frame]) {
            guard !range.isEmpty else { return }
            if case .text(let previous)? = stack[stack.count - 1].nodes.last {
                stack[stack.count - 1].nodes[stack[stack.count - 1].nodes.count - 1] = .text(previous + bytes[range])
            } else {
                stack[stack.count - 1].nodes.append(.text(Array(bytes[range])))
            }
        }
        while let tagStart = find(open, from: position) {
            var cursor = tagStart + open.count
            while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
            guard cursor < bytes.count else { throw error("the template ends inside a tag: a '{{' is not closed", at: bytes.count) }
            var sigil = bytes[cursor]
            var closing = close
            let triple = sigil == UInt8(ascii: "{") && open == Array("{{".utf8)
            if triple { closing = Array("}}}".utf8) }
            let isSigil = "#^/!><$=&%{".utf8.contains(sigil)
            if isSigil { cursor += 1 } else { sigil = 0 }
            let contentStart = cursor
            var contentEnd: Int
            var tagEnd: Int
            if sigil == UInt8(ascii: "=") {
                // {{=<% %>=}}: ends with "=" and the closing delimiter.
                guard let end = find([UInt8(ascii: "=")] + close, from: contentStart) else {
                    throw error("the template ends inside a tag: a '{{' is not closed", at: bytes.count)
                }
                contentEnd = end
                tagEnd = end + 1 + close.count
            } else {
                guard let end = find(closing, from: contentStart) else {
                    if triple, find(close, from: contentStart) != nil {
                        throw error("a '{{{' tag is not closed with '}}}'", at: tagStart)
                    }
                    throw error("the template ends inside a tag: a '{{' is not closed", at: bytes.count)
                }
                contentEnd = end
                tagEnd = end + closing.count
            }
            let content = trimmed(contentStart..<contentEnd)
            let name = String(decoding: bytes[content], as: UTF8.self)
            let nameAt = content.lowerBound
            if sigil != UInt8(ascii: "!"), sigil != UInt8(ascii: "="), sigil != UInt8(ascii: "%") {
                if name.isEmpty { throw error("a tag has no name", at: tagStart) }
                if name.utf8.contains(where: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A }) {
                    throw error("a tag name cannot contain spaces: '\(name)'", at: nameAt)
                }
            }

            // Standalone lines: a line holding only this tag and whitespace disappears.
            var textEnd = tagStart
            var next = tagEnd
            var indent: [UInt8] = []
            if standaloneSigils.contains(sigil) {
                var lineStart = tagStart
                while lineStart > 0, bytes[lineStart - 1] == 0x20 || bytes[lineStart - 1] == 0x09 { lineStart -= 1 }
                let startsLine = lineStart == 0 || bytes[lineStart - 1] == 0x0A
                var lineEnd = tagEnd
                while lineEnd < bytes.count, bytes[lineEnd] == 0x20 || bytes[lineEnd] == 0x09 { lineEnd += 1 }
                var endsLine = lineEnd == bytes.count
                if lineEnd < bytes.count, bytes[lineEnd] == 0x0A { lineEnd += 1; endsLine = true }
                else if lineEnd + 1 < bytes.count, bytes[lineEnd] == 0x0D, bytes[lineEnd + 1] == 0x0A { lineEnd += 2; endsLine = true }
                if startsLine && endsLine {
                    indent = Array(bytes[lineStart..<tagStart])
                    textEnd = lineStart
                    next = lineEnd
                }
            }
            appendText(textStart..<textEnd, to: &stack)
            position = next
            textStart = next

            let path: Template.Name = switch name {
            case ".": .path([])
            case "first()": .first
            case "last()": .last
            case "index()": .index
            case "even()": .even
            case "odd()": .odd
            default: .path(name.split(separator: ".", omittingEmptySubsequences: false).map(String.init))
            }
            switch sigil {
            case UInt8(ascii: "!"), UInt8(ascii: "%"):
                break
            case UInt8(ascii: "="):
                let parts = String(decoding: bytes[content], as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard parts.count == 2, !parts[0].contains("="), !parts[1].contains("=") else {
                    throw error("a set-delimiter tag is malformed", at: tagStart)
                }
                open = Array(parts[0].utf8)
                close = Array(parts[1].utf8)
            case UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "$"), UInt8(ascii: "<"):
                if sigil == UInt8(ascii: "<") { references.append(reference(name, isParent: true, at: tagStart)) }
                if stack[stack.count - 1].sigil == UInt8(ascii: "<"), sigil != UInt8(ascii: "$") {
                    throw error("inside {{<parent}} ... {{/parent}} only {{$block}} overrides are allowed", at: tagStart)
                }
                stack.append(Frame(sigil: sigil, name: name, path: path, at: nameAt, indent: indent))
            case UInt8(ascii: "/"):
                guard stack.count > 1, stack[stack.count - 1].name == name else {
                    throw error("a section is closed with the wrong name", at: nameAt)
                }
                let frame = stack.removeLast()
                let node: Template.Node
                switch frame.sigil {
                case UInt8(ascii: "$"): node = .block(name: frame.name, children: frame.nodes)
                case UInt8(ascii: "<"):
                    // Only blocks count inside a parent; other text must be whitespace, or a
                    // typo would vanish without a word.
                    for child in frame.nodes {
                        if case .text(let text) = child,
                           text.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) {
                            throw error("inside {{<parent}} ... {{/parent}} only {{$block}} overrides are allowed", at: frame.at)
                        }
                    }
                    var overrides: [String: [Template.Node]] = [:]
                    for child in frame.nodes {
                        if case .block(let blockName, let children) = child { overrides[blockName] = children }
                    }
                    node = .parent(name: frame.name, indent: frame.indent, overrides: overrides)
                default: node = .section(path: frame.path, inverted: frame.sigil == UInt8(ascii: "^"), children: frame.nodes)
                }
                stack[stack.count - 1].nodes.append(node)
            default:
                if stack[stack.count - 1].sigil == UInt8(ascii: "<") {
                    throw error("inside {{<parent}} ... {{/parent}} only {{$block}} overrides are allowed", at: tagStart)
                }
                if sigil == UInt8(ascii: ">") {
                    references.append(reference(name, isParent: false, at: tagStart))
                    stack[stack.count - 1].nodes.append(.partial(name: name, indent: indent))
                } else {
                    let raw = sigil == UInt8(ascii: "&") || sigil == UInt8(ascii: "{")
                    stack[stack.count - 1].nodes.append(.variable(path: path, escaped: !raw))
                }
            }
        }
        if stack.count > 1 {
            throw error("a section is not closed", at: stack[stack.count - 1].at)
        }
        appendText(textStart..<bytes.count, to: &stack)
        return stack[0].nodes
    }

    private func trimmed(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 || bytes[lower] == 0x0A || bytes[lower] == 0x0D { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 || bytes[upper - 1] == 0x0A || bytes[upper - 1] == 0x0D { upper -= 1 }
        return lower..<upper
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, needle.count <= bytes.count else { return nil }
        var i = start
        let last = bytes.count - needle.count
        while i <= last {
            if bytes[i] == first {
                var j = 1
                while j < needle.count, bytes[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    private func lineColumn(_ offset: Int) -> (Int, Int) {
        var line = 1, lineStart = 0
        for i in 0..<min(offset, bytes.count) where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        let column = String(decoding: bytes[lineStart..<min(offset, bytes.count)], as: UTF8.self).count + 1
        return (line, column)
    }

    private func error(_ message: String, at offset: Int) -> Template.SyntaxError {
        let (line, column) = lineColumn(offset)
        return Template.SyntaxError(message: message, line: line, column: column)
    }

    private func reference(_ name: String, isParent: Bool, at offset: Int) -> Template.Reference {
        let (line, column) = lineColumn(offset)
        return Template.Reference(name: name, isParent: isParent, line: line, column: column)
    }
}
