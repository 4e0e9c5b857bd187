import Yams

/// A fast reader for the front matter almost every article has: `key: value` lines whose values
/// are plain words, double-quoted strings or one-line `[a, b]` lists. Anything else (nesting,
/// block scalars, anchors, single quotes, escapes, comments after values, tabs, control
/// characters...) returns nil and is read by Yams. `SimpleFrontMatterTests` and
/// `CorpusDifferentialTests` (every front matter of the shared corpus, and tricky cases) check
/// that both readers give the same fields, values, types and places wherever this one answers.
enum SimpleFrontMatter {
    /// `itemColumns`: where each item of a `[a, b]` list starts, for diagnostics about one item.
    typealias Field = (key: String, value: Node, line: Int, column: Int, itemColumns: [Int])

    /// The tags Yams gives these values with the resolver FrontMatter uses (`.basic`: every
    /// scalar is text), resolved already: an implicit tag is resolved in place the first time
    /// it is read, so one shared by every node would take the type of the first one asked, on
    /// whichever thread asked. Yams makes a new tag, with a new constructor, on every
    /// `.implicit`; these are made once and never change.
    nonisolated(unsafe) private static let constructor = Constructor.default
    nonisolated(unsafe) static let textTag = Tag(.str, .basic, constructor)
    nonisolated(unsafe) static let listTag = Tag(.seq, .basic, constructor)
    nonisolated(unsafe) static let mapTag = Tag(.map, .basic, constructor)

    static func parse(_ yaml: Substring) -> [Field]? {
        var fields: [Field] = []
        var keys = Set<String>()
        var lineNumber = 0
        // Tabs (separators or text, as YAML decides), line ends other than LF, and characters
        // YAML refuses or reads as line breaks are left to Yams.
        if !onlyPlainCharacters(yaml.utf8) { return nil }
        // On UTF-8 bytes throughout: Character-wise splitting and searching cost more than the
        // rest of reading a file.
        for line in yaml.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            guard let first = line.first else { continue }
            if first == UInt8(ascii: "#") { continue }
            guard isKeyStart(first), let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                if line.allSatisfy({ $0 == 0x20 }) { continue }
                return nil
            }
            let key = line[..<colon]
            guard key.allSatisfy(isKeyByte), keys.insert(String(Substring(key))).inserted else { return nil }
            var rest = line[line.index(after: colon)...]
            if rest.isEmpty {
                fields.append((String(Substring(key)), Node.scalar(.init("", textTag, .plain)), lineNumber, line.count + 1, []))
                continue
            }
            guard rest.first == 0x20 else { return nil }
            rest = rest.drop { $0 == 0x20 }
            while rest.last == 0x20 { rest = rest.dropLast() }
            if rest.isEmpty {
                // Nothing but spaces: an empty value, where Yams places it (after the colon).
                fields.append((String(Substring(key)), Node.scalar(.init("", textTag, .plain)), lineNumber, key.count + 2, []))
                continue
            }
            guard let (value, itemOffsets) = parseValue(Substring(rest)) else { return nil }
            // Columns count characters; keys are ASCII, so up to the value they are bytes.
            let column = line.distance(from: line.startIndex, to: rest.startIndex) + 1
            fields.append((String(Substring(key)), value, lineNumber, column, itemOffsets.map { column + $0 }))
        }
        return fields
    }

    /// Whether `bytes` has no tab, no line end but LF, no control character (C0, DEL, C1), no
    /// NEL, line or paragraph separator (line breaks to YAML), no byte order mark and no U+FFFE
    /// or U+FFFF (which YAML refuses).
    private static func onlyPlainCharacters(_ bytes: Substring.UTF8View) -> Bool {
        var previous: UInt8 = 0, beforePrevious: UInt8 = 0
        for byte in bytes {
            switch byte {
            case 0x0A, 0x20...0x7E:
                break
            case 0x80...0x9F where previous == 0xC2:
                return false  // U+0080-U+009F: C1 controls and NEL
            case 0xA8...0xA9 where previous == 0x80 && beforePrevious == 0xE2:
                return false  // U+2028, U+2029
            case 0xBF where previous == 0xBB && beforePrevious == 0xEF:
                return false  // U+FEFF
            case 0xBE...0xBF where previous == 0xBF && beforePrevious == 0xEF:
                return false  // U+FFFE, U+FFFF
            case 0x80...0xFF:
                break
            default:
                return false  // C0 controls (tab and CR included) and DEL
            }
            beforePrevious = previous
            previous = byte
        }
        return true
    }

    /// Whether `text` holds `a` followed by `b` (two ASCII bytes).
    private static func contains(_ text: Substring, _ a: UInt8, _ b: UInt8) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if previous == a && byte == b { return true }
            previous = byte
        }
        return false
    }

    /// The value, and for a `[a, b]` list where each item starts (in characters from the
    /// value's start).
    private static func parseValue(_ text: Substring) -> (Node, [Int])? {
        guard let first = text.utf8.first else { return (Node.scalar(.init("", textTag, .plain)), []) }
        if first == UInt8(ascii: "\"") { return quoted(text).map { (Node.scalar(.init($0, textTag, .doubleQuoted)), []) } }
        if first == UInt8(ascii: "[") {
            guard text.utf8.last == UInt8(ascii: "]") else { return nil }
            let inner = text.dropFirst().dropLast()
            if inner.allSatisfy({ $0 == " " }) { return (Node.sequence(.init([], listTag, .flow)), []) }
            var items: [Node] = [], offsets: [Int] = []
            // Characters counted from one item's start to the next: linear in the list's length.
            var (counted, offset) = (text.startIndex, 0)
            for raw in inner.split(separator: ",", omittingEmptySubsequences: false) {
                // Spaces trimmed on bytes (a reversed Character view is slow to make a String of).
                var itemText = raw.drop { $0 == " " }
                while itemText.utf8.last == 0x20 { itemText = itemText.dropLast() }
                offset += text.unicodeScalars[counted..<itemText.startIndex].count
                counted = itemText.startIndex
                offsets.append(offset)
                if itemText.first == "\"" {
                    guard let string = quoted(itemText), !string.contains(",") else { return nil }
                    items.append(Node.scalar(.init(string, textTag, .doubleQuoted)))
                } else {
                    guard !itemText.isEmpty, itemText.utf8.allSatisfy(isListWordByte) else { return nil }
                    items.append(Node.scalar(.init(String(itemText), textTag, .plain)))
                }
            }
            return (Node.sequence(.init(items, listTag, .flow)), offsets)
        }
        guard isPlainStart(first), !contains(text, 0x3A, 0x20), !contains(text, 0x20, 0x23),
              text.utf8.last != UInt8(ascii: ":") else { return nil }
        return (Node.scalar(.init(String(text), textTag, .plain)), [])
    }

    /// The text of `"..."` with only `\"` and `\\` escapes, or nil.
    private static func quoted(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.dropFirst().makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "\""):
                return iterator.next() == nil ? String(decoding: bytes, as: UTF8.self) : nil
            case UInt8(ascii: "\\"):
                guard let escaped = iterator.next(), escaped == UInt8(ascii: "\"") || escaped == UInt8(ascii: "\\") else { return nil }
                bytes.append(escaped)
            case 0x09:
                return nil
            default:
                bytes.append(byte)
            }
        }
        return nil
    }

    private static func isKeyStart(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == UInt8(ascii: "_")
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        isKeyStart(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-")
    }

    /// Letters, digits, space and `- _ .` (and any non-ASCII byte): safe in a flow list.
    private static func isListWordByte(_ byte: UInt8) -> Bool {
        isKeyByte(byte) || byte == 0x20 || byte == UInt8(ascii: ".") || byte >= 0x80
    }

    /// A plain scalar may not start with a YAML indicator.
    private static func isPlainStart(_ byte: UInt8) -> Bool {
        !"'\"[]{}>|*&!%@#`-?:,\t ".utf8.contains(byte)
    }
}
