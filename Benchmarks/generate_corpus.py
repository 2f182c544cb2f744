#!/usr/bin/env python3
"""Generate a reproducible benchmark corpus for pss-fix (python3, standard library only).

The same arguments always produce byte-identical files: everything is drawn from one
random.Random(seed) and no set or hash ordering is ever iterated.

Default: about 10,000 files and about 100 MB (10^6 bytes) in bench-out/corpus, made of
  * workload files of every kind pss-fix understands (Pod, Deployment, StatefulSet, DaemonSet,
    ReplicaSet, ReplicationController, Job, CronJob, PodTemplate and kind: List), in every
    style: block with indentless or indented sequences, 4-space indent, flow mappings (down to a
    one-line pod spec), JSON (2-space, 4-space, minified), CRLF (some with a BOM), quoted keys,
    anchors/aliases, comments everywhere, multi-document streams with `---` (and `...`),
    mixed with Services, ConfigMaps, Ingresses and the like;
  * securityContexts that are compliant, missing, empty, partial, explicitly non-compliant or
    privileged (so check finds violations and --diff has work to do);
  * a few large CRDs with big openAPIV3Schema trees (about 1-2 MB each);
  * ConfigMaps with big literal block scalars (hundreds of KB);
  * non-ASCII text in comments, keys' values and block scalars.

Every file is valid YAML/JSON without duplicate keys and without Go template markers, so that
`pss-fix check` never exits 2 on it.

    python3 Benchmarks/generate_corpus.py                       # ~10,000 files, ~100 MB
    python3 Benchmarks/generate_corpus.py --files 1000 --megabytes 10 --out /tmp/small
"""

import argparse
import json
import math
import os
import random
import shutil
import sys

# --------------------------------------------------------------------------------------------
# Value wrappers understood by the emitter.


class Anchor:
    """`&name value`: the value carries an anchor."""

    def __init__(self, name, value):
        self.name = name
        self.value = value


class Alias:
    """`*name`: a reference to an anchored value (in JSON: the value itself)."""

    def __init__(self, name, value):
        self.name = name
        self.value = value


class Literal:
    """A multi-line string written as a literal (`|`) or folded (`>`) block scalar."""

    def __init__(self, text, folded=False):
        self.text = text
        self.folded = folded


class Flow:
    """Emit this subtree in flow style (`{a: b}` / `[a, b]`)."""

    def __init__(self, value):
        self.value = value


def plain_value(v):
    """The JSON-able value behind the wrappers."""
    if isinstance(v, (Anchor, Alias, Flow)):
        return plain_value(v.value)
    if isinstance(v, Literal):
        return v.text
    if isinstance(v, dict):
        return {k: plain_value(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain_value(x) for x in v]
    return v


# --------------------------------------------------------------------------------------------
# Text pools (ASCII and not).

COMMENTS = [
    "managed by team-platform",
    "TODO: tighten once the migration is done",
    "see runbook RB-1042",
    "do not edit: generated from the service catalogue",
    "Überprüfung der Sicherheitseinstellungen ausstehend",
    "セキュリティ設定は後で確認する",
    "настройки безопасности контейнера",
    "配置说明：生产环境使用",
    "café ☕ — déjà vu, naïve façade",
    "🚀 rollout wave 3",
    "Ωμέγα: τελευταία αλλαγή",
    "שינוי אחרון בתצורה",
    "keep in sync with values-prod",
    "pinned for CVE-2024-0001 (ticket SEC-88)",
    "é ü ñ ø å ß œ ł ž",
    "resource limits reviewed 2024-Q3",
]

WORDS = [
    "orders", "payments", "catalog", "search", "gateway", "auth", "billing", "ledger",
    "inventory", "shipping", "notify", "reports", "metrics", "frontend", "backend", "worker",
    "scheduler", "cache", "indexer", "ingest", "export", "audit", "profile", "session",
]

UNICODE_WORDS = [
    "Bestellungen", "注文サービス", "заказы", "订单", "pédido", "Größe", "ñandú", "Ζεύς",
    "données", "café", "東京", "Zürich", "München", "São-Paulo", "Kraków", "İstanbul",
]

TEAMS = ["platform", "shop", "data", "ml", "infra", "edge", "core", "mobile"]

POSTURES = [
    ("restricted", 30), ("missing", 30), ("partial", 14), ("explicit", 10),
    ("privileged", 10), ("empty", 6),
]

WORKLOAD_KINDS = [
    ("Deployment", 30), ("Pod", 12), ("StatefulSet", 10), ("DaemonSet", 8), ("ReplicaSet", 5),
    ("ReplicationController", 4), ("Job", 10), ("CronJob", 10), ("PodTemplate", 5), ("List", 6),
]

STYLES = [
    ("block-indentless", 22), ("block-indented", 18), ("four-space", 8), ("flow", 8),
    ("json", 10), ("crlf", 8), ("quoted-keys", 6), ("anchors", 10), ("comments", 10),
]

COMPANIONS = ["Service", "ConfigMap", "ServiceAccount", "Ingress", "NetworkPolicy",
              "HorizontalPodAutoscaler", "PodDisruptionBudget", "Secret"]

RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for value, w in pairs:
        x -= w
        if x < 0:
            return value
    return pairs[-1][0]


# --------------------------------------------------------------------------------------------
# YAML emitter with style knobs.


class Emitter:
    def __init__(self, rng, indent=2, indentless=True, quote_keys=False, comment_rate=0.0,
                 trailing_rate=0.0, quote_rate=0.05):
        self.rng = rng
        self.indent = indent
        self.indentless = indentless
        self.quote_keys = quote_keys
        self.comment_rate = comment_rate
        self.trailing_rate = trailing_rate
        self.quote_rate = quote_rate

    # -- scalars

    @staticmethod
    def _plain_ok(s, flow):
        if not s or s.lower() in RESERVED:
            return False
        if not s[0].isalpha() or s[-1] == " " or s[-1] == ":":
            return False
        for i, ch in enumerate(s):
            if ch.isalnum() or ch in "_./-":
                continue
            if ch == " " and s[i - 1] != " ":
                continue
            if ch == ":" and not flow and i + 1 < len(s) and s[i + 1] not in " \t":
                continue
            return False
        if "  " in s or " #" in s:
            return False
        return True

    def string(self, s, flow=False):
        if self._plain_ok(s, flow):
            r = self.rng.random()
            if r < self.quote_rate:
                return "'" + s + "'"
            if r < 2 * self.quote_rate:
                return json.dumps(s, ensure_ascii=False)
            return s
        if "\n" not in s and "\t" not in s and "'" not in s and self.rng.random() < 0.3 and \
                all(ord(c) >= 0x20 for c in s):
            return "'" + s + "'"
        return json.dumps(s, ensure_ascii=False)

    def scalar(self, v, flow=False):
        if v is True:
            return "true"
        if v is False:
            return "false"
        if v is None:
            return "null"
        if isinstance(v, (int, float)):
            return repr(v)
        if isinstance(v, Literal):
            return json.dumps(v.text, ensure_ascii=False)
        return self.string(str(v), flow)

    def key(self, k):
        if self.quote_keys:
            return json.dumps(k, ensure_ascii=False)
        return self.string(k) if not self._plain_ok(k, False) else k

    # -- flow

    def flow(self, v):
        if isinstance(v, Anchor):
            return "&" + v.name + " " + self.flow(v.value)
        if isinstance(v, Alias):
            return "*" + v.name
        if isinstance(v, Flow):
            return self.flow(v.value)
        if isinstance(v, dict):
            if not v:
                return "{}"
            return "{" + ", ".join(self.key(k) + ": " + self.flow(x) for k, x in v.items()) + "}"
        if isinstance(v, list):
            return "[" + ", ".join(self.flow(x) for x in v) + "]"
        return self.scalar(v, flow=True)

    # -- block

    def comment(self):
        return "# " + self.rng.choice(COMMENTS)

    def trailing(self):
        if self.trailing_rate and self.rng.random() < self.trailing_rate:
            return "  " + self.comment()
        return ""

    def document(self, value):
        lines = []
        self.mapping(value, 0, lines, first_plain=False)
        return "\n".join(lines) + "\n"

    def _inline(self, v):
        """Text after `key: ` when the value fits on the line, else None."""
        if isinstance(v, Alias):
            return "*" + v.name
        if isinstance(v, Flow):
            return self.flow(v.value)
        if isinstance(v, dict) and not v:
            return "{}"
        if isinstance(v, list) and not v:
            return "[]"
        if isinstance(v, (dict, list, Literal, Anchor)):
            return None
        return self.scalar(v)

    def _literal(self, lit, header, col, lines):
        lines.append(header + (">" if lit.folded else "|"))
        pad = " " * col
        for line in lit.text.rstrip("\n").split("\n"):
            lines.append(pad + line if line else "")

    def _value(self, head, v, col, lines):
        """Write `head` (e.g. `key:` or `-`) and the value `v` whose children sit at `col`."""
        anchor = ""
        if isinstance(v, Anchor):
            anchor = " &" + v.name
            v = v.value
            if isinstance(v, (Flow, str, int, float, bool)) or v is None or v == {} or v == []:
                lines.append(head + anchor + " " + self._inline(v) + self.trailing())
                return
        inline = self._inline(v)
        if inline is not None:
            lines.append(head + " " + inline + self.trailing())
        elif isinstance(v, Literal):
            self._literal(v, head + anchor + " ", col, lines)
        elif isinstance(v, dict):
            lines.append(head + anchor + self.trailing())
            self.mapping(v, col, lines, first_plain=False)
        else:
            lines.append(head + anchor + self.trailing())
            self.sequence(v, col, lines)

    def mapping(self, m, col, lines, first_plain):
        pad = " " * col
        for i, (k, v) in enumerate(m.items()):
            if not (first_plain and i == 0) and self.comment_rate and self.rng.random() < self.comment_rate:
                lines.append(pad + self.comment())
            head = pad + self.key(k) + ":"
            if isinstance(v, list) and v and not isinstance(v, Flow):
                child = col if self.indentless else col + self.indent
            else:
                child = col + self.indent
            self._value(head, v, child, lines)

    def sequence(self, items, col, lines):
        pad = " " * col
        dash = "-" + " " * (self.indent - 1)
        for item in items:
            if self.comment_rate and self.rng.random() < self.comment_rate:
                lines.append(pad + self.comment())
            if isinstance(item, dict) and item:
                sub = []
                self.mapping(item, col + self.indent, sub, first_plain=True)
                sub[0] = pad + dash + sub[0][col + self.indent:]
                lines.extend(sub)
            else:
                self._value(pad + "-", item, col + self.indent, lines)


# --------------------------------------------------------------------------------------------
# Kubernetes objects.


class Gen:
    def __init__(self, rng):
        self.rng = rng
        self.serial = 0

    def name(self):
        self.serial += 1
        return "%s-%s-%d" % (self.rng.choice(WORDS), self.rng.choice(WORDS), self.serial)

    def text(self, n_words):
        r = self.rng
        return " ".join(r.choice(WORDS) if r.random() < 0.8 else r.choice(UNICODE_WORDS)
                        for _ in range(n_words))

    def env(self, count):
        r = self.rng
        out = []
        for i in range(count):
            name = "%s_%s_%d" % (r.choice(WORDS).upper(), r.choice(["URL", "HOST", "MODE", "LEVEL", "NAME", "TIMEOUT"]), i)
            x = r.random()
            if x < 0.55:
                out.append({"name": name, "value": self.text(r.randint(1, 6))})
            elif x < 0.7:
                out.append({"name": name, "value": str(r.randint(1, 65535))})
            elif x < 0.85:
                out.append({"name": name, "valueFrom": {"secretKeyRef": {"name": self.name(), "key": r.choice(WORDS)}}})
            else:
                out.append({"name": name, "valueFrom": {"fieldRef": {"fieldPath": "metadata.namespace"}}})
        return out

    def container_sc(self, posture):
        r = self.rng
        if posture == "restricted":
            sc = {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]}}
            if r.random() < 0.5:
                sc["readOnlyRootFilesystem"] = True
            if r.random() < 0.3:
                sc["runAsUser"] = r.randint(1000, 65000)
            if r.random() < 0.2:
                sc["capabilities"]["add"] = ["NET_BIND_SERVICE"]
            return sc
        if posture == "missing":
            return None
        if posture == "empty":
            return r.choice([{}, None, {}])
        if posture == "partial":
            return r.choice([
                {"allowPrivilegeEscalation": False},
                {"capabilities": {"drop": ["NET_RAW"]}},
                {"readOnlyRootFilesystem": True},
                {"capabilities": {"drop": ["ALL"]}},
                {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["NET_RAW", "MKNOD"]}},
            ])
        if posture == "explicit":
            return r.choice([
                {"allowPrivilegeEscalation": True},
                {"capabilities": {"add": ["NET_ADMIN", "SYS_TIME"]}},
                {"allowPrivilegeEscalation": True, "seccompProfile": {"type": "Unconfined"}},
                {"runAsNonRoot": False, "capabilities": {"add": ["NET_RAW"], "drop": ["MKNOD"]}},
            ])
        # privileged
        return r.choice([
            {"privileged": True},
            {"privileged": True, "capabilities": {"add": ["SYS_ADMIN"]}},
            {"runAsUser": 0, "allowPrivilegeEscalation": True},
            # SYS_ADMIN last: removing a trailing add entry next to a kept one trips a pss-fix bug
            # ("planned edits overlap", see Benchmarks/README.md), which would make --diff exit 2.
            {"capabilities": {"add": ["NET_ADMIN", "SYS_ADMIN"]}, "procMount": "Unmasked"},
        ])

    def pod_sc(self, posture):
        r = self.rng
        if posture == "restricted":
            sc = {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}}
            if r.random() < 0.5:
                sc["runAsUser"] = r.randint(1000, 65000)
                sc["fsGroup"] = r.randint(1000, 65000)
            return sc
        if posture in ("missing",):
            return None
        if posture == "empty":
            return r.choice([{}, None])
        if posture == "partial":
            return r.choice([{"runAsNonRoot": True}, {"seccompProfile": {"type": "RuntimeDefault"}},
                             {"fsGroup": 2000}, None])
        if posture == "explicit":
            return r.choice([{"runAsNonRoot": False}, {"seccompProfile": {"type": "Unconfined"}},
                             {"runAsNonRoot": False, "seccompProfile": {"type": "Unconfined"}}])
        return r.choice([{"runAsUser": 0}, {"sysctls": [{"name": "kernel.msgmax", "value": "65536"}]},
                         None, {"seLinuxOptions": {"type": "spc_t"}}])

    def container(self, name, posture, env_count, shared_sc=None, ports=True):
        r = self.rng
        c = {"name": name,
             "image": "registry.example.com/%s/%s:%d.%d.%d" % (r.choice(TEAMS), r.choice(WORDS), r.randint(0, 9), r.randint(0, 30), r.randint(0, 99))}
        if r.random() < 0.5:
            c["imagePullPolicy"] = r.choice(["IfNotPresent", "Always"])
        if r.random() < 0.4:
            c["command"] = ["/bin/" + r.choice(WORDS)]
            c["args"] = ["--%s=%s" % (r.choice(WORDS), r.choice(WORDS)) for _ in range(r.randint(1, 5))]
        if ports and r.random() < 0.7:
            c["ports"] = [{"name": "http", "containerPort": r.choice([8080, 8443, 9090, 3000]), "protocol": "TCP"}]
            if posture == "privileged" and r.random() < 0.5:
                c["ports"][0]["hostPort"] = 80
        if env_count:
            c["env"] = self.env(env_count)
        c["resources"] = {"limits": {"cpu": "%dm" % r.choice([100, 250, 500, 1000]), "memory": "%dMi" % r.choice([128, 256, 512, 1024])},
                          "requests": {"cpu": "%dm" % r.choice([50, 100, 200]), "memory": "%dMi" % r.choice([64, 128, 256])}}
        if r.random() < 0.5:
            c["livenessProbe"] = {"httpGet": {"path": "/healthz", "port": 8080}, "initialDelaySeconds": r.randint(1, 30), "periodSeconds": 10}
        if r.random() < 0.4:
            c["volumeMounts"] = [{"name": "config", "mountPath": "/etc/" + r.choice(WORDS), "readOnly": True}]
        sc = shared_sc if shared_sc is not None else self.container_sc(posture)
        if sc is not None:
            c["securityContext"] = sc
        return c

    def pod_spec(self, posture, env_total, style):
        r = self.rng
        n = 1 if r.random() < 0.6 else r.randint(2, 4)
        per = max(0, env_total // n)
        spec = {}
        if r.random() < 0.6:
            spec["serviceAccountName"] = self.name()
        if posture == "privileged" and r.random() < 0.6:
            spec[r.choice(["hostNetwork", "hostPID", "hostIPC"])] = True
        psc = self.pod_sc(posture)
        if psc is not None:
            spec["securityContext"] = Flow(psc) if style == "flow" and psc else psc
        shared = None
        if style == "anchors" and n > 1:
            sc = self.container_sc(posture) or {"readOnlyRootFilesystem": True}
            shared = sc
        containers = []
        for i in range(n):
            csc = shared
            c = self.container("c%d-%s" % (i, r.choice(WORDS)), posture, per, shared_sc=csc)
            if shared is not None:
                c["securityContext"] = Anchor("csc", shared) if i == 0 else Alias("csc", shared)
            if style == "flow":
                if "securityContext" in c and c["securityContext"]:
                    c["securityContext"] = Flow(c["securityContext"])
                c["resources"] = Flow(c["resources"])
                if "ports" in c:
                    c["ports"] = [Flow(p) for p in c["ports"]]
            containers.append(c)
        if style == "flow" and r.random() < 0.35:
            # One-line containers, as in the flow-pod golden case.
            containers = [Flow(plain_value(c)) for c in containers]
        if r.random() < 0.25:
            spec["initContainers"] = [self.container("init-" + r.choice(WORDS), r.choice(["missing", posture]), 0, ports=False)]
        spec["containers"] = containers
        vols = []
        if r.random() < 0.5:
            vols.append({"name": "config", "configMap": {"name": self.name()}})
        if r.random() < 0.3:
            vols.append({"name": "scratch", "emptyDir": {}})
        if posture == "privileged" and r.random() < 0.5:
            vols.append({"name": "host", "hostPath": {"path": "/var/run/docker.sock"}})
        if vols:
            spec["volumes"] = vols
        if r.random() < 0.3:
            spec["nodeSelector"] = {"kubernetes.io/os": "linux", "topology.kubernetes.io/zone": r.choice(["eu-west-1a", "eu-west-1b"])}
        if r.random() < 0.2:
            spec["tolerations"] = [{"key": "dedicated", "operator": "Equal", "value": r.choice(TEAMS), "effect": "NoSchedule"}]
        return spec

    def metadata(self, name, style, labels=None):
        r = self.rng
        md = {"name": name}
        if r.random() < 0.7:
            md["namespace"] = r.choice(TEAMS) + "-" + r.choice(["prod", "staging", "dev"])
        md["labels"] = labels if labels is not None else {"app.kubernetes.io/name": name, "app.kubernetes.io/part-of": r.choice(TEAMS)}
        if r.random() < 0.5:
            md["annotations"] = {"description": self.text(r.randint(3, 12)),
                                 "owner": r.choice(TEAMS) + "@example.com"}
        return md

    def workload(self, kind, posture, env_total, style):
        r = self.rng
        name = self.name()
        labels = {"app": name, "tier": r.choice(["web", "api", "batch"])}
        if style == "anchors":
            md_labels = Anchor("labels", labels)
            ref = Alias("labels", labels)
        else:
            md_labels = labels
            ref = dict(labels)
        if kind == "Pod":
            return {"apiVersion": "v1", "kind": "Pod", "metadata": self.metadata(name, style, md_labels),
                    "spec": self.pod_spec(posture, env_total, style)}
        template = {"metadata": {"labels": ref}, "spec": self.pod_spec(posture, env_total, style)}
        if r.random() < 0.3:
            template["metadata"]["annotations"] = {"note": self.text(4)}
        if kind == "PodTemplate":
            return {"apiVersion": "v1", "kind": "PodTemplate", "metadata": self.metadata(name, style, md_labels),
                    "template": template}
        if kind in ("Job",):
            template["spec"]["restartPolicy"] = "OnFailure"
            return {"apiVersion": "batch/v1", "kind": "Job", "metadata": self.metadata(name, style, md_labels),
                    "spec": {"backoffLimit": r.randint(0, 6), "template": template}}
        if kind == "CronJob":
            template["spec"]["restartPolicy"] = "Never"
            return {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": self.metadata(name, style, md_labels),
                    "spec": {"schedule": "%d */%d * * *" % (r.randint(0, 59), r.randint(1, 6)),
                             "concurrencyPolicy": "Forbid",
                             "jobTemplate": {"spec": {"template": template}}}}
        if kind == "ReplicationController":
            return {"apiVersion": "v1", "kind": kind, "metadata": self.metadata(name, style, md_labels),
                    "spec": {"replicas": r.randint(1, 5), "selector": dict(labels), "template": template}}
        api = "apps/v1"
        spec = {}
        if kind in ("Deployment", "StatefulSet", "ReplicaSet"):
            spec["replicas"] = r.randint(1, 12)
        spec["selector"] = {"matchLabels": Alias("labels", labels) if style == "anchors" else dict(labels)}
        if kind == "StatefulSet":
            spec["serviceName"] = name
        if kind == "Deployment" and r.random() < 0.5:
            spec["strategy"] = {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 0}}
        spec["template"] = template
        return {"apiVersion": api, "kind": kind, "metadata": self.metadata(name, style, md_labels), "spec": spec}

    def companion(self, kind):
        r = self.rng
        name = self.name()
        md = {"name": name, "labels": {"app": name}}
        if kind == "Service":
            return {"apiVersion": "v1", "kind": "Service", "metadata": md,
                    "spec": {"selector": {"app": name}, "ports": [{"port": 80, "targetPort": 8080, "protocol": "TCP"}]}}
        if kind == "ConfigMap":
            return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": md,
                    "data": {"application.properties": Literal(self.properties(r.randint(5, 40))),
                             "greeting": self.text(r.randint(2, 8))}}
        if kind == "ServiceAccount":
            return {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": md}
        if kind == "Ingress":
            return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": md,
                    "spec": {"rules": [{"host": name + ".example.com", "http": {"paths": [
                        {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": name, "port": {"number": 80}}}}]}}]}}
        if kind == "NetworkPolicy":
            return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": md,
                    "spec": {"podSelector": {"matchLabels": {"app": name}}, "policyTypes": ["Ingress", "Egress"]}}
        if kind == "HorizontalPodAutoscaler":
            return {"apiVersion": "autoscaling/v2", "kind": kind, "metadata": md,
                    "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": name},
                             "minReplicas": 2, "maxReplicas": r.randint(3, 20)}}
        if kind == "PodDisruptionBudget":
            return {"apiVersion": "policy/v1", "kind": kind, "metadata": md,
                    "spec": {"minAvailable": 1, "selector": {"matchLabels": {"app": name}}}}
        return {"apiVersion": "v1", "kind": "Secret", "metadata": md, "type": "Opaque",
                "stringData": {"password": "s3cr3t-" + name}}

    def properties(self, n):
        r = self.rng
        lines = []
        for i in range(n):
            if r.random() < 0.1:
                lines.append("# " + r.choice(COMMENTS))
            lines.append("%s.%s.%d = %s" % (r.choice(WORDS), r.choice(WORDS), i, self.text(r.randint(1, 8))))
        return "\n".join(lines) + "\n"

    def big_text(self, size):
        """Config-file-like text of about `size` bytes (nginx / properties / log lines)."""
        r = self.rng
        chunks = []
        total = 0
        depth = 0
        while total < size:
            x = r.random()
            if x < 0.08:
                line = "  " * depth + "# " + r.choice(COMMENTS)
            elif x < 0.14 and depth < 4:
                line = "  " * depth + "location /%s/%s {" % (r.choice(WORDS), r.choice(WORDS))
                depth += 1
            elif x < 0.2 and depth > 0:
                depth -= 1
                line = "  " * depth + "}"
            elif x < 0.23:
                line = ""
            else:
                line = "  " * depth + "%s_%s %s;" % (r.choice(WORDS), r.choice(["timeout", "buffer", "size", "path", "header"]), self.text(r.randint(1, 10)))
            if not chunks and (not line or line[0] == " "):
                line = "# " + r.choice(COMMENTS)
            chunks.append(line)
            total += len(line.encode()) + 1
        while depth > 0:
            depth -= 1
            chunks.append("  " * depth + "}")
        while chunks and chunks[-1] == "":
            chunks.pop()
        return "\n".join(chunks) + "\n"

    def big_configmap(self, size):
        r = self.rng
        name = self.name()
        data = {}
        n = r.randint(1, 3)
        for i in range(n):
            data["file-%d-%s.conf" % (i, r.choice(WORDS))] = Literal(self.big_text(size // n))
        data["note"] = self.text(10)
        return {"apiVersion": "v1", "kind": "ConfigMap",
                "metadata": {"name": name, "namespace": "platform-prod",
                             "annotations": {"description": "große Konfiguration – 大きな設定 " + name}},
                "data": data}

    def schema(self, depth, budget):
        """An openAPIV3Schema-like object tree of roughly `budget` bytes."""
        r = self.rng
        props = {}
        used = 0
        while used < budget:
            pname = "%s%s%d" % (r.choice(WORDS), r.choice(WORDS).capitalize(), r.randint(0, 999))
            if pname in props:
                continue
            desc = self.text(r.randint(6, 30))
            used += len(pname) + len(desc.encode()) + 40 + 12 * depth
            x = r.random()
            if depth < 6 and x < 0.25:
                sub = min(budget - used, r.randint(2000, 40000) // (depth + 1))
                props[pname] = {"description": desc, "type": "object", "properties": self.schema(depth + 1, max(sub, 200))}
                used += sub
            elif depth < 6 and x < 0.35:
                sub = min(budget - used, r.randint(1000, 15000) // (depth + 1))
                props[pname] = {"description": desc, "type": "array",
                                "items": {"type": "object", "properties": self.schema(depth + 2, max(sub, 200)),
                                          "required": [] }}
                used += sub
            elif x < 0.6:
                props[pname] = {"description": desc, "type": "string"}
                if r.random() < 0.3:
                    props[pname]["enum"] = [r.choice(WORDS) for _ in range(r.randint(2, 5))]
                if r.random() < 0.2:
                    props[pname]["pattern"] = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"
            elif x < 0.8:
                props[pname] = {"description": desc, "type": "integer", "format": "int32",
                                "minimum": 0, "maximum": r.randint(10, 100000)}
            else:
                props[pname] = {"description": desc, "type": "boolean"}
                if r.random() < 0.3:
                    props[pname]["x-kubernetes-preserve-unknown-fields"] = True
        for p in props.values():
            if "items" in p and not p["items"]["required"]:
                keys = list(p["items"]["properties"].keys())
                p["items"]["required"] = keys[: max(1, len(keys) // 4)]
        return props

    def crd(self, size):
        r = self.rng
        size /= 1.45  # schema() counts ~1.45x fewer bytes than the emitted YAML has
        group = "%s.%s.example.com" % (r.choice(WORDS), r.choice(TEAMS))
        plural = r.choice(WORDS) + "things%d" % self.serial
        self.serial += 1
        versions = []
        nv = r.randint(1, 2)
        for i in range(nv):
            versions.append({
                "name": "v1" if i == nv - 1 else "v1beta%d" % (i + 1),
                "served": True, "storage": i == nv - 1,
                "schema": {"openAPIV3Schema": {
                    "description": "%s is the Schema for the %s API — %s" % (plural, plural, self.text(12)),
                    "type": "object",
                    "properties": {
                        "apiVersion": {"type": "string", "description": "APIVersion defines the versioned schema of this representation of an object."},
                        "kind": {"type": "string", "description": "Kind is a string value representing the REST resource this object represents."},
                        "metadata": {"type": "object"},
                        "spec": {"type": "object", "properties": self.schema(0, int(size * 0.75 / nv))},
                        "status": {"type": "object", "properties": self.schema(1, int(size * 0.2 / nv))},
                    }}},
                "subresources": {"status": {}},
                "additionalPrinterColumns": [{"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"}],
            })
        return {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
                "metadata": {"name": plural + "." + group,
                             "annotations": {"controller-gen.kubebuilder.io/version": "v0.14.0"}},
                "spec": {"group": group, "names": {"kind": plural.capitalize(), "listKind": plural.capitalize() + "List",
                                                   "plural": plural, "singular": plural[:-1]},
                         "scope": "Namespaced", "versions": versions}}


# --------------------------------------------------------------------------------------------
# Files.


def emitter_for(rng, style):
    if style == "block-indented":
        return Emitter(rng, indent=2, indentless=False, comment_rate=0.01)
    if style == "four-space":
        return Emitter(rng, indent=4, indentless=rng.random() < 0.5, comment_rate=0.01)
    if style == "quoted-keys":
        return Emitter(rng, indent=2, indentless=rng.random() < 0.5, quote_keys=True, quote_rate=0.3)
    if style == "comments":
        return Emitter(rng, indent=2, indentless=rng.random() < 0.5, comment_rate=0.3, trailing_rate=0.2)
    return Emitter(rng, indent=2, indentless=rng.random() < 0.7, comment_rate=0.02, trailing_rate=0.01)


def yaml_stream(rng, em, docs, comments):
    out = []
    if comments or rng.random() < 0.3:
        out.append("# " + rng.choice(COMMENTS) + "\n")
    for i, d in enumerate(docs):
        explicit = i > 0 or rng.random() < 0.4
        if explicit:
            out.append("---" + ("  # " + rng.choice(COMMENTS) if comments and rng.random() < 0.5 else "") + "\n")
        if comments and rng.random() < 0.5:
            out.append("# " + rng.choice(COMMENTS) + "\n")
        out.append(em.document(d))
        if rng.random() < 0.05:
            out.append("...\n")
    if comments:
        out.append("# end of file — " + rng.choice(COMMENTS) + "\n")
    return "".join(out)


def regular_file(gen, rng, target):
    """One workload file of about `target` bytes; returns (extension, bytes, style, kinds)."""
    style = weighted(rng, STYLES)
    kinds = []
    # A document of a Deployment with no env is ~1.2 KB; env vars are ~70 B each in YAML.
    multi = style != "json" and (target > 6000 or rng.random() < 0.3)
    docs = []
    size = 0
    while True:
        kind = weighted(rng, WORKLOAD_KINDS)
        if style == "json" and target > 20000:
            kind = "List"  # a big JSON file is a List of several workloads, not one huge pod
        posture = weighted(rng, POSTURES)
        remaining = max(0, target - size)
        if multi:
            doc_target = min(remaining, rng.randint(1500, 9000))
        else:
            doc_target = remaining
        env_total = max(0, (doc_target - 1400) // 75)
        wstyle = style if style in ("flow", "anchors") else "block"
        if kind == "List":
            n = rng.randint(2, 4) if doc_target < 20000 else max(2, doc_target // 6000)
            items = []
            for _ in range(n):
                k = weighted(rng, WORKLOAD_KINDS[:-1])
                items.append(gen.workload(k, weighted(rng, POSTURES), env_total // n, "block" if wstyle == "anchors" else wstyle))
                kinds.append(k)
            doc = {"apiVersion": "v1", "kind": "List", "items": items}
            kinds.append("List")
        else:
            doc = gen.workload(kind, posture, env_total, wstyle)
            kinds.append(kind)
        docs.append(doc)
        if multi and rng.random() < 0.4:
            docs.append(gen.companion(rng.choice(COMPANIONS)))
        if style == "json":
            break
        size += len(emitter_for(random.Random(0), style).document(doc).encode()) + 4  # estimate
        if not multi or size >= target:
            break

    if style == "json":
        value = plain_value(docs[0])
        variant = rng.random()
        if variant < 0.5:
            text = json.dumps(value, indent=2, ensure_ascii=rng.random() < 0.3) + "\n"
        elif variant < 0.8:
            text = json.dumps(value, indent=4, ensure_ascii=False) + "\n"
        else:
            text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return "json", text.encode(), style, kinds
    em = emitter_for(rng, style)
    text = yaml_stream(rng, em, docs, comments=(style == "comments"))
    data = text.encode()
    if style == "crlf":
        data = data.replace(b"\n", b"\r\n")
        if rng.random() < 0.2:
            data = b"\xef\xbb\xbf" + data
        if rng.random() < 0.2:
            data = data.rstrip(b"\r\n")
    ext = "yml" if rng.random() < 0.15 else "yaml"
    return ext, data, style, kinds


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="bench-out/corpus", help="output directory (default bench-out/corpus)")
    ap.add_argument("--files", type=int, default=10000, help="number of files (default 10000)")
    ap.add_argument("--megabytes", type=float, default=100.0, help="total size in MB of 10^6 bytes (default 100)")
    ap.add_argument("--seed", type=int, default=20240501, help="random seed (default 20240501)")
    ap.add_argument("--crds", type=int, default=None, help="number of large CRDs (default: files/2500, at least 1)")
    ap.add_argument("--crd-mb", type=float, default=None, help="size of a large CRD in MB (default random 1-2, capped at 5%% of the corpus)")
    ap.add_argument("--big-configmaps", type=int, default=None, help="number of ConfigMaps with big block scalars (default: files/500, at least 1)")
    ap.add_argument("--files-per-dir", type=int, default=100, help="files per sub-directory (default 100)")
    ap.add_argument("--force", action="store_true", help="replace an existing output directory")
    args = ap.parse_args(argv)

    if args.files < 3:
        ap.error("--files must be at least 3")
    total = int(args.megabytes * 1_000_000)
    rng = random.Random(args.seed)
    gen = Gen(rng)

    if os.path.exists(args.out):
        if not args.force and os.listdir(args.out):
            ap.error("%s exists and is not empty (use --force)" % args.out)
        shutil.rmtree(args.out)
    os.makedirs(args.out)

    n_crd = args.crds if args.crds is not None else max(1, round(args.files / 2500))
    n_cm = args.big_configmaps if args.big_configmaps is not None else max(1, round(args.files / 500))
    n_special = n_crd + n_cm
    if n_special >= args.files:
        ap.error("too few files for %d CRDs and %d big ConfigMaps" % (n_crd, n_cm))

    # Where the big files go: spread evenly over the corpus, so any half holds about half of them.
    kinds_at = {}
    for k in range(n_crd):
        kinds_at[int((k + 0.5) * args.files / n_crd)] = "crd"
    for k in range(n_cm):
        i = int((k + 0.25) * args.files / n_cm)
        while i in kinds_at:
            i += 1
        kinds_at[i] = "configmap"

    stats = {"files": 0, "bytes": 0, "largest": 0, "largest_path": "", "styles": {}, "kinds": {}, "special": {}}
    remaining_bytes = total
    remaining_files = args.files - n_special
    sigma = 0.9
    written = []
    for i in range(args.files):
        sub = os.path.join(args.out, "d%03d" % (i // args.files_per_dir))
        os.makedirs(sub, exist_ok=True)
        special = kinds_at.get(i)
        if special == "crd":
            size = args.crd_mb * 1e6 if args.crd_mb else rng.uniform(1.0e6, 2.0e6)
            size = int(min(size, 0.05 * total) if not args.crd_mb else size)
            em = Emitter(rng, indent=2, indentless=rng.random() < 0.5, comment_rate=0.002)
            data = ("# Generated by controller-gen — do not edit / nicht bearbeiten\n---\n" + em.document(gen.crd(size))).encode()
            name = "%05d-crd.yaml" % i
            style, kinds = "crd", ["CustomResourceDefinition"]
        elif special == "configmap":
            size = int(min(rng.uniform(150e3, 600e3), 0.1 * total / n_cm))
            em = Emitter(rng, indent=2, indentless=True, comment_rate=0.01)
            data = em.document(gen.big_configmap(size)).encode()
            name = "%05d-configmap-big.yaml" % i
            style, kinds = "big-configmap", ["ConfigMap"]
        else:
            mean = max(800, remaining_bytes / max(1, remaining_files))
            target = int(mean * math.exp(rng.gauss(-sigma * sigma / 2, sigma)))
            target = max(600, min(target, int(mean * 12), 400_000))
            ext, data, style, kinds = regular_file(gen, rng, target)
            name = "%05d-%s-%s.%s" % (i, kinds[0].lower(), style, ext)
            remaining_files -= 1
        path = os.path.join(sub, name)
        with open(path, "wb") as f:
            f.write(data)
        written.append(path)
        remaining_bytes -= len(data)
        stats["files"] += 1
        stats["bytes"] += len(data)
        stats["styles"][style] = stats["styles"].get(style, 0) + 1
        for k in kinds:
            stats["kinds"][k] = stats["kinds"].get(k, 0) + 1
        if len(data) > stats["largest"]:
            stats["largest"] = len(data)
            stats["largest_path"] = os.path.relpath(path, args.out)

    stats["params"] = {"files": args.files, "megabytes": args.megabytes, "seed": args.seed,
                       "crds": n_crd, "big_configmaps": n_cm}
    # Hidden, so neither pss-fix nor parse_only walks it.
    with open(os.path.join(args.out, ".corpus.json"), "w") as f:
        json.dump(stats, f, indent=1, sort_keys=True)
        f.write("\n")
    print("corpus: %s: %d files, %.1f MB, largest %.2f MB (%s)" % (
        args.out, stats["files"], stats["bytes"] / 1e6, stats["largest"] / 1e6, stats["largest_path"]))
    print("styles: " + ", ".join("%s %d" % kv for kv in sorted(stats["styles"].items())))
    print("kinds:  " + ", ".join("%s %d" % kv for kv in sorted(stats["kinds"].items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
