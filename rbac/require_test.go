package rbac_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/rbac"
)

// serve runs one request through RequirePermission(resource, action), with
// s in the context (none when nil); it reports whether next ran.
func serve(t *testing.T, c *rbac.Cache, s *sessiongate.Session, resource, action string) (*httptest.ResponseRecorder, bool) {
	t.Helper()
	called := false
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { called = true })
	h := c.RequirePermission(resource, action)(next)
	req := httptest.NewRequest(http.MethodGet, "/api/documents", nil)
	if s != nil {
		req = req.WithContext(sessiongate.NewContext(req.Context(), s))
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec, called
}

func TestRequirePermission(t *testing.T) {
	c := newCache(t, &fakeFetcher{body: grantRead})
	t.Run("allowed", func(t *testing.T) {
		rec, called := serve(t, c, sessionWith("stytch_user", "reader"), "documents", "read")
		if !called || rec.Code != http.StatusOK {
			t.Errorf("status %d, next called %v; want next to answer", rec.Code, called)
		}
	})
	t.Run("denied", func(t *testing.T) {
		rec, called := serve(t, c, sessionWith("stytch_user", "reader"), "documents", "write")
		if called || rec.Code != http.StatusForbidden {
			t.Fatalf("status %d, next called %v; want 403 without next", rec.Code, called)
		}
		h := rec.Header()
		if h.Get("WWW-Authenticate") != `Bearer error="insufficient_scope"` || h.Get("Cache-Control") != "no-store" ||
			h.Get("Content-Type") != "application/json" {
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
	t.Run("no session", func(t *testing.T) {
		rec, called := serve(t, c, nil, "documents", "read")
		if called || rec.Code != http.StatusUnauthorized || rec.Header().Get("WWW-Authenticate") != "Bearer" {
			t.Errorf("status %d (%v), next called %v; want 401", rec.Code, rec.Header(), called)
		}
	})
	t.Run("no policy", func(t *testing.T) {
		down := newCache(t, &fakeFetcher{err: errDown})
		rec, called := serve(t, down, sessionWith("reader"), "documents", "read")
		if called || rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") != "7" {
			t.Errorf("status %d, Retry-After %q, next called %v; want 503 with 7", rec.Code, rec.Header().Get("Retry-After"), called)
		}
	})
}

func TestRequirePermissionPanicsAtBuildTime(t *testing.T) {
	c := newCache(t, &fakeFetcher{body: grantRead})
	for name, build := range map[string]func(){
		"empty resource": func() { c.RequirePermission("", "read") },
		"empty action":   func() { c.RequirePermission("documents", "") },
		"nil next":       func() { c.RequirePermission("documents", "read")(nil) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			build()
		})
	}
}

func TestCheck(t *testing.T) {
	c := newCache(t, &fakeFetcher{body: grantRead})
	ctx := sessiongate.NewContext(t.Context(), sessionWith("reader"))
	if err := c.Check(ctx, "documents", "write"); !errors.Is(err, sessiongate.ErrPermissionDenied) {
		t.Errorf("Check(write) = %v, want ErrPermissionDenied", err)
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
