import Foundation
import Templates
import TestSupport
import XCTest

/// The official Mustache specification's test suite (github.com/mustache/spec), read from the
/// shared folder's `conformance/mustache-spec/*.json` at test time: every test of every file
/// renders exactly as the spec expects, except the two optional modules gen leaves out
/// (docs/templates.md says which and why), which are skipped by name.
final class MustacheSpecTests: XCTestCase {
    /// The spec's files, and what gen does with each.
    static let files: [String: Expectation] = [
        "comments.json": .passes,
        "delimiters.json": .passes,
        "interpolation.json": .passes,
        "inverted.json": .passes,
        "partials.json": .passes,
        "sections.json": .passes,
        "~inheritance.json": .passes,
        "~lambdas.json": .leftOut("lambdas are code in the data, and gen's data comes from front matter and gen.toml, which hold no code"),
        "~dynamic-names.json": .leftOut("dynamic partial names ({{>*name}}) are not supported: a template's partials are checked when the theme loads, and a name read from the data could not be checked then"),
    ]

    enum Expectation: Equatable {
        case passes
        case leftOut(String)
    }

    func testComments() throws { try run("comments.json") }
    func testDelimiters() throws { try run("delimiters.json") }
    func testInterpolation() throws { try run("interpolation.json") }
    func testInverted() throws { try run("inverted.json") }
    func testPartials() throws { try run("partials.json") }
    func testSections() throws { try run("sections.json") }
    func testInheritance() throws { try run("~inheritance.json") }
    func testLambdas() throws { try run("~lambdas.json") }
    func testDynamicNames() throws { try run("~dynamic-names.json") }

    /// Every file of the suite is one of the files above: a new module of the spec is a
    /// decision to make, not something to miss.
    func testEveryFileOfTheSuiteIsKnown() throws {
        let folder = try specFolder()
        let found = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }
        XCTAssertEqual(Set(found), Set(Self.files.keys))
    }

    private func specFolder() throws -> String {
        switch Fixtures.sharedFile("conformance/mustache-spec", for: "the Mustache spec suite test") {
        case .found(let path): return path
        case .missing(let message):
            if Fixtures.failsWhenSharedIsMissing { XCTFail(message) }
            throw XCTSkip(message)
        }
    }

    private func run(_ file: String) throws {
        let folder = try specFolder()
        guard let expectation = Self.files[file] else { return XCTFail("\(file) is not in MustacheSpecTests.files") }
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + file))
        let suite = try JSONDecoder().decode(Suite.self, from: data)
        XCTAssertFalse(suite.tests.isEmpty, "\(file) has no tests")
        if case .leftOut(let reason) = expectation {
            throw XCTSkip("\(file) (\(suite.tests.count) tests) is left out: \(reason)")
        }
        var passed = 0
        for test in suite.tests {
            let label = "\(file): \(test.name) (\(test.desc))"
            var library = TemplateLibrary()
            do {
                library.register(try Template(test.template), named: "<test>")
                for (name, text) in test.partials ?? [:] {
                    library.register(try Template(text), named: name)
                }
            } catch {
                XCTFail("\(label): does not parse: \(error)")
                continue
            }
            let rendered = library.renderString("<test>", test.data.templateValue)
            XCTAssertEqual(rendered, test.expected, label)
            if rendered == test.expected { passed += 1 }
        }
        print("\(file): \(passed) of \(suite.tests.count) pass")
    }

    struct Suite: Decodable {
        var tests: [Test]
    }

    struct Test: Decodable {
        var name: String
        var desc: String
        var data: JSON
        var template: String
        var partials: [String: String]?
        var expected: String
    }

    /// The spec's data: JSON as it is. gen's data model has no decimal numbers, so a decimal
    /// is given as its text (`1.21`), which renders and tests truth as the spec expects.
    indirect enum JSON: Decodable {
        case null, bool(Bool), int(Int), double(Double), string(String), array([JSON]), object([String: JSON])

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null }
            else if let value = try? container.decode(Bool.self) { self = .bool(value) }
            else if let value = try? container.decode(Int.self) { self = .int(value) }
            else if let value = try? container.decode(Double.self) { self = .double(value) }
            else if let value = try? container.decode(String.self) { self = .string(value) }
            else if let value = try? container.decode([JSON].self) { self = .array(value) }
            else { self = .object(try container.decode([String: JSON].self)) }
        }

        var templateValue: TemplateValue {
            switch self {
            case .null: .null
            case .bool(let value): .bool(value)
            case .int(let value): .int(value)
            case .double(let value): .text(String(value))
            case .string(let value): .text(value)
            case .array(let items): .list(items.map(\.templateValue))
            case .object(let fields): .dictionary(fields.mapValues(\.templateValue))
            }
        }
    }
}
