package sessionredis

import (
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sessiongate/sessiongate/verifier"
)

// Defaults.
const (
	// DefaultPrefix starts every Redis key and the channel name.
	DefaultPrefix = "sessiongate:"
	// DefaultOpTimeout bounds one shared-cache operation; a slower one is
	// a miss (the verifier asks Stytch).
	DefaultOpTimeout = 100 * time.Millisecond
	// maxOutbox bounds the revocations waiting to be published.
	maxOutbox = 8192
	// maxLoaded bounds the revocations loaded at a (re)connection.
	maxLoaded = 65536
	// minBackoff and maxBackoff bound the wait between reconnections.
	minBackoff = 100 * time.Millisecond
	maxBackoff = 5 * time.Second
	// MinKeyLen is the shortest accepted Config.Key.
	MinKeyLen = 32
)

// Config configures a [Shared].
type Config struct {
	// Client is the Redis client (required). Its own retries and
	// timeouts apply to each command.
	Client redis.UniversalClient
	// Key authenticates every value written to and read from Redis
	// (HMAC-SHA256). Every instance needs the same key, at least
	// [MinKeyLen] random bytes; keep it secret as you keep cookie keys.
	Key []byte
	// Prefix starts every key and the channel name (default [DefaultPrefix]).
	Prefix string
	// OpTimeout bounds a shared-cache operation (default [DefaultOpTimeout]).
	OpTimeout time.Duration
	// OnStateChange, when set, is called when Redis becomes reachable
	// (up, err nil) or unreachable (err says why). It must not block.
	OnStateChange func(up bool, err error)
	// OnRevocation, when set, is called after each authenticated
	// revocation received (its own included) has been applied. It must
	// not block.
	OnRevocation func(sessionID string, until time.Time)
}

// Shared connects verifiers through Redis: it is the verifier's
// [verifier.RevocationPublisher] and [verifier.SharedCache]. Make one per
// verifier with [New], pass [Shared.Options] to [verifier.New], and run
// [Shared.Run]. It is safe for concurrent use.
type Shared struct {
	rdb        redis.UniversalClient
	key        []byte
	prefix     string
	opTimeout  time.Duration
	onState    func(bool, error)
	onRevoke   func(string, time.Time)
	connected  chan struct{} // closed at the first connection
	once       sync.Once
	state      atomic.Int32 // stateNew, stateUp or stateDown
	lastErr    atomic.Pointer[error]
	kick       chan struct{}
	mu         sync.Mutex
	outbox     map[string]time.Time // revocations waiting to be published
	sent       map[string]time.Time // revocations published, until their horizon
	stats      counters
	backoffMin time.Duration
}

// Stats is a snapshot of a Shared's activity. Counters only grow.
type Stats struct {
	Up                   bool  // Redis reachable and subscribed
	Outages              int64 // transitions to unreachable
	Published            int64 // revocations published
	Pending              int   // revocations waiting to be published
	Dropped              int64 // revocations not published: the outbox was full
	Received             int64 // revocations applied (channel and loads)
	Rejected             int64 // revocations and cache values failing authentication
	CacheHits            int64
	CacheMisses          int64 // misses, errors and rejected values
	CacheStores          int64
	CacheSkippedWhenDown int64 // cache operations not tried while Redis was down
}

type counters struct {
	outages, published, dropped, received, rejected   atomic.Int64
	cacheHits, cacheMisses, cacheStores, cacheSkipped atomic.Int64
}

// New checks cfg and returns a Shared. It does no I/O.
func New(cfg Config) (*Shared, error) {
	if cfg.Client == nil {
		return nil, errors.New("sessionredis: nil client")
	}
	if len(cfg.Key) < MinKeyLen {
		return nil, errors.New("sessionredis: key shorter than 32 bytes")
	}
	s := &Shared{
		rdb: cfg.Client, key: append([]byte(nil), cfg.Key...), prefix: cfg.Prefix,
		opTimeout: cfg.OpTimeout, onState: cfg.OnStateChange, onRevoke: cfg.OnRevocation,
		connected: make(chan struct{}),
		kick:      make(chan struct{}, 1), outbox: make(map[string]time.Time),
		sent: make(map[string]time.Time), backoffMin: minBackoff,
	}
	if s.prefix == "" {
		s.prefix = DefaultPrefix
	}
	if s.opTimeout <= 0 {
		s.opTimeout = DefaultOpTimeout
	}
	return s, nil
}

// Options are the verifier options that plug s in: it publishes the
// verifier's revocations and shares its remote cache (used only when
// [verifier.WithRemoteCacheTTL] is set; pass [Shared.RevocationOptions]
// instead without it).
func (s *Shared) Options() []verifier.Option {
	return []verifier.Option{verifier.WithRevocationPublisher(s), verifier.WithSharedRemoteCache(s)}
}

// RevocationOptions plugs in only the revocation fan-out.
func (s *Shared) RevocationOptions() []verifier.Option {
	return []verifier.Option{verifier.WithRevocationPublisher(s)}
}

// Healthy returns nil while Redis is reachable, else why it is not. An
// instance keeps serving during an outage; report it, do not fail
// readiness on it.
func (s *Shared) Healthy() error {
	if s.isUp() {
		return nil
	}
	if p := s.lastErr.Load(); p != nil {
		return *p
	}
	return errors.New("sessionredis: not connected yet")
}

// Connected is closed once Run has first connected and loaded the
// revocations recorded so far. An instance that starts serving before then
// does not know the revocations made elsewhere in the last minutes: wait
// for it, for a bounded time, before serving.
func (s *Shared) Connected() <-chan struct{} { return s.connected }

// Stats returns a snapshot of s's activity.
func (s *Shared) Stats() Stats {
	s.mu.Lock()
	pending := len(s.outbox)
	s.mu.Unlock()
	c := &s.stats
	return Stats{
		Up: s.isUp(), Outages: c.outages.Load(), Published: c.published.Load(), Pending: pending,
		Dropped: c.dropped.Load(), Received: c.received.Load(), Rejected: c.rejected.Load(),
		CacheHits: c.cacheHits.Load(), CacheMisses: c.cacheMisses.Load(), CacheStores: c.cacheStores.Load(),
		CacheSkippedWhenDown: c.cacheSkipped.Load(),
	}
}

// Connection states.
const (
	stateNew int32 = iota
	stateUp
	stateDown
)

// setState records a transition to up (err nil) or down, reporting it
// once per transition.
func (s *Shared) setState(err error) {
	next := stateUp
	if err != nil {
		next = stateDown
		s.lastErr.Store(&err)
	}
	if s.state.Swap(next) == next {
		return
	}
	if next == stateDown {
		s.stats.outages.Add(1)
	} else {
		s.once.Do(func() { close(s.connected) })
	}
	if s.onState != nil {
		s.onState(next == stateUp, err)
	}
}

func (s *Shared) isUp() bool { return s.state.Load() == stateUp }
