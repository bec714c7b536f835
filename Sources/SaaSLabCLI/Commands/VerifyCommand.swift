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
        discussion: "Each run has a backend of its own, a copy of one bootstrapped backend.",
        options: [
            LabOptions.labs(holding: "the lab files, starter/ and solution/"),
            BackendOptions.seed.describing("Seed the backends and clocks (default 1, so verification repeats exactly)."),
            LabOptions.extraLabs,
        ],
        exits: [
            .init(ExitCode.success, "no surprise"),
            .init(ExitCode.failure, "a surprise (each named with its lab, step and workspace)"),
            .init(ExitCode.unreadableInput, "the labs or a workspace could not be read"),
            .usage(),
            .backendDidNotStart,
            .cannotWrite("the temporary copy of the built-in workspaces"),
        ]
    )

    let course: Course
    let seed: UInt64
    let extraLabs: [String]

    init(arguments: ParsedArguments) {
        course = LabOptions.course(arguments)
        extraLabs = arguments[LabOptions.extraLabs]
        seed = arguments[BackendOptions.seed] ?? 1
    }

    /// One thing the labs got wrong.
    struct Surprise: Equatable {
        let workspace: String
        let lab: String
        let step: String
        let why: String

        var line: String { "\(workspace): \(lab)/\(step): \(why)" }
    }

    func run(console: Console) async throws(CommandFailure) -> Int32 {
        let labs = try LabLoading(course: course, extraFolders: extraLabs).load([])
        for workspace in ["solution", "starter"] where !course.hasWorkspace(workspace) {
            throw .unreadable("no workspace at \(course.name(workspace)): verify needs both starter/ and solution/ in the labs folder")
        }
        let bootstrapped = try await LabBackend.start(seed: seed)
        let runs = try await withWorkspaces(["solution", "starter"]) { folders in
            (await EmbeddedRunner.make(on: bootstrapped.copy(), workspace: folders[0]).run(labs),
             await EmbeddedRunner.make(on: bootstrapped.copy(), workspace: folders[1]).run(labs))
        }
        let (onSolution, onStarter) = runs
        var surprises = Self.surprises(solution: onSolution, starter: onStarter)
        var checked = "solution; all \(onSolution.allSteps.filter(\.isExercise).count) exercise steps fail on starter"
        if course.hasWorkspace(Self.codeSolution) && course.hasWorkspace(Self.codeStarter) {
            // The code track's services sign at the real time: a backend of its own, real clock.
            let codeBackend = try await LabBackend.start(seed: seed, realClock: true)
            let code: (solution: RunResult, starter: RunResult) = try await withWorkspaces([Self.codeSolution, Self.codeStarter]) { folders in
                (await Self.runCodeTrack(labs, on: codeBackend.copy(), workspace: folders[0]),
                 await Self.runCodeTrack(labs, on: codeBackend.copy(), workspace: folders[1]))
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

    /// ``Course/withWorkspaces(_:_:)``, failing with exit code 73 when the built-in workspaces
    /// cannot be copied to a temporary folder.
    private func withWorkspaces<T>(_ workspaces: [String], _ body: ([String]) async -> T) async throws(CommandFailure) -> T {
        do {
            return try await course.withWorkspaces(workspaces, body)
        } catch {
            throw .cannotWrite("cannot copy the built-in workspaces to a temporary folder: \(SystemReason.of(error))")
        }
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
