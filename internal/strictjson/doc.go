// Package strictjson is the JSON scanner that reads untrusted token
// segments. It validates RFC 8259 syntax in one pass and hands back each
// object member with its exact, unescaped name and its value in place, so
// that callers read names exactly (security.md F10) and see duplicate names
// instead of having them silently resolved (RFC 7519 §4).
//
// [Scanner] is the streaming form the session-JWT parser uses; [Decode]
// builds the same Go values as encoding/json's Unmarshal into an any
// (map[string]any, []any, float64, string, bool, nil).
//
// # Differences from encoding/json
//
// For documents encoding/json accepts, [Decode] returns the same values,
// with these deliberate exceptions, where it rejects instead (a differential
// fuzz test, FuzzDecodeMatchesEncodingJSON, holds it to exactly this list):
//
//   - invalid UTF-8 anywhere in the document (RFC 8725 §3.7; encoding/json
//     replaces it with U+FFFD);
//   - an object with two members of the same (unescaped) name, at any depth
//     (encoding/json keeps the last one);
//   - nesting deeper than [MaxDepth] objects and arrays (encoding/json allows
//     10000).
//
// Case-variant names ("EXP" beside "exp") are not a scanner rule: the
// session-JWT parser rejects those for the names it knows. The scanner has
// no size cap of its own; its callers cap the input (a JWT is at most 8 KiB).
package strictjson
