/// Finds workloads whose pod fields have the wrong YAML type: `containers: notalist`, a
/// container that is a string, `securityContext: [1, 2]`, `capabilities.drop: ALL`.
///
/// The API server cannot decode such an object, so PSA never judges it; neither should pss-fix
/// guess (treating a scalar `securityContext` as absent and "fixing" the pod around it would
/// hide the real error). Each one is reported as an error at the offending value, and the file
/// is left untouched. Null is accepted everywhere: it decodes to the field's zero value.
public enum WorkloadShape {
    /// The type a field must have.
    enum Expected: String {
        case mapping = "a mapping"
        case sequence = "a list"
        case scalar = "a single value"
    }

    /// One description per field that is read by a check or written by a fixer.
    struct Field {
        let key: String
        let expected: Expected
        /// For lists: what every item must be.
        var items: Expected?
        /// Fields inside a mapping value (or inside every mapping item of a list).
        var fields: [Field] = []
    }

    static let securityContextCommon: [Field] = [
        Field(key: "seLinuxOptions", expected: .mapping),
        Field(key: "seccompProfile", expected: .mapping),
        Field(key: "appArmorProfile", expected: .mapping),
        Field(key: "windowsOptions", expected: .mapping),
    ]

    static let container: [Field] = [
        Field(key: "securityContext", expected: .mapping, fields: securityContextCommon + [
            Field(key: "capabilities", expected: .mapping, fields: [
                Field(key: "add", expected: .sequence, items: .scalar),
                Field(key: "drop", expected: .sequence, items: .scalar),
            ]),
        ]),
        Field(key: "ports", expected: .sequence, items: .mapping),
    ]

    static let podSpec: [Field] = ContainerView.Kind.allCases.map {
        Field(key: $0.rawValue, expected: .sequence, items: .mapping, fields: container)
    } + [
        Field(key: "securityContext", expected: .mapping, fields: securityContextCommon + [
            Field(key: "sysctls", expected: .sequence, items: .mapping),
        ]),
        Field(key: "volumes", expected: .sequence, items: .mapping),
        Field(key: "os", expected: .mapping),
    ]

    /// The mapping holding the pod's metadata (annotations carry AppArmor, seccomp and
    /// exception settings) and spec.
    static let podTemplate: [Field] = [
        Field(key: "metadata", expected: .mapping, fields: [Field(key: "annotations", expected: .mapping)]),
        Field(key: "spec", expected: .mapping, fields: podSpec),
    ]

    /// The first badly typed field of every workload in the stream, in document order.
    public static func problems(in stream: YAMLStream, kinds: WorkloadKinds = .builtIn) -> [YAMLError] {
        Workload.objects(in: stream).compactMap { problem(inObject: $0.object, kinds: kinds) }
    }

    /// A step of the path to the offending value; joined into text only for the error
    /// (this runs on every workload of every file, so nothing is formatted on the good path).
    enum Step {
        case key(String)
        case index(Int)
    }

    /// Checks the route from the object to its pod spec, then the pod spec's fields.
    static func problem(inObject object: Node, kinds: WorkloadKinds) -> YAMLError? {
        guard object.isMapping, let kindName = object["kind"]?.string,
            let kind = kinds.kind(named: kindName, apiVersion: object["apiVersion"]?.string)
        else {
            return nil
        }
        var template = object
        var path: [Step] = []
        path.reserveCapacity(12)
        for key in kind.templatePath {
            path.append(.key(key))
            guard let value = template[key] else { return nil }
            if value.resolved.isNull { return nil }
            guard value.resolved.isMapping else { return error(object, path, .mapping, value) }
            template = value.resolved
        }
        return problem(in: template, fields: podTemplate, path: &path, object: object)
    }

    static func problem(in mapping: Node, fields: [Field], path: inout [Step], object: Node) -> YAMLError? {
        for field in fields {
            guard let value = mapping[field.key] else { continue }
            let resolved = value.resolved
            if resolved.isNull { continue }
            path.append(.key(field.key))
            defer { path.removeLast() }
            guard matches(resolved, field.expected) else { return error(object, path, field.expected, value) }
            switch field.expected {
            case .mapping:
                if let found = problem(in: resolved, fields: field.fields, path: &path, object: object) { return found }
            case .sequence:
                for (i, item) in resolved.items.enumerated() {
                    path.append(.index(i))
                    defer { path.removeLast() }
                    if let expected = field.items, !matches(item.resolved, expected) {
                        return error(object, path, expected, item)
                    }
                    if item.resolved.isMapping, !field.fields.isEmpty,
                        let found = problem(in: item.resolved, fields: field.fields, path: &path, object: object)
                    {
                        return found
                    }
                }
            case .scalar:
                break
            }
        }
        return nil
    }

    static func matches(_ node: Node, _ expected: Expected) -> Bool {
        switch expected {
        case .mapping: return node.isMapping
        case .sequence: return node.isSequence
        case .scalar: return node.isScalar
        }
    }

    static func error(_ object: Node, _ path: [Step], _ expected: Expected, _ node: Node) -> YAMLError {
        let name = "\(object["kind"]?.string ?? "")/\(object.mapping("metadata")?["name"]?.string ?? "<unnamed>")"
        var text = ""
        for step in path {
            switch step {
            case .key(let key): text += text.isEmpty ? key : "." + key
            case .index(let i): text += "[\(i)]"
            }
        }
        let found = node.resolved.isMapping ? "a mapping" : (node.resolved.isSequence ? "a list" : "a single value")
        return YAMLError(
            message: "\(name): \(text) must be \(expected.rawValue), found \(found); the API server cannot decode this object",
            location: node.location, byteOffset: node.span.start)
    }
}
