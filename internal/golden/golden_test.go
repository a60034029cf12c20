package golden

import (
	"os"
	"path/filepath"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// recorder notes failures instead of ending the test, so Check's verdicts
// can be asserted.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true }
func (r *recorder) Helper()               {}

func TestCheck(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.MkdirAll("testdata", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("testdata", "x.golden"), []byte("same"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, file, got  string
		update, wantFail bool
	}{
		{"equal", "x", "same", false, false},
		{"different", "x", "other", false, true},
		{"missing file", "absent", "same", false, true},
		{"update writes then matches", "new", "fresh", true, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := &recorder{TB: t}
			Check(r, tc.file, []byte(tc.got), tc.update)
			if r.failed != tc.wantFail {
				t.Errorf("Check failed = %v, want %v", r.failed, tc.wantFail)
			}
		})
	}
	if b, _ := os.ReadFile(filepath.Join("testdata", "new.golden")); string(b) != "fresh" {
		t.Errorf("update wrote %q, want %q", b, "fresh")
	}
}
