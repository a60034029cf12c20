package httpcontract

import (
	"net/http"
	"net/url"
	"strings"
)

// MaxReturnPath bounds a return path; longer values are refused.
const MaxReturnPath = 2048

// ReturnPath reports whether s is a safe same-origin redirect target and
// returns it unchanged when it is: printable ASCII (no space, control
// character or byte ≥ 0x80), at most [MaxReturnPath] bytes, starting with
// exactly one "/" (not "//" nor "/\"), with no backslash, no fragment and
// no scheme, host or userinfo, parsing as a URL path with an optional
// query. Browsers strip tabs and newlines and treat "\" like "/", so those
// are refused too.
func ReturnPath(s string) (string, bool) {
	if s == "" || len(s) > MaxReturnPath || s[0] != '/' {
		return "", false
	}
	if len(s) > 1 && (s[1] == '/' || s[1] == '\\') {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= 0x20 || c >= 0x7f || c == '\\' || c == '#' {
			return "", false
		}
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" || u.User != nil {
		return "", false
	}
	return s, true
}

// RequestTarget returns r's escaped path and raw query, the candidate
// return path of a GET or HEAD request (check it with [ReturnPath]).
func RequestTarget(r *http.Request) string {
	target := r.URL.EscapedPath()
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	return target
}

// Param is one query parameter of a redirect.
type Param struct{ Key, Value string }

// AppendQuery returns base with params added to its query, in order,
// after the parameters base already has (and before its fragment). A
// parameter of base named like one of params is dropped: params replace
// it. Keys and values are query-escaped with spaces as %20; commas are
// kept, since they separate list values such as factors=totp,webauthn.
func AppendQuery(base string, params ...Param) string {
	if len(params) == 0 {
		return base
	}
	base, fragment, hasFragment := strings.Cut(base, "#")
	path, query, _ := strings.Cut(base, "?")
	var b strings.Builder
	b.WriteString(path)
	sep := "?"
	for query != "" {
		var kv string
		kv, query, _ = strings.Cut(query, "&")
		if kv != "" && !replaced(kv, params) {
			b.WriteString(sep + kv)
			sep = "&"
		}
	}
	for _, p := range params {
		b.WriteString(sep + queryEscape(p.Key) + "=" + queryEscape(p.Value))
		sep = "&"
	}
	if hasFragment {
		b.WriteString("#" + fragment)
	}
	return b.String()
}

// replaced reports whether the query parameter kv ("key=value") is named
// like one of params.
func replaced(kv string, params []Param) bool {
	key, _, _ := strings.Cut(kv, "=")
	if k, err := url.QueryUnescape(key); err == nil {
		key = k
	}
	for _, p := range params {
		if p.Key == key {
			return true
		}
	}
	return false
}

func queryEscape(s string) string {
	s = strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
	return strings.ReplaceAll(s, "%2C", ",")
}

// Redirect answers 303 See Other to base with params added to its query
// (see [AppendQuery]), with Cache-Control: no-store.
func Redirect(w http.ResponseWriter, r *http.Request, base string, params ...Param) {
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, AppendQuery(base, params...), http.StatusSeeOther)
}
