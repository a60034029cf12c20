// Package golden compares test output with golden files under testdata,
// for the packages whose tests pin response bodies and headers.
package golden

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// Check compares got with testdata/<name>.golden. With update set (a test
// package's -update flag) it first rewrites the file with got.
func Check(t testing.TB, name string, got []byte, update bool) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file: %v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("response differs from %s:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
