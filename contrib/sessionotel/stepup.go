package sessionotel

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/sessiongate/sessiongate/stepup"
)

// stepUpChecks records step-up policy checks.
type stepUpChecks struct{ total metric.Int64Counter }

// StepUpChecks creates the step-up instrument on mp's meter and returns
// the observer that records it; pass it to [stepup.WithObserver]
// (one observer can serve every policy; name them with [stepup.WithName]).
func StepUpChecks(mp metric.MeterProvider) (func(stepup.Event), error) {
	total, err := mp.Meter(meterName).Int64Counter("sessiongate.stepup.checks", metric.WithUnit("{check}"),
		metric.WithDescription("Step-up policy checks by policy name, outcome and reason code."))
	if err != nil {
		return nil, err
	}
	return (&stepUpChecks{total: total}).Observe, nil
}

// Observe records e.
func (s *stepUpChecks) Observe(e stepup.Event) {
	s.total.Add(context.Background(), 1, metric.WithAttributes(attribute.String("policy", e.Policy),
		attribute.String("outcome", string(e.Outcome)), attribute.String("reason", e.Reason)))
}
