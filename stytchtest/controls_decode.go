package stytchtest

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Bounds of a fault injected over HTTP.
const (
	maxFaultDelay      = 10 * time.Minute
	maxFaultRetryAfter = 24 * time.Hour
	maxFaultTimes      = 1_000_000
)

// faultRequest is the body of POST /_emulator/faults.
type faultRequest struct {
	Endpoint        Endpoint `json:"endpoint"`
	Status          int      `json:"status"`
	RetryAfter      int64    `json:"retry_after"`
	DelayMS         int64    `json:"delay_ms"`
	Times           int      `json:"times"`
	Body            string   `json:"body"`
	ResetConnection bool     `json:"reset_connection"`
}

// removeKeyRequest is the body of POST /_emulator/keys/remove.
type removeKeyRequest struct {
	Kid string `json:"kid"`
}

// extraKeyRequest is the body of POST /_emulator/jwks/extra.
type extraKeyRequest struct {
	Kind string `json:"kind"`
}

func controlError(format string, args ...any) *apiError {
	return newError(http.StatusBadRequest, "invalid_request", fmt.Sprintf(format, args...))
}

// decodeControl decodes data, a JSON object with only known fields, into
// dst; an empty body counts as {}.
func decodeControl(data []byte, dst any) *apiError { return decodeJSON(data, dst, true) }

// parseFault decodes and checks the body of POST /_emulator/faults.
func parseFault(data []byte) (Endpoint, Fault, *apiError) {
	var req faultRequest
	if err := decodeControl(data, &req); err != nil {
		return "", Fault{}, err
	}
	switch {
	case req.Endpoint == "":
		return "", Fault{}, controlError("endpoint is required, one of %s.", endpointList())
	case !knownEndpoint(req.Endpoint):
		return "", Fault{}, controlError("endpoint %q is not an emulated endpoint; use one of %s.", req.Endpoint, endpointList())
	case req.Status != 0 && (req.Status < 200 || req.Status > 599):
		return "", Fault{}, controlError("status must be between 200 and 599.")
	case req.RetryAfter < 0 || req.RetryAfter > int64(maxFaultRetryAfter/time.Second):
		return "", Fault{}, controlError("retry_after must be between 0 and %d seconds.", int64(maxFaultRetryAfter/time.Second))
	case req.DelayMS < 0 || req.DelayMS > maxFaultDelay.Milliseconds():
		return "", Fault{}, controlError("delay_ms must be between 0 and %d.", maxFaultDelay.Milliseconds())
	case req.Times < 0 || req.Times > maxFaultTimes:
		return "", Fault{}, controlError("times must be between 0 (until cleared) and %d.", maxFaultTimes)
	case req.Status == 0 && req.Body == "" && req.DelayMS == 0 && !req.ResetConnection:
		return "", Fault{}, controlError("a fault needs status, body, delay_ms or reset_connection.")
	}
	return req.Endpoint, Fault{
		Status:         req.Status,
		RetryAfter:     time.Duration(req.RetryAfter) * time.Second,
		Latency:        time.Duration(req.DelayMS) * time.Millisecond,
		Body:           req.Body,
		DropConnection: req.ResetConnection,
		Times:          req.Times,
	}, nil
}

// endpointList names every endpoint for error messages.
func endpointList() string {
	eps := apiEndpoints()
	names := make([]string, len(eps))
	for i, ep := range eps {
		names[i] = string(ep)
	}
	return strings.Join(names, ", ")
}

// parseRemoveKey decodes the body of POST /_emulator/keys/remove.
func parseRemoveKey(data []byte) (string, *apiError) {
	var req removeKeyRequest
	if err := decodeControl(data, &req); err != nil {
		return "", err
	}
	if req.Kid == "" {
		return "", controlError("kid is required.")
	}
	return req.Kid, nil
}

// parseExtraKey decodes the body of POST /_emulator/jwks/extra.
func parseExtraKey(data []byte) (extraKind, *apiError) {
	var req extraKeyRequest
	if err := decodeControl(data, &req); err != nil {
		return "", err
	}
	kind := extraKind(req.Kind)
	if !kind.valid() {
		return "", controlError("kind %q is unknown; use one of %s.", req.Kind, strings.Join(extraKindNames(), ", "))
	}
	return kind, nil
}
