/// Diagnostics as JSON for editors and CI (`gen check --format json`).
public enum DiagnosticsJSON {
    /// `uncomparedFactChecks`: the fact checks ("slug#id") no last build was there to compare
    /// with (`BuildResult.uncomparedFactChecks`), for a CI that wants every verdict compared.
    /// `repairs`: the quotes `gen check --fix-anchors` rewrote (nil without it), each as the lines
    /// from `line` on that it replaced (`old`) and their replacement (`new`, the note's attributes
    /// with them when it rewrote those too).
    public static func render(_ diagnostics: DiagnosticList, uncomparedFactChecks: [String] = [],
                              repairs: [AnchorRepair.Change]? = nil) -> String {
        func place(_ location: SourceLocation?) -> [(String, JSONValue?)] {
            guard let location else { return [] }
            return [("file", .string(location.path)), ("line", .number(location.line)), ("column", .number(location.column))]
        }
        let items: [JSONValue] = diagnostics.sorted.map { diagnostic in
            .object([("severity", .string(diagnostic.severity.rawValue))] + place(diagnostic.location) + [
                ("message", .string(diagnostic.message)),
            ] + (diagnostic.verdictAtRisk.map { [("verdict_at_risk", JSONValue.string($0.note))] } ?? []) + [
                ("notes", .array(diagnostic.notes.map { note in
                    .object(place(note.location) + [("message", .string(note.message))])
                })),
            ])
        }
        return JSONValue.object([
            ("errors", .number(diagnostics.errorCount)),
            ("warnings", .number(diagnostics.warningCount)),
            ("uncompared_fact_checks", .array(uncomparedFactChecks.map { .string($0) })),
        ] + (repairs.map { repairs in
            [("repairs", JSONValue.array(repairs.map { change in
                .object([("file", .string(change.path)), ("line", .number(change.lines.lowerBound)),
                         ("old", .string(change.old.joined(separator: "\n"))),
                         ("new", .string(([change.new] + change.following).joined(separator: "\n")))])
            }))]
        } ?? []) + [
            ("diagnostics", .array(items)),
        ]).serialized(pretty: true)
    }
}
