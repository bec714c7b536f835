import Core

/// `gradebook.json`: everything `saaslab merge` needs to rebuild a gradebook, plus the
/// totals and pass rates a script wants without recomputing them.
///
/// No timings and no dates, so grading the same class twice with `--seed` gives the same
/// bytes, and merged shards give the bytes of one whole-class run.
public enum GradebookJSON {
    /// The version tag in every file; merge refuses files without it.
    public static let format = "saaslab-gradebook/1"

    /// The gradebook as pretty-printed JSON, ending with a newline.
    public static func render(_ book: Gradebook) -> String {
        var document: JSONObject = ["format": .string(format)]
        if let shard = book.shard {
            _ = document.updateValue(.object(["index": .number(shard.index), "count": .number(shard.count)]), forKey: "shard")
        }
        _ = document.updateValue(.number(book.maxScore), forKey: "max_score")
        if let penalty = book.hintPenalty { _ = document.updateValue(.number(penalty), forKey: "hint_penalty") }
        _ = document.updateValue(.array(book.labs.map { lab(lab: $0, in: book) }), forKey: "labs")
        _ = document.updateValue(.array(book.rows.map { row($0, in: book) }), forKey: "participants")
        return JSON.object(document).serialized(pretty: true) + "\n"
    }

    private static func lab(lab: Gradebook.LabColumn, in book: Gradebook) -> JSON {
        .object([
            "id": .string(lab.id), "title": .string(lab.title), "max_score": .number(lab.maxScore),
            "steps": .array(lab.steps.map { step in
                let rate = book.passCount(lab: lab.id, step: step.id)
                return .object([
                    "id": .string(step.id), "title": .string(step.title), "max_points": .number(step.maxPoints),
                    "exercise": .bool(step.isExercise), "hidden": .bool(step.isHidden),
                    "passed": .number(rate.passed), "graded": .number(rate.graded),
                ])
            }),
        ])
    }

    private static func row(_ row: Gradebook.Row, in book: Gradebook) -> JSON {
        var object: JSONObject = [
            "participant": .string(row.participant), "status": .string(row.status.rawValue),
            "score": .number(row.score), "max_score": .number(book.maxScore),
            "track": row.track.map(JSON.string) ?? .null,
            "error": row.error.map(JSON.string) ?? .null,
            "hints_used": row.hints?.used.map { .number(JSONNumber($0)) } ?? .null,
        ]
        if book.hintPenalty != nil { _ = object.updateValue(.number(row.hints?.penalty ?? 0), forKey: "hint_penalty") }
        if let hints = row.hints {
            _ = object.updateValue(.array(hints.steps.map { step in
                var entry: JSONObject = ["lab": .string(step.lab), "step": .string(step.step), "levels": .number(step.levels)]
                if book.hintPenalty != nil { _ = entry.updateValue(.number(step.penalty), forKey: "penalty") }
                return .object(entry)
            }), forKey: "hints")
            if let problem = hints.problem { _ = object.updateValue(.string(problem), forKey: "hints_problem") }
        }
        _ = object.updateValue(.array(row.labs.map { lab in
            .object([
                "id": .string(lab.id), "score": .number(lab.score),
                "steps": .object(JSONObject(lab.steps.map { ($0.id, JSON.string($0.status.rawValue)) })),
            ])
        }), forKey: "labs")
        return .object(object)
    }

    /// Reads a gradebook written by ``render(_:)``.
    /// - Throws: a message naming what is missing or malformed.
    public static func parse(_ text: String) throws(GradebookMergeError) -> Gradebook {
        let json: JSON
        do throws(JSONError) {
            json = try JSON.parse(text)
        } catch {
            throw GradebookMergeError("not JSON: \(error)")
        }
        guard json["format"]?.stringValue == format else {
            throw GradebookMergeError("not a saaslab gradebook (expected \"format\": \"\(format)\")")
        }
        let labs = try (json["labs"]?.arrayValue ?? []).map { (lab) throws(GradebookMergeError) in
            Gradebook.LabColumn(
                id: try string(lab, "id"), title: try string(lab, "title"),
                steps: try (lab["steps"]?.arrayValue ?? []).map { (step) throws(GradebookMergeError) in
                    Gradebook.StepColumn(
                        id: try string(step, "id"), title: try string(step, "title"),
                        maxPoints: step["max_points"]?.intValue ?? 0,
                        isExercise: step["exercise"]?.boolValue ?? false, isHidden: step["hidden"]?.boolValue ?? false)
                })
        }
        let rows = try (json["participants"]?.arrayValue ?? []).map { (row) throws(GradebookMergeError) in
            guard let status = row["status"]?.stringValue.flatMap(Gradebook.Status.init(rawValue:)) else {
                throw GradebookMergeError("participant without a valid status")
            }
            let scores = try (row["labs"]?.arrayValue ?? []).map { (lab) throws(GradebookMergeError) in
                let marks = (lab["steps"]?.objectValue ?? [:]).compactMap { member in
                    member.value.stringValue.flatMap(StepStatus.init(rawValue:)).map { Gradebook.StepMark(id: member.key, status: $0) }
                }
                return Gradebook.LabScore(id: try string(lab, "id"), score: lab["score"]?.intValue ?? 0, steps: marks)
            }
            return Gradebook.Row(participant: try string(row, "participant"), status: status, track: row["track"]?.stringValue,
                                 error: row["error"]?.stringValue, labs: scores, hints: try hints(row))
        }
        let shard = json["shard"].flatMap { shard in
            shard["index"]?.intValue.flatMap { index in shard["count"]?.intValue.flatMap { Shard(index: index, count: $0) } }
        }
        return Gradebook(labs: labs, rows: rows, shard: shard, hintPenalty: json["hint_penalty"]?.intValue)
    }

    /// A participant's `hints` and `hints_problem`; nil when the row has neither (the
    /// submission did not run, or the gradebook is older than hint records).
    private static func hints(_ row: JSON) throws(GradebookMergeError) -> HintUsage? {
        let problem = row["hints_problem"]?.stringValue
        guard let steps = row["hints"]?.arrayValue else { return problem.map { HintUsage(problem: $0) } }
        return HintUsage(steps: try steps.map { (step) throws(GradebookMergeError) in
            HintUsage.StepHints(lab: try string(step, "lab"), step: try string(step, "step"),
                                levels: step["levels"]?.intValue ?? 0, penalty: step["penalty"]?.intValue ?? 0)
        }, problem: problem)
    }

    private static func string(_ json: JSON, _ key: String) throws(GradebookMergeError) -> String {
        guard let value = json[key]?.stringValue else { throw GradebookMergeError("missing \"\(key)\"") }
        return value
    }
}
