package middleware_test

import (
	"flag"
	"testing"

	"go.uber.org/goleak"
)

var update = flag.Bool("update", false, "update golden files")

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
