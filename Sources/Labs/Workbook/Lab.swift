/// One lab file: front matter, then prose and steps in the order a participant reads them.
public struct Lab: Sendable, Equatable {
    /// The `id` front matter key: how commands, reports and the workspace name the lab.
    public var id: String
    /// The `title` front matter key; the id when the file gives none.
    public var title: String
    /// Every front matter key as written (including `id` and `title`).
    public var frontMatter: [String: String]
    /// The file the lab was read from.
    public var sourcePath: String
    /// Prose and steps in file order, so `saaslab show` can print the lab as written.
    public var blocks: [LabBlock]

    /// A lab with the given parts.
    public init(
        id: String, title: String, frontMatter: [String: String], sourcePath: String,
        blocks: [LabBlock]
    ) {
        self.id = id
        self.title = title
        self.frontMatter = frontMatter
        self.sourcePath = sourcePath
        self.blocks = blocks
    }

    /// The steps alone, in order.
    public var steps: [Step] {
        blocks.compactMap {
            if case .step(let step) = $0 { return step }
            return nil
        }
    }

    /// The `order` front matter key as an integer, used to sort a folder of labs.
    public var order: Int? { frontMatter["order"].flatMap { Int($0) } }

    /// The `summary` front matter key, a one-line description for `saaslab list`.
    public var summary: String? { frontMatter["summary"] }

    /// The most points the lab can give: the sum over its steps.
    public var maximumPoints: Int { steps.saturatingSum(\.points) }
}

/// A piece of a lab: Markdown prose, or a step.
public enum LabBlock: Sendable, Equatable {
    /// Markdown text between steps (other fenced blocks included), verbatim.
    case prose(Prose)
    /// A ```` ```hurl ```` block. Held by reference: a step is many times the size of prose,
    /// and every block of a lab would otherwise take a step's room.
    indirect case step(Step)
}

/// Markdown between steps.
public struct Prose: Sendable, Equatable {
    /// The lines joined by newlines, as written.
    public var text: String
    /// Where the first line starts.
    public var location: SourceLocation

    /// Prose `text` starting at `location`.
    public init(text: String, location: SourceLocation) {
        self.text = text
        self.location = location
    }
}

extension Sequence {
    /// A sum that stops at `Int.max` instead of trapping: steps built in code (not parsed,
    /// where points are capped) may carry any value, and a report must still print.
    func saturatingSum(_ value: (Element) -> Int) -> Int {
        reduce(0) { total, element in
            let (sum, overflow) = total.addingReportingOverflow(value(element))
            return overflow ? (sum < 0 ? Int.max : Int.min) : sum
        }
    }
}
