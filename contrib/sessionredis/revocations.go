package sessionredis

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Denier applies a revocation learned from another instance; a
// [*verifier.Verifier] is one.
type Denier interface {
	Deny(sessionID string, until time.Time)
}

// PublishRevocation queues the revocation of sessionID until until for
// publication and returns at once. It implements
// [verifier.RevocationPublisher]. While Redis is down the revocation waits
// (at most 8,192 do; beyond that it is dropped and counted).
func (s *Shared) PublishRevocation(sessionID string, until time.Time) {
	s.mu.Lock()
	cur, dup := s.outbox[sessionID]
	switch {
	case dup && !until.After(cur):
	case !dup && len(s.outbox) >= maxOutbox:
		s.stats.dropped.Add(1)
	default:
		s.outbox[sessionID] = until
	}
	s.mu.Unlock()
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// Run keeps s connected to Redis until ctx ends: it subscribes to the
// revocation channel, loads the revocations recorded while it was away,
// applies every one to d, and publishes the revocations queued here. When
// Redis becomes unreachable it reports the outage and reconnects, with
// jittered backoff from 100 ms to 5 s. It returns ctx's error.
func (s *Shared) Run(ctx context.Context, d Denier) error {
	backoff := s.backoffMin
	for {
		err := s.session(ctx, d, func() { backoff = s.backoffMin })
		if ctx.Err() != nil {
			return ctx.Err()
		}
		s.setState(err)
		t := time.NewTimer(backoff/2 + rand.N(backoff/2+1))
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		backoff = min(2*backoff, maxBackoff)
	}
}

// session runs one connection: subscribe, catch up, then apply what
// arrives and publish what is queued until an error or ctx's end.
func (s *Shared) session(ctx context.Context, d Denier, resetBackoff func()) error {
	ps := s.rdb.Subscribe(ctx, s.channel())
	defer ps.Close()
	if _, err := ps.Receive(ctx); err != nil {
		return err
	}
	if err := s.catchUp(ctx, d); err != nil {
		return err
	}
	s.requeueSent()
	if err := s.flush(ctx); err != nil {
		return err
	}
	s.setState(nil)
	resetBackoff()
	errc := make(chan error, 1)
	done := make(chan struct{})
	go func() { defer close(done); errc <- s.listen(ctx, ps, d) }()
	defer func() { ps.Close(); <-done }()
	for {
		if err := s.flush(ctx); err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-errc:
			return err
		case <-s.kick:
		}
	}
}

// listen applies the revocations published on the channel until an error.
func (s *Shared) listen(ctx context.Context, ps *redis.PubSub, d Denier) error {
	for {
		m, err := ps.ReceiveTimeout(ctx, 30*time.Second)
		if err != nil {
			if isTimeout(err) {
				if err := ps.Ping(ctx); err == nil {
					continue
				}
			}
			return err
		}
		if msg, ok := m.(*redis.Message); ok {
			s.apply(d, msg.Payload)
		}
	}
}

// apply authenticates one revocation and hands it to d.
func (s *Shared) apply(d Denier, msg string) {
	sid, until, ok := s.parseRevocation(msg)
	if !ok {
		s.stats.rejected.Add(1)
		return
	}
	s.stats.received.Add(1)
	d.Deny(sid, until)
	if s.onRevoke != nil {
		s.onRevoke(sid, until)
	}
}

// catchUp applies the revocations recorded and still current.
func (s *Shared) catchUp(ctx context.Context, d Denier) error {
	now := strconv.FormatInt(time.Now().UnixMilli(), 10)
	msgs, err := s.rdb.ZRangeByScore(ctx, s.revokedSet(), &redis.ZRangeBy{Min: "(" + now, Max: "+inf", Count: maxLoaded}).Result()
	if err != nil {
		return err
	}
	for _, m := range msgs {
		s.apply(d, m)
	}
	return nil
}

// flush publishes the queued revocations, keeping them queued on error.
func (s *Shared) flush(ctx context.Context) error {
	for sid, until := range s.pending() {
		if err := s.publish(ctx, sid, until); err != nil {
			return err
		}
		s.mu.Lock()
		if cur, ok := s.outbox[sid]; ok && !cur.After(until) {
			delete(s.outbox, sid)
		}
		s.remember(sid, until)
		s.mu.Unlock()
		s.stats.published.Add(1)
	}
	return nil
}

// remember records a published revocation (s.mu held), within bounds:
// expired ones are dropped first, and when all are current the new one is
// not kept.
func (s *Shared) remember(sid string, until time.Time) {
	if _, ok := s.sent[sid]; !ok && len(s.sent) >= maxOutbox {
		now := time.Now()
		for k, u := range s.sent {
			if !u.After(now) {
				delete(s.sent, k)
			}
		}
		if len(s.sent) >= maxOutbox {
			return
		}
	}
	if until.After(s.sent[sid]) {
		s.sent[sid] = until
	}
}

// requeueSent queues again, at a (re)connection, the revocations published
// here that are still current, so that a Redis that lost its data (a
// restart without persistence) records them again and instances that
// missed them receive them.
func (s *Shared) requeueSent() {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	for sid, until := range s.sent {
		switch {
		case !until.After(now):
			delete(s.sent, sid)
		case until.After(s.outbox[sid]):
			s.outbox[sid] = until
		}
	}
}

func (s *Shared) pending() map[string]time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := make(map[string]time.Time, len(s.outbox))
	for k, v := range s.outbox {
		m[k] = v
	}
	return m
}

// publish records one revocation until its horizon, trims the expired
// ones, publishes it and evicts the session's shared-cache entries.
func (s *Shared) publish(ctx context.Context, sid string, until time.Time) error {
	msg, set := s.revocation(sid, until), s.revokedSet()
	now := time.Now().UnixMilli()
	idx := s.sessionIndex(sid)
	keys, err := s.rdb.SMembers(ctx, idx).Result()
	if err != nil {
		return err
	}
	pipe := s.rdb.TxPipeline()
	pipe.ZAdd(ctx, set, redis.Z{Score: float64(until.UnixMilli()), Member: msg})
	pipe.ZRemRangeByScore(ctx, set, "-inf", strconv.FormatInt(now, 10))
	pipe.PExpireAt(ctx, set, later(until, time.Now().Add(24*time.Hour)))
	pipe.Publish(ctx, s.channel(), msg)
	pipe.Del(ctx, append(keys, idx)...)
	_, err = pipe.Exec(ctx)
	return err
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
