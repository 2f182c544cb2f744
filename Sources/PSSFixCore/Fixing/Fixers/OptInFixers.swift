/// Opt-in fixes (psa-spec §9.3): each changes something an author wrote on purpose, so it runs
/// only when its check is named with `--fix`, and every change is reported with its run-time risk.

/// `privileged: true` becomes `false` (which also unblocks allowPrivilegeEscalation=false).
public enum PrivilegedFixer: Fixer {
    public static let checkID = "privileged"
    public static let isOptIn = true
    public static let risk = "CSI node plugins, CNI, device plugins and monitoring agents genuinely need privileged mode"

    public static func plan(_ pod: PodView, options: FixOptions, into plan: inout FixPlan) {
        for c in pod.containers where c.isPrivileged {
            plan.add(FixIntent(
                .set(base: c.node, path: ["securityContext", "privileged"], value: .bool(false)), checkID: checkID,
                summary: "\(c.label): changed securityContext.privileged to false (risk: \(risk))", changesExplicitValue: true))
        }
    }
}

/// `hostNetwork`/`hostPID`/`hostIPC: true` become `false`; with hostNetwork gone, host ports the
/// API server had defaulted to the container port are removed too.
public enum HostNamespacesFixer: Fixer {
    public static let checkID = "hostNamespaces"
    public static let isOptIn = true
    public static let risk = "node agents, host-network ingress controllers and process monitors need host namespaces"

    public static func plan(_ pod: PodView, options: FixOptions, into plan: inout FixPlan) {
        for field in ["hostNetwork", "hostPID", "hostIPC"] where pod.spec[field]?.bool == true {
            plan.add(FixIntent(
                .set(base: pod.spec, path: [field], value: .bool(false)), checkID: checkID,
                summary: "pod: changed \(field) to false (risk: \(risk))", changesExplicitValue: true))
        }
        guard pod.spec["hostNetwork"]?.bool == true else { return }
        for c in pod.containers {
            for port in c.node.sequence("ports")?.items.map(\.resolved) ?? [] where port.isMapping {
                if let host = port["hostPort"]?.int, host == port["containerPort"]?.int {
                    plan.add(FixIntent(
                        .removeKeys(mapping: port, keys: ["hostPort"]), checkID: checkID,
                        summary: "\(c.label): removed hostPort \(host) (it only mirrored containerPort under hostNetwork)",
                        changesExplicitValue: true))
                }
            }
        }
    }
}

/// Removes `hostPort` from container ports, keeping `containerPort`.
public enum HostPortsFixer: Fixer {
    public static let checkID = "hostPorts"
    public static let isOptIn = true
    public static let risk = "the pod is no longer reachable on the node's port; expose it with a Service (NodePort or LoadBalancer)"

    public static func plan(_ pod: PodView, options: FixOptions, into plan: inout FixPlan) {
        for c in pod.containers {
            for port in c.node.sequence("ports")?.items.map(\.resolved) ?? [] where port.isMapping {
                guard let host = port["hostPort"], (host.int ?? 1) != 0 else { continue }
                plan.add(FixIntent(
                    .removeKeys(mapping: port, keys: ["hostPort"]), checkID: checkID,
                    summary: "\(c.label): removed hostPort \(host.string ?? "") (risk: \(risk))", changesExplicitValue: true))
            }
        }
    }
}

/// Removes `host` from httpGet/tcpSocket probes and lifecycle handlers.
public enum HostProbesFixer: Fixer {
    public static let checkID = "hostProbesAndHostLifecycle"
    public static let isOptIn = true
    public static let risk = "the probe now targets the pod IP; an app listening only on 127.0.0.1 fails it"

    public static func plan(_ pod: PodView, options: FixOptions, into plan: inout FixPlan) {
        for c in pod.containers {
            var handlers: [(String, Node)] = []
            for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
                if let p = c.node.mapping(probe) { handlers.append((probe, p)) }
            }
            if let lifecycle = c.node.mapping("lifecycle") {
                for hook in ["postStart", "preStop"] {
                    if let h = lifecycle.mapping(hook) { handlers.append(("lifecycle.\(hook)", h)) }
                }
            }
            for (name, handler) in handlers {
                for kind in ["httpGet", "tcpSocket"] {
                    guard let action = handler.mapping(kind), let host = action["host"]?.string, !host.isEmpty else { continue }
                    plan.add(FixIntent(
                        .removeKeys(mapping: action, keys: ["host"]), checkID: checkID,
                        summary: "\(c.label): removed host \"\(host)\" from \(name).\(kind) (risk: \(risk))",
                        changesExplicitValue: true))
                }
            }
        }
    }
}

/// `procMount` becomes `Default`.
public enum ProcMountFixer: Fixer {
    public static let checkID = "procMount"
    public static let isOptIn = true
    public static let risk = "nested containers and sandboxes (sysbox, buildkit) need an unmasked /proc"

    public static func plan(_ pod: PodView, options: FixOptions, into plan: inout FixPlan) {
        setDefault(pod, checkID: checkID, into: &plan)
    }

    static func setDefault(_ pod: PodView, checkID: String, into plan: inout FixPlan) {
        for c in pod.containers {
            guard let value = c.securityContext?["procMount"]?.string, value != "Default" else { continue }
            plan.add(FixIntent(
                .set(base: c.node, path: ["securityContext", "procMount"], value: .string("Default")), checkID: checkID,
                summary: "\(c.label): changed securityContext.procMount from \"\(value)\" to Default (risk: \(risk))",
                changesExplicitValue: true))
        }
    }
}

public enum ProcMountRestrictedFixer: Fixer {
    public static let checkID = "procMount_restricted"
    public static let isOptIn = true
    public static let risk = ProcMountFixer.risk

    public static func plan(_ pod: PodView, options: FixOptions, into plan: inout FixPlan) {
        ProcMountFixer.setDefault(pod, checkID: checkID, into: &plan)
    }
}

/// Removes SELinux `user` and `role`, and a `type` outside the allowed list; keeps `level`.
public enum SELinuxOptionsFixer: Fixer {
    public static let checkID = "seLinuxOptions"
    public static let isOptIn = true
    public static let risk = "SELinux-enforcing nodes may deny volume or device access; custom types such as spc_t are usually deliberate"

    public static func plan(_ pod: PodView, options: FixOptions, into plan: inout FixPlan) {
        let allowed = SELinuxOptionsCheck.allowedTypes(minor: options.version.effectiveMinor)
        var owners: [(String, Node?)] = [("pod", pod.securityContext?.mapping("seLinuxOptions"))]
        owners += pod.containers.map { ($0.label, $0.securityContext?.mapping("seLinuxOptions")) }
        for case let (owner, options?) in owners {
            var keys: [String] = []
            if !(options["user"]?.string ?? "").isEmpty { keys.append("user") }
            if !(options["role"]?.string ?? "").isEmpty { keys.append("role") }
            if let type = options["type"]?.string, !allowed.contains(type) { keys.append("type") }
            guard !keys.isEmpty else { continue }
            plan.add(FixIntent(
                .removeKeys(mapping: options, keys: keys), checkID: checkID,
                summary: "\(owner): removed seLinuxOptions \(keys.joined(separator: ", ")) (risk: \(risk))",
                changesExplicitValue: true))
        }
    }
}

/// Removes sysctls outside the version's safe set.
public enum SysctlsFixer: Fixer {
    public static let checkID = "sysctls"
    public static let isOptIn = true
    public static let risk = "the kernel tuning is lost; unsafe sysctls need kubelet --allowed-unsafe-sysctls and an exempt namespace"

    public static func plan(_ pod: PodView, options: FixOptions, into plan: inout FixPlan) {
        guard let list = pod.securityContext?.sequence("sysctls") else { return }
        var doomed: [Node] = []
        var names: [String] = []
        for item in list.items {
            let name = item.resolved["name"]?.string ?? ""
            if !SysctlsCheck.safe(minor: options.version.effectiveMinor).contains(name) {
                doomed.append(item)
                names.append(name)
            }
        }
        guard !doomed.isEmpty else { return }
        plan.add(FixIntent(
            .remove(sequence: list, items: doomed), checkID: checkID,
            summary: "pod: removed sysctls \(names.joined(separator: ", ")) (risk: \(risk))", changesExplicitValue: true))
    }
}

/// AppArmor `Unconfined` (field or annotation) becomes the runtime default.
public enum AppArmorProfileFixer: Fixer {
    public static let checkID = "appArmorProfile"
    public static let isOptIn = true
    public static let risk = "the workload opted out of AppArmor on purpose; confined processes may be denied file or network access"

    public static func plan(_ pod: PodView, options: FixOptions, into plan: inout FixPlan) {
        var owners: [(String, Node)] = [("pod", pod.spec)]
        owners += pod.containers.map { ($0.label, $0.node) }
        for (owner, base) in owners {
            let sc = owner == "pod" ? pod.securityContext : base.mapping("securityContext")
            guard let type = sc?.mapping("appArmorProfile")?["type"]?.string,
                type != "RuntimeDefault" && type != "Localhost"
            else { continue }
            plan.add(FixIntent(
                .set(base: base, path: ["securityContext", "appArmorProfile", "type"], value: .string("RuntimeDefault")),
                checkID: checkID, summary: "\(owner): changed appArmorProfile.type from \"\(type)\" to RuntimeDefault (risk: \(risk))",
                changesExplicitValue: true))
        }
        guard let annotations = pod.metadata?.mapping("annotations") else { return }
        for pair in annotations.pairs {
            guard let key = pair.key.string, key.hasPrefix("container.apparmor.security.beta.kubernetes.io/") else { continue }
            let value = pair.value.string ?? ""
            if value.isEmpty || value == "runtime/default" || value.hasPrefix("localhost/") { continue }
            guard value == "unconfined" else {
                plan.leave(checkID, "annotation \(key)=\"\(value)\" is not a known AppArmor profile; decide what it should be")
                continue
            }
            plan.add(FixIntent(
                .set(base: annotations, path: [key], value: .string("runtime/default")), checkID: checkID,
                summary: "pod: changed annotation \(key) from unconfined to runtime/default (risk: \(risk))",
                changesExplicitValue: true))
        }
    }
}

/// With `--run-as-user UID`: `runAsUser: 0` becomes UID, and a pod without a UID gets one, so
/// runAsNonRoot can be set safely.
public enum RunAsUserFixer: Fixer {
    public static let checkID = "runAsUser"
    public static let isOptIn = true
    public static let risk = "files and volumes owned by root become unwritable for the new UID"

    public static func plan(_ pod: PodView, options: FixOptions, into plan: inout FixPlan) {
        guard let uid = options.runAsUser else {
            plan.leave(checkID, "runAsUser 0 needs a UID: rerun with --run-as-user UID (e.g. 65532)")
            return
        }
        if pod.isWindows { return }
        if let value = pod.securityContext?["runAsUser"], value.int == 0 {
            plan.add(FixIntent(
                .set(base: pod.spec, path: ["securityContext", "runAsUser"], value: .int(uid)), checkID: checkID,
                summary: "pod: changed securityContext.runAsUser from 0 to \(uid) (risk: \(risk))", changesExplicitValue: true))
        }
        for c in pod.containers where c.securityContext?["runAsUser"]?.int == 0 {
            plan.add(FixIntent(
                .set(base: c.node, path: ["securityContext", "runAsUser"], value: .int(uid)), checkID: checkID,
                summary: "\(c.label): changed securityContext.runAsUser from 0 to \(uid) (risk: \(risk))", changesExplicitValue: true))
        }
    }

    /// Where no UID is set at all, `--run-as-user` also sets it at pod level (the kubelet cannot
    /// verify runAsNonRoot for an image whose USER is a name).
    static func planDefaultUID(_ pod: PodView, options: FixOptions, into plan: inout FixPlan) {
        guard let uid = options.runAsUser, !pod.isWindows, pod.securityContext?["runAsUser"] == nil else { return }
        if pod.containers.allSatisfy({ $0.securityContext?["runAsUser"] != nil }) { return }
        plan.add(FixIntent(
            .set(base: pod.spec, path: ["securityContext", "runAsUser"], value: .int(uid)), checkID: checkID,
            summary: "pod: set securityContext.runAsUser=\(uid) (--run-as-user; risk: \(risk))"))
    }
}
