/// The diagnostics a stage collected. Stages report every problem they find instead of
/// stopping at the first one; the build stops before writing if any is an error.
public struct DiagnosticList: Sendable {
    public private(set) var items: [Diagnostic] = []

    public init(_ items: [Diagnostic] = []) {
        self.items = items
    }

    public mutating func append(_ diagnostic: Diagnostic) { items.append(diagnostic) }
    public mutating func append(contentsOf other: DiagnosticList) { items.append(contentsOf: other.items) }
    public mutating func append(contentsOf other: [Diagnostic]) { items.append(contentsOf: other) }

    public mutating func error(_ message: String, at location: SourceLocation?, notes: [Diagnostic.Note] = []) {
        items.append(.error(message, at: location, notes: notes))
    }

    public mutating func warning(_ message: String, at location: SourceLocation?, notes: [Diagnostic.Note] = []) {
        items.append(.warning(message, at: location, notes: notes))
    }

    /// Every warning made an error (`--strict`), each saying so in a note; reminders stay
    /// warnings (`Diagnostic.isReminder`).
    public mutating func makeWarningsErrors() {
        for i in items.indices where items[i].severity == .warning && !items[i].isReminder {
            items[i].severity = .error
            items[i].notes.append(.init("a warning, made an error by --strict"))
        }
    }

    public var hasErrors: Bool { items.contains { $0.severity == .error } }
    /// How many errors `sorted` prints: one reported twice (the same place and words) is one.
    public var errorCount: Int { Set(items.lazy.filter { $0.severity == .error }).count }
    public var warningCount: Int { Set(items.lazy.filter { $0.severity == .warning }).count }

    /// Every diagnostic in print order, duplicates removed.
    public var sorted: [Diagnostic] {
        var seen = Set<Diagnostic>()
        return items.sorted().filter { seen.insert($0).inserted }
    }
}
