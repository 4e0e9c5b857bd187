import Foundation
import Markdown

/// An article's visible text folded for matching quotes, with a map from every folded scalar
/// back to the text run and UTF-8 bytes it came from.
///
/// Folding ignores what a writer cannot see or type easily: Unicode NFC, any run of whitespace
/// (line breaks, block boundaries, no-break spaces) as one space, curly quotes and apostrophes
/// as straight ones, en and em dashes (and minus) as `-`, and `…` as `...`. Case is kept.
public struct FoldedText: Sendable {
    public struct Origin: Sendable, Equatable {
        /// Index of the run in `MarkdownDocument.textRuns()`.
        public var run: Int
        /// UTF-8 range in the run's text; empty for the space of a break.
        public var start: Int
        public var end: Int
    }

    public private(set) var scalars: [UInt32] = []
    public private(set) var origins: [Origin] = []

    public init(runs: [TextRun]) {
        scalars.reserveCapacity(runs.reduce(0) { $0 + $1.text.utf8.count })
        for (index, run) in runs.enumerated() {
            switch run.kind {
            case .lineBreak, .blockBreak:
                appendSpace(Origin(run: index, start: 0, end: 0))
            case .text, .code:
                appendFolded(run.text, run: index)
            }
        }
    }

    /// A quote, prefix or suffix folded the same way, without leading or trailing space.
    public static func fold(_ text: String) -> [UInt32] {
        var folded = FoldedText(runs: [])
        folded.appendFolded(text, run: 0)
        while folded.scalars.last == 0x20 { folded.scalars.removeLast() }
        return folded.scalars
    }

    private mutating func appendSpace(_ origin: Origin) {
        guard let last = scalars.last, last != 0x20 else { return }
        scalars.append(0x20)
        origins.append(origin)
    }

    private mutating func append(_ scalar: Unicode.Scalar, _ origin: Origin) {
        let value = scalar.value
        if Self.isWhitespace(value) { appendSpace(origin); return }
        switch value {
        case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032: scalars.append(0x27); origins.append(origin)
        case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033: scalars.append(0x22); origins.append(origin)
        case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212: scalars.append(0x2D); origins.append(origin)
        case 0x2026:
            for _ in 0..<3 { scalars.append(0x2E); origins.append(origin) }
        default:
            scalars.append(value); origins.append(origin)
        }
    }

    /// Unicode's White_Space property, as a table: asking the scalar's properties is slow.
    static func isWhitespace(_ value: UInt32) -> Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// Scalars that are in NFC whatever surrounds them, unless a combining mark follows (which
    /// is itself outside this set): Latin up to U+02FF and general punctuation.
    private static func isStable(_ value: UInt32) -> Bool {
        value < 0x300 || (0x2000...0x206F).contains(value)
    }

    private mutating func appendFolded(_ text: String, run: Int) {
        var offset = 0
        var stable = true
        for scalar in text.unicodeScalars where !Self.isStable(scalar.value) { stable = false; break }
        if stable {
            for scalar in text.unicodeScalars {
                let width = UTF8.width(scalar)
                append(scalar, Origin(run: run, start: offset, end: offset + width))
                offset += width
            }
            return
        }
        // Characters keep combining marks with their base, so NFC never maps across them.
        for character in text {
            let width = character.utf8.count
            let origin = Origin(run: run, start: offset, end: offset + width)
            let normalized = String(character).precomposedStringWithCanonicalMapping
            for scalar in normalized.unicodeScalars { append(scalar, origin) }
            offset += width
        }
    }
}
