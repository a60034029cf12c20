package stepup

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/sessiongate/sessiongate"
)

// ErrInvalidPolicy is wrapped by every error [New] returns for a policy that
// cannot be built: an unknown factor type, an empty or contradictory rule, a
// rule given twice, or an unsafe redirect target.
var ErrInvalidPolicy = errors.New("stepup: invalid policy")

// RequiredError reports that a session is valid but does not meet a policy.
// It unwraps to [sessiongate.ErrStepUpRequired]. Its fields describe what the
// user must do next; they never contain session data.
type RequiredError struct {
	// Factors lists the factor types that would make progress, in policy
	// order: the union of Missing.
	Factors []sessiongate.FactorType
	// Missing holds one entry per distinct factor still needed; each entry
	// lists the factor types that may fill it.
	Missing [][]sessiongate.FactorType
	// DeliveryMethods, when not empty, are the only delivery methods accepted.
	DeliveryMethods []sessiongate.DeliveryMethod
	// ExcludedDeliveryMethods are delivery methods that never count.
	ExcludedDeliveryMethods []sessiongate.DeliveryMethod
	// MaxAge is how recently each factor must have been authenticated; zero
	// means the policy sets no recency bound.
	MaxAge time.Duration
	// Description is the human-readable error_description sent to clients.
	Description string
	// ReturnTo is set by the middleware before it calls a challenge handler:
	// the validated same-origin path to come back to after stepping up.
	ReturnTo string
}

// Error describes the requirement; it holds no credential or session data.
func (e *RequiredError) Error() string {
	return sessiongate.ErrStepUpRequired.Error() + ": " + e.Description
}

// Unwrap returns [sessiongate.ErrStepUpRequired].
func (e *RequiredError) Unwrap() error { return sessiongate.ErrStepUpRequired }

// ACRValues returns the RFC 9470 acr_values for the challenge: the [ACR] of
// each of Factors, space-separated, in order of preference.
func (e *RequiredError) ACRValues() string {
	vals := make([]string, len(e.Factors))
	for i, t := range e.Factors {
		vals[i] = ACR(t)
	}
	return strings.Join(vals, " ")
}

// maxAgeSeconds returns MaxAge in whole seconds, and false when the policy
// sets no recency bound.
func (e *RequiredError) maxAgeSeconds() (int64, bool) {
	if e.MaxAge <= 0 {
		return 0, false
	}
	return int64(e.MaxAge / time.Second), true
}

// describe builds the default error_description, restricted to the RFC 6750
// character set (no quote, no backslash).
func describe(missing [][]sessiongate.FactorType, maxAge time.Duration) string {
	var b strings.Builder
	b.WriteString("step-up authentication required: ")
	if len(missing) == 1 {
		b.WriteString("1 more factor")
	} else {
		b.WriteString(strconv.Itoa(len(missing)) + " more distinct factors")
	}
	for i, slot := range missing {
		if i == 0 {
			b.WriteString(" (")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(joinTypes(slot, " or "))
	}
	if len(missing) > 0 {
		b.WriteString(")")
	}
	if maxAge > 0 {
		b.WriteString(" authenticated within the last " + strconv.FormatInt(int64(maxAge/time.Second), 10) + " seconds")
	}
	return b.String()
}

func joinTypes(ts []sessiongate.FactorType, sep string) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = string(t)
	}
	return strings.Join(s, sep)
}
