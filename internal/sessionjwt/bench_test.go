package sessionjwt

import "testing"

// BenchmarkClaims isolates payload decoding: base64url, the UTF-8 check,
// the one-pass exact-key scan, and the session and factor decoding.
func BenchmarkClaims(b *testing.B) {
	tok, err := Parse(signRaw(b, mustKey(b), jsonOf(b, testHeader()), jsonOf(b, testClaims())))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tok.Claims(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParse isolates the compact-form gate and the header: the
// alphabet scan, the split at the dots, and the header's decoding.
func BenchmarkParse(b *testing.B) {
	tok := signRaw(b, mustKey(b), jsonOf(b, testHeader()), jsonOf(b, testClaims()))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(tok); err != nil {
			b.Fatal(err)
		}
	}
}
