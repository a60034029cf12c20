package verifier

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/stytchtest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// epoch is the emulator's base clock in every test.
var epoch = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

// env is one emulator with a user and a live session.
type env struct {
	t      testing.TB
	srv    *stytchtest.Server
	client *http.Client
	userID string
	tokens stytchtest.Tokens
}

func newEnv(t testing.TB, opts ...stytchtest.Option) *env {
	t.Helper()
	srv := stytchtest.NewServer(t, append([]stytchtest.Option{stytchtest.WithClock(func() time.Time { return epoch })}, opts...)...)
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	e := &env{t: t, srv: srv, client: &http.Client{Transport: tr}}
	uid, err := srv.CreateUser("ada@example.com", "correct horse battery staple 42")
	if err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	e.userID = uid
	e.tokens = e.session(stytchtest.SessionSpec{})
	return e
}

func (e *env) session(spec stytchtest.SessionSpec) stytchtest.Tokens {
	e.t.Helper()
	tok, err := e.srv.CreateSession(e.userID, spec)
	if err != nil {
		e.t.Fatalf("CreateSession: %v", err)
	}
	return tok
}

// opts are the options that point a verifier at the emulator.
func (e *env) opts(extra ...Option) []Option {
	return append([]Option{WithBaseURL(e.srv.URL), WithClock(e.srv.Now), WithHTTPClient(e.client)}, extra...)
}

// local returns a Local with its key set loaded.
func (e *env) local(extra ...Option) *Local {
	e.t.Helper()
	l, err := NewLocal(e.t.Context(), e.srv.ProjectID(), e.opts(extra...)...)
	if err != nil {
		e.t.Fatalf("NewLocal: %v", err)
	}
	if err := l.Refresh(e.t.Context()); err != nil {
		e.t.Fatalf("Refresh: %v", err)
	}
	return l
}

// hybrid returns a Verifier with its key set loaded.
func (e *env) hybrid(extra ...Option) *Verifier {
	e.t.Helper()
	v, err := New(e.t.Context(), e.srv.ProjectID(), e.srv.Secret(), e.opts(extra...)...)
	if err != nil {
		e.t.Fatalf("New: %v", err)
	}
	if err := v.Refresh(e.t.Context()); err != nil {
		e.t.Fatalf("Refresh: %v", err)
	}
	return v
}

func (e *env) remote(extra ...Option) *Remote {
	e.t.Helper()
	r, err := NewRemote(e.srv.ProjectID(), e.srv.Secret(), e.opts(extra...)...)
	if err != nil {
		e.t.Fatalf("NewRemote: %v", err)
	}
	return r
}

// parts returns the decoded header and claims of the env's session JWT.
func (e *env) parts() (header, claims map[string]any) {
	e.t.Helper()
	return decodePart(e.t, e.tokens.SessionJWT, 0), decodePart(e.t, e.tokens.SessionJWT, 1)
}

// resign signs the genuine header and claims after edit changes them.
func (e *env) resign(edit func(h, c map[string]any)) string {
	h, c := e.parts()
	edit(h, c)
	return e.srv.SignJWT(h, c)
}

func decodePart(t testing.TB, tok string, i int) map[string]any {
	t.Helper()
	seg := strings.Split(tok, ".")[i]
	raw, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		t.Fatalf("decode segment: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("unmarshal segment: %v", err)
	}
	return m
}

func jwtCred(tok string) sessiongate.Credentials { return sessiongate.Credentials{JWT: tok} }

var anyAge = sessiongate.Freshness{}

// wantErr fails unless err wraps want (want nil: no error).
func wantErr(t testing.TB, err, want error) {
	if testing.Verbose() {
		t.Logf("err = %v", err)
	}
	t.Helper()
	if want == nil {
		if err != nil {
			t.Fatalf("error = %v, want nil", err)
		}
		return
	}
	if !isErr(err, want) {
		t.Fatalf("error = %v, want %v", err, want)
	}
}
