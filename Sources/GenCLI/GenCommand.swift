import ArgumentParser
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
}
