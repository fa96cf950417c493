package davsync

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	goical "github.com/emersion/go-ical"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/ical"
)

func hashOf(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:12])
}

func objectHref(collection, uid, ext string) string {
	return strings.TrimSuffix(collection, "/") + "/" + url.PathEscape(uid) + ext
}

// publishDates keeps the calendar's yearly dates as the book has them:
// one event a year per birthday, client anniversary and other date,
// with an alarm on the day to post its card; dates gone from the book
// go from the calendar. Only the events Referable made are touched.
func (e *Engine) publishDates(ctx context.Context, c *client, acct Account, rep *Report) error {
	today := app.DateOf(e.now())
	occasions, err := e.Calendar.Upcoming(ctx, today, today.AddDays(366), 0)
	if err != nil {
		return err
	}
	links, err := e.Store.EventLinks(ctx)
	if err != nil {
		return err
	}
	have := map[string]ObjectLink{}
	for _, l := range links {
		have[l.UID] = l
	}
	want := map[string]bool{}
	for _, u := range occasions {
		uid := ical.UID(u)
		if want[uid] {
			continue // a date that falls twice in the window
		}
		want[uid] = true
		lead := max(0, u.MailBy.DaysUntil(u.On))
		fixed, err := ical.Object(u, lead, time.Time{})
		if err != nil {
			return err
		}
		l, ok := have[uid]
		if ok && l.Hash == hashOf(fixed) {
			continue
		}
		if !ok {
			l = ObjectLink{UID: uid, Href: objectHref(acct.Calendar, uid, ".ics")}
		}
		if e.DryRun {
			rep.Events.Created += map[bool]int{true: 0, false: 1}[ok]
			rep.Events.Updated += map[bool]int{true: 1, false: 0}[ok]
			continue
		}
		data, err := ical.Object(u, lead, e.now())
		if err != nil {
			return err
		}
		etag, err := c.put(ctx, l.Href, "text/calendar", data, l.ETag)
		if errors.Is(err, errPrecondition) {
			// Changed (or made) there: the book's dates are the truth.
			got, gerr := c.get(ctx, l.Href)
			if gerr != nil {
				return gerr
			}
			etag, err = c.put(ctx, l.Href, "text/calendar", data, got.ETag)
		}
		if err != nil {
			return err
		}
		if ok {
			rep.Events.Updated++
		} else {
			rep.Events.Created++
		}
		l.ETag, l.Hash = etag, hashOf(fixed)
		if err := e.Store.PutEventLink(ctx, l); err != nil {
			return err
		}
	}
	for uid, l := range have {
		if want[uid] {
			continue
		}
		rep.Events.Deleted++
		if e.DryRun {
			continue
		}
		if err := c.remove(ctx, l.Href, ""); err != nil {
			return err
		}
		if err := e.Store.DeleteEventLink(ctx, uid); err != nil {
			return err
		}
	}
	if n := rep.Events.Total(); n > 0 {
		rep.Lines = append(rep.Lines, app.TN("📅 %d yearly date published", "📅 %d yearly dates published", n))
	}
	return nil
}

// taskUID names a follow-up's task for good.
func taskUID(id int64) string { return fmt.Sprintf("followup-%d@referable", id) }

// taskObject is a follow-up as a task (VTODO), open or completed.
func taskObject(uid string, f app.FollowUp, done bool, stamp time.Time) string {
	cal := goical.NewCalendar()
	cal.Props.SetText(goical.PropVersion, "2.0")
	cal.Props.SetText(goical.PropProductID, "-//Referable//Follow-ups//EN")
	t := goical.NewComponent(goical.CompToDo)
	t.Props.SetText(goical.PropUID, uid)
	t.Props.SetDateTime(goical.PropDateTimeStamp, stamp.UTC())
	t.Props.SetText(goical.PropSummary, f.Text())
	if f.ContactName != "" {
		t.Props.SetText(goical.PropDescription, f.ContactName)
	}
	if f.Due.HasYear() {
		t.Props.SetDate(goical.PropDue, time.Date(f.Due.Year, f.Due.Month, f.Due.Day, 0, 0, 0, 0, time.UTC))
	}
	if done {
		t.Props.SetText(goical.PropStatus, "COMPLETED")
		t.Props.SetDateTime(goical.PropCompleted, stamp.UTC())
		t.Props.SetText(goical.PropPercentComplete, "100")
	} else {
		t.Props.SetText(goical.PropStatus, "NEEDS-ACTION")
	}
	cal.Children = append(cal.Children, t)
	var b strings.Builder
	if err := goical.NewEncoder(&b).Encode(cal); err != nil {
		return ""
	}
	return b.String()
}

// completed reports whether a task's text says it is done.
func completed(data string) bool {
	cal, err := goical.NewDecoder(strings.NewReader(data)).Decode()
	if err != nil {
		return false
	}
	for _, child := range cal.Children {
		if child.Name != goical.CompToDo {
			continue
		}
		if p := child.Props.Get(goical.PropStatus); p != nil && strings.EqualFold(p.Value, "COMPLETED") {
			return true
		}
		if child.Props.Get(goical.PropCompleted) != nil {
			return true
		}
	}
	return false
}

// syncTasks keeps the task list and the open follow-ups in step, both
// ways: an open follow-up is a task; a task completed there closes its
// follow-up here (done); one closed here completes its task; a task
// deleted there skips its follow-up.
func (e *Engine) syncTasks(ctx context.Context, c *client, acct Account, rep *Report) error {
	open, _, err := e.FollowUps.FindFollowUps(ctx, app.FollowUpFilter{OpenOnly: true})
	if err != nil {
		return err
	}
	isOpen := map[int64]app.FollowUp{}
	for _, f := range open {
		isOpen[f.ID] = f
	}
	links, err := e.Store.TaskLinks(ctx)
	if err != nil {
		return err
	}
	items, err := c.list(ctx, acct.Tasks)
	if err != nil {
		return err
	}
	listed := map[string]Item{}
	for _, it := range items {
		listed[it.Href] = it
	}
	// What changed there: fetch it and see whether it is done.
	var changedHrefs []string
	for _, l := range links {
		if it, ok := listed[l.Href]; ok && it.ETag != l.ETag && !l.Done {
			changedHrefs = append(changedHrefs, l.Href)
		}
	}
	fetched, err := c.fetch(ctx, acct.Tasks, changedHrefs, false)
	if err != nil {
		return err
	}
	doneThere := map[string]string{} // href → its ETag, for tasks completed there
	for _, it := range fetched {
		if completed(it.Data) {
			doneThere[it.Href] = it.ETag
		}
	}
	linked := map[int64]bool{}
	for _, l := range links {
		linked[l.FollowUpID] = true
		f, stillOpen := isOpen[l.FollowUpID]
		it, onServer := listed[l.Href]
		switch {
		case !onServer && l.ETag != "":
			// Deleted there: the follow-up is skipped, and the link goes.
			if stillOpen {
				rep.TasksDone++
				rep.Lines = append(rep.Lines, app.Tf("✓ skipped (its task was deleted): %s", f.Text()))
				if !e.DryRun {
					if err := e.FollowUps.CloseFollowUp(ctx, f.ID, app.FollowSkipped); err != nil {
						return err
					}
				}
			}
			if !e.DryRun {
				if err := e.Store.DeleteTaskLink(ctx, l.UID); err != nil {
					return err
				}
			}
		case doneThere[l.Href] != "":
			if stillOpen {
				rep.TasksDone++
				rep.Lines = append(rep.Lines, app.Tf("✓ done on the task list: %s", f.Text()))
				if !e.DryRun {
					if err := e.FollowUps.CloseFollowUp(ctx, f.ID, app.FollowDone); err != nil {
						return err
					}
				}
			}
			l.Done, l.ETag = true, doneThere[l.Href]
			if !e.DryRun {
				if err := e.Store.PutTaskLink(ctx, l); err != nil {
					return err
				}
			}
		case !stillOpen && !l.Done:
			// Closed here: complete the task there.
			rep.TasksUp.Updated++
			if e.DryRun {
				continue
			}
			closed := app.FollowUp{ID: l.FollowUpID, Title: "", Kind: app.FollowCustom}
			if got, err := c.get(ctx, l.Href); err == nil {
				closed.Title = summaryOf(got.Data)
				it.ETag = got.ETag
			}
			data := taskObject(l.UID, closed, true, e.now())
			etag, err := c.put(ctx, l.Href, "text/calendar", data, it.ETag)
			if err != nil && !errors.Is(err, errPrecondition) {
				return err
			}
			l.Done, l.ETag = true, etag
			if err := e.Store.PutTaskLink(ctx, l); err != nil {
				return err
			}
		case stillOpen && !l.Done:
			fixed := taskObject(l.UID, f, false, time.Time{})
			if hashOf(fixed) == l.Hash {
				continue
			}
			rep.TasksUp.Updated++
			if e.DryRun {
				continue
			}
			etag, err := c.put(ctx, l.Href, "text/calendar", taskObject(l.UID, f, false, e.now()), it.ETag)
			if err != nil && !errors.Is(err, errPrecondition) {
				return err
			}
			l.ETag, l.Hash = etag, hashOf(fixed)
			if err := e.Store.PutTaskLink(ctx, l); err != nil {
				return err
			}
		}
	}
	for _, f := range open {
		if linked[f.ID] {
			continue
		}
		rep.TasksUp.Created++
		if e.DryRun {
			continue
		}
		l := ObjectLink{UID: taskUID(f.ID), FollowUpID: f.ID, Href: objectHref(acct.Tasks, taskUID(f.ID), ".ics")}
		fixed := taskObject(l.UID, f, false, time.Time{})
		etag, err := c.put(ctx, l.Href, "text/calendar", taskObject(l.UID, f, false, e.now()), "")
		if errors.Is(err, errPrecondition) {
			got, gerr := c.get(ctx, l.Href) // made by a sync cut short
			if gerr != nil {
				return gerr
			}
			etag, err = got.ETag, nil
		}
		if err != nil {
			return err
		}
		l.ETag, l.Hash = etag, hashOf(fixed)
		if err := e.Store.PutTaskLink(ctx, l); err != nil {
			return err
		}
	}
	if n := rep.TasksUp.Total(); n > 0 {
		rep.Lines = append(rep.Lines, app.TN("☑ %d task brought up to date", "☑ %d tasks brought up to date", n))
	}
	return nil
}

// summaryOf is a task's SUMMARY, to complete it as it reads.
func summaryOf(data string) string {
	cal, err := goical.NewDecoder(strings.NewReader(data)).Decode()
	if err != nil {
		return ""
	}
	for _, child := range cal.Children {
		if p := child.Props.Get(goical.PropSummary); p != nil {
			return p.Value
		}
	}
	return ""
}
