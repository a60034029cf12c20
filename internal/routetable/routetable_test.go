package routetable_test

import (
	"bytes"
	"sync"
	"testing"

	"github.com/sessiongate/sessiongate/internal/routetable"
)

type guard string

func (g guard) String() string { return string(g) }

// TestTable: routes come back in registration order, copied, and the
// table prints them aligned, counting the bytes it wrote.
func TestTable(t *testing.T) {
	var tb routetable.Table[guard]
	tb.Add("POST /transfer", "totp within 5m")
	tb.Add("GET /api/documents", "documents:read")
	rs := tb.Routes()
	if len(rs) != 2 || rs[0].Pattern != "POST /transfer" || rs[1].Guard != "documents:read" {
		t.Fatalf("Routes() = %v", rs)
	}
	rs[0].Pattern = "changed"
	if tb.Routes()[0].Pattern != "POST /transfer" {
		t.Error("Routes() returned the table's own slice")
	}
	const want = "POST /transfer      totp within 5m\nGET /api/documents  documents:read\n"
	var b bytes.Buffer
	n, err := tb.WriteTo(&b)
	if err != nil || b.String() != want || n != int64(len(want)) || tb.String() != want {
		t.Errorf("WriteTo() = %d, %v, %q; String() = %q; want %q", n, err, b.String(), tb.String(), want)
	}
}

// TestTableConcurrent: concurrent adds are all kept (-race).
func TestTableConcurrent(t *testing.T) {
	var tb routetable.Table[guard]
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() { tb.Add("GET /", "g") })
	}
	wg.Wait()
	if n := len(tb.Routes()); n != 50 {
		t.Errorf("%d routes, want 50", n)
	}
}
