package httpcontract

import (
	"net/http"
	"strconv"
	"strings"
)

// IsNavigation reports whether r is a browser page navigation, which may be
// answered with a redirect, rather than an API call, which gets a status
// and a JSON body. The rule, in order:
//
//  1. a request with an Authorization: Bearer header is an API call, even
//     with a bad token and even with Sec-Fetch-Mode: navigate (browsers
//     never attach one on their own);
//  2. otherwise Sec-Fetch-Mode decides when present: "navigate" is a
//     navigation, anything else is not;
//  3. otherwise the request is a navigation only when its Accept header
//     gives text/html or application/xhtml+xml a strictly higher quality
//     than application/json (q-values and wildcards honoured).
//
// It reads headers only and runs on failure paths only.
func IsNavigation(r *http.Request) bool {
	if HasBearer(r.Header["Authorization"]) {
		return false
	}
	if mode := r.Header.Get("Sec-Fetch-Mode"); mode != "" {
		return mode == "navigate"
	}
	accept := r.Header["Accept"]
	html := max(acceptQ(accept, "text/html"), acceptQ(accept, "application/xhtml+xml"))
	return html > acceptQ(accept, "application/json")
}

// HasBearer reports whether one of the Authorization header values uses the
// Bearer scheme (case-insensitive, with or without a value), the same test
// the middleware uses to find a Bearer credential.
func HasBearer(values []string) bool {
	for _, v := range values {
		if len(v) >= 6 && strings.EqualFold(v[:6], "bearer") && (len(v) == 6 || v[6] == ' ' || v[6] == '\t') {
			return true
		}
	}
	return false
}

// acceptQ returns the quality the Accept header values give media type mt
// ("type/subtype"), counting "type/*" and "*/*" when mt is not named; 0 when
// it is not acceptable or the header is absent.
func acceptQ(values []string, mt string) float64 {
	best, bestSpec := 0.0, -1
	major, _, _ := strings.Cut(mt, "/")
	for _, v := range values {
		for v != "" {
			var part string
			part, v, _ = strings.Cut(v, ",")
			name, params, _ := strings.Cut(part, ";")
			spec := specificity(strings.TrimSpace(name), mt, major)
			if spec > bestSpec {
				best, bestSpec = quality(params), spec
			}
		}
	}
	return best
}

// specificity ranks how closely media range name matches mt: 2 exactly,
// 1 as "major/*", 0 as "*/*", -1 not at all.
func specificity(name, mt, major string) int {
	switch {
	case strings.EqualFold(name, mt):
		return 2
	case len(name) == len(major)+2 && strings.EqualFold(name[:len(major)], major) && name[len(major):] == "/*":
		return 1
	case name == "*/*":
		return 0
	}
	return -1
}

// quality parses the q parameter of a media range: 1 when absent, 0 when
// malformed.
func quality(params string) float64 {
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
			if q, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && q >= 0 && q <= 1 {
				return q
			}
			return 0
		}
	}
	return 1
}
