@testable import GenKit
import Markdown
import TestSupport
import XCTest

final class EntitySuggesterTests: XCTestCase {
    func names(_ text: String) -> [String] {
        EntitySuggester.names(in: text, options: MarkdownOptions()).sorted()
    }

    func testCapitalisedNamesWithPossessivesAndHyphens() {
        XCTAssertEqual(names("Yesterday Nigel Farage met the Labour Party. Its staff, like Labour\u{2019}s leaders and Jean-Luc Picard, agreed with Farage."),
                       ["Farage", "Jean-Luc Picard", "Labour", "Labour Party", "Nigel Farage"])
    }

    /// A possessive ends a name, so that the name matches the text as written.
    func testAPossessiveEndsAName() {
        XCTAssertEqual(names("They met at St Mary\u{2019}s Church, then at Nigel Farage's Reform office."),
                       ["Church", "Nigel Farage", "Reform", "St Mary"])
    }

    /// A title is not part of the name: "Mayor Helen Brooks" is a mention of Helen Brooks.
    func testTitlesBeforeANameAreLeftOut() {
        XCTAssertEqual(names("Mayor Helen Brooks spoke. Later Prime Minister Tony Blair and Dr Ann Lee agreed with the Mayor."),
                       ["Ann Lee", "Helen Brooks", "Tony Blair"])
    }

    /// An organisation's or a place's name often says what it is; a person's does not.
    func testTheKindIsGuessedFromTheNameWhereItSays() {
        func kind(_ name: String) -> Entity.Kind { EntitySuggester.guessKind(name) }
        XCTAssertEqual(kind("Environment Agency"), .organization)
        XCTAssertEqual(kind("Labour Party"), .organization)
        XCTAssertEqual(kind("Bank of England"), .organization)
        XCTAssertEqual(kind("River Thames"), .place)
        XCTAssertEqual(kind("Oxford Street"), .place)
        XCTAssertEqual(kind("Tom Okafor"), .other)
        XCTAssertEqual(kind("Lindqvist Holdings"), .organization)
        XCTAssertEqual(kind("Washington Post"), .organization)
        XCTAssertEqual(kind("Times Square"), .place)
        XCTAssertEqual(kind("Port Authority"), .organization)
        XCTAssertEqual(kind("Park"), .other)
        let stub = EntitySuggester.Suggestion(name: "Environment Agency", articles: 3, slug: "environment-agency").stub
        XCTAssertTrue(stub.contains("\nkind: organization # guessed from the name; person | organization |"), stub)
    }

    func testSentenceStartsAndStopwordsAreNotNames() {
        XCTAssertEqual(names("The council met. Volunteers came. However they stayed in Leeds."), ["Leeds"])
        XCTAssertEqual(names("They said Volunteers mattered. Volunteers came."), ["Volunteers"])
    }

    /// A name may start a sentence: its first word is part of it unless the rest is a name of
    /// its own.
    func testNamesAtTheStartOfASentence() {
        XCTAssertEqual(names("Priya Natarajan spoke first. Then the board voted."), ["Priya Natarajan"])
        XCTAssertEqual(names("Later Natarajan spoke. The chair thanked Natarajan."), ["Natarajan"])
    }

    func testCodeIsIgnored() {
        XCTAssertEqual(names("Use `Swift Package` here with Ada Lovelace.\n\n```\nNot Read\n```\n"), ["Ada Lovelace"])
    }

    func testSuggestsRecurringNamesThatAreNotEntitiesYet() {
        func article(_ slug: String, _ body: String) -> Article {
            Article(slug: slug, path: "content/articles/\(slug).md", title: slug, body: body, bodyLine: 1)
        }
        let articles = [
            article("a", "Critics said Sofia Patel and Nigel Farage were wrong."),
            article("b", "Then Sofia Patel replied to Nigel Farage."),
            article("c", "In the end Sofia Patel left, and Elon Musk posted."),
            article("d", "Again Nigel Farage spoke, and Elon Musk posted."),
        ]
        let farage = Entity(slug: "nigel-farage", path: "content/entities/nigel-farage.md", name: "Nigel Farage", kind: .person,
                            aliases: ["Farage"], description: nil, wikidata: nil, url: nil, auto: true, body: "", bodyLine: 1)
        let suggestions = EntitySuggester.suggest(articles: articles, entities: [farage])
        XCTAssertEqual(suggestions.map(\.name), ["Sofia Patel"])
        XCTAssertEqual(suggestions.first?.articles, 3)
        XCTAssertEqual(suggestions.first?.stub, "---\nname: \"Sofia Patel\"\nkind: other        # person | organization | place | event | work | topic | other\naliases: []\ndescription: \"\"\n---\n")
    }

    /// An entity named with a title ("King John") is found without it: "John" is not suggested.
    func testAnEntityNamedWithATitleIsNotSuggestedWithoutIt() {
        let articles = ["a", "b", "c"].map { slug in
            Article(slug: slug, path: "content/articles/\(slug).md", title: slug, body: "In 1215 King John met the barons.", bodyLine: 1)
        }
        let john = Entity(slug: "king-john", path: "content/entities/king-john.md", name: "King John", kind: .person,
                          aliases: [], description: nil, wikidata: nil, url: nil, auto: true, body: "", bodyLine: 1)
        XCTAssertEqual(EntitySuggester.suggest(articles: articles, entities: []).map(\.name), ["John"])
        XCTAssertEqual(EntitySuggester.suggest(articles: articles, entities: [john]).map(\.name), [])
    }
}

final class EntityLoaderTests: XCTestCase {
    func testEntityFilesAndTheirMistakes() throws {
        let site = try TemporarySite([
            "content/entities/sofia-patel.md": "---\nname: Sofia Patel\nkind: person\naliases: [\"Patel\"]\nwikidata: Q123\nurl: https://example.org/\n---\nDirector of operations.\n",
            "content/entities/patel-family.md": "---\nname: Patel family\nkind: persn\naliases: [Patel]\nwikidata: 123\n---\n",
        ])
        var diagnostics = DiagnosticList()
        let entities = EntityLoader(fileSystem: LocalFileSystem(), siteDirectory: site.directory).loadAll(diagnostics: &diagnostics)
        XCTAssertEqual(entities.map(\.slug), ["patel-family", "sofia-patel"])
        XCTAssertEqual(entities[1].names, ["Sofia Patel", "Patel"])
        XCTAssertEqual(entities[1].wikidata, "Q123")
        XCTAssertEqual(entities[1].kind, .person)
        XCTAssertEqual(diagnostics.sorted.map(\.rendered), [
            "content/entities/patel-family.md:3:7: error: unknown entity kind 'persn'\nnote: did you mean 'person'?\nnote: kinds are: person, organization, place, event, work, topic, other",
            "content/entities/patel-family.md:5:11: error: 'wikidata' must be an item id like Q42, not '123'\nnote: did you mean 'Q123'?",
            "content/entities/sofia-patel.md:4:10: error: 'Patel' names two entities\ncontent/entities/patel-family.md:4:10: note: also claimed here\nnote: a name or alias may belong to one entity only",
        ])
    }
}
