package httpcontract

import (
	"net/url"
	"testing"
)

// FuzzReturnPath checks that every accepted return path stays on the
// origin it is resolved against, and that it is printable ASCII without a
// fragment.
func FuzzReturnPath(f *testing.F) {
	for _, s := range []string{"/", "/transfer?a=1", "//evil", "/\\evil", "https://evil", "/%2F%2Fevil", "/a/../../b", "/\t/x", "/;@evil", "/a b", "/a#b"} {
		f.Add(s)
	}
	base, _ := url.Parse("https://app.example/base/page")
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := ReturnPath(s)
		if !ok {
			return
		}
		u, err := url.Parse(got)
		if err != nil {
			t.Fatalf("accepted %q does not parse: %v", got, err)
		}
		if r := base.ResolveReference(u); r.Host != "app.example" || r.Scheme != "https" {
			t.Fatalf("accepted %q resolves to %v, off origin", got, r)
		}
		for i := 0; i < len(got); i++ {
			if c := got[i]; c <= 0x20 || c >= 0x7f || c == '#' {
				t.Fatalf("accepted %q has byte %#x", got, c)
			}
		}
	})
}
