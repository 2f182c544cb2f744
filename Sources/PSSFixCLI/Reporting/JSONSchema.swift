/// The version of every JSON document pss-fix writes (`check --format json`, `migrate --format
/// json`, …), as the top-level `schemaVersion`. docs/output-formats.md says what may change within
/// a version (new keys, new values of open enumerations such as `check`) and what bumps it
/// (a key removed or renamed, a type or meaning changed).
enum JSONSchema {
    static let version = 1
}
