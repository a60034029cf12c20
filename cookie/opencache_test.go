package cookie

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/boundedcache"
)

const (
	cacheTestJWT   = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLXRlc3QifQ.c2lnbmF0dXJl"
	cacheTestToken = "mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q"
)

// fakeClock is the open cache's clock in these tests; securecookie keeps
// its own (the real time).
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

func sealingStore(t testing.TB, opts ...Option) (*Store, *fakeClock) {
	t.Helper()
	base := []Option{WithServerManaged(), WithSealing(bytes.Repeat([]byte("h"), 32), bytes.Repeat([]byte("b"), 32))}
	s, err := New(append(base, opts...)...)
	if err != nil {
		t.Fatalf("New() error = %v", err)
	}
	clock := &fakeClock{now: time.Now()}
	s.now = clock.Now
	return s, clock
}

// sealedValues returns the sealed token and JWT cookie values for c.
func sealedValues(t testing.TB, s *Store, c sessiongate.Credentials) (tok, jwt string) {
	t.Helper()
	cookies, _, err := s.SetCookies(nil, c, time.Now().Add(time.Hour))
	if err != nil {
		t.Fatalf("SetCookies() error = %v", err)
	}
	for _, ck := range cookies {
		switch ck.Name {
		case s.TokenName():
			tok = ck.Value
		case s.JWTName():
			jwt = ck.Value
		}
	}
	return tok, jwt
}

func cookieRequest(line string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "https://app.example/", nil)
	r.Header.Set("Cookie", line)
	return r
}

// cacheOnly returns a copy of s sharing its cache but with keys that open
// nothing s sealed: whatever it reads, it read from the cache.
func cacheOnly(t *testing.T, s *Store) *Store {
	t.Helper()
	other, err := newCodecs([][]byte{bytes.Repeat([]byte("x"), 32), bytes.Repeat([]byte("y"), 32)}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	c := *s
	c.codecs = other
	return &c
}

func TestOpenCacheServesOnlyWhatOpened(t *testing.T) {
	s, _ := sealingStore(t)
	creds := sessiongate.Credentials{JWT: cacheTestJWT, Token: cacheTestToken}
	tok, jwt := sealedValues(t, s, creds)
	good := "stytch_session=" + tok + "; stytch_session_jwt=" + jwt
	if got, err := s.Read(cookieRequest(good)); err != nil || got != creds {
		t.Fatalf("Read() = %+v, %v; want %+v", got, err, creds)
	}
	if got, want := s.opened.len(), 2; got != want {
		t.Fatalf("cache holds %d entries after one read, want %d", got, want)
	}
	if got, err := cacheOnly(t, s).Read(cookieRequest(good)); err != nil || got != creds {
		t.Fatalf("Read() with the cache only = %+v, %v; want %+v", got, err, creds)
	}
	flip := func(v string) string {
		b := []byte(v)
		b[len(b)/2] ^= 1
		return string(b)
	}
	bad := []struct {
		name string
		line string
	}{
		{"tampered token", "stytch_session=" + flip(tok)},
		{"tampered jwt", "stytch_session=" + tok + "; stytch_session_jwt=" + flip(jwt)},
		{"values swapped between names", "stytch_session=" + jwt + "; stytch_session_jwt=" + tok},
		{"jwt value in the token cookie", "stytch_session=" + jwt},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			for _, st := range []*Store{s, cacheOnly(t, s)} {
				if got, err := st.Read(cookieRequest(tt.line)); !errors.Is(err, ErrUnreadable) || !got.Empty() {
					t.Errorf("Read() = %+v, %v; want ErrUnreadable", got, err)
				}
			}
			if got, want := s.opened.len(), 2; got != want {
				t.Errorf("cache holds %d entries, want %d (failed opens are never cached)", got, want)
			}
		})
	}
}

func TestOpenCacheExpiresWithTheSeal(t *testing.T) {
	const maxAge = time.Hour
	s, clock := sealingStore(t, WithSealMaxAge(maxAge))
	tok, _ := sealedValues(t, s, sessiongate.Credentials{Token: cacheTestToken})
	sealed, ok := sealedAt(tok)
	if !ok {
		t.Fatal("sealedAt() found no timestamp in a sealed value")
	}
	if now := time.Now().Unix(); sealed > now || sealed < now-5 {
		t.Fatalf("sealedAt() = %d, want about now (%d)", sealed, now)
	}
	line := "stytch_session=" + tok
	if _, err := s.Read(cookieRequest(line)); err != nil {
		t.Fatalf("Read() error = %v", err)
	}
	tests := []struct {
		name string
		at   int64
		ok   bool
	}{
		{"sealed", sealed, true},
		{"last second before max age", sealed + int64(maxAge/time.Second) - 1, true},
		{"at max age", sealed + int64(maxAge/time.Second), false},
		{"after", sealed + int64(maxAge/time.Second) + 3600, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock.Set(time.Unix(tt.at, 0))
			_, err := cacheOnly(t, s).Read(cookieRequest(line))
			if got := err == nil; got != tt.ok {
				t.Errorf("cached open at seal+%ds: ok = %v (%v), want %v", tt.at-sealed, got, err, tt.ok)
			}
		})
	}
}

// TestOpenCacheNeverOutlivesSecurecookie checks the expiry arithmetic
// against securecookie's own rule (value accepted while now <= t + maxAge).
func TestOpenCacheNeverOutlivesSecurecookie(t *testing.T) {
	for _, maxAge := range []time.Duration{time.Second, 1500 * time.Millisecond, time.Hour, DefaultSealMaxAge} {
		const sealed = 1_800_000_000
		until := expiry(sealed, maxAge)
		secs := int64(maxAge / time.Second) // what newCodecs gives securecookie
		if last := until - 1; last > sealed+secs {
			t.Errorf("max age %v: cache serves at %d, securecookie refuses after %d", maxAge, last, sealed+secs)
		}
	}
}

func TestOpenCacheBounded(t *testing.T) {
	c := newOpenCache(64)
	for i := range 10_000 {
		c.put(fmt.Sprintf("sealed-%d-%x", i, i*7919), openEntry{name: "n", plain: "v"}, 100, 0)
	}
	if got := c.len(); got > 64 {
		t.Errorf("cache holds %d entries after 10,000 puts, want <= 64", got)
	}
}

func TestSealCacheOption(t *testing.T) {
	s, _ := sealingStore(t, WithSealCache(0))
	if s.opened != nil {
		t.Error("WithSealCache(0) kept a cache")
	}
	tok, _ := sealedValues(t, s, sessiongate.Credentials{Token: cacheTestToken})
	if got, err := s.Read(cookieRequest("stytch_session=" + tok)); err != nil || got.Token != cacheTestToken {
		t.Errorf("Read() without cache = %+v, %v", got, err)
	}
	if _, err := New(WithServerManaged(), WithSealing(bytes.Repeat([]byte("h"), 32), bytes.Repeat([]byte("b"), 32)), WithSealCache(-1)); err == nil {
		t.Error("New(WithSealCache(-1)) error = nil, want an error")
	}
	plain, err := New()
	if err != nil || plain.opened != nil {
		t.Errorf("New() without sealing: cache = %v, error = %v; want no cache", plain.opened, err)
	}
}

func TestSealedAtRejectsGarbage(t *testing.T) {
	for _, v := range []string{"", "%%%%", "QUJD", strings.Repeat("A", 40)} {
		if _, ok := sealedAt(v); ok {
			t.Errorf("sealedAt(%q) ok, want false", v)
		}
	}
}

func TestOpenCacheConcurrent(t *testing.T) {
	s, _ := sealingStore(t, WithSealCache(boundedcache.Shards))
	var lines []string
	for i := range 40 {
		tok, jwt := sealedValues(t, s, sessiongate.Credentials{JWT: cacheTestJWT, Token: fmt.Sprintf("tok%02d%s", i, cacheTestToken[5:])})
		lines = append(lines, "stytch_session="+tok+"; stytch_session_jwt="+jwt)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				line := lines[(g*7+i)%len(lines)]
				if c, err := s.Read(cookieRequest(line)); err != nil || c.JWT != cacheTestJWT {
					errs <- fmt.Errorf("Read() = %+v, %v", c, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := s.opened.len(); got > boundedcache.Shards {
		t.Errorf("cache holds %d entries, want <= %d", got, boundedcache.Shards)
	}
}
