package stepup_test

import (
	"bytes"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/sessiongate/sessiongate/internal/golden"
)

// dump renders a recorded response as status, sorted headers and body.
func dump(rec *httptest.ResponseRecorder) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP %d\n", rec.Code)
	h := rec.Result().Header
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "%s: %s\n", k, strings.Join(h[k], ", "))
	}
	b.WriteString("\n")
	b.Write(rec.Body.Bytes())
	return b.Bytes()
}

// checkGolden compares rec with testdata/<name>.golden, rewriting it with -update.
func checkGolden(t *testing.T, name string, rec *httptest.ResponseRecorder) {
	t.Helper()
	golden.Check(t, name, dump(rec), *update)
}
