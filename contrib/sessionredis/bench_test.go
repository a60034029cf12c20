package sessionredis

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/stytchtest"
	"github.com/sessiongate/sessiongate/verifier"
)

// arrivals reports each revocation's arrival time.
type arrivals chan time.Time

func (a arrivals) Deny(string, time.Time) { a <- time.Now() }

// BenchmarkRevocationFanOut measures how long a revocation published by
// one instance takes to reach another's denylist (PublishRevocation to
// Deny) over loopback: p50, p99 and max, in ms. Run it with
// -benchtime=1000x for the 1,000 revocations.
func BenchmarkRevocationFanOut(b *testing.B) {
	r := startRedis(b)
	ctx, cancel := context.WithCancel(context.Background())
	pub, sub := benchShared(b, r.addr()), benchShared(b, r.addr())
	got, pubUp, subUp := make(arrivals, 1), make(chan bool, 8), make(chan bool, 8)
	pub.onState = func(up bool, _ error) { pubUp <- up }
	sub.onState = func(up bool, _ error) { subUp <- up }
	done := make(chan struct{}, 2)
	go func() { pub.Run(ctx, arrivals(make(chan time.Time, b.N+16))); done <- struct{}{} }()
	go func() { sub.Run(ctx, got); done <- struct{}{} }()
	defer func() { cancel(); <-done; <-done }()
	<-pubUp
	<-subUp
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		pub.PublishRevocation(fmt.Sprint("session-bench-", i), start.Add(time.Minute))
		lat = append(lat, (<-got).Sub(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
	b.ReportMetric(ms(lat[len(lat)*99/100]), "p99-ms")
	b.ReportMetric(ms(lat[len(lat)-1]), "max-ms")
}

func benchShared(b *testing.B, addr string) *Shared {
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	b.Cleanup(func() { rdb.Close() })
	s, err := New(Config{Client: rdb, Key: testKey})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkVerifyCached compares the cached request path of a verifier
// alone and of one in the shared mode (revocation fan-out and shared
// remote cache on): it sends no Redis command either way
// (TestRequestPathNoRedis counts them).
func BenchmarkVerifyCached(b *testing.B) {
	r := startRedis(b)
	srv, uid := newEmulator(b)
	tok := newSession(b, srv, uid)
	for _, mode := range []struct {
		name   string
		shared bool
	}{{"bare", false}, {"shared", true}} {
		b.Run(mode.name, func(b *testing.B) {
			v := benchVerifier(b, srv, r.addr(), mode.shared)
			if _, err := v.Verify(b.Context(), jwtOnly(tok), sessiongate.Freshness{}); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, ok := v.VerifyCached(tok.SessionJWT, sessiongate.Freshness{}); !ok {
					b.Fatal("miss")
				}
			}
		})
	}
}

func benchVerifier(b *testing.B, srv *stytchtest.Server, addr string, shared bool) *verifier.Verifier {
	if shared {
		return newInstance(b, srv, addr, time.Minute).v
	}
	tr := &http.Transport{}
	b.Cleanup(tr.CloseIdleConnections)
	v, err := verifier.New(b.Context(), srv.ProjectID(), srv.Secret(), verifier.WithBaseURL(srv.URL),
		verifier.WithHTTPClient(&http.Client{Transport: tr}))
	if err != nil {
		b.Fatal(err)
	}
	if err := v.Refresh(b.Context()); err != nil {
		b.Fatal(err)
	}
	return v
}
