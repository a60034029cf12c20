package sessionredis_test

import (
	"context"
	"log"
	"os"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sessiongate/sessiongate/contrib/sessionredis"
	"github.com/sessiongate/sessiongate/verifier"
)

// Plug a verifier into Redis: revocations fan out to every instance, and
// Stytch's answers are shared for the remote cache's TTL.
func Example() {
	ctx := context.Background()
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379"})
	shared, err := sessionredis.New(sessionredis.Config{
		Client: rdb,
		Key:    []byte(os.Getenv("SESSIONREDIS_KEY")), // 32+ random bytes, the same on every instance
		OnStateChange: func(up bool, err error) {
			if !up {
				log.Printf("redis unreachable, serving with this instance's revocations: %v", err)
			}
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	opts := append([]verifier.Option{verifier.WithRemoteCacheTTL(30 * time.Second)}, shared.Options()...)
	v, err := verifier.New(ctx, os.Getenv("STYTCH_PROJECT_ID"), os.Getenv("STYTCH_SECRET"), opts...)
	if err != nil {
		log.Fatal(err)
	}
	go shared.Run(ctx, v) // until ctx ends
	select {              // load the revocations made before this instance started, briefly
	case <-shared.Connected():
	case <-time.After(3 * time.Second):
	}
	// ... serve with middleware.New(v); export shared.Stats() as metrics and
	// shared.Healthy() on a health page.
}
