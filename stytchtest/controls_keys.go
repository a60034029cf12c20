package stytchtest

import (
	"io"
	"net/http"
)

// keysResponse is the answer of the key controls: the kid they added, if
// any, and the kids of the signing keys the JWKS lists, oldest first.
type keysResponse struct {
	ok
	Kid  string   `json:"kid,omitempty"`
	Kids []string `json:"kids"`
}

func (e *Emulator) serveRotateKey(w http.ResponseWriter, _ *http.Request) {
	kid, err := e.rotateKey()
	if err != nil {
		writeError(w, newError(http.StatusInternalServerError, "internal_server_error", "The new key could not be generated."))
		return
	}
	writeJSON(w, http.StatusOK, keysResponse{ok: success(), Kid: kid, Kids: e.KeyIDs()})
}

func (e *Emulator) serveRemoveKey(w http.ResponseWriter, r *http.Request) {
	data, _ := io.ReadAll(r.Body) // buffered by serveControl
	kid, err := parseRemoveKey(data)
	if err != nil {
		writeError(w, err)
		return
	}
	if !e.removeKey(kid) {
		writeError(w, controlError("kid %q is not listed in the JWKS.", kid))
		return
	}
	writeJSON(w, http.StatusOK, keysResponse{ok: success(), Kids: e.KeyIDs()})
}

// extraKeyResponse is the answer of POST /_emulator/jwks/extra.
type extraKeyResponse struct {
	ok
	Kid  string    `json:"kid"`
	Kind extraKind `json:"kind"`
}

func (e *Emulator) serveExtraKey(w http.ResponseWriter, r *http.Request) {
	data, _ := io.ReadAll(r.Body) // buffered by serveControl
	kind, err := parseExtraKey(data)
	if err != nil {
		writeError(w, err)
		return
	}
	e.mu.Lock()
	dupKid, full := e.current.kid, len(e.ctl.extra) >= maxExtraKeys
	e.mu.Unlock()
	if full {
		writeError(w, controlError("The JWKS already lists %d extra keys; remove some or reset.", maxExtraKeys))
		return
	}
	k, genErr := newExtraKey(kind, dupKid)
	if genErr != nil {
		writeError(w, newError(http.StatusInternalServerError, "internal_server_error", "The extra key could not be generated."))
		return
	}
	e.mu.Lock()
	e.ctl.extra = append(e.ctl.extra, k)
	e.mu.Unlock()
	writeJSON(w, http.StatusOK, extraKeyResponse{ok: success(), Kid: k.kid, Kind: kind})
}
