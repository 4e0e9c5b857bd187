import Templates

/// The Mustache templates and static assets a site renders with: the built-in theme, with
/// any file of the site's `templates/` folder replacing the built-in file of the same name.
public struct Theme: Sendable {
    /// Templates every build renders (those of `PageKinds.all`); a site may override but not remove them.
    public static var pageTemplates: [String] { PageKinds.templates }
    public static let folder = "templates"
    /// Assets (paths below `assets/`) that only the search page uses: written only when the site
    /// is indexed for search (`SiteConfig.SearchSettings.indexed`), the built-in file or a site's
    /// own alike. Their paths stay the theme's either way (a static file there is a clash).
    public static let searchAssets: Set<String> = ["search.js"]

    public let library: TemplateLibrary
    /// Template name -> where it came from (`templates/x.mustache` or `(built-in)/x.mustache`).
    public let origins: [String: String]
    /// Asset path below `assets/` -> bytes.
    public let assets: [(path: String, bytes: [UInt8])]
    /// Each asset's origin (`templates/assets/x` or `(built-in)/assets/x`), in `assets`' order.
    public let assetOrigins: [String]

    /// Loads the theme for the site at `siteDirectory`, reporting template errors.
    public static func load(siteDirectory: String?, fileSystem: FileSystem,
                            diagnostics: inout DiagnosticList) -> Theme {
        var sources: [String: (origin: String, text: String)] = [:]
        var assets: [String: [UInt8]] = [:]
        var assetOrigins: [String: String] = [:]
        for (path, text) in EmbeddedTheme.files {
            if let name = templateName(path) {
                sources[name] = ("(built-in)/" + path, text)
            } else if path.hasPrefix("assets/") {
                assets[String(path.dropFirst(7))] = Array(text.utf8)
                assetOrigins[String(path.dropFirst(7))] = "(built-in)/" + path
            }
        }
        if let siteDirectory {
            let root = siteDirectory + "/" + folder
            for path in fileSystem.listRecursively(root) {
                let origin = folder + "/" + path
                if path.hasPrefix("assets/") {
                    if let bytes = fileSystem.readBytes(origin, in: siteDirectory, diagnostics: &diagnostics) {
                        assets[String(path.dropFirst(7))] = bytes
                        assetOrigins[String(path.dropFirst(7))] = origin
                    }
                } else if let name = templateName(path) {
                    if let text = fileSystem.readText(origin, in: siteDirectory, diagnostics: &diagnostics) {
                        sources[name] = (origin, text)
                    }
                }
            }
        }
        var library = TemplateLibrary()
        let known = Array(sources.keys)
        for name in sources.keys.sorted() {
            let (origin, text) = sources[name]!
            do {
                let template = try Template(text)
                library.register(template, named: name)
                checkReferences(template.references, origin: origin, known: known, diagnostics: &diagnostics)
                for (line, column) in template.ignoredText {
                    diagnostics.warning("text between a parent's overrides is ignored", at: SourceLocation(origin, line: line, column: column),
                                        notes: [.init("only what is inside {{$block}} ... {{/block}} replaces the parent's blocks")])
                }
            } catch {
                diagnostics.error("template syntax error: \(error.message)",
                                  at: SourceLocation(origin, line: error.line, column: error.column))
            }
        }
        let origins = sources.mapValues(\.origin)
        checkCycles(library, origins: origins, diagnostics: &diagnostics)
        TemplateNameCheck.check(library, origins: origins, pageTemplates: pageTemplates, diagnostics: &diagnostics)
        return Theme(library: library,
                     origins: origins,
                     assets: assets.keys.sorted().map { ($0, assets[$0]!) },
                     assetOrigins: assets.keys.sorted().map { assetOrigins[$0]! })
    }

    /// The templates `name` uses, itself included: its partials and parents, and theirs.
    public func uses(_ name: String) -> Set<String> {
        var seen: Set<String> = []
        var queue = [name]
        while let next = queue.popLast() {
            guard seen.insert(next).inserted, let template = library[next] else { continue }
            queue += template.references.map(\.name)
        }
        return seen
    }

    /// Renders template `name` with `context`, as UTF-8.
    public func render(_ name: String, _ context: some TemplateObject) -> [UInt8] {
        PhaseTimer.measure(10) { library.render(name, .object(context)) }
    }

    public func render(_ name: String, _ context: TemplateValue) -> [UInt8] {
        library.render(name, context)
    }

    static func templateName(_ path: String) -> String? {
        guard path.hasSuffix(".mustache"), !path.contains("/") else { return nil }
        return String(path.dropLast(".mustache".count))
    }

    /// A template that includes itself on every render (directly or through others, outside any
    /// section) would never end: an error at the inclusion that closes the circle. Inclusion
    /// inside a section is recursion over the data, which ends where the data does.
    static func checkCycles(_ library: TemplateLibrary, origins: [String: String], diagnostics: inout DiagnosticList) {
        let names = library.templates.keys.sorted()
        // Depth-first over unconditional inclusions; 1 = on the current path, 2 = done.
        var state: [String: Int] = [:]
        var path: [String] = []
        func visit(_ name: String) {
            state[name] = 1
            path.append(name)
            for reference in library[name]?.references ?? [] where reference.unconditional && library[reference.name] != nil {
                switch state[reference.name] {
                case 1:
                    let circle = path[path.lastIndex(of: reference.name)!...] + [reference.name]
                    diagnostics.error("\(reference.isParent ? "parent template" : "partial") '\(reference.name)' includes itself on every render (\(circle.joined(separator: " → "))): it would never end",
                                      at: SourceLocation(origins[name] ?? name, line: reference.line, column: reference.column),
                                      notes: [.init("include it inside a section, so that the recursion ends where the data does")])
                case nil: visit(reference.name)
                default: break
                }
            }
            path.removeLast()
            state[name] = 2
        }
        for name in names where state[name] == nil { visit(name) }
    }

    /// A missing partial renders as nothing in Mustache; here it is a mistake the user hears
    /// about, at the line that names it.
    static func checkReferences(_ references: [Template.Reference], origin: String, known: [String],
                                diagnostics: inout DiagnosticList) {
        for reference in references where !known.contains(reference.name) {
            let name = reference.name
            var notes: [Diagnostic.Note] = []
            if let close = Suggestions.closest(to: name, in: known, limit: 1).first {
                notes.append(.init("did you mean '\(close)'?"))
            }
            notes.append(.init("add templates/\(name).mustache or fix the name"))
            diagnostics.error("\(reference.isParent ? "parent template" : "partial") '\(name)' does not exist",
                              at: SourceLocation(origin, line: reference.line, column: reference.column), notes: notes)
        }
    }
}
