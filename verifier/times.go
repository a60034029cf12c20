package verifier

import (
	"math"
	"strconv"
	"time"

	"github.com/sessiongate/sessiongate/internal/claims"
)

// maxNumericDate bounds NumericDates (year 5138); larger values are garbage.
const maxNumericDate = 1e11

// numericDate parses a NumericDate: a JSON number > 0 (RFC 7519 §2,
// security.md F6). Strings, zero, negatives and non-finite values reject.
// Fractions are truncated to the second.
func numericDate(raw string, name string) (int64, error) {
	if len(raw) == 0 {
		return 0, invalid(name + " missing")
	}
	if c := raw[0]; c != '-' && (c < '0' || c > '9') {
		return 0, invalid(name + " is not a number")
	}
	f, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsNaN(f) || f <= 0 || f >= maxNumericDate {
		return 0, invalid(name + " out of range")
	}
	return int64(f), nil
}

// times are the checked registered time claims of a JWT, in Unix seconds.
type times struct {
	iat, exp int64
}

// checkTimes validates exp, iat and nbf against now with leeway: exp > iat,
// exp − iat within the JWT lifetime plus leeway, iat and nbf not in the
// future beyond leeway; a passed exp (beyond leeway) is ErrExpired.
func checkTimes(rc *rawClaims, now time.Time, leeway time.Duration) (times, error) {
	var t times
	var err error
	if t.exp, err = numericDate(rc.exp, "exp"); err != nil {
		return t, err
	}
	if t.iat, err = numericDate(rc.iat, "iat"); err != nil {
		return t, err
	}
	lw := int64(leeway / time.Second)
	if t.exp <= t.iat || t.exp-t.iat > int64(claims.Lifetime/time.Second)+lw {
		return t, invalid("exp − iat outside the JWT lifetime")
	}
	n := now.Unix()
	if t.iat > n+lw {
		return t, invalid("iat in the future")
	}
	if rc.nbf != "" {
		nbf, err := numericDate(rc.nbf, "nbf")
		if err != nil {
			return t, err
		}
		if nbf > n+lw {
			return t, invalid("nbf in the future")
		}
	}
	if n >= t.exp+lw {
		return t, expired("exp passed")
	}
	return t, nil
}

func secondsDuration(s int64) time.Duration {
	if s <= 0 {
		return 0
	}
	if s > 3600 {
		s = 3600
	}
	return time.Duration(s) * time.Second
}
