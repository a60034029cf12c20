package stepup_test

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate/stepup"
)

type errWriter struct{}

func (errWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestTable(t *testing.T) {
	transfer := mustNew(t, stepup.AnyOf(totp), stepup.Within(5*time.Minute), stepup.WithClock(clock))
	admin := mustNew(t, stepup.AllOf(password, webauthn), stepup.ConfirmedWithin(0), stepup.WithClock(clock))
	var tbl stepup.Table
	mux := http.NewServeMux()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	tbl.Handle(mux, "POST /transfer", transfer, h)
	mw := tbl.Protect("DELETE /admin/{id}", admin)
	mux.Handle("DELETE /admin/{id}", mw(h))

	want := "POST /transfer      stepup(factors=[totp], max_age=300s)\n" +
		"DELETE /admin/{id}  stepup(factors=[password]+[webauthn], confirmed_within=0s)\n"
	if got := tbl.String(); got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}
	var b bytes.Buffer
	n, err := tbl.WriteTo(&b)
	if err != nil || n != int64(len(want)) || b.String() != want {
		t.Errorf("WriteTo() = %d, %v, %q, want %d, nil", n, err, b.String(), len(want))
	}
	if _, err := tbl.WriteTo(errWriter{}); err == nil {
		t.Errorf("WriteTo(failing writer) error = nil, want an error")
	}
	routes := tbl.Routes()
	if len(routes) != 2 || routes[0].Pattern != "POST /transfer" || routes[1].Policy != admin {
		t.Errorf("Routes() = %v, want the two routes in order", routes)
	}
	routes[0].Pattern = "changed"
	if tbl.Routes()[0].Pattern != "POST /transfer" {
		t.Errorf("Routes() shares its backing array with the table")
	}
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("DELETE", "/admin/7", nil))
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("DELETE /admin/7 without session: status %d, want 401", rec.Code)
	}
}

func TestTableConcurrent(t *testing.T) {
	p := mustNew(t, stepup.AnyOf(totp))
	var tbl stepup.Table
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			tbl.Protect("GET /x", p)
			_ = tbl.String()
		})
	}
	wg.Wait()
	if got := len(tbl.Routes()); got != 8 {
		t.Errorf("len(Routes()) = %d, want 8", got)
	}
}

func TestTableProtectNilPolicy(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Errorf("Protect(nil policy) did not panic")
		}
	}()
	var tbl stepup.Table
	tbl.Protect("GET /x", nil)
}
