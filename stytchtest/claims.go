package stytchtest

import (
	"encoding/json"

	"github.com/sessiongate/sessiongate/internal/claims"
)

// maxClaimsSize caps the JSON size of a session's custom claims, as Stytch does.
const maxClaimsSize = 4096

var (
	errReservedClaims = newError(400, "reserved_claims_in_custom_claims",
		"Custom claims may not use the registered JWT claims iss, sub, aud, exp, nbf, iat or jti.")
	errStytchClaims = newError(400, "stytch_claims_in_custom_claims",
		"Custom claims may not use names under https://stytch.com/.")
	errClaimsTooLarge = newError(400, "custom_claims_too_large", "Custom claims must not exceed 4 KB.")
)

// checkClaimNames rejects a patch that names a reserved claim.
func checkClaimNames(patch map[string]any) *apiError {
	for k := range patch {
		if claims.IsRegistered(k) {
			return errReservedClaims
		}
		if claims.IsStytch(k) {
			return errStytchClaims
		}
	}
	return nil
}

// mergeClaims applies patch to base as Stytch does: a null deletes a key,
// objects merge recursively, anything else replaces. base is not modified.
// It fails when the result exceeds the size limit.
func mergeClaims(base, patch map[string]any) (map[string]any, *apiError) {
	out := merge(base, patch)
	b, err := json.Marshal(out)
	if err != nil {
		return nil, newError(400, "unable_to_represent_custom_claims_json", "Custom claims cannot be encoded as JSON.")
	}
	if len(b) > maxClaimsSize {
		return nil, errClaimsTooLarge
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

func merge(base, patch map[string]any) map[string]any {
	out := make(map[string]any, len(base)+len(patch))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range patch {
		switch pv := v.(type) {
		case nil:
			delete(out, k)
		case map[string]any:
			bv, _ := out[k].(map[string]any)
			out[k] = merge(bv, pv)
		default:
			out[k] = v
		}
	}
	return out
}

// jsonEqual reports whether a and b encode to the same JSON.
func jsonEqual(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}
