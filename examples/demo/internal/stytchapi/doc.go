// Package stytchapi is the demo's small client for the Stytch backend calls
// that start and step up sessions: passwords (create, authenticate) and TOTP
// (create, authenticate). Verifying sessions is sessiongate's job; this
// package only obtains them.
package stytchapi
