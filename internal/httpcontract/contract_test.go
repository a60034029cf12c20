package httpcontract

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
)

// plainRechecker is a Rechecker that is not the session middleware's.
type plainRechecker struct{}

func (plainRechecker) Recheck(context.Context, sessiongate.Freshness) (*sessiongate.Verification, error) {
	return nil, sessiongate.ErrSessionNotFound
}

// sourceRechecker is a Rechecker that tells its contract, like the
// middleware's.
type sourceRechecker struct {
	plainRechecker
	c Contract
}

func (s sourceRechecker) HTTPContract() Contract { return s.c }

func TestOf(t *testing.T) {
	custom := Contract{Realm: "x", RetryAfter: 9 * time.Second}
	withRC := func(rc sessiongate.Rechecker) Contract {
		r := httptest.NewRequest("GET", "/", nil)
		return Of(r.WithContext(sessiongate.NewRecheckContext(r.Context(), rc)))
	}
	tests := []struct {
		name string
		got  Contract
		want Contract
	}{
		{"nil request", Of(nil), Default()},
		{"no rechecker", Of(httptest.NewRequest("GET", "/", nil)), Default()},
		{"another rechecker", withRC(plainRechecker{}), Default()},
		{"the middleware's rechecker", withRC(sourceRechecker{c: custom}), custom},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: Of = %+v, want %+v", tc.name, tc.got, tc.want)
		}
	}
	if d := Default(); d.Realm != "app" || d.RetryAfter != 5*time.Second {
		t.Errorf("Default() = %+v, want realm app, 5s", d)
	}
}
