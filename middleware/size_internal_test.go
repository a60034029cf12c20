package middleware

import (
	"testing"
	"unsafe"
)

// TestRecheckSizeClass pins the per-request object, the middleware's one
// allocation on an allowed request, in the 704-byte size class: objects
// over 512 bytes carry an 8-byte malloc header, and the next class is 768
// bytes. A new field that crosses the line costs every request; shrink
// something else or accept it here knowingly (see BENCHMARKS.md, Update 3).
func TestRecheckSizeClass(t *testing.T) {
	const class, header = 704, 8
	if size := unsafe.Sizeof(recheck{}); size+header > class {
		t.Errorf("recheck is %d bytes (+%d header), over the %d-byte size class", size, header, class)
	}
}
