package stepup

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/httpcontract"
)

// validStepUpURL accepts a safe same-origin path or an absolute http(s) URL.
func validStepUpURL(s string) bool {
	if _, ok := httpcontract.ReturnPath(s); ok {
		return true
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= 0x20 || c >= 0x7f || c == '\\' || c == '#' {
			return false
		}
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil
}

// ReturnTo returns the validated return_to value of a step-up page request
// (from the query, or from a submitted form: it calls r.FormValue), and "/"
// when it is missing or unsafe by the rule of middleware.SafeReturnTo.
// Redirecting to it after a successful step-up cannot leave the site.
func ReturnTo(r *http.Request) string {
	if s, ok := httpcontract.ReturnPath(r.FormValue("return_to")); ok {
		return s
	}
	return "/"
}

// Challenge is what a step-up page needs to render, read from the query the
// middleware's redirect produced. It is untrusted input for display only:
// the protected route re-evaluates its policy when the user comes back.
type Challenge struct {
	// Factors are the factor types the user may complete (unknown or
	// repeated names are dropped).
	Factors []sessiongate.FactorType
	// MaxAge is the recency bound, zero when none or invalid.
	MaxAge time.Duration
	// ReturnTo is the validated return path, "/" by default.
	ReturnTo string
}

// ChallengeFromRequest parses the factors, max_age and return_to parameters
// of a step-up page request.
func ChallengeFromRequest(r *http.Request) Challenge {
	c := Challenge{ReturnTo: ReturnTo(r)}
	for _, name := range strings.Split(r.FormValue("factors"), ",") {
		t := sessiongate.FactorType(name)
		if t.Known() && !containsType(c.Factors, t) && len(c.Factors) < len(sessiongate.FactorTypes()) {
			c.Factors = append(c.Factors, t)
		}
	}
	if n, err := strconv.ParseInt(r.FormValue("max_age"), 10, 32); err == nil && n > 0 {
		c.MaxAge = time.Duration(n) * time.Second
	}
	return c
}

func containsType(ts []sessiongate.FactorType, t sessiongate.FactorType) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

// returnTarget picks the return path for a challenged request: the request
// itself for GET and HEAD, else the policy's return path, else the
// same-origin Referer, else "/".
func (p *Policy) returnTarget(r *http.Request) string {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		if s, ok := httpcontract.ReturnPath(httpcontract.RequestTarget(r)); ok {
			return s
		}
		return "/"
	}
	if p.returnPath != "" {
		return p.returnPath
	}
	if s, ok := refererPath(r); ok {
		return s
	}
	return "/"
}

// refererPath returns the path and query of a same-host Referer.
func refererPath(r *http.Request) (string, bool) {
	u, err := url.Parse(r.Referer())
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || !strings.EqualFold(u.Host, r.Host) {
		return "", false
	}
	target := u.EscapedPath()
	if target == "" {
		target = "/"
	}
	if u.RawQuery != "" {
		target += "?" + u.RawQuery
	}
	return httpcontract.ReturnPath(target)
}
