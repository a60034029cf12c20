package verifier

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/stytchtest"
)

func bothCred(t stytchtest.Tokens) sessiongate.Credentials {
	return sessiongate.Credentials{JWT: t.SessionJWT, Token: t.SessionToken}
}

func TestHybridLocalFirst(t *testing.T) {
	e := newEnv(t)
	v := e.hybrid()
	got, err := v.Verify(t.Context(), bothCred(e.tokens), anyAge)
	wantErr(t, err, nil)
	if got.Source != sessiongate.SourceLocal {
		t.Errorf("Source = %q, want local", got.Source)
	}
	if n := e.srv.Requests(stytchtest.EndpointAuthenticate); n != 0 {
		t.Errorf("upstream calls = %d, want 0", n)
	}
}

// TestHybridExpiredJWTReturnsFreshJWT: an expired JWT on a live session is
// settled remotely and the fresh JWT is handed back.
func TestHybridExpiredJWTReturnsFreshJWT(t *testing.T) {
	for name, cred := range map[string]func(stytchtest.Tokens) sessiongate.Credentials{
		"jwt only":  func(t stytchtest.Tokens) sessiongate.Credentials { return jwtCred(t.SessionJWT) },
		"jwt+token": bothCred,
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			v := e.hybrid()
			e.srv.Advance(6 * time.Minute)
			got, err := v.Verify(t.Context(), cred(e.tokens), anyAge)
			wantErr(t, err, nil)
			if got.Source != sessiongate.SourceRemote || got.JWT == "" || got.JWT == e.tokens.SessionJWT {
				t.Fatalf("Source = %q, fresh JWT set = %v; want remote with a new JWT", got.Source, got.JWT != "")
			}
			if got.Session.SessionID != e.tokens.Session.SessionID {
				t.Errorf("session = %q, want %q", got.Session.SessionID, e.tokens.Session.SessionID)
			}
			again, err := v.Verify(t.Context(), jwtCred(got.JWT), anyAge)
			wantErr(t, err, nil)
			if again.Source != sessiongate.SourceCache {
				t.Errorf("fresh JWT Source = %q, want cache (verified when it arrived)", again.Source)
			}
		})
	}
}

func TestHybridFreshness(t *testing.T) {
	e := newEnv(t)
	v := e.hybrid()
	calls := func() int { return e.srv.Requests(stytchtest.EndpointAuthenticate) }
	got, err := v.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), sessiongate.ConfirmWithServer())
	wantErr(t, err, nil)
	if got.Source != sessiongate.SourceRemote || calls() != 1 {
		t.Errorf("ConfirmWithServer: Source = %q, calls = %d; want remote, 1", got.Source, calls())
	}
	e.srv.Advance(2 * time.Minute)
	got, err = v.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), sessiongate.MaxTokenAge(time.Minute))
	wantErr(t, err, nil)
	if got.Source != sessiongate.SourceRemote || calls() != 2 {
		t.Errorf("too old: Source = %q, calls = %d; want remote, 2", got.Source, calls())
	}
	got, err = v.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), sessiongate.MaxTokenAge(3*time.Minute))
	wantErr(t, err, nil)
	if got.Source == sessiongate.SourceRemote {
		t.Errorf("young enough: Source = remote, want local or cache")
	}
	t.Run("freshness applies on a cache hit", func(t *testing.T) {
		_, err := v.local.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), sessiongate.MaxTokenAge(time.Minute))
		wantErr(t, err, sessiongate.ErrTooOld)
	})
	t.Run("default max age zero confirms every request", func(t *testing.T) {
		v := e.hybrid(WithMaxTokenAge(0))
		before := calls()
		got, err := v.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), anyAge)
		wantErr(t, err, nil)
		if got.Source != sessiongate.SourceRemote || calls() != before+1 {
			t.Errorf("Source = %q, want remote", got.Source)
		}
	})
}

// TestHybridInvalidJWTNotPaperedOver: a forged JWT is rejected even with a
// valid session token beside it, and Stytch is not asked.
func TestHybridInvalidJWTNotPaperedOver(t *testing.T) {
	e := newEnv(t)
	v := e.hybrid()
	forged := e.resign(func(_, c map[string]any) { c["aud"] = "project-test-other" })
	_, err := v.Verify(t.Context(), sessiongate.Credentials{JWT: forged, Token: e.tokens.SessionToken}, anyAge)
	wantErr(t, err, sessiongate.ErrInvalidToken)
	if n := e.srv.Requests(stytchtest.EndpointAuthenticate); n != 0 {
		t.Errorf("upstream calls = %d, want 0", n)
	}
}

func TestHybridTokenOnlyAndJWKSDown(t *testing.T) {
	e := newEnv(t)
	got, err := e.hybrid().Verify(t.Context(), tokenCred(e.tokens.SessionToken), anyAge)
	wantErr(t, err, nil)
	if got.Source != sessiongate.SourceRemote || got.JWT == "" {
		t.Errorf("token only: Source = %q, JWT set = %v; want remote with a JWT", got.Source, got.JWT != "")
	}
	e.srv.InjectFault(stytchtest.EndpointJWKS, stytchtest.Fault{Status: 503})
	v, err := New(t.Context(), e.srv.ProjectID(), e.srv.Secret(), e.opts()...)
	wantErr(t, err, nil)
	got, err = v.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), anyAge)
	wantErr(t, err, nil)
	if got.Source != sessiongate.SourceRemote {
		t.Errorf("JWKS down: Source = %q, want remote", got.Source)
	}
	e.srv.InjectFault(stytchtest.EndpointAuthenticate, stytchtest.Fault{Status: 503})
	_, err = v.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), anyAge)
	wantErr(t, err, sessiongate.ErrUnavailable)
}

func TestHybridRevoke(t *testing.T) {
	e := newEnv(t)
	v := e.hybrid()
	_, err := v.Verify(t.Context(), bothCred(e.tokens), anyAge)
	wantErr(t, err, nil)
	wantErr(t, v.Revoke(t.Context(), bothCred(e.tokens)), nil)
	_, err = v.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), anyAge)
	wantErr(t, err, sessiongate.ErrSessionNotFound)
	wantErr(t, v.Revoke(t.Context(), bothCred(e.tokens)), sessiongate.ErrSessionNotFound)
}

// TestParityLocalRemote: for the same session, local and remote verification
// reach the same decision and the same session facts.
func TestParityLocalRemote(t *testing.T) {
	type outcome struct {
		ok      bool
		err     error
		session string
	}
	decide := func(v *sessiongate.Verification, err error) outcome {
		if err != nil {
			if isErr(err, sessiongate.ErrExpired) {
				err = sessiongate.ErrSessionNotFound // local "expired" is remote "gone" once the session is
			}
			for _, s := range sentinels {
				if isErr(err, s) {
					return outcome{err: s}
				}
			}
		}
		return outcome{ok: true, session: v.Session.SessionID}
	}
	cases := map[string]func(e *env){
		"live":                     func(*env) {},
		"revoked after JWT expiry": func(e *env) { e.srv.Advance(6 * time.Minute); _ = e.srv.Revoke(e.tokens.Session.SessionID) },
		"session expired":          func(e *env) { e.srv.Advance(stytchtest.DefaultSessionDuration + time.Minute) },
	}
	for name, setup := range cases {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			l, r, h := e.local(), e.remote(), e.hybrid()
			setup(e)
			lv, lerr := l.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), anyAge)
			rv, rerr := r.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), anyAge)
			hv, herr := h.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), anyAge)
			lo, ro, ho := decide(lv, lerr), decide(rv, rerr), decide(hv, herr)
			if lo != ro || ho != ro {
				t.Fatalf("local %+v, remote %+v, hybrid %+v; want the same decision", lo, ro, ho)
			}
			if lo.ok {
				assertSameSession(t, lv.Session, rv.Session)
			}
		})
	}
}

func assertSameSession(t *testing.T, local, remote *sessiongate.Session) {
	t.Helper()
	if local.SessionID != remote.SessionID || local.UserID != remote.UserID {
		t.Errorf("ids: local %s/%s, remote %s/%s", local.SessionID, local.UserID, remote.SessionID, remote.UserID)
	}
	if !local.ExpiresAt.Equal(remote.ExpiresAt.Truncate(time.Second)) || !local.StartedAt.Equal(remote.StartedAt.Truncate(time.Second)) {
		t.Errorf("times: local %v %v, remote %v %v", local.StartedAt, local.ExpiresAt, remote.StartedAt, remote.ExpiresAt)
	}
	if len(local.AuthenticationFactors) != len(remote.AuthenticationFactors) {
		t.Fatalf("factors: local %d, remote %d", len(local.AuthenticationFactors), len(remote.AuthenticationFactors))
	}
	for i, lf := range local.AuthenticationFactors {
		rf := remote.AuthenticationFactors[i]
		if lf.Type != rf.Type || lf.DeliveryMethod != rf.DeliveryMethod || !lf.LastAuthenticatedAt.Equal(rf.LastAuthenticatedAt.Truncate(time.Second)) {
			t.Errorf("factor %d: local %+v, remote %+v", i, lf, rf)
		}
	}
	if !reflect.DeepEqual(local.Roles, remote.Roles) {
		t.Errorf("roles: local %v, remote %v", local.Roles, remote.Roles)
	}
}

// TestHybridMixedSessionsRejected: an expired JWT of one session with the
// token of another is refused, not silently resolved to the token's session.
func TestHybridMixedSessionsRejected(t *testing.T) {
	e := newEnv(t)
	other := e.session(stytchtest.SessionSpec{})
	v := e.hybrid()
	e.srv.Advance(6 * time.Minute)
	_, err := v.Verify(t.Context(), sessiongate.Credentials{JWT: e.tokens.SessionJWT, Token: other.SessionToken}, anyAge)
	wantErr(t, err, sessiongate.ErrInvalidToken)
}

// TestRemoteRejectsImpossibleCredentials: garbage never reaches Stytch.
func TestRemoteRejectsImpossibleCredentials(t *testing.T) {
	e := newEnv(t)
	r := e.remote()
	for name, c := range map[string]sessiongate.Credentials{
		"token with spaces": tokenCred("abc def"),
		"token with quote":  tokenCred(`abc"`),
		"token too long":    tokenCred(strings.Repeat("a", maxOpaqueTokenLength+1)),
		"jwt not compact":   jwtCred(`{"payload":"x"}`),
		"jwt four segments": jwtCred("a.b.c.d"),
		"token unicode":     tokenCred("tökén"),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := r.Verify(t.Context(), c, anyAge)
			wantErr(t, err, sessiongate.ErrInvalidToken)
			wantErr(t, r.Revoke(t.Context(), c), sessiongate.ErrInvalidToken)
		})
	}
	if n := e.srv.Requests(stytchtest.EndpointAuthenticate) + e.srv.Requests(stytchtest.EndpointRevoke); n != 0 {
		t.Errorf("upstream calls = %d, want 0", n)
	}
}

// TestHybridRevokeDeniesOnlyConfirmedSessions: logging out with a forged JWT
// naming someone else's session, or with a genuine JWT of a session that is
// still live, denies nobody locally.
func TestHybridRevokeDeniesOnlyConfirmedSessions(t *testing.T) {
	e := newEnv(t)
	attacker := e.session(stytchtest.SessionSpec{})
	v := e.hybrid()
	forged := e.resign(func(h, _ map[string]any) { h["kid"] = "jwk-test-forged" })
	wantErr(t, v.Revoke(t.Context(), sessiongate.Credentials{JWT: forged, Token: attacker.SessionToken}), nil)
	wantErr(t, v.Revoke(t.Context(), sessiongate.Credentials{JWT: e.tokens.SessionJWT, Token: attacker.SessionToken}), sessiongate.ErrSessionNotFound)
	got, err := v.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), anyAge)
	wantErr(t, err, nil)
	if got.Session.SessionID != e.tokens.Session.SessionID {
		t.Errorf("victim session = %q, want %q", got.Session.SessionID, e.tokens.Session.SessionID)
	}
}
