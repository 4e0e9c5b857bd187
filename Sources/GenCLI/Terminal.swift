import Foundation
import GenKit

/// Where the commands print: diagnostics to standard error, results to standard output.
enum Terminal {
    static func printDiagnostics(_ diagnostics: DiagnosticList) {
        for diagnostic in diagnostics.sorted {
            printError(diagnostic.rendered)
        }
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        let elapsed = ContinuousClock.now - start
        return Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }

    static func plural(_ count: Int, _ word: String, _ plural: String? = nil) -> String {
        "\(count) \(count == 1 ? word : plural ?? word + "s")"
    }

    /// What a build built, as its first line says it: "3 articles, 2 pages, 9 notes, 11 entities,
    /// 3 sources" (pages only when there are standalone pages).
    static func contents(of result: BuildResult) -> String {
        "\(plural(result.articleCount, "article")), "
            + (result.standaloneCount > 0 ? "\(plural(result.standaloneCount, "page")), " : "")
            + "\(plural(result.noteCount, "note")), \(plural(result.entityCount, "entity", "entities")), "
            + plural(result.sourceCount, "source")
    }

    /// The line that says how many fact checks no last build in `output` was there to compare
    /// with (`BuildResult.uncomparedFactChecks`), or nil when every one was compared. `options`:
    /// what the command it suggests needs to read the same site and build (`suggestedOptions`).
    static func uncompared(_ result: BuildResult, output: String, options: String, built: Bool = false) -> String? {
        let ids = result.uncomparedFactChecks, count = ids.count
        guard count > 0 else { return nil }
        let named = ids.prefix(5).joined(separator: ", ") + (count > 5 ? " and \(count - 5) more" : "")
        let one = count == 1
        let pin = "to hold \(one ? "it to its sentence" : "them to their sentences") in every clone too, pin \(one ? "it" : "them"): "
            + "gen annotations pin\(options)"
        // A build that went out is what the next one compares with: said as such, not as a lack.
        if built {
            return "gen: \(plural(count, "fact check")) \(one ? "is" : "are") compared with this build from the next one on "
                + "(\(named): no earlier build of \(one ? "its article" : "their articles") was in \(output)); " + pin
        }
        return "gen: \(plural(count, "fact check")) not compared with a last build (\(named): \(one ? "its article is" : "their articles are")"
            + " not in \(output)); " + pin
    }

    /// " --site SITE --output FOLDER", as far as they are not the defaults: what a command gen
    /// suggests needs to read the same site and compare with the same last build.
    static func suggestedOptions(site: String, output: String?) -> String {
        (site == "." ? "" : " --site \(site)") + (output.map { " --output \($0)" } ?? "")
    }

    /// After the diagnostics of a build or check read elsewhere than the current folder and
    /// public/: the gen commands they suggest need those options too, to compare with the same
    /// build (a pin compared with no build would sign off the changed sentence).
    static func printSuggestedOptions(_ diagnostics: DiagnosticList, options: String) {
        guard !options.isEmpty, diagnostics.items.contains(where: { $0.verdictAtRisk != nil }) else { return }
        printError("note: run the gen commands suggested above with\(options), so that they compare with this build")
    }

    /// "; left out: 1 draft (--drafts), 2 dated in the future (--future)", or "" when nothing was.
    static func leftOut(of result: BuildResult) -> String {
        var left: [String] = []
        if result.draftCount > 0 { left.append(plural(result.draftCount, "draft") + " (--drafts)") }
        if result.futureCount > 0 { left.append("\(result.futureCount) dated in the future (--future)") }
        return left.isEmpty ? "" : "; left out: " + left.joined(separator: ", ")
    }
}
