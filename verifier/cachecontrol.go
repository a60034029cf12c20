package verifier

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// minScheduledRefresh is the shortest background refresh period a JWKS
// response's Cache-Control can ask for.
const minScheduledRefresh = time.Minute

// freshFor returns how long a JWKS response says it stays fresh: its
// Cache-Control max-age minus its Age (RFC 9111 §4.2), or -1 when it says
// nothing usable (no max-age, or a malformed one). no-store and no-cache
// tell HTTP caches not to reuse the response, which says nothing about how
// often to poll, so they are ignored like s-maxage (shared caches only).
// (The emulator, like many APIs, sends no-store on every response.)
func freshFor(h http.Header) time.Duration {
	maxAge := time.Duration(-1)
	for _, line := range h.Values("Cache-Control") {
		for _, d := range strings.Split(line, ",") {
			name, value, _ := strings.Cut(strings.TrimSpace(d), "=")
			if strings.EqualFold(name, "max-age") {
				secs, ok := deltaSeconds(strings.Trim(value, `"`))
				if !ok {
					return -1
				}
				maxAge = secs
			}
		}
	}
	if maxAge > 0 {
		if age, ok := deltaSeconds(h.Get("Age")); ok {
			maxAge = max(0, maxAge-age)
		}
	}
	return maxAge
}

// deltaSeconds parses RFC 9111's delta-seconds, saturating at a year.
func deltaSeconds(s string) (time.Duration, bool) {
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	const year = 365 * 24 * time.Hour
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n > int64(year/time.Second) {
		return year, true
	}
	return time.Duration(n) * time.Second, true
}

// scheduledWait is the time until the next background refresh after a
// successful fetch whose response was fresh for fresh (-1: unknown): the
// configured interval, shortened to the response's freshness but never
// below minScheduledRefresh. A server can make refreshes more frequent,
// never rarer than the interval the user set.
func scheduledWait(interval, fresh time.Duration) time.Duration {
	if fresh < 0 {
		return interval
	}
	return min(interval, max(fresh, minScheduledRefresh))
}
