package verifier

import (
	"fmt"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate/internal/claims"
)

// TestDenylistLifetime: a revoked id is denied until its deadline (here
// every JWT it could have is expired: JWT lifetime plus twice the
// leeway), and no longer.
func TestDenylistLifetime(t *testing.T) {
	var d denylist
	if d.has("session-a", epoch) {
		t.Fatal("empty denylist denies")
	}
	const leeway = 10 * time.Second
	end := claims.Lifetime + 2*leeway
	d.set("session-a", epoch.Add(end), epoch)
	tests := []struct {
		name  string
		id    string
		after time.Duration
		want  bool
	}{
		{"revoked now", "session-a", 0, true},
		{"last instant", "session-a", end - 1, true},
		{"every JWT expired", "session-a", end, false},
		{"another session", "session-b", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := d.has(tt.id, epoch.Add(tt.after)); got != tt.want {
				t.Errorf("has(%q) at +%v = %v, want %v", tt.id, tt.after, got, tt.want)
			}
		})
	}
}

func TestDenylistBounded(t *testing.T) {
	var d denylist
	for i := range denylistSize + 1000 {
		d.set(fmt.Sprintf("session-test-%08d-4a1b-9c2d-%012x", i, i*7919), epoch.Add(time.Minute), epoch)
	}
	if n := d.ids.Load().Len(); n > denylistSize || n < denylistSize/2 {
		t.Errorf("denylist holds %d ids, want ≤ %d and used", n, denylistSize)
	}
}

// deadline returns until when sessionID is denied at now (tests).
func (d *denylist) deadline(sessionID string, now time.Time) time.Time {
	until, ok := d.ids.Load().Get(sessionID, now.UnixNano())
	if !ok {
		return time.Time{}
	}
	return time.Unix(0, until)
}
