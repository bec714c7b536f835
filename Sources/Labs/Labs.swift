// The Labs module: lab files (Markdown with Hurl steps) parsed into a workbook, a runner that
// executes steps over HTTP only, and grading. It depends on the foundation alone (Core, HTTP,
// SigV4): the runner never sees the backend's types.
