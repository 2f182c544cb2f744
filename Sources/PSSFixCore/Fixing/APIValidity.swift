/// The API server's own rules that a fix could break (kubernetes `pkg/apis/core/validation`),
/// checked on the patched result whatever the options, exemptions and opt-ins: a planned change
/// that would create one of these pairs is dropped (issue 19, "a final validity guard").
///
/// - `allowPrivilegeEscalation: false` with `privileged: true` or a `SYS_ADMIN` add
///   ("cannot set allowPrivilegeEscalation to false and privileged to true");
/// - `runAsNonRoot: true` with an effective `runAsUser: 0` (the kubelet refuses to start it);
/// - a Linux-only field on a pod with `spec.os.name: windows`.
public enum APIValidity {
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public enum Rule: String, Sendable, Hashable {
            case escalationWithPrivileged
            case escalationWithSysAdmin
            case nonRootWithRootUID
            case linuxFieldOnWindows
        }

        public let rule: Rule
        /// The container's name, or nil for the pod.
        public let container: String?
        /// For `linuxFieldOnWindows`: the field (`seccompProfile`, `capabilities`, …).
        public let field: String?

        public var description: String {
            let who = container.map { "container \"\($0)\"" } ?? "pod"
            switch rule {
            case .escalationWithPrivileged:
                return "\(who) stays privileged: the API server rejects allowPrivilegeEscalation=false with privileged=true (if privileged is exempted for it, exempt allowPrivilegeEscalation too)"
            case .escalationWithSysAdmin:
                return "\(who) keeps its SYS_ADMIN add: the API server rejects allowPrivilegeEscalation=false with it (if capabilities are exempted for it, exempt allowPrivilegeEscalation too)"
            case .nonRootWithRootUID:
                return "\(who) runs as UID 0: the kubelet refuses runAsNonRoot=true there; set a non-zero runAsUser first (--fix runAsUser --run-as-user UID)"
            case .linuxFieldOnWindows:
                return "Windows pod: the API server forbids securityContext.\(field ?? "?") on it"
            }
        }
    }

    /// Fields the API server forbids on Windows pods (psa-spec §9.1), at pod and container level.
    static let linuxOnlyPodFields = ["seccompProfile", "seLinuxOptions", "runAsUser"]
    static let linuxOnlyContainerFields = [
        "seccompProfile", "capabilities", "allowPrivilegeEscalation", "privileged", "seLinuxOptions", "procMount", "runAsUser",
    ]

    /// Every invalid pair in `pod`.
    public static func problems(in pod: PodView) -> [Problem] {
        var found: [Problem] = []
        let podUID = pod.securityContext?["runAsUser"]?.int
        let podNonRoot = pod.securityContext?["runAsNonRoot"]?.bool
        if pod.isWindows {
            for field in linuxOnlyPodFields where present(pod.securityContext?[field]) {
                found.append(Problem(rule: .linuxFieldOnWindows, container: nil, field: field))
            }
        }
        for container in pod.containers {
            let context = container.securityContext
            if context?["allowPrivilegeEscalation"]?.bool == false {
                if container.isPrivileged { found.append(Problem(rule: .escalationWithPrivileged, container: container.name, field: nil)) }
                if container.addsSysAdmin { found.append(Problem(rule: .escalationWithSysAdmin, container: container.name, field: nil)) }
            }
            let nonRoot = context?["runAsNonRoot"]?.bool ?? podNonRoot
            let uid = context?["runAsUser"]?.int ?? podUID
            if nonRoot == true && uid == 0 { found.append(Problem(rule: .nonRootWithRootUID, container: container.name, field: nil)) }
            if pod.isWindows {
                for field in linuxOnlyContainerFields where present(context?[field]) {
                    found.append(Problem(rule: .linuxFieldOnWindows, container: container.name, field: field))
                }
            }
        }
        return found
    }

    static func present(_ node: Node?) -> Bool { node.map { !$0.isNull } ?? false }

    /// Whether `intent` (planned for `pod`) helps create `problem`: the change that must be
    /// dropped so that the problem is not written.
    static func intent(_ intent: FixIntent, causes problem: Problem, in pod: PodView) -> Bool {
        let (base, path) = intent.target
        guard let path, !path.isEmpty else { return false }
        let owner = pod.container(containing: base)?.name
        let ownerMatches = problem.container == nil ? owner == nil : (owner == problem.container || owner == nil)
        guard ownerMatches else { return false }
        switch problem.rule {
        case .escalationWithPrivileged, .escalationWithSysAdmin:
            return owner == problem.container && path.last == "allowPrivilegeEscalation"
        case .nonRootWithRootUID:
            return path.last == "runAsNonRoot"
        case .linuxFieldOnWindows:
            return problem.field.map { path.contains($0) } ?? false
        }
    }
}

extension FixIntent {
    /// The node and key path a `set` or `include` writes (nil path for removals, which only ever
    /// take privilege away and cannot create an invalid pair).
    var target: (base: Node, path: [String]?) {
        switch action {
        case .set(let base, let path, _), .include(let base, let path, _): return (base, path)
        case .remove(let sequence, _): return (sequence, nil)
        case .removeKeys(let mapping, _): return (mapping, nil)
        }
    }
}
