import ByteText

/// The pixel dimensions of an image, read from its header alone.
///
/// Pages need `width` and `height` on `<img>` so the browser can reserve
/// space before the image arrives. Decoding whole images just to learn their
/// size would be slow and would pull in codecs, so this reads only the few
/// header bytes that each format uses to declare its dimensions: PNG, GIF,
/// JPEG, WebP (lossy, lossless and extended) and SVG.
///
/// Every reader treats its input as untrusted: truncated, empty or malformed
/// bytes yield `nil`, never a trap, and the work done is linear in the input
/// and ends as soon as the size is known.
public struct ImageSize: Sendable, Equatable {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// The image formats whose sizes can be read.
    public enum Kind: String, Sendable {
        case png, jpeg, gif, webp, svg
    }

    /// The format implied by the file name's extension, ignoring case.
    public static func kind(ofPath path: String) -> Kind? {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        // A leading dot marks a hidden file, not an extension: ".png" has no stem.
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "png": return .png
        case "jpg", "jpeg": return .jpeg
        case "gif": return .gif
        case "webp": return .webp
        case "svg": return .svg
        default: return nil
        }
    }

    public static func read(_ bytes: [UInt8]) -> ImageSize? {
        bytes.withUnsafeBytes { read($0) }
    }

    /// Detects the format from the content itself, so a misnamed file is
    /// still measured correctly.
    public static func read(_ bytes: UnsafeRawBufferPointer) -> ImageSize? {
        let b = Bytes(raw: bytes)
        if b.matches([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], at: 0) { return png(b) }
        if b.matches([0xFF, 0xD8], at: 0) { return jpeg(b) }
        if b.matches(Array("GIF87a".utf8), at: 0) || b.matches(Array("GIF89a".utf8), at: 0) { return gif(b) }
        if b.matches(Array("RIFF".utf8), at: 0) && b.matches(Array("WEBP".utf8), at: 8) { return webp(b) }
        return svg(b)
    }
}

// MARK: - Bounds-checked access

extension ImageSize {
    /// Unchecked subscripts on a raw buffer are undefined behaviour in
    /// optimised builds, so every access goes through these optional reads.
    fileprivate struct Bytes {
        let raw: UnsafeRawBufferPointer
        var count: Int { raw.count }

        func u8(_ i: Int) -> UInt8? {
            i >= 0 && i < raw.count ? raw[i] : nil
        }

        func be16(_ i: Int) -> Int? {
            guard let a = u8(i), let b = u8(i + 1) else { return nil }
            return Int(a) << 8 | Int(b)
        }

        func le16(_ i: Int) -> Int? {
            guard let a = u8(i), let b = u8(i + 1) else { return nil }
            return Int(b) << 8 | Int(a)
        }

        func le24(_ i: Int) -> Int? {
            guard let lo = le16(i), let hi = u8(i + 2) else { return nil }
            return Int(hi) << 16 | lo
        }

        func be32(_ i: Int) -> Int? {
            guard let hi = be16(i), let lo = be16(i + 2) else { return nil }
            return hi << 16 | lo
        }

        func matches(_ pattern: [UInt8], at i: Int) -> Bool {
            guard i >= 0, i + pattern.count <= raw.count else { return false }
            for (k, p) in pattern.enumerated() where raw[i + k] != p { return false }
            return true
        }
    }

    /// A zero dimension means "unknown" or "defined later" in these formats,
    /// which is as useless to a page as no answer at all.
    fileprivate static func sized(_ width: Int?, _ height: Int?) -> ImageSize? {
        guard let width, let height, width > 0, height > 0 else { return nil }
        return ImageSize(width: width, height: height)
    }
}

// MARK: - Raster formats

extension ImageSize {
    fileprivate static func png(_ b: Bytes) -> ImageSize? {
        // IHDR must be the first chunk; its length field precedes the type.
        guard b.matches(Array("IHDR".utf8), at: 12),
              let w = b.be32(16), let h = b.be32(20),
              w <= Int(Int32.max), h <= Int(Int32.max) else { return nil }
        return sized(w, h)
    }

    fileprivate static func gif(_ b: Bytes) -> ImageSize? {
        sized(b.le16(6), b.le16(8))
    }

    fileprivate static func jpeg(_ b: Bytes) -> ImageSize? {
        var i = 2
        while true {
            // Like libjpeg, tolerate stray bytes between segments rather than
            // rejecting files that every browser displays.
            while let byte = b.u8(i), byte != 0xFF { i += 1 }
            while let byte = b.u8(i), byte == 0xFF { i += 1 }
            guard let marker = b.u8(i) else { return nil }
            i += 1
            switch marker {
            case 0x00, 0x01, 0xD0...0xD7:
                // Stuffed zero, TEM and RSTn carry no length field.
                continue
            case 0xD8, 0xD9, 0xDA:
                // A frame header always precedes the first scan, so reaching
                // a scan, the end, or a second SOI means there is none.
                return nil
            default:
                guard let length = b.be16(i), length >= 2, i + length <= b.count else { return nil }
                switch marker {
                case 0xC0...0xCF where marker != 0xC4 && marker != 0xC8 && marker != 0xCC:
                    // Segment layout: length(2) precision(1) height(2) width(2).
                    guard length >= 7 else { return nil }
                    return sized(b.be16(i + 5), b.be16(i + 3))
                default:
                    // APPn (including EXIF), DQT, DHT, COM and the rest are
                    // skipped whole; orientation is deliberately not applied.
                    i += length
                }
            }
        }
    }

    fileprivate static func webp(_ b: Bytes) -> ImageSize? {
        // The first chunk decides the layout: simple files start with the
        // bitstream itself, extended files with VP8X.
        let payload = 20
        if b.matches(Array("VP8 ".utf8), at: 12) {
            // Frame tag (3 bytes, bit 0 clear on key frames), then the start code.
            guard let tag = b.u8(payload), tag & 1 == 0,
                  b.matches([0x9D, 0x01, 0x2A], at: payload + 3),
                  let w = b.le16(payload + 6), let h = b.le16(payload + 8) else { return nil }
            // The top two bits of each field are upscaling hints, not size.
            return sized(w & 0x3FFF, h & 0x3FFF)
        }
        if b.matches(Array("VP8L".utf8), at: 12) {
            guard b.u8(payload) == 0x2F,
                  let b0 = b.u8(payload + 1), let b1 = b.u8(payload + 2),
                  let b2 = b.u8(payload + 3), let b3 = b.u8(payload + 4) else { return nil }
            let bits = Int(b0) | Int(b1) << 8 | Int(b2) << 16 | Int(b3) << 24
            return sized((bits & 0x3FFF) + 1, (bits >> 14 & 0x3FFF) + 1)
        }
        if b.matches(Array("VP8X".utf8), at: 12) {
            // Flags (1) and reserved (3) precede the canvas size.
            guard let w = b.le24(payload + 4), let h = b.le24(payload + 7) else { return nil }
            return sized(w + 1, h + 1)
        }
        return nil
    }
}

// MARK: - SVG

extension ImageSize {
    private static let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">")
    private static let slash = UInt8(ascii: "/"), eq = UInt8(ascii: "=")
    private static let bang = UInt8(ascii: "!"), question = UInt8(ascii: "?")
    private static let dquote = UInt8(ascii: "\""), squote = UInt8(ascii: "'")

    private static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D
    }

    fileprivate static func svg(_ b: Bytes) -> ImageSize? {
        var i = b.matches([0xEF, 0xBB, 0xBF], at: 0) ? 3 : 0
        while let c = b.u8(i), isSpace(c) { i += 1 }
        // Only markup is worth scanning; anything else is not SVG.
        guard b.u8(i) == lt else { return nil }

        // Skip the prolog (declaration, comments, DOCTYPE, processing
        // instructions) so an "<svg" mentioned inside it is not mistaken for
        // the root element.
        while true {
            while let c = b.u8(i), c != lt { i += 1 }
            guard b.u8(i) != nil else { return nil }
            if b.matches(Array("<!--".utf8), at: i) {
                guard let end = find(Array("-->".utf8), in: b, from: i + 4) else { return nil }
                i = end + 3
            } else if b.u8(i + 1) == question {
                guard let end = find(Array("?>".utf8), in: b, from: i + 2) else { return nil }
                i = end + 2
            } else if b.u8(i + 1) == bang {
                guard let end = endOfDeclaration(b, from: i + 2) else { return nil }
                i = end + 1
            } else {
                return svgRoot(b, from: i + 1)
            }
        }
    }

    private static func find(_ needle: [UInt8], in b: Bytes, from start: Int) -> Int? {
        ByteSearch.find(needle, in: b.raw.assumingMemoryBound(to: UInt8.self), from: start)
    }

    /// The `>` closing a `<!...>` declaration, stepping over quoted strings
    /// and a DOCTYPE's bracketed internal subset, which may contain `>`.
    private static func endOfDeclaration(_ b: Bytes, from start: Int) -> Int? {
        var i = start
        var quote: UInt8? = nil
        var depth = 0
        while let c = b.u8(i) {
            if let q = quote {
                if c == q { quote = nil }
            } else if c == dquote || c == squote {
                quote = c
            } else if c == UInt8(ascii: "[") {
                depth += 1
            } else if c == UInt8(ascii: "]") {
                depth = max(0, depth - 1)
            } else if c == gt && depth == 0 {
                return i
            }
            i += 1
        }
        return nil
    }

    private static func svgRoot(_ b: Bytes, from start: Int) -> ImageSize? {
        var i = start
        var name: [UInt8] = []
        while let c = b.u8(i), !isSpace(c), c != gt, c != slash {
            name.append(c)
            i += 1
        }
        // Accept a namespace prefix ("svg:svg") but require the local name.
        let local = name.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false).last ?? []
        guard Array(local) == Array("svg".utf8) else { return nil }

        var width: [UInt8]?, height: [UInt8]?, viewBox: [UInt8]?
        // Attributes are collected up to the tag's end so that a truncated
        // tag gives nil rather than a size built from a cut-off value.
        while true {
            while let c = b.u8(i), isSpace(c) { i += 1 }
            guard let c = b.u8(i) else { return nil }
            if c == gt || c == slash { break }

            var attr: [UInt8] = []
            while let c = b.u8(i), !isSpace(c), c != eq, c != gt, c != slash {
                attr.append(c)
                i += 1
            }
            while let c = b.u8(i), isSpace(c) { i += 1 }
            guard b.u8(i) == eq else { continue } // a bare attribute has no value
            i += 1
            while let c = b.u8(i), isSpace(c) { i += 1 }

            var value: [UInt8] = []
            guard let open = b.u8(i) else { return nil }
            if open == dquote || open == squote {
                i += 1
                while let c = b.u8(i), c != open {
                    value.append(c)
                    i += 1
                }
                guard b.u8(i) == open else { return nil }
                i += 1
            } else {
                while let c = b.u8(i), !isSpace(c), c != gt {
                    value.append(c)
                    i += 1
                }
            }

            switch attr {
            case Array("width".utf8): width = value
            case Array("height".utf8): height = value
            case Array("viewBox".utf8): viewBox = value
            default: break
            }
        }

        if let w = width.flatMap(pixelLength), let h = height.flatMap(pixelLength) {
            return sized(w, h)
        }
        if let box = viewBox {
            let parts = box.split(whereSeparator: { isSpace($0) || $0 == UInt8(ascii: ",") })
            guard parts.count == 4 else { return nil }
            return sized(roundedPixels(number(parts[2])), roundedPixels(number(parts[3])))
        }
        return nil
    }

    /// A length usable as pixels: a bare number or one ending in "px".
    /// Percentages and physical units depend on context, so they are not.
    private static func pixelLength(_ value: [UInt8]) -> Int? {
        var v = ArraySlice(value)
        while let c = v.first, isSpace(c) { v.removeFirst() }
        while let c = v.last, isSpace(c) { v.removeLast() }
        if v.count >= 2, v.suffix(2).elementsEqual("px".utf8) { v.removeLast(2) }
        return roundedPixels(number(v))
    }

    /// Validates SVG's number grammar before handing off to `Double`, which
    /// would otherwise also accept "nan", "inf" and hexadecimal forms.
    private static func number(_ s: ArraySlice<UInt8>) -> Double? {
        var i = s.startIndex
        func digits() -> Int {
            let start = i
            while i < s.endIndex, s[i] >= 0x30, s[i] <= 0x39 { i += 1 }
            return i - start
        }
        if i < s.endIndex, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") { i += 1 }
        var mantissa = digits()
        if i < s.endIndex, s[i] == UInt8(ascii: ".") {
            i += 1
            mantissa += digits()
        }
        guard mantissa > 0 else { return nil }
        if i < s.endIndex, s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E") {
            i += 1
            if i < s.endIndex, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { return nil }
        }
        guard i == s.endIndex else { return nil }
        return Double(String(decoding: s, as: UTF8.self))
    }

    /// Converting an out-of-range or non-finite Double to Int traps, so the
    /// range is checked first.
    private static func roundedPixels(_ value: Double?) -> Int? {
        guard let value, value.isFinite else { return nil }
        let r = value.rounded()
        guard r >= 1, r <= Double(Int32.max) else { return nil }
        return Int(r)
    }
}
