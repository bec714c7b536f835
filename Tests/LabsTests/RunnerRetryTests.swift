import Core
import Foundation
import HTTP
import Synchronization
import Testing
@testable import Labs

/// Refuses the first `failures` sends like a backend that is still starting, then answers.
private struct StartingClient: HTTPClient {
    let calls = CallCounter()
    let failures: Int
    let inner: InProcessClient

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard calls.next() > failures else { throw POSIXError(.ECONNREFUSED) }
        return try await inner.send(request)
    }
}

/// Retries follow Hurl and stay within the step's deadline.
@Suite struct RunnerRetryTests {
    @Test func retriesCutShortByTheTimeoutReportTheLastFailure() async throws {
        let started = ContinuousClock.now
        // The timeout leaves room for at least one try even on a loaded machine; the retries
        // (1000 would be needed) cannot all fit.
        let lab = try await runLab(block("id=r timeout=5s", """
        GET {{api}}/flaky
        [Options]
        retry: 1000
        retry-interval: 100ms
        HTTP 200
        """), router: testRouter(failFirst: 1000))
        let step = lab.steps[0]
        #expect(step.status == .failed, "\(step.message ?? "") \(step.failures)")
        #expect(step.failures.first?.actual == "503")
        #expect(step.transcript?.contains("not yet") == true)
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test func delayIsWaitedOnceNotPerRetry() async throws {
        // When each try reaches the route: a sleep never ends early, so a delay waited per try
        // would put at least 2 s between every two tries. Lower bounds only, so a loaded machine
        // cannot make this fail.
        let tries = Mutex<[ContinuousClock.Instant]>([])
        var router = Router()
        router.get("/flaky") { _, _ in
            let count = tries.withLock { $0.append(.now); return $0.count }
            return count < 3 ? HTTPResponse(status: 503) : .text("ok")
        }
        let started = ContinuousClock.now
        let lab = try await runLab(block("id=r", """
        GET {{api}}/flaky
        [Options]
        delay: 2s
        retry: 3
        retry-interval: 1ms
        HTTP 200
        """), router: router)
        #expect(lab.steps[0].status == .passed)
        let times = tries.withLock { $0 }
        try #require(times.count == 3)
        // The delay came before the first try...
        #expect(times[0] - started >= .seconds(2))
        // ...and not before the others: were it waited per try, both gaps would be 2 s or more.
        #expect(times[1] - times[0] < .seconds(2) || times[2] - times[1] < .seconds(2))
    }

    @Test func sendErrorsAreRetried() async throws {
        let client = StartingClient(failures: 2, inner: InProcessClient(responder: testRouter()))
        let runner = LabRunner(client: client, configuration: .init(
            baseURL: "http://test.local", random: SeededRandomSource(seed: 7), clock: ManualClock(start: testDate)))
        let lab = await runner.run(try runnerLab(block("id=r", """
        GET {{api}}/items
        [Options]
        retry: 3
        retry-interval: 1ms
        HTTP 200
        """)))
        #expect(lab.steps[0].status == .passed, "\(lab.steps[0].message ?? "")")
        #expect(client.calls.next() == 4)
    }
}
