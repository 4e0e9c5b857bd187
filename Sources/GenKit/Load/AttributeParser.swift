import Foundation

/// Pandoc's attribute syntax: `{#id .class key=value key="value with spaces"}`.
public struct Attributes: Sendable, Equatable {
    public var id: String?
    public var classes: [String] = []
    /// Keys in the order written.
    public var pairs: [(key: String, value: String)] = []

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

    /// Parses `{...}`; the error says what is wrong.
    public static func parse(_ text: String) -> Result<Attributes, AttributeError> {
        let trimmed = trim(text)
        guard trimmed.hasPrefix("{"), trimmed.hasSuffix("}") else { return .failure(.init("attributes must be written {...}")) }
        var scalars = Array(trimmed.unicodeScalars.dropFirst().dropLast())[...]
        var result = Attributes()
        func skipSpace() { while let c = scalars.first, c == " " || c == "\t" || c == "\n" { scalars = scalars.dropFirst() } }
        func word() -> String {
            var out = ""
            while let c = scalars.first, c != " ", c != "\t", c != "\n", c != "=" { out.unicodeScalars.append(c); scalars = scalars.dropFirst() }
            return out
        }
        skipSpace()
        while let c = scalars.first {
            if c == "#" {
                scalars = scalars.dropFirst()
                let id = word()
                guard !id.isEmpty else { return .failure(.init("'#' must be followed by an id")) }
                guard result.id == nil else { return .failure(.init("a note has one id; '#\(id)' is a second")) }
                result.id = id
            } else if c == "." {
                scalars = scalars.dropFirst()
                let name = word()
                guard !name.isEmpty else { return .failure(.init("'.' must be followed by a class name")) }
                result.classes.append(name)
            } else {
                let key = word()
                guard !key.isEmpty, scalars.first == "=" else {
                    return .failure(.init("expected '#id', '.class' or 'key=value', found '\(key.isEmpty ? String(Character(c)) : key)'"))
                }
                scalars = scalars.dropFirst()
                var value = ""
                if scalars.first == "\"" {
                    scalars = scalars.dropFirst()
                    var closed = false
                    while let v = scalars.first {
                        scalars = scalars.dropFirst()
                        if v == "\\", let next = scalars.first { value.unicodeScalars.append(next); scalars = scalars.dropFirst(); continue }
                        if v == "\"" { closed = true; break }
                        value.unicodeScalars.append(v)
                    }
                    guard closed else { return .failure(.init("the value of '\(key)' has no closing '\"'")) }
                } else {
                    value = word()
                }
                result.pairs.append((key, value))
            }
            skipSpace()
        }
        return .success(result)
    }
}

/// Why an attribute paragraph could not be read.
public struct AttributeError: Error, Equatable {
    public var message: String
    init(_ message: String) { self.message = message }
}
