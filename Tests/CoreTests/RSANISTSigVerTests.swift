import Core
import Testing

/// NIST CAVP RSA test vectors for FIPS 186-3 (186-3rsatestvectors.zip, CAVS 11.0), file
/// `SigVer15_186-3.rsp`: the first 2048-bit key and its six SHA-256 cases, one valid and one
/// for each way a signature can be wrong.
struct RSANISTSigVerTests {
    struct Case {
        /// The file's `Result`: "valid", or NIST's reason for failing.
        let result: String
        let e: String
        let message: String
        let signature: String
    }

    static let n = "a911245a2cfb33d8ee375df9439f74e669c03a8d9acad25bd27acf3cd8bea7eb9dbe470155c7c72782c94861f7b573cd"
        + "325639fb070e9ba6e621991aefa45106182e4d264be7068035595d7549052989b3e7fd04cabc94012c1278a0ef8672b1"
        + "a51dd1a9e276816ba497dea24b4febe3dd8e977707bcd230ca6fb6f8a8bff9e6ba24fbadcd93f00126b19b396a38e6ef"
        + "86d18fef945b9154c1963fb488c7025953511f86d05638bfe056493730bc6778446e59cd3c5c3acf07a0a3a649437936"
        + "52f10e3292aa7a6d25a03181cc6f6ba0658d909e59ce2a02bacc9766fd8c4fbd4ed9c23a866844b8a794d49e505f9f94"
        + "4870a71aadbe5338039825c2dff81af3"
    static let p = "bf96de108963b5113399b664765efe046e2dafdb70d6e5e29dc6ec89b789b059348d74d89129c7ade9ddb404c6dc3a34"
        + "37c7fc9f23bc38dadc8ffd0ff757999f5c2d510b993056147ccdf421e03d0be2c74ec333a9677c430cc604f5550d0d86"
        + "defdde71488e3db889c699a5cacb44dcdae2f3cca38695e783e6f6250827efb1"
    static let q = "e1e7e33618d1b64d6862c132e4b1cd5fabad20ce62bd97bce2a3f5ad2da67bb0a7f0b9e48335a33b7b95e77ec4c47e91"
        + "416881f9f7c23f9bc1918cc644335c74260e90cd7b2e0fed802f19e78c5ed80a431b38630d82f982c74a0381b8ecf943"
        + "c60810fae90574e216357b2535002316d9529cb56420f3cc82dea37cb624e1e3"
    static let cases: [Case] = [
        Case(
            result: "2 - Public Key e changed", e: "11",
            message: "8457c53956849cdb39bc8e7657d62a2cda9e13e1a5c3574142f1fd041c3add70efbab5207c7b78058196e9aae89b69bc"
                + "3f330dc96804f44892d5d8da68f3e2cf87d3c3ec36f8006b51178d44877a9eabc6a2badaf2301110dd060fda74a93191"
                + "36e91824ebc5dc179289a2cc9b3971025632419bac0f55a20dcacb8ca92372be",
            signature: "a2a2c0264dbb8b8810aae0b9ec7408553803dd02be6247358ce39f98f0c0f0339915347ff3c4dfee0e0a49b675ba69e3"
                + "76f3dbba56aae846cf7f986a0a5f37fc9971a58e3217cca26dffee8655f3025bd61776683feecdde546fa88fb881d619"
                + "a8ec2daf092079a850340f6af41b2dd11d9935bb06c2253bdbd32a6fb8bd5317d3c9c3be5b683e7fd6366e1816895664"
                + "d8ee312eca47ecf862be009d9df699a7d2f515c69e3093fd50a3babe9ebaeab6267086a3185a908ea29af8eecf81e2be"
                + "7c9c2ae33cb2380c73af264d24961b5c7711b0289e1a095f2966656ead1fed95b6c33d7082c3868f1f7b706f9442ddb7"
                + "6e3582f73e4839a0a110dbb78e9cfcc5"
        ),
        Case(
            result: "valid", e: "10001",
            message: "6918d6328ca0a8b64bbe81d91cdea519911b59fc2dbd53af76006fec4b18a320787135ce883b2b2edb26041bf86aa52c"
                + "230b9620335b6e7f9ec08c7ed6b70823d819e9ab019e9929249f966fdb2069311a0ddc680ac468f514d4ed873b04a6be"
                + "b0985b91a0cfd8ed51b09f9e6d06da739eaa939d5a00275901c4f8cf25076339",
            signature: "794d0a45bc9fc6febb586e319dfa6924c888594802b9deb9668963fdb309bf02817960a7457106fc474f91601436e895"
                + "4cbb6815350b2c51b53c968d2c48cc1799550d5d03b41f6e5a8c3c264d2e2fe0b5b8ff53fdcb9dd111c985cb488d7086"
                + "e6548b4077ec00721c9cb500fe07a031c2030e8ad1dd0112c34ffd9091d77a187aac8661b298eee39eb615f9715c4c48"
                + "a6762ede55a466ec7f3cdb6a937cfc80188a85d8f8d3a2a80b199ce5e6375af8f02f06d706a34d9cf38318903965db54"
                + "aaa7d3fa7a7ee58034cd58c8435739c8906366e2ddba293f2fb2c15f07fa4951014471e7f677d3bdacffc4c68a906e08"
                + "d68b39f9010746cbacd22980cee73e8d"
        ),
        Case(
            result: "3 - Signature changed", e: "10001",
            message: "4ce993829f7b8112277cedbf8b4ec59244cd7ef79a7bad09cfdbd1109a1a7348d7f472e57cd69853cf4070c2d66e5ce2"
                + "0f37e2eb623547e154265f167d92a3f03caf84eca981ffe3cb45728d0c10ae43e9b44d09eee346cbe297bee73fb021ec"
                + "e5df72a10ec4df4a85539926137ce23c3a0b685826cdd150e1f4978bc6bc16c4",
            signature: "29865f133c69122e1b309b299270b5d693db89c5192eca5c829c795db460cb1dad3d1f27d200790fab035c90c00b2383"
                + "84bb30ee30752425f2b7f424d71bea79993046100760f3fa3c6e019d025338c13940a97778ea67e6d6138d8e8ff601d2"
                + "309f02762add479d85d25fa31bd1c89af97927dac2ddf818cfe2179548db4da69c163d8cbf5f9c98ea33957022a52d6f"
                + "33b19bbd3d05f40f2dfd49d999184cf5f9bc69fc1b21359c3c85ddebb6936c4f49015026539e8c4aad2dd3a3b4ba3090"
                + "21fb317348d12b560ec608b74f812e3b74e4c8407765f30d6d03a5c20db821adc4c844018d57fb5364d0e7c3d5581678"
                + "2200ddf92b13dc2e0d4665b4cf3e1059"
        ),
        Case(
            result: "4 - Format of the EM is incorrect - hash moved to left", e: "10001",
            message: "c801a9270165955fa4d85fd502c0e6be0c91e1c453ef734f331300034a6f3e8a2f958f9361558e1a7e25e7eab6c76d61"
                + "7e256674898029f2f4c9ec0dc14fd716869b5d886698cb4841f8212b28d222b91490a731d70838cd52e9dd46e959329b"
                + "34dcba0ff77875705517b59f402c2d4d34994b0325d1c865b6397db7abd578a0",
            signature: "290d0d444ee458777b5fdc3207d37054407c0dfa6806296869d3ec402a18209a3d06eb63d995293697e8c0a0e72489bf"
                + "c9132857d6c7a17f4852e4e573a48d2a2a127fdd270092f5029d976b060a570c90d685bd2325d80c9867a3b245455545"
                + "bfae8cf87cff314f4d0a968229446dbf24adcd2a52ef9abd30b4746c2e04c0fdf52655427eb03bf63fdb208c6a776a38"
                + "52052ac225eb33d7246f7ba624723f9c22abaf6d2f9219181ca62e44bb53a9ce8b45e7c6d742586a234e5de66df4ffbf"
                + "7bc9e7f815a7d5aadb2f727f3151afa6ff48f6090d9fe08c8b0f1505598ca4a4ccbde6ab0f87b43059065097c737e53d"
                + "c17f200c3a54b00d709a5b8bdce80f2e"
        ),
        Case(
            result: "1 - Message changed", e: "10001",
            message: "2466a246feda6fa5cee22c2f33ed9d643c1f6824d9f327719225bc7678cfe4c85cd210ed4077701b0b5650418177a74c"
                + "71b8eda3306e2ef3474f5d326990eadea84a9686e822878c932997298e01f2b16c42e019e21bdfb67b3df5478df44436"
                + "6c97df1bdd23dc82ce23abee44d3a61e9484e88ed642634197b52dbece451b59",
            signature: "79c3b93019bdb8a6d6a79e813e4d96928f730afc010657b1eb870f2891219de5fbd464fce97b2bda12a9d84a3d5c120c"
                + "660ed0f70457e223809b26a996afab7c23143b411a1aae566d7e9d19d278044567b5064bc918bb101cadc7a521c31c5e"
                + "1962a7437d8f799ee6a76fc2f0a6733cfcb63246b1a864bb14ae70daf848824da565892d750af7c5da6e02e4889143a7"
                + "46e7e58b562d19cd3cf3d97795e50e1dcfa26d43f00357c92f01b327718d6cd292498dd29d0d830408b568b2c91541a7"
                + "6b21b5d4efea46bc128d9c4aea4e9f60a4a601c876736bf9312a00a2bd81b4ca5d8e37ab2c79dacbe7d8e6abcc4691db"
                + "64649cdff212f467a9d805b2c38cd031"
        ),
        Case(
            result: "5 - Format of the EM is incorrect - 00 on end of pad removed", e: "10001",
            message: "ecb6731a006eb273f6c5404a2e2d1faa5232f7afdff5b69be1dc7927fe88af17b5077b11e84b5baf98db08d3f1c99d3b"
                + "86e4fa55dd2e6b542e91858368cd51d975b5adcebf9bee6ef309caac05b276f874a70b14cfce2e237891f003a8d3f3dc"
                + "b328cff98d45b3d78db5507c72cef20aa4e4f094bcbc47304543824ec480dd48",
            signature: "8831265bcd54bf33d8c46cbd48052e9357c31afee92276b1b744e2521da9b83968e9ca90446064d8f174b248f64e792f"
                + "91f4fae15252688e0f8ad38b28a532ddc7dc59e77d81b7a51dda2df2f2cbd5195c87b66db297b74296d4058fd00a0603"
                + "77dc1ec286c21e4f84c17ef315d443e89912e6b5d5f7d4ade31cc2b1aaaebcf09aaca20041b5f9b799b5b532391f85fd"
                + "236ff3fa794baf4b25a2a188b0746728f1cfe0816b37d8dd648c53d76b81ee42ce27bf07baa27016b82c9ef3e1f5523d"
                + "ed7d35622d4986a6699b261f483e9b68b9c99e17e4aeb1c7baa84be1177264894ed5aab8592dfaaa652898b37aec28c1"
                + "9d154df27956f604bb6a30d0964d4e97"
        ),
    ]

    private static func bytes(_ hex: String) -> [UInt8] { Hex.decode(hex)! }

    @Test(arguments: cases)
    func verificationGivesTheFilesResult(_ vector: Case) throws {
        let key = try RSAPublicKey(n: BigUInt(hex: Self.n)!, e: BigUInt(hex: vector.e)!)
        let verified = key.verify(Self.bytes(vector.message), signature: Self.bytes(vector.signature))
        #expect(verified == (vector.result == "valid"), "\(vector.result)")
    }

    /// PKCS#1 v1.5 signing is deterministic, so the key made from the file's p and q must
    /// reproduce the valid case's signature byte for byte.
    @Test func signingReproducesTheValidSignature() throws {
        let valid = try #require(Self.cases.first { $0.result == "valid" })
        let key = try RSAPrivateKey(p: BigUInt(hex: Self.p)!, q: BigUInt(hex: Self.q)!, e: BigUInt(hex: valid.e)!)
        #expect(key.n == BigUInt(hex: Self.n)!)
        #expect(try key.sign(Self.bytes(valid.message)) == Self.bytes(valid.signature))
    }
}
