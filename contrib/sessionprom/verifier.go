package sessionprom

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/sessiongate/sessiongate/verifier"
)

// StatsReader is what [RegisterVerifier] reads: [verifier.Verifier],
// [verifier.Local] and [verifier.Remote] all implement it.
type StatsReader interface {
	Stats() verifier.Stats
}

var (
	jwksFetches      = desc("sessiongate_jwks_fetches_total", "JWKS fetches started.")
	jwksFailures     = desc("sessiongate_jwks_fetch_failures_total", "JWKS fetches that failed (the key set in use was kept).")
	jwksKeys         = desc("sessiongate_jwks_keys", "Usable keys in the key set in use.")
	jwksUsable       = desc("sessiongate_jwks_usable", "1 when JWTs can be checked locally: a key set is loaded and not too stale.")
	jwksAge          = desc("sessiongate_jwks_age_seconds", "Age of the key set in use (absent before the first successful fetch).")
	cachedJWTs       = desc("sessiongate_cached_jwts", "Entries in the verified-JWT cache.")
	apiCalls         = desc("sessiongate_api_calls_total", "HTTP requests sent to Stytch's sessions API, retries included.")
	apiUnavailable   = desc("sessiongate_api_unavailable_total", "Requests to Stytch's sessions API that found it unavailable.")
	apiJWTsRejected  = desc("sessiongate_api_jwts_rejected_total", "Fresh JWTs from Stytch's API that did not verify and were not handed back.")
	revokesPending   = desc("sessiongate_revokes_pending", "Revokes that found Stytch unavailable and wait for a retry.")
	revokeRetries    = desc("sessiongate_revoke_retries_total", "Retries of revokes that found Stytch unavailable.")
	revokesConfirmed = desc("sessiongate_revokes_confirmed_total", "Retried revokes Stytch confirmed.")
	revokesAbandoned = desc("sessiongate_revokes_abandoned_total", "Revokes given up without Stytch's confirmation.")
	verifierDescList = []*prometheus.Desc{jwksFetches, jwksFailures, jwksKeys, jwksUsable, jwksAge, cachedJWTs, apiCalls, apiUnavailable,
		apiJWTsRejected, revokesPending, revokeRetries, revokesConfirmed, revokesAbandoned}
)

func desc(name, help string) *prometheus.Desc { return prometheus.NewDesc(name, help, nil, nil) }

// verifierCollector reads a verifier's Stats at every scrape.
type verifierCollector struct {
	v   StatsReader
	now func() time.Time
}

// RegisterVerifier registers with reg a collector that reads v.Stats() at
// every scrape. It fails when reg already has these metrics.
func RegisterVerifier(reg prometheus.Registerer, v StatsReader) error {
	return reg.Register(verifierCollector{v: v, now: time.Now})
}

// Describe sends the metrics' descriptions.
func (c verifierCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range verifierDescList {
		ch <- d
	}
}

// Collect sends the current values.
func (c verifierCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.v.Stats()
	ch <- prometheus.MustNewConstMetric(jwksFetches, prometheus.CounterValue, float64(s.JWKSFetches))
	ch <- prometheus.MustNewConstMetric(jwksFailures, prometheus.CounterValue, float64(s.JWKSFailures))
	ch <- prometheus.MustNewConstMetric(jwksKeys, prometheus.GaugeValue, float64(s.JWKSKeys))
	ch <- prometheus.MustNewConstMetric(jwksUsable, prometheus.GaugeValue, boolValue(s.JWKSUsable))
	if !s.JWKSFetchedAt.IsZero() {
		ch <- prometheus.MustNewConstMetric(jwksAge, prometheus.GaugeValue, c.now().Sub(s.JWKSFetchedAt).Seconds())
	}
	ch <- prometheus.MustNewConstMetric(cachedJWTs, prometheus.GaugeValue, float64(s.CachedJWTs))
	ch <- prometheus.MustNewConstMetric(apiCalls, prometheus.CounterValue, float64(s.APICalls))
	ch <- prometheus.MustNewConstMetric(apiUnavailable, prometheus.CounterValue, float64(s.APIUnavailable))
	ch <- prometheus.MustNewConstMetric(apiJWTsRejected, prometheus.CounterValue, float64(s.APIJWTsRejected))
	ch <- prometheus.MustNewConstMetric(revokesPending, prometheus.GaugeValue, float64(s.RevokesPending))
	ch <- prometheus.MustNewConstMetric(revokeRetries, prometheus.CounterValue, float64(s.RevokeRetries))
	ch <- prometheus.MustNewConstMetric(revokesConfirmed, prometheus.CounterValue, float64(s.RevokesConfirmed))
	ch <- prometheus.MustNewConstMetric(revokesAbandoned, prometheus.CounterValue, float64(s.RevokesAbandoned))
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
