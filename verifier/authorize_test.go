package verifier

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/stytchtest"
)

const authzPolicy = `{"roles": [
	{"role_id": "stytch_user", "permissions": [{"resource_id": "profile", "actions": ["read"]}]},
	{"role_id": "editor", "permissions": [{"resource_id": "documents", "actions": ["read", "write"]}]},
	{"role_id": "reader", "permissions": [{"resource_id": "documents", "actions": ["read"]}]}]}`

// authzEnv is an env whose user holds the roles reader and editor.
func authzEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t, stytchtest.WithRBACPolicy([]byte(authzPolicy)))
	if err := e.srv.SetUserRoles(e.userID, []string{"reader", "editor"}); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestAuthorize(t *testing.T) {
	e := authzEnv(t)
	r := e.remote()
	for _, tc := range []struct {
		name             string
		c                sessiongate.Credentials
		resource, action string
		granting         []string
		wantErr          error
	}{
		{"by token", tokenCred(e.tokens.SessionToken), "documents", "write", []string{"editor"}, nil},
		{"by JWT", jwtCred(e.tokens.SessionJWT), "documents", "read", []string{"reader", "editor"}, nil},
		{"default role", tokenCred(e.tokens.SessionToken), "profile", "read", []string{"stytch_user"}, nil},
		{"denied", tokenCred(e.tokens.SessionToken), "documents", "delete", nil, sessiongate.ErrPermissionDenied},
		{"no credentials", sessiongate.Credentials{}, "documents", "read", nil, sessiongate.ErrNoSession},
		{"empty action", tokenCred(e.tokens.SessionToken), "documents", "", nil, sessiongate.ErrMisconfigured},
		{"bad token", tokenCred("not a token!"), "documents", "read", nil, sessiongate.ErrInvalidToken},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := r.Authorize(t.Context(), tc.c, tc.resource, tc.action)
			wantErr(t, err, tc.wantErr)
			if tc.wantErr != nil {
				if isErr(err, sessiongate.ErrMisconfigured) && tc.wantErr != sessiongate.ErrMisconfigured {
					t.Errorf("error %v is also a misconfiguration", err)
				}
				return
			}
			if !slices.Equal(v.GrantingRoles, tc.granting) {
				t.Errorf("GrantingRoles = %q, want %q", v.GrantingRoles, tc.granting)
			}
			s := v.Verification.Session
			if s.SessionID != e.tokens.Session.SessionID || !slices.Contains(s.Roles, "editor") ||
				v.Verification.Source != sessiongate.SourceRemote || v.Verification.JWT == "" {
				t.Errorf("Verification = %+v, want the remote session with its roles and a fresh JWT", v.Verification)
			}
		})
	}
	t.Run("revoked", func(t *testing.T) {
		if err := e.srv.Revoke(e.tokens.Session.SessionID); err != nil {
			t.Fatal(err)
		}
		_, err := e.hybrid().Authorize(t.Context(), tokenCred(e.tokens.SessionToken), "documents", "read")
		wantErr(t, err, sessiongate.ErrSessionNotFound)
	})
}

// TestAuthorizeBurstCoalesced: 1,000 identical checks make one call;
// another action is another call.
func TestAuthorizeBurstCoalesced(t *testing.T) {
	e := authzEnv(t)
	r := e.remote()
	e.srv.InjectFault(stytchtest.EndpointAuthenticate, stytchtest.Fault{Latency: time.Second, Times: 2})
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range 1000 {
		action := "read"
		if i%2 == 1 {
			action = "write"
		}
		wg.Go(func() {
			<-start
			if _, err := r.Authorize(t.Context(), tokenCred(e.tokens.SessionToken), "documents", action); err != nil {
				t.Errorf("Authorize: %v", err)
			}
		})
	}
	close(start)
	wg.Wait()
	if got := e.srv.Requests(stytchtest.EndpointAuthenticate); got != 2 {
		t.Errorf("upstream calls = %d, want 2 (one per action)", got)
	}
}

// TestAuthorizeWithoutVerdict: a 200 without a positive verdict is an
// outage, never a grant.
func TestAuthorizeWithoutVerdict(t *testing.T) {
	for name, edit := range map[string]func(map[string]any){
		"no verdict": func(m map[string]any) { delete(m, "verdict") },
		"not authorized": func(m map[string]any) {
			m["verdict"] = map[string]any{"authorized": false, "granting_roles": []string{}}
		},
	} {
		t.Run(name, func(t *testing.T) {
			e := authzEnv(t)
			target, _ := url.Parse(e.srv.URL)
			proxy := httputil.NewSingleHostReverseProxy(target)
			tr := &http.Transport{}
			defer tr.CloseIdleConnections()
			proxy.Transport = tr
			proxy.ModifyResponse = func(resp *http.Response) error {
				var m map[string]any
				if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
					return err
				}
				resp.Body.Close()
				edit(m)
				b, _ := json.Marshal(m)
				resp.Body = io.NopCloser(bytes.NewReader(b))
				resp.ContentLength = int64(len(b))
				resp.Header.Del("Content-Length")
				return nil
			}
			srv := httptest.NewServer(proxy)
			defer srv.Close()
			r, err := NewRemote(e.srv.ProjectID(), e.srv.Secret(), WithBaseURL(srv.URL), WithClock(e.srv.Now), WithRetries(0))
			if err != nil {
				t.Fatal(err)
			}
			v, err := r.Authorize(t.Context(), tokenCred(e.tokens.SessionToken), "documents", "read")
			if v != nil || !isErr(err, sessiongate.ErrUnavailable) {
				t.Errorf("Authorize() = %v, %v; want ErrUnavailable", v, err)
			}
		})
	}
}
