package rbac_test

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/sessiongate/sessiongate/rbac"
)

// TestObserverEvents checks one event per check, for each outcome.
func TestObserverEvents(t *testing.T) {
	c := newCache(t, &fakeFetcher{body: grantRead})
	var events []rbac.Event
	obs := rbac.WithObserver(func(e rbac.Event) { events = append(events, e) })
	p := mustNew(t, c, "documents", "read", rbac.WithName("docs"), obs)
	down := mustNew(t, newCache(t, &fakeFetcher{err: errDown}), "documents", "read", obs)

	serveReq(t, p, request(sessionWith("reader"), nil))
	serveReq(t, p, request(sessionWith("stytch_user"), nil))
	serveReq(t, p, request(sessionWith("stytch_user"), &fakeAuthorizer{roles: []string{"reader"}}))
	serveReq(t, p, request(sessionWith("stytch_user"), &fakeAuthorizer{roles: []string{"stytch_user"}}))
	serveReq(t, p, request(nil, nil))
	serveReq(t, down, request(sessionWith("reader"), nil))
	want := []rbac.Event{
		{Name: "docs", Outcome: rbac.OutcomeAllowed, Reason: rbac.ReasonLocalGrant},
		{Name: "docs", Outcome: rbac.OutcomeDenied, Reason: rbac.ReasonLocalDeny},
		{Name: "docs", Outcome: rbac.OutcomeAllowed, Reason: rbac.ReasonRemoteGrant, Remote: true},
		{Name: "docs", Outcome: rbac.OutcomeDenied, Reason: rbac.ReasonRemoteDeny, Remote: true},
		{Name: "docs", Outcome: rbac.OutcomeFailed, Reason: "login_required"},
		{Outcome: rbac.OutcomeFailed, Reason: "temporarily_unavailable"},
	}
	if len(events) != len(want) {
		t.Fatalf("%d events, want %d: %+v", len(events), len(want), events)
	}
	for i, w := range want {
		w.Resource, w.Action = "documents", "read"
		if events[i] != w {
			t.Errorf("event %d = %+v, want %+v", i, events[i], w)
		}
	}
}

func TestSlogObserver(t *testing.T) {
	var b bytes.Buffer
	obs := rbac.SlogObserver(slog.New(slog.NewTextHandler(&b, &slog.HandlerOptions{Level: slog.LevelInfo})))
	obs(rbac.Event{Name: "docs", Outcome: rbac.OutcomeAllowed, Reason: rbac.ReasonLocalGrant})
	obs(rbac.Event{Name: "docs", Outcome: rbac.OutcomeDenied, Reason: rbac.ReasonRemoteDeny, Resource: "documents", Action: "write", Remote: true})
	out := b.String()
	if strings.Contains(out, "local_grant") || !strings.Contains(out, "level=INFO") ||
		!strings.Contains(out, "reason=remote_deny resource=documents action=write remote=true") {
		t.Errorf("log = %q, want only the denial at Info with its attributes", out)
	}
}

// TestOptionsBundle: options bundled with Options apply like single ones.
func TestOptionsBundle(t *testing.T) {
	var got []rbac.Event
	common := rbac.Options(rbac.WithObserver(func(e rbac.Event) { got = append(got, e) }), rbac.WithoutRemoteConfirm())
	p := mustNew(t, newCache(t, &fakeFetcher{body: grantRead}), "documents", "write", common, rbac.WithName("w"))
	a := &fakeAuthorizer{roles: []string{"reader"}}
	serveReq(t, p, request(sessionWith("reader"), a))
	if len(got) != 1 || got[0].Name != "w" || got[0].Reason != rbac.ReasonLocalDeny || a.calls != 0 {
		t.Errorf("events %+v, Stytch calls %d; want one local deny from the bundled observer, no call", got, a.calls)
	}
}
