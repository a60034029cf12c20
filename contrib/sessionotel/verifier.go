package sessionotel

import (
	"context"
	"errors"
	"time"

	"go.opentelemetry.io/otel/metric"

	"github.com/sessiongate/sessiongate/verifier"
)

// StatsReader is what [RegisterVerifier] reads: [verifier.Verifier],
// [verifier.Local] and [verifier.Remote] all implement it.
type StatsReader interface {
	Stats() verifier.Stats
}

// verifierInstruments are the observable instruments fed from Stats.
type verifierInstruments struct {
	fetches, failures, calls, unavailable metric.Int64ObservableCounter
	jwtsRejected, retries, confirmed      metric.Int64ObservableCounter
	abandoned                             metric.Int64ObservableCounter
	keys, usable, cached, pending         metric.Int64ObservableGauge
	age                                   metric.Float64ObservableGauge
}

// RegisterVerifier creates observable instruments on mp's meter that read
// v.Stats() at every collection. Unregister the returned registration to
// stop reading v.
func RegisterVerifier(mp metric.MeterProvider, v StatsReader) (metric.Registration, error) {
	m := mp.Meter(meterName)
	in, err := newVerifierInstruments(m)
	if err != nil {
		return nil, err
	}
	return m.RegisterCallback(func(_ context.Context, o metric.Observer) error {
		in.observe(o, v.Stats(), time.Now())
		return nil
	}, in.fetches, in.failures, in.calls, in.unavailable, in.keys, in.usable, in.cached, in.age,
		in.jwtsRejected, in.pending, in.retries, in.confirmed, in.abandoned)
}

func newVerifierInstruments(m metric.Meter) (*verifierInstruments, error) {
	var in verifierInstruments
	var errs [13]error
	in.fetches, errs[0] = m.Int64ObservableCounter("sessiongate.jwks.fetches", metric.WithDescription("JWKS fetches started."))
	in.failures, errs[1] = m.Int64ObservableCounter("sessiongate.jwks.fetch_failures", metric.WithDescription("JWKS fetches that failed (the key set in use was kept)."))
	in.calls, errs[2] = m.Int64ObservableCounter("sessiongate.api.calls", metric.WithDescription("HTTP requests sent to Stytch's sessions API, retries included."))
	in.unavailable, errs[3] = m.Int64ObservableCounter("sessiongate.api.unavailable", metric.WithDescription("Requests to Stytch's sessions API that found it unavailable."))
	in.keys, errs[4] = m.Int64ObservableGauge("sessiongate.jwks.keys", metric.WithDescription("Usable keys in the key set in use."))
	in.usable, errs[5] = m.Int64ObservableGauge("sessiongate.jwks.usable", metric.WithDescription("1 when JWTs can be checked locally: a key set is loaded and not too stale."))
	in.cached, errs[6] = m.Int64ObservableGauge("sessiongate.cached_jwts", metric.WithDescription("Entries in the verified-JWT cache."))
	in.age, errs[7] = m.Float64ObservableGauge("sessiongate.jwks.age", metric.WithUnit("s"), metric.WithDescription("Age of the key set in use (absent before the first successful fetch)."))
	in.jwtsRejected, errs[8] = m.Int64ObservableCounter("sessiongate.api.jwts_rejected", metric.WithDescription("Fresh JWTs from Stytch's API that did not verify and were not handed back."))
	in.pending, errs[9] = m.Int64ObservableGauge("sessiongate.revokes.pending", metric.WithDescription("Revokes that found Stytch unavailable and wait for a retry."))
	in.retries, errs[10] = m.Int64ObservableCounter("sessiongate.revokes.retries", metric.WithDescription("Retries of revokes that found Stytch unavailable."))
	in.confirmed, errs[11] = m.Int64ObservableCounter("sessiongate.revokes.confirmed", metric.WithDescription("Retried revokes Stytch confirmed."))
	in.abandoned, errs[12] = m.Int64ObservableCounter("sessiongate.revokes.abandoned", metric.WithDescription("Revokes given up without Stytch's confirmation."))
	return &in, errors.Join(errs[:]...)
}

// observe reports s, read at now.
func (in *verifierInstruments) observe(o metric.Observer, s verifier.Stats, now time.Time) {
	o.ObserveInt64(in.fetches, s.JWKSFetches)
	o.ObserveInt64(in.failures, s.JWKSFailures)
	o.ObserveInt64(in.calls, s.APICalls)
	o.ObserveInt64(in.unavailable, s.APIUnavailable)
	o.ObserveInt64(in.keys, int64(s.JWKSKeys))
	usable := int64(0)
	if s.JWKSUsable {
		usable = 1
	}
	o.ObserveInt64(in.usable, usable)
	o.ObserveInt64(in.cached, int64(s.CachedJWTs))
	o.ObserveInt64(in.jwtsRejected, s.APIJWTsRejected)
	o.ObserveInt64(in.pending, int64(s.RevokesPending))
	o.ObserveInt64(in.retries, s.RevokeRetries)
	o.ObserveInt64(in.confirmed, s.RevokesConfirmed)
	o.ObserveInt64(in.abandoned, s.RevokesAbandoned)
	if !s.JWKSFetchedAt.IsZero() {
		o.ObserveFloat64(in.age, now.Sub(s.JWKSFetchedAt).Seconds())
	}
}
