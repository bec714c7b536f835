// The Cognito module: user pools (users, passwords, auth flows, JWTs) and identity pools
// (identities, role mapping, principal tags, temporary credentials through STS).
// Plain engine types; the JSON 1.1 protocol adapters live in Cloud.
