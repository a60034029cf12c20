package main

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/sessiongate/sessiongate/stytchtest"
)

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    config
		wantErr bool
	}{
		{"defaults", nil, config{addr: "127.0.0.1:8080", sessionMinutes: 60, cookieSealing: true}, false},
		{"all", []string{"-addr", ":0", "-project-id", "project-test-x", "-emulator-signing-key", "k.pem", "-session-minutes", "30", "-cookie-sealing=false"},
			config{addr: ":0", projectID: "project-test-x", signingKeyFile: "k.pem", sessionMinutes: 30}, false},
		{"loadtest routes", []string{"-loadtest-routes"}, config{addr: "127.0.0.1:8080", sessionMinutes: 60, cookieSealing: true, loadtestRoutes: true}, false},
		{"emulator controls", []string{"-emulator-test-controls"},
			config{addr: "127.0.0.1:8080", sessionMinutes: 60, cookieSealing: true, emulatorControls: true}, false},
		{"session too short", []string{"-session-minutes", "4"}, config{}, true},
		{"unknown flag", []string{"-nope"}, config{}, true},
		{"stray argument", []string{"extra"}, config{}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseFlags(tc.args, io.Discard)
			if (err != nil) != tc.wantErr {
				t.Fatalf("parseFlags(%q) error = %v, want error %v", tc.args, err, tc.wantErr)
			}
			if err == nil && got != tc.want {
				t.Errorf("parseFlags(%q) = %+v, want %+v", tc.args, got, tc.want)
			}
		})
	}
	if _, err := parseFlags([]string{"-h"}, io.Discard); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("parseFlags(-h) error = %v, want flag.ErrHelp", err)
	}
}

func TestStytchBaseURL(t *testing.T) {
	for id, want := range map[string]string{
		"project-live-1234": "https://api.stytch.com",
		"project-test-1234": "https://test.stytch.com",
		"something-else":    "https://test.stytch.com",
	} {
		if got := stytchBaseURL(id); got != want {
			t.Errorf("stytchBaseURL(%q) = %q, want %q", id, got, want)
		}
	}
}

func TestStartBackendChoosesRealStytchFromEnv(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	env := map[string]string{"STYTCH_PROJECT_ID": "project-live-abc", "STYTCH_SECRET": "secret-live-xyz"}
	be, err := startBackend(context.Background(), config{}, func(k string) string { return env[k] }, io.Discard, log)
	if err != nil {
		t.Fatalf("startBackend() error = %v", err)
	}
	defer be.close()
	if be.emu != nil || be.baseURL != "https://api.stytch.com" || be.projectID != "project-live-abc" {
		t.Errorf("backend = {emu: %v, baseURL: %q, projectID: %q}, want real live Stytch", be.emu != nil, be.baseURL, be.projectID)
	}
	env["STYTCH_BASE_URL"] = "http://127.0.0.1:1/"
	be2, err := startBackend(context.Background(), config{}, func(k string) string { return env[k] }, io.Discard, log)
	if err != nil {
		t.Fatalf("startBackend() error = %v", err)
	}
	defer be2.close()
	if be2.baseURL != "http://127.0.0.1:1" {
		t.Errorf("baseURL = %q, want STYTCH_BASE_URL without the trailing slash", be2.baseURL)
	}
}

func TestDemoControlsOnlyInEmulatorMode(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	be := &backend{baseURL: "http://127.0.0.1:1", projectID: "project-test-abc", secret: "s", now: nowUTC, close: func() {}}
	a, err := newApp(ctx, be, config{sessionMinutes: 60, cookieSealing: true}, log)
	if err != nil {
		t.Fatalf("newApp() error = %v", err)
	}
	h, err := a.routes()
	if err != nil {
		t.Fatalf("routes() error = %v", err)
	}
	req := httptest.NewRequest("POST", "/_demo/advance?minutes=6", nil)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotFound && rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /_demo/advance with real Stytch: status %d, want 404 or 405 (no such route)", rec.Code)
	}
}

// TestRunWithReproducibleKey starts the demo as main does, with a project id
// and a signing key file, and checks the emulator uses both.
func TestRunWithReproducibleKey(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	for _, enc := range []struct {
		name  string
		block *pem.Block
	}{
		{"pkcs1", &pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}},
		{"pkcs8", pkcs8Block(t, key)},
	} {
		t.Run(enc.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "key.pem")
			if err := os.WriteFile(file, pem.EncodeToMemory(enc.block), 0o600); err != nil {
				t.Fatal(err)
			}
			const project = "project-test-11111111-2222-4333-8444-555555555555"
			demo := startDemo(t, "-project-id", project, "-emulator-signing-key", file)
			if got := getStatus(t, demo.URL+"/healthz"); got != http.StatusOK {
				t.Fatalf("GET /healthz = %d, want 200", got)
			}
			kids := jwksKIDs(t, demo.Emulator+"/v1/sessions/jwks/"+project)
			if want := stytchtest.KeyID(&key.PublicKey); len(kids) != 1 || kids[0] != want {
				t.Errorf("emulator JWKS kids = %v, want [%s]", kids, want)
			}
		})
	}
}

// TestRunWithEmulatorControls checks the emulator serves its test controls
// on the address the demo prints only with -emulator-test-controls.
func TestRunWithEmulatorControls(t *testing.T) {
	off := startDemo(t)
	if got := postStatus(t, off.Emulator+"/_emulator/keys/rotate"); got != http.StatusNotFound {
		t.Errorf("without the flag: POST /_emulator/keys/rotate = %d, want 404", got)
	}
	on := startDemo(t, "-emulator-test-controls", "-project-id", "project-test-x")
	if got := postStatus(t, on.Emulator+"/_emulator/keys/rotate"); got != http.StatusOK {
		t.Fatalf("with the flag: POST /_emulator/keys/rotate = %d, want 200", got)
	}
	if kids := jwksKIDs(t, on.Emulator+"/v1/sessions/jwks/project-test-x"); len(kids) != 2 {
		t.Errorf("JWKS kids after rotation = %v, want 2", kids)
	}
}

func postStatus(t *testing.T, url string) int {
	t.Helper()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Post(url, "application/json", nil)
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

func TestLoadSigningKeyErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for name, path := range map[string]string{
		"missing file": filepath.Join(dir, "nope.pem"),
		"not PEM":      write("text.pem", "hello"),
		"not a key":    write("junk.pem", string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte("junk")}))),
	} {
		if _, err := loadSigningKey(path); err == nil {
			t.Errorf("%s: loadSigningKey() error = nil, want an error", name)
		}
	}
	if err := run(context.Background(), []string{"-emulator-signing-key", filepath.Join(dir, "nope.pem")}, noEnv, io.Discard, io.Discard); err == nil {
		t.Error("run() with a missing key file = nil, want an error")
	}
}

func pkcs8Block(t *testing.T, key *rsa.PrivateKey) *pem.Block {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return &pem.Block{Type: "PRIVATE KEY", Bytes: der}
}

func getStatus(t *testing.T, url string) int {
	t.Helper()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

func jwksKIDs(t *testing.T, url string) []string {
	t.Helper()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	var set struct {
		Keys []struct {
			Kid string `json:"kid"`
		} `json:"keys"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&set); err != nil {
		t.Fatalf("decode JWKS: %v", err)
	}
	kids := make([]string, len(set.Keys))
	for i, k := range set.Keys {
		kids[i] = k.Kid
	}
	return kids
}

func TestQRImage(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"data:image/png;base64,iVBORw0KGgo=", true},
		{"", false},
		{"data:image/png;base64,", false},
		{"data:image/png;base64,not base64!", false},
		{"data:text/html;base64,PHNjcmlwdD4=", false},
		{"javascript:alert(1)", false},
		{"https://evil.example/qr.png", false},
	}
	for _, tc := range tests {
		if got := qrImage(tc.in); (got != "") != tc.want {
			t.Errorf("qrImage(%q) = %q, want accepted %v", tc.in, got, tc.want)
		}
	}
}
