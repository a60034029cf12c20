package stytchtest_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/sessiongate/sessiongate/stytchtest"
)

// jwksEntries returns the JWKS's keys.
func jwksEntries(t *testing.T, srv *stytchtest.Server) []map[string]any {
	t.Helper()
	r := ctl(t, srv, http.MethodGet, "/v1/sessions/jwks/"+srv.ProjectID(), nil)
	wantOK(t, r)
	list, _ := r.body["keys"].([]any)
	out := make([]map[string]any, len(list))
	for i, k := range list {
		out[i], _ = k.(map[string]any)
	}
	return out
}

func kidsOf(keys []map[string]any) []string {
	kids := make([]string, len(keys))
	for i, k := range keys {
		kids[i], _ = k["kid"].(string)
	}
	return kids
}

func TestControlRotateAndRemoveKey(t *testing.T) {
	srv := newServer(t, stytchtest.WithTestControls())
	old := srv.CurrentKeyID()
	r := ctl(t, srv, http.MethodPost, "/_emulator/keys/rotate", nil)
	wantOK(t, r)
	kid := r.str("kid")
	if kid == "" || kid == old || kid != srv.CurrentKeyID() {
		t.Fatalf("rotate answered kid %q; old %q, current %q", kid, old, srv.CurrentKeyID())
	}
	if got := kidsOf(jwksEntries(t, srv)); !slices.Equal(got, []string{old, kid}) {
		t.Fatalf("JWKS kids = %v, want [%s %s]", got, old, kid)
	}
	wantError(t, ctl(t, srv, http.MethodPost, "/_emulator/keys/remove", `{"kid":"jwk-test-unknown"}`), 400, "invalid_request")
	wantError(t, ctl(t, srv, http.MethodPost, "/_emulator/keys/remove", `{}`), 400, "invalid_request")
	wantError(t, ctl(t, srv, http.MethodPost, "/_emulator/keys/remove", `{"kid":1}`), 400, "invalid_request_body")
	wantError(t, ctl(t, srv, http.MethodPost, "/_emulator/keys/remove", `{"kid":"x"`), 400, "invalid_request_body")
	r = ctl(t, srv, http.MethodPost, "/_emulator/keys/remove", map[string]any{"kid": old})
	wantOK(t, r)
	if got := kidsOf(jwksEntries(t, srv)); !slices.Equal(got, []string{kid}) {
		t.Errorf("JWKS kids after remove = %v, want [%s]", got, kid)
	}
	if kids, _ := r.body["kids"].([]any); len(kids) != 1 || kids[0] != kid {
		t.Errorf("remove answered kids %v", r.body["kids"])
	}
}

func TestControlExtraKeys(t *testing.T) {
	srv := newServer(t, stytchtest.WithTestControls())
	_, tok := newUserSession(t, srv, stytchtest.SessionSpec{})
	signing := srv.CurrentKeyID()
	for _, tc := range []struct {
		kind, kty, alg string
		check          func(k map[string]any) bool
	}{
		{"rsa1024", "RSA", "RS256", func(k map[string]any) bool { return len(k["n"].(string)) == 171 && k["e"] == "AQAB" }},
		{"rsa_e3", "RSA", "RS256", func(k map[string]any) bool { return len(k["n"].(string)) == 342 && k["e"] == "Aw" }},
		{"duplicate_kid", "RSA", "RS256", func(k map[string]any) bool { return k["kid"] == signing && len(k["n"].(string)) == 342 }},
		{"ec", "EC", "ES256", func(k map[string]any) bool {
			return k["crv"] == "P-256" && len(k["x"].(string)) == 43 && len(k["y"].(string)) == 43
		}},
		{"oct", "oct", "HS256", func(k map[string]any) bool { return len(k["k"].(string)) == 43 }},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			r := ctl(t, srv, http.MethodPost, "/_emulator/jwks/extra", map[string]any{"kind": tc.kind})
			wantOK(t, r)
			keys := jwksEntries(t, srv)
			last := keys[len(keys)-1]
			if last["kid"] != r.str("kid") || last["kty"] != tc.kty || last["alg"] != tc.alg || !tc.check(last) {
				t.Errorf("extra key %v (answer %v)", last, r)
			}
			if keys[0]["kid"] != signing || srv.CurrentKeyID() != signing {
				t.Errorf("the signing key changed: %v", kidsOf(keys))
			}
		})
	}
	// Extra keys never sign and never verify: the session JWT still authenticates.
	wantOK(t, post(t, srv, authPath, map[string]any{"session_jwt": tok.SessionJWT}))
	for body, wantType := range map[string]string{
		`{"kind":"rsa512"}`: "invalid_request", `{}`: "invalid_request",
		`{"kind":3}`: "invalid_request_body", `{"kinds":"ec"}`: "invalid_request_body", `{"kind":`: "invalid_request_body",
	} {
		wantError(t, ctl(t, srv, http.MethodPost, "/_emulator/jwks/extra", body), 400, wantType)
	}
	// An extra key can be removed by its kid.
	ecKid := jwksEntries(t, srv)[4]["kid"].(string)
	wantOK(t, ctl(t, srv, http.MethodPost, "/_emulator/keys/remove", map[string]any{"kid": ecKid}))
	if slices.Contains(kidsOf(jwksEntries(t, srv)), ecKid) {
		t.Errorf("%s still listed", ecKid)
	}
}
