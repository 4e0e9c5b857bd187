/// A JSON value whose objects keep their key order, so JSON-LD and `--format json` output is
/// byte-identical on every run.
public enum JSONValue: Sendable, Equatable {
    case string(String)
    case number(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.serialized() == rhs.serialized() }

    /// An object from pairs, leaving out nil values.
    public static func object(_ pairs: [(String, JSONValue?)]) -> JSONValue {
        .object(pairs.compactMap { key, value in value.map { (key, $0) } })
    }

    /// Compact JSON. With `forScript`, `<`, `>` and `&` are escaped so the text is safe
    /// inside an HTML `<script>` element.
    public func serialized(pretty: Bool = false, forScript: Bool = false) -> String {
        var out = ""
        write(to: &out, indent: pretty ? 0 : nil, forScript: forScript)
        return out
    }

    private func write(to out: inout String, indent: Int?, forScript: Bool) {
        switch self {
        case .string(let s): Self.writeString(s, to: &out, forScript: forScript)
        case .number(let n): out += String(n)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                Self.newline(&out, indent.map { $0 + 1 })
                item.write(to: &out, indent: indent.map { $0 + 1 }, forScript: forScript)
            }
            Self.newline(&out, indent)
            out += "]"
        case .object(let pairs):
            if pairs.isEmpty { out += "{}"; return }
            out += "{"
            for (i, (key, value)) in pairs.enumerated() {
                if i > 0 { out += "," }
                Self.newline(&out, indent.map { $0 + 1 })
                Self.writeString(key, to: &out, forScript: forScript)
                out += indent == nil ? ":" : ": "
                value.write(to: &out, indent: indent.map { $0 + 1 }, forScript: forScript)
            }
            Self.newline(&out, indent)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, _ indent: Int?) {
        guard let indent else { return }
        out += "\n" + String(repeating: "  ", count: indent)
    }

    private static func writeString(_ s: String, to out: inout String, forScript: Bool) {
        // Work on UTF-8 bytes and copy unescaped runs whole: JSON-LD is written for every page.
        var bytes: [UInt8] = [0x22]
        bytes.reserveCapacity(s.utf8.count + 8)
        var utf8 = Array(s.utf8)[...]
        while let index = utf8.firstIndex(where: { needsEscape($0, forScript: forScript) || $0 == 0xE2 }) {
            bytes.append(contentsOf: utf8[..<index])
            let byte = utf8[index]
            utf8 = utf8[(index + 1)...]
            switch byte {
            case 0x22: bytes.append(contentsOf: Array("\\\"".utf8))
            case 0x5C: bytes.append(contentsOf: Array("\\\\".utf8))
            case 0x0A: bytes.append(contentsOf: Array("\\n".utf8))
            case 0x0D: bytes.append(contentsOf: Array("\\r".utf8))
            case 0x09: bytes.append(contentsOf: Array("\\t".utf8))
            case 0x3C: bytes.append(contentsOf: Array("\\u003c".utf8))
            case 0x3E: bytes.append(contentsOf: Array("\\u003e".utf8))
            case 0x26: bytes.append(contentsOf: Array("\\u0026".utf8))
            case 0xE2 where utf8.count >= 2 && utf8[utf8.startIndex] == 0x80
                && (utf8[utf8.startIndex + 1] == 0xA8 || utf8[utf8.startIndex + 1] == 0xA9):
                // U+2028 and U+2029 end lines in JavaScript.
                bytes.append(contentsOf: Array((utf8[utf8.startIndex + 1] == 0xA8 ? "\\u2028" : "\\u2029").utf8))
                utf8 = utf8.dropFirst(2)
            case 0xE2: bytes.append(byte)
            default:
                let hex = String(byte, radix: 16)
                bytes.append(contentsOf: Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8))
            }
        }
        bytes.append(contentsOf: utf8)
        bytes.append(0x22)
        out += String(decoding: bytes, as: UTF8.self)
    }

    private static func needsEscape(_ byte: UInt8, forScript: Bool) -> Bool {
        byte < 0x20 || byte == 0x22 || byte == 0x5C || (forScript && (byte == 0x3C || byte == 0x3E || byte == 0x26))
    }
}
