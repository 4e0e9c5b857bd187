/// The HTML escape of Mustache (`<`, `>`, `&`, `"`, `'`) on UTF-8 bytes; C0 control
/// characters other than tab and line ends are left out.
public enum HTMLEscape {
    /// `text` as `{{name}}` (`escaped`) or `{{{name}}}` writes it.
    @inline(__always)
    public static func write(_ text: String, escaped: Bool, to out: inout [UInt8]) {
        if escaped { append(text, to: &out) } else { appendRaw(text, to: &out) }
    }

    /// `text`'s UTF-8 bytes, copied whole (a page's body is tens of kilobytes).
    @inline(__always)
    public static func appendRaw(_ text: String, to out: inout [UInt8]) {
        if text.utf8.withContiguousStorageIfAvailable({ out.append(contentsOf: $0) }) == nil {
            out.append(contentsOf: text.utf8)
        }
    }

    public static func append(_ text: String, to out: inout [UInt8]) {
        // Read in place (a native string is contiguous); a copy only for a bridged one.
        if text.utf8.withContiguousStorageIfAvailable({ append($0, to: &out) }) == nil {
            var copy = text
            copy.withUTF8 { append($0, to: &out) }
        }
    }

    /// `bytes` escaped; without `apostrophe`, `'` is left as it is (as cmark-gfm writes text).
    public static func append(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8], apostrophe: Bool = true) {
        do {
            guard let base = UnsafeRawPointer(bytes.baseAddress) else { return }
            let has = WordScan.mayHold
            // Eight bytes at a time are checked for the five characters at once; a word with
            // one of them is done byte by byte.
            let quote: UInt64 = apostrophe ? 0x27 : 0x22
            var runStart = 0
            var i = 0
            let count = bytes.count
            while i < count {
                while i + 8 <= count {
                    let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    // A byte below 0x20 (a line end, or a control character to leave out).
                    let control = (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080
                    if has(word, 0x3C) | has(word, 0x3E) | has(word, 0x26) | has(word, 0x22) | has(word, quote) | control != 0 { break }
                    i += 8
                }
                let stop = min(i + 8, count)
                while i < stop {
                    let byte = bytes[i]
                    i += 1
                    // Letters and most punctuation come after '>' (0x3E): nothing to do.
                    if byte > 0x3E { continue }
                    let replacement: StaticString
                    switch byte {
                    case 0x3C: replacement = "&lt;"
                    case 0x3E: replacement = "&gt;"
                    case 0x26: replacement = "&amp;"
                    case 0x22: replacement = "&quot;"
                    case 0x27 where apostrophe: replacement = "&#39;"
                    // C0 controls but tab and line ends: shown as nothing, and forbidden in XML
                    // (a feed with one does not parse).
                    case 0x00...0x08, 0x0B, 0x0C, 0x0E...0x1F: replacement = ""
                    default: continue
                    }
                    if runStart < i - 1 { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<(i - 1)])) }
                    out.append(raw: replacement)
                    runStart = i
                }
            }
            if runStart < count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
        }
    }

    /// `text` with the five characters escaped.
    public static func escape(_ text: String) -> String {
        var needsEscape = false
        for byte in text.utf8 where byte == 0x3C || byte == 0x3E || byte == 0x26 || byte == 0x22 || byte == 0x27
            || (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) {
            needsEscape = true
            break
        }
        guard needsEscape else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        append(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` with its character references decoded: the numeric ones and the names gen's
    /// escapes, cmark-gfm and hand-written HTML use (`&amp;`, `&nbsp;`, `&rsquo;`, …). A
    /// reference it does not know stays as it is.
    public static func unescape(_ text: String) -> String {
        guard text.utf8.contains(0x26) else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            rest = rest[amp...]
            if let semicolon = rest.prefix(12).firstIndex(of: ";") {
                let name = rest[rest.index(after: rest.startIndex)..<semicolon]
                let value: String?
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    value = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                } else if name.hasPrefix("#") {
                    value = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                } else {
                    value = named[String(name)]
                }
                if let value {
                    out += value
                    rest = rest[rest.index(after: semicolon)...]
                    continue
                }
            }
            out += "&"
            rest = rest.dropFirst()
        }
        return out + rest
    }

    private static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "hellip": "\u{2026}",
        "mdash": "\u{2014}", "ndash": "\u{2013}", "lsquo": "\u{2018}", "rsquo": "\u{2019}", "ldquo": "\u{201C}",
        "rdquo": "\u{201D}",
    ]
}
