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

    /// A partial that includes itself twice at every level, with data that never ends the
    /// recursion, stops at the inclusion budget instead of taking 2^64 steps; recursion over
    /// data ends where the data does.
    func testRecursionEndsWithinTheInclusionBudget() throws {
        let start = Date()
        let output = try render("{{>p}}", ["a": true], partials: ["p": "x{{#a}}{{>p}}{{>p}}{{/a}}"])
        XCTAssertEqual(output.count, 100_000)
        XCTAssertLessThan(Date().timeIntervalSince(start), 30)
        let tree: TemplateValue = .list([
            .dictionary(["name": "a", "children": .list([.dictionary(["name": "b", "children": .list([])])])]),
            .dictionary(["name": "c", "children": .list([])]),
        ])
        XCTAssertEqual(try render("{{>node}}", ["children": tree], partials: ["node": "{{#children}}({{name}}{{>node}}){{/children}}"]),
                       "(a(b))(c)")
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

    /// A standalone partial's indentation goes before every line of the partial, never inside
    /// the data it writes: a `<pre>` keeps its lines.
    func testIndentationIsTheTemplatesNotTheData() throws {
        let partials = ["code": "<pre>{{{code}}}</pre>\n<p>{{caption}}</p>\n"]
        XCTAssertEqual(try render("<figure>\n  {{> code}}\n</figure>\n", ["code": "a\n  b\nc", "caption": "x\ny"], partials: partials),
                       "<figure>\n  <pre>a\n  b\nc</pre>\n  <p>x\ny</p>\n</figure>\n")
        // Nested partials add their indentation; an inline one inside is not indented.
        let nested = ["outer": "<ul>\n  {{> inner}}\n</ul>\n[{{> inline}}]\n", "inner": "<li>1</li>\n<li>2</li>\n", "inline": "a\nb"]
        XCTAssertEqual(try render("<div>\n  {{> outer}}\n</div>\n", partials: nested),
                       "<div>\n  <ul>\n    <li>1</li>\n    <li>2</li>\n  </ul>\n  [a\nb]\n</div>\n")
        // Lines inside sections of the partial are the partial's lines too.
        XCTAssertEqual(try render("  {{> list}}\n", ["l": .list(["a", "b"])], partials: ["list": "{{#l}}\n<i>{{.}}</i>\n{{/l}}\n"]),
                       "  <i>a</i>\n  <i>b</i>\n")
    }

    /// An override goes where the block stands: its own indentation is taken off its lines and
    /// the block's is put on, in an indented parent too.
    func testOverridesAreReindented() throws {
        let base = "<main>\n    {{$content}}\n    <p>default</p>\n    {{/content}}\n</main>\n"
        let page = "{{<base}}\n{{$content}}\n  <h1>{{title}}</h1>\n  <pre>{{{code}}}</pre>\n{{/content}}\n{{/base}}\n"
        XCTAssertEqual(try render(page, ["title": "T", "code": "x\n y"], partials: ["base": base]),
                       "<main>\n    <h1>T</h1>\n    <pre>x\n y</pre>\n</main>\n")
        XCTAssertEqual(try render("{{<base}}{{/base}}", partials: ["base": base]), "<main>\n    <p>default</p>\n</main>\n")
        XCTAssertEqual(try render("<body>\n  {{> page}}\n</body>", ["title": "T", "code": "c"], partials: ["base": base, "page": page]),
                       "<body>\n  <main>\n      <h1>T</h1>\n      <pre>c</pre>\n  </main>\n</body>")
    }

    func testARecursivePartialEnds() throws {
        XCTAssertEqual(try render("{{>main}}").count, 0)
    }

    func testSetDelimiters() throws {
        XCTAssertEqual(try render("{{=<% %>=}}<% x %>{{x}}<%={{ }}=%>{{x}}", ["x": "1"]), "1{{x}}1")
        // `{` is unescaped with any delimiters: it needs `}` before the closing delimiter.
        XCTAssertEqual(try render("{{=<% %>=}}<%{x}%>|<%& x %>|<%x%>", ["x": "<b>"]), "<b>|<b>|&lt;b&gt;")
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
        XCTAssertEqual(error("abc {{/x}} def\n")?.description, "1:8: 'x' closes no section: none is open")
        XCTAssertEqual(error("é\n{{#a}}\n{{/b}}")?.description, "3:4: 'b' closes the section 'a' opened at 2:4: the names must be the same")
        XCTAssertEqual(error("x\n  {{#open}}\nnever")?.description, "2:6: a section is not closed")
        XCTAssertEqual(error("{{{x}}")?.description, "1:5: a '{{{' tag is closed with '}}': write '}}}'")
        XCTAssertEqual(error("{{{x}")?.description, "1:1: a '{{{' tag is not closed with '}}}'")
        XCTAssertEqual(error("{{\(String(repeating: "long", count: 20)) x}}")?.description,
                       "1:3: a tag name cannot contain spaces: '\(String(repeating: "long", count: 10))…'")
        XCTAssertEqual(error(String(repeating: "{{#a}}", count: 101))?.description, "1:604: sections and blocks are nested more than 100 deep")
        XCTAssertNil(error(String(repeating: "{{#a}}", count: 100) + String(repeating: "{{/a}}", count: 100)))
        XCTAssertEqual(error("{{a b}}")?.description, "1:3: a tag name cannot contain spaces: 'a b'")
        // Text between a parent's overrides is ignored (as the spec says), but not a tag.
        XCTAssertNil(error("{{<p}}text{{/p}}"))
        XCTAssertEqual(error("{{<p}}text {{x}}{{/p}}")?.description,
                       "1:12: inside {{<parent}} ... {{/parent}} only {{$block}} overrides are allowed")
        XCTAssertEqual(error("{{=<% %>=}}<%{x%>")?.description, "1:16: a '<%{' tag is closed with '%>': write '}%>'")
        XCTAssertEqual(error("{{>*name}}")?.description, "1:4: dynamic names ('*name') are not supported: name the template itself")
        XCTAssertEqual(error("a\n{{<*name}}{{/*name}}")?.description, "2:4: dynamic names ('*name') are not supported: name the template itself")
        XCTAssertEqual(error("{{=<%>=}}")?.description, "1:1: a set-delimiter tag is malformed")
    }

    func testReferencesNamePartialsAndParents() throws {
        let template = try Template("a\n  {{> one}}\n{{<two}}{{/two}}")
        XCTAssertEqual(template.references.map { "\($0.name) \($0.isParent) \($0.line):\($0.column)" },
                       ["one false 2:3", "two true 3:1"])
    }

    /// The names a template looks up, where, and inside which sections (not inverted ones, nor
    /// `.` and the list functions, which add no names); partials and parents likewise.
    func testNamesAndTheirSections() throws {
        let template = try Template("é {{a.b}}\n{{#list}}{{^none}}{{#.}}{{#first()}}{{{c}}}{{> p}}{{/first()}}{{/.}}{{/none}}{{/list}}{{.}}{{index()}}")
        XCTAssertEqual(template.names.map { "\($0.parts.joined(separator: ".")) \($0.isSection) \($0.enclosingSections) \($0.line):\($0.column)" },
                       ["a.b false [] 1:5", "list true [] 2:4", "none true [[\"list\"]] 2:13", "c false [[\"list\"]] 2:40"])
        XCTAssertEqual(template.references.map(\.enclosingSections), [[["list"]]])
    }

    /// Text between a parent's overrides is ignored (as the spec says) and noted where it starts.
    func testTextInsideAParentIsNoted() throws {
        let template = try Template("{{<p}}\n  {{$b}}x{{/b}} é typo\n\t\n{{/p}}")
        XCTAssertEqual(template.ignoredText.map { "\($0.line):\($0.column)" }, ["2:17"])
        XCTAssertEqual(try Template("{{<p}}\n  {{$b}}x{{/b}}\n\t\n{{/p}}").ignoredText.count, 0)
    }

    func testMultibyteTextIsKept() throws {
        XCTAssertEqual(try render("café — {{x}} 🎉", ["x": "naïve <b>"]), "café — naïve &lt;b&gt; 🎉")
    }
}
