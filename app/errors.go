// Package app holds Referable's domain: types, rules, service interfaces and
// error codes. It imports neither Fyne nor SQL.
package app

import (
	"errors"
	"fmt"
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
	Message string
}

func (e *Error) Error() string {
	return fmt.Sprintf("referable error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns a domain error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

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
		return e.Message
	}
	return "Something went wrong: " + err.Error()
}
