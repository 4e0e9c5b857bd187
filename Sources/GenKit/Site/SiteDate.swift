/// A date from front matter: `YYYY-MM-DD` or a full ISO 8601 timestamp.
public struct SiteDate: Sendable, Hashable, Comparable {
    public let year: Int, month: Int, day: Int
    /// Seconds since 1970-01-01T00:00:00Z, for ordering; a bare date counts as midnight UTC.
    public let instant: Int
    /// The timestamp as written, normalised to RFC 3339 (`2024-10-18T09:30:00+01:00`).
    public let rfc3339: String
    /// Whether a time was written (`2024-10-18T09:30`), not only a day.
    private let timeWritten: Bool

    /// The moment from which an article of this date is published: its own for a timestamp; for
    /// a day, when that day begins where it begins first (UTC+14), so that an article dated
    /// today by its author is published today wherever the build runs (a CI machine on UTC, an
    /// author in Sydney).
    public var publishedFrom: Int { timeWritten ? instant : instant - 14 * 3600 }

    /// `YYYY-MM-DD` as written.
    public var isoDate: String { String(format4(year)) + "-" + pad2(month) + "-" + pad2(day) }

    public static func < (lhs: SiteDate, rhs: SiteDate) -> Bool { lhs.instant < rhs.instant }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                             "August", "September", "October", "November", "December"]

    /// "18 October 2024".
    public var display: String { "\(day) \(Self.monthNames[month - 1]) \(year)" }

    /// Parses `2024-10-18`, `2024-10-18T09:30`, `2024-10-18T09:30:00Z`, `2024-10-18 09:30:00.5+01:00`.
    /// `text`, the value of `key` written at `location` (an article's `date`, a note's), as a date;
    /// nil, with an error there saying why, when it is none.
    static func read(_ text: String, key: String, at location: SourceLocation, diagnostics: inout DiagnosticList) -> SiteDate? {
        if let date = SiteDate(parsing: text) { return date }
        if let reason = impossibility(text) {
            diagnostics.error("'\(key)' \(text) is not a day of the calendar: \(reason)", at: location)
        } else {
            diagnostics.error("'\(key)' must be a date like 2024-10-18 or 2024-10-18T09:30:00Z, not '\(text)'", at: location)
        }
        return nil
    }

    /// Why `text`, written like a date, is none: "February 2025 has 28 days", "there is no
    /// month 13"; nil when it is not written like a date at all (or is one).
    public static func impossibility(_ text: String) -> String? {
        let parts = text.prefix(10).split(separator: "-")
        guard text.count >= 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        guard (1...12).contains(m) else { return "there is no month \(m)" }
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                      "October", "November", "December"]
        let days = daysIn(month: m, year: y)
        guard d >= 1, d <= days else { return "\(months[m - 1]) \(y) has \(days) days" }
        return nil
    }

    public init?(parsing text: String) {
        let s = Array(text.utf8)
        func digits(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= s.count else { return nil }
            var value = 0
            for i in at..<(at + count) {
                guard s[i] >= 48 && s[i] <= 57 else { return nil }
                value = value * 10 + Int(s[i] - 48)
            }
            return value
        }
        guard s.count >= 10, let y = digits(0, 4), s[4] == UInt8(ascii: "-"), let m = digits(5, 2),
              s[7] == UInt8(ascii: "-"), let d = digits(8, 2),
              (1...12).contains(m), d >= 1, d <= Self.daysIn(month: m, year: y) else { return nil }
        var hour = 0, minute = 0, second = 0, offset = 0
        var timeText = "T00:00:00Z"
        if s.count > 10 {
            guard s[10] == UInt8(ascii: "T") || s[10] == UInt8(ascii: "t") || s[10] == UInt8(ascii: " "),
                  let h = digits(11, 2), s.count > 13, s[13] == UInt8(ascii: ":"), let mi = digits(14, 2),
                  h < 24, mi < 60 else { return nil }
            hour = h; minute = mi
            var i = 16
            if i < s.count, s[i] == UInt8(ascii: ":") {
                guard let sec = digits(i + 1, 2), sec < 61 else { return nil }
                second = sec; i += 3
                if i < s.count, s[i] == UInt8(ascii: ".") {
                    i += 1
                    let start = i
                    while i < s.count, s[i] >= 48, s[i] <= 57 { i += 1 }
                    guard i > start else { return nil }
                }
            }
            var zone = "Z"
            if i < s.count {
                if s[i] == UInt8(ascii: "Z") || s[i] == UInt8(ascii: "z") {
                    guard i + 1 == s.count else { return nil }
                } else if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
                    guard let oh = digits(i + 1, 2), i + 3 < s.count, s[i + 3] == UInt8(ascii: ":"),
                          let om = digits(i + 4, 2), i + 6 == s.count, oh < 24, om < 60 else { return nil }
                    offset = (oh * 3600 + om * 60) * (s[i] == UInt8(ascii: "+") ? 1 : -1)
                    zone = String(decoding: s[i..<(i + 6)], as: UTF8.self)
                } else {
                    return nil
                }
            }
            timeText = "T" + pad2(hour) + ":" + pad2(minute) + ":" + pad2(second) + zone
        }
        year = y; month = m; day = d
        timeWritten = s.count > 10
        instant = Self.daysFromCivil(y, m, d) * 86_400 + hour * 3600 + minute * 60 + second - offset
        rfc3339 = format4(y) + "-" + pad2(m) + "-" + pad2(d) + timeText
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    static func daysFromCivil(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y - 1 : y
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

private func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
private func format4(_ n: Int) -> String {
    let s = String(n)
    return String(repeating: "0", count: max(0, 4 - s.count)) + s
}
