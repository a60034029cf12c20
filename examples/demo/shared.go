package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sessiongate/sessiongate/contrib/sessionredis"
	"github.com/sessiongate/sessiongate/verifier"
)

// parseCookieKeys reads SESSIONGATE_COOKIE_KEYS: comma-separated
// HASHHEX:BLOCKHEX pairs of 32-byte keys, newest first, so that several
// instances open each other's sealed cookies. Empty means none.
func parseCookieKeys(s string) ([][]byte, error) {
	if s == "" {
		return nil, nil
	}
	var keys [][]byte
	for i, pair := range strings.Split(s, ",") {
		hashHex, blockHex, ok := strings.Cut(strings.TrimSpace(pair), ":")
		hash, err1 := hex.DecodeString(hashHex)
		block, err2 := hex.DecodeString(blockHex)
		if !ok || err1 != nil || err2 != nil || len(hash) != 32 || len(block) != 32 {
			return nil, fmt.Errorf("demo: SESSIONGATE_COOKIE_KEYS: pair %d is not HASHHEX:BLOCKHEX of two 32-byte keys", i+1)
		}
		keys = append(keys, hash, block)
	}
	return keys, nil
}

// shared is the demo's link to the other instances through Redis.
type shared struct {
	s    *sessionredis.Shared
	rdb  *redis.Client
	done chan struct{}
}

// newShared connects to the Redis at url (redis://host:port/db). Instances
// authenticate what they share with a key derived from the Stytch secret,
// which every instance of the app holds.
func newShared(url, stytchSecret string, log *slog.Logger) (*shared, error) {
	opt, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("demo: -redis: %v", err)
	}
	if stytchSecret == "" {
		return nil, errors.New("demo: -redis needs a Stytch secret to derive the shared key")
	}
	m := hmac.New(sha256.New, []byte(stytchSecret))
	m.Write([]byte("sessiongate demo: sessionredis key"))
	rdb := redis.NewClient(opt)
	s, err := sessionredis.New(sessionredis.Config{Client: rdb, Key: m.Sum(nil),
		OnStateChange: func(up bool, err error) {
			if up {
				log.Info("redis connected: revocations shared")
			} else {
				log.Warn("redis unreachable: serving with this instance's revocations only", "err", err)
			}
		},
		OnRevocation: func(string, time.Time) { log.Info("session revocation applied") },
	})
	if err != nil {
		rdb.Close()
		return nil, fmt.Errorf("demo: %v", err)
	}
	return &shared{s: s, rdb: rdb, done: make(chan struct{})}, nil
}

// options plugs the revocation fan-out in, and the shared remote cache
// when the remote cache is on.
func (sh *shared) options(remoteCacheTTL time.Duration) []verifier.Option {
	if remoteCacheTTL > 0 {
		return sh.s.Options()
	}
	return sh.s.RevocationOptions()
}

// connectWait bounds how long the demo waits for Redis at start.
const connectWait = 3 * time.Second

// run keeps the link up until ctx ends. It returns once the revocations
// recorded so far are loaded, or after connectWait: an outage at start
// does not stop the demo from serving.
func (sh *shared) run(ctx context.Context, v *verifier.Verifier) {
	go func() { defer close(sh.done); _ = sh.s.Run(ctx, v) }()
	t := time.NewTimer(connectWait)
	defer t.Stop()
	select {
	case <-sh.s.Connected():
	case <-t.C:
	case <-ctx.Done():
	}
}

// close waits for run to end (its ctx must be done) and closes the client.
func (sh *shared) close() {
	<-sh.done
	sh.rdb.Close()
}
