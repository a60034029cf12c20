package rbac_test

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/sessiongate/sessiongate/rbac"
)

type errWriter struct{}

func (errWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestTable(t *testing.T) {
	c := newCache(t, &fakeFetcher{body: grantRead})
	read := mustNew(t, c, "documents", "read")
	write := mustNew(t, c, "documents", "write", rbac.WithName("documents-write"), rbac.WithoutRemoteConfirm())
	var tbl rbac.Table
	mux := http.NewServeMux()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	tbl.Handle(mux, "GET /api/documents", read, h)
	mux.Handle("POST /api/documents", tbl.Protect("POST /api/documents", write)(h))

	want := "GET /api/documents   rbac(documents:read)\n" +
		"POST /api/documents  rbac(documents:write, name=documents-write, local_only)\n"
	if got := tbl.String(); got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}
	var b bytes.Buffer
	if n, err := tbl.WriteTo(&b); err != nil || n != int64(len(want)) || b.String() != want {
		t.Errorf("WriteTo() = %d, %v, %q; want %d, nil", n, err, b.String(), len(want))
	}
	if _, err := tbl.WriteTo(errWriter{}); err == nil {
		t.Error("WriteTo(failing writer) = nil, want an error")
	}
	routes := tbl.Routes()
	if len(routes) != 2 || routes[0].Pattern != "GET /api/documents" || routes[1].Permission != write {
		t.Errorf("Routes() = %v, want the two routes in order", routes)
	}
	routes[0].Pattern = "changed"
	if tbl.Routes()[0].Pattern != "GET /api/documents" {
		t.Error("Routes() shares its backing array with the table")
	}
	for _, method := range []string{"GET", "POST"} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(method, "/api/documents", nil))
		if rec.Code != http.StatusUnauthorized {
			t.Errorf("%s without a session: status %d, want 401 from the permission check", method, rec.Code)
		}
	}
}

func TestTableConcurrent(t *testing.T) {
	p := mustNew(t, newCache(t, &fakeFetcher{body: grantRead}), "documents", "read")
	var tbl rbac.Table
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

func TestTableProtectNilPermission(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Protect(nil) did not panic")
		}
	}()
	var tbl rbac.Table
	tbl.Protect("GET /x", nil)
}
