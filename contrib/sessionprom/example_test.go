package sessionprom_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/contrib/sessionprom"
	"github.com/sessiongate/sessiongate/middleware"
	"github.com/sessiongate/sessiongate/stepup"
	"github.com/sessiongate/sessiongate/stytchtest"
	"github.com/sessiongate/sessiongate/verifier"
)

// Wiring the three sources of metrics into one registry, which
// promhttp.HandlerFor(reg, promhttp.HandlerOpts{}) would serve.
func Example() {
	emu, _ := stytchtest.New()
	srv := httptest.NewServer(emu)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	v, _ := verifier.New(ctx, emu.ProjectID(), emu.Secret(), verifier.WithBaseURL(srv.URL))

	reg := prometheus.NewRegistry()
	decisions, err := sessionprom.Decisions(reg)
	if err != nil {
		panic(err)
	}
	checks, err := sessionprom.StepUpChecks(reg)
	if err != nil {
		panic(err)
	}
	if err := sessionprom.RegisterVerifier(reg, v); err != nil {
		panic(err)
	}
	_, err = middleware.New(v, middleware.WithObserver(decisions))
	fmt.Println("middleware:", err)
	_, err = stepup.New(stepup.AnyOf(sessiongate.FactorTOTP), stepup.WithName("transfer"), stepup.WithObserver(checks))
	fmt.Println("policy:", err)
	// Output:
	// middleware: <nil>
	// policy: <nil>
}
