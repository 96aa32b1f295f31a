/// Duplicate submissions: the intake refuses them ("duplicate submissions are not allowed"), so a new
/// one that repeats an earlier one is flagged with the earlier id and staff reject it in one step.
///
/// A repeat is the same submitter (the same phone with a name, email or ID number: see
/// `ProposalContact.identities`) or nearly the same text: the title and summary folded as the
/// dashboard's filters fold them (`Search.fold`: case, diacritics and đ ignored), split into words,
/// and at least `threshold` of the words of both shared (Jaccard similarity of the word sets).
public enum ProposalDuplicates {
    /// Nine words in ten in common.
    public static let threshold = 0.85

    /// The folded words of a submission's text, as stored (`proposals.folded`).
    public static func folded(title: String, summary: String) -> String {
        Search.fold(title + " " + summary).unicodeScalars
            .map { $0.properties.isAlphabetic || $0.properties.numericType != nil ? Character($0) : " " }
            .reduce(into: "") { $0.append($1) }
            .split(separator: " ").joined(separator: " ")
    }

    public static func words(_ folded: String) -> Set<Substring> {
        Set(folded.split(separator: " "))
    }

    /// Jaccard similarity of two folded texts' word sets (1 when both are empty).
    public static func similarity(_ a: String, _ b: String) -> Double {
        similarity(words(a), words(b))
    }

    public static func similarity(_ a: Set<Substring>, _ b: Set<Substring>) -> Double {
        if a.isEmpty && b.isEmpty { return 1 }
        let common = a.intersection(b).count
        return Double(common) / Double(a.count + b.count - common)
    }

    /// An earlier submission to compare with.
    public struct Earlier: Sendable {
        public var id: String
        public var folded: String
        public var identities: Set<String>

        public init(id: String, folded: String, identities: Set<String>) {
            self.id = id
            self.folded = folded
            self.identities = identities
        }
    }

    /// Why a submission is flagged.
    public enum Reason: String, Sendable, Hashable {
        case sameSubmitter = "same_submitter"
        case sameText = "same_text"
    }

    /// The first earlier submission (in the order given) that the new one repeats, and why.
    public static func find(folded: String, identities: Set<String>, among earlier: some Sequence<Earlier>) -> (id: String, reason: Reason)? {
        let mine = words(folded)
        for e in earlier {
            if !identities.isDisjoint(with: e.identities) { return (e.id, .sameSubmitter) }
            if similarity(mine, words(e.folded)) >= threshold { return (e.id, .sameText) }
        }
        return nil
    }

    /// Words too common to say what a submission is about.
    static let stopWords: Set<Substring> = [
        "cac", "cua", "cho", "trong", "duoc", "nhung", "voi", "khong", "viec", "theo", "nay", "mot", "tai",
        "the", "and", "for", "with", "that", "this", "from", "are", "not", "have",
    ]

    /// The key words of a folded text: words of four letters or more that are not stop words.
    public static func keyWords(_ folded: String) -> Set<Substring> {
        words(folded).filter { $0.count >= 4 && !stopWords.contains($0) }
    }

    /// The most-raised key words of a set of texts: (word, how many texts hold it), most first, ties
    /// in word order; words in only one text are left out.
    public static func mostRaised(_ texts: some Sequence<String>, limit: Int = 10) -> [(word: String, count: Int)] {
        var n: [Substring: Int] = [:]
        for t in texts { for w in keyWords(t) { n[w, default: 0] += 1 } }
        return n.filter { $0.value > 1 }
            .sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            .prefix(limit).map { (String($0.key), $0.value) }
    }
}

/// The earlier submissions, indexed so that finding the one a new submission repeats does not read
/// them all: an import of thousands against tens of thousands stored stays linear, where comparing
/// each new row with every stored one was quadratic.
///
/// - Same submitter: a dictionary from each identity (`ProposalContact.identities`) to the earliest
///   submission that holds it.
/// - Nearly the same text: **prefix filtering**. Two word sets whose Jaccard similarity is at least
///   `t` share at least `ceil(t·|A|)` words of A, so A's first `|A| − ceil(t·|A|) + 1` words, in any
///   fixed order of words, hold one of B's first words (same rule for B). Each submission is indexed
///   under its prefix words (one more, for rounding), in an order by a fixed hash of the word (so the
///   prefix is not always the commonest words); a new one is compared only with the submissions of
///   its field that share a prefix word. Same answer as comparing with all (the tests check it),
///   the earliest repeat first.
public struct ProposalDuplicateIndex: Sendable {
    private struct Entry: Sendable {
        var id: String
        var words: Set<Substring>
    }

    private var entries: [Entry] = []
    private var identities: [String: Int] = [:]
    /// (field, word) → positions in `entries`, oldest first.
    private var byWord: [String: [String: [Int]]] = [:]

    public init() {}

    public var count: Int { entries.count }

    /// Words in the fixed order the prefixes use: by an FNV-1a hash of the word, then the word.
    static func ordered(_ words: Set<Substring>) -> [Substring] {
        func hash(_ w: Substring) -> UInt64 {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in w.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            return h
        }
        return words.map { (hash($0), $0) }.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.map(\.1)
    }

    /// How many of a set's words (in `ordered` order) are its prefix: `n − ceil(t·n) + 2`, at most n.
    static func prefixLength(_ n: Int) -> Int {
        let t = Int((ProposalDuplicates.threshold * 100).rounded())
        let minimumShared = (t * n + 99) / 100
        return min(n, n - minimumShared + 2)
    }

    /// Adds a submission after the ones already added (so it counts as later than them).
    public mutating func insert(id: String, field: String, folded: String, identities ids: Set<String>) {
        let position = entries.count
        let words = ProposalDuplicates.words(folded)
        entries.append(Entry(id: id, words: words))
        for i in ids where identities[i] == nil { identities[i] = position }
        let prefix = Self.ordered(words).prefix(Self.prefixLength(words.count))
        if prefix.isEmpty {
            byWord[field, default: [:]]["", default: []].append(position)
        }
        for w in prefix { byWord[field, default: [:]][String(w), default: []].append(position) }
    }

    /// The earliest submission the new one repeats: by submitter anywhere first, else by text in its
    /// field (as `SQLiteStore.findDuplicate` did over every row).
    public func find(folded: String, identities ids: Set<String>, field: String) -> (id: String, reason: ProposalDuplicates.Reason)? {
        if let first = ids.compactMap({ identities[$0] }).min() { return (entries[first].id, .sameSubmitter) }
        let mine = ProposalDuplicates.words(folded)
        guard let index = byWord[field] else { return nil }
        let prefix = Self.ordered(mine).prefix(Self.prefixLength(mine.count))
        var candidates = Set<Int>()
        if prefix.isEmpty { candidates.formUnion(index[""] ?? []) }
        for w in prefix { candidates.formUnion(index[String(w)] ?? []) }
        // Size filter: a Jaccard similarity of t needs t·|B| <= |A| <= |B|/t, checked before the sets are compared.
        let t = ProposalDuplicates.threshold
        let n = Double(mine.count)
        for c in candidates.sorted() {
            let m = Double(entries[c].words.count)
            guard n >= t * m - 1e-9, m >= t * n - 1e-9 else { continue }
            if ProposalDuplicates.similarity(mine, entries[c].words) >= t { return (entries[c].id, .sameText) }
        }
        return nil
    }
}
