package sessionprom

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/sessiongate/sessiongate/middleware"
)

// decisions counts the middleware's events.
type decisions struct {
	total     *prometheus.CounterVec
	duration  *prometheus.HistogramVec
	refreshed prometheus.Counter
	fallbacks prometheus.Counter
	cleared   prometheus.Counter
}

// Decisions registers the decision metrics with reg and returns the
// observer that feeds them; pass it to
// [middleware.WithObserver]. It fails when reg already has them.
func Decisions(reg prometheus.Registerer) (func(middleware.Event), error) {
	d := &decisions{
		total: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sessiongate_decisions_total",
			Help: "Session middleware decisions by outcome, reason code, credential source and verification source.",
		}, []string{"outcome", "reason", "credential", "source"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "sessiongate_decision_duration_seconds",
			Help:    "Time the session middleware spent deciding, verification included.",
			Buckets: prometheus.ExponentialBuckets(1e-6, 4, 11),
		}, []string{"outcome"}),
		refreshed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "sessiongate_refreshed_credentials_total",
			Help: "Responses that handed fresh session credentials back to the client.",
		}),
		fallbacks: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "sessiongate_cookie_fallbacks_total",
			Help: "Refreshed JWTs too large for a cookie (only the session token cookie was kept).",
		}),
		cleared: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "sessiongate_cookies_cleared_total",
			Help: "Responses that cleared the session cookies.",
		}),
	}
	for _, c := range []prometheus.Collector{d.total, d.duration, d.refreshed, d.fallbacks, d.cleared} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return d.Observe, nil
}

// Observe counts e.
func (d *decisions) Observe(e middleware.Event) {
	d.total.WithLabelValues(string(e.Outcome), string(e.Reason), string(e.Credential), string(e.Source)).Inc()
	d.duration.WithLabelValues(string(e.Outcome)).Observe(e.Latency.Seconds())
	if e.Refreshed {
		d.refreshed.Inc()
	}
	if e.CookieFallback {
		d.fallbacks.Inc()
	}
	if e.CookiesCleared {
		d.cleared.Inc()
	}
}
