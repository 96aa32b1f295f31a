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
