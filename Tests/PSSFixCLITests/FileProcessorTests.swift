import Foundation
import Synchronization
import Testing
@testable import PSSFixCLI

@Suite struct FileProcessorTests {
    /// Results come out in input order whatever finishes first, and no more than `window`
    /// items are ever in flight or waiting (bounded memory on large trees).
    /// The Namespace pre-pass parses only files that name the kind, not CRDs' `Namespaced`.
    @Test func namespacePrePassMatchesTheWordOnly() {
        let needle = Array("Namespace".utf8)
        for text in ["kind: Namespace\n", "kind: Namespace", "{\"kind\":\"Namespace\"}", "kind: 'Namespace'"] {
            #expect(Array(text.utf8).containsSubsequence(needle, asWord: true), "\(text)")
        }
        for text in ["scope: Namespaced\n", "NamespaceList2", "kind: namespace"] {
            #expect(!Array(text.utf8).containsSubsequence(needle, asWord: true), "\(text)")
        }
        #expect(Array("scope: Namespaced".utf8).containsSubsequence(needle))
    }

    @Test func streamKeepsOrderAndBoundsTheWindow() {
        let inFlight = Mutex((current: 0, peak: 0))
        var emitted: [Int] = []
        FileProcessor.stream(Array(0..<200), window: 4) { i -> Int in
            inFlight.withLock { $0.current += 1; $0.peak = max($0.peak, $0.current) }
            usleep(UInt32((i * 7919) % 5) * 300)  // uneven work, deterministic
            return i * 2
        } emit: { index, value in
            inFlight.withLock { $0.current -= 1 }
            #expect(value == index * 2)
            emitted.append(index)
        }
        #expect(emitted == Array(0..<200))
        #expect(inFlight.withLock { $0.peak } <= 4)
    }
}
