import Backend
import Foundation
import Labs

/// `saaslab verify`: checks the labs themselves. Every step must pass on the reference
/// solution, and every `exercise` step must fail on the starter workspace (otherwise it
/// grades nothing a participant did). Anything else is a surprise, named.
struct VerifyCommand: SaaSLabCommand {
    static let spec = CommandSpec(
        name: "verify",
        abstract: "Check the labs: every step passes on labs/solution and labs/code/solution, every exercise step fails on labs/starter and labs/code/starter.",
        discussion: "Each run has a backend of its own, a copy of one bootstrapped backend. Exit 0: no surprise; 1: a surprise (each named with its lab, step and workspace); 2: the labs or a workspace could not be read; 70: the embedded backend did not start.",
        options: [
            LabLoading.labsOption(holding: "the lab files, starter/ and solution/"),
            .init("seed", .value(placeholder: "n"), help: "Seed the backends and clocks (default 1, so verification repeats exactly)."),
            LabLoading.extraLabsOption,
        ]
    )

    let course: Course
    let seed: UInt64
    let extraLabs: [String]

    init(arguments: ParsedArguments) throws {
        course = Course.resolve(arguments.value("labs"))
        extraLabs = arguments.values("extra-labs")
        if let text = arguments.value("seed") {
            guard let seed = UInt64(text) else { throw UsageError("--seed expects a whole number, got '\(text)'") }
            self.seed = seed
        } else {
            seed = 1
        }
    }

    /// One thing the labs got wrong.
    struct Surprise: Equatable {
        let workspace: String
        let lab: String
        let step: String
        let why: String

        var line: String { "\(workspace): \(lab)/\(step): \(why)" }
    }

    func run(console: Console) async -> Int32 {
        guard let labs = LabLoading(course: course, extraFolders: extraLabs).load([], reportingTo: console) else {
            return ExitCode.unreadableInput
        }
        for workspace in ["solution", "starter"] where !course.hasWorkspace(workspace) {
            console.error("error: no workspace at \(course.name(workspace)): verify needs both starter/ and solution/ in the labs folder")
            return ExitCode.unreadableInput
        }
        guard let bootstrapped = await LabBackend.start(seed: seed, console: console) else { return ExitCode.internalError }
        let runs: (solution: RunResult, starter: RunResult)
        do {
            runs = try await course.withWorkspaces(["solution", "starter"]) { folders in
                (await EmbeddedRunner.make(on: bootstrapped.copy(), workspace: folders[0]).run(labs),
                 await EmbeddedRunner.make(on: bootstrapped.copy(), workspace: folders[1]).run(labs))
            }
        } catch {
            console.error("error: cannot copy the built-in workspaces to a temporary folder: \(error.localizedDescription)")
            return ExitCode.unreadableInput
        }
        let (onSolution, onStarter) = runs
        var surprises = Self.surprises(solution: onSolution, starter: onStarter)
        var checked = "solution; all \(onSolution.allSteps.filter(\.isExercise).count) exercise steps fail on starter"
        if course.hasWorkspace(Self.codeSolution) && course.hasWorkspace(Self.codeStarter) {
            // The code track's services sign at the real time: a backend of its own, real clock.
            guard let codeBackend = await LabBackend.start(seed: seed, realClock: true, console: console) else { return ExitCode.internalError }
            let code: (solution: RunResult, starter: RunResult)
            do {
                code = try await course.withWorkspaces([Self.codeSolution, Self.codeStarter]) { folders in
                    (await Self.runCodeTrack(labs, on: codeBackend.copy(), workspace: folders[0]),
                     await Self.runCodeTrack(labs, on: codeBackend.copy(), workspace: folders[1]))
                }
            } catch {
                console.error("error: cannot copy the built-in workspaces to a temporary folder: \(error.localizedDescription)")
                return ExitCode.unreadableInput
            }
            surprises += Self.surprises(solution: code.solution, starter: code.starter, names: (Self.codeSolution, Self.codeStarter))
            checked += "; the same on \(Self.codeSolution) and \(Self.codeStarter)"
        }
        let steps = onSolution.allSteps.count
        guard surprises.isEmpty else {
            for surprise in surprises { console.line("✘ " + surprise.line) }
            console.line("verify: \(surprises.count) surprise\(surprises.count == 1 ? "" : "s") over \(labs.count) labs, \(steps) steps")
            return ExitCode.failure
        }
        console.line("✔ verify: all \(steps) steps of \(labs.count) labs pass on \(checked)")
        return ExitCode.success
    }

    /// The code track's workspaces in the labs folder.
    static let codeSolution = "code/solution"
    static let codeStarter = "code/starter"

    /// `labs` on `backend` with the services of `workspace` started lab by lab, and stopped.
    static func runCodeTrack(_ labs: [Lab], on backend: Backend, workspace: String) async -> RunResult {
        let codeRun = CodeTrackRun(backend: backend, workspace: workspace)
        let result = await codeRun.hooked(EmbeddedRunner.make(on: backend, workspace: workspace)).run(labs)
        await codeRun.finish()
        return await codeRun.attachingLogs(to: result)
    }

    /// What did not behave as a lab promises: a solution step that did not pass, and an
    /// exercise step that passed on the starter. Other starter steps may pass or fail.
    static func surprises(solution: RunResult, starter: RunResult, names: (solution: String, starter: String) = ("solution", "starter")) -> [Surprise] {
        var found: [Surprise] = []
        for lab in solution.labs {
            for step in lab.steps where step.status != .passed {
                found.append(Surprise(workspace: names.solution, lab: lab.id, step: step.id,
                                      why: "\(step.status.rawValue) on the solution: \(step.detail ?? "no detail")"))
            }
        }
        for lab in starter.labs {
            for step in lab.steps where step.isExercise && step.status == .passed {
                found.append(Surprise(workspace: names.starter, lab: lab.id, step: step.id,
                                      why: "exercise step passed on the starter, so it grades nothing the participant did"))
            }
        }
        return found
    }
}
