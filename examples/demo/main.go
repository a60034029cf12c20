// Command demo is a small web app protected by sessiongate: sign up and log in
// with a password, see the verified session, enroll TOTP, and send a transfer
// that needs a TOTP code from the last five minutes.
//
// It runs on an in-process Stytch emulator unless STYTCH_PROJECT_ID and
// STYTCH_SECRET are set, in which case it talks to Stytch (test or live by
// the project id, or STYTCH_BASE_URL).
//
//	go run ./examples/demo [-addr 127.0.0.1:8080] [-project-id ID] [-emulator-signing-key key.pem]
//	                       [-emulator-test-controls]
//	                       [-redis redis://127.0.0.1:6379/0] [-remote-cache-ttl 30s]
//
// With -redis (or REDIS_URL), several instances share revocations and, with
// -remote-cache-ttl, Stytch's answers; SESSIONGATE_COOKIE_KEYS
// (comma-separated HASHHEX:BLOCKHEX pairs of 32-byte keys, newest first)
// lets them open each other's sealed cookies.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// config is the demo's command line.
type config struct {
	addr           string
	projectID      string
	signingKeyFile string
	sessionMinutes int
	cookieSealing  bool
	loadtestRoutes bool
	// emulatorControls serves the emulator's test controls (/_emulator/...).
	emulatorControls bool
	redisURL         string        // -redis or REDIS_URL: share revocations through Redis
	remoteCacheTTL   time.Duration // -remote-cache-ttl: cache (and, with -redis, share) Stytch's answers
	cookieKeys       string        // SESSIONGATE_COOKIE_KEYS, checked by fromEnv
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", "address to serve the demo on (port 0 picks a free port)")
	fs.StringVar(&c.projectID, "project-id", "", "emulator project id (default: stytchtest's); ignored with real Stytch")
	fs.StringVar(&c.signingKeyFile, "emulator-signing-key", "", "PEM RSA private key the emulator signs JWTs with (default: a fresh key)")
	fs.IntVar(&c.sessionMinutes, "session-minutes", 60, "lifetime of the sessions the demo starts, in minutes")
	fs.BoolVar(&c.cookieSealing, "cookie-sealing", true, "seal session cookies with authenticated encryption (keys made at start)")
	fs.BoolVar(&c.loadtestRoutes, "loadtest-routes", false, "also serve GET /loadtest/bare and /loadtest/protected (one trivial handler, without and behind RequireSession) for scripts/loadtest.sh")
	fs.BoolVar(&c.emulatorControls, "emulator-test-controls", false, "serve the emulator's test controls (/_emulator/...) on the emulator's address")
	fs.StringVar(&c.redisURL, "redis", "", "Redis URL (redis://host:port/db) shared by several instances: revocations fan out, remote answers are shared (default: $REDIS_URL)")
	fs.DurationVar(&c.remoteCacheTTL, "remote-cache-ttl", 0, "cache Stytch's answers this long (0: off); shared between instances with -redis")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("demo: unexpected arguments %q", fs.Args())
	}
	if c.sessionMinutes < 5 || c.sessionMinutes > 527040 {
		return c, errors.New("demo: -session-minutes must be between 5 and 527040")
	}
	return c, nil
}

// fromEnv completes c from the environment: REDIS_URL when -redis is
// unset, and the cookie keys.
func (c *config) fromEnv(getenv func(string) string) error {
	if c.redisURL == "" {
		c.redisURL = getenv("REDIS_URL")
	}
	c.cookieKeys = getenv("SESSIONGATE_COOKIE_KEYS")
	_, err := parseCookieKeys(c.cookieKeys)
	return err
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// run serves the demo until ctx is done, then shuts down gracefully.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if err := cfg.fromEnv(getenv); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	be, err := startBackend(ctx, cfg, getenv, stdout, log)
	if err != nil {
		return err
	}
	defer be.close()
	app, err := newApp(ctx, be, cfg, log)
	if err != nil {
		return err
	}
	defer app.close(cancel)
	h, err := app.routes()
	if err != nil {
		return fmt.Errorf("demo: routes: %v", err)
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("demo: listen: %v", err)
	}
	srv := newServer(h, log)
	fmt.Fprintf(stdout, "demo listening on http://%s\n", ln.Addr())
	return serve(ctx, srv, ln)
}

// newServer returns an http.Server with bounded header size and timeouts, so
// slow or oversized clients cannot hold the server.
func newServer(h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       90 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// serve runs srv on ln until ctx is done, then drains open requests for up
// to ten seconds.
func serve(ctx context.Context, srv *http.Server, ln net.Listener) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("demo: serve: %v", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("demo: shutdown: %v", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("demo: serve: %v", err)
	}
	return nil
}
