package stytchtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/sessiongate/sessiongate"
)

// maxBody caps request bodies.
const maxBody = 1 << 20

// apiError is an error the emulator answers with Stytch's envelope.
type apiError struct {
	status  int
	typ     string
	message string
}

func (e *apiError) Error() string { return "stytchtest: " + e.typ + ": " + e.message }

// Is makes a session_not_found error match [sessiongate.ErrSessionNotFound].
func (e *apiError) Is(target error) bool {
	return target == sessiongate.ErrSessionNotFound && e.typ == errSessionNotFound.typ
}

func newError(status int, typ, message string) *apiError {
	return &apiError{status: status, typ: typ, message: message}
}

var (
	errUnauthorized     = newError(401, "unauthorized_credentials", "Unauthorized credentials.")
	errRouteNotFound    = newError(404, "route_not_found", "The requested route does not exist.")
	errMethodNotAllowed = newError(405, "method_not_allowed", "The HTTP method is not allowed on this route.")
	errSessionNotFound  = newError(404, "session_not_found", "Session could not be found.")
	errUserNotFound     = newError(404, "user_not_found", "User could not be found.")
	errTooLarge         = newError(413, "request_body_too_large", "The request body is larger than 1 MiB.")
	errNotObject        = newError(400, "invalid_request_body", "The request body must be a JSON object.")
	errBadDuration      = newError(400, "invalid_session_duration_minutes",
		"session_duration_minutes is invalid, should be between 5 to 527040 minutes.")
)

// envelope is Stytch's error body (reference §7.1).
type envelope struct {
	StatusCode   int    `json:"status_code"`
	RequestID    string `json:"request_id"`
	ErrorType    string `json:"error_type"`
	ErrorMessage string `json:"error_message"`
	ErrorURL     string `json:"error_url"`
}

func writeError(w http.ResponseWriter, e *apiError) {
	writeJSON(w, e.status, envelope{
		StatusCode: e.status, RequestID: newID("request-id"), ErrorType: e.typ,
		ErrorMessage: e.message,
		ErrorURL:     "https://stytch.com/docs/api/errors/" + strconv.Itoa(e.status) + "#" + e.typ,
	})
}

// ok is embedded first in every success body.
type ok struct {
	RequestID  string `json:"request_id"`
	StatusCode int    `json:"status_code"`
}

func success() ok { return ok{RequestID: newID("request-id"), StatusCode: http.StatusOK} }

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		body = []byte(`{"status_code":500,"request_id":"","error_type":"internal_server_error",` +
			`"error_message":"internal error","error_url":"https://stytch.com/docs/api/errors/500"}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(body)
}

// bufferBody reads r's body, up to maxBody bytes, into memory.
func bufferBody(r *http.Request) *apiError {
	data, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBody))
	r.Body.Close()
	r.Body = io.NopCloser(bytes.NewReader(data))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return errTooLarge
		}
		return newError(400, "invalid_request_body", "The request body could not be read.")
	}
	return nil
}

// decodeBody decodes r's buffered JSON object into dst. An empty body
// counts as {}.
func decodeBody(r *http.Request, dst any) *apiError {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return newError(400, "invalid_request_body", "The request body could not be read.")
	}
	return decodeJSON(data, dst, false)
}

// decodeJSON decodes data, one JSON object, into dst; empty and null count
// as {}. strict refuses fields dst does not have.
func decodeJSON(data []byte, dst any, strict bool) *apiError {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || bytes.Equal(data, []byte("null")) {
		return nil
	}
	if data[0] != '{' {
		return errNotObject
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if strict {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(dst); err != nil {
		var typeErr *json.UnmarshalTypeError
		switch {
		case errors.As(err, &typeErr) && typeErr.Field != "":
			return newError(400, "invalid_request_body",
				fmt.Sprintf("%s must be of type %s.", typeErr.Field, jsonKind(typeErr.Type.Kind().String())))
		case strict && strings.HasPrefix(err.Error(), "json: unknown field "):
			return newError(400, "invalid_request_body", "The request body has an "+strings.TrimPrefix(err.Error(), "json: ")+".")
		}
		return newError(400, "invalid_request_body", "The request body is not valid JSON.")
	}
	if _, err := dec.Token(); err != io.EOF {
		return newError(400, "invalid_request_body", "The request body is not valid JSON.")
	}
	return nil
}

// jsonKind names a Go kind as a JSON type.
func jsonKind(kind string) string {
	switch kind {
	case "string":
		return "string"
	case "int", "int64", "float64":
		return "number"
	case "bool":
		return "boolean"
	case "slice":
		return "array"
	default:
		return "object"
	}
}
