import Foundation

/// One reference of the bibliography, read from CSL-YAML or CSL-JSON.
public struct SourceRecord: Sendable {
    /// A CSL name: a person (`family`, `given`) or an organisation (`literal`).
    public struct Name: Sendable, Equatable {
        public var family: String?
        public var given: String?
        public var literal: String?

        /// "Given Family", or the literal name.
        public var display: String {
            if let literal { return literal }
            return [given, family].compactMap { $0 }.joined(separator: " ")
        }
    }

    /// A CSL date: date parts (year, month, day) or a raw text.
    public struct Date: Sendable, Equatable {
        public var parts: [Int]
        public var raw: String?

        /// "14 March 2005", "March 2005", "2005", or the raw text.
        public var display: String {
            guard let year = parts.first else { return raw ?? "" }
            if parts.count >= 2, (1...12).contains(parts[1]) {
                let month = SiteDate.monthNames[parts[1] - 1]
                return parts.count >= 3 ? "\(parts[2]) \(month) \(year)" : "\(month) \(year)"
            }
            return String(year)
        }

        /// ISO 8601 as far as known: `2005`, `2005-03`, `2005-03-14`.
        public var iso: String? {
            guard let year = parts.first else { return nil }
            var text = String(format: "%04d", year)
            for part in parts.dropFirst().prefix(2) { text += "-" + (part < 10 ? "0\(part)" : "\(part)") }
            return text
        }
    }

    public var id: String
    public var type: String
    public var title: String?
    public var authors: [Name] = []
    public var containerTitle: String?
    public var publisher: String?
    public var issued: Date?
    public var url: String?
    public var accessed: Date?
    /// An archived copy's URL (the `archived` extension).
    public var archived: String?
    /// Where the entry starts, for diagnostics.
    public var location: SourceLocation
}
