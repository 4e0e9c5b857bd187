import Yams

/// Reads the bibliography: `content/sources.yaml` (CSL-YAML), `content/sources.json`
/// (CSL-JSON as Zotero and Pandoc export it) and any `.yaml`, `.yml` or `.json` file under
/// `content/sources/`. JSON is read by the YAML parser (JSON is YAML), so every entry keeps its
/// line for diagnostics.
public struct SourceLoader: Sendable {
    let fileSystem: FileSystem
    let siteDirectory: String

    public init(fileSystem: FileSystem, siteDirectory: String) {
        self.fileSystem = fileSystem
        self.siteDirectory = siteDirectory
    }

    /// The bibliography's files at the top of content/, and its folder of more.
    static let files = ["content/sources.yaml", "content/sources.yml", "content/sources.json"]
    static let folder = "content/sources"

    /// The bibliography files in a fixed order, with an error for each entry of `content/sources/` gen does not read (a folder or file
    /// linked out of the site, a FIFO), and for the folder itself linked out.
    func listFiles(refused: inout DiagnosticList) -> [String] {
        var files: [String] = []
        for name in Self.files where fileSystem.exists(siteDirectory + "/" + name) {
            files.append(name)
        }
        if let refusal = fileSystem.refusal(of: siteDirectory + "/" + Self.folder) {
            refused.refused(Self.folder, refusal)
            return files
        }
        for path in fileSystem.listReadable(Self.folder, in: siteDirectory, diagnostics: &refused)
        where path.hasSuffix(".yaml") || path.hasSuffix(".yml") || path.hasSuffix(".json") {
            files.append(Self.folder + "/" + path)
        }
        return files
    }

    /// Every source by id, in file order; duplicates and malformed entries are diagnostics.
    public func load(diagnostics: inout DiagnosticList) -> [SourceRecord] {
        read(diagnostics: &diagnostics).records
    }

    /// Every source by id, and whether every bibliography file could be read as one (not: a
    /// file malformed as a whole, whose entries are all unknown, though the error is the file's).
    public func read(diagnostics: inout DiagnosticList) -> (records: [SourceRecord], complete: Bool) {
        var records: [SourceRecord] = []
        var seen: [String: SourceLocation] = [:]
        var complete = true
        var refused = DiagnosticList()
        let files = listFiles(refused: &refused)
        if refused.hasErrors { complete = false }
        diagnostics.append(contentsOf: refused)
        for path in files {
            guard let read = load(path, diagnostics: &diagnostics) else {
                complete = false
                continue
            }
            for record in read {
                if let first = seen[record.id] {
                    diagnostics.error("duplicate source id '\(record.id)'", at: record.location,
                                      notes: [.init("first defined here", at: first)])
                    continue
                }
                seen[record.id] = record.location
                records.append(record)
            }
        }
        return (records, complete)
    }

    /// The file's sources; nil when it cannot be read, or not as a bibliography.
    func load(_ path: String, diagnostics: inout DiagnosticList) -> [SourceRecord]? {
        guard let text = fileSystem.readText(path, in: siteDirectory, diagnostics: &diagnostics) else { return nil }
        return parse(text, path: path, diagnostics: &diagnostics)
    }

    func parse(_ text: String, path: String, diagnostics: inout DiagnosticList) -> [SourceRecord]? {
        let format = path.hasSuffix(".json") ? "JSON" : "YAML"
        func location(_ mark: Mark?) -> SourceLocation {
            SourceLocation(path, line: mark?.line ?? 1, column: mark?.column ?? 1)
        }
        // JSON is read as JSON first (YAML, which reads it too, would take a trailing comma
        // and say what is wrong in YAML's words).
        if format == "JSON" {
            do {
                _ = try PositionedJSON.parse(Array(text.utf8))
            } catch let error as PositionedJSON.SyntaxError {
                diagnostics.error("malformed JSON: \(error.message)", at: SourceLocation(path, line: error.position.line,
                                                                                      column: error.position.column))
                return nil
            } catch {
                diagnostics.error("malformed JSON: \(error)", at: SourceLocation(path))
                return nil
            }
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .basic, .default, .utf8)
        } catch let error as YamlError {
            var mark: Mark?
            var problem = "\(error)"
            var context: YamlError.Context?
            switch error {
            case let .scanner(c, p, m, _), let .parser(c, p, m, _), let .composer(c, p, m, _): problem = p; mark = m; context = c
            default: break
            }
            // As for front matter: the parser's own context, and the slip it stopped after.
            var notes: [Diagnostic.Note] = context.map { [.init($0.text, at: location($0.mark))] } ?? []
            notes += SyntaxHints.yaml(text.split(separator: "\n", omittingEmptySubsequences: false), firstLine: 1,
                                      errorLine: location(mark).line, path: path)
            diagnostics.error("malformed \(format): \(problem)", at: location(mark), notes: notes)
            return nil
        } catch {
            diagnostics.error("malformed \(format): \(error)", at: SourceLocation(path))
            return nil
        }
        guard let root else { return [] }
        // CSL-YAML is a list, or `references: [...]` as Pandoc writes it.
        let entries: Node.Sequence
        if let sequence = root.sequence {
            entries = sequence
        } else if let list = root.mapping?["references"]?.sequence {
            entries = list
        } else {
            diagnostics.error("a bibliography is a list of references (CSL-\(format))", at: location(root.mark))
            return nil
        }
        var records: [SourceRecord] = []
        for entry in entries {
            guard let mapping = entry.mapping else {
                diagnostics.error("each reference must be a mapping with an 'id'", at: location(entry.mark))
                continue
            }
            guard let id = mapping["id"]?.scalar?.string, !id.isEmpty else {
                diagnostics.error("this reference has no 'id'", at: location(entry.mark))
                continue
            }
            // Fields gen reads are type-checked: text where CSL has text, names, dates.
            var checked = CheckedFields(id: id, path: path)
            let type = checked.text("type", in: mapping) ?? "webpage"
            if mapping["type"] != nil, !Self.cslTypes.contains(type) {
                let close = Self.otherToolsTypes[type].map { [$0] } ?? Suggestions.closest(to: type, in: Self.cslTypes, limit: 1)
                checked.problems.error("'\(type)' is not a CSL type (source '\(id)')", at: location(mapping["type"]?.mark),
                                       notes: [.init(close.first.map { "did you mean '\($0)'?" }
                                           ?? "CSL types include article-newspaper, book, report, webpage")])
            }
            var record = SourceRecord(id: id, type: type, location: location(entry.mark))
            record.title = checked.text("title", in: mapping)
            record.containerTitle = checked.text("container-title", in: mapping)
            record.publisher = checked.text("publisher", in: mapping)
            record.publisherPlace = checked.text("publisher-place", in: mapping)
            record.volume = checked.text("volume", in: mapping)
            record.issue = checked.text("issue", in: mapping)
            record.page = checked.text("page", in: mapping)
            record.genre = checked.text("genre", in: mapping)
            record.number = checked.text("number", in: mapping)
            record.edition = checked.text("edition", in: mapping)
            if let text = checked.text("DOI", in: mapping) ?? checked.text("doi", in: mapping) {
                record.doi = SourceRecord.doi(from: text)
                if record.doi == nil {
                    diagnostics.warning("'\(mapping["DOI"] != nil ? "DOI" : "doi")' of '\(id)' is not a DOI; it is left out",
                                        at: location((mapping["DOI"] ?? mapping["doi"])?.mark),
                                        notes: [.init("a DOI starts with '10.' and has a '/': write DOI: 10.1000/xyz123")])
                }
            }
            record.url = checked.text("URL", in: mapping) ?? checked.text("url", in: mapping)
            record.archived = checked.text("archived", in: mapping) ?? checked.text("archive_url", in: mapping)
            if let authors = mapping["author"] { record.authors = checked.names("author", authors) }
            if let editors = mapping["editor"] { record.editors = checked.names("editor", editors) }
            if let translators = mapping["translator"] { record.translators = checked.names("translator", translators) }
            if let issued = mapping["issued"] { record.issued = checked.date("issued", issued) }
            if let accessed = mapping["accessed"] { record.accessed = checked.date("accessed", accessed) }
            // CSL's other variables, which the theme does not show, are checked all the same: a
            // bibliography is kept for other tools too.
            for key in Self.cslTextVariables where mapping[key] != nil { _ = checked.text(key, in: mapping) }
            for key in Self.cslNameVariables { if let names = mapping[key] { _ = checked.names(key, names) } }
            for key in Self.cslDateVariables { if let date = mapping[key] { _ = checked.date(key, date) } }
            diagnostics.append(contentsOf: checked.problems)
            for key in ["URL", "url", "archived", "archive_url"] {
                if let value = mapping[key]?.scalar?.string, !ArticleLoader.isSafeLink(value) {
                    diagnostics.warning("'\(key)' of '\(id)' must be an http or https address; it is left out",
                                        at: location(mapping[key]?.mark))
                    if key.hasPrefix("archive") { record.archived = nil } else { record.url = nil }
                }
            }
            records.append(record)
        }
        return records
    }

    /// CSL 1.0.2's standard and number variables that gen does not show, read as text (those it
    /// shows are read above).
    static let cslTextVariables = ["abstract", "annote", "archive", "archive_collection", "archive_location", "archive-place",
                                   "authority", "call-number", "chapter-number", "citation-key", "citation-label",
                                   "collection-number", "collection-title", "container-title-short", "dimensions", "division",
                                   "event", "event-place", "event-title", "first-reference-note-number",
                                   "ISBN", "ISSN", "jurisdiction", "keyword", "language", "license",
                                   "locator", "medium", "note", "number-of-pages", "number-of-volumes",
                                   "original-publisher", "original-publisher-place", "original-title", "page-first",
                                   "part", "part-title", "PMCID", "PMID", "printing", "references",
                                   "reviewed-genre", "reviewed-title", "scale", "section", "source", "status", "supplement",
                                   "title-short", "version", "volume-title", "year-suffix"]
    /// CSL's name variables besides those shown (`author`, `editor`, `translator`).
    static let cslNameVariables = ["chair", "collection-editor", "compiler", "composer", "container-author", "contributor",
                                   "curator", "director", "editorial-director", "executive-producer", "guest",
                                   "host", "illustrator", "interviewer", "narrator", "organizer", "original-author",
                                   "performer", "producer", "recipient", "reviewed-author", "script-writer", "series-creator"]
    /// CSL's date variables besides `issued` and `accessed`.
    static let cslDateVariables = ["available-date", "event-date", "original-date", "submitted"]

    /// Zotero's and BibTeX's names of item types (as written in their own exports, or copied
    /// from them), with the CSL type each is exported as: the suggestion for a misnamed type.
    static let otherToolsTypes: [String: String] = [
        "journalArticle": "article-journal", "magazineArticle": "article-magazine", "newspaperArticle": "article-newspaper",
        "bookSection": "chapter", "conferencePaper": "paper-conference", "blogPost": "post-weblog", "forumPost": "post",
        "encyclopediaArticle": "entry-encyclopedia", "dictionaryEntry": "entry-dictionary", "computerProgram": "software",
        "film": "motion_picture", "videoRecording": "motion_picture", "tvBroadcast": "broadcast", "radioBroadcast": "broadcast",
        "podcast": "song", "audioRecording": "song", "case": "legal_case", "statute": "legislation", "letter": "personal_communication",
        "email": "personal_communication", "presentation": "speech", "artwork": "graphic", "preprint": "article",
        "inproceedings": "paper-conference", "incollection": "chapter", "inbook": "chapter", "phdthesis": "thesis",
        "mastersthesis": "thesis", "techreport": "report", "misc": "document", "online": "webpage", "booklet": "pamphlet",
        "proceedings": "book", "unpublished": "manuscript",
    ]

    /// The item types of CSL 1.0.2.
    static let cslTypes = ["article", "article-journal", "article-magazine", "article-newspaper", "bill", "book",
                           "broadcast", "chapter", "classic", "collection", "dataset", "document", "entry",
                           "entry-dictionary", "entry-encyclopedia", "event", "figure", "graphic", "hearing", "interview",
                           "legal_case", "legislation", "manuscript", "map", "motion_picture", "musical_score", "pamphlet",
                           "paper-conference", "patent", "performance", "periodical", "personal_communication", "post",
                           "post-weblog", "regulation", "report", "review", "review-book", "software", "song", "speech",
                           "standard", "thesis", "treaty", "webpage"]

    /// One reference's fields read with their types checked; what does not fit is an error at
    /// its line and column, and the field is left out.
    struct CheckedFields {
        let id: String
        let path: String
        var problems = DiagnosticList()

        func location(_ node: Node) -> SourceLocation {
            SourceLocation(path, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        }

        static func kind(_ node: Node) -> String {
            node.sequence != nil ? "a list" : node.mapping != nil ? "a mapping" : "an alias"
        }

        /// A text field: a scalar (a number reads as its digits).
        mutating func text(_ key: String, in mapping: Node.Mapping) -> String? {
            guard let node = mapping[key] else { return nil }
            if let scalar = node.scalar { return scalar.string }
            problems.error("'\(key)' of '\(id)' must be text, not \(Self.kind(node))", at: location(node),
                           notes: [.init("write \(key): \"...\"")])
            return nil
        }

        /// CSL names: a list (or one) of `{family, given}`, `{literal}` or plain text.
        mutating func names(_ key: String, _ node: Node) -> [SourceRecord.Name] {
            let items = node.sequence.map(Array.init) ?? [node]
            var names: [SourceRecord.Name] = []
            for item in items {
                if let text = item.scalar?.string {
                    names.append(SourceRecord.Name(literal: text))
                    continue
                }
                guard let mapping = item.mapping else {
                    problems.error("a name in '\(key)' of '\(id)' must be a mapping or text, not \(Self.kind(item))",
                                   at: location(item), notes: [.init("write {family: Doe, given: Jane}, or {literal: The Agency}")])
                    continue
                }
                let name = SourceRecord.Name(family: text("family", in: mapping), given: text("given", in: mapping),
                                             literal: text("literal", in: mapping),
                                             droppingParticle: text("dropping-particle", in: mapping),
                                             nonDroppingParticle: text("non-dropping-particle", in: mapping),
                                             suffix: text("suffix", in: mapping))
                if name.display.isEmpty {
                    problems.error("a name in '\(key)' of '\(id)' has no family, given or literal part", at: location(item))
                    continue
                }
                names.append(name)
            }
            return names
        }

        /// A date: `2005-03-14`, `2005-03`, `2005`, `{date-parts: [[2005, 3, 14]]}`, `{raw: ...}`,
        /// `{literal: ...}`. Months are 1 to 12 and days exist in their month.
        mutating func date(_ key: String, _ node: Node) -> SourceRecord.Date? {
            let hint = Diagnostic.Note(path.hasSuffix(".json")
                ? "write \"\(key)\": \"2005-03-14\" (or \"2005-03\", \"2005\"), or \"\(key)\": {\"date-parts\": [[2005, 3, 14]]}"
                : "write 2005-03-14, 2005-03, 2005, or date-parts: [[2005, 3, 14]]")
            // A date written as text (`issued: 2005-03`, `raw: "2005-03"`), read and checked.
            func textDate(_ text: String, at node: Node) -> SourceRecord.Date? {
                switch SourceLoader.checkedDate(text) {
                case .success(let date): return date
                case .failure(let problem):
                    problems.error("'\(key)' of '\(id)' is not a date: \(problem.message)", at: location(node), notes: [hint])
                    return nil
                }
            }
            if let text = node.scalar?.string { return textDate(text, at: node) }
            guard let mapping = node.mapping else {
                problems.error("'\(key)' of '\(id)' must be a date, not \(Self.kind(node))", at: location(node), notes: [hint])
                return nil
            }
            if let partsNode = mapping["date-parts"] {
                guard let ranges = partsNode.sequence, let first = ranges.first, let parts = first.sequence,
                      (1...3).contains(parts.count) else {
                    problems.error("'date-parts' of '\(id)' must be a list of one list of a year, a month and a day",
                                   at: location(partsNode), notes: [hint])
                    return nil
                }
                var numbers: [Int] = []
                for part in parts {
                    guard let number = part.scalar.flatMap({ Int($0.string) }) else {
                        let shown = part.scalar.map { Diagnostic.quoted($0.string) } ?? Self.kind(part)
                        problems.error("'date-parts' of '\(id)' holds \(shown), not a number", at: location(part), notes: [hint])
                        return nil
                    }
                    numbers.append(number)
                }
                if let problem = SourceLoader.dateProblem(numbers) {
                    let at = Array(parts)[problem.part]
                    problems.error("'\(key)' of '\(id)' is not a date: \(problem.message)", at: location(at), notes: [hint])
                    return nil
                }
                // A range (a second list) ends after it begins, and is a date too.
                if ranges.count > 1 {
                    let end = Array(ranges)[1]
                    let endNumbers = end.sequence?.compactMap { $0.scalar.flatMap { Int($0.string) } } ?? []
                    if ranges.count > 2 || endNumbers.isEmpty || endNumbers.count != end.sequence?.count || endNumbers.count > 3
                        || SourceLoader.dateProblem(endNumbers) != nil {
                        problems.error("the end of the range in '\(key)' of '\(id)' is not a date", at: location(end),
                                       notes: [.init("write date-parts: [[2005, 3, 14], [2005, 3, 20]] for a range")])
                    } else if endNumbers.lexicographicallyPrecedes(numbers.prefix(endNumbers.count)) {
                        problems.error("the range in '\(key)' of '\(id)' ends before it begins", at: location(end),
                                       notes: [.init("write the earlier date first")])
                    } else if endNumbers != numbers {
                        return SourceRecord.Date(parts: numbers, end: endNumbers)
                    }
                }
                return SourceRecord.Date(parts: numbers)
            }
            if let raw = mapping["raw"] ?? mapping["literal"] {
                guard let text = raw.scalar?.string else {
                    problems.error("'\(key)' of '\(id)' must be text, not \(Self.kind(raw))", at: location(raw), notes: [hint])
                    return nil
                }
                // A raw date is one to read, as a text date is; a literal one is shown as written.
                guard mapping["raw"] != nil else { return SourceRecord.Date(parts: [], raw: text) }
                return textDate(text, at: raw)
            }
            problems.error("'\(key)' of '\(id)' has no 'date-parts', 'raw' or 'literal'", at: location(node), notes: [hint])
            return nil
        }
    }

    /// What is wrong with a date, and which of its parts (0 year, 1 month, 2 day).
    struct DateProblem: Error {
        var message: String
        var part: Int
    }

    /// The problem of a year, month and day, if any: a month outside 1–12, a day its month
    /// does not have.
    static func dateProblem(_ parts: [Int]) -> DateProblem? {
        guard parts.count > 1 else { return nil }
        let month = parts[1]
        guard (1...12).contains(month) else { return DateProblem(message: "there is no month \(month)", part: 1) }
        guard parts.count > 2 else { return nil }
        let year = parts[0], day = parts[2]
        let days = SiteDate.daysIn(month: month, year: year)
        guard (1...days).contains(day) else {
            return DateProblem(message: day < 1 ? "there is no day \(day)" : "\(SiteDate.monthNames[month - 1]) \(year) has \(days) days, not \(day)",
                               part: 2)
        }
        return nil
    }

    /// A text date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a time after the day ignored) checked;
    /// text that does not start with a four-digit year is kept as written ("Spring 2024").
    static func checkedDate(_ text: String) -> Result<SourceRecord.Date, DateProblem> {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count, bytes[range].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            return Int(String(decoding: bytes[range], as: UTF8.self))
        }
        guard let year = number(0..<4), bytes.count == 4 || bytes[4] == 0x2D else {
            // Words ("Spring 2024", "n.d.") are kept as written; what starts as a number or a
            // sign is meant as one, and is none.
            if let first = bytes.first, (first >= 0x30 && first <= 0x39) || first == 0x2D || first == 0x2B {
                return .failure(DateProblem(message: "write a year of four digits, then the month and the day, as in 2005-03-14", part: 0))
            }
            return .success(SourceRecord.Date(parts: [], raw: text))
        }
        var parts = [year]
        if bytes.count > 4 {
            guard let month = number(5..<7), bytes.count == 7 || bytes[7] == 0x2D else {
                return .failure(DateProblem(message: "write the month with two digits, as in 2005-03", part: 1))
            }
            parts.append(month)
            if bytes.count > 7 {
                guard let day = number(8..<10) else {
                    return .failure(DateProblem(message: "write the day with two digits, as in 2005-03-14", part: 2))
                }
                parts.append(day)
            }
        }
        if let problem = dateProblem(parts) { return .failure(problem) }
        // After the day, only a time (which is not kept, but must be one).
        if bytes.count > 10, SiteDate(parsing: text) == nil {
            return .failure(DateProblem(message: "after the day only a time may follow, as in 2005-03-14T09:30:00Z", part: 2))
        }
        return .success(SourceRecord.Date(parts: parts))
    }

    /// A text date, or nil when it is not one (`checkedDate`).
    static func date(_ text: String) -> SourceRecord.Date? {
        try? checkedDate(text).get()
    }
}
