// Command stytch-emulator serves the sessiongate Stytch consumer sessions
// emulator (package stytchtest) over HTTP, for the official SDKs, the demo
// and manual testing.
//
// Usage:
//
//	stytch-emulator [-addr 127.0.0.1:8787] [-project-id ID] [-secret S]
//	                [-signing-key key.pem] [-enable-test-controls]
//	                [-rbac-policy policy.json]
//
// When it is ready it prints exactly one line to standard output:
//
//	stytch-emulator listening on http://HOST:PORT
//
// With -addr 127.0.0.1:0 the line names the port the system chose. Point the
// Node SDK at it with new stytch.Client({project_id, secret, env:
// "http://HOST:PORT/"}) and the Go SDK with WithBaseURI("http://HOST:PORT").
//
// -signing-key loads an RSA private key (PEM, PKCS #1 "RSA PRIVATE KEY" or
// PKCS #8 "PRIVATE KEY", at least 2048 bits). The key id is derived from the
// key, so the JWKS and the JWTs' kid stay the same across restarts. Without
// it a fresh 2048-bit key is generated at start. Generate one with:
//
//	openssl genrsa -out key.pem 2048
//
// -enable-test-controls (off by default) adds one route for black-box tests:
//
//	POST /_emulator/advance?seconds=N   moves the emulator's clock by N seconds
//
// It requires the same Basic credentials as the API and answers
// {"request_id", "status_code": 200, "now": "<RFC 3339 time>"}; see
// stytchtest.WithTestControls.
//
// -rbac-policy loads the project's RBAC policy, served by GET
// /v1/rbac/policy and applied to sessions/authenticate's
// authorization_check, from a JSON file in the shape of that answer's
// policy object ({"roles": [...], "resources": [...], "scopes": [...]}; see
// stytchtest.Emulator.SetRBACPolicy for the rules). An invalid file stops the
// command at start. Without it the policy has the role stytch_user alone,
// with no permissions.
//
// The process stops gracefully on SIGINT or SIGTERM: it stops accepting
// connections, lets requests in flight finish (up to 5 seconds) and exits 0.
package main
