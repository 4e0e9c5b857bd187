import Foundation

extension Fixtures {
    /// What a test that reads `relativePath` from the shared folder (`Fixtures.shared`) should
    /// do: `.found(path)`, or, when it is missing, `.missing(message)` saying what is missing
    /// and what needs it; `failsWhenMissing` is true under CI, where the folder is always there.
    public enum SharedFile {
        case found(String)
        case missing(String)
    }

    public static var failsWhenSharedIsMissing: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

    public static func sharedFile(_ relativePath: String, for purpose: String) -> SharedFile {
        let path = shared + "/" + relativePath
        guard FileManager.default.fileExists(atPath: path) else {
            return .missing("\(path) is missing: \(purpose) reads it from the shared folder beside the repository (or GEN_SHARED)")
        }
        return .found(path)
    }
}
