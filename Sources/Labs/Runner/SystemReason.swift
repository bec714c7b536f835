import Foundation

/// Why a file operation failed, as the system words it ("Permission denied", "No such file or
/// directory"), without Foundation's wrapping ("The operation could not be completed. (…
/// error 512.)") where the error carries the system's code.
public enum SystemReason {
    public static func of(_ error: any Error) -> String {
        let error = error as NSError
        if error.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(error.code))) }
        let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError
        if let code = underlying?.code, underlying?.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(code))) }
        // Foundation's own codes for the commonest two, worded as the system words them.
        if error.domain == NSCocoaErrorDomain {
            switch CocoaError.Code(rawValue: error.code) {
            case .fileNoSuchFile, .fileReadNoSuchFile: return String(cString: strerror(ENOENT))
            case .fileReadNoPermission, .fileWriteNoPermission: return String(cString: strerror(EACCES))
            default: break
            }
        }
        return error.localizedDescription
    }
}
