// Package app holds Referable's domain: types, rules, service interfaces and
// error codes. It imports neither Fyne nor SQL.
package app

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Error codes the UI and CLI can act on.
const (
	ECONFLICT = "conflict"
	EINTERNAL = "internal"
	EINVALID  = "invalid"
	ENOTFOUND = "not_found"
)

// Error is a domain error: a code for programs and a message for people.
type Error struct {
	Code    string
	Message string // in English
	// format and args make the message again in the owner's language.
	format string
	args   []any
}

func (e *Error) Error() string {
	return fmt.Sprintf("referable error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns a domain error with a formatted message. A text given
// to say what was wrong is cut to its first maxQuoted characters when it
// is longer than anything a message means to quote (a megabyte pasted
// into a field is not read back whole in a dialog).
func Errorf(code, format string, args ...any) *Error {
	for i, a := range args {
		if s, ok := a.(string); ok && len(s) > 4*quotedAtMost && utf8.RuneCountInString(s) > quotedAtMost {
			args[i] = string([]rune(s)[:maxQuoted]) + "…"
		}
	}
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), format: format, args: args}
}

// quotedAtMost is the longest text a message quotes whole (a path, the
// database's own report); past it, maxQuoted characters are kept.
const (
	quotedAtMost = 4000
	maxQuoted    = 200
)

// ErrorCode unwraps err to its domain code; any other error is EINTERNAL.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage unwraps err to the message a person should read. Internal
// errors keep their detail so a bug report carries it.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		if e.format != "" {
			return fmt.Sprintf(T(e.format), e.args...)
		}
		return e.Message
	}
	return T("Something went wrong: ") + err.Error()
}

// EnglishMessage is ErrorMessage in English, whatever the owner's
// language: for code that reads what an error says.
func EnglishMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Something went wrong: " + err.Error()
}
