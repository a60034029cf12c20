package cookie

import (
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/sessiongate/sessiongate"
)

// WriteResult reports what [Store.Write] or [Store.SetCookies] did beyond
// the obvious.
type WriteResult struct {
	// JWTDropped is true when the JWT cookie would have exceeded
	// [MaxCookieLength]: it was not written and any stale JWT cookie is
	// cleared instead (see the package doc's size guard).
	JWTDropped bool
}

// Write sets the cookies for the non-empty credentials in c, expiring at
// expires (a zero expires makes browser-session cookies). In server-managed
// mode, a c.SessionID binds the token cookie to that session: the value
// carries the id, and the middleware refuses a JWT cookie of another
// session sent with it (a mixed pair), without asking Stytch. Pass the id
// of the session Stytch returned with the token. r is the request
// being answered: in frontend-managed mode its host decides the Secure
// attribute as the browser SDK does. The only error is a sealing failure,
// which wraps [sessiongate.ErrMisconfigured].
func (s *Store) Write(w http.ResponseWriter, r *http.Request, c sessiongate.Credentials, expires time.Time) (WriteResult, error) {
	cookies, res, err := s.SetCookies(r, c, expires)
	if err != nil {
		return res, err
	}
	for _, ck := range cookies {
		http.SetCookie(w, ck)
	}
	return res, nil
}

// SetCookies returns the cookies [Store.Write] would set, for callers that
// add them to a response themselves (the middleware writes them lazily).
func (s *Store) SetCookies(r *http.Request, c sessiongate.Credentials, expires time.Time) ([]*http.Cookie, WriteResult, error) {
	var (
		out []*http.Cookie
		res WriteResult
	)
	if c.Token != "" {
		ck, err := s.valueCookie(r, s.tokenName, s.bind(c), expires)
		if err != nil {
			return nil, res, err
		}
		out = append(out, ck)
	}
	if c.JWT != "" {
		ck, err := s.valueCookie(r, s.jwtName, c.JWT, expires)
		if err != nil {
			return nil, res, err
		}
		if len(ck.String()) > MaxCookieLength {
			ck, res.JWTDropped = s.clearCookie(r, s.jwtName), true
		}
		out = append(out, ck)
	}
	return out, res, nil
}

func (s *Store) valueCookie(r *http.Request, name, value string, expires time.Time) (*http.Cookie, error) {
	if s.codecs != nil {
		sealed, err := s.seal(name, value)
		if err != nil {
			return nil, wrapMisconfigured(err)
		}
		value = sealed
	}
	ck := s.base(r, name)
	ck.Value, ck.Expires = value, expires
	return ck, nil
}

// Clear expires both session cookies with the same attributes [Store.Write]
// uses, so browsers really remove them.
func (s *Store) Clear(w http.ResponseWriter, r *http.Request) {
	for _, ck := range s.ClearCookies(r) {
		http.SetCookie(w, ck)
	}
}

// ClearCookies returns the cookies [Store.Clear] would set.
func (s *Store) ClearCookies(r *http.Request) []*http.Cookie {
	return []*http.Cookie{s.clearCookie(r, s.tokenName), s.clearCookie(r, s.jwtName)}
}

func (s *Store) clearCookie(r *http.Request, name string) *http.Cookie {
	ck := s.base(r, name)
	ck.MaxAge, ck.Expires = -1, time.Unix(0, 0).UTC()
	return ck
}

// base returns a cookie with the mode's attributes and no value or expiry.
func (s *Store) base(r *http.Request, name string) *http.Cookie {
	return &http.Cookie{
		Name:     name,
		Path:     "/",
		Domain:   s.o.domain,
		Secure:   s.secure(r),
		HttpOnly: s.o.serverManaged,
		SameSite: http.SameSiteLaxMode,
	}
}

// secure reports whether cookies written in answer to r carry Secure: always
// unless WithInsecure; in frontend-managed mode not on localhost either, as
// the browser SDK does.
func (s *Store) secure(r *http.Request) bool {
	if s.o.insecure {
		return false
	}
	return s.o.serverManaged || r == nil || !isLocalhost(r.Host)
}

func isLocalhost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") || host == "::1" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.To4() != nil && ip.To4()[0] == 127
}
