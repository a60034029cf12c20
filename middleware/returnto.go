package middleware

import (
	"net/http"

	"github.com/sessiongate/sessiongate/internal/httpcontract"
)

// SafeReturnTo reports whether raw is safe to redirect to after a login,
// and returns it unchanged when it is. A safe target is a same-origin path:
// printable ASCII (no space, control character or byte ≥ 0x80), at most
// 2048 bytes, starting with exactly one "/" (not "//" nor "/\"), with no
// backslash, no fragment ("#") and no scheme, host or userinfo. Login and
// step-up pages should check return_to with it before redirecting; the
// middleware's and the stepup package's own redirects follow the same rule.
func SafeReturnTo(raw string) (string, bool) {
	return httpcontract.ReturnPath(raw)
}

// isNavigation reports whether r is a browser navigation
// ([httpcontract.IsNavigation]); Logout's redirect uses it too.
func isNavigation(r *http.Request) bool { return httpcontract.IsNavigation(r) }

// redirectToLogin answers 303 to the login URL, with return_to for GET and
// HEAD requests whose path is safe.
func (m *Middleware) redirectToLogin(w http.ResponseWriter, r *http.Request) {
	var params []httpcontract.Param
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		if rt, ok := SafeReturnTo(httpcontract.RequestTarget(r)); ok {
			params = append(params, httpcontract.Param{Key: "return_to", Value: rt})
		}
	}
	httpcontract.Redirect(w, r, m.login.String(), params...)
}
