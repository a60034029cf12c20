// Package bench compares sessiongate's local JWT verification with other Go
// JWT stacks on the same Stytch-shaped session JWTs. It is a separate module
// so that the library's go.mod does not depend on the peers. Run:
//
//	cd bench && GOWORK=off go test -run '^$' -bench . -benchtime 1s -count 6 | tee new.txt && benchstat new.txt
package bench
