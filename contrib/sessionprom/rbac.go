package sessionprom

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/sessiongate/sessiongate/rbac"
)

// permissionChecks counts RBAC permission checks.
type permissionChecks struct{ total *prometheus.CounterVec }

// PermissionChecks registers the RBAC metric with reg and returns the
// observer that feeds it; pass it to [rbac.WithObserver] (one observer can
// serve every route; name the checks with [rbac.WithName]). Its labels are
// bounded: the check's name, the outcome and the reason code.
func PermissionChecks(reg prometheus.Registerer) (func(rbac.Event), error) {
	p := &permissionChecks{total: prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "sessiongate_rbac_checks_total",
		Help: "RBAC permission checks by check name, outcome and reason code.",
	}, []string{"name", "outcome", "reason"})}
	if err := reg.Register(p.total); err != nil {
		return nil, err
	}
	return p.Observe, nil
}

// Observe counts e.
func (p *permissionChecks) Observe(e rbac.Event) {
	p.total.WithLabelValues(e.Name, string(e.Outcome), e.Reason).Inc()
}
