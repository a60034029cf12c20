package rbac

import (
	"html"
	"net/http"

	"github.com/sessiongate/sessiongate/internal/httpcontract"
)

// deniedBody is the JSON body of a denial: the standard body naming the
// permission.
type deniedBody struct {
	httpcontract.Body
	Resource string `json:"resource"`
	Action   string `json:"action"`
}

// WriteDenied answers an API request whose session lacks a permission:
// 403, WWW-Authenticate: Bearer realm="…", error="insufficient_scope"
// (RFC 6750 §3.1) and {"error": "insufficient_scope", "error_description",
// "resource", "action"}, with Cache-Control: no-store and Vary: Cookie. The
// realm is the session middleware's when it verified the request.
func WriteDenied(w http.ResponseWriter, r *http.Request, err *DeniedError) {
	p := httpcontract.Classify(err)
	httpcontract.AddVaryCookie(w.Header())
	httpcontract.Of(r).WriteProblem(w, r, p, deniedBody{Body: p.Body(), Resource: err.Resource, Action: err.Action})
}

// WriteDeniedPage is the default answer to a browser navigation whose
// session lacks a permission: a minimal 403 HTML page naming the
// permission, with Cache-Control: no-store. A HEAD request gets no body.
func WriteDeniedPage(w http.ResponseWriter, r *http.Request, err *DeniedError) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	httpcontract.AddVaryCookie(h)
	w.WriteHeader(http.StatusForbidden)
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write([]byte(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Forbidden</title></head>` +
		`<body><h1>403 Forbidden</h1><p>You are not allowed to ` + html.EscapeString(err.Action) +
		` ` + html.EscapeString(err.Resource) + `.</p></body></html>` + "\n")) // the client may be gone
}

// WriteError answers a check that could not be decided exactly like the
// session middleware's WriteError: 401 login_required without a session,
// 401 invalid_token when the session has ended, 503 temporarily_unavailable
// with Retry-After when no policy is usable or Stytch cannot be reached,
// 500 server_error otherwise, with the middleware's realm. It never writes
// err's text.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	httpcontract.AddVaryCookie(w.Header())
	httpcontract.Of(r).WriteError(w, r, err)
}
