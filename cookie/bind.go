package cookie

import (
	"strings"

	"github.com/sessiongate/sessiongate"
)

// bindSep separates a server-managed token cookie's token from the id of
// the session it was written for. Neither Stytch's tokens nor its ids
// contain it.
const bindSep = "."

// bind returns the token cookie's value for c: in server-managed mode, when
// c names its session, the token followed by bindSep and the session id, so
// that a later read can tell whether the JWT cookie sent with it belongs to
// the same session without asking Stytch; otherwise the token alone (the
// browser SDK owns the format of frontend-managed cookies).
func (s *Store) bind(c sessiongate.Credentials) string {
	if !s.o.serverManaged || c.SessionID == "" {
		return c.Token
	}
	return c.Token + bindSep + c.SessionID
}

// unbind splits a server-managed token cookie's value into the token and
// the session it is bound to ("" for a value written unbound).
func (s *Store) unbind(c *sessiongate.Credentials) {
	if !s.o.serverManaged {
		return
	}
	if tok, sid, ok := strings.Cut(c.Token, bindSep); ok {
		c.Token, c.SessionID = tok, sid
	}
}
