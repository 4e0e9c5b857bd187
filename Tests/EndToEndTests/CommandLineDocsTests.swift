import Foundation
import TestSupport
import XCTest

/// docs/cli.md's synopsis and the binary's `--help` name the same commands and options.
final class CommandLineDocsTests: XCTestCase {
    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/cli.md").path

    /// The `--options` of a text.
    func options(_ text: some StringProtocol) -> Set<String> {
        let pattern = try! NSRegularExpression(pattern: #"--[a-z][a-z-]*"#)
        let text = String(text)
        return Set(pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { String(text[Range($0.range, in: text)!]) })
    }

    func testTheSynopsisMatchesHelp() throws {
        let doc = try String(contentsOfFile: Self.docs, encoding: .utf8)
        let synopsis = doc.components(separatedBy: "```")[1].split(separator: "\n").filter { $0.hasPrefix("gen ") }
        var documented: [String: Set<String>] = [:]
        for line in synopsis {
            let words = line.split(separator: " ")
            guard words.count > 1, !words[1].hasPrefix("--") else { continue }
            let command = words[1] == "entities" || words[1] == "annotations" ? "\(words[1]) \(words[2])" : String(words[1])
            documented[command] = options(line)
        }
        XCTAssertEqual(Set(documented.keys), ["build", "check", "serve", "init", "new", "entities suggest", "annotations import",
                                              "annotations pin"])
        // --version and --help are every command's; --site on `new` is its subcommands'.
        let everywhere: Set<String> = ["--help", "--version"]
        for (command, listed) in documented {
            var arguments = command.split(separator: " ").map(String.init)
            if command == "new" { arguments.append("article") }
            let help = try GenProcess.run(arguments + ["--help"])
            XCTAssertEqual(help.status, 0, help.stderr)
            // The usage line, or, when it is too long to be one ("gen build <options>"), the first
            // word of each line of OPTIONS.
            let lines = help.stdout.components(separatedBy: "\n")
            let usage = lines.first { $0.hasPrefix("USAGE:") } ?? ""
            let named = usage.hasSuffix("<options>")
                ? options(lines.filter { $0.hasPrefix("  -") }.map { $0.split(separator: " ").prefix(2).joined(separator: " ") }
                    .joined(separator: "\n"))
                : options(usage)
            XCTAssertFalse(named.isEmpty, "gen \(command) --help")
            XCTAssertEqual(named.subtracting(everywhere), listed, "gen \(command): docs/cli.md against --help")
        }
        XCTAssertTrue(doc.contains("gen --version"))
    }

    /// `--site` and `--base-url` are declared once (`SiteLocationOptions`): every command that
    /// takes them says the same of them.
    func testSharedSiteOptionsHaveOneHelpText() throws {
        func help(_ arguments: [String], _ option: String) throws -> String {
            let run = try GenProcess.run(arguments + ["--help"])
            XCTAssertEqual(run.status, 0, run.stderr)
            // The option's line and the lines that continue it.
            let lines = run.stdout.components(separatedBy: "\n")
            guard let start = lines.firstIndex(where: { $0.hasPrefix("  " + option + " ") }) else { return "" }
            let rest = lines[(start + 1)...].prefix { $0.hasPrefix("      ") }
            return ([lines[start]] + rest).joined(separator: "\n")
        }
        for option in ["--site", "--base-url"] {
            let build = try help(["build"], option)
            XCTAssertFalse(build.isEmpty)
            for command in [["check"], ["serve"], ["annotations", "import"]] {
                XCTAssertEqual(try help(command, option), build, "gen \(command.joined(separator: " ")) \(option)")
            }
        }
        // The commands that take only the site folder say it the same way.
        let site = try help(["build"], "--site")
        for command in [["new", "article"], ["new", "page"], ["new", "notes"], ["entities", "suggest"]] {
            XCTAssertEqual(try help(command, "--site"), site, "gen \(command.joined(separator: " ")) --site")
        }
    }
}

/// Docs, comments and templates speak of the product, never of the work on it (issues,
/// sessions).
final class ProductVoiceTests: XCTestCase {
    func testNoDocOrCommentSpeaksOfIssuesOrSessions() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let pattern = try NSRegularExpression(
            // Nor of a specification the repository does not hold ("SPEC §8").
            // A journal's `issue` (CSL's variable, in backticks or quotes) is the product's word.
            pattern: #"\b(this|last|next|previous|earlier|first|second|third|fourth|fifth) session\b|(?<![`"])\bissues?\b(?![`"])|(?-i:\bSPEC\b)"#,
            options: .caseInsensitive)
        var places: [String] = []
        for folder in ["docs", "Sources", "templates"] {
            let enumerator = FileManager.default.enumerator(atPath: root + "/" + folder)
            while let path = enumerator?.nextObject() as? String {
                guard path.hasSuffix(".md") || path.hasSuffix(".swift") || path.hasSuffix(".mustache") || path.hasSuffix(".css"),
                      !path.hasSuffix("EmbeddedTheme.swift") else { continue }
                let text = try String(contentsOfFile: root + "/" + folder + "/" + path, encoding: .utf8)
                for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    // In Swift, only comments speak.
                    if path.hasSuffix(".swift") && !line.contains("//") { continue }
                    let line = String(line)
                    if pattern.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil {
                        places.append("\(folder)/\(path):\(n + 1): \(line.trimmingCharacters(in: .whitespaces))")
                    }
                }
            }
        }
        for file in ["README.md", "gen.toml", "Makefile"] {
            let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            if pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil { places.append(file) }
        }
        XCTAssertEqual(places, [])
    }
}

/// docs/templates.md's table of the theme's files names every file of the built-in theme.
final class ThemeDocsTests: XCTestCase {
    func testEveryThemeFileIsDocumented() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("docs/templates.md"), encoding: .utf8)
        let theme = root.appendingPathComponent("templates").path
        let files = try FileManager.default.subpathsOfDirectory(atPath: theme).filter {
            var folder: ObjCBool = false
            return FileManager.default.fileExists(atPath: theme + "/" + $0, isDirectory: &folder) && !folder.boolValue
        }
        XCTAssertFalse(files.isEmpty)
        for file in files.sorted() {
            XCTAssertTrue(doc.contains("`\(file)`"), "docs/templates.md does not name \(file)")
        }
    }
}
