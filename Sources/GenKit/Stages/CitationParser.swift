/// One cited source in a citation: `[see @key, p. 4]` has prefix "see", key "key", locator "p. 4".
public struct Citation: Sendable, Equatable {
    public var key: String
    public var prefix: String
    public var locator: String
}

/// A bracketed citation, `[@a; @b, ch. 2]`, and where it is in the text (UTF-8 offsets).
public struct CitationGroup: Sendable, Equatable {
    public var range: Range<Int>
    public var items: [Citation]
}

/// Pandoc's citation syntax, bracketed form only: a bare `@word` (a handle, an e-mail
/// address) is not a citation, and neither is a bracket whose items do not all cite a key.
public enum CitationParser {
    public static func groups(in text: String) -> [CitationGroup] {
        let bytes = Array(text.utf8)
        var groups: [CitationGroup] = []
        var i = 0
        while i < bytes.count {
            if let group = group(at: i, in: bytes) {
                groups.append(group)
                i = group.range.upperBound
            } else {
                i += 1
            }
        }
        return groups
    }

    /// The citation whose `[` is at `start` in `bytes`, if one is.
    static func group(at start: Int, in bytes: [UInt8]) -> CitationGroup? {
        guard bytes[start] == UInt8(ascii: "[") else { return nil }
        var j = start + 1
        while j < bytes.count, bytes[j] != UInt8(ascii: "]"), bytes[j] != UInt8(ascii: "[") { j += 1 }
        guard j < bytes.count, bytes[j] == UInt8(ascii: "]"), let items = parseItems(bytes[(start + 1)..<j]) else { return nil }
        return CitationGroup(range: start..<(j + 1), items: items)
    }

    private static func parseItems(_ content: ArraySlice<UInt8>) -> [Citation]? {
        var items: [Citation] = []
        for part in content.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false) {
            guard let item = parseItem(part) else { return nil }
            items.append(item)
        }
        return items.isEmpty ? nil : items
    }

    private static func parseItem(_ part: ArraySlice<UInt8>) -> Citation? {
        // The key's `@` must start a word: at the start, after a space or after `-`.
        var at: Int?
        for k in part.indices where part[k] == UInt8(ascii: "@") {
            let before = k == part.startIndex ? UInt8(ascii: " ") : part[k - 1]
            if before == 0x20 || before == 0x0A || before == UInt8(ascii: "-") { at = k; break }
        }
        guard let at else { return nil }
        var end = at + 1
        while end < part.endIndex {
            let byte = part[end]
            if isKeyByte(byte) { end += 1; continue }
            // Internal punctuation is part of the key only when a key character follows.
            if ":.#$%&-+?<>~/".utf8.contains(byte), end + 1 < part.endIndex, isKeyByte(part[end + 1]) { end += 2; continue }
            break
        }
        guard end > at + 1, isKeyByte(part[at + 1]) else { return nil }
        let key = String(decoding: part[(at + 1)..<end], as: UTF8.self)
        var prefixEnd = at
        if prefixEnd > part.startIndex, part[prefixEnd - 1] == UInt8(ascii: "-") { prefixEnd -= 1 }
        let prefix = trim(part[part.startIndex..<prefixEnd])
        var rest = part[end...]
        if rest.first == UInt8(ascii: ",") { rest = rest.dropFirst() }
        return Citation(key: key, prefix: prefix, locator: trim(rest))
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte >= 0x80
    }

    private static func trim(_ bytes: ArraySlice<UInt8>) -> String {
        var slice = bytes
        while let first = slice.first, first == 0x20 || first == 0x0A { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x20 || last == 0x0A { slice = slice.dropLast() }
        return String(decoding: slice, as: UTF8.self)
    }
}
