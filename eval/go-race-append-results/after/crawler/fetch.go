package crawler

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
)

type Result struct {
	URL  string
	Body []byte
	Err  error
}

func fetchOne(ctx context.Context, client *http.Client, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return io.ReadAll(io.LimitReader(resp.Body, 5<<20))
}

// FetchAll fetches every URL concurrently; a failed page is reported in its Result.
func FetchAll(ctx context.Context, client *http.Client, urls []string) []Result {
	results := make([]Result, 0, len(urls))
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			body, err := fetchOne(ctx, client, u)
			results = append(results, Result{URL: u, Body: body, Err: err})
		}(u)
	}
	wg.Wait()
	return results
}
