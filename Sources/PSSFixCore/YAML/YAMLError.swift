/// Why a file could not be read as YAML, with the position a person should look at.
public struct YAMLError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public let location: Location
    /// Byte offset of `location`, when known.
    public let byteOffset: Int?

    public init(message: String, location: Location, byteOffset: Int? = nil) {
        self.message = message
        self.location = location
        self.byteOffset = byteOffset
    }

    public var description: String { "\(location.line):\(location.column): \(message)" }
}
