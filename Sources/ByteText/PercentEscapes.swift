/// Percent-escapes (`%7E`) in a URL's path or fragment.
public enum PercentEscapes {
    /// `text` with each escape of two hex digits whose byte `decodes` accepts replaced by that
    /// byte (every such escape by default); any other `%` stays as written.
    public static func decoded(_ text: String, where decodes: (UInt8) -> Bool = { _ in true }) -> String {
        guard text.utf8.contains(0x25) else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x25, i + 2 < bytes.count, let high = hexValue(bytes[i + 1]), let low = hexValue(bytes[i + 2]),
               case let byte = high << 4 | low, decodes(byte) {
                out.append(byte)
                i += 3
                continue
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The value of a hex digit (`0`–`9`, `A`–`F`, `a`–`f`), nil for any other byte.
    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }
}
