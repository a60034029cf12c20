package sessionotel

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/sessiongate/sessiongate/rbac"
)

// permissionChecks records RBAC permission checks.
type permissionChecks struct{ total metric.Int64Counter }

// PermissionChecks creates the RBAC instrument on mp's meter and returns
// the observer that records it; pass it to [rbac.WithObserver] (one
// observer can serve every route; name the checks with [rbac.WithName]).
// Its attributes are bounded: the check's name, the outcome and the reason
// code.
func PermissionChecks(mp metric.MeterProvider) (func(rbac.Event), error) {
	total, err := mp.Meter(meterName).Int64Counter("sessiongate.rbac.checks", metric.WithUnit("{check}"),
		metric.WithDescription("RBAC permission checks by check name, outcome and reason code."))
	if err != nil {
		return nil, err
	}
	return (&permissionChecks{total: total}).Observe, nil
}

// Observe records e.
func (p *permissionChecks) Observe(e rbac.Event) {
	p.total.Add(context.Background(), 1, metric.WithAttributes(attribute.String("name", e.Name),
		attribute.String("outcome", string(e.Outcome)), attribute.String("reason", e.Reason)))
}
