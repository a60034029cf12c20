package cookie

import (
	"cmp"
	"net/http"
	"strings"
	"testing"
)

// scanByCut is the first implementation of scan, kept as its reference:
// every pair is trimmed and cut at its first "=" before its name is
// compared.
func scanByCut(h http.Header, a, b string) (va string, na int, vb string, nb int) {
	for _, line := range h["Cookie"] {
		for line != "" {
			var part string
			part, line, _ = strings.Cut(line, ";")
			k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
			if !ok || k != a && k != b {
				continue
			}
			if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
				v = v[1 : len(v)-1]
			}
			if k == a {
				na++
				va = cmp.Or(va, v)
			} else {
				nb++
				vb = cmp.Or(vb, v)
			}
		}
	}
	return va, na, vb, nb
}

// FuzzScan: scan, which compares names without cutting pairs at "=",
// answers exactly what the reference does, for any Cookie header lines and
// any pair of valid cookie names.
func FuzzScan(f *testing.F) {
	f.Add("stytch_session=tok; stytch_session_jwt=a.b.c", "", "stytch_session", "stytch_session_jwt")
	f.Add(" stytch_session = x;stytch_session=\"y\"; stytch_session=", "stytch_session_jwt", "stytch_session", "stytch_session_jwt")
	f.Add("a=b=c; a; =a; a==; \u00a0a=1\u00a0; \ta=\"\"", "b=1;b", "a", "b")
	f.Add("ab=1; a=2; abc=3", "b2=; b", "a", "b2")
	f.Fuzz(func(t *testing.T, line1, line2, a, b string) {
		if validName(a) != nil || validName(b) != nil || a == b {
			return
		}
		h := http.Header{"Cookie": {line1, line2}}
		va, na, vb, nb := scan(h, a, b)
		wa, wna, wb, wnb := scanByCut(h, a, b)
		if va != wa || na != wna || vb != wb || nb != wnb {
			t.Fatalf("scan = %q %d %q %d, reference %q %d %q %d", va, na, vb, nb, wa, wna, wb, wnb)
		}
	})
}
