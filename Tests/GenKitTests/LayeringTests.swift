import Foundation
import XCTest

/// The build's layers point one way: Site (values) ← Load, Stages ← Render ← the build. A type
/// of Render/ named in Site/, Load/, Stages/ or Output/ would make a stage depend on pages.
final class LayeringTests: XCTestCase {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources").path

    func swiftFiles(_ folder: String) throws -> [String: String] {
        let path = Self.sources + "/" + folder
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: path).sorted() {
            let full = path + "/" + name
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isFolder) else { continue }
            if isFolder.boolValue {
                for (sub, text) in try swiftFiles(folder + "/" + name) { files[sub] = text }
            } else if name.hasSuffix(".swift") {
                files[folder + "/" + name] = try String(contentsOfFile: full, encoding: .utf8)
            }
        }
        return files
    }

    /// Type names declared at the start of a line in `text`.
    func declaredTypes(_ text: String) -> Set<String> {
        let pattern = try! NSRegularExpression(pattern: #"^(?:public |final |private |fileprivate )*(?:struct|enum|class|protocol) ([A-Z][A-Za-z0-9]*)"#,
                                               options: .anchorsMatchLines)
        let range = NSRange(text.startIndex..., in: text)
        return Set(pattern.matches(in: text, range: range).map { String(text[Range($0.range(at: 1), in: text)!]) })
    }

    func testStagesSiteLoadAndOutputNeverNameARenderType() throws {
        let render = try swiftFiles("GenKit/Render").values.reduce(into: Set<String>()) { $0.formUnion(declaredTypes($1)) }
        XCTAssertTrue(render.contains("PageKind") && render.contains("ArticleContext"), "the scan found no Render types")
        for folder in ["GenKit/Site", "GenKit/Load", "GenKit/Stages", "GenKit/Output"] {
            for (path, text) in try swiftFiles(folder) {
                let words = Set(text.split { !$0.isLetter && !$0.isNumber }.map(String.init))
                let named = words.intersection(render).sorted()
                XCTAssertEqual(named, [], "\(path) names Render's \(named.joined(separator: ", "))")
            }
        }
    }

    /// The stages' inputs and outputs are values of Site/; a Site type names no stage. One
    /// exception: `EntityIndex`, the load stage's entities compiled with their name matcher
    /// (`MentionAutomaton`), which every later stage reads as it is.
    func testSiteNamesNoStageButTheEntityIndex() throws {
        let stages = try swiftFiles("GenKit/Stages").values.reduce(into: Set<String>()) { $0.formUnion(declaredTypes($1)) }
        XCTAssertTrue(stages.contains("AnchorNotes") && stages.contains("LinkEntities"), "the scan found no Stages types")
        for (path, text) in try swiftFiles("GenKit/Site") {
            // Code, not comments (which may say which stage makes a value).
            let code = text.split(separator: "\n").map { line in line.range(of: "//").map { line[..<$0.lowerBound] } ?? line }.joined(separator: "\n")
            let words = Set(code.split { !$0.isLetter && !$0.isNumber }.map(String.init))
            let named = words.intersection(stages).subtracting(["EntityIndex"]).sorted()
            XCTAssertEqual(named, [], "\(path) names Stages' \(named.joined(separator: ", "))")
        }
    }

    func testMarkdownStagesAndOutputDoNotImportTheTemplateEngine() throws {
        for folder in ["Markdown", "ByteText", "GenKit/Site", "GenKit/Load", "GenKit/Stages", "GenKit/Output"] {
            for (path, text) in try swiftFiles(folder) {
                XCTAssertFalse(text.contains("import Templates"), "\(path) imports Templates")
            }
        }
    }
}
