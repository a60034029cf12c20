// Package rbac checks Stytch RBAC permissions of verified sessions.
//
// A project's policy (GET /v1/rbac/policy) names roles, and each role has
// permissions: a resource id and the actions allowed on it, "*" meaning all
// of them. Every consumer user holds the predefined role stytch_user, and
// other roles are assigned on the user; a session carries its user's roles
// (session.roles, and the roles of the JWT's session claim).
//
// [ParsePolicy] parses the policy object once into an immutable [Policy]
// indexed by (role, resource), so that [Allows] decides with one map probe
// per role of the session and no allocation:
//
//	p, err := rbac.ParsePolicy(policyJSON)
//	if rbac.Allows(session, p, "documents", "write") { ... }
//
// The check is Stytch's own: a session may take an action on a resource when
// some role it holds, defined in the policy, has a permission whose
// resource_id equals the resource exactly and whose actions contain the
// action or "*". Roles the policy does not define grant nothing. [Authorized]
// also names the granting roles, as Stytch's verdict does.
//
// # Policy cache and middleware
//
// A [Cache] keeps the current policy, fetched through a [Fetcher] (the
// verifier package's Verifier, which owns the connection to Stytch):
//
//	policies, err := rbac.NewCache(ctx, v) // v is a *verifier.Verifier
//	write, err := rbac.New(policies, "documents", "write", rbac.WithName("documents-write"))
//	mux.Handle("POST /api/documents", alice.New(sess.RequireSession, write.Require).Then(h))
//
// Concurrent first loads make one fetch; afterwards the policy is refreshed
// in the background every [DefaultRefreshInterval] and checks never wait.
// The last good policy is served while Stytch is down or answers a
// malformed policy, for up to [DefaultMaxStaleness]; with no usable policy
// checks fail closed as unavailable (503). [Cache.Stats] and
// [WithErrorHandler] report failed fetches.
//
// [New] builds one route's check (a [Permission]) and validates its
// options; its Require method is the middleware, placed after the session
// middleware. The check is local first (the roles of the session's JWT
// against the cached policy). On a local denial it confirms with Stytch
// (sessions/authenticate with authorization_check) through the request's
// [Authorizer], which the session middleware provides, because roles may
// have been granted since the JWT was minted; a grant hands the fresh JWT,
// carrying the new roles, back to the client. [WithoutRemoteConfirm] turns
// that off. A denial answers API clients 403 with WWW-Authenticate: Bearer
// error="insufficient_scope" and a JSON body naming the resource and
// action ([WriteDenied]), and browser navigations a 403 page
// ([WithDeniedHandler], default [WriteDeniedPage]). Other failures follow
// the session middleware's answers ([WriteError]). [WithObserver] reports
// one [Event] per check, and a [Table] records route → permission for
// audits.
//
// # Concurrency
//
// Policies and caches are safe for concurrent use. [NewCache] starts one
// goroutine, which refreshes the policy until the ctx passed to it is done;
// each fetch runs in its own goroutine bounded by that ctx and
// [DefaultFetchTimeout].
//
// # Security considerations
//
// The checks trust the session's roles, so the session must come from a
// verifier (a signed JWT or Stytch's API). The policy is validated for shape
// only: Stytch, which owns it, validates its meaning, and its own resources
// (ids starting with "stytch") appear in fetched policies.
//
// A local grant trusts the roles of the session's JWT, which Stytch minted
// up to the verifier's max token age ago (5 minutes by default): a role
// removed since then keeps granting until the JWT is refreshed, and a
// permission removed from the policy until the next policy refresh. Put
// the session middleware's RequireConfirmed in front of a check for a route
// that must see removals at once. Each local denial confirmed with Stytch
// costs one call (concurrent identical checks share it).
package rbac
