package sessionjwt

import (
	"errors"
	"fmt"

	"github.com/sessiongate/sessiongate"
)

// This file builds the errors, each wrapping a root sentinel.

// invalid returns an error wrapping [sessiongate.ErrInvalidToken].
func invalid(reason string) error {
	return fmt.Errorf("%w: %s", sessiongate.ErrInvalidToken, reason)
}

// invalidf is invalid with a cause described by %v (never %w, so that the
// scanner's error values do not become API).
func invalidf(reason string, err error) error {
	return fmt.Errorf("%w: %s: %v", sessiongate.ErrInvalidToken, reason, err)
}

func expired(reason string) error {
	return fmt.Errorf("%w: %s", sessiongate.ErrExpired, reason)
}

// asInvalid passes through this package's own errors, returned from inside
// a scan, and wraps the scanner's (JSON syntax, depth, UTF-8) as invalid.
func asInvalid(reason string, err error) error {
	if errors.Is(err, sessiongate.ErrInvalidToken) {
		return err
	}
	return invalidf(reason, err)
}

// setOnce stores value in *dst, rejecting a second occurrence of the name.
func setOnce(dst *string, value string) error {
	if *dst != "" {
		return invalid("duplicate name")
	}
	*dst = value
	return nil
}
