/// Which characters of a text node the author escaped with a backslash. cmark-gfm hands over a
/// text node's literal with its escapes already resolved (`\[` is `[`), so the node is read
/// again beside its source: gen's own syntax (`[[entity]]`, `[@key]`) must not start or end
/// at a bracket or `@` the author escaped, as in Pandoc, where `\[@key\]` is not a citation.
public struct SourceEscapes {
    /// `text` with the characters `MarkdownDocument.textMarkingEscapes(of:)` marked as
    /// escaped back as the author's brackets and `@`.
    public static func restore(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value == 0xE05B || $0.value == 0xE05D || $0.value == 0xE040 }) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xE05B, 0xE05D, 0xE040: scalars.append(UnicodeScalar(scalar.value - 0xE000)!)
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Whether any of `escaped` (ascending offsets, as `TextRun.escaped`) is in `range`: a
    /// binary search, so that a paragraph of many escapes and many links or citations is not
    /// their product.
    public static func any(of escaped: [Int], in range: Range<Int>) -> Bool {
        var low = 0, high = escaped.count
        while low < high {
            let middle = (low + high) / 2
            if escaped[middle] < range.lowerBound { low = middle + 1 } else { high = middle }
        }
        return low < escaped.count && escaped[low] < range.upperBound
    }

    /// Whether the source has a backslash at all: otherwise nothing is escaped (almost always).
    public let mayHold: Bool
    private let bytes: [UInt8]
    private let lineStarts: [Int]
    /// Where the last node looked at starts or ends in the source: nodes are visited in
    /// document order, so a node without a place of its own is after it.
    private var cursor = 0

    /// `lines`: the text's, or nil when it has no backslash.
    init(_ lines: SourceLines?) {
        mayHold = lines != nil
        bytes = lines?.bytes ?? []
        lineStarts = lines?.starts ?? []
    }

    /// The offsets in `literal` (a text node starting at byte column `byte` of line `line`,
    /// both from 1; 0 when cmark-gfm gives it no place) of the `[`, `]` and `@` written as
    /// `\[`, `\]` and `\@`. Called for every text node, in document order. The literal is
    /// followed along its source: a backslash escape is two source bytes for one, an entity
    /// or numeric reference (`&amp;`, `&#91;`) several for one character. A node an extension
    /// made (the text after an e-mail autolink) has no place, and is looked for from where the
    /// node before it is (as is one not written where it says), at most 64 KB on: no node
    /// costs more than that.
    mutating func escaped(in literal: String, line: Int, byte: Int) -> [Int] {
        guard mayHold else { return [] }
        let placed = line >= 1 && line <= lineStarts.count && byte >= 1
        if placed { cursor = lineStarts[line - 1] + byte - 1 }
        let text = Array(literal.utf8)
        guard text.contains(where: { $0 == 0x5B || $0 == 0x5D || $0 == 0x40 }) else { return [] }
        if placed, let (found, end) = follow(text, from: cursor) {
            cursor = end
            return found
        }
        for start in cursor..<min(bytes.count, cursor + 65_536)
        where bytes[start] == text[0] || bytes[start] == 0x5C || bytes[start] == 0x26 {
            if let (found, end) = follow(text, from: start) {
                cursor = end
                return found
            }
        }
        return []
    }

    /// The escaped offsets of `text` written from source byte `start`, and where it ends in the
    /// source; nil when it is not written there.
    private func follow(_ text: [UInt8], from start: Int) -> ([Int], Int)? {
        var found: [Int] = []
        var s = start, t = 0
        while t < text.count {
            guard s < bytes.count else { return nil }
            let source = bytes[s]
            if source == 0x5C, s + 1 < bytes.count, bytes[s + 1] == text[t], Self.isPunctuation(text[t]) {
                if text[t] == 0x5B || text[t] == 0x5D || text[t] == 0x40 { found.append(t) }
                s += 2; t += 1
            } else if source == 0x26, let end = referenceEnd(at: s),
                      !(text[t] == 0x26 && text[t...].starts(with: bytes[s..<end])) {
                // A reference stands for one character: its UTF-8 bytes in the literal. One
                // cmark-gfm does not know (`Q&A;`) is in the literal as written.
                s = end
                t += 1
                while t < text.count, text[t] & 0xC0 == 0x80 { t += 1 }
            } else if source == text[t] {
                s += 1; t += 1
            } else {
                return nil
            }
        }
        return (found, s)
    }

    /// Past the `;` of `&name;`, `&#91;` or `&#x5B;` at `start`; nil for an `&` that starts none.
    private func referenceEnd(at start: Int) -> Int? {
        var i = start + 1
        while i < bytes.count, i < start + 34 {
            let byte = bytes[i]
            if byte == 0x3B { return i > start + 1 ? i + 1 : nil }
            guard (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x23 else { return nil }
            i += 1
        }
        return nil
    }

    /// The ASCII punctuation a backslash escapes (CommonMark).
    private static func isPunctuation(_ byte: UInt8) -> Bool {
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte) || (0x7B...0x7E).contains(byte)
    }
}
