// Package shape holds the credential syntax checks that run on every
// request: the base64url alphabet of Stytch's session tokens and JWT
// segments, the compact JWS form, and RFC 6750's b64token.
//
// The checks are exact: a string passes if and only if it matches the
// regular expression its function documents (fuzzed against it). They
// read the string once, eight bytes per step, through a 256-entry class
// table and without a branch per byte: about one cycle per byte, so a
// 1.1 KB session JWT costs about a third of a microsecond. A word-at-a-time
// (SWAR) classifier, tried, was no faster on amd64 (40% slower one word at
// a time, equal two at a time), so the simpler table stays.
package shape
