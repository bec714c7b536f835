import HTTP

/// Assembles the embedded backend into one router: today the health endpoint; the cloud
/// platform and the SaaS app mount here as they are built.
public enum Backend {
    /// The backend's router, the single responder behind both the in-process client and
    /// `saaslab serve`.
    public static func makeRouter() -> Router {
        var router = Router()
        router.get("/health") { _, _ in
            HTTPResponse.json(text: #"{"status":"ok"}"#)
        }
        return router
    }
}
