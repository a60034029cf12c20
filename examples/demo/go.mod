module github.com/sessiongate/sessiongate/examples/demo

go 1.26.0

require github.com/sessiongate/sessiongate v0.0.0

require (
	github.com/chromedp/cdproto v0.159.0 // indirect
	github.com/chromedp/chromedp v0.23.0 // indirect
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	github.com/justinas/alice v1.2.0 // indirect
)

replace github.com/sessiongate/sessiongate => ../..
