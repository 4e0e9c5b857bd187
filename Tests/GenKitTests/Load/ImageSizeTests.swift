import XCTest
@testable import GenKit

final class ImageSizeTests: XCTestCase {

    // MARK: - Fixture builders

    private func be16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    private func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
    private func le24(_ v: Int) -> [UInt8] { le16(v) + [UInt8(v >> 16 & 0xFF)] }
    private func be32(_ v: Int) -> [UInt8] { be16(v >> 16) + be16(v) }
    private func le32(_ v: Int) -> [UInt8] { le16(v) + le16(v >> 16) }
    private func ascii(_ s: String) -> [UInt8] { Array(s.utf8) }

    private func png(_ w: Int, _ h: Int) -> [UInt8] {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + be32(13) + ascii("IHDR") + be32(w) + be32(h)
            + [8, 6, 0, 0, 0] + [0, 0, 0, 0]
    }

    private func gif(_ version: String, _ w: Int, _ h: Int) -> [UInt8] {
        ascii(version) + le16(w) + le16(h) + [0xF7, 0x00, 0x00]
    }

    private func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        [0xFF, marker] + be16(payload.count + 2) + payload
    }

    private func sof(_ marker: UInt8, _ w: Int, _ h: Int) -> [UInt8] {
        segment(marker, [8] + be16(h) + be16(w) + [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1])
    }

    private var app0: [UInt8] {
        segment(0xE0, ascii("JFIF") + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0])
    }

    /// EXIF carrying an embedded thumbnail whose own SOF must not be picked up.
    private var app1: [UInt8] {
        segment(0xE1, ascii("Exif") + [0, 0] + ascii("MM") + [0, 0x2A, 0, 0, 0, 8]
            + [0xFF, 0xD8] + sof(0xC0, 160, 120) + [0xFF, 0xD9])
    }

    private var dqt: [UInt8] { segment(0xDB, [0] + [UInt8](repeating: 1, count: 64)) }
    private var dht: [UInt8] { segment(0xC4, [0] + [UInt8](repeating: 0, count: 16)) }
    private var sos: [UInt8] { segment(0xDA, [1, 1, 0, 0, 0x3F, 0]) + [0x12, 0x34] }

    private func jpeg(_ segments: [UInt8]...) -> [UInt8] {
        [0xFF, 0xD8] + segments.flatMap { $0 } + [0xFF, 0xD9]
    }

    private func riff(_ chunk: String, _ payload: [UInt8]) -> [UInt8] {
        let body = ascii("WEBP") + ascii(chunk) + le32(payload.count) + payload
        return ascii("RIFF") + le32(body.count) + body
    }

    private func webpLossy(_ w: Int, _ h: Int, keyFrame: Bool = true, scale: Int = 0) -> [UInt8] {
        riff("VP8 ", [keyFrame ? 0x30 : 0x31, 0x01, 0x00, 0x9D, 0x01, 0x2A]
            + le16(w | scale << 14) + le16(h | scale << 14) + [0, 0, 0, 0])
    }

    private func webpLossless(_ w: Int, _ h: Int) -> [UInt8] {
        let bits = (w - 1) | (h - 1) << 14 | 1 << 28
        return riff("VP8L", [0x2F] + le32(bits) + [0, 0, 0])
    }

    private func webpExtended(_ w: Int, _ h: Int) -> [UInt8] {
        riff("VP8X", [0x10, 0, 0, 0] + le24(w - 1) + le24(h - 1))
    }

    private func svg(_ s: String) -> [UInt8] { ascii(s) }

    private func size(_ w: Int, _ h: Int) -> ImageSize { ImageSize(width: w, height: h) }

    /// Every well-formed fixture with its true size; reused by the robustness tests.
    private var fixtures: [(String, [UInt8], ImageSize)] {
        [
            ("png", png(640, 480), size(640, 480)),
            ("gif87a", gif("GIF87a", 1, 2), size(1, 2)),
            ("gif89a", gif("GIF89a", 300, 65535), size(300, 65535)),
            ("jpeg-sof0", jpeg(app0, app1, dqt, dht, sof(0xC0, 1024, 768), sos), size(1024, 768)),
            ("jpeg-sof2", jpeg(app0, dqt, sof(0xC2, 33, 4000), dht, sos), size(33, 4000)),
            ("webp-vp8", webpLossy(550, 368), size(550, 368)),
            ("webp-vp8l", webpLossless(386, 395), size(386, 395)),
            ("webp-vp8x", webpExtended(16_384, 9_000), size(16_384, 9_000)),
            ("svg-px", svg(#"<svg xmlns="http://www.w3.org/2000/svg" width="120px" height="80px"/>"#), size(120, 80)),
            ("svg-viewbox", svg(#"<svg viewBox="0 0 300 150"></svg>"#), size(300, 150)),
        ]
    }

    // MARK: - Formats

    func testPNG() {
        XCTAssertEqual(ImageSize.read(png(640, 480)), size(640, 480))
        XCTAssertEqual(ImageSize.read(png(100_000, 1)), size(100_000, 1))
        XCTAssertNil(ImageSize.read(png(0, 10)))
        XCTAssertNil(ImageSize.read(png(0x8000_0000, 10)))
        var wrongChunk = png(10, 10)
        wrongChunk.replaceSubrange(12..<16, with: ascii("IDAT"))
        XCTAssertNil(ImageSize.read(wrongChunk))
    }

    func testGIF() {
        XCTAssertEqual(ImageSize.read(gif("GIF87a", 1, 2)), size(1, 2))
        XCTAssertEqual(ImageSize.read(gif("GIF89a", 300, 65535)), size(300, 65535))
        XCTAssertNil(ImageSize.read(gif("GIF88a", 3, 3)))
    }

    func testJPEGWithAppSegmentsBeforeSOF0() {
        XCTAssertEqual(ImageSize.read(jpeg(app0, app1, dqt, dht, sof(0xC0, 1024, 768), sos)), size(1024, 768))
        XCTAssertEqual(ImageSize.read(jpeg(app1, sof(0xC0, 7, 9))), size(7, 9))
    }

    func testJPEGProgressive() {
        XCTAssertEqual(ImageSize.read(jpeg(app0, dqt, sof(0xC2, 33, 4000), dht, sos)), size(33, 4000))
    }

    func testJPEGOtherFrameTypesAndNonFrameMarkers() {
        XCTAssertEqual(ImageSize.read(jpeg(sof(0xC1, 5, 6))), size(5, 6))
        XCTAssertEqual(ImageSize.read(jpeg(sof(0xCF, 5, 6))), size(5, 6))
        // DHT, JPG and DAC share the SOF range but are not frame headers.
        for marker: UInt8 in [0xC4, 0xC8, 0xCC] {
            XCTAssertEqual(ImageSize.read(jpeg(sof(marker, 1, 1), sof(0xC0, 5, 6))), size(5, 6))
        }
    }

    func testJPEGFillBytesAndStandaloneMarkers() {
        let bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xFF] + app0
            + [0xFF, 0x01, 0xFF, 0xD0, 0xFF, 0xD7, 0xFF, 0xFF] + sof(0xC0, 12, 34)
        XCTAssertEqual(ImageSize.read(bytes), size(12, 34))
    }

    func testJPEGHostile() {
        XCTAssertNil(ImageSize.read([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x00] + sof(0xC0, 1, 1)))
        XCTAssertNil(ImageSize.read([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01] + sof(0xC0, 1, 1)))
        XCTAssertNil(ImageSize.read([0xFF, 0xD8, 0xFF, 0xE0, 0xFF, 0xFF, 0x00]))
        XCTAssertNil(ImageSize.read(jpeg(app0, sos, sof(0xC0, 1, 1))))
        XCTAssertNil(ImageSize.read(jpeg(sof(0xC0, 0, 10))))
        XCTAssertNil(ImageSize.read([0xFF, 0xD8] + [UInt8](repeating: 0xFF, count: 10_000)))
        XCTAssertNil(ImageSize.read([0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x05, 8, 0, 1, 0, 1]))
        // Many minimal segments: must be walked in linear time.
        let padding = Array([[UInt8]](repeating: [0xFF, 0xFE, 0x00, 0x02], count: 100_000).joined())
        XCTAssertEqual(ImageSize.read([0xFF, 0xD8] + padding + sof(0xC0, 3, 4)), size(3, 4))
    }

    func testWebPLossy() {
        XCTAssertEqual(ImageSize.read(webpLossy(550, 368)), size(550, 368))
        XCTAssertEqual(ImageSize.read(webpLossy(16_383, 1, scale: 3)), size(16_383, 1))
        XCTAssertNil(ImageSize.read(webpLossy(10, 10, keyFrame: false)))
        var badStart = webpLossy(10, 10)
        badStart[23] = 0x00
        XCTAssertNil(ImageSize.read(badStart))
    }

    func testWebPLossless() {
        XCTAssertEqual(ImageSize.read(webpLossless(386, 395)), size(386, 395))
        XCTAssertEqual(ImageSize.read(webpLossless(16_384, 16_384)), size(16_384, 16_384))
        XCTAssertEqual(ImageSize.read(webpLossless(1, 1)), size(1, 1))
        var badSignature = webpLossless(10, 10)
        badSignature[20] = 0x2E
        XCTAssertNil(ImageSize.read(badSignature))
    }

    func testWebPExtended() {
        XCTAssertEqual(ImageSize.read(webpExtended(16_384, 9_000)), size(16_384, 9_000))
        XCTAssertEqual(ImageSize.read(webpExtended(1 << 24, 1)), size(1 << 24, 1))
        XCTAssertNil(ImageSize.read(riff("ALPH", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0])))
    }

    func testSVGWidthAndHeight() {
        XCTAssertEqual(ImageSize.read(svg(#"<svg xmlns="http://www.w3.org/2000/svg" width="120px" height="80px"/>"#)), size(120, 80))
        XCTAssertEqual(ImageSize.read(svg(#"<svg width='64' height = "32.6" viewBox="0 0 1 1">"#)), size(64, 33))
        XCTAssertEqual(ImageSize.read(svg("<svg\n\twidth=\" 10 \"\n\theight=\"20px\"\n>")), size(10, 20))
    }

    func testSVGViewBox() {
        XCTAssertEqual(ImageSize.read(svg(#"<svg viewBox="0 0 300 150"></svg>"#)), size(300, 150))
        XCTAssertEqual(ImageSize.read(svg(#"<svg viewBox="0,0,100.6,49.5">"#)), size(101, 50))
        XCTAssertEqual(ImageSize.read(svg("<svg viewBox=\" -5, -5 ,  24 ,\n12 \">")), size(24, 12))
        XCTAssertEqual(ImageSize.read(svg(#"<svg viewBox="0 0 2e2 1E1">"#)), size(200, 10))
    }

    func testSVGPercentageFallsBackToViewBox() {
        XCTAssertEqual(ImageSize.read(svg(#"<svg width="100%" height="100%" viewBox="0 0 48 24">"#)), size(48, 24))
        XCTAssertEqual(ImageSize.read(svg(#"<svg width="10em" height="5" viewBox="0 0 48 24">"#)), size(48, 24))
    }

    func testSVGNothingUsable() {
        XCTAssertNil(ImageSize.read(svg(#"<svg width="100%" height="50%">"#)))
        XCTAssertNil(ImageSize.read(svg(#"<svg width="100" viewBox="0 0 10">"#)))
        XCTAssertNil(ImageSize.read(svg(#"<svg viewBox="0 0 -4 4">"#)))
        XCTAssertNil(ImageSize.read(svg(#"<svg width="1e400" height="1">"#)))
        XCTAssertNil(ImageSize.read(svg(#"<svg width="99999999999999999999" height="1">"#)))
        XCTAssertNil(ImageSize.read(svg(#"<svg width="inf" height="nan" viewBox="0 0 0x10 0x10">"#)))
        XCTAssertNil(ImageSize.read(svg(#"<html><svg width="5" height="5"></svg></html>"#)))
        XCTAssertNil(ImageSize.read(svg("just some text")))
    }

    func testSVGProlog() {
        let doc = """
        \u{FEFF}<?xml version="1.0" encoding="UTF-8"?>
        <!-- a comment mentioning <svg width="1" height="1"> -->
        <!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [
          <!ENTITY ns "http://www.w3.org/2000/svg">
        ]>
        <svg:svg xmlns:svg="http://www.w3.org/2000/svg" data-x="a>b" width="640" height="360">
        """
        XCTAssertEqual(ImageSize.read(svg(doc)), size(640, 360))
    }

    // MARK: - Robustness

    func testEveryPrefixIsNilOrCorrect() {
        for (name, bytes, expected) in fixtures {
            XCTAssertEqual(ImageSize.read(bytes), expected, name)
            for n in 0..<bytes.count {
                let got = ImageSize.read(Array(bytes.prefix(n)))
                XCTAssertTrue(got == nil || got == expected, "\(name) prefix \(n): \(String(describing: got))")
            }
        }
    }

    func testCorruptedBytesNeverTrap() {
        for (_, bytes, _) in fixtures {
            for i in bytes.indices {
                for value: UInt8 in [0x00, 0x01, 0x7F, 0x80, 0xFF] {
                    var corrupted = bytes
                    corrupted[i] = value
                    _ = ImageSize.read(corrupted)
                    _ = ImageSize.read(Array(corrupted.prefix(i + 1)))
                }
            }
        }
    }

    func testGarbageAndEmpty() {
        XCTAssertNil(ImageSize.read([]))
        XCTAssertNil(ImageSize.read([0x00]))
        XCTAssertNil(ImageSize.read(ascii("hello, world")))
        XCTAssertNil(ImageSize.read(ascii("RIFF\0\0\0\0WEBP")))
        XCTAssertNil(ImageSize.read(ascii("<")))
        XCTAssertNil(ImageSize.read(ascii("<!-- never closed")))
        XCTAssertNil(ImageSize.read(ascii("<!DOCTYPE svg [ >")))
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2_000 {
            var bytes: [UInt8] = []
            for _ in 0..<64 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                bytes.append(UInt8(truncatingIfNeeded: state >> 56))
            }
            let magics: [[UInt8]] = [[], [0xFF, 0xD8], ascii("GIF89a"), Array(png(1, 1).prefix(8)), ascii("<svg ")]
            for magic in magics {
                _ = ImageSize.read(magic + bytes)
            }
        }
    }

    func testRawBufferOverloadRespectsBounds() {
        let padded = [0xAA, 0xBB, 0xCC] + gif("GIF89a", 9, 8) + [0xDD]
        let got = padded.withUnsafeBytes { ImageSize.read(UnsafeRawBufferPointer(rebasing: $0[3...])) }
        XCTAssertEqual(got, size(9, 8))
        let cut = png(5, 5)
        let short = cut.withUnsafeBytes { ImageSize.read(UnsafeRawBufferPointer(rebasing: $0[..<20])) }
        XCTAssertNil(short)
    }

    // MARK: - Kind

    func testKindOfPath() {
        XCTAssertEqual(ImageSize.kind(ofPath: "a.png"), .png)
        XCTAssertEqual(ImageSize.kind(ofPath: "photos/IMG_001.JPG"), .jpeg)
        XCTAssertEqual(ImageSize.kind(ofPath: "/x/y.Jpeg"), .jpeg)
        XCTAssertEqual(ImageSize.kind(ofPath: "anim.gif"), .gif)
        XCTAssertEqual(ImageSize.kind(ofPath: "pic.WebP"), .webp)
        XCTAssertEqual(ImageSize.kind(ofPath: "logo.min.svg"), .svg)
        XCTAssertNil(ImageSize.kind(ofPath: "logo.svgz"))
        XCTAssertNil(ImageSize.kind(ofPath: "README"))
        XCTAssertNil(ImageSize.kind(ofPath: "dir.png/file"))
        XCTAssertNil(ImageSize.kind(ofPath: "png"))
        XCTAssertNil(ImageSize.kind(ofPath: ""))
    }
}
