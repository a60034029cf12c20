package sessionotel

import (
	"context"
	"errors"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/sessiongate/sessiongate/middleware"
)

// meterName names the meter every instrument belongs to.
const meterName = "github.com/sessiongate/sessiongate"

// decisions records the middleware's events.
type decisions struct {
	total    metric.Int64Counter
	duration metric.Float64Histogram
}

// Decisions creates the decision instruments on mp's meter and returns the
// observer that records them; pass it to
// [middleware.WithObserver].
func Decisions(mp metric.MeterProvider) (func(middleware.Event), error) {
	m := mp.Meter(meterName)
	total, err1 := m.Int64Counter("sessiongate.decisions", metric.WithUnit("{decision}"),
		metric.WithDescription("Session middleware decisions by outcome, reason code, credential source and verification source."))
	duration, err2 := m.Float64Histogram("sessiongate.decision.duration", metric.WithUnit("s"),
		metric.WithDescription("Time the session middleware spent deciding, verification included."),
		metric.WithExplicitBucketBoundaries(1e-6, 4e-6, 16e-6, 64e-6, 256e-6, 1e-3, 4e-3, 16e-3, 64e-3, 256e-3, 1))
	if err := errors.Join(err1, err2); err != nil {
		return nil, err
	}
	return (&decisions{total: total, duration: duration}).Observe, nil
}

// Observe records e.
func (d *decisions) Observe(e middleware.Event) {
	ctx := context.Background()
	outcome := attribute.String("outcome", string(e.Outcome))
	d.total.Add(ctx, 1, metric.WithAttributes(outcome, attribute.String("reason", string(e.Reason)),
		attribute.String("credential", string(e.Credential)), attribute.String("source", string(e.Source))))
	d.duration.Record(ctx, e.Latency.Seconds(), metric.WithAttributes(outcome))
}
