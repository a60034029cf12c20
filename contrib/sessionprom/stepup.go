package sessionprom

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/sessiongate/sessiongate/stepup"
)

// stepUpChecks counts step-up policy checks.
type stepUpChecks struct{ total *prometheus.CounterVec }

// StepUpChecks registers the step-up metric with reg and returns the
// observer that feeds it; pass it to [stepup.WithObserver] (one
// observer can serve every policy; name them with [stepup.WithName]).
func StepUpChecks(reg prometheus.Registerer) (func(stepup.Event), error) {
	s := &stepUpChecks{total: prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "sessiongate_stepup_checks_total",
		Help: "Step-up policy checks by policy name, outcome and reason code.",
	}, []string{"policy", "outcome", "reason"})}
	if err := reg.Register(s.total); err != nil {
		return nil, err
	}
	return s.Observe, nil
}

// Observe counts e.
func (s *stepUpChecks) Observe(e stepup.Event) {
	s.total.WithLabelValues(e.Policy, string(e.Outcome), e.Reason).Inc()
}
