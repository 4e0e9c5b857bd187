import ArgumentParser
import GenKit

/// `gen init`: a small working site, or the built-in theme copied out to edit.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Make a small working site in DIR, or copy the built-in theme into templates/."
    )

    @Argument(help: "The folder of the site.")
    var directory: String = "."

    @Flag(name: .long, help: "Copy the built-in theme into DIR/templates/ to edit it.")
    var templates = false

    func run() throws {
        let initializer = SiteInitializer(directory: directory)
        var written: [String] = [], skipped: [String] = []
        do {
            if !templates {
                (written, skipped) = try initializer.makeSite()
            } else {
                (written, skipped) = try initializer.copyTemplates()
            }
        } catch {
            Terminal.printError("error: \(error)")
            throw ExitCode(1)
        }
        for path in written { print("created \(directory == "." ? "" : directory + "/")\(path)") }
        for path in skipped { Terminal.printError("warning: \(path) exists already and was left as it is") }
        if !templates {
            print(directory == "." ? "next: gen build" : "next: cd \(directory) && gen build")
        }
    }
}
