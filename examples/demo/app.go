package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"time"

	"github.com/sessiongate/sessiongate/cookie"
	"github.com/sessiongate/sessiongate/examples/demo/internal/stytchapi"
	"github.com/sessiongate/sessiongate/middleware"
	"github.com/sessiongate/sessiongate/stepup"
	"github.com/sessiongate/sessiongate/verifier"
)

// app holds the demo's dependencies; its methods are the HTTP handlers.
type app struct {
	be             *backend
	stytch         *stytchapi.Client
	verifier       *verifier.Verifier
	cookies        *cookie.Store
	sess           *middleware.Middleware
	transferPolicy *stepup.Policy
	perms          *permissions
	docs           *documentStore
	pages          *pages
	totps          *totpStore
	log            *slog.Logger
	sessionMinutes int
	loadtestRoutes bool    // serve /loadtest/bare and /loadtest/protected
	shared         *shared // the link to other instances through Redis, or nil
}

// newApp builds the verifier, the cookie store, the step-up policy and the
// RBAC checks. The verifier's background JWKS refresh and the RBAC policy
// refresh run until ctx is done.
func newApp(ctx context.Context, be *backend, cfg config, log *slog.Logger) (*app, error) {
	v, sh, err := newVerifier(ctx, be, cfg, log)
	if err != nil {
		return nil, err
	}
	a, err := assembleApp(ctx, be, cfg, log, v)
	if err != nil {
		if sh != nil {
			sh.rdb.Close()
		}
		return nil, err
	}
	if sh != nil {
		a.shared = sh
		sh.run(ctx, v) // last: nothing fails after it
	}
	return a, nil
}

// assembleApp builds the app around v; the RBAC policy refresh runs until
// ctx is done.
func assembleApp(ctx context.Context, be *backend, cfg config, log *slog.Logger, v *verifier.Verifier) (*app, error) {
	store, err := newCookieStore(cfg.cookieSealing, cfg.cookieKeys)
	if err != nil {
		return nil, err
	}
	policy, err := newTransferPolicy(be.now, log)
	if err != nil {
		return nil, err
	}
	pg, err := newPages(be.emu != nil, log)
	if err != nil {
		return nil, err
	}
	perms, err := newPermissions(ctx, v, pg, log)
	if err != nil {
		return nil, err
	}
	a := &app{
		be: be, stytch: stytchapi.New(be.baseURL, be.projectID, be.secret, nil),
		verifier: v, cookies: store, transferPolicy: policy, perms: perms, docs: &documentStore{}, pages: pg,
		totps: newTOTPStore(), log: log, sessionMinutes: cfg.sessionMinutes,
		loadtestRoutes: cfg.loadtestRoutes,
	}
	if a.sess, err = a.sessions(); err != nil {
		return nil, err
	}
	return a, nil
}

// newVerifier builds the verifier and, with -redis, its link to the other
// instances (not yet running).
func newVerifier(ctx context.Context, be *backend, cfg config, log *slog.Logger) (*verifier.Verifier, *shared, error) {
	opts := []verifier.Option{verifier.WithBaseURL(be.baseURL), verifier.WithClock(be.now),
		// Sliding expiry: the calls to Stytch the verifier makes anyway
		// (about every 5 minutes for an active user) extend the session.
		verifier.WithSessionDuration(time.Duration(cfg.sessionMinutes) * time.Minute),
		verifier.WithRemoteCacheTTL(cfg.remoteCacheTTL)}
	var sh *shared
	if cfg.redisURL != "" {
		var err error
		if sh, err = newShared(cfg.redisURL, be.secret, log); err != nil {
			return nil, nil, err
		}
		opts = append(opts, sh.options(cfg.remoteCacheTTL)...)
	}
	v, err := verifier.New(ctx, be.projectID, be.secret, opts...)
	if err != nil {
		if sh != nil {
			sh.rdb.Close()
		}
		return nil, nil, fmt.Errorf("demo: verifier: %v", err)
	}
	return v, sh, nil
}

// close stops the link to the other instances, if any: cancel ends its
// context, and close waits for it.
func (a *app) close(cancel context.CancelFunc) {
	if a.shared != nil {
		cancel()
		a.shared.close()
	}
}

// newCookieStore returns server-managed cookies: HttpOnly, SameSite=Lax,
// and sealed, unless sealing is off, with keys (hash/block pairs, newest
// first; several instances need the same) or else with keys made at start
// (sessions end when the demo restarts). The demo serves plain HTTP on
// loopback, so the cookies cannot be Secure.
func newCookieStore(sealing bool, keyList string) (*cookie.Store, error) {
	keys, err := parseCookieKeys(keyList)
	if err != nil {
		return nil, err
	}
	opts := []cookie.Option{
		cookie.WithServerManaged(),
		cookie.WithInsecure(), // plain-HTTP development only
	}
	if len(keys) > 0 {
		opts = append(opts, cookie.WithSealing(keys...))
	} else if sealing {
		hashKey, blockKey := make([]byte, 32), make([]byte, 32)
		_, _ = rand.Read(hashKey) // crypto/rand.Read never fails
		_, _ = rand.Read(blockKey)
		opts = append(opts, cookie.WithSealing(hashKey, blockKey))
	}
	s, err := cookie.New(opts...)
	if err != nil {
		return nil, fmt.Errorf("demo: cookies: %v", err)
	}
	return s, nil
}
