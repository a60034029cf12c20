package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// controlAnswer is a decoded answer of the emulator.
type controlAnswer struct {
	status int
	header http.Header
	body   map[string]any
}

// send sends method path with a JSON body, and Basic credentials when user is set.
func send(t *testing.T, base, method, path, body, user, pass string) controlAnswer {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if user != "" {
		req.SetBasicAuth(user, pass)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	out := controlAnswer{status: resp.StatusCode, header: resp.Header}
	if err := json.NewDecoder(resp.Body).Decode(&out.body); err != nil {
		t.Fatalf("%s %s: %d, body is not JSON: %v", method, path, resp.StatusCode, err)
	}
	return out
}

// driveControls injects an outage, rotates the key and resets the emulator
// at base (project "project-test-x", secret "s") over HTTP. The caller has
// fetched the JWKS once.
func driveControls(t *testing.T, base string) {
	const sandbox = `{"session_token":"WJtR5BCy38Szd5AfoDpf0iqFKEt4EE5JhjlWUY7l3FtY"}`
	authenticate := func() controlAnswer {
		return send(t, base, http.MethodPost, "/v1/sessions/authenticate", sandbox, "project-test-x", "s")
	}
	fault := `{"endpoint": "sessions/authenticate", "status": 503, "retry_after": 2, "delay_ms": 0, "times": 1, "body": "", "reset_connection": false}`
	if r := send(t, base, http.MethodPost, "/_emulator/faults", fault, "", ""); r.status != 200 {
		t.Fatalf("inject fault: %d %v", r.status, r.body)
	}
	r := authenticate()
	if r.status != 503 || r.header.Get("Retry-After") != "2" || r.body["error_type"] != "internal_server_error" {
		t.Errorf("during the outage: %d, Retry-After %q, %v", r.status, r.header.Get("Retry-After"), r.body)
	}
	if r := authenticate(); r.status != 200 {
		t.Errorf("after the outage: %d %v", r.status, r.body)
	}
	if r := send(t, base, http.MethodPost, "/_emulator/faults", `{"endpoint":"sessions/nope","status":503}`, "", ""); r.status != 400 {
		t.Errorf("unknown endpoint: %d %v", r.status, r.body)
	}
	if r := send(t, base, http.MethodPost, "/_emulator/keys/rotate", "", "", ""); r.status != 200 {
		t.Fatalf("rotate: %d %v", r.status, r.body)
	}
	if kids := getJWKS(t, base, "project-test-x"); len(kids) != 2 {
		t.Errorf("kids after rotation = %v, want 2", kids)
	}
	counts := send(t, base, http.MethodGet, "/_emulator/requests", "", "", "").body["requests"]
	if c, _ := counts.(map[string]any); c["sessions/authenticate"] != 2.0 || c["sessions/jwks"] != 2.0 {
		t.Errorf("requests = %v", counts)
	}
	if r := send(t, base, http.MethodPost, "/_emulator/reset", "", "", ""); r.status != 200 {
		t.Fatalf("reset: %d %v", r.status, r.body)
	}
	if kids := getJWKS(t, base, "project-test-x"); len(kids) != 1 {
		t.Errorf("kids after reset = %v, want 1", kids)
	}
}
