// The IAM module: AWS's policy language, evaluated exactly as AWS documents it, with
// explanations. Plain engine types; the IAM/STS protocol adapters live elsewhere.
//
// Flow: `PolicyDocument(text)` parses, validates and compiles a policy once;
// `PolicySet(identityPolicies:permissionsBoundary:sessionPolicies:resourcePolicy:)` groups the
// policies of one principal; `AuthorizationRequest` normalises one request; and
// `PolicySet.evaluate(_:)` returns a `Decision` whose `Explanation` is traced on demand.
//
// Where AWS's documentation leaves a choice open, this module decides as follows, always
// in the direction that cannot widen access beyond what the policy author wrote:
//
// - Policy variables resolve only from single-valued context keys. A key with several
//   values (AWS: "you cannot use a multivalued context key as a policy variable") is
//   unresolved and does not fall back to the default, which is for absent keys.
// - An unresolved variable makes its comparison false: a Resource entry matches nothing, a
//   condition value matches nothing (so a negated operator, which needs no value to match,
//   holds). In a NotResource entry it makes the statement cover nothing, because ignoring the
//   entry would widen an Allow to the very resources the author excluded.
// - Values substituted into a wildcard context (resolved variables, `${*}`, `${?}`, `${$}`)
//   are literal: a tag value of `*` never acts as a wildcard.
// - Without a set qualifier, a multi-valued request key matches when any of its values
//   matches; a negated operator then fails if any value matches.
// - Resource elements keep `*` and `?` inside the first five ARN segments unless a `*` ends
//   its segment (AWS: "it can expand to match beyond the colon boundaries"); ArnLike keeps
//   every wildcard of those segments inside the segment.
// - Typed policy values that do not parse (`"ten"` for a Numeric operator, a `${...}` under a
//   Date operator, which takes no variables) are accepted, as AWS accepts them, and match
//   nothing.
// - Element names, effects and operator names are case-sensitive, as in AWS's grammar;
//   refusals suggest the right spelling.
