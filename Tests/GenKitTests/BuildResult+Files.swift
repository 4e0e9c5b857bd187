import GenKit
import XCTest

extension BuildResult {
    /// The text of the file the build made at `path`; the test fails when there is none.
    func text(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let found = try XCTUnwrap(unsortedFiles.first { $0.path == path }, "no file at \(path)", file: file, line: line)
        return String(decoding: found.bytes, as: UTF8.self)
    }
}
