package stytchtest

import (
	"encoding/json"
	"testing"
	"time"
)

// FuzzControlRequest feeds arbitrary bytes to the decoders of the test
// controls' JSON bodies: they never panic, refuse with a 400 envelope, or
// accept a request within bounds that encodes back to the same request.
func FuzzControlRequest(f *testing.F) {
	for _, seed := range []string{
		`{"endpoint": "sessions/authenticate", "status": 503, "retry_after": 2, "delay_ms": 0, "times": 1, "body": "", "reset_connection": false}`,
		`{"endpoint":"sessions/jwks","reset_connection":true}`, `{"endpoint":"sessions","body":"{\"a\":"}`,
		`{"endpoint":"totps","delay_ms":600000,"status":200}`, `{"endpoint":"nope","status":503}`,
		`{"kid":"jwk-test-1"}`, `{"kind":"rsa1024"}`, `{"kind":"duplicate_kid"}`, `{"kind":"oct"}`,
		``, `null`, `[]`, `{"status":1e400}`, `{"kid":"a","kid":"b"}`, "{\"kind\":\"\xff\"}", `{"times":-1}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if ep, fault, err := parseFault(data); err != nil {
			checkRefusal(t, err)
		} else {
			checkFault(t, ep, fault)
		}
		if kid, err := parseRemoveKey(data); err != nil {
			checkRefusal(t, err)
		} else if kid == "" {
			t.Fatal("empty kid accepted")
		}
		if kind, err := parseExtraKey(data); err != nil {
			checkRefusal(t, err)
		} else if !kind.valid() {
			t.Fatalf("kind %q accepted", kind)
		}
	})
}

func checkRefusal(t *testing.T, err *apiError) {
	t.Helper()
	if err.status != 400 || err.typ == "" || err.message == "" {
		t.Fatalf("refusal %+v, want a 400 with a type and a message", err)
	}
}

// checkFault checks an accepted fault's bounds and that its JSON form
// decodes to the same fault.
func checkFault(t *testing.T, ep Endpoint, f Fault) {
	t.Helper()
	if !knownEndpoint(ep) || f.Times < 0 || f.Times > maxFaultTimes || f.Latency < 0 || f.Latency > maxFaultDelay ||
		f.RetryAfter < 0 || f.RetryAfter > maxFaultRetryAfter || f.Status != 0 && (f.Status < 200 || f.Status > 599) {
		t.Fatalf("accepted %q %+v", ep, f)
	}
	again, err := json.Marshal(faultRequest{
		Endpoint: ep, Status: f.Status, RetryAfter: int64(f.RetryAfter / time.Second),
		DelayMS: f.Latency.Milliseconds(), Times: f.Times, Body: f.Body, ResetConnection: f.DropConnection,
	})
	if err != nil {
		t.Fatal(err)
	}
	ep2, f2, apiErr := parseFault(again)
	if apiErr != nil || ep2 != ep || f2 != f {
		t.Fatalf("%s decodes to %q %+v (%v), want %q %+v", again, ep2, f2, apiErr, ep, f)
	}
}
