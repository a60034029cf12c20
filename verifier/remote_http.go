package verifier

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/sessiongate/sessiongate"
)

// post sends body with Basic auth, retrying network errors and 5xx within
// the retry budget and ctx, and returns the body of a 200 answer.
func (r *Remote) post(ctx context.Context, url string, body any) ([]byte, error) {
	payload, err := json.Marshal(body)
	if err != nil {
		return nil, misconfigured("encode request: %v", err)
	}
	return r.call(ctx, http.MethodPost, url, payload)
}

// get is post for a GET without a body.
func (r *Remote) get(ctx context.Context, url string) ([]byte, error) {
	return r.call(ctx, http.MethodGet, url, nil)
}

// call makes a request, retrying network errors and 5xx within the retry
// budget and ctx, and returns the body of a 200 answer.
func (r *Remote) call(ctx context.Context, method, url string, payload []byte) ([]byte, error) {
	r.earn()
	for attempt := 0; ; attempt++ {
		raw, err, retry := r.attempt(ctx, method, url, payload)
		r.count(ctx, err)
		if !retry || attempt >= r.retries || !r.spend() || !r.backoff(ctx, attempt) {
			return raw, err
		}
	}
}

// count records one attempt for Stats. An attempt that failed because the
// caller's ctx ended (a client that went away) says nothing about Stytch
// and is not counted as an outage.
func (r *Remote) count(ctx context.Context, err error) {
	r.calls.Add(1)
	if errors.Is(err, sessiongate.ErrUnavailable) && ctx.Err() == nil {
		r.outages.Add(1)
	}
}

func (r *Remote) earn() {
	if r.budget.Add(budgetPerCall) > budgetMax {
		r.budget.Store(budgetMax)
	}
}

func (r *Remote) spend() bool {
	if r.budget.Add(-budgetRetry) < 0 {
		r.budget.Add(budgetRetry)
		return false
	}
	return true
}

const (
	baseRetryBackoff = 50 * time.Millisecond
	maxRetryBackoff  = 500 * time.Millisecond
)

// backoff waits a fully jittered exponential delay; false if ctx ends first.
func (r *Remote) backoff(ctx context.Context, attempt int) bool {
	d := min(baseRetryBackoff<<attempt, maxRetryBackoff)
	return sleep(ctx, rand.N(d)+1)
}

// sleep waits d, or until ctx is done (false).
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// attempt makes one call. retry reports whether the failure may be retried.
func (r *Remote) attempt(ctx context.Context, method, url string, payload []byte) (raw []byte, err error, retry bool) {
	actx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(actx, method, url, body)
	if err != nil {
		return nil, misconfigured("build request: %v", err), false
	}
	req.SetBasicAuth(r.projectID, r.secret)
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, unavailable(0, "verifier: calling Stytch: %v", redactURLError(err)), ctx.Err() == nil
	}
	defer resp.Body.Close()
	raw, err = io.ReadAll(io.LimitReader(resp.Body, maxResponseLen+1))
	if err != nil {
		return nil, unavailable(0, "verifier: reading Stytch answer: %v", err), ctx.Err() == nil
	}
	if len(raw) > maxResponseLen {
		return nil, unavailable(0, "verifier: Stytch answer too large"), false
	}
	if resp.StatusCode == http.StatusOK {
		return raw, nil, false
	}
	return nil, classifyStatus(resp, raw, r.now()), resp.StatusCode >= 500
}

// redactURLError drops the URL from a *url.Error; it never holds a token,
// but keeping errors short and uniform helps logs.
func redactURLError(err error) error {
	var ue interface{ Unwrap() error }
	if errors.As(err, &ue) && ue.Unwrap() != nil {
		return ue.Unwrap()
	}
	return err
}

// retryAfter parses a Retry-After header: delay-seconds or an HTTP-date
// (RFC 9110 §10.2.3), relative to now.
func retryAfter(h http.Header, now time.Time) int64 {
	v := h.Get("Retry-After")
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return max(n, 0)
	}
	if t, err := http.ParseTime(v); err == nil {
		return int64(t.Sub(now).Round(time.Second) / time.Second)
	}
	return 0
}
