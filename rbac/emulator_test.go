package rbac_test

import (
	"sync"
	"testing"

	"github.com/sessiongate/sessiongate/rbac"
	"github.com/sessiongate/sessiongate/stytchtest"
	"github.com/sessiongate/sessiongate/verifier"
)

const emulatorPolicy = `{"roles": [
	{"role_id": "stytch_user", "permissions": []},
	{"role_id": "editor", "permissions": [{"resource_id": "documents", "actions": ["read", "write"]}]}]}`

// TestCacheOverVerifier loads the policy from the emulator through the
// verifier: 1,000 concurrent checks on a cold cache make one fetch.
func TestCacheOverVerifier(t *testing.T) {
	srv := stytchtest.NewServer(t, stytchtest.WithRBACPolicy([]byte(emulatorPolicy)))
	uid, err := srv.CreateUser("ada@example.com", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.SetUserRoles(uid, []string{"editor"}); err != nil {
		t.Fatal(err)
	}
	tok, err := srv.CreateSession(uid, stytchtest.SessionSpec{})
	if err != nil {
		t.Fatal(err)
	}
	v, err := verifier.New(t.Context(), srv.ProjectID(), srv.Secret(), verifier.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	c := newCache(t, v)
	s := &tok.Session
	var wg sync.WaitGroup
	for range 1000 {
		wg.Go(func() {
			ok, err := c.Allows(t.Context(), s, "documents", "write")
			if err != nil || !ok {
				t.Errorf("Allows() = %v, %v; want true", ok, err)
			}
		})
	}
	wg.Wait()
	if n := srv.Requests(stytchtest.EndpointRBACPolicy); n != 1 {
		t.Errorf("policy fetches at the emulator = %d, want 1", n)
	}
	if ok, _ := c.Allows(t.Context(), s, "documents", "delete"); ok {
		t.Error("an action the policy does not grant was allowed")
	}
	if _, err := rbac.ParsePolicy([]byte(emulatorPolicy)); err != nil {
		t.Fatal(err)
	}
}
