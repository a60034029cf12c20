package stepup

import (
	"slices"
	"time"

	"github.com/sessiongate/sessiongate"
)

// Result is the outcome of evaluating a session against a [Policy].
type Result struct {
	// Satisfied reports whether the session meets the policy.
	Satisfied bool
	// Missing holds one entry per distinct factor still needed, each listing
	// the factor types that may fill it. Empty when the factors suffice.
	Missing [][]sessiongate.FactorType
	// Factors is the union of Missing in policy order: what a step-up page
	// should offer.
	Factors []sessiongate.FactorType
	// MaxAge is the policy's recency bound (zero: none).
	MaxAge time.Duration
	// DeliveryMethods, when not empty, are the only accepted delivery methods.
	DeliveryMethods []sessiongate.DeliveryMethod
	// ExcludedDeliveryMethods never count.
	ExcludedDeliveryMethods []sessiongate.DeliveryMethod
	// Counted is the number of distinct credentials that counted.
	Counted int
	// Untrusted is the number of factor entries ignored because their
	// last_authenticated_at lies in the future beyond the policy's leeway.
	Untrusted int
	// NeedsConfirmation reports that the policy's ConfirmedWithin rule is not
	// met by the verification given to [EvaluateVerification]: the server
	// must re-verify the session with Stytch. [Evaluate] never sets it.
	NeedsConfirmation bool
}

// Err returns a [*RequiredError] describing Missing, or nil when no factor
// is missing. It does not report NeedsConfirmation, which the user cannot
// act on.
func (r Result) Err() error {
	if len(r.Missing) == 0 {
		return nil
	}
	return &RequiredError{
		Factors: r.Factors, Missing: r.Missing, MaxAge: r.MaxAge,
		DeliveryMethods: r.DeliveryMethods, ExcludedDeliveryMethods: r.ExcludedDeliveryMethods,
		Description: describe(r.Missing, r.MaxAge),
	}
}

// Evaluate reports whether s meets p's factor rules at time now. It is a
// pure function: no I/O, no clock, safe to call outside HTTP (for example to
// hide a button the user could not use). It does not judge p's
// ConfirmedWithin rule, which needs the verification; use
// [EvaluateVerification] for that.
//
// A factor entry counts when its type is acceptable, its delivery method is
// allowed, and its last_authenticated_at is set, no later than now plus the
// policy's leeway, and (with [Within]) no more than the max age before now:
// an age equal to the max age passes. A nil session or policy is never
// satisfied.
func Evaluate(s *sessiongate.Session, p *Policy, now time.Time) Result {
	if p == nil {
		return Result{}
	}
	res := Result{
		MaxAge:                  p.maxAge,
		DeliveryMethods:         slices.Clone(p.deliveredBy),
		ExcludedDeliveryMethods: slices.Clone(p.notDeliveredBy),
	}
	var creds []uint32
	if s != nil {
		creds, res.Untrusted = p.countable(s.AuthenticationFactors, now)
	}
	res.Counted = len(creds)
	res.Missing = p.missing(creds)
	for _, slot := range res.Missing {
		for _, t := range slot {
			if !slices.Contains(res.Factors, t) {
				res.Factors = append(res.Factors, t)
			}
		}
	}
	res.Satisfied = s != nil && len(res.Missing) == 0
	return res
}

// EvaluateVerification is [Evaluate] on v's session, plus p's
// ConfirmedWithin rule judged on v: ConfirmedWithin(0) is met only by a
// verification Stytch answered remotely (Source remote, which for the
// request's own verification means "during this request"); ConfirmedWithin(d)
// by a ConfirmedAt no more than d before now and not beyond the leeway
// after it.
func EvaluateVerification(v *sessiongate.Verification, p *Policy, now time.Time) Result {
	if v == nil {
		res := Evaluate(nil, p, now)
		res.NeedsConfirmation = p != nil && p.hasConfirm
		return res
	}
	res := Evaluate(v.Session, p, now)
	if p != nil && p.hasConfirm && !p.confirmedBy(v, now) {
		res.NeedsConfirmation = true
		res.Satisfied = false
	}
	return res
}

func (p *Policy) confirmedBy(v *sessiongate.Verification, now time.Time) bool {
	if p.confirm == 0 {
		return v.Source == sessiongate.SourceRemote
	}
	at := v.ConfirmedAt
	return !at.IsZero() && !at.After(now.Add(p.leeway)) && now.Sub(at) <= p.confirm
}

// countable returns, per distinct credential that counts, a bit mask of the
// eligible types it was seen with, and the number of untrusted entries.
func (p *Policy) countable(factors []sessiongate.AuthenticationFactor, now time.Time) ([]uint32, int) {
	var masks []uint32
	keys := keySet{hint: len(factors)}
	untrusted := 0
	for i := range factors {
		f := &factors[i]
		ti := slices.Index(p.eligible, f.Type)
		if ti < 0 || !p.allowedMethod(f.DeliveryMethod) || f.LastAuthenticatedAt.IsZero() {
			continue
		}
		if f.LastAuthenticatedAt.After(now.Add(p.leeway)) {
			untrusted++
			continue
		}
		if p.maxAge > 0 && now.Sub(f.LastAuthenticatedAt) > p.maxAge {
			continue
		}
		j, added := keys.index(credential(f))
		if added {
			masks = append(masks, 0)
		}
		masks[j] |= 1 << ti
	}
	return masks, untrusted
}

// missing returns the factors still needed given the counted credentials,
// in slices the caller owns.
func (p *Policy) missing(creds []uint32) [][]sessiongate.FactorType {
	unmatched := unmatchedSlots(p.slotMasks, creds)
	var out [][]sessiongate.FactorType
	for s := range p.slots {
		if unmatched&(1<<s) != 0 {
			out = append(out, slices.Clone(p.slots[s]))
		}
	}
	for n := max(len(out), p.distinct-len(creds)); len(out) < n; {
		out = append(out, slices.Clone(p.eligible))
	}
	return out
}

// keySet numbers distinct credential keys in order of first appearance: a
// linear scan of an inline array for the usual handful, a map beyond it.
type keySet struct {
	small [8]credKey
	n     int
	large map[credKey]int
	hint  int // expected number of keys at most
}

// index returns k's number, and whether k was new.
func (ks *keySet) index(k credKey) (int, bool) {
	if ks.large != nil {
		if j, ok := ks.large[k]; ok {
			return j, false
		}
		ks.large[k] = ks.n
		ks.n++
		return ks.n - 1, true
	}
	if j := slices.Index(ks.small[:ks.n], k); j >= 0 {
		return j, false
	}
	if ks.n == len(ks.small) {
		ks.large = make(map[credKey]int, ks.hint)
		for j, old := range ks.small {
			ks.large[old] = j
		}
		return ks.index(k)
	}
	ks.small[ks.n] = k
	ks.n++
	return ks.n - 1, true
}
