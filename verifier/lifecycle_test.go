package verifier

import (
	"errors"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/stytchtest"
)

// stored returns the emulator's view of the env's session.
func (e *env) stored(id string) sessiongate.Session {
	e.t.Helper()
	s, ok := e.srv.Session(id)
	if !ok {
		e.t.Fatalf("session %s not stored", id)
	}
	return s
}

// With WithSessionDuration, a call the verifier makes anyway extends the
// session; without it the expiry stays.
func TestSlidingExpiry(t *testing.T) {
	for name, tc := range map[string]struct {
		opts []Option
		want time.Time
	}{
		"on":  {[]Option{WithSessionDuration(3 * time.Hour)}, epoch.Add(3 * time.Hour)},
		"off": {nil, epoch.Add(stytchtest.DefaultSessionDuration)},
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			v, err := e.remote(tc.opts...).Verify(t.Context(), tokenCred(e.tokens.SessionToken), anyAge)
			wantErr(t, err, nil)
			if !v.Session.ExpiresAt.Equal(tc.want) || !e.stored(v.Session.SessionID).ExpiresAt.Equal(tc.want) {
				t.Errorf("expires_at = %v (stored %v), want %v", v.Session.ExpiresAt, e.stored(v.Session.SessionID).ExpiresAt, tc.want)
			}
		})
	}
	t.Run("local path does not call", func(t *testing.T) {
		e := newEnv(t)
		v, err := e.hybrid(WithSessionDuration(3*time.Hour)).Verify(t.Context(), jwtCred(e.tokens.SessionJWT), anyAge)
		wantErr(t, err, nil)
		if v.Source != sessiongate.SourceLocal || e.srv.Requests(stytchtest.EndpointAuthenticate) != 0 {
			t.Errorf("source %s, %d authenticate calls; want local and none", v.Source, e.srv.Requests(stytchtest.EndpointAuthenticate))
		}
	})
	t.Run("bounds", func(t *testing.T) {
		for _, d := range []time.Duration{time.Minute, 367 * 24 * time.Hour, -time.Hour} {
			if _, err := NewRemote("project-test-x", "s", WithSessionDuration(d)); err == nil {
				t.Errorf("WithSessionDuration(%v) accepted", d)
			}
		}
		if _, err := NewLocal(t.Context(), "project-test-x", WithSessionDuration(time.Hour)); err == nil {
			t.Error("NewLocal accepted WithSessionDuration")
		}
	})
}

func TestExtend(t *testing.T) {
	e := newEnv(t)
	c := tokenCred(e.tokens.SessionToken)
	v, err := e.hybrid().Extend(t.Context(), c, 2*time.Hour)
	wantErr(t, err, nil)
	want := epoch.Add(2 * time.Hour)
	if !v.Session.ExpiresAt.Equal(want) || !e.stored(v.Session.SessionID).ExpiresAt.Equal(want) || v.JWT == "" {
		t.Errorf("expires_at = %v, JWT %t; want %v and a fresh JWT", v.Session.ExpiresAt, v.JWT != "", want)
	}
	t.Run("configured duration", func(t *testing.T) {
		v, err := e.remote(WithSessionDuration(5*time.Hour)).Extend(t.Context(), c, 0)
		wantErr(t, err, nil)
		if !v.Session.ExpiresAt.Equal(epoch.Add(5 * time.Hour)) {
			t.Errorf("expires_at = %v, want +5h", v.Session.ExpiresAt)
		}
	})
	t.Run("refused before any call", func(t *testing.T) {
		before := e.srv.Requests(stytchtest.EndpointAuthenticate)
		for _, d := range []time.Duration{0, time.Minute, 400 * 24 * time.Hour} {
			_, err := e.remote().Extend(t.Context(), c, d)
			wantErr(t, err, sessiongate.ErrMalformedRequest)
		}
		if n := e.srv.Requests(stytchtest.EndpointAuthenticate); n != before {
			t.Errorf("%d calls made, want none", n-before)
		}
	})
}

func TestUpdateClaims(t *testing.T) {
	e := newEnv(t)
	h := e.hybrid()
	v, err := h.UpdateClaims(t.Context(), tokenCred(e.tokens.SessionToken), map[string]any{"theme": "dark", "n": 1})
	wantErr(t, err, nil)
	if v.Session.CustomClaims["theme"] != "dark" {
		t.Errorf("session claims = %v, want theme=dark", v.Session.CustomClaims)
	}
	if got := decodePart(t, v.JWT, 1)["theme"]; got != "dark" {
		t.Errorf("fresh JWT's theme = %v, want dark", got)
	}
	lv, err := h.Verify(t.Context(), jwtCred(v.JWT), anyAge)
	wantErr(t, err, nil)
	if lv.Source == sessiongate.SourceRemote || lv.Session.CustomClaims["theme"] != "dark" {
		t.Errorf("local verification of the fresh JWT: %s %v", lv.Source, lv.Session.CustomClaims)
	}
	v, err = h.UpdateClaims(t.Context(), jwtCred(v.JWT), map[string]any{"theme": nil})
	wantErr(t, err, nil)
	if _, ok := v.Session.CustomClaims["theme"]; ok || v.Session.CustomClaims["n"] != float64(1) {
		t.Errorf("after deletion claims = %v, want only n", v.Session.CustomClaims)
	}
	if _, ok := decodePart(t, v.JWT, 1)["theme"]; ok {
		t.Error("deleted claim still in the fresh JWT")
	}
	t.Run("reserved refused before any call", func(t *testing.T) {
		before := e.srv.Requests(stytchtest.EndpointAuthenticate)
		for _, name := range []string{"iss", "sub", "aud", "exp", "nbf", "iat", "jti", "https://stytch.com/session", "https://stytch.com/x"} {
			_, err := h.UpdateClaims(t.Context(), tokenCred(e.tokens.SessionToken), map[string]any{"ok": 1, name: "x"})
			var re *sessiongate.ReservedClaimError
			if !errors.As(err, &re) || re.Name != name || !errors.Is(err, sessiongate.ErrMalformedRequest) {
				t.Errorf("%s: error = %v, want a ReservedClaimError wrapping ErrMalformedRequest", name, err)
			}
		}
		_, err := h.UpdateClaims(t.Context(), tokenCred(e.tokens.SessionToken), map[string]any{"big": string(make([]byte, 5000))})
		wantErr(t, err, sessiongate.ErrMalformedRequest)
		if n := e.srv.Requests(stytchtest.EndpointAuthenticate); n != before {
			t.Errorf("%d calls made, want none", n-before)
		}
	})
}

func TestUser(t *testing.T) {
	e := newEnv(t)
	h := e.hybrid()
	v, err := h.Verify(t.Context(), tokenCred(e.tokens.SessionToken), anyAge)
	wantErr(t, err, nil)
	if v.User == nil || v.User.UserID != e.userID || len(v.User.Emails) != 1 || v.User.Emails[0].Email != "ada@example.com" {
		t.Fatalf("remote path user = %+v, want ada's", v.User)
	}
	lv, err := h.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), anyAge)
	wantErr(t, err, nil)
	if lv.Source == sessiongate.SourceRemote || lv.User != nil {
		t.Errorf("local path: source %s, user %v; want local or cache and no user", lv.Source, lv.User)
	}
	u, err := h.User(t.Context(), e.userID)
	wantErr(t, err, nil)
	if u.UserID != e.userID || u.Emails[0].Email != "ada@example.com" || u.CreatedAt.IsZero() {
		t.Errorf("fetched user = %+v", u)
	}
	if _, err := h.User(t.Context(), "user-test-unknown"); err == nil {
		t.Error("unknown user fetched")
	}
	_, err = h.User(t.Context(), "../sessions")
	wantErr(t, err, sessiongate.ErrMalformedRequest)
}

func sessionIDs(list []sessiongate.Session) []string {
	ids := make([]string, len(list))
	for i, s := range list {
		ids[i] = s.SessionID
	}
	slices.Sort(ids)
	return ids
}

func TestSessionsAndRevokeSession(t *testing.T) {
	e := newEnv(t)
	second := e.session(stytchtest.SessionSpec{})
	gone := e.session(stytchtest.SessionSpec{})
	if err := e.srv.Revoke(gone.Session.SessionID); err != nil {
		t.Fatal(err)
	}
	other, err := e.srv.CreateUser("bob@example.com", "another long password 77")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.srv.CreateSession(other, stytchtest.SessionSpec{}); err != nil {
		t.Fatal(err)
	}
	h := e.hybrid()
	list, err := h.Sessions(t.Context(), e.userID)
	wantErr(t, err, nil)
	want := []string{e.tokens.Session.SessionID, second.Session.SessionID}
	slices.Sort(want)
	if got := sessionIDs(list); !slices.Equal(got, want) {
		t.Errorf("Sessions = %v, want %v", got, want)
	}
	// The second device's JWT verifies locally until it is revoked here.
	if _, err := h.Verify(t.Context(), jwtCred(second.SessionJWT), anyAge); err != nil {
		t.Fatal(err)
	}
	wantErr(t, h.RevokeSession(t.Context(), second.Session.SessionID), nil)
	list, err = h.Sessions(t.Context(), e.userID)
	wantErr(t, err, nil)
	if got := sessionIDs(list); !slices.Equal(got, []string{e.tokens.Session.SessionID}) {
		t.Errorf("after revoke Sessions = %v", got)
	}
	_, err = h.Verify(t.Context(), jwtCred(second.SessionJWT), anyAge)
	wantErr(t, err, sessiongate.ErrSessionNotFound)
	wantErr(t, h.RevokeSession(t.Context(), second.Session.SessionID), sessiongate.ErrSessionNotFound)
	wantErr(t, h.RevokeSession(t.Context(), "not-a-session"), sessiongate.ErrMalformedRequest)
	_, err = h.Sessions(t.Context(), "user?x=1")
	wantErr(t, err, sessiongate.ErrMalformedRequest)
}

// Stytch failing during a lifecycle call is ErrUnavailable with its
// Retry-After, whatever the endpoint.
func TestLifecycleFaults(t *testing.T) {
	calls := map[string]func(e *env, r *Remote) error{
		"extend": func(e *env, r *Remote) error {
			_, err := r.Extend(e.t.Context(), tokenCred(e.tokens.SessionToken), time.Hour)
			return err
		},
		"claims": func(e *env, r *Remote) error {
			_, err := r.UpdateClaims(e.t.Context(), tokenCred(e.tokens.SessionToken), map[string]any{"a": 1})
			return err
		},
		"sessions": func(e *env, r *Remote) error { _, err := r.Sessions(e.t.Context(), e.userID); return err },
		"user":     func(e *env, r *Remote) error { _, err := r.User(e.t.Context(), e.userID); return err },
		"revoke":   func(e *env, r *Remote) error { return r.RevokeSession(e.t.Context(), e.tokens.Session.SessionID) },
	}
	endpoints := map[string]stytchtest.Endpoint{"extend": stytchtest.EndpointAuthenticate, "claims": stytchtest.EndpointAuthenticate,
		"sessions": stytchtest.EndpointSessions, "user": stytchtest.EndpointUserGet, "revoke": stytchtest.EndpointRevoke}
	for _, name := range slices.Sorted(maps.Keys(calls)) {
		for _, f := range []stytchtest.Fault{{Status: 503}, {Status: 429, RetryAfter: 7 * time.Second}, {Latency: time.Second}} {
			e := newEnv(t)
			e.srv.InjectFault(endpoints[name], f)
			err := calls[name](e, e.remote(WithTimeout(100*time.Millisecond), WithRetries(0)))
			wantErr(t, err, sessiongate.ErrUnavailable)
			if sessiongate.RetryAfter(err) != f.RetryAfter {
				t.Errorf("%s %+v: RetryAfter = %v, want %v", name, f, sessiongate.RetryAfter(err), f.RetryAfter)
			}
			if s := e.stored(e.tokens.Session.SessionID); !s.ExpiresAt.Equal(e.tokens.Session.ExpiresAt) || len(s.CustomClaims) != 0 {
				t.Errorf("%s %+v: the session changed: %v %v", name, f, s.ExpiresAt, s.CustomClaims)
			}
		}
	}
}

// A session logged out through the verifier while Stytch was down is not
// extended or changed: the revoke is pending, and nothing is asked.
func TestChangeAfterPendingRevoke(t *testing.T) {
	e := newEnv(t)
	h := e.hybrid(WithRetries(0))
	c := sessiongate.Credentials{JWT: e.tokens.SessionJWT, Token: e.tokens.SessionToken}
	e.srv.InjectFault(stytchtest.EndpointRevoke, stytchtest.Fault{Status: 503, Times: 1})
	wantErr(t, h.Revoke(t.Context(), c), sessiongate.ErrUnavailable)
	before := e.srv.Requests(stytchtest.EndpointAuthenticate)
	_, err := h.Extend(t.Context(), c, time.Hour)
	wantErr(t, err, sessiongate.ErrSessionNotFound)
	_, err = h.UpdateClaims(t.Context(), c, map[string]any{"a": 1})
	wantErr(t, err, sessiongate.ErrSessionNotFound)
	if n := e.srv.Requests(stytchtest.EndpointAuthenticate); n != before {
		t.Errorf("%d authenticate calls for a logged-out session, want none", n-before)
	}
}
