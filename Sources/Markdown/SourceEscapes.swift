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

    /// Whether the source has a backslash at all: otherwise nothing is escaped (almost always).
    public let mayHold: Bool
    private let bytes: [UInt8]
    private var lineStarts: [Int] = []

    init(_ text: String) {
        mayHold = text.utf8.contains(0x5C)
        guard mayHold else { bytes = []; return }
        bytes = Array(text.utf8)
        lineStarts = [0]
        for (i, byte) in bytes.enumerated() where byte == 0x0A { lineStarts.append(i + 1) }
    }

    /// The offsets in `literal` (a text node starting at byte column `byte` of line `line`,
    /// both from 1) of the `[`, `]` and `@` written as `\[`, `\]` and `\@`. The literal is
    /// followed along its source: a backslash escape is two source bytes for one, an entity
    /// or numeric reference (`&amp;`, `&#91;`) several for one character. A node cmark-gfm's
    /// extensions made (the text after an e-mail autolink) may say it starts elsewhere than it
    /// does (its paragraph's start): then it is looked for after that, within 64 KB (so that a
    /// huge paragraph of such nodes costs no more than that each).
    func escaped(in literal: String, line: Int, byte: Int) -> [Int] {
        guard mayHold else { return [] }
        let text = Array(literal.utf8)
        guard text.contains(where: { $0 == 0x5B || $0 == 0x5D || $0 == 0x40 }) else { return [] }
        let lineStart = line >= 1 && line <= lineStarts.count ? lineStarts[line - 1] : 0
        if byte >= 1, let found = follow(text, from: lineStart + byte - 1) { return found }
        for start in lineStart..<min(bytes.count, lineStart + 65_536)
        where bytes[start] == text[0] || bytes[start] == 0x5C || bytes[start] == 0x26 {
            if let found = follow(text, from: start) { return found }
        }
        return []
    }

    /// The escaped offsets of `text` written from source byte `start`; nil when it is not.
    private func follow(_ text: [UInt8], from start: Int) -> [Int]? {
        var found: [Int] = []
        var s = start, t = 0
        while t < text.count {
            guard s < bytes.count else { return nil }
            let source = bytes[s]
            if source == 0x5C, s + 1 < bytes.count, bytes[s + 1] == text[t], Self.isPunctuation(text[t]) {
                if text[t] == 0x5B || text[t] == 0x5D || text[t] == 0x40 { found.append(t) }
                s += 2; t += 1
            } else if source == 0x26, let end = referenceEnd(at: s) {
                // A reference stands for one character: its UTF-8 bytes in the literal.
                s = end
                t += 1
                while t < text.count, text[t] & 0xC0 == 0x80 { t += 1 }
            } else if source == text[t] {
                s += 1; t += 1
            } else {
                return nil
            }
        }
        return found
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
