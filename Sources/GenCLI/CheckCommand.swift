import ArgumentParser
import Foundation
import GenKit

/// `gen check`: every validation of a build plus a check of every internal link; writes nothing.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the site and every internal link and anchor, writing nothing."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var siteOptions: SiteOptions

    @Option(name: .long, help: "How to print the diagnostics: text or json.")
    var format: Format = .text

    func run() throws {
        let options = siteOptions.buildOptions
        var result = SiteBuilder(options: options).build()
        if result.succeeded {
            result.diagnostics.append(contentsOf: LinkChecker(basePath: result.config.basePath, jobs: options.jobs)
                .check(result.files))
        }
        switch format {
        case .text:
            Terminal.printDiagnostics(result.diagnostics)
            let d = result.diagnostics
            print("gen: checked \(Terminal.plural(result.articleCount, "article")): "
                  + "\(Terminal.plural(d.errorCount, "error")), \(Terminal.plural(d.warningCount, "warning"))")
        case .json:
            print(DiagnosticsJSON.render(result.diagnostics))
        }
        if result.diagnostics.hasErrors { throw ExitCode(1) }
    }
}
