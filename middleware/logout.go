package middleware

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/httpcontract"
)

type logoutBody struct {
	Error       string `json:"error,omitempty"`
	Description string `json:"error_description,omitempty"`
	Revoked     bool   `json:"revoked"`
	Cleared     bool   `json:"cleared"`
}

// Logout is a handler (mount it on POST) that ends the request's session:
// it revokes it at Stytch with the [Revoker] and clears the session
// cookies. It is idempotent: without credentials, or when Stytch says the
// session is already gone, it still answers 200. The JSON body reports
// {"revoked": whether Stytch no longer accepts the session because of this
// call or before it, "cleared": whether cookies were cleared}. When Stytch
// cannot be reached the cookies are still cleared and the answer is 503 with
// Retry-After and "revoked": false, so the client knows the session may
// still be alive at Stytch; the verifier package's hybrid Verifier refuses
// it in this process all the same and retries the revoke in the background
// ([Event.RevokePending]). Cookie-authenticated cross-origin requests are refused
// (403) and change nothing. With [WithLogoutRedirect], browser navigations
// get a 303 to that URL instead of JSON, and [WithClearSiteData] adds a
// Clear-Site-Data header.
func (m *Middleware) Logout(w http.ResponseWriter, r *http.Request) {
	start := m.start()
	m.vary(w, nil)
	w.Header().Set("Cache-Control", "no-store")
	creds, src, err := m.checkedCredentials(r)
	if src == CredentialCookie && m.cop != nil && m.cop.Check(r) != nil {
		m.observe(Event{Outcome: OutcomeDenied, Reason: ReasonCrossOrigin, Credential: src, Status: http.StatusForbidden, Latency: m.since(start)})
		m.onError(w, r, ErrCrossOrigin)
		return
	}
	body := logoutBody{Cleared: m.cookies != nil}
	if body.Cleared {
		m.cookies.Clear(w, r)
	}
	if m.clearSiteData != "" {
		w.Header().Set("Clear-Site-Data", m.clearSiteData)
	}
	var rerr error
	if err == nil && m.rev != nil {
		rerr = m.rev.Revoke(r.Context(), creds)
		body.Revoked = rerr == nil || revokedAnyway(rerr)
	}
	e := Event{Outcome: OutcomeLoggedOut, Reason: ReasonOK, Credential: src, Status: http.StatusOK,
		Latency: m.since(start), CookiesCleared: body.Cleared}
	status := http.StatusOK
	if rerr != nil && !body.Revoked {
		p := classify(rerr)
		status, body.Error, body.Description = p.status, p.code, "the session could not be revoked; cookies were cleared"
		if status == http.StatusServiceUnavailable {
			w.Header().Set("Retry-After", m.retryAfter(rerr))
		}
		e.Reason, e.Status, e.RevokePending = ReasonRevokeFailed, status, revokePending(rerr)
	}
	m.observe(e)
	m.writeLogout(w, r, status, body)
}

// revokePending reports whether the Revoker keeps a failed revoke to retry
// it (see [Revoker]).
func revokePending(err error) bool {
	var p interface{ RevokePending() bool }
	return errors.As(err, &p) && p.RevokePending()
}

// revokedAnyway reports errors meaning no live session is left to revoke.
func revokedAnyway(err error) bool {
	return !errors.Is(err, sessiongate.ErrUnavailable) &&
		(errors.Is(err, sessiongate.ErrSessionNotFound) || errors.Is(err, sessiongate.ErrInvalidToken))
}

func (m *Middleware) writeLogout(w http.ResponseWriter, r *http.Request, status int, body logoutBody) {
	if m.o.logoutRedirect != "" && isNavigation(r) {
		http.Redirect(w, r, m.o.logoutRedirect, http.StatusSeeOther)
		return
	}
	httpcontract.WriteJSON(w, r, status, body)
}

type sessionBody struct {
	Session *sessiongate.Session `json:"session"`
}

// writeSession answers the hydration endpoint, through the contract's
// JSON writer (a session that cannot be encoded, such as a custom claim
// no JSON can hold, is a 500 server_error without detail).
func writeSession(w http.ResponseWriter, r *http.Request) {
	s, _ := sessiongate.FromContext(r.Context())
	httpcontract.WriteJSON(w, r, http.StatusOK, sessionBody{Session: s})
}

// clearSiteDataTypes are the types of the Clear-Site-Data header
// (W3C Clear Site Data, and Chromium's additions).
var clearSiteDataTypes = []string{"cache", "cookies", "storage", "executionContexts", "clientHints", "prefetchCache", "prerenderCache", "*"}

// clearSiteDataHeader validates types and returns the header value,
// "" for none.
func clearSiteDataHeader(types []string) (string, error) {
	quoted := make([]string, 0, len(types))
	for _, t := range types {
		if !slices.Contains(clearSiteDataTypes, t) {
			return "", fmt.Errorf("middleware: unknown Clear-Site-Data type %q", t)
		}
		quoted = append(quoted, `"`+t+`"`)
	}
	return strings.Join(quoted, ", "), nil
}
