import ByteText

/// A JSON value whose objects keep their key order, so JSON-LD and `--format json` output is
/// byte-identical on every run.
public enum JSONValue: Sendable, Equatable {
    case string(String)
    case number(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])
    /// JSON serialized already (compact, safe inside `<script>`): written as it is.
    case raw([UInt8])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.serialized() == rhs.serialized() }

    /// An object from pairs, leaving out nil values.
    public static func object(_ pairs: [(String, JSONValue?)]) -> JSONValue {
        .object(pairs.compactMap { key, value in value.map { (key, $0) } })
    }

    /// Compact JSON. With `forScript`, `<`, `>` and `&` are escaped so the text is safe
    /// inside an HTML `<script>` element.
    public func serialized(pretty: Bool = false, forScript: Bool = false) -> String {
        String(decoding: bytes(pretty: pretty, forScript: forScript), as: UTF8.self)
    }

    /// The serialized JSON as UTF-8.
    public func bytes(pretty: Bool = false, forScript: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(to: &out, indent: pretty ? 0 : nil, forScript: forScript)
        return out
    }

    private func write(to out: inout [UInt8], indent: Int?, forScript: Bool) {
        switch self {
        case .string(let s): Self.writeString(s, to: &out, forScript: forScript)
        case .raw(let bytes): out.append(contentsOf: bytes)
        case .number(let n): out.append(contentsOf: String(n).utf8)
        case .bool(let b): out.append(raw: b ? "true" : "false")
        case .null: out.append(raw: "null")
        case .array(let items):
            if items.isEmpty { out.append(raw: "[]"); return }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.newline(&out, indent.map { $0 + 1 })
                item.write(to: &out, indent: indent.map { $0 + 1 }, forScript: forScript)
            }
            Self.newline(&out, indent)
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            if pairs.isEmpty { out.append(raw: "{}"); return }
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in pairs.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.newline(&out, indent.map { $0 + 1 })
                Self.writeString(key, to: &out, forScript: forScript)
                out.append(raw: indent == nil ? ":" : ": ")
                value.write(to: &out, indent: indent.map { $0 + 1 }, forScript: forScript)
            }
            Self.newline(&out, indent)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ out: inout [UInt8], _ indent: Int?) {
        guard let indent else { return }
        out.append(0x0A)
        for _ in 0..<indent { out.append(0x20); out.append(0x20) }
    }

    /// A JSON string on UTF-8 bytes, copying unescaped runs whole: JSON-LD is written for every
    /// page. U+2028 and U+2029 are escaped too (they end lines in JavaScript).
    static func writeString(_ s: String, to out: inout [UInt8], forScript: Bool) {
        var s = s
        s.withUTF8 { writeString($0, to: &out, forScript: forScript) }
    }

    /// Why a JSON string could not be read (`scanString`).
    enum StringFailure: Error, Equatable {
        /// No closing quote on its line.
        case unclosed
        case unknownEscape(UInt8)
        case malformedUnicodeEscape
    }

    /// The JSON string that starts at `i` (its opening quote) in `bytes`, decoded; `i` is moved
    /// past its closing quote, or, on failure, to the problem (a lone surrogate becomes U+FFFD).
    /// The one reader of JSON strings: the positioned parser of imported files and the scan of
    /// gen's own annotations.jsonld both use it.
    static func scanString(_ bytes: [UInt8], at i: inout Int) throws(StringFailure) -> String {
        guard i < bytes.count, bytes[i] == 0x22 else { throw .unclosed }
        var out: [UInt8] = []
        i += 1
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for byte in bytes[at..<at + 4] {
                switch byte {
                case 0x30...0x39: value = value << 4 | UInt32(byte - 0x30)
                case 0x41...0x46: value = value << 4 | UInt32(byte - 0x37)
                case 0x61...0x66: value = value << 4 | UInt32(byte - 0x57)
                default: return nil
                }
            }
            return value
        }
        while i < bytes.count {
            let byte = bytes[i]
            if byte == 0x22 { i += 1; return String(decoding: out, as: UTF8.self) }
            if byte == 0x0A { break }
            guard byte == 0x5C else { out.append(byte); i += 1; continue }
            guard i + 1 < bytes.count else { break }
            switch bytes[i + 1] {
            case 0x22, 0x5C, 0x2F: out.append(bytes[i + 1])
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                guard var scalar = hex4(i + 2) else { i += 2; throw .malformedUnicodeEscape }
                i += 4
                if scalar >= 0xD800 && scalar < 0xDC00, i + 7 < bytes.count, bytes[i + 2] == 0x5C, bytes[i + 3] == 0x75 {
                    guard let low = hex4(i + 4) else { i += 4; throw .malformedUnicodeEscape }
                    if low >= 0xDC00 && low < 0xE000 {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                }
                out.append(contentsOf: String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
            default:
                throw .unknownEscape(bytes[i + 1])
            }
            i += 2
        }
        throw .unclosed
    }

    /// A JSON string of UTF-8 bytes.
    static func writeString(_ utf8: UnsafeBufferPointer<UInt8>, to out: inout [UInt8], forScript: Bool) {
        out.append(0x22)
        let specialBytes = specialBytes
        do {
            var run = 0
            var i = 0
            let count = utf8.count
            while i < count {
                let byte = utf8[i]
                // Most bytes need nothing: one table lookup decides.
                if !specialBytes[Int(byte)] { i += 1; continue }
                let escape: StaticString
                var width = 1
                switch byte {
                case 0x22: escape = "\\\""
                case 0x5C: escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0x3C where forScript: escape = "\\u003c"
                case 0x3E where forScript: escape = "\\u003e"
                case 0x26 where forScript: escape = "\\u0026"
                case 0xE2 where i + 2 < count && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9):
                    escape = utf8[i + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                    width = 3
                case 0..<0x20:
                    if run < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<i])) }
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
                    i += 1
                    run = i
                    continue
                default:
                    i += 1
                    continue
                }
                if run < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<i])) }
                out.append(raw: escape)
                i += width
                run = i
            }
            if run < count { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<count])) }
        }
        out.append(0x22)
    }
}

/// Bytes a JSON string may have to escape: controls, `"`, `\\`, `<`, `>`, `&`, and the lead byte
/// of U+2028/U+2029.
private let specialBytes: [Bool] = (0..<256).map { byte in
    byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x3C || byte == 0x3E || byte == 0x26 || byte == 0xE2
}
