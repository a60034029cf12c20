package stepup

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/httpcontract"
)

// Outcome is what one policy check decided.
type Outcome string

// Outcomes.
const (
	OutcomePassed     Outcome = "passed"     // the session meets the policy; the handler ran
	OutcomeChallenged Outcome = "challenged" // a factor is missing or too old; the client was asked to step up
	OutcomeFailed     Outcome = "failed"     // no session, a session gone at Stytch, an outage or a wiring mistake
)

// Event records one check made by [Policy.Require]. It holds factor types
// and reason codes, never a credential, a session id or an error text.
type Event struct {
	// Policy is the name given with [WithName], or "".
	Policy  string
	Outcome Outcome
	// Reason is "ok" for a pass, "insufficient_user_authentication" for a
	// challenge, and for a failure the error code [WriteError] answers
	// with: "login_required", "invalid_token", "invalid_request",
	// "insufficient_scope", "temporarily_unavailable" or "server_error".
	Reason string
	// Missing lists, for a challenge, one group of acceptable factor types
	// per unmet requirement (see [RequiredError]). Treat it as read-only.
	Missing [][]sessiongate.FactorType
	// MaxAge is the policy's factor max age, 0 without one.
	MaxAge time.Duration
	// Rechecked reports that the check had the session re-verified with
	// Stytch (the ConfirmedWithin rule).
	Rechecked bool
}

// observe reports the outcome of a check to the policy's observer.
func (p *Policy) observe(err error, rechecked bool) {
	if p.observer == nil {
		return
	}
	e := Event{Policy: p.name, Outcome: OutcomePassed, Reason: "ok", MaxAge: p.maxAge, Rechecked: rechecked}
	var req *RequiredError
	switch {
	case err == nil:
	case errors.As(err, &req):
		e.Outcome, e.Reason, e.Missing = OutcomeChallenged, "insufficient_user_authentication", req.Missing
	default:
		e.Outcome, e.Reason = OutcomeFailed, httpcontract.Classify(err).Code
	}
	p.observer(e)
}

// SlogObserver logs each check to l: passes at Debug, challenges at Info,
// failures at Warn. Attributes are policy, outcome, reason, missing (the
// factor types per unmet requirement, as acr_values would name them),
// max_age and rechecked.
func SlogObserver(l *slog.Logger) func(Event) {
	return func(e Event) {
		level := slog.LevelDebug
		switch e.Outcome {
		case OutcomeChallenged:
			level = slog.LevelInfo
		case OutcomeFailed:
			level = slog.LevelWarn
		}
		if !l.Enabled(context.Background(), level) {
			return // nothing is built for a level l drops
		}
		missing := make([]string, len(e.Missing))
		for i, slot := range e.Missing {
			missing[i] = joinTypes(slot, "|")
		}
		l.LogAttrs(context.Background(), level, "sessiongate step-up check",
			slog.String("policy", e.Policy), slog.String("outcome", string(e.Outcome)),
			slog.String("reason", e.Reason), slog.String("missing", strings.Join(missing, " ")),
			slog.Duration("max_age", e.MaxAge), slog.Bool("rechecked", e.Rechecked))
	}
}
