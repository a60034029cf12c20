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
// -enable-test-controls (off by default) adds JSON routes for black-box
// tests, without credentials:
//
//	POST   /_emulator/advance?seconds=N  moves the emulator's clock by N seconds
//	POST   /_emulator/faults             {"endpoint": "sessions/authenticate", "status": 503,
//	                                      "retry_after": 2, "delay_ms": 0, "times": 1,
//	                                      "body": "", "reset_connection": false}
//	DELETE /_emulator/faults             clears every fault
//	POST   /_emulator/keys/rotate        new signing key; the old one stays listed
//	POST   /_emulator/keys/remove        {"kid": "..."}
//	POST   /_emulator/jwks/extra         {"kind": "rsa1024" | "duplicate_kid" | "ec" | "oct" | "rsa_e3"}
//	GET    /_emulator/outbox?to=ADDRESS  messages sent to ADDRESS, newest first
//	GET    /_emulator/requests           request counts per endpoint
//	POST   /_emulator/reset              back to an empty emulator
//
// See stytchtest.WithTestControls for the details.
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
