// Byte helpers every layer shares: literals appended as bytes, eight-byte scanning, byte classes.

extension Array where Element == UInt8 {
    /// `text`'s UTF-8 bytes appended: a literal written into a page or JSON without making a
    /// String of it.
    @inlinable
    public mutating func append(raw text: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}

/// Eight bytes at a time.
public enum WordScan {
    /// Non-zero when the eight bytes of `word` (loaded little-endian) may hold `byte`: it is
    /// never zero when they do, and rarely not zero when they do not (then look byte by byte).
    @inlinable @inline(__always)
    public static func mayHold(_ word: UInt64, _ byte: UInt64) -> UInt64 {
        let x = word ^ (byte &* 0x0101_0101_0101_0101)
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }
}

/// Byte classes of UTF-8 text.
public enum ASCII {
    /// An ASCII letter or digit, or any byte of a non-ASCII character (a word character to gen's
    /// scanners, which treat every letter of every script as part of a word).
    @inlinable
    public static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte >= 0x80
    }
}

/// Byte strings in byte strings.
public enum ByteSearch {
    /// The first place of `needle` in `haystack` at or after `start`; nil when there is none.
    /// Each place of the needle's first byte is compared on: linear for gen's short needles
    /// (tags, delimiters).
    public static func find(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let first = needle.first, start >= 0 else { return nil }
        var i = start
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count, haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
