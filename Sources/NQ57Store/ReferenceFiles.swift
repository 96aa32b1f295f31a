import Foundation
import NQ57Core

/// Finding and reading the reference files shipped in the `Reference` resource directory.
/// (This file stays beside `Reference/`: the last place looked is the source tree, by `#filePath`.)
extension ReferenceData {
    /// The `Reference` directory, found without SwiftPM's generated `Bundle.module` (which calls
    /// `fatalError` when the bundle is missing): beside the executable (symlinks resolved), beside
    /// `Bundle.main`, then in the source tree this file was built from.
    static func directory() throws -> String {
        var candidates: [String] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append((exe as NSString).deletingLastPathComponent + "/" + resourceBundleName + "/Reference")
        }
        if let arg0 = CommandLine.arguments.first, arg0.contains("/") {
            let resolved = (arg0 as NSString).resolvingSymlinksInPath
            candidates.append((resolved as NSString).deletingLastPathComponent + "/" + resourceBundleName + "/Reference")
        }
        candidates.append(Bundle.main.bundlePath + "/" + resourceBundleName + "/Reference")
        candidates.append((#filePath as NSString).deletingLastPathComponent + "/Reference")
        for dir in candidates where FileSystem.exists(dir + "/" + techGroupsFile) {
            return dir
        }
        throw StoreError.referenceNotFound(bundle: resourceBundleName).error
    }

    static let files = ["central-units-2025.csv", "admin-units-2025.csv", techGroupsFile, "ecosystem-metrics.csv", figuresFile,
                        ProposalReference.holidaysFile]

    /// The reference files' bytes, by name.
    static func read() throws -> [String: [UInt8]] {
        let dir = try directory()
        var out: [String: [UInt8]] = [:]
        for file in files { out[file] = try FileSystem.readAll(dir + "/" + file) }
        return out
    }

    /// A checksum of the reference files (FNV-1a, 64 bits): unchanged files need no reloading.
    static func fingerprint(_ files: [String: [UInt8]]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for name in files.keys.sorted() {
            for b in Array(name.utf8) + [0] + files[name]! {
                hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3
            }
        }
        return String(hash, radix: 16)
    }
}
