/// What a person should do about a violation pss-fix does not fix by default (psa-spec §9.3,
/// §9.4), in one sentence each, naming the `--fix` opt-in where there is one.
public enum HumanActions {
    public static func advice(for checkID: String) -> String {
        switch checkID {
        case "privileged":
            return "privileged containers belong in a privileged or exempt namespace; if it does not need it, set privileged: false (opt in: --fix privileged)"
        case "hostNamespaces":
            return "node agents need host namespaces (exempt their namespace); otherwise set hostNetwork/hostPID/hostIPC to false (opt in: --fix hostNamespaces)"
        case "hostPorts":
            return "expose the pod through a Service (NodePort or LoadBalancer) instead of hostPort (opt in: --fix hostPorts removes hostPort)"
        case "hostProbesAndHostLifecycle":
            return "let probes target the pod IP (opt in: --fix hostProbesAndHostLifecycle removes host), or use an exec or grpc probe"
        case "procMount", "procMount_restricted":
            return "use the Default /proc mount (opt in: --fix \(checkID)); nested container runtimes need an exempt namespace"
        case "seLinuxOptions":
            return "remove custom SELinux user, role and type (opt in: --fix seLinuxOptions); keep level"
        case "sysctls":
            return "drop unsafe sysctls (opt in: --fix sysctls), or raise the namespace's enforce-version if the name is safe in a newer policy"
        case "appArmorProfile":
            return "use the runtime's default AppArmor profile (opt in: --fix appArmorProfile)"
        case "runAsUser":
            return "run as a non-zero UID: rerun with --fix runAsUser --run-as-user UID (e.g. 65532), and make sure files the process writes are not owned by root"
        case "hostPathVolumes", "restrictedVolumes":
            return "replace the volume: emptyDir for scratch, a persistentVolumeClaim or CSI volume for data, configMap or secret for configuration; an initContainer with git clone replaces gitRepo"
        case "windowsHostProcess":
            return "HostProcess containers administer the node by design: run them in an exempt or privileged namespace"
        case "seccompProfile_baseline":
            return "remove the unconfined seccomp annotation or set it to runtime/default"
        case "capabilities_baseline", "capabilities_restricted":
            return "remove the added capability if the workload does not need it (opt in: --fix \(checkID)), or exempt the workload with a reason"
        case "allowPrivilegeEscalation":
            return "set allowPrivilegeEscalation: false once the container is neither privileged nor adds SYS_ADMIN"
        case "runAsNonRoot":
            return "give the container a non-zero runAsUser (--run-as-user UID), then runAsNonRoot: true can be set"
        case "seccompProfile_restricted":
            return "set seccompProfile RuntimeDefault or a Localhost profile"
        default:
            return "see `pss-fix explain \(checkID)`"
        }
    }
}
