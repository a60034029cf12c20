package cookie

import (
	"fmt"

	"github.com/sessiongate/sessiongate"
)

func wrapMisconfigured(err error) error {
	return fmt.Errorf("%w: %v", sessiongate.ErrMisconfigured, err)
}
