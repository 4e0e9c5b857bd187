/// A person, organisation, place, ... with a page of its own: `content/entities/<slug>.md`.
public struct Entity: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case person, organization, place, event, work, topic, other
    }

    public var slug: String
    public var path: String
    public var name: String
    public var kind: Kind
    public var aliases: [String]
    public var description: String?
    /// A Wikidata item id, `Q` and digits.
    public var wikidata: String?
    public var url: String?
    /// false: only explicit `[[...]]` links count as mentions.
    public var auto: Bool
    public var body: String
    public var bodyLine: Int
    /// Its file's front matter could not be read (an error says why): its name is made from the
    /// file name, and the names and aliases the file gives are unknown.
    public var unreadable = false
    /// Where its file gives its name and its aliases (the values), for diagnostics.
    public var nameLocation: SourceLocation?
    public var aliasesLocation: SourceLocation?

    /// The name and every alias: the words that mention it.
    public var names: [String] { [name] + aliases }

    /// Where its file gives `word`, one of its names: the name's value or the aliases'.
    public func location(of word: String) -> SourceLocation {
        (word == name ? nameLocation : aliasesLocation) ?? nameLocation ?? SourceLocation(path)
    }
}
