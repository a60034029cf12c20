package httpcontract

import (
	"net/http/httptest"
	"testing"
)

func TestIsNavigation(t *testing.T) {
	tests := []struct {
		name    string
		headers []string
		want    bool
	}{
		{"sec-fetch navigate", []string{"Sec-Fetch-Mode", "navigate"}, true},
		{"sec-fetch cors wins over accept html", []string{"Sec-Fetch-Mode", "cors", "Accept", "text/html"}, false},
		{"browser accept", []string{"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}, true},
		{"xhtml only", []string{"Accept", "application/xhtml+xml"}, true},
		{"json preferred to html", []string{"Accept", "application/json, text/html;q=0.5"}, false},
		{"html preferred to json", []string{"Accept", "application/json;q=0.5, text/html"}, true},
		{"equal quality", []string{"Accept", "text/html, application/json"}, false},
		{"any", []string{"Accept", "*/*"}, false},
		{"application wildcard", []string{"Accept", "application/*"}, false},
		{"text wildcard", []string{"Accept", "text/*"}, true},
		{"html refused", []string{"Accept", "text/html;q=0, */*;q=0.1"}, false},
		{"no accept", nil, false},
		{"accept split over two headers", []string{"Accept", "application/json;q=0.2", "Accept", "text/html"}, true},
		{"bearer with accept html", []string{"Authorization", "Bearer abc", "Accept", "text/html"}, false},
		{"bad bearer with sec-fetch navigate", []string{"Authorization", "Bearer not a token", "Sec-Fetch-Mode", "navigate"}, false},
		{"empty bearer", []string{"Authorization", "bearer", "Sec-Fetch-Mode", "navigate"}, false},
		{"basic auth is no bearer", []string{"Authorization", "Basic dXNlcjpwYXNz", "Sec-Fetch-Mode", "navigate"}, true},
		{"bearerish scheme is no bearer", []string{"Authorization", "Bearerx abc", "Accept", "text/html"}, true},
	}
	for _, tc := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		for i := 0; i < len(tc.headers); i += 2 {
			r.Header.Add(tc.headers[i], tc.headers[i+1])
		}
		if got := IsNavigation(r); got != tc.want {
			t.Errorf("%s: IsNavigation = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestAcceptQ(t *testing.T) {
	tests := []struct {
		accept     string
		html, json float64
	}{
		{"text/html", 1, 0},
		{"text/*;q=0.4, application/json;q=0.3", 0.4, 0.3},
		{"*/*;q=0.2", 0.2, 0.2},
		{"text/html;q=bogus, application/json", 0, 1},
		{"TEXT/HTML ; Q=0.5", 0.5, 0},
		{"text/html;level=1;q=0.7", 0.7, 0},
		{"text/html;q=NaN", 0, 0},
		{"text/html;q=2", 0, 0},
		{"*/*;q=0.1, text/html;q=0.3, text/*;q=0.9", 0.3, 0.1},
		{"", 0, 0},
		{",,;", 0, 0},
	}
	for _, tc := range tests {
		h, j := acceptQ([]string{tc.accept}, "text/html"), acceptQ([]string{tc.accept}, "application/json")
		if h != tc.html || j != tc.json {
			t.Errorf("acceptQ(%q) = %v, %v, want %v, %v", tc.accept, h, j, tc.html, tc.json)
		}
	}
}
