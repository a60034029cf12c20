package verifier

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestOptionsThatCannotApplyAreRefused: an option that configures only the
// local checks fails NewRemote, one that configures only API calls fails
// NewLocal, each with an error naming it; New takes them all, and the
// options both halves use are accepted everywhere.
func TestOptionsThatCannotApplyAreRefused(t *testing.T) {
	const pid = "project-test-00000000-0000-4000-8000-000000000000"
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	localOnly := map[string]Option{
		"WithRefreshInterval":           WithRefreshInterval(time.Minute),
		"WithUnknownKIDRefreshInterval": WithUnknownKIDRefreshInterval(time.Minute),
		"WithMaxStaleness":              WithMaxStaleness(time.Hour),
		"WithCacheSize":                 WithCacheSize(10),
		"WithJWKSTimeout":               WithJWKSTimeout(time.Second),
	}
	remoteOnly := map[string]Option{
		"WithRemoteCacheTTL":     WithRemoteCacheTTL(time.Second),
		"WithTimeout":            WithTimeout(time.Second),
		"WithRetries":            WithRetries(2),
		"WithMaxConcurrentCalls": WithMaxConcurrentCalls(4),
	}
	both := []Option{WithBaseURL("http://127.0.0.1:9"), WithClock(time.Now), WithLeeway(time.Second), WithMaxTokenAge(time.Minute)}
	for name, opt := range localOnly {
		if _, err := NewRemote(pid, "secret", opt); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("NewRemote(%s) error = %v, want one naming it", name, err)
		}
		if _, err := NewLocal(ctx, pid, opt); err != nil {
			t.Errorf("NewLocal(%s) error = %v", name, err)
		}
	}
	for name, opt := range remoteOnly {
		if _, err := NewLocal(ctx, pid, opt); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("NewLocal(%s) error = %v, want one naming it", name, err)
		}
		if _, err := NewRemote(pid, "secret", opt); err != nil {
			t.Errorf("NewRemote(%s) error = %v", name, err)
		}
	}
	all := both
	for _, opt := range localOnly {
		all = append(all, opt)
	}
	for _, opt := range remoteOnly {
		all = append(all, opt)
	}
	if _, err := New(ctx, pid, "secret", all...); err != nil {
		t.Errorf("New(every option) error = %v", err)
	}
	if _, err := NewLocal(ctx, pid, both...); err != nil {
		t.Errorf("NewLocal(shared options) error = %v", err)
	}
	if _, err := NewRemote(pid, "secret", both...); err != nil {
		t.Errorf("NewRemote(shared options) error = %v", err)
	}
}
