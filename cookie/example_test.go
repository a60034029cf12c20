package cookie_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/cookie"
)

func ExampleNew_serverManaged() {
	store, err := cookie.New(cookie.WithServerManaged(), cookie.WithHostPrefix())
	if err != nil {
		panic(err)
	}
	// After a login handler authenticated the user with Stytch:
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodPost, "https://app.example/login", nil)
	creds := sessiongate.Credentials{Token: "mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q"}
	if _, err := store.Write(w, r, creds, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		panic(err)
	}
	fmt.Println(w.Header().Get("Set-Cookie"))
	// Output:
	// __Host-stytch_session=mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q; Path=/; Expires=Tue, 01 Jan 2030 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax
}

func ExampleStore_Read() {
	store, err := cookie.New() // frontend-managed: the Stytch browser SDK writes the cookies
	if err != nil {
		panic(err)
	}
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("Cookie", "stytch_session=mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q")
	creds, err := store.Read(r)
	fmt.Println(creds.Token, err)

	r.Header.Set("Cookie", "stytch_session=a; stytch_session=b")
	_, err = store.Read(r)
	fmt.Println(err)
	// Output:
	// mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q <nil>
	// sessiongate: malformed credential request: cookie: a session cookie name was sent more than once
}

func ExampleStore_Clear() {
	store, err := cookie.New(cookie.WithServerManaged())
	if err != nil {
		panic(err)
	}
	w := httptest.NewRecorder()
	store.Clear(w, httptest.NewRequest(http.MethodPost, "/logout", nil))
	for _, line := range w.Header().Values("Set-Cookie") {
		fmt.Println(line)
	}
	// Output:
	// stytch_session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Secure; SameSite=Lax
	// stytch_session_jwt=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Secure; SameSite=Lax
}

func ExampleWithSealCache() {
	hashKey, blockKey := make([]byte, 32), make([]byte, 32) // use crypto/rand keys in production
	store, err := cookie.New(cookie.WithServerManaged(), cookie.WithSealing(hashKey, blockKey),
		cookie.WithSealMaxAge(24*time.Hour), // sealed values, and their cached openings, last a day
		cookie.WithSealCache(4096))          // remember up to 4,096 opened values
	if err != nil {
		panic(err)
	}
	w := httptest.NewRecorder()
	creds := sessiongate.Credentials{Token: "mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q"}
	if _, err := store.Write(w, nil, creds, time.Now().Add(time.Hour)); err != nil {
		panic(err)
	}
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	for _, c := range w.Result().Cookies() {
		r.AddCookie(c)
	}
	for range 2 { // the first Read decrypts, the second finds the opened value
		got, err := store.Read(r)
		fmt.Println(got.Token, err)
	}
	// Output:
	// mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q <nil>
	// mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q <nil>
}
