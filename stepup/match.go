package stepup

// unmatchedSlots assigns each required factor slot its own credential
// (maximum bipartite matching, Kuhn's algorithm), so that one credential
// never fills two slots, and returns the set of slots left unfilled as a
// bit mask. Slots and credentials are bit masks over the policy's eligible
// types; a credential fits a slot when their masks intersect. There are at
// most 8 slots, so the cubic bound does not matter.
func unmatchedSlots(slots, creds []uint32) uint32 {
	var ownerBuf [16]int
	owner := ownerBuf[:0]
	if len(creds) > len(ownerBuf) {
		owner = make([]int, 0, len(creds))
	}
	for range creds {
		owner = append(owner, -1)
	}
	m := matcher{slots: slots, creds: creds, owner: owner}
	var unmatched uint32
	for s := range slots {
		m.seen = 0
		if !m.augment(s) {
			unmatched |= 1 << s
		}
	}
	return unmatched
}

// matcher is the state of one matching. seen marks the slots visited in
// the current augmenting search (at most 8 slots fit in the bits).
type matcher struct {
	slots, creds []uint32
	owner        []int // credential -> slot, or -1
	seen         uint32
}

// augment looks for an augmenting path from slot s: a credential that is
// free, or whose owner can move to another credential.
func (m *matcher) augment(s int) bool {
	for c, mask := range m.creds {
		if mask&m.slots[s] == 0 {
			continue
		}
		if o := m.owner[c]; o < 0 || (m.seen&(1<<o) == 0 && m.visit(o)) {
			m.owner[c] = s
			return true
		}
	}
	return false
}

// visit marks slot s as visited and tries to re-seat it.
func (m *matcher) visit(s int) bool {
	m.seen |= 1 << s
	return m.augment(s)
}
