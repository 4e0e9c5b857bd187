import ArgumentParser
import Foundation
import GenKit

/// `gen entities`: work on the people, organisations and places of a site.
struct EntitiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entities",
        abstract: "Work on the site's entities (people, organisations, places, ...).",
        subcommands: [SuggestCommand.self]
    )

    /// `gen entities suggest`: names that recur in the articles and are not entities yet.
    struct SuggestCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "suggest",
            abstract: "List capitalised names found in at least three articles that are not entities yet, with an entity-file stub each."
        )

        @OptionGroup var folder: SiteFolderOption
        var site: String { folder.site }

        @Flag(name: .long, help: "Save the stubs into content/entities/ (never overwriting a file).")
        var write = false

        @Option(name: .long, help: "How many names to list, most frequent first.")
        var limit: Int = 50

        @Option(name: .long, help: "In how many articles a name must appear.")
        var minimum: Int = 3

        func validate() throws {
            if limit < 1 { throw ValidationError("--limit must be at least 1") }
            if minimum < 1 { throw ValidationError("--minimum must be at least 1") }
        }

        func run() throws {
            var diagnostics = DiagnosticList()
            let fileSystem = LocalFileSystem()
            let loader = ArticleLoader(fileSystem: fileSystem, siteDirectory: site)
            let articles = loader.listFiles(diagnostics: &diagnostics).compactMap { loader.load($0, diagnostics: &diagnostics) }
            let entities = EntityLoader(fileSystem: fileSystem, siteDirectory: site).loadAll(diagnostics: &diagnostics)
            Terminal.printDiagnostics(DiagnosticList(diagnostics.items.filter { $0.severity == .error }))
            if diagnostics.hasErrors { throw ExitCode(1) }
            let suggestions = EntitySuggester.suggest(articles: articles, entities: entities, minimum: minimum).prefix(limit)
            if suggestions.isEmpty {
                print("gen: no name recurs in \(minimum) or more articles without being an entity")
                return
            }
            for suggestion in suggestions {
                let path = EntityLoader.folder + "/" + suggestion.slug + ".md"
                print("\(suggestion.name): \(Terminal.plural(suggestion.articles, "article")) -> \(path)")
                if write {
                    let full = site + "/" + path
                    if FileManager.default.fileExists(atPath: full) {
                        Terminal.printError("warning: \(path) exists already and was left as it is")
                    } else {
                        try FileManager.default.createDirectory(atPath: site + "/" + EntityLoader.folder, withIntermediateDirectories: true)
                        try Data(suggestion.stub.utf8).write(to: URL(fileURLWithPath: full))
                        print("  created \(path)")
                    }
                } else {
                    print(suggestion.stub.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n"))
                }
            }
        }
    }
}
