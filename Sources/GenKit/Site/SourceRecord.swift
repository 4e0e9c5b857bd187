import Foundation

/// One reference of the bibliography, read from CSL-YAML or CSL-JSON.
public struct SourceRecord: Sendable {
    /// A CSL name: a person (`family`, `given`) or an organisation (`literal`).
    public struct Name: Sendable, Equatable {
        public var family: String?
        public var given: String?
        public var literal: String?
        /// "de" in Simone de Beauvoir (`dropping-particle`), "van" in Vincent van Gogh
        /// (`non-dropping-particle`), "Jr." in Martin Luther King Jr. (`suffix`).
        public var droppingParticle: String?
        public var nonDroppingParticle: String?
        public var suffix: String?

        public init(family: String? = nil, given: String? = nil, literal: String? = nil, droppingParticle: String? = nil,
                    nonDroppingParticle: String? = nil, suffix: String? = nil) {
            self.family = family
            self.given = given
            self.literal = literal
            self.droppingParticle = droppingParticle
            self.nonDroppingParticle = nonDroppingParticle
            self.suffix = suffix
        }

        /// "Given particles Family Suffix" ("Vincent van Gogh", "Martin Luther King Jr."), or
        /// the literal name.
        public var display: String {
            if let literal { return literal }
            return [given, droppingParticle, nonDroppingParticle, family, suffix].compactMap { $0 }.filter { !$0.isEmpty }
                .joined(separator: " ")
        }
    }

    /// A CSL date: date parts (year, month, day) or a raw text.
    public struct Date: Sendable, Equatable {
        public var parts: [Int]
        public var raw: String?
        /// The end of a range (`date-parts: [[2020, 1], [2020, 3]]`), when it is one.
        public var end: [Int]? = nil

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
    /// Editors (CSL `editor`), shown after the title ("Edited by …").
    public var editors: [Name] = []
    /// Translators (CSL `translator`), shown after the editors ("Translated by …").
    public var translators: [Name] = []
    /// The edition (CSL `edition`): a number is shown as an ordinal ("2nd ed."), anything else
    /// as written ("Revised edition").
    public var edition: String?
    /// Where a journal article or a chapter sits: `volume`, `issue`, `page` (a range, `45-67`).
    public var volume: String?
    public var issue: String?
    public var page: String?
    public var publisher: String?
    /// The publisher's city (`publisher-place`), shown before the publisher.
    public var publisherPlace: String?
    /// What kind of report or thesis it is (`genre`, "Technical report", "PhD thesis") and its
    /// number (`number`, "FCERM-2022-07"), shown after the title.
    public var genre: String?
    public var number: String?
    /// A DOI (`10.1000/xyz`, also read from `doi:…` or `https://doi.org/…`), shown as a link.
    public var doi: String?
    public var issued: Date?
    public var url: String?
    public var accessed: Date?
    /// An archived copy's URL (the `archived` extension).
    public var archived: String?
    /// The DOI's address: `https://doi.org/10.1000/xyz`, its characters escaped as a URL's path
    /// needs (`<`, `>`, `#`, `?`, `%`, spaces and quotes).
    public var doiURL: String? {
        guard let doi else { return nil }
        var path = ""
        for scalar in doi.unicodeScalars {
            if scalar.value > 0x20, scalar.value < 0x7F, !"<>#?%\"'`{}|\\^[]".unicodeScalars.contains(scalar) {
                path.unicodeScalars.append(scalar)
            } else {
                for byte in String(scalar).utf8 { path += String(format: "%%%02X", byte) }
            }
        }
        return "https://doi.org/" + path
    }

    /// `10.1000/xyz` from `10.1000/xyz`, `doi:10.1000/xyz`, `https://doi.org/10.1000/xyz` or
    /// `http://dx.doi.org/10.1000/xyz`; nil for text that is none of these (blank, or no `10.`).
    public static func doi(from text: String) -> String? {
        var value = Substring(text.trimmingCharacters(in: .whitespaces))
        for prefix in ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:", "DOI:"]
        where value.lowercased().hasPrefix(prefix.lowercased()) {
            value = value.dropFirst(prefix.count)
            break
        }
        value = Substring(value.trimmingCharacters(in: .whitespaces))
        return value.hasPrefix("10.") && value.contains("/") ? String(value) : nil
    }

    /// Where the entry starts, for diagnostics.
    public var location: SourceLocation
}
