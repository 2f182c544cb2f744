/// Values keys a chart's templates read but its values file does not define: a template with
/// `{{- with .Values.podSecurityContext }}` renders nothing while the key is absent, yet the key
/// is where the securityContext belongs (rule 1 of issue 20). Such keys become probe candidates
/// too; a probe that lands adds the key to the values file.
public enum HelmTemplateValueReferences {
    /// The keys named like a securityContext (`HelmValuesLocator.candidateNames`) that
    /// `.Values.a.b.securityContext` references in `templates` name, in order of appearance,
    /// without those in `known`. At most `limit` (each costs a probe render).
    public static func keys(in templates: [[UInt8]], known: [HelmValuesLocator.Key], limit: Int = 8) -> [HelmValuesLocator.Key] {
        var found: [HelmValuesLocator.Key] = []
        let prefix = Array(".Values.".utf8)
        func isNameByte(_ c: UInt8) -> Bool {
            (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95
        }
        for bytes in templates {
            var i = 0
            while i + prefix.count <= bytes.count, found.count < limit {
                guard bytes[i..<(i + prefix.count)].elementsEqual(prefix), i == 0 || !isNameByte(bytes[i - 1]) else {
                    i += 1
                    continue
                }
                var j = i + prefix.count
                var path: [String] = []
                var segment: [UInt8] = []
                while j < bytes.count && (isNameByte(bytes[j]) || bytes[j] == UInt8(ascii: ".")) {
                    if bytes[j] == UInt8(ascii: ".") {
                        path.append(String(decoding: segment, as: UTF8.self))
                        segment = []
                    } else {
                        segment.append(bytes[j])
                    }
                    j += 1
                }
                path.append(String(decoding: segment, as: UTF8.self))
                i = j
                guard !path.contains(where: \.isEmpty), let last = path.last, HelmValuesLocator.candidateNames.contains(last) else { continue }
                let key = HelmValuesLocator.Key(path: path)
                if !known.contains(key) && !found.contains(key) { found.append(key) }
            }
        }
        return found
    }
}
