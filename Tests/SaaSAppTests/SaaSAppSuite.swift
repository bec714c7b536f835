import Testing

/// Every SaaS app suite, one test at a time. Each test runs a whole backend and its app,
/// CPU-bound on the cooperative pool; run all at once, they starve the socket server's
/// timing tests that share the test process.
@Suite(.serialized) enum SaaSAppSuite {}
