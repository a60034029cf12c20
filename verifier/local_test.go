package verifier

import (
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
)

func TestLocalVerifyGenuine(t *testing.T) {
	e := newEnv(t)
	l := e.local()
	v, err := l.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), anyAge)
	wantErr(t, err, nil)
	want := e.tokens.Session
	if v.Source != sessiongate.SourceLocal {
		t.Errorf("Source = %q, want %q", v.Source, sessiongate.SourceLocal)
	}
	if v.Session.SessionID != want.SessionID || v.Session.UserID != want.UserID {
		t.Errorf("session = %s/%s, want %s/%s", v.Session.SessionID, v.Session.UserID, want.SessionID, want.UserID)
	}
	if !v.Session.ExpiresAt.Equal(want.ExpiresAt.Truncate(time.Second)) {
		t.Errorf("ExpiresAt = %v, want %v", v.Session.ExpiresAt, want.ExpiresAt)
	}
	if len(v.Session.AuthenticationFactors) != len(want.AuthenticationFactors) {
		t.Errorf("factors = %d, want %d", len(v.Session.AuthenticationFactors), len(want.AuthenticationFactors))
	}
	if !v.ConfirmedAt.Equal(epoch) {
		t.Errorf("ConfirmedAt = %v, want %v (iat)", v.ConfirmedAt, epoch)
	}
	if v.JWT != "" || v.Token != "" {
		t.Errorf("local verification returned fresh credentials %q %q", v.JWT, v.Token)
	}
	_, err = l.Verify(t.Context(), sessiongate.Credentials{Token: e.tokens.SessionToken}, anyAge)
	wantErr(t, err, sessiongate.ErrNoSession)
	again, err := l.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), anyAge)
	wantErr(t, err, nil)
	if again.Source != sessiongate.SourceCache {
		t.Errorf("second Source = %q, want %q", again.Source, sessiongate.SourceCache)
	}
}
