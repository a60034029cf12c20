package stytchtest

import (
	"io"
	"net/http"
)

// faultResponse is the answer of POST /_emulator/faults.
type faultResponse struct {
	ok
	Endpoint Endpoint `json:"endpoint"`
}

func (e *Emulator) serveInjectFault(w http.ResponseWriter, r *http.Request) {
	data, _ := io.ReadAll(r.Body) // buffered by serveControl
	ep, f, err := parseFault(data)
	if err != nil {
		writeError(w, err)
		return
	}
	e.InjectFault(ep, f)
	writeJSON(w, http.StatusOK, faultResponse{ok: success(), Endpoint: ep})
}

func (e *Emulator) serveClearFaults(w http.ResponseWriter, _ *http.Request) {
	e.ClearFaults()
	writeJSON(w, http.StatusOK, success())
}
