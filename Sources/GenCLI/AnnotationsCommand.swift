import ArgumentParser
import Foundation
import GenKit

/// `gen annotations`: notes to and from other tools.
struct AnnotationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annotations",
        abstract: "Bring notes in from other annotation tools.",
        subcommands: [ImportCommand.self]
    )

    /// `gen annotations import`: W3C Web Annotations (Hypothesis's export too) into annotation files.
    struct ImportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import W3C Web Annotations (a Hypothesis export, or gen's annotations.jsonld) as notes.",
            discussion: """
            Each annotation is placed on the article at its target's source (base_url and the article's path, \
            or the article's front matter url) and on the passage its TextQuoteSelector quotes, and written to \
            content/annotations/<slug>.md. Annotations that cannot be placed are reported, and left out.
            """
        )

        @Argument(help: "The JSON file: one annotation, an AnnotationCollection or AnnotationPage, an array, or Hypothesis rows.")
        var file: String

        @OptionGroup var location: SiteLocationOptions

        @Flag(name: .long, help: "Replace annotation files that exist.")
        var force = false

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                Terminal.printError("error: cannot read \(file)")
                throw ExitCode(1)
            }
            // Drafts and articles dated in the future are annotated too.
            let options = BuildOptions(siteDirectory: location.site, baseURL: location.baseURL, drafts: true, future: true)
            let report = AnnotationImporter(options: options, force: force).run([UInt8](data), path: file)
            Terminal.printDiagnostics(report.diagnostics)
            for (path, notes) in report.written { print("wrote \(Terminal.plural(notes, "note")) to \(path)") }
            let left = report.diagnostics.errorCount
            print("gen: imported \(Terminal.plural(report.imported, "annotation"))"
                  + (left > 0 ? "; \(Terminal.plural(left, "annotation")) not imported" : ""))
            if report.diagnostics.hasErrors { throw ExitCode(1) }
        }
    }
}
