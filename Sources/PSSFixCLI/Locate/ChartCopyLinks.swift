import FoundationEssentials
import PSSFixCore

/// A chart copied to a temporary folder for the verifying render keeps its symbolic links as
/// they are; a relative link that leaves the chart (`charts/common -> ../../common`, a local
/// dependency before `helm dependency build`) would point nowhere from the copy. Such links are
/// pointed at their original targets again, so the copy renders as the chart does.
enum ChartCopyLinks {
    static func repoint(original: String, copy: String) {
        let fm = FileManager.default
        for sub in (try? fm.subpathsOfDirectory(atPath: original)) ?? [] {
            let path = original + "/" + sub
            guard let target = try? fm.destinationOfSymbolicLink(atPath: path), !target.hasPrefix("/") else { continue }
            let resolved = URL(fileURLWithPath: target, relativeTo: URL(fileURLWithPath: RenderPath.parent(path) + "/")).standardizedFileURL.path
            guard !resolved.hasPrefix(original + "/") else { continue }
            let link = copy + "/" + sub
            try? fm.removeItem(atPath: link)
            try? fm.createSymbolicLink(atPath: link, withDestinationPath: resolved)
        }
    }
}
