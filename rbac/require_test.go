package rbac_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/rbac"
)

// fakeAuthorizer is a Rechecker that also confirms permissions, as the
// session middleware's does.
type fakeAuthorizer struct {
	roles []string // the roles Stytch knows now
	err   error
	calls int
}

func (f *fakeAuthorizer) Recheck(context.Context, sessiongate.Freshness) (*sessiongate.Verification, error) {
	return nil, errors.New("not used")
}

func (f *fakeAuthorizer) Authorize(_ context.Context, resource, action string) (*sessiongate.Verification, error) {
	f.calls++
	if f.err != nil {
		return nil, f.err
	}
	for _, r := range f.roles {
		if r == "reader" && resource == "documents" && action == "read" {
			return &sessiongate.Verification{Session: sessionWith(f.roles...), Source: sessiongate.SourceRemote}, nil
		}
	}
	return nil, fmt.Errorf("stytch 403: %w", sessiongate.ErrPermissionDenied)
}

// request builds a request carrying s (none when nil) and, when a is not
// nil, a as the request's Rechecker.
func request(s *sessiongate.Session, a sessiongate.Rechecker, headers ...string) *http.Request {
	req := httptest.NewRequest(http.MethodGet, "/api/documents", nil)
	ctx := req.Context()
	if s != nil {
		ctx = sessiongate.NewContext(ctx, s)
	}
	if a != nil {
		ctx = sessiongate.NewRecheckContext(ctx, a)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return req.WithContext(ctx)
}

// serveReq runs req through p; it reports whether next ran and the session
// next saw.
func serveReq(t *testing.T, p *rbac.Permission, req *http.Request) (*httptest.ResponseRecorder, *sessiongate.Session) {
	t.Helper()
	var seen *sessiongate.Session
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen = sessiongate.MustFromContext(r.Context()) })
	rec := httptest.NewRecorder()
	p.Require(next).ServeHTTP(rec, req)
	return rec, seen
}

func mustNew(t *testing.T, c *rbac.Cache, resource, action string, opts ...rbac.Option) *rbac.Permission {
	t.Helper()
	p, err := rbac.New(c, resource, action, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRequireAnswers(t *testing.T) {
	c := newCache(t, &fakeFetcher{body: grantRead})
	read, write := mustNew(t, c, "documents", "read"), mustNew(t, c, "documents", "write")
	t.Run("allowed", func(t *testing.T) {
		rec, seen := serveReq(t, read, request(sessionWith("stytch_user", "reader"), nil))
		if seen == nil || rec.Code != http.StatusOK {
			t.Errorf("status %d, next ran %v; want next to answer", rec.Code, seen != nil)
		}
	})
	t.Run("denied API", func(t *testing.T) {
		rec, seen := serveReq(t, write, request(sessionWith("stytch_user", "reader"), nil, "Accept", "application/json"))
		if seen != nil || rec.Code != http.StatusForbidden {
			t.Fatalf("status %d, next ran %v; want 403 without next", rec.Code, seen != nil)
		}
		h := rec.Header()
		if h.Get("WWW-Authenticate") != `Bearer realm="app", error="insufficient_scope"` || h.Get("Cache-Control") != "no-store" ||
			h.Get("Content-Type") != "application/json" || h.Get("Vary") != "Cookie" {
			t.Errorf("headers = %v", h)
		}
		var body map[string]string
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatal(err)
		}
		if body["error"] != "insufficient_scope" || body["resource"] != "documents" || body["action"] != "write" || body["error_description"] == "" {
			t.Errorf("body = %v, want insufficient_scope naming documents and write", body)
		}
	})
	t.Run("denied navigation", func(t *testing.T) {
		rec, _ := serveReq(t, write, request(sessionWith("reader"), nil, "Sec-Fetch-Mode", "navigate"))
		if rec.Code != http.StatusForbidden || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") ||
			rec.Header().Get("Cache-Control") != "no-store" || !strings.Contains(rec.Body.String(), "write documents") {
			t.Errorf("status %d, headers %v, body %q; want the 403 page", rec.Code, rec.Header(), rec.Body)
		}
	})
	t.Run("denied HEAD navigation", func(t *testing.T) {
		req := request(sessionWith("reader"), nil, "Sec-Fetch-Mode", "navigate")
		req.Method = http.MethodHead
		rec, _ := serveReq(t, write, req)
		if rec.Code != http.StatusForbidden || rec.Body.Len() != 0 {
			t.Errorf("status %d, body %q; want 403 without a body", rec.Code, rec.Body)
		}
	})
	t.Run("no session", func(t *testing.T) {
		rec, seen := serveReq(t, read, request(nil, nil))
		if seen != nil || rec.Code != http.StatusUnauthorized || rec.Header().Get("WWW-Authenticate") != `Bearer realm="app"` {
			t.Errorf("status %d (%v); want 401 login_required", rec.Code, rec.Header())
		}
	})
	t.Run("no policy", func(t *testing.T) {
		down := mustNew(t, newCache(t, &fakeFetcher{err: errDown}), "documents", "read")
		rec, seen := serveReq(t, down, request(sessionWith("reader"), nil))
		if seen != nil || rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") != "7" {
			t.Errorf("status %d, Retry-After %q; want 503 with 7", rec.Code, rec.Header().Get("Retry-After"))
		}
	})
}

func TestWithDeniedHandler(t *testing.T) {
	c := newCache(t, &fakeFetcher{body: grantRead})
	var got *rbac.DeniedError
	p := mustNew(t, c, "documents", "write", rbac.WithDeniedHandler(func(w http.ResponseWriter, r *http.Request, err *rbac.DeniedError) {
		got = err
		w.WriteHeader(http.StatusTeapot)
	}))
	rec, _ := serveReq(t, p, request(sessionWith("reader"), nil, "Accept", "text/html"))
	if rec.Code != http.StatusTeapot || got == nil || got.Resource != "documents" || got.Action != "write" ||
		!errors.Is(got, sessiongate.ErrPermissionDenied) {
		t.Errorf("status %d, handler got %+v; want the custom handler with documents:write", rec.Code, got)
	}
	rec, _ = serveReq(t, p, request(sessionWith("reader"), nil, "Accept", "application/json"))
	if rec.Code != http.StatusForbidden {
		t.Errorf("API request: status %d, want the 403 JSON answer, not the page handler", rec.Code)
	}
}

func TestRemoteConfirm(t *testing.T) {
	c := newCache(t, &fakeFetcher{body: grantRead})
	p := mustNew(t, c, "documents", "read")
	t.Run("granted since the JWT", func(t *testing.T) {
		a := &fakeAuthorizer{roles: []string{"stytch_user", "reader"}}
		rec, seen := serveReq(t, p, request(sessionWith("stytch_user"), a))
		if rec.Code != http.StatusOK || a.calls != 1 || seen == nil || len(seen.Roles) != 2 {
			t.Errorf("status %d, calls %d, next saw %+v; want a remote grant with the fresh session", rec.Code, a.calls, seen)
		}
	})
	t.Run("denied by Stytch too", func(t *testing.T) {
		a := &fakeAuthorizer{roles: []string{"stytch_user"}}
		rec, _ := serveReq(t, p, request(sessionWith("stytch_user"), a))
		if rec.Code != http.StatusForbidden || a.calls != 1 {
			t.Errorf("status %d, calls %d; want 403 after one confirmation", rec.Code, a.calls)
		}
	})
	t.Run("Stytch down", func(t *testing.T) {
		a := &fakeAuthorizer{err: errDown}
		rec, _ := serveReq(t, p, request(sessionWith("stytch_user"), a))
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") != "7" {
			t.Errorf("status %d; want 503 with Retry-After 7", rec.Code)
		}
	})
	t.Run("local grant asks nothing", func(t *testing.T) {
		a := &fakeAuthorizer{err: errDown}
		if rec, _ := serveReq(t, p, request(sessionWith("reader"), a)); rec.Code != http.StatusOK || a.calls != 0 {
			t.Errorf("status %d, calls %d; want a local grant", rec.Code, a.calls)
		}
	})
	t.Run("turned off", func(t *testing.T) {
		off := mustNew(t, c, "documents", "read", rbac.WithoutRemoteConfirm())
		a := &fakeAuthorizer{roles: []string{"reader"}}
		if rec, _ := serveReq(t, off, request(sessionWith("stytch_user"), a)); rec.Code != http.StatusForbidden || a.calls != 0 {
			t.Errorf("status %d, calls %d; want a local deny without asking", rec.Code, a.calls)
		}
	})
}

func TestNewRefusesBadOptions(t *testing.T) {
	c := newCache(t, &fakeFetcher{body: grantRead})
	for name, build := range map[string]func() (*rbac.Permission, error){
		"nil cache":      func() (*rbac.Permission, error) { return rbac.New(nil, "documents", "read") },
		"empty resource": func() (*rbac.Permission, error) { return rbac.New(c, "", "read") },
		"empty action":   func() (*rbac.Permission, error) { return rbac.New(c, "documents", "") },
		"bad name":       func() (*rbac.Permission, error) { return rbac.New(c, "documents", "read", rbac.WithName("a b")) },
		"name twice":     func() (*rbac.Permission, error) { return rbac.New(c, "d", "r", rbac.WithName("a"), rbac.WithName("b")) },
		"nil observer":   func() (*rbac.Permission, error) { return rbac.New(c, "documents", "read", rbac.WithObserver(nil)) },
		"nil handler":    func() (*rbac.Permission, error) { return rbac.New(c, "documents", "read", rbac.WithDeniedHandler(nil)) },
		"nil option":     func() (*rbac.Permission, error) { return rbac.New(c, "documents", "read", nil) },
		"confirm off x 2": func() (*rbac.Permission, error) {
			return rbac.New(c, "d", "r", rbac.WithoutRemoteConfirm(), rbac.WithoutRemoteConfirm())
		},
		"nil in Options": func() (*rbac.Permission, error) { return rbac.New(c, "d", "r", rbac.Options(nil)) },
		"twice in Options": func() (*rbac.Permission, error) {
			return rbac.New(c, "d", "r", rbac.Options(rbac.WithName("a")), rbac.WithName("b"))
		},
	} {
		t.Run(name, func(t *testing.T) {
			if p, err := build(); p != nil || !errors.Is(err, rbac.ErrInvalidPermission) {
				t.Errorf("New() = %v, %v; want ErrInvalidPermission", p, err)
			}
		})
	}
	defer func() {
		if recover() == nil {
			t.Error("RequirePermission with an empty action did not panic at build time")
		}
	}()
	c.RequirePermission("documents", "")
}

func TestCheck(t *testing.T) {
	c := newCache(t, &fakeFetcher{body: grantRead})
	ctx := sessiongate.NewContext(t.Context(), sessionWith("reader"))
	var denied *rbac.DeniedError
	if err := c.Check(ctx, "documents", "write"); !errors.As(err, &denied) || !errors.Is(err, sessiongate.ErrPermissionDenied) || denied.Action != "write" {
		t.Errorf("Check(write) = %v, want a DeniedError wrapping ErrPermissionDenied", err)
	}
	if err := c.Check(t.Context(), "documents", "read"); !errors.Is(err, sessiongate.ErrNoSession) {
		t.Errorf("Check() without a session = %v, want ErrNoSession", err)
	}
	if err := c.Check(ctx, "documents", "read"); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(100, func() {
		if c.Check(ctx, "documents", "read") != nil {
			t.Fatal("denied")
		}
	})
	if allocs != 0 {
		t.Errorf("an allowed Check allocates %v times, want 0", allocs)
	}
}

// nopWriter is a ResponseWriter that keeps nothing.
type nopWriter struct{ h http.Header }

func (w nopWriter) Header() http.Header       { return w.h }
func (nopWriter) Write(b []byte) (int, error) { return len(b), nil }
func (nopWriter) WriteHeader(int)             {}

// TestRequireLocalGrantDoesNotAllocate: the middleware adds no allocation
// to a request its local check grants.
func TestRequireLocalGrantDoesNotAllocate(t *testing.T) {
	c := newCache(t, &fakeFetcher{body: grantRead})
	h := mustNew(t, c, "documents", "read").Require(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	req := request(sessionWith("reader"), nil)
	w := nopWriter{h: http.Header{}}
	h.ServeHTTP(w, req) // loads the policy
	if allocs := testing.AllocsPerRun(100, func() { h.ServeHTTP(w, req) }); allocs != 0 {
		t.Errorf("a local grant allocates %v times, want 0", allocs)
	}
}
