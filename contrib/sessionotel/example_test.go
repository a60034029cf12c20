package sessionotel_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/contrib/sessionotel"
	"github.com/sessiongate/sessiongate/middleware"
	"github.com/sessiongate/sessiongate/stepup"
	"github.com/sessiongate/sessiongate/stytchtest"
	"github.com/sessiongate/sessiongate/verifier"
)

// Wiring the three sources of metrics into one meter provider (here the
// SDK's; in a program, usually otel.GetMeterProvider()).
func Example() {
	emu, _ := stytchtest.New()
	srv := httptest.NewServer(emu)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	v, _ := verifier.New(ctx, emu.ProjectID(), emu.Secret(), verifier.WithBaseURL(srv.URL))

	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	defer func() { _ = mp.Shutdown(ctx) }()
	decisions, err := sessionotel.Decisions(mp)
	if err != nil {
		panic(err)
	}
	checks, err := sessionotel.StepUpChecks(mp)
	if err != nil {
		panic(err)
	}
	reg, err := sessionotel.RegisterVerifier(mp, v)
	if err != nil {
		panic(err)
	}
	defer func() { _ = reg.Unregister() }()
	_, err = middleware.New(v, middleware.WithObserver(decisions))
	fmt.Println("middleware:", err)
	_, err = stepup.New(stepup.AnyOf(sessiongate.FactorTOTP), stepup.WithName("transfer"), stepup.WithObserver(checks))
	fmt.Println("policy:", err)
	// Output:
	// middleware: <nil>
	// policy: <nil>
}
