package stepup

import (
	"time"

	"github.com/sessiongate/sessiongate"
)

// maxDistinct bounds Distinct and the number of factor slots a policy may
// ask for; no real session carries more independent credentials.
const maxDistinct = 8

// AnyOf requires one factor of any of the given types. Each AnyOf (and each
// type of [AllOf]) needs its own distinct factor: AnyOf(a, b) together with
// AnyOf(c, d) means "one of a or b, and another one of c or d". Types must
// be documented Stytch factor types ([sessiongate.FactorType.Known]).
func AnyOf(types ...sessiongate.FactorType) Option {
	return func(o *options) {
		if checkTypes(o, "AnyOf", types) {
			o.slots = append(o.slots, append([]sessiongate.FactorType(nil), types...))
		}
	}
}

// AllOf requires one distinct factor of each of the given types; the same
// factor never counts twice (see the package documentation on distinctness).
func AllOf(types ...sessiongate.FactorType) Option {
	return func(o *options) {
		if checkTypes(o, "AllOf", types) {
			for _, t := range types {
				o.slots = append(o.slots, []sessiongate.FactorType{t})
			}
		}
	}
}

// Within requires every factor that counts to have been authenticated no
// more than d ago: age == d passes, age == d + 1s fails. d must be a whole
// number of seconds, at least one second, because it is sent to clients as
// RFC 9470 max_age.
func Within(d time.Duration) Option {
	return func(o *options) {
		if o.Once("Within") {
			if d < time.Second || d%time.Second != 0 {
				o.Fail("Within(%v): want a whole number of seconds, at least 1s", d)
			}
			o.maxAge = d
		}
	}
}

// DeliveredBy accepts only factors delivered by one of the given methods,
// such as [sessiongate.DeliveryAuthenticatorApp].
func DeliveredBy(methods ...sessiongate.DeliveryMethod) Option {
	return func(o *options) {
		if o.Once("DeliveredBy") && checkMethods(o, "DeliveredBy", methods) {
			o.deliveredBy = append([]sessiongate.DeliveryMethod(nil), methods...)
		}
	}
}

// NotDeliveredBy never counts factors delivered by one of the given methods,
// for instance NotDeliveredBy(sessiongate.DeliverySMS).
func NotDeliveredBy(methods ...sessiongate.DeliveryMethod) Option {
	return func(o *options) {
		if o.Once("NotDeliveredBy") && checkMethods(o, "NotDeliveredBy", methods) {
			o.notDeliveredBy = append([]sessiongate.DeliveryMethod(nil), methods...)
		}
	}
}

// Distinct requires at least n distinct factors among those that count
// (n from 1 to 8). Two entries of the same credential are one factor.
func Distinct(n int) Option {
	return func(o *options) {
		if o.Once("Distinct") {
			if n < 1 || n > maxDistinct {
				o.Fail("Distinct(%d): want 1 to %d", n, maxDistinct)
			}
			o.distinct = n
		}
	}
}

// ConfirmedWithin requires that Stytch itself vouched for the session no
// more than d ago ([sessiongate.Verification.ConfirmedAt]); d == 0 means
// "ask Stytch during this request", which refuses a revoked session whose
// JWT is still valid. When the request's verification is older, the
// middleware re-verifies through the [sessiongate.Rechecker] in the context.
func ConfirmedWithin(d time.Duration) Option {
	return func(o *options) {
		if o.Once("ConfirmedWithin") {
			if d < 0 {
				o.Fail("ConfirmedWithin(%v): want 0 or more", d)
			}
			o.confirm = d
		}
	}
}

func checkTypes(o *options, rule string, types []sessiongate.FactorType) bool {
	if len(types) == 0 {
		o.Fail("%s(): no factor type", rule)
		return false
	}
	seen := make(map[sessiongate.FactorType]bool, len(types))
	ok := true
	for _, t := range types {
		switch {
		case !t.Known():
			o.Fail("%s: unknown factor type %q", rule, t)
			ok = false
		case seen[t]:
			o.Fail("%s: factor type %q listed twice", rule, t)
			ok = false
		}
		seen[t] = true
	}
	return ok
}

func checkMethods(o *options, rule string, methods []sessiongate.DeliveryMethod) bool {
	if len(methods) == 0 {
		o.Fail("%s(): no delivery method", rule)
		return false
	}
	seen := make(map[sessiongate.DeliveryMethod]bool, len(methods))
	ok := true
	for _, m := range methods {
		switch {
		case !m.Known():
			o.Fail("%s: unknown delivery method %q", rule, m)
			ok = false
		case seen[m]:
			o.Fail("%s: delivery method %q listed twice", rule, m)
			ok = false
		}
		seen[m] = true
	}
	return ok
}
