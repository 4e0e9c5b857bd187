import Foundation

/// Pandoc's attribute syntax: `{#id .class key=value key="value with spaces"}`.
public struct Attributes: Sendable, Equatable {
    public var id: String?
    public var classes: [String] = []
    /// Keys in the order written.
    public var pairs: [(key: String, value: String)] = []
    /// Where each class's "." and each pair's key, value (inside its quotes) and end (past its
    /// closing quote) are written: byte offsets in the text parsed, for diagnostics and for
    /// rewriting a pair (not compared).
    public var classOffsets: [Int] = []
    public var pairOffsets: [(key: Int, value: Int, end: Int)] = []

    public static func == (a: Attributes, b: Attributes) -> Bool {
        a.id == b.id && a.classes == b.classes && a.pairs.map(\.key) == b.pairs.map(\.key) && a.pairs.map(\.value) == b.pairs.map(\.value)
    }

    public func value(_ key: String) -> String? { pairs.first { $0.key == key }?.value }

    /// Whether `text` (a paragraph's text) is meant as attributes: it starts with `{` and ends with `}`.
    public static func looksLikeAttributes(_ text: String) -> Bool {
        let trimmed = trim(text)
        return trimmed.hasPrefix("{") && trimmed.hasSuffix("}")
    }

    /// Without leading and trailing spaces, tabs and line ends (Foundation's trimming is slow).
    static func trim(_ text: String) -> Substring {
        var slice = Substring(text)
        while let first = slice.utf8.first, first == 0x20 || first == 0x09 || first == 0x0A || first == 0x0D { slice = slice.dropFirst() }
        while let last = slice.utf8.last, last == 0x20 || last == 0x09 || last == 0x0A || last == 0x0D { slice = slice.dropLast() }
        return slice
    }

    /// Parses `{...}`; the error says what is wrong. On UTF-8 bytes: every character of the
    /// syntax is ASCII, so words are byte ranges between them.
    public static func parse(_ text: String) -> Result<Attributes, AttributeError> {
        let trimmed = trim(text)
        guard trimmed.hasPrefix("{"), trimmed.hasSuffix("}") else { return .failure(.init("attributes must be written {...}")) }
        let bytes = Array(trimmed.utf8.dropFirst().dropLast())
        // Where `bytes` starts in `text`, for the offset of an error.
        let base = text.utf8.distance(from: text.utf8.startIndex, to: trimmed.startIndex) + 1
        var i = 0
        var result = Attributes()
        func skipSpace() { while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A { i += 1 } }
        func word() -> String {
            let start = i
            while i < bytes.count, bytes[i] != 0x20, bytes[i] != 0x09, bytes[i] != 0x0A, bytes[i] != 0x3D { i += 1 }
            return String(decoding: bytes[start..<i], as: UTF8.self)
        }
        skipSpace()
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x23 {  // #
                i += 1
                let id = word()
                guard !id.isEmpty else { return .failure(.init("'#' must be followed by an id")) }
                guard result.id == nil else { return .failure(.init("a note has one id; '#\(id)' is a second")) }
                result.id = id
            } else if c == 0x2E {  // .
                result.classOffsets.append(base + i)
                i += 1
                let name = word()
                guard !name.isEmpty else { return .failure(.init("'.' must be followed by a class name")) }
                result.classes.append(name)
            } else {
                let start = i
                let key = word()
                guard !key.isEmpty, i < bytes.count, bytes[i] == 0x3D else {
                    // The character found, whole (it may take several bytes).
                    let found = key.isEmpty ? String(String(decoding: bytes[i...], as: UTF8.self).unicodeScalars.first.map(Character.init) ?? " ") : key
                    var error = AttributeError("expected '#id', '.class' or 'key=value', found '\(found)'", at: base + start)
                    // YAML's "key: value" where Pandoc's key=value is meant.
                    if key.count > 1, key.hasSuffix(":") {
                        skipSpace()
                        let value = word()
                        error.suggestion = "write \(key.dropLast())=\(value.isEmpty ? "VALUE" : value)"
                    }
                    return .failure(error)
                }
                i += 1
                var value: String
                let quoted = i < bytes.count && bytes[i] == 0x22
                let valueStart = base + i + (quoted ? 1 : 0)
                if quoted {  // "
                    i += 1
                    var out: [UInt8] = []
                    var closed = false
                    while i < bytes.count {
                        let v = bytes[i]
                        i += 1
                        if v == 0x5C, i < bytes.count {
                            // A backslash keeps the next character, whatever it is.
                            let width = bytes[i] < 0x80 ? 1 : bytes[i] < 0xE0 ? 2 : bytes[i] < 0xF0 ? 3 : 4
                            out += bytes[i..<min(bytes.count, i + width)]
                            i += width
                            continue
                        }
                        if v == 0x22 { closed = true; break }
                        out.append(v)
                    }
                    guard closed else { return .failure(.init("the value of '\(key)' has no closing '\"'")) }
                    value = String(decoding: out, as: UTF8.self)
                } else {
                    value = word()
                }
                result.pairs.append((key, value))
                result.pairOffsets.append((base + start, valueStart, base + i))
            }
            skipSpace()
        }
        return .success(result)
    }
}

/// Why an attribute paragraph could not be read.
public struct AttributeError: Error, Equatable {
    public var message: String
    /// Where in the attributes' text (a UTF-8 byte offset) the error is, when it is at one word.
    public var offset: Int?
    /// What to write instead, when that is clear.
    public var suggestion: String?
    init(_ message: String, at offset: Int? = nil) { self.message = message; self.offset = offset }
}
