package rbac

import (
	"context"
	"errors"
	"log/slog"

	"github.com/sessiongate/sessiongate/internal/httpcontract"
)

// Outcome is what one permission check decided.
type Outcome string

// Outcomes.
const (
	OutcomeAllowed Outcome = "allowed" // the session has the permission; the handler ran
	OutcomeDenied  Outcome = "denied"  // the session lacks the permission (403)
	OutcomeFailed  Outcome = "failed"  // no session, no usable policy, Stytch down, a session gone
)

// Reasons of allowed and denied events.
const (
	ReasonLocalGrant  = "local_grant"  // the local policy grants the permission
	ReasonRemoteGrant = "remote_grant" // the local policy denied; Stytch granted
	ReasonLocalDeny   = "local_deny"   // the local policy denies; Stytch was not asked
	ReasonRemoteDeny  = "remote_deny"  // the local policy denied and so did Stytch
)

// Event records one check made by [Permission.Require]. It holds names and
// reason codes, never a credential, a session id or an error text.
type Event struct {
	// Name is the name given with [WithName], or "".
	Name    string
	Outcome Outcome
	// Reason is one of the Reason constants for a grant or a denial, and
	// for a failure the error code [WriteError] answers with:
	// "login_required", "invalid_token", "temporarily_unavailable" or
	// "server_error".
	Reason string
	// Resource and Action are the permission checked.
	Resource, Action string
	// Remote reports that Stytch was asked (authorization_check).
	Remote bool
}

// observe reports the outcome of a check to the observer.
func (p *Permission) observe(err error, remote bool) {
	if p.observer == nil {
		return
	}
	e := Event{Name: p.name, Outcome: OutcomeAllowed, Reason: ReasonLocalGrant, Resource: p.resource, Action: p.action, Remote: remote}
	var denied *DeniedError
	switch {
	case err == nil && remote:
		e.Reason = ReasonRemoteGrant
	case err == nil:
	case errors.As(err, &denied) && denied.Remote:
		e.Outcome, e.Reason = OutcomeDenied, ReasonRemoteDeny
	case denied != nil:
		e.Outcome, e.Reason = OutcomeDenied, ReasonLocalDeny
	default:
		e.Outcome, e.Reason = OutcomeFailed, httpcontract.Classify(err).Code
	}
	p.observer(e)
}

// SlogObserver logs each check to l: grants at Debug, denials at Info,
// failures at Warn, with attributes name, outcome, reason, resource,
// action and remote.
func SlogObserver(l *slog.Logger) func(Event) {
	return func(e Event) {
		level := slog.LevelDebug
		switch e.Outcome {
		case OutcomeDenied:
			level = slog.LevelInfo
		case OutcomeFailed:
			level = slog.LevelWarn
		}
		if !l.Enabled(context.Background(), level) {
			return // nothing is built for a level l drops
		}
		l.LogAttrs(context.Background(), level, "sessiongate permission check",
			slog.String("name", e.Name), slog.String("outcome", string(e.Outcome)), slog.String("reason", e.Reason),
			slog.String("resource", e.Resource), slog.String("action", e.Action), slog.Bool("remote", e.Remote))
	}
}
