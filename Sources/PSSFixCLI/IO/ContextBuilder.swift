import FoundationEssentials
import Glibc
import PSSFixCore

/// Builds the run's `PolicyContext`: Namespace manifests found in the inputs (a cheap first
/// pass that parses only files mentioning `Namespace`), the admission configuration, and the
/// exceptions file. Problems are returned as `FILE:LINE:COL: message` lines.
enum ContextBuilder {
    struct Built {
        var context: PolicyContext
        var errors: [String] = []
        var warnings: [String] = []
        var exceptionsFile: String?
        /// `restricted:latest` when one policy applies to every workload, else a description.
        var policyLabel: String
    }

    static func build(
        files: [InputFile], paths: [String], policy: PolicyOptions, options: ContextOptions, console: Console,
        preloaded: LoadedConfig? = nil
    ) -> Built {
        var errors: [String] = []
        var warnings: [String] = []
        var admission: AdmissionConfiguration?
        if let path = options.admissionConfig {
            switch read(path, console) {
            case .none: errors.append("\(path): error: cannot read the admission configuration")
            case .some(let bytes):
                do { admission = try AdmissionConfiguration.parse(bytes) } catch { errors.append("\(path):\(error)") }
            }
        }
        let loaded = preloaded ?? loadConfig(paths: paths, options: options, console: console)
        let config = loaded.config
        let configPath = loaded.path
        errors += loaded.errors
        var namespaces: [NamespacePolicy] = []
        if policy.override == nil {
            let found = FileProcessor.map(files) { file -> ([NamespacePolicy], [String]) in
                guard case .success(let bytes) = FileProcessor.read(file, console: console),
                    bytes.containsSubsequence(Array("Namespace".utf8), asWord: true),
                    // Trees only for Namespaces and Lists (which may hold them): a 30 MB stream with one
                    // Namespace is not held as 100,000 Pod trees before it is fixed (issue 23).
                    let stream = try? YAMLParser.parse(SourceText(bytes), keepKind: { $0 == "Namespace" || Workload.isListKind($0) })
                else { return ([], []) }
                let policies = NamespacePolicy.find(in: stream)
                return (policies, policies.flatMap { $0.problems.map { "\(file.displayPath):\($0.location): warning: \($0)" } })
            }
            for (policies, problems) in found {
                namespaces += policies
                warnings += problems
            }
        }
        let resolver = PolicyResolver(
            namespaces: namespaces, admission: admission, override: policy.override, fallback: policy.fallback)
        return Built(
            context: PolicyContext(
                resolver: resolver, exceptions: ExceptionSet(config: config, strict: options.strict),
                kinds: WorkloadKinds.builtIn.adding(config?.workloadKinds ?? [])),
            errors: errors, warnings: warnings, exceptionsFile: configPath,
            policyLabel: namespaces.isEmpty && admission == nil
                ? "\(policy.fallback.level.rawValue):\(policy.fallback.version)" : policy.label)
    }

    /// The config file (`--config`, else `.pss-fix.yaml`), read before the inputs are collected
    /// because its `exclude:` decides which inputs there are.
    struct LoadedConfig {
        var config: ExceptionConfig?
        var path: String?
        var errors: [String] = []
    }

    static func loadConfig(paths: [String], options: ContextOptions, console: Console) -> LoadedConfig {
        guard let configPath = options.config ?? defaultConfig(paths: paths, console: console) else { return LoadedConfig() }
        switch read(configPath, console) {
        case .none: return LoadedConfig(path: configPath, errors: ["\(configPath): error: cannot read the exceptions file"])
        case .some(let bytes):
            do { return LoadedConfig(config: try ExceptionConfig.parse(bytes), path: configPath) } catch {
                return LoadedConfig(path: configPath, errors: ["\(configPath):\(error)"])
            }
        }
    }

    /// Collects the inputs, minus `--exclude` and the config's `exclude:` (matched relative to
    /// the config file's folder).
    static func collect(
        paths: [String], selection: SelectionOptions, loaded: LoadedConfig, console: Console
    ) -> (files: [InputFile], problems: [InputCollector.Problem]) {
        let collector = InputCollector(workingDirectory: console.workingDirectory)
        let exclusion = exclusion(selection: selection, loaded: loaded, collector: collector)
        var (files, problems) = collector.collect(paths)
        if !exclusion.isEmpty { files.removeAll(where: exclusion.excludes) }
        return (files, problems)
    }

    /// `--exclude` and the config's `exclude:` (matched relative to the config file's folder).
    static func exclusion(selection: SelectionOptions, loaded: LoadedConfig, collector: InputCollector) -> PathExclusion {
        var exclusion = PathExclusion()
        exclusion.rules = selection.exclude.map { .init(pattern: $0, base: nil) }
        if let config = loaded.config, let path = loaded.path {
            let folder = URL(fileURLWithPath: collector.absolute(path)).deletingLastPathComponent().path
            exclusion.rules += config.exclude.map { .init(pattern: $0, base: folder) }
        }
        return exclusion
    }

    /// `.pss-fix.yaml` in the working directory, else in the first directory argument that has one.
    static func defaultConfig(paths: [String], console: Console) -> String? {
        let fm = FileManager.default
        let collector = InputCollector(workingDirectory: console.workingDirectory)
        for dir in [console.workingDirectory] + paths.map(collector.absolute) {
            let candidate = (dir.hasSuffix("/") ? dir : dir + "/") + ".pss-fix.yaml"
            var isDir = false
            if fm.fileExists(atPath: candidate, isDirectory: &isDir), !isDir { return candidate }
        }
        return nil
    }

    static func read(_ path: String, _ console: Console) -> [UInt8]? {
        let full = InputCollector(workingDirectory: console.workingDirectory).absolute(path)
        return FileManager.default.contents(atPath: full).map { Array($0) }
    }
}

extension Array where Element == UInt8 {
    /// memchr to the needle's first byte, then compare: this runs over every input file before
    /// the real work, so it must cost little more than reading.
    /// `asWord`: the match must not run on into a letter or digit, so a CRD's `scope: Namespaced`
    /// does not cost the pre-pass a parse of the whole (large) CRD file.
    func containsSubsequence(_ needle: [UInt8], asWord: Bool = false) -> Bool {
        guard let first = needle.first else { return true }
        return withUnsafeBufferPointer { hay in
            guard var p = hay.baseAddress else { return false }
            let end = p + hay.count
            while end - p >= needle.count, let hit = memchr(p, Int32(first), end - p - needle.count + 1) {
                let q = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self))
                if memcmp(q, needle, needle.count) == 0 {
                    let next = q + needle.count
                    if !asWord || next == end { return true }
                    let b = next.pointee | 0x20  // ASCII lower case
                    if !((b >= 0x61 && b <= 0x7A) || (next.pointee >= 0x30 && next.pointee <= 0x39)) { return true }
                }
                p = q + 1
            }
            return false
        }
    }
}
