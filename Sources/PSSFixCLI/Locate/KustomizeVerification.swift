import FoundationEssentials
import Glibc
import PSSFixCore

/// Proves a kustomization root's placement by rendering it again (issue 21, "Verify"): the
/// files its build reads are copied to a temporary directory, in the same layout, with the
/// planned bytes for the files pss-fix changes or adds; the copy is rendered, and every object
/// must equal what an expectation says (the planned fix, for the workloads fixed through this
/// root; the render with a shared edit's changes, for workloads that edit reaches) or the
/// original render (everything else). The user's files are never touched.
struct KustomizeVerification {
    let renderer: ProcessRenderer

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// A render that `objects` (`Kind namespace/name`) must equal.
    struct Expectation {
        let render: [UInt8]
        let objects: Set<String>
    }

    /// `reads`: the files the root's build reads (new patches included); `directories`: those
    /// it reads whole (charts); `changed`: path → planned bytes.
    func verify(root: String, reads: Set<String>, directories: [String], changed: [String: [UInt8]], original: RenderedStream,
                expectations: [Expectation]) -> Result<Void, Failure> {
        let fm = FileManager.default
        let temp = TemporaryFolder.make("pss-fix-verify")
        defer { TemporaryFolder.remove(temp) }
        let all = Array(reads) + directories + [root]
        let anchor = all.dropFirst().reduce(RenderPath.parent(all[0])) { common($0, RenderPath.parent($1)) }
        func inCopy(_ path: String) -> String { RenderPath.join(temp, RenderPath.relative(from: anchor, to: path)) }
        do {
            for file in reads.sorted() {
                guard let bytes = changed[file] ?? fm.contents(atPath: file).map({ Array($0) }) else {
                    return .failure(Failure(description: "cannot read \(file) to verify the change"))
                }
                let copy = inCopy(file)
                try fm.createDirectory(atPath: RenderPath.parent(copy), withIntermediateDirectories: true)
                guard fm.createFile(atPath: copy, contents: Data(bytes)) else {
                    return .failure(Failure(description: "cannot write a copy of \(file) to verify the change"))
                }
            }
            for directory in directories where !fm.fileExists(atPath: inCopy(directory)) {
                try fm.createDirectory(atPath: RenderPath.parent(inCopy(directory)), withIntermediateDirectories: true)
                try fm.copyItem(atPath: directory, toPath: inCopy(directory))
            }
            try fm.createDirectory(atPath: inCopy(root), withIntermediateDirectories: true)
        } catch {
            return .failure(Failure(description: "cannot copy the kustomization to verify the change: \(error)"))
        }
        let again: RenderedStream
        switch renderer.render(.kustomization(KustomizationSource(directory: inCopy(root)))) {
        case .rendered(let stream): again = stream
        case .notRendered(let why): return .failure(Failure(description: "it does not render with the change: \(why.message)"))
        }
        do {
            // One comparison per expectation, each kept for its objects (the first for the rest).
            var found: [RenderedComparison.Difference] = []
            for (i, expectation) in expectations.enumerated() {
                let others = expectations.enumerated().filter { $0.offset != i }.map(\.element.objects).reduce(Set(), { $0.union($1) })
                let differences = try RenderedComparison.differences(
                    original: original.bytes, fixed: expectation.render, changed: expectation.objects, actual: again.bytes)
                found += differences.filter { i == 0 ? !others.contains($0.object) : expectation.objects.contains($0.object) }
            }
            guard found.isEmpty else {
                return .failure(Failure(description: "rendered with the change it differs from the planned fix: \(RenderedComparison.summary(found))"))
            }
        } catch {
            return .failure(Failure(description: "a render does not parse: \(error)"))
        }
        return .success(())
    }

    /// The deepest directory holding both.
    func common(_ a: String, _ b: String) -> String {
        var dir = a
        while !RenderPath.isInside(b, dir) { dir = RenderPath.parent(dir) }
        return dir
    }
}
