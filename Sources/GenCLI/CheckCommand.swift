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

    @Flag(name: .long, help: """
        Rewrite the quote of every orphaned note whose closest passage is unique and at least 85% similar         to the article's current words, printing each change as a diff; nothing else changes.
        """)
    var fixAnchors = false

    func run() throws {
        let options = siteOptions.buildOptions
        var result = SiteBuilder(options: options).build()
        if fixAnchors {
            let (changes, failures) = AnchorRepair.fix(result.orphans, siteDirectory: options.siteDirectory)
            for change in changes { print(change.diff, terminator: "") }
            for failure in failures { Terminal.printError("error: cannot fix anchors in \(failure)") }
            let left = result.orphans.count - changes.count
            print("gen: fixed \(Terminal.plural(changes.count, "anchor"))"
                  + (left > 0 ? "; \(Terminal.plural(left, "orphaned note")) left to fix by hand" : ""))
            // Check again, so what is printed below is the state of the site as it now is.
            if !changes.isEmpty { result = SiteBuilder(options: options).build() }
        }
        if result.succeeded {
            result.diagnostics.append(contentsOf: LinkChecker(basePath: result.config.basePath, jobs: options.jobs)
                .check(result.files))
        }
        switch format {
        case .text:
            Terminal.printDiagnostics(result.diagnostics)
            let d = result.diagnostics
            print("gen: checked \(Terminal.plural(result.articleCount, "article"))"
                  + (result.standaloneCount > 0 ? " and \(Terminal.plural(result.standaloneCount, "page"))" : "") + ": "
                  + "\(Terminal.plural(d.errorCount, "error")), \(Terminal.plural(d.warningCount, "warning"))")
        case .json:
            print(DiagnosticsJSON.render(result.diagnostics))
        }
        if result.diagnostics.hasErrors { throw ExitCode(1) }
    }
}
