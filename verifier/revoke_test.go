package verifier

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/claims"
	"github.com/sessiongate/sessiongate/stytchtest"
)

// rounds drives a revokeQueue: each wait it asks for arrives on asked and
// lasts until the test sends on proceed; each finished round is reported
// on done. Nothing runs in the background between the test's steps.
type rounds struct {
	asked   chan time.Duration
	proceed chan struct{}
	done    chan struct{}
}

func driveRounds(q *revokeQueue) *rounds {
	r := &rounds{asked: make(chan time.Duration), proceed: make(chan struct{}), done: make(chan struct{})}
	q.wait = func(ctx context.Context, d time.Duration) bool {
		select {
		case r.asked <- d:
		case <-ctx.Done():
			return false
		}
		select {
		case <-r.proceed:
			return true
		case <-ctx.Done():
			return false
		}
	}
	q.afterRound = func() { r.done <- struct{}{} }
	return r
}

// step waits for the queue to ask for a wait, checks that it is the
// backoff b with equal jitter (within [b/2, b]), and runs one round.
func (r *rounds) step(t *testing.T, b time.Duration) {
	t.Helper()
	if d := <-r.asked; d < b/2 || d > b {
		t.Errorf("wait = %v, want within [%v, %v]", d, b/2, b)
	}
	r.proceed <- struct{}{}
	<-r.done
}

func wantRevokeStats(t *testing.T, v *Verifier, pending int, retries, confirmed, abandoned int64) {
	t.Helper()
	s := v.Stats()
	if s.RevokesPending != pending || s.RevokeRetries != retries || s.RevokesConfirmed != confirmed || s.RevokesAbandoned != abandoned {
		t.Errorf("revokes pending %d, retries %d, confirmed %d, abandoned %d; want %d, %d, %d, %d",
			s.RevokesPending, s.RevokeRetries, s.RevokesConfirmed, s.RevokesAbandoned, pending, retries, confirmed, abandoned)
	}
}

// TestRevokeWhileStytchDown (issue 16, finding 2): a revoke that finds
// Stytch unavailable denies the session here at once (its JWT, even
// cached, and its token), is retried with a growing backoff while Stytch
// stays down, and reaches Stytch once it answers; then the deny lasts only
// until the session's JWTs have expired.
func TestRevokeWhileStytchDown(t *testing.T) {
	e := newEnv(t)
	v := e.hybrid()
	r := driveRounds(v.revokes)
	_, err := v.Verify(t.Context(), bothCred(e.tokens), anyAge)
	wantErr(t, err, nil)
	e.srv.InjectFault(stytchtest.EndpointRevoke, stytchtest.Fault{Status: 503})

	err = v.Revoke(t.Context(), bothCred(e.tokens))
	wantErr(t, err, sessiongate.ErrUnavailable)
	var p interface{ RevokePending() bool }
	if !errors.As(err, &p) || !p.RevokePending() {
		t.Fatalf("Revoke error %v does not report the revoke pending", err)
	}
	if _, ok := v.VerifyCached(e.tokens.SessionJWT, anyAge); ok {
		t.Error("VerifyCached still answers for the logged-out JWT")
	}
	_, err = v.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), anyAge)
	wantErr(t, err, sessiongate.ErrSessionNotFound)
	_, err = v.Verify(t.Context(), tokenCred(e.tokens.SessionToken), anyAge)
	wantErr(t, err, sessiongate.ErrSessionNotFound)
	wantRevokeStats(t, v, 1, 0, 0, 0)

	r.step(t, minRevokeBackoff)
	wantRevokeStats(t, v, 1, 1, 0, 0)
	r.step(t, 2*minRevokeBackoff) // backed off
	wantRevokeStats(t, v, 1, 2, 0, 0)
	if _, live := e.srv.Session(e.tokens.Session.SessionID); !live {
		t.Fatal("session revoked at Stytch while its revoke endpoint failed")
	}

	e.srv.ClearFaults()
	r.step(t, 4*minRevokeBackoff)
	wantRevokeStats(t, v, 0, 3, 1, 0)
	if _, live := e.srv.Session(e.tokens.Session.SessionID); live {
		t.Error("the retried revoke did not reach Stytch")
	}
	_, err = v.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), anyAge)
	wantErr(t, err, sessiongate.ErrSessionNotFound)
	if until := v.local.revoked.deadline(e.tokens.Session.SessionID, v.local.now()); until.After(e.srv.Now().Add(claims.Lifetime + 2*DefaultLeeway)) {
		t.Errorf("confirmed revoke denies the session until %v, want the JWT horizon", until)
	}
}

// TestRevokeRetryEndsWithTheSession: a revoke still pending when the
// session expires is abandoned without another call to Stytch.
func TestRevokeRetryEndsWithTheSession(t *testing.T) {
	e := newEnv(t)
	short := e.session(stytchtest.SessionSpec{Duration: 10 * time.Minute})
	v := e.hybrid()
	r := driveRounds(v.revokes)
	e.srv.InjectFault(stytchtest.EndpointRevoke, stytchtest.Fault{Status: 503})
	wantErr(t, v.Revoke(t.Context(), bothCred(short)), sessiongate.ErrUnavailable)
	if until := v.local.revoked.deadline(short.Session.SessionID, v.local.now()); until.Before(short.Session.ExpiresAt) {
		t.Errorf("pending revoke denies the session until %v, want at least its expiry %v", until, short.Session.ExpiresAt)
	}
	calls := e.srv.Requests(stytchtest.EndpointRevoke)
	e.srv.Advance(10 * time.Minute)
	r.step(t, minRevokeBackoff)
	wantRevokeStats(t, v, 0, 0, 0, 1)
	if n := e.srv.Requests(stytchtest.EndpointRevoke); n != calls {
		t.Errorf("%d revoke calls after the session expired, want none", n-calls)
	}
}

// TestRevokeQueueBounded: beyond the cap a revoke is not queued (and says
// so), but its session is still denied here until its JWTs expire; a
// revoke refused for another reason than unavailability is abandoned.
func TestRevokeQueueBounded(t *testing.T) {
	e := newEnv(t)
	v := e.hybrid()
	r := driveRounds(v.revokes)
	v.revokes.max = 1
	e.srv.InjectFault(stytchtest.EndpointRevoke, stytchtest.Fault{Status: 503})
	first, second := e.tokens, e.session(stytchtest.SessionSpec{})
	wantErr(t, v.Revoke(t.Context(), bothCred(first)), sessiongate.ErrUnavailable)
	err := v.Revoke(t.Context(), bothCred(second))
	wantErr(t, err, sessiongate.ErrUnavailable)
	var p interface{ RevokePending() bool }
	if errors.As(err, &p) {
		t.Error("a revoke beyond the cap reports itself pending")
	}
	_, err = v.Verify(t.Context(), jwtCred(second.SessionJWT), anyAge)
	wantErr(t, err, sessiongate.ErrSessionNotFound)
	if until := v.local.revoked.deadline(second.Session.SessionID, v.local.now()); until.After(v.jwtHorizon()) {
		t.Errorf("unqueued revoke denies the session until %v, want the JWT horizon", until)
	}
	wantRevokeStats(t, v, 1, 0, 0, 1)

	e.srv.InjectFault(stytchtest.EndpointRevoke, stytchtest.Fault{Status: 403, ErrorType: "forbidden"})
	r.step(t, minRevokeBackoff)
	wantRevokeStats(t, v, 0, 1, 0, 2)
}

// TestRevokeRetriesEndWithContext: the retry goroutine ends with the
// verifier's context (goleak checks it), and later revokes are not queued.
func TestRevokeRetriesEndWithContext(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithCancel(t.Context())
	v, err := New(ctx, e.srv.ProjectID(), e.srv.Secret(), e.opts()...)
	wantErr(t, err, nil)
	wantErr(t, v.Refresh(t.Context()), nil)
	r := driveRounds(v.revokes)
	e.srv.InjectFault(stytchtest.EndpointRevoke, stytchtest.Fault{Status: 503})
	wantErr(t, v.Revoke(t.Context(), bothCred(e.tokens)), sessiongate.ErrUnavailable)
	<-r.asked
	cancel()
	other := e.session(stytchtest.SessionSpec{})
	err = v.Revoke(t.Context(), bothCred(other))
	var p interface{ RevokePending() bool }
	if errors.As(err, &p) {
		t.Error("a revoke after the context ended reports itself pending")
	}
}

// TestPendingRevokeRefusesEveryCredential: while a revoke is pending, this
// process refuses the logged-out credential even when the JWT was not
// sent (a token-only logout), and the session named by a logged-out JWT
// even when Stytch, asked with the token, still says it is live.
func TestPendingRevokeRefusesEveryCredential(t *testing.T) {
	e := newEnv(t)
	v := e.hybrid()
	driveRounds(v.revokes)
	e.srv.InjectFault(stytchtest.EndpointRevoke, stytchtest.Fault{Status: 503})
	tokenOnly, jwtOnly := e.tokens, e.session(stytchtest.SessionSpec{})
	wantErr(t, v.Revoke(t.Context(), tokenCred(tokenOnly.SessionToken)), sessiongate.ErrUnavailable)
	wantErr(t, v.Revoke(t.Context(), jwtCred(jwtOnly.SessionJWT)), sessiongate.ErrUnavailable)
	_, err := v.Verify(t.Context(), tokenCred(tokenOnly.SessionToken), anyAge)
	wantErr(t, err, sessiongate.ErrSessionNotFound)
	_, err = v.Verify(t.Context(), tokenCred(jwtOnly.SessionToken), anyAge)
	wantErr(t, err, sessiongate.ErrSessionNotFound)
	wantRevokeStats(t, v, 2, 0, 0, 0)
}
