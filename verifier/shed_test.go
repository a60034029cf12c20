package verifier

import (
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/stytchtest"
)

// TestRemoteShedsLoad: past the cap of calls in flight, checks fail at once
// as unavailable instead of queueing.
func TestRemoteShedsLoad(t *testing.T) {
	e := newEnv(t)
	second := e.session(stytchtest.SessionSpec{})
	r := e.remote(WithMaxConcurrentCalls(1))
	e.srv.InjectFault(stytchtest.EndpointAuthenticate, stytchtest.Fault{Latency: time.Second, Times: 1})
	firstDone := make(chan struct{})
	go func() {
		defer close(firstDone)
		_, err := r.Verify(t.Context(), tokenCred(e.tokens.SessionToken), anyAge)
		if err != nil {
			t.Errorf("first Verify: %v", err)
		}
	}()
	// Wait until the first call holds the only slot.
	for len(r.slots) == 0 {
		runtimeYield()
	}
	_, err := r.Verify(t.Context(), tokenCred(second.SessionToken), anyAge)
	wantErr(t, err, sessiongate.ErrUnavailable)
	select {
	case <-firstDone:
		t.Error("the shed call waited for the slot instead of failing at once")
	default:
	}
	if got := sessiongate.RetryAfter(err); got != time.Second {
		t.Errorf("RetryAfter = %v, want 1s", got)
	}
	<-firstDone
}

func TestRetryAfterForms(t *testing.T) {
	now := epoch
	for v, want := range map[string]int64{
		"7": 7, "0": 0, "-3": 0, "soon": 0, "": 0,
		now.Add(90 * time.Second).Format(http.TimeFormat): 90,
	} {
		h := http.Header{}
		h.Set("Retry-After", v)
		if got := retryAfter(h, now); got != want {
			t.Errorf("retryAfter(%q) = %d, want %d", v, got, want)
		}
	}
}

// TestF1NoDeprecatedJWX: the module requires jwx v3 (≥ v3.2.0), never the
// deprecated v2 (security.md F1).
func TestF1NoDeprecatedJWX(t *testing.T) {
	raw, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, line := range strings.Split(string(raw), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || !strings.HasPrefix(f[0], "github.com/lestrrat-go/jwx") {
			continue
		}
		if f[0] != "github.com/lestrrat-go/jwx/v3" {
			t.Errorf("go.mod requires %s %s, want only jwx/v3", f[0], f[1])
			continue
		}
		found = true
		if semverLess(f[1], "v3.2.0") {
			t.Errorf("jwx/v3 version %s, want ≥ v3.2.0", f[1])
		}
	}
	if !found {
		t.Error("go.mod does not require jwx/v3")
	}
}

// semverLess compares vMAJOR.MINOR.PATCH versions numerically.
func semverLess(a, b string) bool {
	pa, pb := strings.Split(strings.TrimPrefix(a, "v"), "."), strings.Split(strings.TrimPrefix(b, "v"), ".")
	for i := range min(len(pa), len(pb)) {
		x, _ := strconv.Atoi(pa[i])
		y, _ := strconv.Atoi(pb[i])
		if x != y {
			return x < y
		}
	}
	return len(pa) < len(pb)
}

func runtimeYield() { runtime.Gosched() }
