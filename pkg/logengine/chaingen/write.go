package chaingen

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
)

// Target is one shard's HTTP interface and the local table the generator writes into.
type Target struct {
	URL, User, Password, Table string
}

// Write inserts every event, chain i going to targets[i % len(targets)], one streaming INSERT per target.
// It returns the number of events written.
func (c Config) Write(ctx context.Context, client *http.Client, targets []Target) (int64, error) {
	var total int64
	counts := make([]int64, len(targets))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, len(targets))
	var wg sync.WaitGroup
	for t := range targets {
		wg.Go(func() {
			pr, pw := io.Pipe()
			go func() {
				w := bufio.NewWriterSize(pw, 1<<20)
				var buf []Event
				var line []byte
				for i := t; i < c.Chains; i += len(targets) {
					buf = c.Events(i, buf[:0])
					for _, e := range buf {
						line = appendTSV(line[:0], e)
						if _, err := w.Write(line); err != nil {
							pw.CloseWithError(err)
							return
						}
					}
					counts[t] += int64(len(buf))
				}
				pw.CloseWithError(w.Flush())
			}()
			if errs[t] = insert(ctx, client, targets[t], pr); errs[t] != nil {
				pr.CloseWithError(errs[t])
				cancel()
			}
		})
	}
	wg.Wait()
	for _, n := range counts {
		total += n
	}
	return total, errors.Join(errs...)
}

// Columns is the column order of the TSV rows.
const Columns = "ts_ms, chain_id, step, service, client, outcome, duration_ms, region"

func appendTSV(b []byte, e Event) []byte {
	b = strconv.AppendUint(b, e.TsMs, 10)
	for _, s := range []string{e.Chain, e.Step, e.Service, e.Client, e.Outcome} {
		b = append(append(b, '\t'), s...) // generated text has no tab, newline or backslash
	}
	b = strconv.AppendUint(append(b, '\t'), uint64(e.DurationMs), 10)
	return append(append(append(b, '\t'), e.Region...), '\n')
}

func insert(ctx context.Context, client *http.Client, t Target, body io.Reader) error {
	return post(ctx, client, t, "?query="+url.QueryEscape(fmt.Sprintf("INSERT INTO %s (%s) FORMAT TabSeparated", t.Table, Columns)), body)
}

func post(ctx context.Context, client *http.Client, t Target, rawQuery string, body io.Reader) error {
	u := t.URL + "/" + rawQuery
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, body)
	if err != nil {
		return err
	}
	req.SetBasicAuth(t.User, t.Password)
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("insert into %s at %s: %s: %s", t.Table, t.URL, res.Status, strings.TrimSpace(string(msg)))
	}
	return nil
}

// Exec runs one statement on a target (the generator's own admin statements, like TRUNCATE).
func Exec(ctx context.Context, client *http.Client, t Target, sql string) error {
	return post(ctx, client, t, "", strings.NewReader(sql))
}
