package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/sessiongate/sessiongate/stytchtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	case errors.Is(err, errUsage):
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "stytch-emulator:", err)
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

// config is the parsed command line.
type config struct {
	addr      string
	projectID string
	secret    string
	keyFile   string
	controls  bool
	rbacFile  string
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("stytch-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8787", "listen address (host:port; port 0 picks a free port)")
	fs.StringVar(&c.projectID, "project-id", stytchtest.DefaultProjectID, "Stytch project id (Basic-auth user, JWT audience)")
	fs.StringVar(&c.secret, "secret", stytchtest.DefaultSecret, "Stytch API secret (Basic-auth password)")
	fs.StringVar(&c.keyFile, "signing-key", "", "PEM file with the RSA signing key (default: a fresh 2048-bit key)")
	fs.BoolVar(&c.controls, "enable-test-controls", false, "serve the test controls under /_emulator/ (see stytchtest.WithTestControls)")
	fs.StringVar(&c.rbacFile, "rbac-policy", "", "JSON file with the RBAC policy object of GET /v1/rbac/policy (default: stytch_user alone)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c, err
		}
		return c, errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "stytch-emulator: unexpected arguments %q\n", fs.Args())
		return c, errUsage
	}
	return c, nil
}

// run serves until ctx is done, then shuts down gracefully.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	opts := []stytchtest.Option{stytchtest.WithProjectID(c.projectID), stytchtest.WithSecret(c.secret)}
	if c.controls {
		opts = append(opts, stytchtest.WithTestControls())
	}
	if c.keyFile != "" {
		key, err := loadKey(c.keyFile)
		if err != nil {
			return err
		}
		opts = append(opts, stytchtest.WithSigningKey(key))
	}
	if c.rbacFile != "" {
		policy, err := os.ReadFile(c.rbacFile)
		if err != nil {
			return err
		}
		opts = append(opts, stytchtest.WithRBACPolicy(policy))
	}
	e, err := stytchtest.New(opts...)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	srv := newHTTPServer(e)
	fmt.Fprintf(stdout, "stytch-emulator listening on http://%s\n", ln.Addr())
	return serve(ctx, srv, ln)
}

func newHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
}

// serve runs srv on ln until ctx is done, then drains it.
func serve(ctx context.Context, srv *http.Server, ln net.Listener) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := srv.Shutdown(shutdownCtx)
	if serveErr := <-errc; !errors.Is(serveErr, http.ErrServerClosed) {
		return serveErr
	}
	return err
}
