package middleware_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/stytchtest"
	"github.com/sessiongate/sessiongate/verifier"
)

func TestLifecycleExtend(t *testing.T) {
	e, sid := lifecycleE2E(t)
	before, _ := e.stytch.Session(sid)
	res := e.do(http.MethodPost, "/extend?d=3h")
	wantStatus(t, res, http.StatusOK)
	want := e.stytch.Now().Add(3 * time.Hour).Truncate(time.Second)
	if after, _ := e.stytch.Session(sid); !after.ExpiresAt.Truncate(time.Second).Equal(want) || after.ExpiresAt.Equal(before.ExpiresAt) {
		t.Errorf("expires_at %v → %v, want %v", before.ExpiresAt, after.ExpiresAt, want)
	}
	if len(res.Header.Values("Set-Cookie")) == 0 || res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("fresh credentials not handed back: %v", res.Header)
	}
	wantStatus(t, e.do(http.MethodPost, "/extend"), http.StatusBadRequest) // no duration configured
}

func TestLifecycleClaims(t *testing.T) {
	e, _ := lifecycleE2E(t)
	res := e.do(http.MethodPost, "/claims?set=theme:dark")
	wantStatus(t, res, http.StatusOK)
	if got := body(t, res); !strings.Contains(got, `"theme":"dark"`) {
		t.Errorf("context claims = %s, want theme dark", got)
	}
	if got := e.jwtClaims()["theme"]; got != "dark" {
		t.Errorf("JWT cookie's theme = %v, want dark", got)
	}
	res = e.do(http.MethodPost, "/claims?del=theme")
	wantStatus(t, res, http.StatusOK)
	if got := body(t, res); strings.Contains(got, "theme") {
		t.Errorf("context claims after delete = %s", got)
	}
	if _, ok := e.jwtClaims()["theme"]; ok {
		t.Error("deleted claim still in the JWT cookie")
	}
	calls := e.stytch.Requests(stytchtest.EndpointAuthenticate)
	for _, q := range []string{"set=exp:1", "del=https://stytch.com/session", "del=sub"} {
		wantStatus(t, e.do(http.MethodPost, "/claims?"+q), http.StatusBadRequest)
	}
	if n := e.stytch.Requests(stytchtest.EndpointAuthenticate); n != calls {
		t.Errorf("reserved names made %d calls to Stytch", n-calls)
	}
}

func TestLifecycleUser(t *testing.T) {
	e, _ := lifecycleE2E(t)
	res := e.do(http.MethodGet, "/user")
	wantStatus(t, res, http.StatusOK)
	want := e.userID + " ada@example.com from-verification=false"
	if got := body(t, res); got != want {
		t.Errorf("local path: %q, want %q (fetched)", got, want)
	}
	res = e.do(http.MethodGet, "/user/confirmed")
	wantStatus(t, res, http.StatusOK)
	if got := body(t, res); got != e.userID+" ada@example.com from-verification=true" {
		t.Errorf("remote path: %q, want the verification's user", got)
	}
}

func listed(t *testing.T, res *http.Response) (ids []string, current string) {
	t.Helper()
	var list []struct {
		SessionID    string `json:"session_id"`
		UserID       string `json:"user_id"`
		Current      bool
		SessionToken string `json:"session_token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&list); err != nil {
		t.Fatal(err)
	}
	for _, s := range list {
		ids = append(ids, s.SessionID)
		if s.Current {
			current = s.SessionID
		}
	}
	slices.Sort(ids)
	return ids, current
}

func TestLifecycleDevices(t *testing.T) {
	e, sid := lifecycleE2E(t)
	other, err := e.stytch.CreateSession(e.userID, stytchtest.SessionSpec{})
	if err != nil {
		t.Fatal(err)
	}
	third, _ := e.stytch.CreateSession(e.userID, stytchtest.SessionSpec{})
	bob, err := e.stytch.CreateSignedInUser("bob@example.com", "another long password 77", stytchtest.SessionSpec{})
	if err != nil {
		t.Fatal(err)
	}
	ids, current := listed(t, e.do(http.MethodGet, "/sessions"))
	want := []string{sid, other.Session.SessionID, third.Session.SessionID}
	slices.Sort(want)
	if !slices.Equal(ids, want) || current != sid {
		t.Fatalf("listed %v (current %s), want %v (current %s)", ids, current, want, sid)
	}
	revokes := e.stytch.Requests(stytchtest.EndpointRevoke)
	wantStatus(t, e.do(http.MethodPost, "/revoke?id="+bob.Session.SessionID), http.StatusNotFound)
	wantStatus(t, e.do(http.MethodPost, "/revoke?id=session-test-unknown"), http.StatusNotFound)
	if _, ok := e.stytch.Session(bob.Session.SessionID); !ok || e.stytch.Requests(stytchtest.EndpointRevoke) != revokes {
		t.Fatal("another user's session was revoked, or a revoke was sent")
	}
	wantStatus(t, e.do(http.MethodPost, "/revoke?id="+other.Session.SessionID), http.StatusNoContent)
	if _, ok := e.stytch.Session(other.Session.SessionID); ok {
		t.Error("revoked session still live")
	}
	res := e.do(http.MethodPost, "/revoke-others")
	wantStatus(t, res, http.StatusOK)
	if got := body(t, res); got != "1" {
		t.Errorf("revoke-others ended %s sessions, want 1", got)
	}
	if ids, _ := listed(t, e.do(http.MethodGet, "/sessions")); !slices.Equal(ids, []string{sid}) {
		t.Errorf("after sign-out-others: %v, want only the current", ids)
	}
	if _, ok := e.stytch.Session(bob.Session.SessionID); !ok {
		t.Error("sign-out-others ended another user's session")
	}
	wantStatus(t, e.do(http.MethodPost, "/revoke?id="+sid), http.StatusNoContent)
	if c := e.cookies(); len(c) != 0 {
		t.Errorf("revoking the current session left cookies %v", c)
	}
}

// Stytch failing during a lifecycle call answers 503 with Retry-After and
// leaves the cookies alone.
func TestLifecycleUnavailable(t *testing.T) {
	for path, ep := range map[string]stytchtest.Endpoint{
		"/extend?d=1h":         stytchtest.EndpointAuthenticate,
		"/claims?set=theme:x":  stytchtest.EndpointAuthenticate,
		"/sessions":            stytchtest.EndpointSessions,
		"/user":                stytchtest.EndpointUserGet,
		"/revoke-others":       stytchtest.EndpointSessions,
		"/revoke?id=session-x": stytchtest.EndpointSessions,
	} {
		t.Run(path, func(t *testing.T) {
			e, _ := lifecycleE2E(t)
			before := e.cookies()
			e.stytch.InjectFault(ep, stytchtest.Fault{Status: 429, RetryAfter: 9 * time.Second})
			method := http.MethodPost
			if path == "/sessions" || path == "/user" {
				method = http.MethodGet
			}
			res := e.do(method, path)
			wantStatus(t, res, http.StatusServiceUnavailable)
			if res.Header.Get("Retry-After") != "9" || len(res.Header.Values("Set-Cookie")) != 0 {
				t.Errorf("Retry-After %q, Set-Cookie %v", res.Header.Get("Retry-After"), res.Header.Values("Set-Cookie"))
			}
			if after := e.cookies(); !maps2Equal(before, after) {
				t.Errorf("cookies changed: %v → %v", before, after)
			}
		})
	}
}

func maps2Equal(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// countingManager is the verifier, counting the claim updates that reach
// it as a SessionManager.
type countingManager struct {
	*verifier.Verifier
	updates int
}

func (c *countingManager) UpdateClaims(ctx context.Context, cr sessiongate.Credentials, patch map[string]any) (*sessiongate.Verification, error) {
	c.updates++
	return c.Verifier.UpdateClaims(ctx, cr, patch)
}

// The middleware refuses reserved names itself, whatever the manager does.
func TestLifecycleReservedBeforeManager(t *testing.T) {
	e, _ := lifecycleE2E(t)
	cm := &countingManager{Verifier: e.v}
	e.useLifecycleWith(cm)
	wantStatus(t, e.do(http.MethodPost, "/claims?set=ok:1"), http.StatusOK)
	for _, q := range []string{"set=jti:1", "del=https://stytch.com/x", "del=iat"} {
		wantStatus(t, e.do(http.MethodPost, "/claims?"+q), http.StatusBadRequest)
	}
	if cm.updates != 1 {
		t.Errorf("%d updates reached the manager, want 1", cm.updates)
	}
}
