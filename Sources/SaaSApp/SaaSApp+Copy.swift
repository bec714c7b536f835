extension SaaSApp {
    /// Makes this app hold what `source` holds now: its system tenant (so a bootstrapped
    /// source leaves this app bootstrapped), the app's key and service-role credentials,
    /// templates and service settings, verified tokens and their credentials, cached tenant
    /// pools and key schemas, the request log and meters.
    ///
    /// For a backend copied from another (see `Backend.copy()`): call it on a freshly made app
    /// before it serves anything, while `source` is not bootstrapping. The two share nothing
    /// mutable afterwards, and nothing is asked of the platform: the copy goes on exactly as
    /// `source` would have.
    public func takeState(of source: SaaSApp) {
        let (mine, theirs) = (services, source.services)
        mine.systemTenant.copyState(from: theirs.systemTenant)
        mine.roles.copyState(from: theirs.roles)
        mine.settings.copyState(from: theirs.settings)
        mine.tokens.copyState(from: theirs.tokens)
        mine.tenantPools.copyState(from: theirs.tenantPools)
        mine.schemas.copyState(from: theirs.schemas)
        mine.userNames.copyState(from: theirs.userNames)
        telemetry.copyState(from: source.telemetry)
    }
}
