import Foundation
import GenKit

// libFuzzer targets over gen's readers: each site target puts the fuzzer's bytes into one file
// of a small site held in memory, and builds it (every stage, nothing written); `search-record`
// reads them as a built page, as the search index's records are made of any HTML file in the
// output, a site's own static pages included.
//
//     GEN_FUZZ_TARGET=TARGET gen-fuzz [libFuzzer options] CORPUS   (built by `make fuzz`)
//     gen-fuzz TARGET FILE...                                       (built as usual: replays files)
//
// A crash is any trap: an index out of range, an overflow, a failed precondition.

/// The site around the input: one article, one entity, one source, and the input's file.
let article = "---\ntitle: Hostile\ndate: 2024-01-01\ntags: [a]\n---\nKamala Harris met [[North Carolina]] voters [@report].\n"
let base: [String: [UInt8]] = [
    "gen.toml": Array("title = \"Fuzz\"\nbase_url = \"https://example.org/\"\n".utf8),
    "content/articles/a.md": Array(article.utf8),
    "content/entities/kamala-harris.md": Array("---\nname: Kamala Harris\nkind: person\n---\nShe.\n".utf8),
    "content/entities/north-carolina.md": Array("---\nname: North Carolina\nkind: place\n---\nA state.\n".utf8),
    "content/sources.yaml": Array("- id: report\n  type: report\n  title: A report\n  issued: 2024-05-01\n".utf8),
]

/// Each site target: where the input goes.
let siteTargets: [String: @Sendable ([UInt8]) -> [String: [UInt8]]] = [
    // A whole article file: front matter (the fast reader and YAML) and body.
    "front-matter": { input in base.merging(["content/articles/b.md": input]) { $1 } },
    // An article body after valid front matter: Markdown, citations, [[links]], mentions.
    "body": { input in base.merging(["content/articles/b.md": Array("---\ntitle: B\n---\n".utf8) + input]) { $1 } },
    // A notes file on the article: front matter, quotes, attribute paragraphs, note bodies.
    "annotations": { input in base.merging(["content/annotations/a.md": input]) { $1 } },
    // gen.toml.
    "config": { input in base.merging(["gen.toml": input]) { $1 } },
    // The bibliography, as CSL-YAML and as CSL-JSON.
    "csl-yaml": { input in base.merging(["content/sources.yaml": input]) { $1 } },
    "csl-json": { input in base.filter { $0.key != "content/sources.yaml" }.merging(["content/sources.json": input]) { $1 } },
    // An entity file: names, aliases, kinds.
    "entity": { input in base.merging(["content/entities/x.md": input]) { $1 } },
    // The site's own article template, rendered with an article's whole context: Mustache's
    // tags, sections, partials, inheritance, delimiters and standalone lines.
    "template": { input in base.merging(["templates/article.mustache": input]) { $1 } },
]

/// Each target: what it does with the input.
let targets: [String: @Sendable ([UInt8]) -> Void] = siteTargets.mapValues { target in { @Sendable input in build(input, target: target) } }
    .merging(["search-record": { input in _ = Pagefind.record(of: input) }]) { $1 }

/// A site in memory, under /fuzz.
struct MemoryFileSystem: FileSystem {
    let files: [String: [UInt8]]
    let folders: Set<String>

    init(_ files: [String: [UInt8]]) {
        var all: [String: [UInt8]] = [:]
        var folders: Set<String> = ["/fuzz"]
        for (path, bytes) in files {
            all["/fuzz/" + path] = bytes
            var folder = ("/fuzz/" + path as NSString).deletingLastPathComponent
            while folder.count > 1 {
                folders.insert(folder)
                folder = (folder as NSString).deletingLastPathComponent
            }
        }
        self.files = all
        self.folders = folders
    }

    func list(_ path: String) -> [DirectoryEntry]? {
        guard folders.contains(path) else { return nil }
        var names: [String: Bool] = [:]
        for candidate in Array(files.keys) + Array(folders) where candidate.hasPrefix(path + "/") {
            let rest = candidate.dropFirst(path.count + 1)
            guard let name = rest.split(separator: "/").first else { continue }
            names[String(name)] = names[String(name)] == true || rest.contains("/") || folders.contains(path + "/" + name)
        }
        return names.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { DirectoryEntry(name: $0, isDirectory: names[$0]!) }
    }

    func read(_ path: String) throws -> [UInt8] {
        guard let bytes = files[path] else { throw CocoaError(.fileNoSuchFile) }
        return bytes
    }

    func exists(_ path: String) -> Bool { files[path] != nil || folders.contains(path) }
    func isDirectory(_ path: String) -> Bool { folders.contains(path) }
    func refusal(of path: String) -> FileRefusal? { nil }
}

/// Builds the site with `input` in its place; the diagnostics and files it made.
@discardableResult
func build(_ input: [UInt8], target: ([UInt8]) -> [String: [UInt8]]) -> BuildResult {
    let options = BuildOptions(siteDirectory: "/fuzz", jobs: 1)
    return SiteBuilder(options: options, fileSystem: MemoryFileSystem(target(input))).build(into: .memory)
}

#if GEN_FUZZ
// Built for libFuzzer (`make fuzz`: `-sanitize=fuzzer` and `-D GEN_FUZZ`): libFuzzer's own main
// runs, and the target is named by GEN_FUZZ_TARGET.

nonisolated(unsafe) var chosen: (@Sendable ([UInt8]) -> Void)?

@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> Int32 {
    let name = ProcessInfo.processInfo.environment["GEN_FUZZ_TARGET"] ?? ""
    guard let target = targets[name] else {
        FileHandle.standardError.write(Data("gen-fuzz: set GEN_FUZZ_TARGET to one of \(targets.keys.sorted().joined(separator: ", "))\n".utf8))
        exit(64)
    }
    chosen = target
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    chosen!(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
#else
// Without libFuzzer: each file given, once (crash inputs kept as regression tests).
@main
enum GenFuzz {
    static func main() {
        let arguments = CommandLine.arguments
        guard arguments.count >= 2, let target = targets[arguments[1]] else {
            FileHandle.standardError.write(Data("usage: gen-fuzz TARGET FILE...\ntargets: \(targets.keys.sorted().joined(separator: ", "))\n".utf8))
            exit(64)
        }
        for path in arguments.dropFirst(2) {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("gen-fuzz: cannot read \(path)\n".utf8))
                exit(66)
            }
            if let site = siteTargets[arguments[1]] {
                let result = build(Array(data), target: site)
                print("gen-fuzz: \(arguments[1]) \(path): \(result.diagnostics.errorCount) errors, \(result.files.count) files")
            } else {
                target(Array(data))
                print("gen-fuzz: \(arguments[1]) \(path): done")
            }
        }
    }
}
#endif
