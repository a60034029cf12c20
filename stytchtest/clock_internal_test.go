package stytchtest

import (
	"sync"
	"testing"
	"time"
)

// TestNowTakesNoLock: the clock is read on every verification of an
// application sharing it (the demo), so it must not wait for the
// emulator's lock, which request handlers hold.
func TestNowTakesNoLock(t *testing.T) {
	base := time.Unix(1_700_000_000, 0)
	e, err := New(WithClock(func() time.Time { return base }))
	if err != nil {
		t.Fatal(err)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	got := make(chan time.Time, 1)
	go func() { got <- e.Now() }()
	select {
	case now := <-got:
		if !now.Equal(base) {
			t.Errorf("Now() = %v, want %v", now, base)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Now() waited for the emulator's lock")
	}
}

// TestAdvanceConcurrentWithNow: Advance and Now race freely (run under
// -race) and every Advance counts.
func TestAdvanceConcurrentWithNow(t *testing.T) {
	base := time.Unix(1_700_000_000, 0)
	e, err := New(WithClock(func() time.Time { return base }))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for range 100 {
				e.Advance(time.Second)
			}
		}()
		go func() {
			defer wg.Done()
			for range 100 {
				if e.Now().Before(base) {
					t.Error("the clock went backwards")
					return
				}
			}
		}()
	}
	wg.Wait()
	if want := base.Add(400 * time.Second); !e.Now().Equal(want) {
		t.Errorf("Now() = %v after 400 advances of 1s, want %v", e.Now(), want)
	}
}
