package boundedcache

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// TestConcurrentUse: goroutines putting, getting and removing overlapping
// keys, half of them lookalikes sharing a slot with another, only ever see
// a key's own value (run it under -race), and the cache stays within
// bounds with a count that matches what it holds.
func TestConcurrentUse(t *testing.T) {
	const size, keys = Shards * 2, 200
	c := New[string](size)
	names := make([]string, keys)
	for i := range names {
		names[i] = signed(t)
		if i%2 == 1 { // a lookalike of the key before: same tail and length
			names[i] = strings.ToUpper(names[i-1][:14]) + names[i-1][14:]
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Go(func() {
			for i := range 2000 {
				k := names[(g*31+i*7)%keys]
				switch i % 5 {
				case 0, 1:
					c.Put(k, "v:"+k, 100, int64(i))
				case 2:
					c.Remove(k)
				default:
					if v, ok := c.Get(k, 50); ok && v != "v:"+k {
						errs <- fmt.Errorf("Get(%.12q…) answered another key's value", k)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := stored(c); n > size || n != c.Len() {
		t.Errorf("%d entries held, Len = %d; want equal and ≤ %d", n, c.Len(), size)
	}
}
