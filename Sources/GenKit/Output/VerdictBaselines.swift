import Foundation

/// Where the verdict of each fact check that is held for review or orphaned was last
/// published: the words a build compares it with once it is published again.
///
/// A build compares each fact check with its place in the last build's annotations.jsonld. A
/// fact check held for review (`review="…"`), or orphaned under `orphans = "warn"`, publishes no
/// verdict, so the build goes through whatever its words became meanwhile; its place in the
/// last build would then be the changed words, and the verdict, published again, would be
/// compared with those. So each build records, beside the output (`.public.gen-verdicts`, as
/// the manifest and the render cache), the place each such note had when its verdict was last
/// published, and carries it from build to build until the note is published again: then it
/// is compared with that place, not with the words it had while held.
struct VerdictBaselines: Sendable, Codable, Equatable {
    /// By the folder of the document's page in the output ("articles/slug/"), then note id.
    var places: [String: [String: PreviousAnchor]] = [:]

    /// The file beside `output` (a path as given; made canonical here).
    static func path(for output: String) -> String { OutputWriter.beside(OutputWriter.canonical(output), suffix: ".gen-verdicts") }

    /// `output` as the last build to compare with: when it is there, or when only the record
    /// beside it is (the output deleted, as `rm -rf public` does, with the record beside it
    /// kept): the verdicts it holds back are compared all the same. Nil when neither is.
    static func lastBuild(_ output: String?) -> String? {
        guard let output else { return nil }
        return FileManager.default.fileExists(atPath: output) || OutputWriter.isDeletedWithVerdicts(output) ? output : nil
    }

    /// The record beside `output`; empty when there is none or it cannot be read.
    static func read(beside output: String) -> VerdictBaselines {
        guard let data = FileManager.default.contents(atPath: path(for: output)),
              let read = try? JSONDecoder().decode(VerdictBaselines.self, from: data) else { return VerdictBaselines() }
        return read
    }

    /// Replaces the record beside `output` with this one (none when it is empty). False when it
    /// could not be written.
    func write(beside output: String) -> Bool {
        let path = Self.path(for: output)
        guard !places.isEmpty else { return unlink(path) == 0 || errno == ENOENT }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return false }
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else { return false }
        guard rename(temporary, path) == 0 else { unlink(temporary); return false }
        return true
    }
}

extension OutputWriter {
    /// Whether `folder` is gone and the record of the verdicts its build held back is still
    /// beside it (`VerdictBaselines`): a last build to compare with all the same.
    public static func isDeletedWithVerdicts(_ folder: String) -> Bool {
        !FileManager.default.fileExists(atPath: folder) && FileManager.default.fileExists(atPath: VerdictBaselines.path(for: folder))
    }

    /// Whether `folder` holds a build to compare the next with: one of gen's, or the record of
    /// its verdicts left beside it when it was deleted.
    public static func holdsLastBuild(_ folder: String) -> Bool {
        holdsBuild(folder) || isDeletedWithVerdicts(folder)
    }
}
