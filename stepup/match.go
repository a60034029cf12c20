package stepup

// matcher assigns each required factor slot its own credential (maximum
// bipartite matching, Kuhn's algorithm), so that one credential never fills
// two slots. Slots and credentials are bit masks over the policy's eligible
// types; a credential fits a slot when their masks intersect. Sizes are
// tiny (at most 8 slots), so the cubic bound does not matter.
type matcher struct {
	slots, creds []uint32
	owner        []int // credential -> slot, or -1
	seen         []bool
}

func newMatcher(slots, creds []uint32) *matcher {
	m := &matcher{slots: slots, creds: creds, owner: make([]int, len(creds)), seen: make([]bool, len(creds))}
	for i := range m.owner {
		m.owner[i] = -1
	}
	return m
}

// unmatched returns the indexes of the slots no credential could fill in a
// maximum matching, in slot order.
func (m *matcher) unmatched() []int {
	var out []int
	for s := range m.slots {
		clear(m.seen)
		if !m.augment(s) {
			out = append(out, s)
		}
	}
	return out
}

func (m *matcher) augment(s int) bool {
	for c, mask := range m.creds {
		if mask&m.slots[s] == 0 || m.seen[c] {
			continue
		}
		m.seen[c] = true
		if m.owner[c] < 0 || m.augment(m.owner[c]) {
			m.owner[c] = s
			return true
		}
	}
	return false
}
