import ByteText

/// A parsed Mustache template (https://mustache.github.io/mustache.5.html): variables, sections,
/// inverted sections, comments, partials, set delimiters and template inheritance (parents and
/// blocks), with the spec's standalone-line rules and indentation: a standalone partial or
/// parent indents every line of its template (never the data written into it), and a block's
/// override is re-indented to where the block stands.
///
/// Names are split at parse time; values come from `TemplateValue`, so a lookup is a switch in
/// the view model, not reflection.
public struct Template: Sendable {
    indirect enum Node: Sendable {
        case text([UInt8])
        /// A line of the template begins here: where an indented partial writes its indentation.
        case lineStart
        case variable(path: Name, escaped: Bool)
        case section(path: Name, inverted: Bool, children: [Node])
        /// `indent` is nil when the tag is not standalone.
        case partial(name: String, indent: [UInt8]?)
        case parent(name: String, indent: [UInt8]?, overrides: [String: [Node]])
        /// `indent`: where an override's lines go (the block's place). `standalone`: the block's
        /// line held nothing else, so an override's first line is indented too.
        case block(name: String, indent: [UInt8], standalone: Bool, children: [Node])
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
    /// Where text other than whitespace stands between a parent's overrides (line, column): the
    /// spec ignores it, and a caller may warn about it.
    public let ignoredText: [(line: Int, column: Int)]
    /// Every name the template looks up (`{{name}}`, `{{#name}}`, `{{^name}}`), in order, with
    /// the line and column of the name; `.` and the list functions (`first()`...) are left out.
    public let names: [NameUse]

    public struct Reference: Sendable, Equatable {
        public var name: String
        public var isParent: Bool
        public var line: Int
        public var column: Int
        /// The names of the sections (not inverted) the tag is inside, outermost first: the
        /// values the partial or parent can look names up in, besides the page's.
        public var enclosingSections: [[String]] = []
        /// Whether the tag stands outside every section, block and parent: it is included on
        /// every render of the template.
        public var unconditional = false
    }

    public struct NameUse: Sendable, Equatable {
        /// The parts of the dotted name (`site.title` is `["site", "title"]`).
        public var parts: [String]
        /// Whether it opens a section or an inverted section (whose body may look up names in
        /// the section's value), rather than writing a value.
        public var isSection: Bool
        /// The names of the sections (not inverted) this use is inside, outermost first: the
        /// values it can be looked up in, besides the page's.
        public var enclosingSections: [[String]]
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
        names = parser.names
        ignoredText = parser.ignoredText
    }
}

private let standaloneSigils: Set<UInt8> = [UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "/"), UInt8(ascii: "!"),
                                            UInt8(ascii: ">"), UInt8(ascii: "<"), UInt8(ascii: "$"), UInt8(ascii: "="),
                                            UInt8(ascii: "%")]

private extension UInt8 {
    static let space: UInt8 = 0x20, tab: UInt8 = 0x09, newline: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D
    static let hash = UInt8(ascii: "#"), caret = UInt8(ascii: "^"), slash = UInt8(ascii: "/"), bang = UInt8(ascii: "!")
    static let greater = UInt8(ascii: ">"), less = UInt8(ascii: "<"), dollar = UInt8(ascii: "$"), equals = UInt8(ascii: "=")
    static let ampersand = UInt8(ascii: "&"), percent = UInt8(ascii: "%"), brace = UInt8(ascii: "{"), closingBrace = UInt8(ascii: "}")

    var isSpaceOrTab: Bool { self == .space || self == .tab }
}

private struct Parser {
    let bytes: [UInt8]
    var open: [UInt8] = Array("{{".utf8)
    var close: [UInt8] = Array("}}".utf8)
    var references: [Template.Reference] = []
    var names: [Template.NameUse] = []
    var ignoredText: [(line: Int, column: Int)] = []
    /// A line of several tags and nothing else, one of them a parent's tag (`{{<parent}}{{$block}}`,
    /// `{{/block}}{{/parent}}`): the whole line is standalone. The end of its last tag, and of the line.
    private var sharedLine: (lastTagEnd: Int, lineEnd: Int)?

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// How deep sections, inverted sections, parents and blocks may nest.
    static let maximumNesting = 100

    private struct Frame {
        var sigil: UInt8
        var name: String
        var path: Template.Name
        var at: Int
        /// The whitespace before the tag when it is standalone; nil when it is not.
        var indent: [UInt8]?
        /// The whitespace between the start of the line and the tag, when there is nothing else.
        var leading: [UInt8]?
        /// Where the body starts in the text.
        var bodyStart: Int
        var nodes: [Template.Node] = []
    }

    private struct Tag {
        var sigil: UInt8
        var content: Range<Int>
        var end: Int
    }

    mutating func parse() throws(Template.SyntaxError) -> [Template.Node] {
        var stack = [Frame(sigil: 0, name: "", path: .path([]), at: 0, indent: nil, leading: nil, bodyStart: 0)]
        var position = 0
        var textStart = 0
        var nameOffsets: [Int] = []
        while let tagStart = find(open, from: position) {
            let tag = try scanTag(at: tagStart)
            let sigil = tag.sigil, content = tag.content, tagEnd = tag.end
            let name = String(decoding: bytes[content], as: UTF8.self)
            let nameAt = content.lowerBound
            if sigil != .bang, sigil != .equals, sigil != .percent {
                if name.isEmpty { throw error("a tag has no name", at: tagStart) }
                if name.utf8.contains(where: { $0 == .space || $0 == .tab || $0 == .newline }) {
                    throw error("a tag name cannot contain spaces: '\(Self.shown(name))'", at: nameAt)
                }
                if sigil == .greater || sigil == .less, name.hasPrefix("*") {
                    throw error("dynamic names ('\(name)') are not supported: name the template itself", at: nameAt)
                }
            }

            // Standalone lines: a line holding only this tag (or, with a parent, only tags) and
            // whitespace disappears; the whitespace before the tag is its indentation.
            var lineStart = tagStart
            while lineStart > 0, bytes[lineStart - 1].isSpaceOrTab { lineStart -= 1 }
            let startsLine = lineStart == 0 || bytes[lineStart - 1] == .newline
            let leading = startsLine ? Array(bytes[lineStart..<tagStart]) : nil
            var textEnd = tagStart
            var next = tagEnd
            var indent: [UInt8]?
            if let shared = sharedLine, tagStart < shared.lineEnd {
                // A later tag of a standalone line of tags: the whitespace before it goes too.
                textEnd = textStart
                indent = []
                if tagEnd == shared.lastTagEnd {
                    next = shared.lineEnd
                    sharedLine = nil
                }
            } else if startsLine, standaloneSigils.contains(sigil) {
                if let shared = sharedStandaloneLine(from: tagStart, stack: stack) {
                    indent = leading
                    textEnd = lineStart
                    sharedLine = shared
                } else if let lineEnd = standaloneEnd(after: tagEnd) {
                    indent = leading
                    textEnd = lineStart
                    next = lineEnd
                }
            }
            appendText(textStart..<textEnd, to: &stack)
            // A line that starts with a tag that is not standalone starts here.
            if indent == nil, tagStart == lineStart, startsLine, stack[stack.count - 1].sigil != .less {
                stack[stack.count - 1].nodes.append(.lineStart)
            }
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
            if sigil == 0 || sigil == .ampersand || sigil == .brace || sigil == .hash || sigil == .caret,
               case .path(let parts) = path, !parts.isEmpty {
                names.append(Template.NameUse(parts: parts, isSection: sigil == .hash || sigil == .caret,
                                              enclosingSections: Self.sections(stack), line: 0, column: 0))
                nameOffsets.append(nameAt)
            }
            switch sigil {
            case .bang, .percent:
                break
            case .equals:
                let parts = String(decoding: bytes[content], as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard parts.count == 2, !parts[0].contains("="), !parts[1].contains("=") else {
                    throw error("a set-delimiter tag is malformed", at: tagStart)
                }
                open = Array(parts[0].utf8)
                close = Array(parts[1].utf8)
            case .hash, .caret, .dollar, .less:
                if sigil == .less { references.append(reference(name, isParent: true, at: tagStart, in: stack)) }
                if stack[stack.count - 1].sigil == .less, sigil != .dollar {
                    throw error("inside {{<parent}} ... {{/parent}} only {{$block}} overrides are allowed", at: tagStart)
                }
                // Deeper than any template needs, and each tag inside knows every section around it.
                guard stack.count <= Self.maximumNesting else {
                    throw error("sections and blocks are nested more than \(Self.maximumNesting) deep", at: nameAt)
                }
                stack.append(Frame(sigil: sigil, name: name, path: path, at: nameAt, indent: indent, leading: leading, bodyStart: next))
            case .slash:
                guard stack.count > 1 else { throw error("'\(Self.shown(name))' closes no section: none is open", at: nameAt) }
                guard stack[stack.count - 1].name == name else {
                    let opened = stack[stack.count - 1], (line, column) = lineColumn(opened.at)
                    throw error("'\(Self.shown(name))' closes the section '\(opened.name)' opened at \(line):\(column): the names must be the same",
                                at: nameAt)
                }
                let frame = stack.removeLast()
                let node: Template.Node
                switch frame.sigil {
                case .dollar where stack[stack.count - 1].sigil == .less:
                    // An override: its own indentation (that of its first line, when the tag
                    // stands alone) goes, and the block's place gives it another.
                    let own = frame.indent == nil ? [] : leadingWhitespace(at: frame.bodyStart)
                    node = .block(name: frame.name, indent: [], standalone: false, children: Self.strip(own, from: frame.nodes))
                case .dollar:
                    // A block's place: a standalone block's lines are indented as its default
                    // content's first line is (or as the tag, with no default content); another
                    // block's lines as the whitespace before it, if only whitespace is.
                    let place: [UInt8]
                    if let tagIndent = frame.indent {
                        place = frame.bodyStart < textEnd ? leadingWhitespace(at: frame.bodyStart) : tagIndent
                    } else {
                        place = frame.leading ?? []
                    }
                    node = .block(name: frame.name, indent: place, standalone: frame.indent != nil, children: frame.nodes)
                case .less:
                    // Text between the overrides is ignored, as the spec says.
                    var overrides: [String: [Template.Node]] = [:]
                    for child in frame.nodes {
                        if case .block(let blockName, _, _, let children) = child { overrides[blockName] = children }
                    }
                    node = .parent(name: frame.name, indent: frame.indent, overrides: overrides)
                default:
                    node = .section(path: frame.path, inverted: frame.sigil == .caret, children: frame.nodes)
                }
                stack[stack.count - 1].nodes.append(node)
            default:
                if stack[stack.count - 1].sigil == .less {
                    throw error("inside {{<parent}} ... {{/parent}} only {{$block}} overrides are allowed", at: tagStart)
                }
                if sigil == .greater {
                    references.append(reference(name, isParent: false, at: tagStart, in: stack))
                    stack[stack.count - 1].nodes.append(.partial(name: name, indent: indent))
                } else {
                    let raw = sigil == .ampersand || sigil == .brace
                    stack[stack.count - 1].nodes.append(.variable(path: path, escaped: !raw))
                }
            }
        }
        if stack.count > 1 {
            throw error("a section is not closed", at: stack[stack.count - 1].at)
        }
        appendText(textStart..<bytes.count, to: &stack)
        let places = lineColumns(nameOffsets)
        for n in names.indices { (names[n].line, names[n].column) = places[n] }
        return stack[0].nodes
    }

    /// The tag that starts at `tagStart`: its sigil (0 for a plain name), its trimmed content
    /// and where it ends. `{` needs `}` before the closing delimiter, whatever the delimiters.
    private func scanTag(at tagStart: Int) throws(Template.SyntaxError) -> Tag {
        var cursor = tagStart + open.count
        while cursor < bytes.count, bytes[cursor].isSpaceOrTab { cursor += 1 }
        let openText = String(decoding: open, as: UTF8.self)
        guard cursor < bytes.count else { throw error("the template ends inside a tag: a '\(openText)' is not closed", at: bytes.count) }
        var sigil = bytes[cursor]
        if "#^/!><$=&%{".utf8.contains(sigil) { cursor += 1 } else { sigil = 0 }
        let closing: [UInt8] = switch sigil {
        case .equals: [.equals] + close
        case .brace: [.closingBrace] + close
        default: close
        }
        // `{{{name}}`: closed as a `{{name}}`, and the next `}}}` is far on.
        if sigil == .brace, let short = find(close, from: cursor), find(closing, from: cursor).map({ short < $0 }) ?? true,
           !bytes[cursor..<short].contains(where: { $0 == .newline }) {
            throw error("a '\(openText){' tag is closed with '\(String(decoding: close, as: UTF8.self))': write '}\(String(decoding: close, as: UTF8.self))'",
                        at: short)
        }
        guard let end = find(closing, from: cursor) else {
            if sigil == .brace {
                throw error("a '\(openText){' tag is not closed with '}\(String(decoding: close, as: UTF8.self))'", at: tagStart)
            }
            throw error("the template ends inside a tag: a '\(openText)' is not closed", at: bytes.count)
        }
        return Tag(sigil: sigil, content: trimmed(cursor..<end), end: end + closing.count)
    }

    /// Where the line after a tag ending at `tagEnd` starts, if only whitespace follows the tag.
    private func standaloneEnd(after tagEnd: Int) -> Int? {
        var lineEnd = tagEnd
        while lineEnd < bytes.count, bytes[lineEnd].isSpaceOrTab { lineEnd += 1 }
        if lineEnd == bytes.count { return lineEnd }
        if bytes[lineEnd] == .newline { return lineEnd + 1 }
        if lineEnd + 1 < bytes.count, bytes[lineEnd] == .carriageReturn, bytes[lineEnd + 1] == .newline { return lineEnd + 2 }
        return nil
    }

    /// A line from `start` to its end of two or more standalone-kind tags and whitespace, one of
    /// them opening or closing a parent: the end of its last tag and of the line.
    private func sharedStandaloneLine(from start: Int, stack: [Frame]) -> (lastTagEnd: Int, lineEnd: Int)? {
        var open = stack.map { ($0.sigil, $0.name) }
        var cursor = start, count = 0, lastTagEnd = start, hasParent = false
        while true {
            while cursor < bytes.count, bytes[cursor].isSpaceOrTab { cursor += 1 }
            if let lineEnd = standaloneEnd(after: cursor), count > 0 {
                return count >= 2 && hasParent ? (lastTagEnd, lineEnd) : nil
            }
            guard matches(self.open, at: cursor), let tag = try? scanTag(at: cursor),
                  standaloneSigils.contains(tag.sigil), tag.sigil != .equals else { return nil }
            let name = String(decoding: bytes[tag.content], as: UTF8.self)
            switch tag.sigil {
            case .hash, .caret, .dollar, .less:
                open.append((tag.sigil, name))
                if tag.sigil == .less { hasParent = true }
            case .slash:
                guard let top = open.popLast(), top.1 == name else { return nil }
                if top.0 == .less { hasParent = true }
            default:
                break
            }
            count += 1
            cursor = tag.end
            lastTagEnd = tag.end
        }
    }

    /// Spaces and tabs from `offset` on.
    private func leadingWhitespace(at offset: Int) -> [UInt8] {
        var end = offset
        while end < bytes.count, bytes[end].isSpaceOrTab { end += 1 }
        return Array(bytes[offset..<end])
    }

    /// `nodes` with `indentation` taken off the start of every line (texts, and the indentation
    /// of standalone tags), in sections and blocks too; a nested parent's overrides have had
    /// their own taken off.
    private static func strip(_ indentation: [UInt8], from nodes: [Template.Node]) -> [Template.Node] {
        guard !indentation.isEmpty else { return nodes }
        func without(_ bytes: [UInt8]) -> [UInt8] {
            bytes.starts(with: indentation) ? Array(bytes.dropFirst(indentation.count)) : bytes
        }
        var result: [Template.Node] = []
        var atLineStart = false
        for node in nodes {
            switch node {
            case .lineStart:
                result.append(node)
                atLineStart = true
                continue
            case .text(let text):
                let kept = atLineStart ? without(text) : text
                if !kept.isEmpty { result.append(.text(kept)) }
            case .variable:
                result.append(node)
            case .section(let path, let inverted, let children):
                result.append(.section(path: path, inverted: inverted, children: strip(indentation, from: children)))
            case .partial(let name, let indent):
                result.append(.partial(name: name, indent: indent.map(without)))
            case .parent(let name, let indent, let overrides):
                result.append(.parent(name: name, indent: indent.map(without), overrides: overrides))
            case .block(let name, let indent, let standalone, let children):
                result.append(.block(name: name, indent: without(indent), standalone: standalone,
                                     children: strip(indentation, from: children)))
            }
            atLineStart = false
        }
        return result
    }

    /// Appends the text `range` to the innermost frame, with a line start before every line of
    /// it; text inside a parent (between its overrides) is dropped, and where it is other than
    /// whitespace, noted.
    private mutating func appendText(_ range: Range<Int>, to stack: inout [Frame]) {
        guard !range.isEmpty else { return }
        if stack[stack.count - 1].sigil == .less {
            if let first = range.first(where: { !bytes[$0].isSpaceOrTab && bytes[$0] != .newline && bytes[$0] != .carriageReturn }) {
                ignoredText.append(lineColumn(first))
            }
            return
        }
        func append(_ piece: Range<Int>) {
            guard !piece.isEmpty else { return }
            let top = stack.count - 1
            if case .text(let previous)? = stack[top].nodes.last {
                stack[top].nodes[stack[top].nodes.count - 1] = .text(previous + bytes[piece])
            } else {
                stack[top].nodes.append(.text(Array(bytes[piece])))
            }
        }
        var start = range.lowerBound
        for i in range where i == 0 || bytes[i - 1] == .newline {
            append(start..<i)
            stack[stack.count - 1].nodes.append(.lineStart)
            start = i
        }
        append(start..<range.upperBound)
    }

    private func trimmed(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        func isSpace(_ byte: UInt8) -> Bool { byte == .space || byte == .tab || byte == .newline || byte == .carriageReturn }
        while lower < upper, isSpace(bytes[lower]) { lower += 1 }
        while upper > lower, isSpace(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    private func matches(_ needle: [UInt8], at offset: Int) -> Bool {
        offset + needle.count <= bytes.count && bytes[offset..<offset + needle.count].elementsEqual(needle)
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        bytes.withUnsafeBufferPointer { ByteSearch.find(needle, in: $0, from: start) }
    }

    /// The line and column (in characters) of each of `offsets`, in one pass; offsets ascend.
    private func lineColumns(_ offsets: [Int]) -> [(Int, Int)] {
        var result: [(Int, Int)] = []
        result.reserveCapacity(offsets.count)
        var line = 1, lineStart = 0, i = 0
        for offset in offsets {
            while i < min(offset, bytes.count) {
                if bytes[i] == .newline { line += 1; lineStart = i + 1 }
                i += 1
            }
            let column = String(decoding: bytes[lineStart..<min(offset, bytes.count)], as: UTF8.self).count + 1
            result.append((line, column))
        }
        return result
    }

    private func lineColumn(_ offset: Int) -> (Int, Int) {
        lineColumns([offset])[0]
    }

    /// A name as an error shows it: at most 40 characters.
    private static func shown(_ name: String) -> String { name.count > 40 ? name.prefix(40) + "…" : name }

    private func error(_ message: String, at offset: Int) -> Template.SyntaxError {
        let (line, column) = lineColumn(offset)
        return Template.SyntaxError(message: message, line: line, column: column)
    }

    private func reference(_ name: String, isParent: Bool, at offset: Int, in stack: [Frame]) -> Template.Reference {
        let (line, column) = lineColumn(offset)
        return Template.Reference(name: name, isParent: isParent, line: line, column: column, enclosingSections: Self.sections(stack),
                                  unconditional: stack.count == 1)
    }

    /// The names of the sections (not inverted) of `stack`, outermost first. Sections over the
    /// list functions (`first()`...) hold a true or false, and `.` the value already in scope:
    /// neither adds names, so both are left out.
    private static func sections(_ stack: [Frame]) -> [[String]] {
        stack.compactMap { frame in
            guard frame.sigil == .hash, case .path(let parts) = frame.path, !parts.isEmpty else { return nil }
            return parts
        }
    }
}
