/// Diagnostics as JSON for editors and CI (`gen check --format json`).
public enum DiagnosticsJSON {
    public static func render(_ diagnostics: DiagnosticList) -> String {
        func place(_ location: SourceLocation?) -> [(String, JSONValue?)] {
            guard let location else { return [] }
            return [("file", .string(location.path)), ("line", .number(location.line)), ("column", .number(location.column))]
        }
        let items: [JSONValue] = diagnostics.sorted.map { diagnostic in
            .object([("severity", .string(diagnostic.severity.rawValue))] + place(diagnostic.location) + [
                ("message", .string(diagnostic.message)),
                ("notes", .array(diagnostic.notes.map { note in
                    .object(place(note.location) + [("message", .string(note.message))])
                })),
            ])
        }
        return JSONValue.object([
            ("errors", .number(diagnostics.errorCount)),
            ("warnings", .number(diagnostics.warningCount)),
            ("diagnostics", .array(items)),
        ]).serialized(pretty: true)
    }
}
