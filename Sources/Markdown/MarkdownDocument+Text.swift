import CCmarkGFM
#if canImport(Glibc)
import Glibc
#endif
import ByteText

extension MarkdownDocument {
    /// The document's visible text as runs in reading order. Code blocks, raw HTML and image
    /// descriptions are not part of it (they cannot carry inline markup).
    public func textRuns() -> [TextRun] {
        var runs: [TextRun] = []
        var block = 0
        var child = cmark_node_first_child(root)
        while let node = child {
            if !runs.isEmpty, runs.last?.kind != .blockBreak {
                runs.append(TextRun(kind: .blockBreak, text: " ", line: 0, column: 0, block: block, node: nil))
            }
            collect(node, block: block, into: &runs)
            block += 1
            child = cmark_node_next(node)
        }
        while runs.last?.kind == .blockBreak { runs.removeLast() }
        return runs
    }

    /// The text of `paragraph` (a node of this document: `MarkdownNode.plainText`) with each
    /// bracket and `@` the author escaped written as a character of the Private Use Area
    /// (U+E05B, U+E05D, U+E040), so that a scan for gen's syntax passes them over;
    /// `SourceEscapes.restore` turns them back.
    public func textMarkingEscapes(of paragraph: MarkdownNode) -> String {
        paragraph.plainText { literal, line, byte in
            self.escapes.escaped(in: literal, line: line, byte: byte)
        }
    }

    /// The runs of `top` and its descendants, depth first. A loop over the tree (each node's
    /// next sibling, or its parent's when it has none) rather than a recursion: a list or quote
    /// nested 100,000 deep is 100,000 nodes deep, more than a thread's stack holds frames.
    private func collect(_ top: OpaquePointer, block: Int, into runs: inout [TextRun]) {
        // Struck through by `~~…~~`, or, where raw HTML is kept (`unsafeHTML`), by `<del>`, `<s>`
        // or `<strike>` tags in the same block.
        var links = 0, strikes = 0, rawStrikes = 0
        // The strikethrough extension's node type, once one is seen (its value is given at run time).
        var strikethrough: cmark_node_type?
        func isStrikethrough(_ node: OpaquePointer, _ type: cmark_node_type) -> Bool {
            if let strikethrough { return type == strikethrough }
            guard type != CMARK_NODE_PARAGRAPH, type != CMARK_NODE_EMPH, type != CMARK_NODE_STRONG, type != CMARK_NODE_LINK,
                  strcmp(cmark_node_get_type_string(node), "strikethrough") == 0 else { return false }
            strikethrough = type
            return true
        }
        var node: OpaquePointer? = top
        // Where the last text node with a place ends at the earliest (line, byte column), for
        // one without.
        var lastEnd = (line: 0, byte: 0)
        while let current = node {
            if current != top, let parent = cmark_node_parent(current), Self.isBlock(parent), Self.isBlock(current),
               !runs.isEmpty, runs.last?.kind != .blockBreak {
                var run = TextRun(kind: .blockBreak, text: " ", line: 0, column: 0, block: block, node: nil)
                run.joinsRow = cmark_node_previous(current) != nil && strcmp(cmark_node_get_type_string(current), "table_cell") == 0
                runs.append(run)
                rawStrikes = 0
            }
            let type = cmark_node_get_type(current)
            var line = Int(cmark_node_get_start_line(current))
            var byte = Int(cmark_node_get_start_column(current))
            var descend = false
            switch type {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                let text = cmark_node_get_literal(current).map { String(cString: $0) } ?? ""
                if line == 0, !text.isEmpty, let found = place(of: text, after: lastEnd) {
                    (line, byte) = found
                    lastEnd = (line, byte + text.utf8.count - 1)
                } else if line > 0 {
                    // Not the node's end as cmark-gfm gives it: a text node the autolink
                    // extension cut short keeps the end it had. The source is at least as long
                    // as the literal (escapes and references are longer than what they stand for).
                    lastEnd = (line, byte + text.utf8.count - 1)
                }
                if !text.isEmpty {
                    var run = TextRun(kind: type == CMARK_NODE_TEXT ? .text : .code, text: text,
                                      line: line, column: columns.column(line: line, byte: byte), block: block, node: current,
                                      inLink: links > 0, struck: strikes > 0 || rawStrikes > 0)
                    if type == CMARK_NODE_TEXT, escapes.mayHold {
                        // Every text node, in order: the escapes follow them through the source.
                        run.escaped = escapes.escaped(in: text, line: line, byte: byte)
                    }
                    runs.append(run)
                }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                // A soft line break can be wrapped like text (a highlight that runs over a line end
                // stays one); a hard one cannot.
                runs.append(TextRun(kind: .lineBreak, text: " ", line: line, column: columns.column(line: line, byte: byte), block: block,
                                    node: type == CMARK_NODE_SOFTBREAK ? current : nil))
            case CMARK_NODE_CODE_BLOCK, CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE, CMARK_NODE_IMAGE,
                 CMARK_NODE_THEMATIC_BREAK:
                // Not read, but its words are not to be found for a node after it.
                if type == CMARK_NODE_HTML_INLINE, options.unsafeHTML, let literal = cmark_node_get_literal(current),
                   let change = Self.strikeTag(String(cString: literal)) {
                    rawStrikes = max(0, rawStrikes + change)
                }
                if line > 0, case let endLine = Int(cmark_node_get_end_line(current)), endLine > 0 {
                    lastEnd = (endLine, Int(cmark_node_get_end_column(current)))
                }
            default:
                // Inserted HTML (custom nodes) has no children and no text; a heading with its id
                // (`anchorHeadings`) holds the heading's text as children.
                descend = true
            }
            if descend, let first = cmark_node_first_child(current) {
                if type == CMARK_NODE_LINK { links += 1 }
                if isStrikethrough(current, type) { strikes += 1 }
                node = first
                continue
            }
            node = Self.following(current, within: top) { left in
                let type = cmark_node_get_type(left)
                if type == CMARK_NODE_LINK { links -= 1 }
                if isStrikethrough(left, type) { strikes -= 1 }
            }
        }
    }

    /// +1 for a tag that opens a strikethrough (`<del>`, `<s>`, `<strike>`, with attributes or
    /// not), -1 for one that closes it, nil for any other raw HTML.
    static func strikeTag(_ literal: String) -> Int? {
        let tag = literal.lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
        guard tag.hasPrefix("<"), tag.hasSuffix(">"), !tag.hasSuffix("/>") else { return nil }
        let closing = tag.hasPrefix("</")
        let name = tag.dropFirst(closing ? 2 : 1).dropLast().prefix { !$0.isWhitespace }
        guard ["del", "s", "strike"].contains(name) else { return nil }
        return closing ? -1 : 1
    }

    /// Where `literal` is written as it is in the source, after `after` (a line and byte
    /// column, both from 1; (0, 0) for the start), at most 64 KB on: the place of a text node
    /// cmark-gfm gives none (its autolink extension makes the text after an e-mail address
    /// without one). Nil when it is not written there as it is (escapes, references).
    func place(of literal: String, after: (line: Int, byte: Int)) -> (line: Int, byte: Int)? {
        let (bytes, starts) = (lines.bytes, lines.starts)
        let needle = Array(literal.utf8)
        guard let first = needle.first, after.line <= starts.count else { return nil }
        let from = after.line >= 1 ? starts[after.line - 1] + after.byte : 0
        guard from >= 0, from + needle.count <= bytes.count else { return nil }
        for start in from...min(bytes.count - needle.count, from + 65_536)
        where bytes[start] == first && bytes[start..<(start + needle.count)].elementsEqual(needle) {
            // The line: the last that starts at or before `start`.
            var (low, high) = (0, starts.count - 1)
            while low < high {
                let middle = (low + high + 1) / 2
                if starts[middle] <= start { low = middle } else { high = middle - 1 }
            }
            return (low + 1, start - starts[low] + 1)
        }
        return nil
    }

    /// The node after `node`'s subtree in a depth-first walk of `top`: its next sibling, or the
    /// next sibling of its nearest ancestor that has one; nil at the end of `top`. `leaving`
    /// is called with each ancestor whose subtree ends here.
    static func following(_ node: OpaquePointer, within top: OpaquePointer, leaving: (OpaquePointer) -> Void = { _ in }) -> OpaquePointer? {
        var current = node
        while current != top {
            if let next = cmark_node_next(current) { return next }
            guard let parent = cmark_node_parent(current) else { return nil }
            if parent != top { leaving(parent) }
            current = parent
        }
        return nil
    }

    /// Wraps parts of text runs in HTML and inserts HTML at points, by splitting text and code
    /// nodes and adding custom inline nodes (whose HTML cmark-gfm writes as it is, even in safe
    /// mode). `runs` must come from `textRuns()` of this document, untouched since.
    /// Spans on one run must nest or follow each other: overlapping notes are cut into
    /// segments by the caller.
    public func apply(_ spans: [TextSpan], to runs: [TextRun]) {
        var byRun: [Int: [TextSpan]] = [:]
        // Points that go after the link around their run: the link is found before its text
        // nodes are split.
        var afterLinks: [(link: OpaquePointer, span: TextSpan)] = []
        for span in spans {
            if span.afterLink, let node = runs[span.run].node {
                var up = cmark_node_parent(node)
                while let parent = up, cmark_node_get_type(parent) != CMARK_NODE_LINK { up = cmark_node_parent(parent) }
                if let link = up {
                    afterLinks.append((link, span))
                    continue
                }
            }
            byRun[span.run, default: []].append(span)
        }
        for (index, runSpans) in byRun {
            let run = runs[index]
            guard let node = run.node else { continue }
            split(node, run: run, spans: runSpans.sorted())
        }
        // In order after each link: each one after the one before.
        var last: [OpaquePointer: OpaquePointer] = [:]
        for (link, span) in afterLinks.sorted(by: { $0.span < $1.span }) where !span.open.isEmpty {
            let inCell = cmark_node_parent(link).map { String(cString: cmark_node_get_type_string($0)) == "table_cell" } ?? false
            let node: OpaquePointer
            if inCell {
                node = cmark_node_new(CMARK_NODE_TEXT)!
                cmark_node_set_literal(node, "\u{E000}\u{E001}\(placeholders.count)\u{E001}")
                placeholders.append(span.open)
            } else {
                node = cmark_node_new(CMARK_NODE_CUSTOM_INLINE)!
                cmark_node_set_on_enter(node, span.open)
                cmark_node_set_on_exit(node, "")
            }
            cmark_node_insert_after(last[link] ?? link, node)
            last[link] = node
        }
    }

    private func split(_ node: OpaquePointer, run: TextRun, spans: [TextSpan]) {
        let bytes = Array(run.text.utf8)
        let type = cmark_node_get_type(node)
        // cmark-gfm's table cells refuse custom inline children: there, the HTML goes in as
        // placeholder text that `renderHTML` swaps for it.
        let inCell = cmark_node_parent(node).map { String(cString: cmark_node_get_type_string($0)) == "table_cell" } ?? false
        if type == CMARK_NODE_SOFTBREAK {
            // Written as the newline cmark-gfm writes for it, inside the spans that cover it.
            insert(html: Self.html([0x0A], spans: spans), before: node, inCell: inCell)
            cmark_node_unlink(node)
            cmark_node_free(node)
            return
        }
        if type == CMARK_NODE_TEXT {
            // A text node becomes one piece of HTML: its text escaped as cmark-gfm escapes it,
            // with every span's markup in place. One node instead of one per piece and span.
            insert(html: Self.html(bytes, spans: spans), before: node, inCell: inCell)
            cmark_node_unlink(node)
            cmark_node_free(node)
            return
        }
        // Cut points: every span boundary.
        var cuts = Set([0, bytes.count])
        for span in spans { cuts.insert(span.start); cuts.insert(span.end) }
        let points = cuts.sorted()
        // New pieces go before the original node, which is removed at the end.
        for (i, start) in points.enumerated() {
            // Points inserted at `start` (empty spans), then the piece [start, next).
            for span in spans where span.start == start && span.end == start {
                insert(html: span.open, before: node, inCell: inCell)
            }
            guard i + 1 < points.count else { break }
            let end = points[i + 1]
            guard end > start else { continue }
            if let replacing = spans.first(where: { $0.replaces && $0.start <= start && $0.end >= end }) {
                if replacing.start == start && !replacing.open.isEmpty {
                    var html = ""
                    let wrapping = Self.wrapping(replacing, in: spans)
                    for span in wrapping { html += span.start < start ? span.reopen ?? span.open : span.open }
                    html += replacing.open
                    for span in wrapping.reversed() { html += span.close }
                    insert(html: html, before: node, inCell: inCell)
                }
                continue
            }
            let piece = cmark_node_new(type)!
            let text = String(decoding: bytes[start..<end], as: UTF8.self)
            cmark_node_set_literal(piece, text)
            // Wrap the piece in every span that covers it, outermost first; a span cut into
            // several pieces opens with `reopen` after its first.
            let covering = spans.filter { $0.start <= start && $0.end >= end && $0.start < $0.end && !$0.replaces }
                .map { span in
                    var piece = span
                    if span.start < start, let reopen = span.reopen { piece.open = reopen }
                    return piece
                }
            if inCell {
                for span in covering { insert(html: span.open, before: node, inCell: true) }
                cmark_node_insert_before(node, piece)
                for span in covering.reversed() { insert(html: span.close, before: node, inCell: true) }
                continue
            }
            var inner: OpaquePointer = piece
            for span in covering.reversed() {
                let wrapper = cmark_node_new(CMARK_NODE_CUSTOM_INLINE)!
                cmark_node_set_on_enter(wrapper, span.open)
                cmark_node_set_on_exit(wrapper, span.close)
                cmark_node_append_child(wrapper, inner)
                inner = wrapper
            }
            cmark_node_insert_before(node, inner)
        }
        cmark_node_unlink(node)
        cmark_node_free(node)
    }

    /// The spans that wrap a replacement showing text (`showsText`): those covering all of it,
    /// outermost first. A span covering only part of it cannot wrap it and stays outside.
    static func wrapping(_ replacing: TextSpan, in spans: [TextSpan]) -> [TextSpan] {
        guard replacing.showsText else { return [] }
        return spans.filter { !$0.replaces && $0.start < $0.end && $0.start <= replacing.start && $0.end >= replacing.end }
    }

    /// `bytes` (a text node's literal) as cmark-gfm renders it (`&`, `<`, `>` and `"` escaped)
    /// with `spans` applied: the same cuts, wrapping order and `reopen` rule as the node path.
    static func html(_ bytes: [UInt8], spans: [TextSpan]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + spans.count * 80)
        appendHTML(bytes, spans: spans, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `html(bytes, spans:)`, appended to `out`. One sweep over the cut points, keeping the
    /// spans that cover the current piece (in `spans`' order): the time grows with the text,
    /// the spans and the markup written, not with pieces times spans (a paragraph of 10,000
    /// mentions is 20,000 pieces).
    static func appendHTML(_ bytes: [UInt8], spans: [TextSpan], to out: inout [UInt8]) {
        var points = [0, bytes.count]
        points.reserveCapacity(spans.count * 2 + 2)
        for span in spans { points.append(span.start); points.append(span.end) }
        points.sort()
        let byStart = spans.indices.sorted { (spans[$0].start, $0) < (spans[$1].start, $1) }
        let byEnd = spans.indices.sorted { (spans[$0].end, $0) < (spans[$1].end, $1) }
        // Indices into `spans`, ascending, of the non-empty spans with start <= point < end.
        var active: [Int] = []
        func position(_ index: Int) -> Int {
            var low = 0, high = active.count
            while low < high {
                let middle = (low + high) / 2
                if active[middle] < index { low = middle + 1 } else { high = middle }
            }
            return low
        }
        var nextStart = 0, nextEnd = 0
        var k = 0
        while k < points.count {
            let start = points[k]
            while k < points.count && points[k] == start { k += 1 }
            while nextEnd < byEnd.count, spans[byEnd[nextEnd]].end <= start {
                let at = position(byEnd[nextEnd])
                if at < active.count, active[at] == byEnd[nextEnd] { active.remove(at: at) }
                nextEnd += 1
            }
            while nextStart < byStart.count, spans[byStart[nextStart]].start <= start {
                let index = byStart[nextStart]
                if spans[index].end == start {
                    out += spans[index].open.utf8  // a point: its markup alone
                } else if spans[index].end > start {
                    active.insert(index, at: position(index))
                }
                nextStart += 1
            }
            guard k < points.count else { break }
            let end = points[k]
            if let replacing = active.first(where: { spans[$0].replaces }) {
                guard spans[replacing].start == start else { continue }
                guard spans[replacing].showsText else { out += spans[replacing].open.utf8; continue }
                // Wrapped whole in the spans that cover all of it, never cut by one.
                let replacedEnd = spans[replacing].end
                let wrapping = active.filter { !spans[$0].replaces && spans[$0].end >= replacedEnd }
                for index in wrapping {
                    let span = spans[index]
                    out += (span.start < start ? span.reopen ?? span.open : span.open).utf8
                }
                out += spans[replacing].open.utf8
                for index in wrapping.reversed() { out += spans[index].close.utf8 }
                continue
            }
            for index in active {
                let span = spans[index]
                out += (span.start < start ? span.reopen ?? span.open : span.open).utf8
            }
            appendEscapedText(bytes[start..<end], to: &out)
            for index in active.reversed() { out += spans[index].close.utf8 }
        }
    }

    /// `text` as Markdown source that reads as exactly `text`: a backslash before each
    /// character Markdown or its extensions might read as syntax, before `!` and `&` where they
    /// would start an image or a character reference, and before `@` after `[` (gen's
    /// citations, `[@key]`), and before what would open a list at the start of the line.
    /// Nothing else changes, so that a quote stays readable in its file.
    public static func escapingSyntax(_ text: String) -> String {
        let characters = Array(text)
        var out = ""
        // At the start of the line, what would open a list or a break: a number and its "." or
        // ")" ("1997. That was" is item 1997 of a list), "-", "+" or "=".
        let digits = characters.prefix { $0.isASCII && $0.isNumber }.count
        let marker = digits > 0 && digits <= 9 && digits < characters.count && (characters[digits] == "." || characters[digits] == ")")
            && (digits + 1 == characters.count || characters[digits + 1] == " ") ? digits : nil
        for (i, character) in characters.enumerated() {
            let next = i + 1 < characters.count ? characters[i + 1] : " "
            let syntax = switch character {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "#", "|", "~": true
            case "!": next == "["
            case "@": i > 0 && characters[i - 1] == "["
            case "&": startsReference(characters[(i + 1)...])
            default: false
            }
            let opensBlock = i == marker || (i == 0 && (character == "-" || character == "+" || character == "="))
            if syntax || opensBlock { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// Whether `rest` (what follows a `&`) reads as a character reference: `#` or letters and
    /// digits up to a `;`.
    private static func startsReference(_ rest: ArraySlice<Character>) -> Bool {
        for character in rest.prefix(33) {
            if character == ";" { return true }
            guard character == "#" || (character.isASCII && (character.isLetter || character.isNumber)) else { return false }
        }
        return false
    }

    /// Text as cmark-gfm's HTML renderer escapes it: `&`, `<`, `>` and `"` (not `'`).
    public static func appendEscapedText(_ bytes: ArraySlice<UInt8>, to out: inout [UInt8]) {
        bytes.withUnsafeBufferPointer { appendEscapedText($0, to: &out) }
    }

    public static func appendEscapedText(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        HTMLEscape.append(bytes, to: &out, apostrophe: false)
    }

    private func insert(html: String, before node: OpaquePointer, inCell: Bool) {
        guard !html.isEmpty else { return }
        if inCell {
            let text = cmark_node_new(CMARK_NODE_TEXT)!
            cmark_node_set_literal(text, "\u{E000}\u{E001}\(placeholders.count)\u{E001}")
            placeholders.append(html)
            cmark_node_insert_before(node, text)
            return
        }
        let custom = cmark_node_new(CMARK_NODE_CUSTOM_INLINE)!
        cmark_node_set_on_enter(custom, html)
        cmark_node_set_on_exit(custom, "")
        cmark_node_insert_before(node, custom)
    }

    /// `html` with every placeholder of `insert(html:before:inCell:)` replaced by its HTML.
    func replacingPlaceholders(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        guard !placeholders.isEmpty else { return Array(bytes) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + placeholders.count * 32)
        var i = 0
        // U+E000 U+E001 digits U+E001, in UTF-8: EE 80 80, EE 80 81, digits, EE 80 81.
        while i < bytes.count {
            if bytes[i] == 0xEE, i + 6 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0x80,
               bytes[i + 3] == 0xEE, bytes[i + 4] == 0x80, bytes[i + 5] == 0x81 {
                var j = i + 6, number = 0, digits = 0
                while j < bytes.count, bytes[j] >= 0x30, bytes[j] <= 0x39 { number = number * 10 + Int(bytes[j] - 0x30); j += 1; digits += 1 }
                if digits > 0, j + 2 < bytes.count, bytes[j] == 0xEE, bytes[j + 1] == 0x80, bytes[j + 2] == 0x81,
                   number < placeholders.count {
                    out += placeholders[number].utf8
                    i = j + 3
                    continue
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return out
    }

    static func isBlock(_ node: OpaquePointer) -> Bool {
        cmark_node_get_type(node).rawValue & UInt32(CMARK_NODE_TYPE_MASK) == UInt32(CMARK_NODE_TYPE_BLOCK)
    }

    /// Inserts `html` as a block of its own before top-level block number `block`.
    public func insertBlock(_ html: String, before block: Int) {
        var child = cmark_node_first_child(root)
        var index = 0
        while let node = child, index < block {
            child = cmark_node_next(node)
            index += 1
        }
        guard let target = child else { return }
        let custom = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)!
        cmark_node_set_on_enter(custom, html)
        cmark_node_set_on_exit(custom, "")
        cmark_node_insert_before(target, custom)
    }
}
