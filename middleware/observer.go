package middleware

import (
	"context"
	"log/slog"
	"time"

	"github.com/sessiongate/sessiongate"
)

// Outcome is what the middleware did with a request.
type Outcome string

// Outcomes.
const (
	OutcomeAllowed   Outcome = "allowed"    // a verified session went on to the handler
	OutcomeAnonymous Outcome = "anonymous"  // an optional route served the request without a session
	OutcomeDenied    Outcome = "denied"     // refused for a credential or request problem (400, 401, 403)
	OutcomeFailed    Outcome = "failed"     // could not decide: Stytch or configuration failed (503, 500)
	OutcomeLoggedOut Outcome = "logged_out" // Logout ran
)

// Reason is a machine-readable reason code.
type Reason string

// Reasons.
const (
	ReasonOK            Reason = "ok"
	ReasonMissing       Reason = "missing"
	ReasonMalformed     Reason = "malformed"
	ReasonInvalid       Reason = "invalid"
	ReasonExpired       Reason = "expired"
	ReasonTooOld        Reason = "too_old"
	ReasonUnknownKey    Reason = "unknown_kid"
	ReasonRevoked       Reason = "revoked"
	ReasonUnreadable    Reason = "unreadable_cookie"
	ReasonCrossOrigin   Reason = "cross_origin"
	ReasonUnavailable   Reason = "unavailable"
	ReasonMisconfigured Reason = "misconfigured"
	ReasonStepUp        Reason = "step_up"
	ReasonInternal      Reason = "internal"
	ReasonRevokeFailed  Reason = "revoke_failed"
)

// Event records one decision. It never holds a credential, a session ID or
// a secret.
type Event struct {
	Outcome Outcome
	Reason  Reason
	// Credential says where the credentials came from.
	Credential CredentialSource
	// Source says how the session was verified (empty when it was not).
	Source sessiongate.Source
	// Status is the status the middleware answered with, or 0 when the
	// request went on to the handler.
	Status int
	// Latency is the time spent deciding (verification included).
	Latency time.Duration
	// Refreshed reports that fresh credentials were handed back to the client.
	Refreshed bool
	// CookieFallback reports that a refreshed JWT was too large for a cookie
	// and only the opaque token cookie was kept (see the cookie package's
	// size guard).
	CookieFallback bool
	// CookiesCleared reports that the session cookies were removed.
	CookiesCleared bool
	// Recheck reports a re-verification requested during the request
	// (per-route freshness or a [sessiongate.Rechecker]).
	Recheck bool
	// RevokePending reports, on a Logout whose revoke found Stytch
	// unavailable (reason revoke_failed), that the [Revoker] keeps the
	// revoke and retries it in the background (see [Revoker]).
	RevokePending bool
}

// SlogObserver logs each event to l: allowed and anonymous requests at
// Debug, refusals at Info, failures at Warn. Attributes are outcome, reason,
// credential, source, status, latency and the boolean flags.
func SlogObserver(l *slog.Logger) func(Event) {
	return func(e Event) {
		level := slog.LevelDebug
		switch e.Outcome {
		case OutcomeDenied, OutcomeLoggedOut:
			level = slog.LevelInfo
		case OutcomeFailed:
			level = slog.LevelWarn
		}
		if !l.Enabled(context.Background(), level) {
			return // nothing is built for a level l drops
		}
		l.LogAttrs(context.Background(), level, "sessiongate decision",
			slog.String("outcome", string(e.Outcome)), slog.String("reason", string(e.Reason)),
			slog.String("credential", string(e.Credential)), slog.String("source", string(e.Source)),
			slog.Int("status", e.Status), slog.Duration("latency", e.Latency),
			slog.Bool("refreshed", e.Refreshed), slog.Bool("cookie_fallback", e.CookieFallback),
			slog.Bool("cookies_cleared", e.CookiesCleared), slog.Bool("recheck", e.Recheck),
			slog.Bool("revoke_pending", e.RevokePending))
	}
}

func (m *Middleware) observe(e Event) {
	if m.o.observer != nil {
		m.o.observer(e)
	}
}

// since returns the time elapsed from start, or 0 without an observer.
func (m *Middleware) since(start time.Time) time.Duration {
	if m.o.observer == nil {
		return 0
	}
	return m.o.now().Sub(start)
}

func (m *Middleware) start() time.Time {
	if m.o.observer == nil {
		return time.Time{}
	}
	return m.o.now()
}
