/// One problem found in a site, printed compiler-style so editors can jump to it:
/// `content/articles/x.md:12:3: error: message`, followed by its notes.
public struct Diagnostic: Sendable, Hashable, Codable {
    public enum Severity: String, Sendable, Codable, Comparable {
        case error, warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .error && rhs == .warning
        }
    }

    /// An extra line under a diagnostic: another place involved, or a suggestion.
    public struct Note: Sendable, Hashable, Codable {
        public var location: SourceLocation?
        public var message: String

        public init(_ message: String, at location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    public var severity: Severity
    public var location: SourceLocation?
    public var message: String
    public var notes: [Note]
    /// A warning about a state the author chose and the page shows safely (a fact check held
    /// for review publishes no verdict): a reminder at every build, which `--strict` leaves a
    /// warning.
    public var isReminder = false
    /// The fact check whose claim, sentence or place changed since the last build, when that is
    /// what this says (`AnchorRepair.moved`): its verdict may no longer hold.
    public var verdictAtRisk: VerdictAtRisk?

    /// A fact check whose verdict may no longer hold.
    public struct VerdictAtRisk: Sendable, Hashable, Codable {
        /// "slug#id".
        public var note: String
        /// Whether pinning it to its words says it was read again: its sentence or place changed
        /// (a pin's words are not compared), not the words of its quote.
        public var pinAccepts: Bool
    }

    public init(_ severity: Severity, _ message: String, at location: SourceLocation?, notes: [Note] = []) {
        self.severity = severity
        self.message = message
        self.location = location
        self.notes = notes
    }

    public static func error(_ message: String, at location: SourceLocation?, notes: [Note] = []) -> Diagnostic {
        Diagnostic(.error, message, at: location, notes: notes)
    }

    public static func warning(_ message: String, at location: SourceLocation?, notes: [Note] = []) -> Diagnostic {
        Diagnostic(.warning, message, at: location, notes: notes)
    }

    /// The diagnostic as the lines a terminal shows.
    public var rendered: String {
        var lines = [Self.line(location, severity.rawValue, message)]
        for note in notes {
            lines.append(Self.line(note.location, "note", note.message))
        }
        return lines.joined(separator: "\n")
    }

    /// One line: a path that holds control characters is quoted with them escaped, and so are
    /// the message's, so that a file named with a newline or a terminal escape can neither
    /// break the `path:line:col:` form nor drive the terminal.
    private static func line(_ location: SourceLocation?, _ label: String, _ message: String) -> String {
        let message = escaped(message)
        guard let location else { return "\(label): \(message)" }
        let path = needsEscaping(location.path) ? quoted(location.path) : location.path
        return "\(path):\(location.line):\(location.column): \(label): \(message)"
    }

    /// `text` in single quotes, its control characters escaped (`escaped`).
    public static func quoted(_ text: String) -> String { "'" + escaped(text) + "'" }

    /// `text` with each control character (C0, DEL, C1, and the bidirectional overrides and
    /// isolates that reorder what a terminal shows) written as `\n`, `\t`, `\r` or `\u{1B}`.
    public static func escaped(_ text: String) -> String {
        guard needsEscaping(text) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where isControl(scalar): out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func needsEscaping(_ text: String) -> Bool { text.unicodeScalars.contains(where: isControl) }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}

extension Diagnostic: Comparable {
    /// Sorted by file, line and column; diagnostics without a place come first.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        switch (lhs.location, rhs.location) {
        case (nil, nil): break
        case (nil, _): return true
        case (_, nil): return false
        case let (l?, r?) where l != r: return l < r
        default: break
        }
        if lhs.severity != rhs.severity { return lhs.severity < rhs.severity }
        return lhs.message < rhs.message
    }
}
