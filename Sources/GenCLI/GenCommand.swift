import ArgumentParser
import Foundation
import GenKit

/// The `gen` command line: build, check, serve, init, new, entities and annotations.
public struct GenCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "gen",
        abstract: "A static site generator for annotated articles.",
        version: "gen \(GenVersion.current) (cmark-gfm \(GenVersion.cmarkGFM))",
        subcommands: [BuildCommand.self, CheckCommand.self, ServeCommand.self, InitCommand.self, NewCommand.self, EntitiesCommand.self,
                      AnnotationsCommand.self]
    )

    public init() {}

    /// `main()`, but a misspelt command ("gen bild") gets the closest one named, as git does.
    public static func mainSuggestingCommands(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) {
        if let first = arguments.first, !first.hasPrefix("-") {
            let names = configuration.subcommands.map { $0._commandName } + ["help"]
            if !names.contains(first) {
                let close = Suggestions.closest(to: first, in: names, limit: 1).first
                Terminal.printError("gen: error: '\(first)' is not a gen command"
                                    + (close.map { "; did you mean '\($0)'?" } ?? "")
                                    + "\nnote: the commands are " + names.dropLast().joined(separator: ", ") + " (gen --help says more)")
                Foundation.exit(64)
            }
            // A command made of commands (gen new, gen entities, gen annotations): the same for its own.
            if let command = configuration.subcommands.first(where: { $0._commandName == first }),
               case let inner = command.configuration.subcommands.map({ $0._commandName }), !inner.isEmpty,
               arguments.count > 1, case let second = arguments[1], !second.hasPrefix("-"), !inner.contains(second), second != "help" {
                let close = Suggestions.closest(to: second, in: inner, limit: 1).first
                Terminal.printError("gen: error: '\(second)' is not a command of gen \(first)"
                                    + (close.map { "; did you mean '\($0)'?" } ?? "")
                                    + "\nnote: gen \(first) has " + inner.joined(separator: ", ") + " (gen \(first) --help says more)")
                Foundation.exit(64)
            }
        }
        main(arguments)
    }
}
