import ByteText
import Markdown

/// Which texts are plain paragraphs (most note bodies and articles copied from elsewhere: a
/// sentence or two, a citation, a link to an entity): `PlainDocument` renders those without
/// cmark-gfm, byte for byte as cmark-gfm would. Anything that Markdown could read as markup
/// (emphasis, code, links, lists, headings, HTML, entities, autolinks, footnotes, hard breaks,
/// indentation) sends the text down the cmark-gfm path.
enum PlainBody {
    /// The paragraphs of `body` as lines (text and file line), or nil when it is not plain.
    static func paragraphs(_ body: String) -> [[(text: String, number: Int)]]? {
        var body = body
        return body.withUTF8 { bytes -> [[(text: String, number: Int)]]? in
            guard !bytes.isEmpty else { return nil }
            // Characters that may start markup anywhere in a line; letters, digits and most
            // punctuation are skipped by one table lookup. Line breaks are noted on the way.
            var lineEnds: [Int] = []
            lineEnds.reserveCapacity(bytes.count / 64 + 1)
            let plain = Self.attention.withUnsafeBufferPointer { attention -> Bool in
                for i in 0..<bytes.count where attention[Int(bytes[i])] {
                    switch bytes[i] {
                    case 0x5C, 0x60, 0x2A, 0x5F, 0x3C, 0x3E, 0x26, 0x21, 0x7E, 0x09, 0x0D, 0x00:
                        return false  // \ ` * _ < > & ! ~ tab CR NUL
                    case 0x5D:  // ]( ][ ]: are links and definitions
                        if i + 1 < bytes.count, bytes[i + 1] == 0x28 || bytes[i + 1] == 0x5B || bytes[i + 1] == 0x3A { return false }
                    case 0x5B:  // [^ is a footnote
                        if i + 1 < bytes.count, bytes[i + 1] == 0x5E { return false }
                    case 0x40:  // a@b is an e-mail autolink
                        if i > 0, ASCII.isAlphanumeric(bytes[i - 1]) { return false }
                    case 0x3A:  // scheme:// autolinks
                        if i + 2 < bytes.count, bytes[i + 1] == 0x2F, bytes[i + 2] == 0x2F { return false }
                    case 0x77:  // www.
                        if i + 3 < bytes.count && bytes[i + 1] == 0x77 && bytes[i + 2] == 0x77 && bytes[i + 3] == 0x2E { return false }
                    case 0x0A:
                        lineEnds.append(i)
                    default:
                        if bytes[i] < 0x20 { return false }
                    }
                }
                return true
            }
            guard plain else { return nil }
            lineEnds.append(bytes.count)
            var paragraphs: [[(text: String, number: Int)]] = []
            var current: [(text: String, number: Int)] = []
            var lineStart = 0
            for (n, lineEnd) in lineEnds.enumerated() {
                defer { lineStart = lineEnd + 1 }
                if lineEnd == lineStart {
                    if !current.isEmpty { paragraphs.append(current); current = [] }
                    continue
                }
                // Lines that could open a block (a table's delimiter row starts with - | or :), or
                // carry a hard break or stripped spaces.
                let first = bytes[lineStart], last = bytes[lineEnd - 1]
                guard first != 0x20, last != 0x20, !blockStart[Int(first)] else { return nil }
                current.append((String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd]), as: UTF8.self), n + 1))
            }
            if !current.isEmpty { paragraphs.append(current) }
            return paragraphs.isEmpty ? nil : paragraphs
        }
    }

    /// Bytes `paragraphs` looks at: controls, and punctuation or letters that may begin syntax.
    private static let attention: [Bool] = (0..<256).map { byte in
        byte < 0x20 || [0x5C, 0x60, 0x2A, 0x5F, 0x3C, 0x3E, 0x26, 0x21, 0x7E, 0x5D, 0x5B, 0x40, 0x3A, 0x77].contains(byte)
    }

    /// First characters of a line that may open a block: - + # > = | : and digits.
    private static let blockStart: [Bool] = (0..<256).map { byte in
        "-+#>=|:0123456789".utf8.contains(UInt8(byte))
    }
}
