package main

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/sessiongate/sessiongate/stytchtest"
)

// backend is the Stytch the demo talks to: the in-process emulator, or the
// real API.
type backend struct {
	baseURL   string
	projectID string
	secret    string
	// emu is the in-process emulator, nil with real Stytch.
	emu *stytchtest.Emulator
	// now is the clock every component shares: the emulator's (so advancing
	// it ages factors and tokens consistently) or time.Now.
	now   func() time.Time
	close func()
}

// stytchBaseURL returns Stytch's API host for a project id, as the official
// SDKs choose it.
func stytchBaseURL(projectID string) string {
	if strings.HasPrefix(projectID, "project-live-") {
		return "https://api.stytch.com"
	}
	return "https://test.stytch.com"
}

// startBackend uses real Stytch when STYTCH_PROJECT_ID and STYTCH_SECRET are
// set, and starts the emulator otherwise.
func startBackend(ctx context.Context, cfg config, getenv func(string) string, stdout io.Writer, log *slog.Logger) (*backend, error) {
	id, secret := getenv("STYTCH_PROJECT_ID"), getenv("STYTCH_SECRET")
	if id == "" || secret == "" {
		return startEmulator(ctx, cfg, stdout, log)
	}
	base := getenv("STYTCH_BASE_URL")
	if base == "" {
		base = stytchBaseURL(id)
	}
	log.Info("using Stytch", "base_url", base, "project_id", id)
	return &backend{
		baseURL: strings.TrimRight(base, "/"), projectID: id, secret: secret,
		now: time.Now, close: func() {},
	}, nil
}

// startEmulator serves a stytchtest emulator on a free loopback port.
func startEmulator(ctx context.Context, cfg config, stdout io.Writer, log *slog.Logger) (*backend, error) {
	var opts []stytchtest.Option
	if cfg.projectID != "" {
		opts = append(opts, stytchtest.WithProjectID(cfg.projectID))
	}
	if cfg.signingKeyFile != "" {
		key, err := loadSigningKey(cfg.signingKeyFile)
		if err != nil {
			return nil, err
		}
		opts = append(opts, stytchtest.WithSigningKey(key))
	}
	opts = append(opts, stytchtest.WithRBACPolicy([]byte(demoPolicy)))
	if cfg.emulatorControls {
		opts = append(opts, stytchtest.WithTestControls())
	}
	emu, err := stytchtest.New(opts...)
	if err != nil {
		return nil, fmt.Errorf("demo: start emulator: %v", err)
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("demo: emulator listen: %v", err)
	}
	srv := newServer(emu, log)
	go func() { _ = srv.Serve(ln) }()
	url := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "emulator listening on %s\n", url)
	return &backend{
		baseURL: url, projectID: emu.ProjectID(), secret: emu.Secret(),
		emu: emu, now: emu.Now,
		close: func() { _ = srv.Close() },
	}, nil
}

// loadSigningKey reads a PEM RSA private key (PKCS #1 or PKCS #8).
func loadSigningKey(path string) (*rsa.PrivateKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("demo: read signing key: %v", err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("demo: signing key: no PEM block found")
	}
	if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("demo: signing key: not an RSA private key: %v", err)
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, errors.New("demo: signing key: not an RSA private key")
	}
	return rk, nil
}

// healthz answers liveness probes.
func healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = io.WriteString(w, "ok\n")
}
