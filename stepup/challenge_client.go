package stepup

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/sessiongate/sessiongate"
)

// ChallengeFromResponse reads the RFC 9470 step-up challenge of a response,
// for Go clients of a protected API and for tests: a 401 whose
// WWW-Authenticate header has a Bearer challenge with
// error="insufficient_user_authentication". Factors come from acr_values
// entries written "stytch:<type>" (others are ignored), MaxAge from
// max_age; ReturnTo stays empty. ok is false for any other response, and
// for a header that does not parse. It never panics.
func ChallengeFromResponse(resp *http.Response) (c Challenge, ok bool) {
	if resp == nil || resp.StatusCode != http.StatusUnauthorized {
		return c, false
	}
	for _, h := range resp.Header.Values("WWW-Authenticate") {
		params, ok := bearerParams(h)
		if !ok || params["error"] != "insufficient_user_authentication" {
			continue
		}
		for _, acr := range strings.Fields(params["acr_values"]) {
			t := sessiongate.FactorType(strings.TrimPrefix(acr, ACRPrefix))
			if strings.HasPrefix(acr, ACRPrefix) && t.Known() && !containsType(c.Factors, t) {
				c.Factors = append(c.Factors, t)
			}
		}
		if n, err := strconv.ParseInt(params["max_age"], 10, 32); err == nil && n > 0 {
			c.MaxAge = time.Duration(n) * time.Second
		}
		return c, true
	}
	return c, false
}

// bearerParams parses a WWW-Authenticate value holding one Bearer challenge
// (RFC 9110 §11.6.1): auth-params name=token or name="quoted string",
// comma-separated. Names are lower-cased; a name given twice fails.
func bearerParams(h string) (map[string]string, bool) {
	scheme, rest, _ := strings.Cut(strings.TrimLeft(h, " \t"), " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return nil, false
	}
	params := map[string]string{}
	for {
		rest = strings.TrimLeft(rest, " \t,")
		if rest == "" {
			return params, true
		}
		name, value, tail, ok := authParam(rest)
		if _, dup := params[name]; !ok || dup {
			return nil, false
		}
		params[name], rest = value, tail
	}
}

// authParam reads one name=value pair from the start of s and returns what
// follows it (a comma, or the end).
func authParam(s string) (name, value, rest string, ok bool) {
	eq := strings.IndexByte(s, '=')
	if eq <= 0 {
		return "", "", "", false
	}
	name, s = strings.ToLower(strings.TrimRight(s[:eq], " \t")), strings.TrimLeft(s[eq+1:], " \t")
	if strings.ContainsAny(name, " \t,\"") {
		return "", "", "", false
	}
	if strings.HasPrefix(s, `"`) {
		value, rest, ok = quoted(s[1:])
	} else {
		end := strings.IndexByte(s, ',')
		if end < 0 {
			end = len(s)
		}
		value, rest, ok = strings.TrimRight(s[:end], " \t"), s[end:], end > 0
	}
	if !ok {
		return "", "", "", false
	}
	rest = strings.TrimLeft(rest, " \t")
	return name, value, rest, rest == "" || rest[0] == ','
}

// quoted reads a quoted-string body up to its closing quote, undoing
// backslash escapes.
func quoted(s string) (value, rest string, ok bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			return b.String(), s[i+1:], true
		case c == '\\' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
		default:
			b.WriteByte(c)
		}
	}
	return "", "", false
}
