package verifier

import (
	"net/http"
	"testing"
	"time"
)

func TestFreshFor(t *testing.T) {
	tests := []struct {
		name    string
		headers []string // name, value pairs
		want    time.Duration
	}{
		{"no header", nil, -1},
		{"max-age", []string{"Cache-Control", "public, max-age=600"}, 10 * time.Minute},
		{"upper case, quoted", []string{"Cache-Control", `MAX-AGE="60"`}, time.Minute},
		{"minus Age", []string{"Cache-Control", "max-age=600", "Age", "100"}, 500 * time.Second},
		{"Age beyond max-age", []string{"Cache-Control", "max-age=60", "Age", "100"}, 0},
		{"malformed Age ignored", []string{"Cache-Control", "max-age=60", "Age", "soon"}, time.Minute},
		{"max-age=0", []string{"Cache-Control", "max-age=0"}, 0},
		{"no-store alone says nothing", []string{"Cache-Control", "no-store"}, -1},
		{"no-cache beside max-age", []string{"Cache-Control", "no-cache, max-age=600"}, 10 * time.Minute},
		{"max-age on a second line", []string{"Cache-Control", "public", "Cache-Control", "max-age=120"}, 2 * time.Minute},
		{"s-maxage ignored", []string{"Cache-Control", "s-maxage=600"}, -1},
		{"negative", []string{"Cache-Control", "max-age=-5"}, -1},
		{"not a number", []string{"Cache-Control", "max-age=ten"}, -1},
		{"empty value", []string{"Cache-Control", "max-age="}, -1},
		{"huge saturates at a year", []string{"Cache-Control", "max-age=99999999999999999999999"}, 365 * 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for i := 0; i+1 < len(tt.headers); i += 2 {
				h.Add(tt.headers[i], tt.headers[i+1])
			}
			if got := freshFor(h); got != tt.want {
				t.Errorf("freshFor(%v) = %v, want %v", h, got, tt.want)
			}
		})
	}
}

func TestScheduledWait(t *testing.T) {
	tests := []struct {
		interval, fresh, want time.Duration
	}{
		{time.Hour, -1, time.Hour},                      // nothing said: the interval
		{time.Hour, 10 * time.Minute, 10 * time.Minute}, // sooner, as asked
		{time.Hour, 0, minScheduledRefresh},             // no-cache: the floor
		{time.Hour, time.Second, minScheduledRefresh},   // never below the floor
		{time.Hour, 24 * time.Hour, time.Hour},          // never rarer than configured
		{10 * time.Second, 0, 10 * time.Second},         // a short configured interval stays
		{10 * time.Second, time.Hour, 10 * time.Second},
	}
	for _, tt := range tests {
		if got := scheduledWait(tt.interval, tt.fresh); got != tt.want {
			t.Errorf("scheduledWait(%v, %v) = %v, want %v", tt.interval, tt.fresh, got, tt.want)
		}
	}
}

// cacheControl adds a Cache-Control header to every response.
type cacheControl struct {
	next  http.RoundTripper
	value string
}

func (c cacheControl) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(r)
	if err == nil {
		resp.Header.Set("Cache-Control", c.value)
	}
	return resp, err
}

// TestJWKSCacheControlRecorded: the key set remembers what the JWKS
// response's Cache-Control said, which the background loop schedules by.
func TestJWKSCacheControlRecorded(t *testing.T) {
	e := newEnv(t)
	if fresh := e.local().keys.set.Load().fresh; fresh != -1 {
		t.Errorf("with the emulator's no-store: fresh = %v, want -1 (unknown)", fresh)
	}
	if got := e.local().keys.scheduled(); got != DefaultRefreshInterval {
		t.Errorf("next scheduled refresh in %v, want the default interval", got)
	}
	e.client.Transport = cacheControl{next: e.client.Transport, value: "public, max-age=300"}
	keys := e.local().keys
	if fresh := keys.set.Load().fresh; fresh != 5*time.Minute {
		t.Errorf("with max-age=300: fresh = %v, want 5m", fresh)
	}
	if got := keys.scheduled(); got != 5*time.Minute {
		t.Errorf("next scheduled refresh in %v, want 5m", got)
	}
}
