// Package sessionotel exports sessiongate's decisions and health as
// OpenTelemetry metrics. It is a module of its own, so that only programs
// that import it depend on OpenTelemetry.
//
//	mp := otel.GetMeterProvider()
//	decisions, err := sessionotel.Decisions(mp)          // middleware.WithObserver(decisions)
//	checks, err := sessionotel.StepUpChecks(mp)          // stepup.WithObserver(checks)
//	perms, err := sessionotel.PermissionChecks(mp)       // rbac.WithObserver(perms)
//	reg, err := sessionotel.RegisterVerifier(mp, v)      // v.Stats() at every collection; reg.Unregister() to stop
//
// Instruments (meter "github.com/sessiongate/sessiongate"); every attribute
// takes a bounded set of values, and none holds a credential, a session or
// user id, or an error text:
//
//	sessiongate.decisions                {outcome, reason, credential, source}   counter
//	sessiongate.decision.duration        {outcome}                               histogram, seconds
//	sessiongate.stepup.checks            {policy, outcome, reason}               counter
//	sessiongate.rbac.checks              {name, outcome, reason}                 counter
//	sessiongate.jwks.fetches, sessiongate.jwks.fetch_failures                    observable counters
//	sessiongate.jwks.keys, sessiongate.jwks.usable, sessiongate.jwks.age         observable gauges (age in seconds)
//	sessiongate.cached_jwts                                                      observable gauge
//	sessiongate.api.calls, sessiongate.api.unavailable                           observable counters
package sessionotel
