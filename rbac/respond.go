package rbac

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/sessiongate/sessiongate"
)

// defaultRetryAfter is sent with 503 when the fetch gave no Retry-After.
const defaultRetryAfter = 5 * time.Second

// retryAfterSeconds is err's Retry-After in whole seconds, rounded up.
func retryAfterSeconds(err error) string {
	d := sessiongate.RetryAfter(err)
	if d <= 0 {
		d = defaultRetryAfter
	}
	return strconv.FormatInt(int64((d+time.Second-1)/time.Second), 10)
}

// quoteJSON encodes s as a JSON string (HTML-escaped).
func quoteJSON(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		return `""`
	}
	return string(b)
}
