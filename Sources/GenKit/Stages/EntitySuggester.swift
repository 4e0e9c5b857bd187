import Markdown

/// `gen entities suggest`: capitalised names that recur in at least three articles and are
/// not yet an entity's name or alias, most frequent first, each with an entity-file stub.
public enum EntitySuggester {
    public struct Suggestion: Sendable, Equatable {
        public var name: String
        public var articles: Int
        public var slug: String

        /// The kind the name suggests (`EntitySuggester.guessKind`).
        public var kind: Entity.Kind { EntitySuggester.guessKind(name) }

        /// A ready `content/entities/<slug>.md`.
        public var stub: String {
            let quoted = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return """
            ---
            name: "\(quoted)"
            kind: \(kind.rawValue)\(String(repeating: " ", count: max(1, 13 - kind.rawValue.count)))# \(kind == .other ? "" : "guessed from the name; ")person | organization | place | event | work | topic | other
            aliases: []
            description: ""
            ---

            """
        }
    }

    /// Words that start sentences and headlines far more often than they start names.
    static let stopwords: Set<String> = Set("""
    The A An In On At Of For And But Or If It Its He She They We I You This That These Those There Their His Her \
    Our Your Mr Mrs Ms Dr Sir After Before When While Where What Who Why How As By From To With Without Under Over \
    About Also Some Many Most More Last Next First Second New Monday Tuesday Wednesday Thursday Friday Saturday \
    Sunday January February March April May June July August September October November December However Meanwhile \
    Although Since Because So Yet Still Speaking Asked According One Two Three Four Five Six Seven Eight Nine Ten All \
    Both Each Every No Not Now Then Than Is Are Was Were Be Been Has Have Had Do Does Did Can Could Will Would Should \
    May Might Must Here Such Other Another Any Only Even Just Very Much Well Yes Why Let Many Few Its Into Onto Upon
    """.split(separator: " ").map(String.init))

    /// An organisation or a place when a word of the name says so ("Environment Agency",
    /// "Labour Party", "River Thames", "Oxford Street"); else `other`, for the writer to set.
    /// Names of people have no such word, and a guess without one would be wrong too often.
    static func guessKind(_ name: String) -> Entity.Kind {
        let words = name.split(whereSeparator: { $0 == " " || $0 == "-" }).map(String.init)
        // The last word first: "Times Square" is a place, "The Washington Post" an organisation.
        if let last = words.last, words.count > 1, placeLastWords.contains(last) { return .place }
        if words.contains(where: organisationWords.contains) { return .organization }
        if let first = words.first, words.count > 1, placeFirstWords.contains(first) { return .place }
        return .other
    }

    static let organisationWords: Set<String> = Set("""
    Party Agency Council Commission Committee Association University College Ministry Department Bank Company Corporation \
    Group Trust Union Institute Foundation Authority Service Board Parliament Congress Senate Assembly Federation League \
    Club Society Police Government Inc Ltd Plc FC Airways Airlines Organisation Organization Network Coalition Alliance \
    Holdings Partners Industries Enterprises Ventures Capital Media Press Times Post News Broadcasting Records Studios \
    Hospital School Academy Court Tribunal Office Bureau Secretariat Executive Cabinet Navy Army Forces Charity Fund LLC GmbH
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    static let placeFirstWords: Set<String> = ["River", "Lake", "Mount", "Isle", "Cape", "Port", "Fort"]
    static let placeLastWords: Set<String> = Set("""
    Street Road Avenue Square Bridge Harbour Harbor Island Islands County City Valley Bay Lake River Airport Station \
    Mountains Sea Ocean Coast Province Region Canal Forest Hill Hills Beach Peninsula
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    /// Titles before a name ("Mayor Helen Brooks", "Prime Minister Tony Blair"): never its first
    /// word, so that the name is counted as the text names it elsewhere (Mr, Mrs, Ms, Dr and Sir
    /// are `stopwords`, never part of a name at all).
    static let titles: Set<String> = Set("""
    Mayor President Prime Minister Chancellor Secretary Senator Governor Councillor Cllr Professor Prof Judge \
    Lord Lady Dame Baroness Baron Miss King Queen Prince Princess Pope Bishop Archbishop Rev \
    Reverend Father Chief Inspector Detective Sergeant Captain Colonel Commissioner Ambassador Chairman Chairwoman \
    Deputy Leader Speaker Coach Manager Editor
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    public static func suggest(articles: [Article], entities: [Entity], minimum: Int = 3,
                               options: MarkdownOptions = MarkdownOptions()) -> [Suggestion] {
        var known = Set<String>()
        for entity in entities { known.formUnion(entity.names) }
        // A name found without its title is the same entity's: "King John" is found as "John".
        for name in known {
            let words = name.split(separator: " ")
            let untitled = words.drop { titles.contains(String($0)) }
            if untitled.count < words.count, !untitled.isEmpty { known.insert(untitled.joined(separator: " ")) }
        }
        var counts: [String: Int] = [:]
        for article in articles {
            for name in names(in: article.body, options: options) where !known.contains(name) {
                counts[name, default: 0] += 1
            }
        }
        return counts.filter { $0.value >= minimum && !Slug.make(from: $0.key).isEmpty }
            .map { Suggestion(name: $0.key, articles: $0.value, slug: Slug.make(from: $0.key)) }
            .sorted { ($0.articles, $1.name) > ($1.articles, $0.name) }
    }

    /// The distinct capitalised names of a text: up to three capitalised words in a row (joined
    /// by a space or a hyphen), without a title before them; a possessive ends a name and is
    /// dropped ("Nigel Farage's Reform", "St Mary's Church": "Nigel Farage", "St Mary", which
    /// match the text as written); a single word at the start of a sentence counts only if it
    /// also appears within one.
    static func names(in body: String, options: MarkdownOptions) -> Set<String> {
        let runs = MarkdownDocument(body, options: options).textRuns()
        var inside = Set<String>(), atStart = Set<String>()
        /// Runs of two or more capitalised words that start a sentence, and the run without its
        /// first word ("Yesterday Nigel Farage", "Nigel Farage").
        var startRuns: [(full: String, tail: String)] = []
        var words: [(word: String, sentenceStart: Bool, joiner: Character?, possessive: Bool)] = []
        func flush() {
            var i = 0
            while i < words.count {
                guard isCapitalised(words[i].word), !stopwords.contains(words[i].word), !titles.contains(words[i].word) else {
                    i += 1
                    continue
                }
                var name = words[i].word
                var j = i + 1
                // A title in the row starts the next name ("Later Prime Minister Tony Blair").
                func titlesNext(_ k: Int) -> Bool {
                    titles.contains(words[k].word) && k + 1 < words.count && words[k + 1].joiner != nil && isCapitalised(words[k + 1].word)
                }
                while j < words.count, j - i < 3, !words[j - 1].possessive, isCapitalised(words[j].word), let joiner = words[j].joiner,
                      !stopwords.contains(words[j].word), !titlesNext(j) {
                    name += String(joiner) + words[j].word
                    j += 1
                }
                if words[i].sentenceStart {
                    // "Yesterday Nigel Farage": the first word may just start the sentence;
                    // "Priya Natarajan spoke": or be the name's own.
                    atStart.insert(name)
                    if j - i > 1 {
                        let tail = words[(i + 1)..<j].enumerated().map { k, w in k == 0 ? w.word : String(w.joiner ?? " ") + w.word }.joined()
                        startRuns.append((name, tail))
                    }
                } else {
                    inside.insert(name)
                }
                i = j
            }
            words.removeAll()
        }
        // Words in a row, each with whether it starts a sentence and what joins it to the
        // word before (a single space or hyphen); any other character ends the row.
        var sentenceStart = true
        var joiner: Character?
        var current = ""
        func endWord() {
            guard !current.isEmpty else { return }
            let word = trimPossessive(current)
            words.append((word, sentenceStart, words.isEmpty ? nil : joiner, word.count < current.count))
            current = ""
            sentenceStart = false
            joiner = nil
        }
        for run in runs {
            switch run.kind {
            case .lineBreak:
                endWord()
                joiner = joiner == nil ? " " : nil
                continue
            case .blockBreak, .code:
                endWord(); flush(); sentenceStart = true; joiner = nil
                continue
            case .text:
                break
            }
            for character in run.text {
                if character.isLetter || ((character == "'" || character == "\u{2019}") && !current.isEmpty) {
                    current.append(character)
                } else if character == " " || character == "-" {
                    endWord()
                    joiner = joiner == nil ? character : nil
                } else {
                    endWord()
                    flush()
                    sentenceStart = ".!?".contains(character)
                    joiner = nil
                }
            }
        }
        endWord()
        flush()
        var names = inside.union(atStart.intersection(inside))
        for run in startRuns {
            // Two or more capitalised words after the first are a name ("Yesterday Nigel
            // Farage"); one word is, when the text has it elsewhere; otherwise the first word
            // belongs to the name ("Priya Natarajan spoke first.").
            let tailIsName = run.tail.contains(" ") || run.tail.contains("-") || inside.contains(run.tail)
            names.insert(tailIsName ? run.tail : run.full)
        }
        return names
    }

    static func isCapitalised(_ word: String) -> Bool {
        guard let first = word.first, first.isUppercase, word.count >= 2 else { return false }
        return true
    }

    static func trimPossessive(_ word: String) -> String {
        for suffix in ["'s", "\u{2019}s", "'", "\u{2019}"] where word.hasSuffix(suffix) {
            return String(word.dropLast(suffix.count))
        }
        return word
    }
}

import Foundation
