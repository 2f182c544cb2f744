/// The first index of `range` at which `isBefore` fails, for a predicate that holds on a
/// prefix of the range and fails on the rest (positions in sorted data): a binary search. The
/// windows, the verifier's comparison and the edit-guided diff look up spans and lines so.
func partitionPoint(_ range: Range<Int>, _ isBefore: (Int) -> Bool) -> Int {
    var lo = range.lowerBound
    var hi = range.upperBound
    while lo < hi {
        let mid = (lo + hi) / 2
        if isBefore(mid) { lo = mid + 1 } else { hi = mid }
    }
    return lo
}
