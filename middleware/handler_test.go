package middleware_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/justinas/alice"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/middleware"
)

func TestRequireSessionAllows(t *testing.T) {
	m := newMiddleware(t, &fakeVerifier{})
	var gotV *sessiongate.Verification
	var gotRecheck bool
	h := m.RequireSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotV, _ = sessiongate.VerificationFromContext(r.Context())
		_, gotRecheck = sessiongate.RecheckerFromContext(r.Context())
		okHandler(w, r)
	}))
	w := serve(h, newRequest("GET", "/", "Cookie", "stytch_session="+goodToken))
	if w.Code != 200 || w.Body.String() != "user="+testUserID {
		t.Fatalf("got %d %q, want 200 user=%s", w.Code, w.Body, testUserID)
	}
	if gotV == nil || gotV.Source != sessiongate.SourceCache || !gotRecheck {
		t.Errorf("context verification = %+v, rechecker = %v; want a cache verification and a rechecker", gotV, gotRecheck)
	}
	if got := w.Header().Values("Vary"); len(got) != 1 || got[0] != "Cookie" {
		t.Errorf("Vary = %q, want [Cookie]", got)
	}
	if got := w.Header().Values("Set-Cookie"); len(got) != 0 {
		t.Errorf("Set-Cookie = %q, want none", got)
	}
}

func TestCredentialPrecedence(t *testing.T) {
	tests := []struct {
		name    string
		headers []string
		want    sessiongate.Credentials
	}{
		{"bearer token wins over cookies", []string{"Authorization", "Bearer " + goodToken, "Cookie", "stytch_session=" + goneToken}, sessiongate.Credentials{Token: goodToken}},
		{"bearer jwt", []string{"Authorization", "bearer   " + goodJWT}, sessiongate.Credentials{JWT: goodJWT}},
		{"basic does not hide cookies", []string{"Authorization", "Basic dXNlcjpwYXNz", "Cookie", "stytch_session=" + goodToken}, sessiongate.Credentials{Token: goodToken}},
		{"scheme prefix is not bearer", []string{"Authorization", "BearerX " + goneToken, "Cookie", "stytch_session=" + goodToken}, sessiongate.Credentials{Token: goodToken}},
		{"both cookies", []string{"Cookie", "stytch_session=" + goodToken + "; stytch_session_jwt=" + goodJWT}, sessiongate.Credentials{JWT: goodJWT, Token: goodToken}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fv := &fakeVerifier{}
			w := serve(newMiddleware(t, fv).RequireSession(okHandler), newRequest("GET", "/", tc.headers...))
			calls := fv.Calls()
			if w.Code != 200 || len(calls) != 1 || calls[0].Creds != tc.want {
				t.Fatalf("status %d, calls %+v; want 200 and one call with %+v", w.Code, calls, tc.want)
			}
		})
	}
}

func TestWithoutCookies(t *testing.T) {
	m := newMiddleware(t, &fakeVerifier{}, middleware.WithoutCookies())
	w := serve(m.RequireSession(okHandler), newRequest("GET", "/", "Cookie", "stytch_session="+goodToken))
	if w.Code != 401 || w.Header().Get("Vary") != "" {
		t.Errorf("status %d, Vary %q; want 401 and no Vary", w.Code, w.Header().Get("Vary"))
	}
}

func TestLoadSession(t *testing.T) {
	tests := []struct {
		name        string
		method      string
		headers     []string
		wantStatus  int
		wantBody    string
		wantCleared bool
	}{
		{"no credentials", "GET", nil, 200, "anonymous", false},
		{"valid", "GET", []string{"Cookie", "stytch_session=" + goodToken}, 200, "user=" + testUserID, false},
		{"revoked cookie cleared", "GET", []string{"Cookie", "stytch_session=" + goneToken}, 200, "anonymous", true},
		{"invalid cookie cleared", "GET", []string{"Cookie", "stytch_session=a.b"}, 200, "anonymous", true},
		{"duplicate cookie kept", "GET", []string{"Cookie", "stytch_session=a; stytch_session=b"}, 200, "anonymous", false},
		{"malformed bearer", "GET", []string{"Authorization", "Bearer a b"}, 200, "anonymous", false},
		{"cross-site post anonymous", "POST", []string{"Cookie", "stytch_session=" + goodToken, "Sec-Fetch-Site", "cross-site"}, 200, "anonymous", false},
		{"unavailable fails closed", "GET", []string{"Cookie", "stytch_session=" + downToken}, 503, "", false},
		{"misconfigured fails closed", "GET", []string{"Cookie", "stytch_session=" + brokenToken}, 500, "", false},
	}
	m := newMiddleware(t, &fakeVerifier{})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := serve(m.LoadSession(okHandler), newRequest(tc.method, "/", tc.headers...))
			if w.Code != tc.wantStatus || (tc.wantBody != "" && w.Body.String() != tc.wantBody) {
				t.Fatalf("got %d %q, want %d %q", w.Code, w.Body, tc.wantStatus, tc.wantBody)
			}
			cleared := strings.Contains(strings.Join(w.Header().Values("Set-Cookie"), "\n"), "Max-Age=0")
			if cleared != tc.wantCleared {
				t.Errorf("cookies cleared = %v, want %v", cleared, tc.wantCleared)
			}
		})
	}
}

func TestCrossOriginProtection(t *testing.T) {
	tests := []struct {
		name    string
		opts    []middleware.Option
		headers []string
		want    int
	}{
		{"same-origin post", nil, []string{"Cookie", "stytch_session=" + goodToken, "Sec-Fetch-Site", "same-origin"}, 200},
		{"same origin by Origin header", nil, []string{"Cookie", "stytch_session=" + goodToken, "Origin", testOrigin}, 200},
		{"non-browser post without headers", nil, []string{"Cookie", "stytch_session=" + goodToken}, 200},
		{"cross-site post", nil, []string{"Cookie", "stytch_session=" + goodToken, "Sec-Fetch-Site", "cross-site"}, 403},
		{"cross-site bearer post", nil, []string{"Authorization", "Bearer " + goodToken, "Sec-Fetch-Site", "cross-site"}, 200},
		{"trusted origin", []middleware.Option{middleware.WithTrustedOrigins("https://admin.example")}, []string{"Cookie", "stytch_session=" + goodToken, "Sec-Fetch-Site", "cross-site", "Origin", "https://admin.example"}, 200},
		{"protection off", []middleware.Option{middleware.WithoutCrossOriginProtection()}, []string{"Cookie", "stytch_session=" + goodToken, "Sec-Fetch-Site", "cross-site"}, 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fv := &fakeVerifier{}
			w := serve(newMiddleware(t, fv, tc.opts...).RequireSession(okHandler), newRequest("POST", "/transfer", tc.headers...))
			if w.Code != tc.want {
				t.Fatalf("status = %d, want %d", w.Code, tc.want)
			}
			if tc.want == 403 && len(fv.Calls()) != 0 {
				t.Errorf("verifier called %d times for a refused cross-origin request, want 0", len(fv.Calls()))
			}
		})
	}
}

func TestFreshness(t *testing.T) {
	tests := []struct {
		name  string
		chain func(m *middleware.Middleware) alice.Chain
		want  []sessiongate.Freshness
	}{
		{"default", func(m *middleware.Middleware) alice.Chain { return alice.New(m.RequireSession) }, []sessiongate.Freshness{{}}},
		{"fresh alone", func(m *middleware.Middleware) alice.Chain { return alice.New(m.Fresh(2 * time.Minute)) }, []sessiongate.Freshness{sessiongate.MaxTokenAge(2 * time.Minute)}},
		{"fresh after require, satisfied", func(m *middleware.Middleware) alice.Chain {
			return alice.New(m.RequireSession, m.Fresh(10*time.Minute))
		}, []sessiongate.Freshness{{}}},
		{"fresh after require, too old", func(m *middleware.Middleware) alice.Chain {
			return alice.New(m.RequireSession, m.Fresh(30*time.Second))
		}, []sessiongate.Freshness{{}, sessiongate.MaxTokenAge(30 * time.Second)}},
		{"confirmed after load", func(m *middleware.Middleware) alice.Chain {
			return alice.New(m.LoadSession, m.RequireConfirmed)
		}, []sessiongate.Freshness{{}, sessiongate.ConfirmWithServer()}},
		{"confirmed twice asks once", func(m *middleware.Middleware) alice.Chain {
			return alice.New(m.RequireSession, m.RequireConfirmed, m.Fresh(0))
		}, []sessiongate.Freshness{{}, sessiongate.ConfirmWithServer()}},
		{"default freshness option", func(m *middleware.Middleware) alice.Chain { return alice.New(m.RequireSession) }, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fv := &fakeVerifier{}
			var opts []middleware.Option
			if tc.want == nil {
				opts = []middleware.Option{middleware.WithFreshness(sessiongate.MaxTokenAge(time.Minute))}
				tc.want = []sessiongate.Freshness{sessiongate.MaxTokenAge(time.Minute)}
			}
			w := serve(tc.chain(newMiddleware(t, fv, opts...)).Then(okHandler), newRequest("GET", "/", "Cookie", "stytch_session="+goodToken))
			if w.Code != 200 {
				t.Fatalf("status = %d, want 200", w.Code)
			}
			calls := fv.Calls()
			if len(calls) != len(tc.want) {
				t.Fatalf("%d Verify calls, want %d", len(calls), len(tc.want))
			}
			for i := range calls {
				if calls[i].Freshness != tc.want[i] {
					t.Errorf("call %d freshness = %+v, want %+v", i, calls[i].Freshness, tc.want[i])
				}
			}
		})
	}
}

func TestFreshRecheckFailure(t *testing.T) {
	fv := &fakeVerifier{}
	gone := middleware.Verifier(verifierFunc(func(ctx context.Context, c sessiongate.Credentials, f sessiongate.Freshness) (*sessiongate.Verification, error) {
		if _, set := f.MaxAge(); set {
			return nil, sessiongate.ErrSessionNotFound
		}
		return fv.Verify(ctx, c, f)
	}))
	m := newMiddleware(t, gone)
	w := serve(alice.New(m.RequireSession, m.RequireConfirmed).Then(okHandler), newRequest("GET", "/", "Cookie", "stytch_session="+goodToken))
	if w.Code != 401 || !strings.Contains(strings.Join(w.Header().Values("Set-Cookie"), ""), "Max-Age=0") {
		t.Errorf("status %d, Set-Cookie %q; want 401 with cleared cookies", w.Code, w.Header().Values("Set-Cookie"))
	}
}

type verifierFunc func(context.Context, sessiongate.Credentials, sessiongate.Freshness) (*sessiongate.Verification, error)

func (f verifierFunc) Verify(ctx context.Context, c sessiongate.Credentials, fr sessiongate.Freshness) (*sessiongate.Verification, error) {
	return f(ctx, c, fr)
}

func TestVerifierReturningNothingFailsClosed(t *testing.T) {
	m := newMiddleware(t, verifierFunc(func(context.Context, sessiongate.Credentials, sessiongate.Freshness) (*sessiongate.Verification, error) {
		return &sessiongate.Verification{}, nil
	}))
	w := serve(m.RequireSession(okHandler), newRequest("GET", "/", "Cookie", "stytch_session="+goodToken))
	if w.Code != 500 {
		t.Errorf("status = %d, want 500", w.Code)
	}
	if _, err := m.Authenticate(newRequest("GET", "/", "Cookie", "stytch_session="+goodToken)); !errors.Is(err, sessiongate.ErrMisconfigured) {
		t.Errorf("Authenticate() error = %v, want ErrMisconfigured", err)
	}
}

func TestAuthenticate(t *testing.T) {
	m := newMiddleware(t, &fakeVerifier{})
	tests := []struct {
		name    string
		method  string
		headers []string
		wantErr error
	}{
		{"valid", "GET", []string{"Cookie", "stytch_session=" + goodToken}, nil},
		{"none", "GET", nil, sessiongate.ErrNoSession},
		{"cross-site", "DELETE", []string{"Cookie", "stytch_session=" + goodToken, "Sec-Fetch-Site", "cross-site"}, middleware.ErrCrossOrigin},
		{"revoked", "GET", []string{"Authorization", "Bearer " + goneToken}, sessiongate.ErrSessionNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := m.Authenticate(newRequest(tc.method, "/", tc.headers...))
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil) != (v != nil) {
				t.Errorf("Authenticate() = %v, %v; want error %v", v, err, tc.wantErr)
			}
		})
	}
}

func TestChainOrder(t *testing.T) {
	var order []string
	tag := func(name string) alice.Constructor {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, ok := sessiongate.FromContext(r.Context())
				order = append(order, name+map[bool]string{true: "+session", false: "-session"}[ok])
				next.ServeHTTP(w, r)
			})
		}
	}
	m := newMiddleware(t, &fakeVerifier{})
	h := alice.New(tag("outer"), m.RequireSession, tag("inner")).Then(okHandler)
	serve(h, newRequest("GET", "/", "Cookie", "stytch_session="+goodToken))
	if got, want := strings.Join(order, ","), "outer-session,inner+session"; got != want {
		t.Errorf("order = %q, want %q", got, want)
	}
}

func TestNilNextPanics(t *testing.T) {
	m := newMiddleware(t, &fakeVerifier{})
	for name, ctor := range map[string]func(http.Handler) http.Handler{
		"RequireSession": m.RequireSession, "LoadSession": m.LoadSession, "Fresh": m.Fresh(time.Minute), "RequireConfirmed": m.RequireConfirmed,
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic for nil next")
				}
			}()
			ctor(nil)
		})
	}
}
