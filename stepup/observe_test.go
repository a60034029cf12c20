package stepup_test

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/stepup"
)

// eventLog is an Observer that keeps what it receives.
type eventLog struct {
	mu     sync.Mutex
	events []stepup.Event
}

func (l *eventLog) Observe(e stepup.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, e)
}

// TestObserverEvents: Require reports one event per check, with the
// policy's name, the outcome, a reason code, the missing factors of a
// challenge and whether Stytch was asked again.
func TestObserverEvents(t *testing.T) {
	fresh := session(fac(password, "1", ago(time.Minute)), fac(totp, "1", ago(time.Minute)))
	stale := session(fac(password, "1", ago(time.Minute)), fac(totp, "1", ago(time.Hour)))
	unavailable := &fakeRechecker{err: &sessiongate.UnavailableError{Err: errors.New("down")}}
	confirmed := &fakeRechecker{v: &sessiongate.Verification{Session: fresh, Source: sessiongate.SourceRemote, ConfirmedAt: t0}}
	cases := []struct {
		name    string
		opts    []stepup.Option
		v       *sessiongate.Verification
		rc      sessiongate.Rechecker
		want    stepup.Event
		handler bool
	}{
		{"pass", nil, localVerification(fresh, t0), nil,
			stepup.Event{Policy: "transfer", Outcome: stepup.OutcomePassed, Reason: "ok", MaxAge: 5 * time.Minute}, true},
		{"challenge", nil, localVerification(stale, t0), nil,
			stepup.Event{Policy: "transfer", Outcome: stepup.OutcomeChallenged, Reason: "insufficient_user_authentication",
				Missing: [][]sessiongate.FactorType{{totp}}, MaxAge: 5 * time.Minute}, false},
		{"no session", nil, nil, nil,
			stepup.Event{Policy: "transfer", Outcome: stepup.OutcomeFailed, Reason: "login_required", MaxAge: 5 * time.Minute}, false},
		{"recheck unavailable", []stepup.Option{stepup.ConfirmedWithin(0)}, localVerification(fresh, ago(time.Minute)), unavailable,
			stepup.Event{Policy: "transfer", Outcome: stepup.OutcomeFailed, Reason: "temporarily_unavailable", MaxAge: 5 * time.Minute, Rechecked: true}, false},
		{"recheck passes", []stepup.Option{stepup.ConfirmedWithin(0)}, localVerification(fresh, ago(time.Minute)), confirmed,
			stepup.Event{Policy: "transfer", Outcome: stepup.OutcomePassed, Reason: "ok", MaxAge: 5 * time.Minute, Rechecked: true}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			log := &eventLog{}
			opts := append([]stepup.Option{stepup.AnyOf(totp), stepup.Within(5 * time.Minute), stepup.WithClock(clock),
				stepup.WithName("transfer"), stepup.WithObserver(log.Observe)}, tc.opts...)
			p := mustNew(t, opts...)
			r := httptest.NewRequest("POST", "/transfer", nil)
			if tc.v != nil {
				r = authed(r, tc.v, tc.rc)
			}
			_, h := serve(p, r)
			if h.called != tc.handler {
				t.Errorf("handler called = %v, want %v", h.called, tc.handler)
			}
			if len(log.events) != 1 || !reflect.DeepEqual(log.events[0], tc.want) {
				t.Errorf("events = %+v, want [%+v]", log.events, tc.want)
			}
		})
	}
}

// TestObserverUnnamedAndAbsent: without WithName the event's Policy is
// empty; without WithObserver nothing is reported and Require still works.
func TestObserverUnnamedAndAbsent(t *testing.T) {
	log := &eventLog{}
	p := mustNew(t, stepup.AnyOf(totp), stepup.WithClock(clock), stepup.WithObserver(log.Observe))
	serve(p, authed(httptest.NewRequest("GET", "/", nil), localVerification(session(fac(totp, "1", ago(time.Minute))), t0), nil))
	if len(log.events) != 1 || log.events[0].Policy != "" || log.events[0].Outcome != stepup.OutcomePassed {
		t.Errorf("events = %+v, want one unnamed pass", log.events)
	}
	quiet := mustNew(t, stepup.AnyOf(totp), stepup.WithClock(clock))
	if rec, h := serve(quiet, httptest.NewRequest("GET", "/", nil)); h.called || rec.Code != 401 {
		t.Errorf("without an observer: called %v, status %d; want false, 401", h.called, rec.Code)
	}
}

// TestSlogObserver: each outcome at its level, with the policy, reason
// and missing factor types.
func TestSlogObserver(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	obs := stepup.SlogObserver(log)
	obs(stepup.Event{Policy: "transfer", Outcome: stepup.OutcomePassed, Reason: "ok"})
	obs(stepup.Event{Policy: "transfer", Outcome: stepup.OutcomeChallenged, Reason: "insufficient_user_authentication",
		Missing: [][]sessiongate.FactorType{{totp, webauthn}, {password}}, MaxAge: 5 * time.Minute})
	obs(stepup.Event{Policy: "transfer", Outcome: stepup.OutcomeFailed, Reason: "temporarily_unavailable", Rechecked: true})
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	want := []string{
		`level=DEBUG msg="sessiongate step-up check" policy=transfer outcome=passed reason=ok missing="" max_age=0s rechecked=false`,
		`level=INFO msg="sessiongate step-up check" policy=transfer outcome=challenged reason=insufficient_user_authentication missing="totp|webauthn password" max_age=5m0s rechecked=false`,
		`level=WARN msg="sessiongate step-up check" policy=transfer outcome=failed reason=temporarily_unavailable missing="" max_age=0s rechecked=true`,
	}
	if len(lines) != len(want) {
		t.Fatalf("log:\n%s\nwant %d lines", buf.String(), len(want))
	}
	for i, line := range lines {
		if _, rest, _ := strings.Cut(line, " level="); "level="+rest != want[i] {
			t.Errorf("line %d = %s\nwant        %s", i, line, want[i])
		}
	}
}
