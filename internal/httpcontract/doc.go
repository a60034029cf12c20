// Package httpcontract is the HTTP contract shared by the middleware and
// stepup packages, written once so that both answer the same input the
// same way: the problem table (sentinel → status, error code, description,
// challenge, observer reason), the JSON error writer, Vary: Cookie, the
// browser-navigation rule, the return-path rule, the 303 redirect builder
// and the Retry-After value. The realm and the default Retry-After are a
// [Contract]'s parameters, set by the session middleware's options.
package httpcontract
