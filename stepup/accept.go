package stepup

import (
	"strconv"
	"strings"
)

// acceptQ returns the quality the Accept header values give media type mt
// ("type/subtype"), counting "type/*" and "*/*" when mt is not named; 0 when
// it is not acceptable or the header is absent.
func acceptQ(values []string, mt string) float64 {
	best, bestSpec := 0.0, -1
	major, _, _ := strings.Cut(mt, "/")
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			name, params, _ := strings.Cut(part, ";")
			name = strings.ToLower(strings.TrimSpace(name))
			spec := -1
			switch name {
			case mt:
				spec = 2
			case major + "/*":
				spec = 1
			case "*/*":
				spec = 0
			}
			if spec > bestSpec {
				best, bestSpec = quality(params), spec
			}
		}
	}
	return best
}

// quality parses the q parameter of a media range: 1 when absent, 0 when
// malformed.
func quality(params string) float64 {
	for _, p := range strings.Split(params, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
			if q, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && q >= 0 && q <= 1 {
				return q
			}
			return 0
		}
	}
	return 1
}
