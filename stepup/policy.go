package stepup

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/optcheck"
)

// Policy is a route's step-up requirement together with how its middleware
// answers. Build one with [New]; after New returns it is immutable and safe
// for concurrent use.
type Policy struct {
	slots          [][]sessiongate.FactorType // one distinct factor each
	eligible       []sessiongate.FactorType   // types that count at all
	slotMasks      []uint32                   // slots as bit masks over eligible
	distinct       int
	maxAge         time.Duration
	deliveredBy    []sessiongate.DeliveryMethod
	notDeliveredBy []sessiongate.DeliveryMethod
	confirm        time.Duration
	hasConfirm     bool
	leeway         time.Duration
	now            func() time.Time
	stepUpURL      string
	returnPath     string
	challenge      func(w http.ResponseWriter, r *http.Request, err *RequiredError)
	onError        func(w http.ResponseWriter, r *http.Request, err error)
	name           string
	observer       func(Event)
}

// New builds a policy from requirement and presentation options, for
// example:
//
//	stepup.New(stepup.AnyOf(sessiongate.FactorTOTP, sessiongate.FactorWebAuthn), stepup.Within(10*time.Minute))
//
// It returns an error wrapping [ErrInvalidPolicy] (one line per problem) when
// the policy is empty, names an unknown factor type or delivery method, gives
// a rule twice, cannot be satisfied by any factor, or names an unsafe URL.
//
// A policy with Within or a delivery rule but no factor types accepts any
// factor type except recovery_codes, impersonated, imported and
// trusted_auth_token; those four count only when named explicitly.
func New(opts ...Option) (*Policy, error) {
	o := options{leeway: DefaultLeeway, now: time.Now, Record: optcheck.Record{Sentinel: ErrInvalidPolicy}}
	Options(opts...)(&o)
	if err := o.Err(); err != nil {
		return nil, err
	}
	p := &Policy{
		distinct: o.distinct, maxAge: o.maxAge,
		deliveredBy: o.deliveredBy, notDeliveredBy: o.notDeliveredBy,
		confirm: o.confirm, hasConfirm: o.Given("ConfirmedWithin"),
		leeway: o.leeway, now: o.now, stepUpURL: o.stepUpURL, returnPath: o.returnPath,
		challenge: o.challenge, onError: o.onError, name: o.name, observer: o.observer,
	}
	p.buildFactors(&o)
	if err := o.Err(); err != nil {
		return nil, err
	}
	return p, nil
}

// buildFactors derives the slots and eligible types, recording problems.
func (p *Policy) buildFactors(o *options) {
	factorRule := len(o.slots) > 0 || o.Given("Within") || o.Given("DeliveredBy") ||
		o.Given("NotDeliveredBy") || o.Given("Distinct")
	if !factorRule && !p.hasConfirm {
		o.Fail("no requirement: give AnyOf, AllOf, Within, DeliveredBy, NotDeliveredBy, Distinct or ConfirmedWithin")
		return
	}
	for _, m := range p.deliveredBy {
		if slices.Contains(p.notDeliveredBy, m) {
			o.Fail("delivery method %q is both accepted and excluded", m)
		}
	}
	p.buildSlots(o)
	if len(o.slots) == 0 && factorRule {
		p.eligible = p.deliverable(defaultTypes())
		if len(p.eligible) == 0 {
			o.Fail("no factor type can be delivered by the allowed delivery methods")
		}
		if p.distinct == 0 {
			p.distinct = 1
		}
	}
}

// buildSlots keeps, per requested slot, the types the delivery rules allow,
// and derives the eligible types and the slot bit masks over them.
func (p *Policy) buildSlots(o *options) {
	if len(o.slots) > maxDistinct {
		o.Fail("%d factors required: at most %d", len(o.slots), maxDistinct)
	}
	for _, slot := range o.slots {
		kept := p.deliverable(slot)
		if len(kept) == 0 {
			o.Fail("no allowed delivery method can produce a factor of type %s", joinTypes(slot, " or "))
			continue
		}
		p.slots = append(p.slots, kept)
		for _, t := range kept {
			if !slices.Contains(p.eligible, t) {
				p.eligible = append(p.eligible, t)
			}
		}
	}
	for _, slot := range p.slots {
		var m uint32
		for _, t := range slot {
			m |= 1 << slices.Index(p.eligible, t)
		}
		p.slotMasks = append(p.slotMasks, m)
	}
}

// deliverable keeps the types that some allowed delivery method can produce.
func (p *Policy) deliverable(types []sessiongate.FactorType) []sessiongate.FactorType {
	var kept []sessiongate.FactorType
	for _, t := range types {
		for _, m := range sessiongate.DeliveryMethods() {
			if p.allowedMethod(m) && compatible(t, m) {
				kept = append(kept, t)
				break
			}
		}
	}
	return kept
}

// allowedMethod reports whether the delivery rules accept m.
func (p *Policy) allowedMethod(m sessiongate.DeliveryMethod) bool {
	if len(p.deliveredBy) > 0 && !slices.Contains(p.deliveredBy, m) {
		return false
	}
	return !slices.Contains(p.notDeliveredBy, m)
}

// MaxAge returns the policy's recency bound, and false when it has none.
func (p *Policy) MaxAge() (time.Duration, bool) { return p.maxAge, p.maxAge > 0 }

// ConfirmWithin returns the server-freshness bound, and false when the
// policy does not ask for one.
func (p *Policy) ConfirmWithin() (time.Duration, bool) { return p.confirm, p.hasConfirm }

// String describes the requirement on one line for audits and logs, for
// example "stepup(factors=[totp|webauthn], max_age=600s)". Presentation
// options (step-up URL, handlers, clock) are not shown.
func (p *Policy) String() string {
	var parts []string
	switch {
	case len(p.slots) > 0:
		s := make([]string, len(p.slots))
		for i, slot := range p.slots {
			s[i] = "[" + joinTypes(slot, "|") + "]"
		}
		parts = append(parts, "factors="+strings.Join(s, "+"))
	case p.distinct > 0:
		parts = append(parts, "factors=any")
	}
	if p.maxAge > 0 {
		parts = append(parts, "max_age="+strconv.FormatInt(int64(p.maxAge/time.Second), 10)+"s")
	}
	if len(p.deliveredBy) > 0 {
		parts = append(parts, "delivered_by=["+joinMethods(p.deliveredBy)+"]")
	}
	if len(p.notDeliveredBy) > 0 {
		parts = append(parts, "not_delivered_by=["+joinMethods(p.notDeliveredBy)+"]")
	}
	if p.distinct > 0 {
		parts = append(parts, "distinct="+strconv.Itoa(p.distinct))
	}
	if p.hasConfirm {
		parts = append(parts, "confirmed_within="+p.confirm.String())
	}
	return "stepup(" + strings.Join(parts, ", ") + ")"
}

func joinMethods(ms []sessiongate.DeliveryMethod) string {
	s := make([]string, len(ms))
	for i, m := range ms {
		s[i] = string(m)
	}
	return strings.Join(s, "|")
}
