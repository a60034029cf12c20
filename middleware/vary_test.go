package middleware_test

import (
	"net/http"
	"slices"
	"testing"
)

// TestVaryStorageIsPerRequest checks that the Vary value the middleware
// sets without allocating cannot leak between requests, whatever the
// handler or an outer middleware does with the header.
func TestVaryStorageIsPerRequest(t *testing.T) {
	tests := []struct {
		name  string
		outer func(http.Header) // before the middleware
		inner func(http.Header) // in the handler
		want  []string
	}{
		{"untouched", nil, nil, []string{"Cookie"}},
		{"handler adds", nil, func(h http.Header) { h.Add("Vary", "Accept-Encoding") }, []string{"Cookie", "Accept-Encoding"}},
		{"handler writes in place", nil, func(h http.Header) { h["Vary"][0] = "Origin" }, []string{"Origin"}},
		{"handler replaces", nil, func(h http.Header) { h.Set("Vary", "Origin") }, []string{"Origin"}},
		{"outer set first", func(h http.Header) { h.Set("Vary", "Accept-Encoding") }, nil, []string{"Accept-Encoding", "Cookie"}},
		{"outer already varies on Cookie", func(h http.Header) { h.Set("Vary", "Cookie") }, nil, []string{"Cookie"}},
	}
	m := newMiddleware(t, &fakeVerifier{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := m.RequireSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tt.inner != nil {
					tt.inner(w.Header())
				}
				okHandler(w, r)
			}))
			if tt.outer != nil {
				h = outerHeaders(tt.outer, h)
			}
			first := serve(h, newRequest("GET", "/", "Cookie", "stytch_session="+goodToken))
			if got := first.Header().Values("Vary"); !slices.Equal(got, tt.want) {
				t.Errorf("Vary = %q, want %q", got, tt.want)
			}
			plain := serve(m.RequireSession(okHandler), newRequest("GET", "/", "Cookie", "stytch_session="+goodToken))
			if got := plain.Header().Values("Vary"); !slices.Equal(got, []string{"Cookie"}) {
				t.Errorf("next request's Vary = %q, want [Cookie]", got)
			}
			if got := first.Header().Values("Vary"); !slices.Equal(got, tt.want) {
				t.Errorf("after the next request, Vary = %q, want %q", got, tt.want)
			}
		})
	}
}

func outerHeaders(set func(http.Header), next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		set(w.Header())
		next.ServeHTTP(w, r)
	})
}
