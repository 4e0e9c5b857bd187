import ByteText
import Templates
import XCTest

/// Cases after the Mustache spec (https://github.com/mustache/spec): interpolation, sections,
/// inverted sections, comments, partials, delimiters, inheritance, standalone lines.
final class TemplateTests: XCTestCase {
    func render(_ template: String, _ data: [String: TemplateValue] = [:],
                partials: [String: String] = [:]) throws -> String {
        var library = TemplateLibrary()
        library.register(try Template(template), named: "main")
        for (name, text) in partials { library.register(try Template(text), named: name) }
        return library.renderString("main", .dictionary(data))
    }

    func testInterpolationEscapesAndTripleDoesNot() throws {
        let data: [String: TemplateValue] = ["x": "<b>&\"'", "n": 42, "yes": true]
        XCTAssertEqual(try render("{{x}}|{{{x}}}|{{& x}}|{{ n }}|{{yes}}|{{missing}}", data),
                       "&lt;b&gt;&amp;&quot;&#39;|<b>&\"'|<b>&\"'|42|true|")
    }

    /// Text given as bytes reads as text does: escaped by `{{ }}`, as it is by `{{{ }}}`,
    /// false when empty, the section's value inside it.
    func testBytesAreText() throws {
        let data: [String: TemplateValue] = ["b": .bytes(Array("<i>é&'".utf8)), "none": .bytes([])]
        XCTAssertEqual(try render("{{b}}|{{{b}}}|{{#b}}[{{{.}}}]{{/b}}|{{^none}}empty{{/none}}{{#none}}x{{/none}}", data),
                       "&lt;i&gt;é&amp;&#39;|<i>é&'|[<i>é&']|empty")
    }

    /// An object that writes its own fields: the lookup stops at the first object that has
    /// the name, goes on down the stack past one that has not, and writes what it is told.
    func testObjectsWriteTheirFields() throws {
        final class Row: TemplateObject {
            func value(for key: String) -> TemplateValue { key == "name" ? "value <b>" : .null }
            func write(forKey key: TemplateKey, escaped: Bool, to out: inout [UInt8]) -> Bool {
                guard key.name == "name" else { return false }
                HTMLEscape.write("written <b>", escaped: escaped, to: &out)
                return true
            }
        }
        let data: [String: TemplateValue] = ["rows": .list([.object(Row())]), "other": "outer"]
        XCTAssertEqual(try render("{{#rows}}{{name}}|{{{name}}}|{{other}}|{{#name}}{{.}}{{/name}}{{/rows}}", data),
                       "written &lt;b&gt;|written <b>|outer|value &lt;b&gt;")
    }

    func testDottedNamesAndTheStack() throws {
        let data: [String: TemplateValue] = [
            "site": .dictionary(["title": "T", "inner": .dictionary(["deep": "D"])]),
            "items": .list([.dictionary(["name": "a"]), .dictionary(["name": "b", "title": "own"])]),
            "title": "outer",
        ]
        XCTAssertEqual(try render("{{site.title}}{{site.inner.deep}}{{site.nothing.deep}}", data), "TD")
        XCTAssertEqual(try render("{{#items}}{{name}}:{{title}} {{/items}}", data), "a:outer b:own ")
        // A dotted name is found from its first part only.
        XCTAssertEqual(try render("{{#items}}{{site.title}}{{/items}}", data), "TT")
    }

    func testSectionsOverEveryKindOfValue() throws {
        let data: [String: TemplateValue] = ["t": true, "f": false, "empty": .list([]), "text": "hi",
                                             "blank": "", "zero": 0, "list": .list(["a", "b"])]
        XCTAssertEqual(try render("{{#t}}T{{/t}}{{#f}}F{{/f}}{{#empty}}E{{/empty}}{{#missing}}M{{/missing}}", data), "T")
        XCTAssertEqual(try render("{{^f}}1{{/f}}{{^empty}}2{{/empty}}{{^missing}}3{{/missing}}{{^t}}4{{/t}}{{^blank}}5{{/blank}}", data), "1235")
        XCTAssertEqual(try render("{{#text}}<{{.}}>{{/text}}{{#zero}}[{{.}}]{{/zero}}{{#list}}({{.}}){{/list}}", data), "<hi>[0](a)(b)")
    }

    func testListPositions() throws {
        let data: [String: TemplateValue] = ["l": .list(["a", "b", "c"])]
        XCTAssertEqual(try render("{{#l}}{{.}}{{^last()}}, {{/last()}}{{/l}}", data), "a, b, c")
        XCTAssertEqual(try render("{{#l}}{{#first()}}^{{/first()}}{{index()}}{{#odd()}}o{{/odd()}}{{/l}}", data), "^01o2")
    }

    func testStandaloneLinesDisappear() throws {
        let data: [String: TemplateValue] = ["l": .list(["a", "b"])]
        XCTAssertEqual(try render("<ul>\n{{#l}}\n  <li>{{.}}</li>\n{{/l}}\n</ul>\n", data),
                       "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n")
        XCTAssertEqual(try render("a\n  {{! comment }}  \nb\r\n{{#l}}\r\n{{/l}}\r\nc", data), "a\nb\r\nc")
        // Not standalone: other text on the line stays.
        XCTAssertEqual(try render(" {{#l}}x{{/l}} \n", data), " xx \n")
    }

    func testPartialsAreIndentedWhenStandalone() throws {
        XCTAssertEqual(try render("<div>\n  {{> item}}\n</div>\n", ["v": "x"], partials: ["item": "<p>{{v}}</p>\n<p>2</p>\n"]),
                       "<div>\n  <p>x</p>\n  <p>2</p>\n</div>\n")
        XCTAssertEqual(try render("[{{>item}}]", ["v": "x"], partials: ["item": "{{v}}"]), "[x]")
        XCTAssertEqual(try render("[{{>nothing}}]"), "[]")
    }

    func testARecursivePartialEnds() throws {
        XCTAssertEqual(try render("{{>main}}").count, 0)
    }

    func testSetDelimiters() throws {
        XCTAssertEqual(try render("{{=<% %>=}}<% x %>{{x}}<%={{ }}=%>{{x}}", ["x": "1"]), "1{{x}}1")
    }

    func testInheritance() throws {
        let base = "<title>{{$title}}Default{{/title}}</title>\n{{$body}}nobody{{/body}}\n"
        XCTAssertEqual(try render("{{<base}}{{$body}}B {{x}}{{/body}}{{/base}}", ["x": "1"], partials: ["base": base]),
                       "<title>Default</title>\nB 1\n")
        // The outermost override wins through a chain of parents.
        let middle = "{{<base}}{{$title}}Middle{{/title}}{{$body}}mid{{/body}}{{/base}}"
        XCTAssertEqual(try render("{{<middle}}{{$title}}Top{{/title}}{{/middle}}", partials: ["base": base, "middle": middle]),
                       "<title>Top</title>\nmid\n")
        XCTAssertEqual(try render("{{$b}}alone{{/b}}"), "alone")
    }

    func testSyntaxErrorsHaveLineAndColumn() {
        func error(_ text: String) -> Template.SyntaxError? {
            do { _ = try Template(text); return nil } catch { return error }
        }
        XCTAssertEqual(error("line one\n{{name\n")?.description, "3:1: the template ends inside a tag: a '{{' is not closed")
        XCTAssertEqual(error("abc {{/x}} def\n")?.description, "1:8: a section is closed with the wrong name")
        XCTAssertEqual(error("é\n{{#a}}\n{{/b}}")?.description, "3:4: a section is closed with the wrong name")
        XCTAssertEqual(error("x\n  {{#open}}\nnever")?.description, "2:6: a section is not closed")
        XCTAssertEqual(error("{{{x}}")?.description, "1:1: a '{{{' tag is not closed with '}}}'")
        XCTAssertEqual(error("{{a b}}")?.description, "1:3: a tag name cannot contain spaces: 'a b'")
        XCTAssertEqual(error("{{<p}}text{{/p}}")?.description,
                       "1:4: inside {{<parent}} ... {{/parent}} only {{$block}} overrides are allowed")
        XCTAssertEqual(error("{{=<%>=}}")?.description, "1:1: a set-delimiter tag is malformed")
    }

    func testReferencesNamePartialsAndParents() throws {
        let template = try Template("a\n  {{> one}}\n{{<two}}{{/two}}")
        XCTAssertEqual(template.references.map { "\($0.name) \($0.isParent) \($0.line):\($0.column)" },
                       ["one false 2:3", "two true 3:1"])
    }

    func testMultibyteTextIsKept() throws {
        XCTAssertEqual(try render("café — {{x}} 🎉", ["x": "naïve <b>"]), "café — naïve &lt;b&gt; 🎉")
    }
}
