import ByteText
import Foundation

/// A page name: `[a-z0-9][a-z0-9-]*`, the file name of an article, entity or tag page.
public enum Slug {
    public static func isValid(_ candidate: some StringProtocol) -> Bool {
        guard let first = candidate.utf8.first, isLowerAlnum(first) else { return false }
        return candidate.utf8.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "-") }
    }

    /// A valid slug made from any text: "Élection 2024: Recap!" -> "election-2024-recap".
    /// Empty when the text has no letter or digit that maps to ASCII.
    public static func make(from text: some StringProtocol) -> String { words(of: text, anyScript: false) }

    /// A heading's anchor: as `make`, but letters and digits of any script are kept, lowercased
    /// ("Введение" → "введение", "引言" → "引言"), where `make` keeps only ASCII ones (a file
    /// name must be ASCII; an id may be any text without spaces). Latin letters are folded as
    /// `make` folds them: "Café au lait" is "cafe-au-lait" either way.
    public static func anchor(from text: some StringProtocol) -> String { words(of: text, anyScript: true) }

    /// The letters and digits of `text`, folded to lowercase without accents, a dash between
    /// runs: ASCII ones only, or with `anyScript` those of every script.
    private static func words(of text: some StringProtocol, anyScript: Bool) -> String {
        let folded = String(text).folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        var result = String.UnicodeScalarView()
        var pendingDash = false
        for scalar in folded.unicodeScalars {
            let kept = scalar.isASCII ? isLowerAlnum(UInt8(scalar.value))
                : anyScript && (scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                                || scalar.properties.generalCategory == .nonspacingMark)
            if kept {
                if pendingDash && !result.isEmpty { result.append("-") }
                pendingDash = false
                result.append(scalar)
            } else {
                pendingDash = true
            }
        }
        return String(result)
    }

    /// A readable title for a page whose title is missing: "labour-staff" -> "Labour staff".
    public static func title(from slug: String) -> String {
        let words = slug.split(separator: "-").joined(separator: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    private static func isLowerAlnum(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
