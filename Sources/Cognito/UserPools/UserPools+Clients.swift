// App clients of a pool: CreateUserPoolClient, DescribeUserPoolClient, ListUserPoolClients,
// DeleteUserPoolClient.

extension UserPools {
    /// `CreateUserPoolClient`: a client id of 26 lower-case alphanumerics, and a secret when
    /// asked for one.
    public func createUserPoolClient(poolId: String, _ settings: UserPoolClientSettings) throws(CognitoError) -> UserPoolClient {
        let clientId = randomString(26, from: Self.lowerAlphanumerics)
        let secret = settings.generateSecret ? randomString(51, from: Self.lowerAlphanumerics) : nil
        let now = clock.now()
        return try state.withLock { (state: inout State) throws(CognitoError) -> UserPoolClient in
            guard var record = state.pools[poolId] else { throw .noSuchPool(poolId) }
            let client = try UserPoolClient(pool: record.pool, clientId: clientId, secret: secret, settings: settings, at: now)
            record.clients[clientId] = (client, record.takeSequence())
            state.pools[poolId] = record
            state.clientPools[clientId] = poolId
            return client
        }
    }

    /// `DescribeUserPoolClient`.
    public func describeUserPoolClient(poolId: String, clientId: String) throws(CognitoError) -> UserPoolClient {
        try withPool(poolId) { record throws(CognitoError) in
            guard let client = record.clients[clientId]?.client else { throw .noSuchClient(clientId) }
            return client
        }
    }

    /// `ListUserPoolClients`: up to `maxResults` (1-60) clients in creation order.
    public func listUserPoolClients(
        poolId: String, maxResults: Int, nextToken: String?
    ) throws(CognitoError) -> (clients: [UserPoolClient], nextToken: String?) {
        guard (1...60).contains(maxResults) else {
            throw .invalidParameter("1 validation error detected: Value '\(maxResults)' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 60")
        }
        let start = try PageToken.decode(nextToken, message: "Invalid NextToken.")
        let all = try withPool(poolId) { record throws(CognitoError) in
            record.clients.values.map { (sequence: $0.sequence, item: $0.client) }.sorted { $0.sequence < $1.sequence }
        }
        let page = PageToken.page(all, after: start, limit: maxResults)
        return (page.items, page.next)
    }

    /// `DeleteUserPoolClient`: its refresh tokens and sessions go with it.
    public func deleteUserPoolClient(poolId: String, clientId: String) throws(CognitoError) {
        try state.withLock { (state: inout State) throws(CognitoError) in
            guard var record = state.pools[poolId] else { throw .noSuchPool(poolId) }
            guard record.clients.removeValue(forKey: clientId) != nil else { throw .noSuchClient(clientId) }
            record.refreshTokens = record.refreshTokens.filter { $0.value.clientId != clientId }
            record.sessions = record.sessions.filter { $0.value.clientId != clientId }
            state.pools[poolId] = record
            state.clientPools[clientId] = nil
        }
    }
}
