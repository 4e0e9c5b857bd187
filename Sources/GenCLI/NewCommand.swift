import ArgumentParser
import Foundation
import GenKit

/// `gen new`: the stub of a new article, page or annotation file, valid as written.
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write the stub of a new article, page or annotation file, and print its path.",
        subcommands: [Article.self, Page.self, Notes.self]
    )

    struct Article: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "content/articles/SLUG.md: a draft dated today, its slug made from the title.")
        @OptionGroup var folder: SiteFolderOption
        var site: String { folder.site }
        @Argument(help: "The article's title.")
        var title: String

        func run() throws {
            let date = ISO8601DateFormatter.string(from: Date(), timeZone: .current, formatOptions: [.withFullDate])
            try NewCommand.report { try Scaffold(siteDirectory: site).article(title: title, date: date) }
            print("note: it is a draft: build it with --drafts, or remove 'draft: true' to publish it")
        }
    }

    struct Page: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "content/pages/SLUG.md: a standalone page at /SLUG/.")
        @OptionGroup var folder: SiteFolderOption
        var site: String { folder.site }
        @Argument(help: "The page's title.")
        var title: String

        func run() throws {
            try NewCommand.report { try Scaffold(siteDirectory: site).page(title: title) }
        }
    }

    struct Notes: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "content/annotations/SLUG.md: an annotation file on article SLUG, with one note to edit.")
        @OptionGroup var folder: SiteFolderOption
        var site: String { folder.site }
        @Argument(help: "The slug of the article to annotate.")
        var slug: String

        func run() throws {
            try NewCommand.report { try Scaffold(siteDirectory: site).notes(on: slug) }
        }
    }

    /// Prints the path written, or the reason nothing was (exit status 1).
    static func report(_ make: () throws -> String) throws {
        do {
            print(try make())
        } catch {
            Terminal.printError("gen: error: \(error)")
            throw ExitCode(1)
        }
    }
}
