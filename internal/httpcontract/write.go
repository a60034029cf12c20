package httpcontract

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/sessiongate/sessiongate"
)

// Defaults of a Contract when the session middleware does not set its own.
const (
	DefaultRealm      = "app"
	DefaultRetryAfter = 5 * time.Second
)

// Contract holds what the answers depend on beyond the error: the realm of
// WWW-Authenticate challenges and the Retry-After sent with a 503 when the
// upstream gave none. The session middleware builds one from its options;
// packages that follow it in a chain use the middleware's.
type Contract struct {
	// Realm is the challenge's realm, already validated (printable ASCII,
	// no quote or backslash).
	Realm string
	// RetryAfter is the default Retry-After of a 503.
	RetryAfter time.Duration
}

// Default returns the contract of a chain without the session middleware:
// realm "app", Retry-After 5 seconds.
func Default() Contract { return Contract{Realm: DefaultRealm, RetryAfter: DefaultRetryAfter} }

// Source is implemented by the session middleware's per-request
// [sessiongate.Rechecker]: it tells the contract the middleware answers
// with. Its method's result type is internal, so no type outside this
// module can implement it.
type Source interface {
	HTTPContract() Contract
}

// Of returns the contract of the session middleware that verified r (the
// one whose Rechecker is in r's context), else [Default]. Writers that
// follow the middleware in a chain (stepup, rbac) answer with it, so that
// the middleware's realm and Retry-After need no extra wiring. r may be nil.
func Of(r *http.Request) Contract {
	if r != nil {
		if rc, ok := sessiongate.RecheckerFromContext(r.Context()); ok {
			if src, ok := rc.(Source); ok {
				return src.HTTPContract()
			}
		}
	}
	return Default()
}

// Challenge returns the WWW-Authenticate value of p:
// Bearer realm="…"[, error="…"].
func (c Contract) Challenge(p Problem) string {
	v := `Bearer realm="` + c.Realm + `"`
	if p.ChallengeError {
		v += `, error="` + p.Code + `"`
	}
	return v
}

// RetryAfterValue returns the Retry-After value for an upstream delay d:
// d, else the contract's default, rounded up to whole seconds.
func (c Contract) RetryAfterValue(d time.Duration) string {
	if d <= 0 {
		d = c.RetryAfter
	}
	secs := d / time.Second
	if d%time.Second != 0 {
		secs++
	}
	return strconv.FormatInt(int64(secs), 10)
}

// WriteError answers err with its problem (see [Classify]) and the
// standard body.
func (c Contract) WriteError(w http.ResponseWriter, r *http.Request, err error) {
	p := Classify(err)
	c.WriteProblem(w, r, p, p.Body())
}

// WriteProblem answers with p's status and headers (WWW-Authenticate when
// p has a challenge, Retry-After on 503) and body as JSON. body is p.Body()
// or a struct that embeds [Body] and adds fields; it must never hold an
// error's text or a credential.
func (c Contract) WriteProblem(w http.ResponseWriter, r *http.Request, p Problem, body any) {
	h := w.Header()
	if p.Challenge {
		h.Set("WWW-Authenticate", c.Challenge(p))
	}
	if p.Status == http.StatusServiceUnavailable {
		h.Set("Retry-After", c.RetryAfterValue(p.RetryAfter))
	}
	WriteJSON(w, r, p.Status, body)
}

// WriteJSON writes body as JSON with status, Cache-Control: no-store,
// Content-Type: application/json and X-Content-Type-Options: nosniff, and
// no body for a HEAD request (r may be nil when the request is unknown: the
// body is written). A body that cannot be encoded is answered with a fixed
// 500 server_error, without any challenge.
func WriteJSON(w http.ResponseWriter, r *http.Request, status int, body any) {
	out, err := json.Marshal(body)
	h := w.Header()
	if err != nil {
		h.Del("WWW-Authenticate")
		h.Del("Retry-After")
		status, out = http.StatusInternalServerError, []byte(`{"error":"server_error","error_description":"internal error"}`)
	}
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Type", "application/json")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	if r == nil || r.Method != http.MethodHead {
		_, _ = w.Write(append(out, '\n')) // the client may be gone; nothing to do
	}
}

// AddVaryCookie adds "Cookie" to h's Vary header unless a Vary value
// already lists it (in any case, alone or in a comma-separated list).
func AddVaryCookie(h http.Header) {
	vs := h["Vary"]
	for _, v := range vs {
		for v != "" {
			var item string
			item, v, _ = strings.Cut(v, ",")
			if strings.EqualFold(strings.TrimSpace(item), "Cookie") {
				return
			}
		}
	}
	h["Vary"] = append(vs, "Cookie")
}
