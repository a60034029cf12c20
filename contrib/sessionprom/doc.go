// Package sessionprom exports sessiongate's decisions and health as
// Prometheus metrics. It is a module of its own, so that only programs that
// import it depend on the Prometheus client.
//
//	reg := prometheus.NewRegistry()
//	decisions, err := sessionprom.Decisions(reg)            // middleware.WithObserver(decisions)
//	checks, err := sessionprom.StepUpChecks(reg)            // stepup.WithObserver(checks)
//	perms, err := sessionprom.PermissionChecks(reg)         // rbac.WithObserver(perms)
//	err = sessionprom.RegisterVerifier(reg, v)              // v.Stats() at every scrape
//
// Metrics (every label takes a bounded set of values: the middleware's
// and stepup's outcome and reason codes, credential sources, and the
// policy names given with stepup.WithName, and the rbac check names given
// with rbac.WithName):
//
//	sessiongate_decisions_total{outcome,reason,credential,source}
//	sessiongate_decision_duration_seconds{outcome}   histogram, 1 µs to about 1 s
//	sessiongate_refreshed_credentials_total          fresh credentials handed back
//	sessiongate_cookie_fallbacks_total               JWTs too large for a cookie
//	sessiongate_cookies_cleared_total
//	sessiongate_stepup_checks_total{policy,outcome,reason}
//	sessiongate_rbac_checks_total{name,outcome,reason}
//	sessiongate_jwks_fetches_total, sessiongate_jwks_fetch_failures_total
//	sessiongate_jwks_keys, sessiongate_jwks_usable (0 or 1), sessiongate_jwks_age_seconds
//	sessiongate_cached_jwts
//	sessiongate_api_calls_total, sessiongate_api_unavailable_total
//
// No label ever holds a credential, a session or user id, or an error text.
package sessionprom
