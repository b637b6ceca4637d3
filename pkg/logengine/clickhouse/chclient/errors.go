package chclient

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// UnreachableError: no HTTP answer from ClickHouse.
type UnreachableError struct {
	URL   string
	cause string
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("ClickHouse at %s cannot be reached (%s): check the URL setting and that the server runs.", e.URL, e.cause)
}

// CancelledError: the request was cancelled or ran out of time before ClickHouse answered; the statement
// was killed on the server.
type CancelledError struct{ cause error }

func (e *CancelledError) Error() string {
	return "The query was cancelled before ClickHouse answered (" + e.cause.Error() + "); it was stopped on the server too."
}
func (e *CancelledError) Unwrap() error { return e.cause }

// ServerError is an exception ClickHouse answered with: its code (like 159 TIMEOUT_EXCEEDED) and text.
type ServerError struct {
	Status int
	Code   int
	Text   string
}

func (e *ServerError) Error() string {
	if hint, ok := hints[e.Code]; ok {
		return hint + " (ClickHouse error " + strconv.Itoa(e.Code) + ": " + e.Text + ")"
	}
	return "ClickHouse answered error " + strconv.Itoa(e.Code) + ": " + e.Text
}

// Codes of the exceptions users meet most (ClickHouse's src/Common/ErrorCodes.cpp).
const (
	CodeUnknownTable       = 60
	CodeTimeoutExceeded    = 159
	CodeTooManyRows        = 158
	CodeMemoryLimit        = 241
	CodeAllConnectionsFail = 279
	CodeAuthFailed         = 516 // 19.x and later; 18.16 answers 192 (UNKNOWN_USER) or 193 (WRONG_PASSWORD)
	CodeUnknownUser        = 192
	CodeWrongPassword      = 193
	CodeQueryKilled        = 394
	CodeReadonly           = 164
	CodeTooBigAST          = 168
)

var hints = map[int]string{
	CodeTimeoutExceeded:    "The query ran longer than the datasource's max execution time and ClickHouse stopped it: narrow the time range or filter, or raise the limit in the datasource settings.",
	CodeTooManyRows:        "The answer has more rows than the datasource's result row limit: lower the query's limit or narrow the time range.",
	CodeMemoryLimit:        "The query needed more memory than the datasource's memory limit: narrow the time range or filter, use the rollup, or raise the limit in the datasource settings.",
	CodeAllConnectionsFail: "A shard of the Distributed table cannot be reached, so ClickHouse gave no answer rather than a partial one: bring the shard back or check the cluster configuration.",
	CodeAuthFailed:         "ClickHouse rejected the user or password: check the User and Password settings.",
	CodeUnknownUser:        "ClickHouse rejected the user or password: check the User and Password settings.",
	CodeWrongPassword:      "ClickHouse rejected the user or password: check the User and Password settings.",
	CodeQueryKilled:        "The query was cancelled and ClickHouse stopped it.",
	CodeTooBigAST:          "The filter and search make a statement too large for ClickHouse to parse: use fewer search terms or shorter value lists.",
}

var codeRe = regexp.MustCompile(`^Code: (\d+), e\.displayText\(\) = (?:DB::\w+: )?(.*?)(?:, e\.what\(\) = .*)?$`)

func serverError(status int, body string) error {
	body = strings.TrimSpace(body)
	first, _, _ := strings.Cut(body, "\n")
	if m := codeRe.FindStringSubmatch(first); m != nil {
		code, _ := strconv.Atoi(m[1])
		return &ServerError{Status: status, Code: code, Text: strings.TrimSpace(strings.TrimSuffix(m[2], "Log:"))}
	}
	// Newer servers: "Code: 60. DB::Exception: Table x doesn't exist. (UNKNOWN_TABLE) (version …)"
	if m := regexp.MustCompile(`^Code: (\d+)\. (?:DB::\w+: )?(.*)$`).FindStringSubmatch(first); m != nil {
		code, _ := strconv.Atoi(m[1])
		return &ServerError{Status: status, Code: code, Text: m[2]}
	}
	if len(first) > 300 {
		first = first[:300]
	}
	return &ServerError{Status: status, Text: fmt.Sprintf("HTTP %d: %s", status, first)}
}
