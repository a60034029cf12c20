package verifier

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
)

// policyStub answers GET /v1/rbac/policy with status and body, and records
// the last request.
func policyStub(t *testing.T, status int, header http.Header, body string) (*Remote, *http.Request) {
	t.Helper()
	var last http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		last = *r
		for k, v := range header {
			w.Header()[k] = v
		}
		w.WriteHeader(status)
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	r, err := NewRemote(testProjectID, "secret", WithBaseURL(srv.URL), WithTimeout(200*time.Millisecond),
		WithClock(func() time.Time { return epoch }))
	if err != nil {
		t.Fatal(err)
	}
	return r, &last
}

const testProjectID = "project-test-00000000-0000-4000-8000-000000000000"

func TestFetchPolicy(t *testing.T) {
	r, last := policyStub(t, 200, nil,
		`{"request_id":"r","status_code":200,"policy":{"roles":[],"resources":[],"scopes":[]}}`)
	raw, err := r.FetchPolicy(t.Context())
	wantErr(t, err, nil)
	if string(raw) != `{"roles":[],"resources":[],"scopes":[]}` {
		t.Errorf("FetchPolicy() = %s, want the policy object", raw)
	}
	user, pass, ok := last.BasicAuth()
	if last.Method != http.MethodGet || last.URL.Path != "/v1/rbac/policy" || !ok || user != testProjectID || pass != "secret" {
		t.Errorf("request = %s %s (basic %v %q), want GET /v1/rbac/policy with the project's credentials",
			last.Method, last.URL.Path, ok, user)
	}
}

func TestFetchPolicyErrors(t *testing.T) {
	retry := http.Header{"Retry-After": {strconv.Itoa(9)}}
	for _, tc := range []struct {
		name   string
		status int
		header http.Header
		body   string
		want   error
		retry  time.Duration
	}{
		{"503", 503, nil, `{"status_code":503,"error_type":"internal_server_error"}`, sessiongate.ErrUnavailable, 0},
		{"429 retry-after", 429, retry, `{"status_code":429,"error_type":"too_many_requests"}`, sessiongate.ErrUnavailable, 9 * time.Second},
		{"401", 401, nil, `{"status_code":401,"error_type":"unauthorized_credentials"}`, sessiongate.ErrMisconfigured, 0},
		{"401 other type", 401, nil, `{"status_code":401,"error_type":"unauthorized"}`, sessiongate.ErrMisconfigured, 0},
		{"400", 400, nil, `{"status_code":400,"error_type":"invalid_request"}`, sessiongate.ErrMisconfigured, 0},
		{"404", 404, nil, `{"status_code":404,"error_type":"route_not_found"}`, sessiongate.ErrMisconfigured, 0},
		{"malformed 200", 200, nil, `{"status_code":200,"policy":`, sessiongate.ErrUnavailable, 0},
		{"no policy", 200, nil, `{"status_code":200}`, sessiongate.ErrUnavailable, 0},
		{"null policy", 200, nil, `{"status_code":200,"policy":null}`, sessiongate.ErrUnavailable, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := policyStub(t, tc.status, tc.header, tc.body)
			raw, err := r.FetchPolicy(t.Context())
			wantErr(t, err, tc.want)
			if raw != nil {
				t.Errorf("FetchPolicy() = %s, want nil", raw)
			}
			if got := sessiongate.RetryAfter(err); got != tc.retry {
				t.Errorf("RetryAfter = %v, want %v", got, tc.retry)
			}
		})
	}
}

func TestFetchPolicyTimeout(t *testing.T) {
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(block)
	r, err := NewRemote(testProjectID, "secret", WithBaseURL(srv.URL), WithTimeout(50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.FetchPolicy(t.Context())
	wantErr(t, err, sessiongate.ErrUnavailable)
}
