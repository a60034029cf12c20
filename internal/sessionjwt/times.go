package sessionjwt

import (
	"math"
	"strconv"
	"time"

	"github.com/sessiongate/sessiongate/internal/strictjson"
)

// This file reads the JWT's NumericDates and the session claim's RFC 3339
// timestamps; it checks no value against a clock.

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

// claimTime parses an RFC 3339 timestamp; "" and null are the zero time.
func claimTime(raw string) (time.Time, error) {
	if raw == "null" || raw == `""` {
		return time.Time{}, nil
	}
	if t, ok := fastTime(raw); ok {
		return t, nil
	}
	str, ok := strictjson.String(raw)
	if !ok {
		return time.Time{}, invalid("timestamp is not a string")
	}
	t, err := time.Parse(time.RFC3339, str)
	if err != nil {
		return time.Time{}, invalid("bad timestamp")
	}
	return t, nil
}

// fastTime parses the one shape Stytch writes, "YYYY-MM-DDTHH:MM:SSZ" in
// quotes, without allocating. Anything else falls back to time.Parse.
func fastTime(raw string) (time.Time, bool) {
	if len(raw) != 22 || raw[0] != '"' || raw[21] != '"' || raw[20] != 'Z' ||
		raw[5] != '-' || raw[8] != '-' || raw[11] != 'T' || raw[14] != ':' || raw[17] != ':' {
		return time.Time{}, false
	}
	var v [6]int
	for i, span := range [6][2]int{{1, 5}, {6, 8}, {9, 11}, {12, 14}, {15, 17}, {18, 20}} {
		for j := span[0]; j < span[1]; j++ {
			if raw[j] < '0' || raw[j] > '9' {
				return time.Time{}, false
			}
			v[i] = v[i]*10 + int(raw[j]-'0')
		}
	}
	if v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31 || v[3] > 23 || v[4] > 59 || v[5] > 59 {
		return time.Time{}, false
	}
	t := time.Date(v[0], time.Month(v[1]), v[2], v[3], v[4], v[5], 0, time.UTC)
	if t.Day() != v[2] { // normalised, e.g. February 30
		return time.Time{}, false
	}
	return t, true
}
