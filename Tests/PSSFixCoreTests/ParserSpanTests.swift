import Testing
@testable import PSSFixCore
