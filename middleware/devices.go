package middleware

import (
	"context"
	"errors"

	"github.com/sessiongate/sessiongate"
)

// User implements [sessiongate.Lifecycle]: the user Stytch sent when it
// verified the session during this request, else fetched now. Nothing is
// kept beyond the request.
func (rc *recheck) User(ctx context.Context) (*sessiongate.User, error) {
	_, userID, u := rc.current()
	if u != nil {
		return u, nil
	}
	l := rc.m.manager()
	if l == nil {
		return nil, errNoManager
	}
	return l.User(ctx, userID)
}

// Sessions implements [sessiongate.Lifecycle].
func (rc *recheck) Sessions(ctx context.Context) ([]sessiongate.ActiveSession, error) {
	l := rc.m.manager()
	if l == nil {
		return nil, errNoManager
	}
	sid, userID, _ := rc.current()
	list, err := l.Sessions(ctx, userID)
	if err != nil {
		return nil, err
	}
	out := make([]sessiongate.ActiveSession, 0, len(list))
	for _, s := range list {
		if s.UserID == userID {
			out = append(out, sessiongate.ActiveSession{Session: s, Current: s.SessionID == sid})
		}
	}
	return out, nil
}

// RevokeSession implements [sessiongate.Lifecycle]: sessionID must be one
// of the user's active sessions, listed first.
func (rc *recheck) RevokeSession(ctx context.Context, sessionID string) error {
	list, err := rc.Sessions(ctx)
	if err != nil {
		return err
	}
	for _, s := range list {
		if s.SessionID != sessionID {
			continue
		}
		if err := rc.m.manager().RevokeSession(ctx, sessionID); err != nil && !errors.Is(err, sessiongate.ErrSessionNotFound) {
			return err
		}
		if s.Current {
			rc.mu.Lock()
			rc.clearIfGone(sessiongate.ErrSessionNotFound)
			rc.mu.Unlock()
		}
		return nil
	}
	return sessiongate.ErrNoSuchSession
}

// RevokeOtherSessions implements [sessiongate.Lifecycle]. Sessions already
// gone count as ended; on any other failure it stops and returns how many
// it ended so far with the error.
func (rc *recheck) RevokeOtherSessions(ctx context.Context) (int, error) {
	list, err := rc.Sessions(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, s := range list {
		if s.Current {
			continue
		}
		if err := rc.m.manager().RevokeSession(ctx, s.SessionID); err != nil && !errors.Is(err, sessiongate.ErrSessionNotFound) {
			return n, err
		}
		n++
	}
	return n, nil
}
