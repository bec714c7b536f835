import Testing

/// The suites that run the course's real labs, one test at a time: each test runs three or
/// four labs on fresh embedded backends, CPU-bound on the cooperative pool, and all at once they
/// starve the socket tests' timeouts in the same test process.
@Suite(.serialized) enum CourseLabRuns {}
