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
}
