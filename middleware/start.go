package middleware

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/sessiongate/sessiongate"
)

// StartSession hands a session Stytch just started (or stepped up) to the
// client, after the app authenticated a factor with Stytch: any endpoint
// that answered session_token, session_jwt and session. s is that session
// and c its credentials (c.SessionID is taken from s).
//
// Browsers get the session cookies, bound to s in server-managed mode (see
// package cookie); a client that sent a Bearer header, or any client when
// the middleware has no cookies, gets the tokens in the [HeaderSessionJWT]
// and [HeaderSessionToken] response headers. The response carries
// Cache-Control: no-store. Call it before writing the response.
//
// Fixation defence: when the request arrived with the credentials of
// another session, that session is revoked at Stytch (through the
// Middleware's Revoker), so signing in never leaves an older session alive
// behind the new cookies. The same session arriving with a fresh JWT (a
// step-up adds a factor to it) is not revoked. A failed revocation does not
// stop the new session: the observer's [ReasonRevokeFailed] event reports
// it, with [Event.RevokePending] when the verifier retries it (the verifier
// package's does, and refuses the old session in this process meanwhile).
//
// It returns an error wrapping [sessiongate.ErrMalformedRequest] when s or
// c is unusable, and one wrapping [sessiongate.ErrMisconfigured] when the
// cookies cannot be sealed; nothing is written then.
func (m *Middleware) StartSession(w http.ResponseWriter, r *http.Request, s *sessiongate.Session, c sessiongate.Credentials) error {
	if s == nil || s.SessionID == "" || c.JWT == "" && c.Token == "" {
		return fmt.Errorf("%w: middleware: StartSession needs the session and its credentials", sessiongate.ErrMalformedRequest)
	}
	c.SessionID = s.SessionID
	old, src, _ := m.checkedCredentials(r)
	if err := m.handOver(w, r, src, s, c); err != nil {
		return err
	}
	m.endPrevious(r, old, c)
	return nil
}

// handOver writes c to the client: cookies, or headers for Bearer clients.
func (m *Middleware) handOver(w http.ResponseWriter, r *http.Request, src CredentialSource, s *sessiongate.Session, c sessiongate.Credentials) error {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	if src == CredentialHeader || m.cookies == nil {
		if c.JWT != "" {
			h.Set(HeaderSessionJWT, c.JWT)
		}
		if c.Token != "" {
			h.Set(HeaderSessionToken, c.Token)
		}
		return nil
	}
	m.vary(w, nil)
	cookies, _, err := m.cookies.SetCookies(r, c, s.ExpiresAt)
	if err != nil {
		return err
	}
	for _, ck := range cookies {
		h.Add("Set-Cookie", ck.String())
	}
	return nil
}

// endPrevious revokes the session old belongs to when it is not the one
// started, whose credentials are c.
func (m *Middleware) endPrevious(r *http.Request, old, c sessiongate.Credentials) {
	if old.Empty() || m.rev == nil || !m.otherSession(r, old, c) {
		return
	}
	start := m.start()
	err := m.rev.Revoke(r.Context(), old)
	if err == nil || errors.Is(err, sessiongate.ErrSessionNotFound) || errors.Is(err, sessiongate.ErrInvalidToken) {
		return
	}
	p := classify(err)
	m.observe(Event{Outcome: OutcomeFailed, Reason: ReasonRevokeFailed, Status: p.status,
		Latency: m.since(start), RevokePending: revokePending(err)})
}

// otherSession reports whether old names another session than the one
// started (c): by its binding, by its token (a session keeps its token
// for life), or by the session its JWT verifies as. A JWT that does not
// verify names no live session worth revoking.
func (m *Middleware) otherSession(r *http.Request, old, c sessiongate.Credentials) bool {
	switch {
	case old.SessionID != "":
		return old.SessionID != c.SessionID
	case old.Token != "":
		return old.Token != c.Token
	}
	v, err := m.v.Verify(r.Context(), sessiongate.Credentials{JWT: old.JWT}, sessiongate.Freshness{})
	return err == nil && v != nil && v.Session != nil && v.Session.SessionID != c.SessionID
}
