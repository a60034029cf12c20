package sessionredis

import (
	"context"
	"time"
)

// Load returns the authenticated value stored under key, or false: on a
// miss, an error, a timeout, a value failing authentication, and, without
// a call, while Redis is down. It implements [verifier.SharedCache].
func (s *Shared) Load(ctx context.Context, key string) ([]byte, bool) {
	if !s.isUp() {
		s.stats.cacheSkipped.Add(1)
		return nil, false
	}
	ctx, cancel := context.WithTimeout(ctx, s.opTimeout)
	defer cancel()
	k := s.cacheKey(key)
	sealed, err := s.rdb.Get(ctx, k).Bytes()
	if err != nil {
		s.stats.cacheMisses.Add(1)
		return nil, false
	}
	value, ok := s.openValue(k, sealed)
	if !ok {
		s.stats.rejected.Add(1)
		s.stats.cacheMisses.Add(1)
		return nil, false
	}
	s.stats.cacheHits.Add(1)
	return value, true
}

// Store stores value under key for ttl, filed under sessionID for
// eviction by a revocation. It implements [verifier.SharedCache].
func (s *Shared) Store(ctx context.Context, key, sessionID string, value []byte, ttl time.Duration) {
	if !s.isUp() {
		s.stats.cacheSkipped.Add(1)
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.opTimeout)
	defer cancel()
	k, idx := s.cacheKey(key), s.sessionIndex(sessionID)
	pipe := s.rdb.TxPipeline()
	pipe.Set(ctx, k, s.sealValue(k, value), ttl)
	pipe.SAdd(ctx, idx, k)
	pipe.Expire(ctx, idx, ttl)
	if _, err := pipe.Exec(ctx); err == nil {
		s.stats.cacheStores.Add(1)
	}
}

// Forget removes key. It implements [verifier.SharedCache].
func (s *Shared) Forget(ctx context.Context, key string) {
	if !s.isUp() {
		s.stats.cacheSkipped.Add(1)
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.opTimeout)
	defer cancel()
	s.rdb.Del(ctx, s.cacheKey(key))
}
