package middleware

import (
	"mime"
	"net/http"
	"net/url"
	"strings"
)

// SafeReturnTo reports whether raw is safe to redirect to after a login:
// a same-origin path that starts with a single "/", with no scheme, no
// host, no backslash, no "//" or "/\" prefix and no control characters. It
// returns raw unchanged when safe. Login handlers should check return_to
// with it before redirecting.
func SafeReturnTo(raw string) (string, bool) {
	if len(raw) == 0 || raw[0] != '/' || len(raw) > 2048 {
		return "", false
	}
	if len(raw) > 1 && (raw[1] == '/' || raw[1] == '\\') {
		return "", false
	}
	for i := 0; i < len(raw); i++ {
		if raw[i] < 0x20 || raw[i] == 0x7f || raw[i] == '\\' {
			return "", false
		}
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "", false
	}
	return raw, true
}

// isNavigation reports whether r is a browser navigation: Sec-Fetch-Mode
// says so, or (without Fetch Metadata) Accept asks for HTML.
func isNavigation(r *http.Request) bool {
	if mode := r.Header.Get("Sec-Fetch-Mode"); mode != "" {
		return mode == "navigate"
	}
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		if mt, _, err := mime.ParseMediaType(strings.TrimSpace(part)); err == nil && (mt == "text/html" || mt == "application/xhtml+xml") {
			return true
		}
	}
	return false
}

// redirectToLogin answers 303 to the login URL, with return_to for GET and
// HEAD requests whose path is safe.
func (m *Middleware) redirectToLogin(w http.ResponseWriter, r *http.Request) {
	u := *m.login
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		target := r.URL.EscapedPath()
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		if rt, ok := SafeReturnTo(target); ok {
			q := u.Query()
			q.Set("return_to", rt)
			u.RawQuery = q.Encode()
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, u.String(), http.StatusSeeOther)
}
