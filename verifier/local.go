package verifier

import (
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/sessionjwt"
)

// MaxJWTLength caps the size of a JWT accepted for verification. Stytch's
// session JWTs are about 1–2 KiB; custom claims are limited to 4 KB.
const MaxJWTLength = sessionjwt.MaxLength

// Local verifies session JWTs against the project's JWKS, without calling
// Stytch's API. It cannot see revocations: a JWT stays valid until its exp
// (at most five minutes). A Local is safe for concurrent use.
type Local struct {
	projectID   string
	issuers     []string
	keys        *keyStore
	cache       *resultCache
	now         func() time.Time
	leeway      time.Duration
	maxTokenAge time.Duration
	revoked     denylist
}

// NewLocal returns a local verifier for projectID. It validates the options
// and starts the background JWKS refresh, which runs until ctx is done; it
// does no network I/O itself (call [Local.Refresh] to wait for the keys).
func NewLocal(ctx context.Context, projectID string, opts ...Option) (*Local, error) {
	o, err := buildOptions(projectID, opts, forLocal)
	if err != nil {
		return nil, fmt.Errorf("verifier: %w", err)
	}
	return newLocal(ctx, projectID, o), nil
}

func newLocal(ctx context.Context, projectID string, o *options) *Local {
	l := buildLocal(ctx, projectID, o)
	go l.keys.loop(ctx)
	if o.ownClient {
		// Nothing else holds the connections of a client built here: close
		// the idle ones with the rest of the verifier's background work.
		context.AfterFunc(ctx, o.client.CloseIdleConnections)
	}
	return l
}

// buildLocal assembles a Local without starting its refresh loop.
func buildLocal(ctx context.Context, projectID string, o *options) *Local {
	return &Local{
		projectID:   projectID,
		issuers:     []string{"stytch.com/" + projectID, o.baseURL},
		keys:        newKeyStore(ctx, o.baseURL+"/v1/sessions/jwks/"+projectID, o),
		cache:       newResultCache(o.cacheSize),
		now:         o.now,
		leeway:      o.leeway,
		maxTokenAge: o.maxTokenAge,
	}
}

// Refresh fetches the JWKS now (joining a fetch already in flight) and
// reports whether a usable key set is loaded. Use it for readiness checks.
func (l *Local) Refresh(ctx context.Context) error {
	err := l.keys.refresh(ctx)
	if err != nil {
		return &sessiongate.UnavailableError{Err: fmt.Errorf("verifier: JWKS refresh: %v", err)}
	}
	return nil
}

// Verify checks c.JWT locally. It returns ErrNoSession without a JWT (an
// opaque token alone cannot be checked locally), ErrInvalidToken for a
// malformed, forged or foreign JWT, ErrExpired, ErrTooOld when the JWT is older
// than f allows (always, when f is [sessiongate.ConfirmWithServer]),
// ErrUnknownKey, or an [*sessiongate.UnavailableError] when no JWKS can be loaded.
func (l *Local) Verify(ctx context.Context, c sessiongate.Credentials, f sessiongate.Freshness) (*sessiongate.Verification, error) {
	if c.JWT == "" {
		// An opaque token is not a credential a local verifier can check;
		// say "no session" rather than "invalid" so that it is kept.
		return nil, fmt.Errorf("%w: local verification needs a session JWT", sessiongate.ErrNoSession)
	}
	now := l.now()
	e, cached, err := l.verifyJWT(ctx, c.JWT, now)
	if err != nil {
		return nil, err
	}
	return l.result(e, cached, f, now)
}

// VerifyCached answers from the verified-result cache alone, with no I/O
// and no signature check: when jwt is, byte for byte, a JWT this Local
// verified and still holds, and the answer still stands at f (unexpired,
// signing key still listed, session not revoked here, young enough), it
// returns what Verify would (Source cache) and true. Otherwise it returns
// false, and Verify gives the full answer. A true answer also vouches for
// jwt's syntax, which lets the middleware skip its own check of a JWT seen
// before.
//
// Unlike Verify's, the Verification it returns is the cache's own, shared
// by every caller that presents the same JWT, which is what makes a hit
// allocation-free: neither it nor its Session may be modified. Copy both
// before handing them to code that might; the middleware copies them into
// each request's own storage.
func (l *Local) VerifyCached(jwt string, f sessiongate.Freshness) (*sessiongate.Verification, bool) {
	if l.cache == nil {
		return nil, false
	}
	now := l.now()
	e := l.cachedEntry(jwt, now)
	if e == nil || l.checkRevoked(e, now) != nil {
		return nil, false
	}
	if _, old := l.age(e, f, now); old {
		return nil, false
	}
	return &e.shared, true
}

// cachedEntry returns tok's live cache entry whose key is still listed.
func (l *Local) cachedEntry(tok string, now time.Time) *entry {
	if e := l.cache.get(tok, now); e != nil && l.keyStillListed(e, now) {
		return e
	}
	return nil
}

// result applies freshness, at now, to a verified entry.
func (l *Local) result(e *entry, cached bool, f sessiongate.Freshness, now time.Time) (*sessiongate.Verification, error) {
	if age, old := l.age(e, f, now); old {
		return nil, fmt.Errorf("%w: JWT issued %ds ago", sessiongate.ErrTooOld, age)
	}
	src := sessiongate.SourceLocal
	if cached {
		src = sessiongate.SourceCache
	}
	return ownVerification(e.shared.Session, src, e.shared.ConfirmedAt), nil
}

// age returns how many seconds ago e's JWT was issued, and whether that is
// too old for f (or the default max token age).
func (l *Local) age(e *entry, f sessiongate.Freshness, now time.Time) (int64, bool) {
	maxAge, ok := f.MaxAge()
	if !ok {
		maxAge = l.maxTokenAge
	}
	age := now.Unix() - e.iat
	return age, maxAge <= 0 || age > int64(maxAge/time.Second)
}

// verifyJWT returns the verified entry for tok, from the cache when possible.
// For an expired JWT with a valid signature it returns the entry along with
// the ErrExpired error, so that callers know the session it names. One
// reading of the clock, now, serves the whole check.
func (l *Local) verifyJWT(ctx context.Context, tok string, now time.Time) (*entry, bool, error) {
	if l.cache != nil {
		if e := l.cachedEntry(tok, now); e != nil {
			return e, true, l.checkRevoked(e, now)
		}
	}
	e, err := l.verifyUncached(ctx, tok, now)
	if e != nil && err == nil {
		err = l.checkRevoked(e, now)
	}
	if err == nil && l.cache != nil {
		l.cache.put(tok, e, now)
	}
	return e, false, err
}

// keyStillListed reports whether the key that verified e is in the
// current, not too stale, key set. Key sets are immutable and replaced
// whole, so the set e was verified under needs no lookup.
func (l *Local) keyStillListed(e *entry, now time.Time) bool {
	ks := l.keys.currentAt(now)
	return ks != nil && (ks == e.set || ks.keys[e.kid] == e.pub)
}

func (l *Local) verifyUncached(ctx context.Context, tok string, now time.Time) (*entry, error) {
	t, err := sessionjwt.Parse(tok)
	if err != nil {
		return nil, err
	}
	var c *sessionjwt.Claims
	pub, err := l.key(ctx, t, &c)
	if err != nil {
		return nil, err
	}
	if err := t.Verify(pub); err != nil {
		return nil, err
	}
	if c == nil {
		if c, err = t.Claims(); err != nil {
			return nil, err
		}
	}
	e, err := l.checkClaims(c, now)
	if e != nil {
		e.kid, e.pub = t.KID(), pub
		if ks := l.keys.currentAt(now); ks != nil && ks.keys[t.KID()] == pub {
			e.set = ks
		}
	}
	return e, err
}

// policy is what this Local checks claims against.
func (l *Local) policy() sessionjwt.Policy {
	return sessionjwt.Policy{Issuers: l.issuers, ProjectID: l.projectID, Leeway: l.leeway}
}

// key finds the verifying key for t's kid. For an unknown kid it reads the
// unverified claims (stored in *c) and, only when iss and aud name this
// project, runs the rate-limited JWKS refresh once: ErrUnknownKey when a
// freshly fetched set lacks kid too, unavailable when none could be fetched.
func (l *Local) key(ctx context.Context, t sessionjwt.Token, c **sessionjwt.Claims) (*rsa.PublicKey, error) {
	kid := t.KID()
	ks, kerr := l.keys.ensure(ctx)
	if ks != nil {
		if pub := ks.keys[kid]; pub != nil {
			return pub, nil
		}
	}
	// No key for kid (or no key set at all): only a token that claims to be
	// for this project may cost a refresh or, in the hybrid, an API call.
	var err error
	if *c, err = t.Claims(); err != nil {
		return nil, err
	}
	if !(*c).NamesProject(l.policy()) {
		return nil, invalid("iss or aud does not name this project")
	}
	if kerr != nil {
		return nil, kerr
	}
	if err := l.keys.refreshUnknown(ctx); err != nil {
		return nil, err // the kid could not be checked: unavailable, never invalid
	}
	if ks := l.keys.current(); ks != nil && ks.keys[kid] != nil {
		return ks.keys[kid], nil
	}
	return nil, fmt.Errorf("%w: kid not in JWKS", sessiongate.ErrUnknownKey)
}

// checkClaims checks the verified claims and builds the entry. An expired
// token still yields its entry (with the error).
func (l *Local) checkClaims(c *sessionjwt.Claims, now time.Time) (*entry, error) {
	r, err := c.Check(l.policy(), now)
	if r.Session == nil {
		return nil, err
	}
	e := &entry{iat: r.IssuedAt,
		until:  min(time.Unix(r.Expiry, 0).UnixNano(), r.Session.ExpiresAt.UnixNano()),
		shared: sessiongate.Verification{Session: r.Session, Source: sessiongate.SourceCache, ConfirmedAt: time.Unix(r.IssuedAt, 0).UTC()}}
	return e, err
}

func (l *Local) checkRevoked(e *entry, now time.Time) error {
	if l.revoked.has(e.shared.Session.SessionID, now) {
		return fmt.Errorf("%w: session revoked through this verifier", sessiongate.ErrSessionNotFound)
	}
	return nil
}

// verifiedSession returns the session id and expiry of jwt when its
// signature and claims verify (an expired JWT still counts), and "" otherwise.
func (l *Local) verifiedSession(ctx context.Context, jwt string) (string, time.Time) {
	if jwt == "" {
		return "", time.Time{}
	}
	e, err := l.verifyUncached(ctx, jwt, l.now())
	if e == nil || (err != nil && !errors.Is(err, sessiongate.ErrExpired)) {
		return "", time.Time{}
	}
	return e.shared.Session.SessionID, e.shared.Session.ExpiresAt
}

// deny drops jwt from the result cache and rejects every JWT of sessionID
// until until.
func (l *Local) deny(jwt, sessionID string, until time.Time) {
	if l.cache != nil {
		l.cache.remove(jwt)
	}
	l.revoked.set(sessionID, until, l.now())
}
