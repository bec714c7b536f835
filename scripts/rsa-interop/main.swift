// The saaslab side of scripts/rsa-interop.py, compiled together with Sources/Core by that
// script. Arguments are hex; each command prints its answer on one line.
//
//   sign N E D P Q DP DQ QI MESSAGE   -> the RS256 signature
//   verify N E MESSAGE SIGNATURE      -> true or false
//   generate SEED MESSAGE             -> n, e, the key's signature of MESSAGE and its thumbprint
#if canImport(Glibc)
import Glibc
#endif

func integer(_ hex: String) -> BigUInt { BigUInt(hex: hex)! }
func bytes(_ hex: String) -> [UInt8] { Hex.decode(hex)! }

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "sign" where arguments.count == 10:
        let c = arguments[1...8].map(integer)
        let key = try RSAPrivateKey(n: c[0], e: c[1], d: c[2], p: c[3], q: c[4], dP: c[5], dQ: c[6], qInv: c[7])
        print(Hex.encode(try key.sign(bytes(arguments[9]))))
    case "verify" where arguments.count == 5:
        let key = try RSAPublicKey(n: integer(arguments[1]), e: integer(arguments[2]))
        print(key.verify(bytes(arguments[3]), signature: bytes(arguments[4])))
    case "generate" where arguments.count == 3:
        let key = RSAPrivateKey.generate(using: SeededRandomSource(seed: UInt64(arguments[1])!))
        print(key.n, key.e, Hex.encode(try key.sign(bytes(arguments[2]))), key.publicKey.thumbprint)
    default:
        print("usage: rsa-interop sign N E D P Q DP DQ QI MESSAGE | verify N E MESSAGE SIGNATURE | generate SEED MESSAGE")
        exit(64)
    }
} catch {
    print("error: \(error)")
    exit(1)
}
