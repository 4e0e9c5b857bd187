import Mustache

/// The Mustache templates and static assets a site renders with: the built-in theme, with
/// any file of the site's `templates/` folder replacing the built-in file of the same name.
public struct Theme: Sendable {
    /// Templates every build renders; a site may override but not remove them.
    public static let pageTemplates = ["index", "article", "tag", "tags", "sources", "404", "feed", "sitemap"]
    public static let folder = "templates"

    public let library: MustacheLibrary
    /// Template name -> where it came from (`templates/x.mustache` or `(built-in)/x.mustache`).
    public let origins: [String: String]
    /// Asset path below `assets/` -> bytes.
    public let assets: [(path: String, bytes: [UInt8])]

    /// Loads the theme for the site at `siteDirectory`, reporting template errors.
    public static func load(siteDirectory: String?, fileSystem: FileSystem,
                            diagnostics: inout DiagnosticList) -> Theme {
        var sources: [String: (origin: String, text: String)] = [:]
        var assets: [String: [UInt8]] = [:]
        for (path, text) in EmbeddedTheme.files {
            if let name = templateName(path) {
                sources[name] = ("(built-in)/" + path, text)
            } else if path.hasPrefix("assets/") {
                assets[String(path.dropFirst(7))] = Array(text.utf8)
            }
        }
        if let siteDirectory {
            let root = siteDirectory + "/" + folder
            for path in listRecursively(root, fileSystem: fileSystem) {
                let origin = folder + "/" + path
                if path.hasPrefix("assets/") {
                    if let bytes = try? fileSystem.read(root + "/" + path) {
                        assets[String(path.dropFirst(7))] = bytes
                    } else {
                        diagnostics.error("cannot read asset", at: SourceLocation(origin))
                    }
                } else if let name = templateName(path) {
                    if let text = fileSystem.readText(origin, in: siteDirectory, diagnostics: &diagnostics) {
                        sources[name] = (origin, text)
                    }
                }
            }
        }
        var library = MustacheLibrary()
        FastHTMLEscaping.register
        let pragma = FastHTMLEscaping.pragma
        for name in sources.keys.sorted() {
            let (origin, text) = sources[name]!
            do {
                library.register(try MustacheTemplate(string: pragma + text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                let line = error.context.lineNumber
                let column = error.context.columnNumber - (line == 1 ? pragma.count : 0)
                diagnostics.error("template syntax error: \(describe(error.error))",
                                  at: SourceLocation(origin, line: line, column: max(1, column)))
            } catch {
                diagnostics.error("template error: \(error)", at: SourceLocation(origin))
            }
            checkPartials(in: text, origin: origin, known: Array(sources.keys), diagnostics: &diagnostics)
        }
        return Theme(library: library,
                     origins: sources.mapValues(\.origin),
                     assets: assets.keys.sorted().map { ($0, assets[$0]!) })
    }

    /// Renders template `name` with `context`.
    public func render(_ name: String, _ context: Any) -> String {
        library.render(context, withTemplate: name) ?? ""
    }

    static func templateName(_ path: String) -> String? {
        guard path.hasSuffix(".mustache"), !path.contains("/") else { return nil }
        return String(path.dropLast(".mustache".count))
    }

    static func listRecursively(_ root: String, fileSystem: FileSystem, prefix: String = "") -> [String] {
        guard let entries = fileSystem.list(root) else { return [] }
        var result: [String] = []
        for entry in entries where !entry.name.hasPrefix(".") {
            if entry.isDirectory {
                result += listRecursively(root + "/" + entry.name, fileSystem: fileSystem,
                                          prefix: prefix + entry.name + "/")
            } else {
                result.append(prefix + entry.name)
            }
        }
        return result
    }

    /// swift-mustache renders a missing partial as nothing; a missing partial is a mistake
    /// the user must hear about, at the line that names it.
    static func checkPartials(in text: String, origin: String, known: [String], diagnostics: inout DiagnosticList) {
        var line = 1, column = 1
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            if scalars[i] == "{", i + 2 < scalars.count, scalars[i + 1] == "{" {
                var j = i + 2
                while j < scalars.count, scalars[j] == " " { j += 1 }
                if j < scalars.count, scalars[j] == ">" || scalars[j] == "<" {
                    let kind = scalars[j] == ">" ? "partial" : "parent template"
                    j += 1
                    while j < scalars.count, scalars[j] == " " { j += 1 }
                    var name = ""
                    while j < scalars.count, scalars[j] != "}", scalars[j] != " " {
                        name.unicodeScalars.append(scalars[j]); j += 1
                    }
                    if !name.isEmpty, !name.hasPrefix("*"), !known.contains(name) {
                        var notes: [Diagnostic.Note] = []
                        if let close = Suggestions.closest(to: name, in: known, limit: 1).first {
                            notes.append(.init("did you mean '\(close)'?"))
                        }
                        notes.append(.init("add templates/\(name).mustache or fix the name"))
                        diagnostics.error("\(kind) '\(name)' does not exist",
                                          at: SourceLocation(origin, line: line, column: column), notes: notes)
                    }
                }
            }
            if scalars[i] == "\n" { line += 1; column = 1 } else { column += 1 }
            i += 1
        }
    }

    static func describe(_ error: Error) -> String {
        let text = "\(error)"
        switch text {
        case "unfinishedName": return "a tag is not closed with '}}'"
        case "sectionCloseNameIncorrect": return "a section is closed with the wrong name"
        case "expectedSectionEnd": return "a section is not closed"
        case "unmatchedTextTag": return "a '{{{' tag is not closed with '}}}'"
        case "overflow": return "the template ends inside a tag: a '{{' is not closed"
        case "invalidSetDelimiter": return "a set-delimiter tag is malformed"
        case "textInsideInheritSection", "illegalTokenInsideInheritSection":
            return "inside {{<parent}} ... {{/parent}} only {{$block}} overrides are allowed"
        default: return text
        }
    }
}
