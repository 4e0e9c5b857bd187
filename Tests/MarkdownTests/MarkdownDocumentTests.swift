import Foundation
@testable import Markdown
import XCTest

final class MarkdownDocumentTests: XCTestCase {
    func html(_ text: String, unsafe: Bool = false) -> String {
        MarkdownDocument(text, options: MarkdownOptions(unsafeHTML: unsafe)).renderHTML()
    }

    func testRendersGFMTables() {
        XCTAssertEqual(html("| a | b |\n|---|---|\n| 1 | 2 |\n"),
                       "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n")
    }

    func testRendersStrikethroughAutolinksAndTaskLists() {
        XCTAssertEqual(html("~~gone~~"), "<p><del>gone</del></p>\n")
        XCTAssertEqual(html("see https://example.org now"),
                       "<p>see <a href=\"https://example.org\">https://example.org</a> now</p>\n")
        XCTAssertEqual(html("- [x] done\n- [ ] todo\n"),
                       "<ul>\n<li><input type=\"checkbox\" checked=\"\" disabled=\"\" aria-label=\"Done\" /> done</li>\n"
                       + "<li><input type=\"checkbox\" disabled=\"\" aria-label=\"Not done\" /> todo</li>\n</ul>\n")
    }

    func testTaskCheckboxesAreLabelledWhereverTheyStand() {
        let options = MarkdownOptions(taskDone: "Done", taskOpen: "Open")
        let open = "<input type=\"checkbox\" disabled=\"\" />"
        for html in [open, "<p>" + open, open + "</p>", "<<input type=\"checkboxx" + open, String(repeating: "<a>", count: 50) + open] {
            let out = String(decoding: MarkdownDocument.labellingTaskCheckboxes(Array(html.utf8), options: options), as: UTF8.self)
            XCTAssertTrue(out.contains("aria-label=\"Open\""), html)
        }
        for html in ["", "<p>no boxes</p>", "<input type=\"checkbo", "type=\"checkbox\""] {
            XCTAssertEqual(MarkdownDocument.labellingTaskCheckboxes(Array(html.utf8), options: options), Array(html.utf8), html)
        }
    }

    func testRendersFootnotes() {
        let out = html("Claim.[^1] Another.[^b]\n\n[^1]: The note.\n[^b]: The second.\n")
        XCTAssertTrue(out.contains("<sup class=\"footnote-ref\" data-gen-added><a href=\"#fn-1\" id=\"fnref-1\" data-footnote-ref aria-label=\"Footnote 1\">1</a></sup>"), out)
        XCTAssertTrue(out.contains("<li id=\"fn-1\">"), out)
        // Named in the site's words: the list, and each way back (cmark-gfm names them all "Back to content").
        XCTAssertTrue(out.contains("<section class=\"footnotes\" data-footnotes aria-label=\"Footnotes\">"), out)
        XCTAssertTrue(out.contains("aria-label=\"Back to the text (1)\""), out)
        XCTAssertTrue(out.contains("aria-label=\"Back to the text (2)\""), out)
        XCTAssertFalse(out.contains("Back to content"), out)
        let french = MarkdownDocument("Claim.[^1]\n\n[^1]: The note.\n",
                                      options: MarkdownOptions(footnote: "Note de bas de page", footnotes: "Notes", backToText: "Retour")).renderHTML()
        XCTAssertTrue(french.contains("aria-label=\"Note de bas de page 1\""), french)
    }

    func testSafeModeOmitsRawHTMLAndDangerousURLs() {
        XCTAssertEqual(html("<script>alert(1)</script>\n"), "<!-- raw HTML omitted -->\n")
        XCTAssertEqual(html("a <b onclick=\"x()\">b</b>"), "<p>a <!-- raw HTML omitted -->b<!-- raw HTML omitted --></p>\n")
        XCTAssertEqual(html("[x](javascript:alert(1))"), "<p><a href=\"\">x</a></p>\n")
    }

    func testUnsafeModeKeepsRawHTMLButTagFilterStillDisarmsScript() {
        XCTAssertEqual(html("<div class=\"x\">hi</div>\n", unsafe: true), "<div class=\"x\">hi</div>\n")
        XCTAssertEqual(html("[x](javascript:alert(1))", unsafe: true), "<p><a href=\"javascript:alert(1)\">x</a></p>\n")
        XCTAssertEqual(html("<script>1</script>\n", unsafe: true), "&lt;script>1&lt;/script>\n")
    }

    func testPlainTextOfFirstParagraph() {
        let document = MarkdownDocument("# Head\n\nSome *emphasis* and `code`\nacross lines.\n")
        let paragraph = document.document.children[1]
        XCTAssertTrue(paragraph.isParagraph)
        XCTAssertEqual(paragraph.plainText, "Some emphasis and code across lines.")
        XCTAssertEqual(paragraph.startLine, 3)
    }

    func testLargeDocumentRendersLinearly() {
        let paragraph = String(repeating: "word ", count: 200) + "\n\n"
        let text = String(repeating: paragraph, count: 5_000) // about 5 MB
        let start = Date()
        let out = html(text)
        XCTAssertGreaterThan(out.utf8.count, text.utf8.count)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }
}

final class MarkdownConcurrencyTests: XCTestCase {
    /// cmark-gfm's global table of special characters once made parallel parses lose autolinks
    /// and strikethrough at random; every parse on every thread must give the same HTML.
    func testParallelParsesAgree() {
        let paragraph = "A link https://example.org/x and ~~gone~~ and www.example.com here, then more words.\n\n"
        let text = String(repeating: paragraph, count: 200)
        let expected = MarkdownDocument(text).renderHTML()
        XCTAssertTrue(expected.contains("<a href=\"https://example.org/x\">"))
        XCTAssertTrue(expected.contains("<del>gone</del>"))
        let mismatches = Mismatches()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<40 where MarkdownDocument(text).renderHTML() != expected {
                mismatches.add()
            }
        }
        XCTAssertEqual(mismatches.count, 0)
    }
}

private final class Mismatches: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    var count: Int { lock.withLock { value } }
    func add() { lock.withLock { value += 1 } }
}

final class MarkdownSetupTests: XCTestCase {
    /// On Linux, gen's replacement of cmark-gfm's special-character bookkeeping must be in
    /// effect, or every parse takes a lock (correct, but slower).
    func testParsesFinishInParallelOnLinux() {
        #if os(Linux)
        XCTAssertTrue(MarkdownDocument.parsesFinishInParallel)
        #endif
    }
}

/// Input nested far deeper than a thread's stack could follow frame by frame: every walk over
/// the tree is a loop. Run on a thread with a 256 KB stack, which a recursion one frame per
/// level overflows long before 20,000 levels.
final class DeepNestingTests: XCTestCase {
    func onSmallStack(_ work: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            work()
            done.signal()
        }
        thread.stackSize = 256 * 1024
        thread.start()
        done.wait()
    }

    func testAListNested20000DeepIsWalkedWithoutRecursion() {
        onSmallStack {
            let document = MarkdownDocument(String(repeating: "- ", count: 20_000) + "deep *words*\n")
            let runs = document.textRuns()
            XCTAssertEqual(runs.filter { $0.kind == .text }.map(\.text), ["deep ", "words"])
            XCTAssertEqual(document.document.plainText, "deep words")
            let html = document.renderHTML()
            XCTAssertEqual(html.components(separatedBy: "<ul>").count - 1, 20_000)
            XCTAssertTrue(html.contains("deep <em>words</em>"))
        }
    }

    func testQuotesAndLinksNested20000DeepAreWalkedWithoutRecursion() {
        onSmallStack {
            let document = MarkdownDocument(String(repeating: "> ", count: 20_000) + "[a [link](https://example.org)](x) ![pic](p.png)\n")
            let runs = document.textRuns()
            XCTAssertEqual(runs.filter { $0.kind == .text }.map(\.text), ["[a ", "link", "](x) "])
            XCTAssertEqual(runs.filter { $0.kind == .text }.map(\.inLink), [false, true, false])
            var seen: [String] = []
            document.rewriteImages { image in
                seen.append(image.url)
                return nil
            }
            XCTAssertEqual(seen, ["p.png"])
        }
    }
}

/// Found by fuzzing (the body target, under the address sanitizer): an autolink in a heading
/// kept its address in the heading's own memory, which `anchorHeadings` freed before rendering.
final class HeadingAutolinkTests: XCTestCase {
    func testAnAutolinkInAnAnchoredHeadingKeepsItsAddress() {
        let document = MarkdownDocument("title: see https://example.org/auto-link-address now\nurl: https://example.org/other?a=1&b=2\n---\n\nText.\n")
        let headings = document.anchorHeadings { $0.map { _ in "h" } }
        XCTAssertEqual(headings.count, 1)
        // Memory freed too early is soon reused: these allocations would overwrite it.
        var noise: [[UInt8]] = []
        for n in 0..<2_000 { noise.append([UInt8](repeating: UInt8(n % 200 + 32), count: 16 + n % 96)) }
        let html = document.renderHTML()
        XCTAssertTrue(html.contains("<a href=\"https://example.org/auto-link-address\">https://example.org/auto-link-address</a>"), html)
        XCTAssertTrue(html.contains("<a href=\"https://example.org/other?a=1&amp;b=2\">"), html)
        XCTAssertEqual(noise.count, 2_000)
    }
}
