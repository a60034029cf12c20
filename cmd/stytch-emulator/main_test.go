package main

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var readyLine = regexp.MustCompile(`^stytch-emulator listening on (http://127\.0\.0\.1:[0-9]+)$`)

var rsaKey = sync.OnceValues(func() (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, 2048) })

// keyFile writes the test key as PEM and returns the path.
func keyFile(t *testing.T, pkcs8 bool) string {
	t.Helper()
	k, err := rsaKey()
	if err != nil {
		t.Fatal(err)
	}
	block := &pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}
	if pkcs8 {
		der, _ := x509.MarshalPKCS8PrivateKey(k)
		block = &pem.Block{Type: "PRIVATE KEY", Bytes: der}
	}
	path := filepath.Join(t.TempDir(), "key.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestParseKey(t *testing.T) {
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecDER, _ := x509.MarshalPKCS8PrivateKey(ec)
	for _, tc := range []struct {
		name string
		data []byte
		ok   bool
	}{
		{"pkcs1", mustRead(t, keyFile(t, false)), true},
		{"pkcs8", mustRead(t, keyFile(t, true)), true},
		{"ec pkcs8", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: ecDER}), false},
		{"not pem", []byte("hello"), false},
		{"wrong block", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte{1}}), false},
		{"broken pkcs1", pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: []byte{1}}), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseKey(tc.data)
			if (err == nil) != tc.ok {
				t.Errorf("parseKey() error = %v, want ok %v", err, tc.ok)
			}
		})
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-nope"}, {"extra"}, {"-addr"}} {
		err := run(t.Context(), args, io.Discard, io.Discard)
		if !errors.Is(err, errUsage) {
			t.Errorf("run(%q) = %v, want usage error", args, err)
		}
	}
	if err := run(t.Context(), []string{"-signing-key", "/nonexistent.pem", "-addr", "127.0.0.1:0"}, io.Discard, io.Discard); err == nil {
		t.Error("a missing key file did not fail")
	}
}

// startInProcess runs the command until the test ends and returns its URL.
func startInProcess(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"-addr", "127.0.0.1:0"}, args...), pw, io.Discard)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	m := readyLine.FindStringSubmatch(strings.TrimSuffix(line, "\n"))
	if err != nil || m == nil {
		cancel()
		t.Fatalf("ready line %q, %v", line, err)
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run() = %v, want nil after shutdown", err)
		}
	})
	return m[1]
}

func getJWKS(t *testing.T, base, projectID string) []string {
	t.Helper()
	resp, err := http.Get(base + "/v1/sessions/jwks/" + projectID)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct{ Keys []struct{ Kid string } }
	if resp.StatusCode != 200 || json.NewDecoder(resp.Body).Decode(&body) != nil {
		t.Fatalf("JWKS status %d", resp.StatusCode)
	}
	var kids []string
	for _, k := range body.Keys {
		kids = append(kids, k.Kid)
	}
	return kids
}

func TestSigningKeyIsReproducible(t *testing.T) {
	path := keyFile(t, false)
	a := getJWKS(t, startInProcess(t, "-project-id", "project-test-x", "-signing-key", path), "project-test-x")
	b := getJWKS(t, startInProcess(t, "-project-id", "project-test-x", "-signing-key", keyFile(t, true)), "project-test-x")
	if len(a) != 1 || strings.Join(a, ",") != strings.Join(b, ",") {
		t.Errorf("kids %v and %v, want the same single kid", a, b)
	}
}

func TestTestControls(t *testing.T) {
	advance := func(base, user, pass string) int {
		req, _ := http.NewRequest(http.MethodPost, base+"/_emulator/advance?seconds=600", nil)
		req.SetBasicAuth(user, pass)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	off := startInProcess(t, "-project-id", "p", "-secret", "s")
	if got := advance(off, "p", "s"); got != http.StatusNotFound {
		t.Errorf("controls off: status %d, want 404", got)
	}
	on := startInProcess(t, "-project-id", "p", "-secret", "s", "-enable-test-controls")
	if got := advance(on, "p", "wrong"); got != http.StatusUnauthorized {
		t.Errorf("wrong secret: status %d, want 401", got)
	}
	if got := advance(on, "p", "s"); got != http.StatusOK {
		t.Errorf("controls on: status %d, want 200", got)
	}
	if got := getJWKS(t, on, "p"); len(got) != 1 {
		t.Errorf("API behind the controls: kids %v", got)
	}
}

func TestRBACPolicyFlag(t *testing.T) {
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "good.json"), filepath.Join(dir, "bad.json")
	policy := `{"roles": [{"role_id": "stytch_user", "description": "", "permissions": [{"resource_id": "documents", "actions": ["read"]}]}], "resources": [], "scopes": []}`
	if err := os.WriteFile(good, []byte(policy), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte(`{"roles": [{"role_id": "editor"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	base := startInProcess(t, "-project-id", "p", "-secret", "s", "-rbac-policy", good)
	req, _ := http.NewRequest(http.MethodGet, base+"/v1/rbac/policy", nil)
	req.SetBasicAuth("p", "s")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct{ Policy json.RawMessage }
	if resp.StatusCode != 200 || json.NewDecoder(resp.Body).Decode(&body) != nil {
		t.Fatalf("GET /v1/rbac/policy: status %d", resp.StatusCode)
	}
	var got, want any
	json.Unmarshal(body.Policy, &got)
	json.Unmarshal([]byte(policy), &want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("policy = %s, want the file's", body.Policy)
	}
	// A cancelled ctx makes run return at once should it start serving.
	stopped, cancel := context.WithCancel(t.Context())
	cancel()
	for _, path := range []string{bad, filepath.Join(dir, "missing.json")} {
		if err := run(stopped, []string{"-addr", "127.0.0.1:0", "-rbac-policy", path}, io.Discard, io.Discard); err == nil {
			t.Errorf("-rbac-policy %s: run() = nil, want an error", filepath.Base(path))
		}
	}
}

// TestBinary builds the command, runs it as a process with the test
// controls, drives them, and stops it with SIGTERM.
func TestBinary(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "stytch-emulator")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-project-id", "project-test-x", "-secret", "s",
		"-enable-test-controls")
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	sc := bufio.NewScanner(stdout)
	if !sc.Scan() {
		t.Fatal("no ready line")
	}
	m := readyLine.FindStringSubmatch(sc.Text())
	if m == nil {
		t.Fatalf("ready line = %q", sc.Text())
	}
	if kids := getJWKS(t, m[1], "project-test-x"); len(kids) != 1 {
		t.Errorf("kids = %v", kids)
	}
	driveControls(t, m[1])
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if sc.Scan() {
		t.Errorf("extra output %q", sc.Text())
	}
	waitErr := make(chan error, 1)
	go func() { waitErr <- cmd.Wait() }()
	select {
	case err := <-waitErr:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v, want status 0", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the process did not stop after SIGTERM")
	}
}
