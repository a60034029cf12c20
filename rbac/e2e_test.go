package rbac_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/middleware"
	"github.com/sessiongate/sessiongate/rbac"
	"github.com/sessiongate/sessiongate/stytchtest"
	"github.com/sessiongate/sessiongate/verifier"
)

// demoPolicy is the policy: every user may read documents,
// editors may do anything with them.
const demoPolicy = `{"roles": [
	{"role_id": "stytch_user", "permissions": [{"resource_id": "documents", "actions": ["read"]}]},
	{"role_id": "editor", "permissions": [{"resource_id": "documents", "actions": ["*"]}]}]}`

// e2e is a chain session middleware → RequirePermission("documents",
// "write") → handler, over the emulator and a real verifier.
type e2e struct {
	t      *testing.T
	stytch *stytchtest.Server
	cache  *rbac.Cache
	h      http.Handler
	userID string
	jwt    string

	mu     sync.Mutex
	events []rbac.Event
}

func newE2ERBAC(t *testing.T, opts ...middleware.Option) *e2e {
	t.Helper()
	e := &e2e{t: t, stytch: stytchtest.NewServer(t, stytchtest.WithRBACPolicy([]byte(demoPolicy)))}
	var err error
	if e.userID, err = e.stytch.CreateUser("ada@example.com", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	tok, err := e.stytch.CreateSession(e.userID, stytchtest.SessionSpec{})
	if err != nil {
		t.Fatal(err)
	}
	e.jwt = tok.SessionJWT
	v, err := verifier.New(t.Context(), e.stytch.ProjectID(), e.stytch.Secret(), verifier.WithBaseURL(e.stytch.URL))
	if err != nil {
		t.Fatal(err)
	}
	e.cache = newCache(t, v)
	m, err := middleware.New(v, append([]middleware.Option{middleware.WithoutCookies()}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	write := mustNew(t, e.cache, "documents", "write", rbac.WithName("documents-write"), rbac.WithObserver(e.observe))
	e.h = m.RequireSession(write.Require(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusCreated)
	})))
	return e
}

func (e *e2e) observe(ev rbac.Event) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.events = append(e.events, ev)
}

func (e *e2e) lastEvent() rbac.Event {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.events) == 0 {
		e.t.Fatal("no event")
	}
	return e.events[len(e.events)-1]
}

// post sends POST /api/documents with the current JWT as a Bearer
// credential and adopts a fresh JWT the answer hands back.
func (e *e2e) post() *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/api/documents", strings.NewReader(`{"title":"t"}`))
	req.Header.Set("Authorization", "Bearer "+e.jwt)
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	if jwt := rec.Header().Get(middleware.HeaderSessionJWT); jwt != "" {
		e.jwt = jwt
	}
	return rec
}

// TestE2EPromotion: a new user is denied (Stytch confirms the denial); once
// the editor role is assigned, Stytch grants the old JWT and hands back a
// fresh one, with which the local check alone passes.
func TestE2EPromotion(t *testing.T) {
	e := newE2ERBAC(t)
	if rec := e.post(); rec.Code != http.StatusForbidden {
		t.Fatalf("new user: status %d, want 403", rec.Code)
	}
	if ev := e.lastEvent(); ev.Outcome != rbac.OutcomeDenied || ev.Reason != rbac.ReasonRemoteDeny || !ev.Remote || ev.Name != "documents-write" {
		t.Errorf("event = %+v, want a denial Stytch confirmed", ev)
	}
	if err := e.stytch.SetUserRoles(e.userID, []string{"editor"}); err != nil {
		t.Fatal(err)
	}
	oldJWT := e.jwt
	auths := e.stytch.Requests(stytchtest.EndpointAuthenticate)
	rec := e.post()
	if rec.Code != http.StatusCreated || e.jwt == oldJWT {
		t.Fatalf("after promotion: status %d, fresh JWT %v; want 201 and a new JWT", rec.Code, e.jwt != oldJWT)
	}
	if ev := e.lastEvent(); ev.Outcome != rbac.OutcomeAllowed || ev.Reason != rbac.ReasonRemoteGrant {
		t.Errorf("event = %+v, want a remote grant", ev)
	}
	if n := e.stytch.Requests(stytchtest.EndpointAuthenticate) - auths; n != 1 {
		t.Errorf("%d authenticate calls for the remote grant, want 1", n)
	}
	auths = e.stytch.Requests(stytchtest.EndpointAuthenticate)
	if rec := e.post(); rec.Code != http.StatusCreated {
		t.Fatalf("with the fresh JWT: status %d, want 201", rec.Code)
	}
	if ev := e.lastEvent(); ev.Reason != rbac.ReasonLocalGrant || ev.Remote {
		t.Errorf("event = %+v, want a local grant", ev)
	}
	if n := e.stytch.Requests(stytchtest.EndpointAuthenticate) - auths; n != 0 {
		t.Errorf("%d authenticate calls with the fresh JWT, want 0", n)
	}
}

// TestE2EStytchDenyIsNot500: Stytch's 403 to a confirmation is answered
// 403 insufficient_scope, every time.
// The realm is the session middleware's.
func TestE2EStytchDenyIsNot500(t *testing.T) {
	e := newE2ERBAC(t, middleware.WithRealm("docs"))
	for range 3 {
		if rec := e.post(); rec.Code != http.StatusForbidden || rec.Header().Get("WWW-Authenticate") != `Bearer realm="docs", error="insufficient_scope"` {
			t.Fatalf("status %d (%v), want 403 insufficient_scope", rec.Code, rec.Header())
		}
	}
}

// TestE2EPolicyOutages: the policy endpoint down at start (503 with
// Retry-After), down later (the last good policy is served), a malformed
// policy (the last good one is kept, the failure reported in Stats).
func TestE2EPolicyOutages(t *testing.T) {
	e := newE2ERBAC(t)
	if err := e.stytch.SetUserRoles(e.userID, []string{"editor"}); err != nil {
		t.Fatal(err)
	}
	tok, err := e.stytch.CreateSession(e.userID, stytchtest.SessionSpec{})
	if err != nil {
		t.Fatal(err)
	}
	e.jwt = tok.SessionJWT
	e.stytch.InjectFault(stytchtest.EndpointRBACPolicy, stytchtest.Fault{Status: http.StatusServiceUnavailable, RetryAfter: 3 * time.Second})
	rec := e.post()
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") != "3" {
		t.Fatalf("policy down at start: status %d, Retry-After %q; want 503 and 3", rec.Code, rec.Header().Get("Retry-After"))
	}
	if ev := e.lastEvent(); ev.Outcome != rbac.OutcomeFailed || ev.Reason != "temporarily_unavailable" {
		t.Errorf("event = %+v, want a failure", ev)
	}
	e.stytch.ClearFaults()
	if err := e.cache.Refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	if rec := e.post(); rec.Code != http.StatusCreated {
		t.Fatalf("policy back: status %d, want 201", rec.Code)
	}
	e.stytch.InjectFault(stytchtest.EndpointRBACPolicy, stytchtest.Fault{Status: http.StatusInternalServerError})
	if err := e.cache.Refresh(t.Context()); !errors.Is(err, sessiongate.ErrUnavailable) {
		t.Fatalf("Refresh() while down = %v, want ErrUnavailable", err)
	}
	if rec := e.post(); rec.Code != http.StatusCreated {
		t.Fatalf("policy down later: status %d, want 201 from the last good policy", rec.Code)
	}
	e.stytch.InjectFault(stytchtest.EndpointRBACPolicy, stytchtest.Fault{MalformedBody: true})
	if err := e.cache.Refresh(t.Context()); err == nil {
		t.Fatal("Refresh() of a malformed policy succeeded")
	}
	if rec := e.post(); rec.Code != http.StatusCreated {
		t.Fatalf("malformed policy: status %d, want 201 from the last good policy", rec.Code)
	}
	if st := e.cache.Stats(); st.LastError == nil || st.Failures != 3 {
		t.Errorf("stats = %+v, want the truncated answer reported", st)
	}
	e.stytch.InjectFault(stytchtest.EndpointRBACPolicy, stytchtest.Fault{Body: `{"status_code": 200, "policy": {"roles": 5}}`})
	if err := e.cache.Refresh(t.Context()); err == nil {
		t.Fatal("Refresh() of a policy of the wrong shape succeeded")
	}
	if rec := e.post(); rec.Code != http.StatusCreated {
		t.Fatalf("policy of the wrong shape: status %d, want 201 from the last good policy", rec.Code)
	}
	if st := e.cache.Stats(); st.Malformed != 1 || st.LastError == nil || !st.Usable {
		t.Errorf("stats = %+v, want one malformed policy reported and the last good one usable", st)
	}
}

// TestE2EDemotion is the security model of the README: a removed role keeps
// granting on the local check until the session's JWT is refreshed, while
// a route behind RequireConfirmed sees the removal at once.
func TestE2EDemotion(t *testing.T) {
	e := newE2ERBAC(t)
	if err := e.stytch.SetUserRoles(e.userID, []string{"editor"}); err != nil {
		t.Fatal(err)
	}
	tok, err := e.stytch.CreateSession(e.userID, stytchtest.SessionSpec{})
	if err != nil {
		t.Fatal(err)
	}
	e.jwt = tok.SessionJWT
	if rec := e.post(); rec.Code != http.StatusCreated {
		t.Fatalf("editor: status %d, want 201", rec.Code)
	}
	if err := e.stytch.SetUserRoles(e.userID, nil); err != nil {
		t.Fatal(err)
	}
	if rec := e.post(); rec.Code != http.StatusCreated {
		t.Errorf("demoted, JWT not refreshed: status %d, want 201 (the documented window)", rec.Code)
	}
	v, err := verifier.New(t.Context(), e.stytch.ProjectID(), e.stytch.Secret(), verifier.WithBaseURL(e.stytch.URL))
	if err != nil {
		t.Fatal(err)
	}
	m, err := middleware.New(v, middleware.WithoutCookies())
	if err != nil {
		t.Fatal(err)
	}
	write := mustNew(t, e.cache, "documents", "write")
	e.h = m.RequireConfirmed(write.Require(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusCreated)
	})))
	if rec := e.post(); rec.Code != http.StatusForbidden {
		t.Errorf("demoted, behind RequireConfirmed: status %d, want 403", rec.Code)
	}
}
