package data

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/referable/referable/app"
)

var _ app.CalendarService = (*CalendarService)(nil)

// CalendarService finds yearly dates by month-day ranges and keeps the
// record of being in touch.
type CalendarService struct {
	db       *DB
	settings *SettingsService
}

// NewCalendarService returns the calendar store of db.
func NewCalendarService(db *DB, settings *SettingsService) *CalendarService {
	return &CalendarService{db: db, settings: settings}
}

// mdRanges turns a span of days into month-day ranges (MMDD numbers): one
// within a year, two across New Year, all of them past a year. Feb 29 is
// added when a common year's Feb 28 or Mar 1 is in the span, where it
// falls then.
func mdRanges(first, last app.Date) [][2]int {
	md := func(d app.Date) int { return int(d.Month)*100 + d.Day }
	var rs [][2]int
	switch {
	case last.Year-first.Year >= 2 || last.Year > first.Year && md(last) >= md(first):
		return [][2]int{{101, 1231}}
	case last.Year > first.Year:
		rs = [][2]int{{md(first), 1231}, {101, md(last)}}
	default:
		rs = [][2]int{{md(first), md(last)}}
	}
	for _, r := range rs {
		if r[0] <= 229 && r[1] >= 229 {
			return rs
		}
	}
	for y := first.Year; y <= last.Year; y++ {
		for _, d := range []app.Date{{Year: y, Month: 2, Day: 28}, {Year: y, Month: 3, Day: 1}} {
			if !d.Before(first) && !d.After(last) {
				return append(rs, [2]int{229, 229})
			}
		}
	}
	return rs
}

// occasionSources are the three places yearly dates live, each read by
// a month-day range on its own covering index. {md} is the month-day
// expression; {live} the condition on the contact.
var occasionSources = []struct {
	kind, label, from, md, cols string
	text                        bool // md is "MM-DD" text, not MMDD
}{
	{"birthday", "'Birthday'", `contacts c`, `c.birthday_month * 100 + c.birthday_day`,
		`c.birthday_year, c.birthday_month, c.birthday_day`, false},
	{"anniversary", "'Client anniversary'", `contacts c`, `substr(c.client_since, 6)`,
		`CAST(substr(c.client_since, 1, 4) AS INTEGER), CAST(substr(c.client_since, 6, 2) AS INTEGER), CAST(substr(c.client_since, 9, 2) AS INTEGER)`, true},
	{"other", "o.label", `contact_occasions o JOIN contacts c ON c.id = o.contact_id`, `o.month * 100 + o.day`,
		`o.year, o.month, o.day`, false},
}

func sourceWhere(kind string) string {
	switch kind {
	case "birthday":
		return `c.birthday_month > 0 AND `
	case "anniversary":
		return `c.client_since <> '' AND `
	}
	return ``
}

func mdArg(md int, text bool) any {
	if text {
		return fmt.Sprintf("%02d-%02d", md/100, md%100)
	}
	return md
}

// Upcoming lists the first limit occurrences (all when limit is 0) of
// birthdays, client anniversaries and labelled dates from first to last,
// by day. Each month-day range is read in index order and stops at limit,
// so the first page of a busy calendar is cheap.
func (s *CalendarService) Upcoming(ctx context.Context, first, last app.Date, limit int) ([]app.Upcoming, error) {
	st, err := s.settings.Settings(ctx)
	if err != nil {
		return nil, err
	}
	return s.upcoming(ctx, first, last, limit, st, false)
}

// CountUpcoming counts the occurrences from first to last: index-only
// counts of each month-day range (Feb 29 counted where it falls).
func (s *CalendarService) CountUpcoming(ctx context.Context, first, last app.Date) (int, error) {
	total := 0
	for _, src := range occasionSources {
		for _, r := range mdRanges(first, last) {
			var n int
			err := s.db.conn(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM `+src.from+` WHERE `+sourceWhere(src.kind)+src.md+
				` BETWEEN ? AND ? AND +c.deleted_at IS NULL`, mdArg(r[0], src.text), mdArg(r[1], src.text)).Scan(&n)
			if err != nil {
				return 0, mapError(err)
			}
			total += n
		}
	}
	return total, nil
}

func (s *CalendarService) upcoming(ctx context.Context, first, last app.Date, limit int, st app.Settings, reachableOnly bool) ([]app.Upcoming, error) {
	if last.Before(first) {
		return nil, nil
	}
	// The unary + keeps SQLite off the deleted_at index, which it would
	// otherwise prefer to the month-day ones and so scan every contact.
	live := `+c.deleted_at IS NULL`
	if reachableOnly {
		live += ` AND +c.do_not_contact = 0`
	}
	var out []app.Upcoming
	for _, src := range occasionSources {
		for _, r := range mdRanges(first, last) {
			where := ` FROM ` + src.from + ` WHERE ` + sourceWhere(src.kind) + src.md + ` BETWEEN ? AND ? AND ` + live
			args := []any{mdArg(r[0], src.text), mdArg(r[1], src.text)}
			q := `SELECT c.id, ` + src.label + `, ` + src.cols + `, c.mail_lead_days` + where + ` ORDER BY ` + src.md
			if limit > 0 {
				q += fmt.Sprintf(` LIMIT %d`, limit)
			}
			got, err := s.scanOccasions(ctx, q, args, src.kind, first, last, st)
			if err != nil {
				return nil, err
			}
			out = append(out, got...)
		}
	}
	app.SortUpcoming(out)
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	if err := s.fillNames(ctx, out); err != nil {
		return nil, err
	}
	app.SortUpcoming(out) // same day: by name, now that names are known
	return out, nil
}

// fillNames looks up the names of the occasions kept, in one query a
// batch, rather than reading every candidate's row.
func (s *CalendarService) fillNames(ctx context.Context, us []app.Upcoming) error {
	names := map[int64]string{}
	var ids []any
	for _, u := range us {
		if _, ok := names[u.ContactID]; !ok {
			names[u.ContactID] = ""
			ids = append(ids, u.ContactID)
		}
	}
	const batch = 500
	for len(ids) > 0 {
		n := min(batch, len(ids))
		rows, err := s.db.conn(ctx).QueryContext(ctx, `SELECT id, name FROM contacts WHERE id IN (`+placeholders(n)+`)`, ids[:n]...)
		if err != nil {
			return mapError(err)
		}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return mapError(err)
			}
			names[id] = name
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return mapError(err)
		}
		ids = ids[n:]
	}
	for i := range us {
		us[i].Name = names[us[i].ContactID]
	}
	return nil
}

func (s *CalendarService) scanOccasions(ctx context.Context, q string, args []any, kind string, first, last app.Date, st app.Settings) ([]app.Upcoming, error) {
	rows, err := s.db.conn(ctx).QueryContext(ctx, q, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []app.Upcoming
	for rows.Next() {
		u := app.Upcoming{Kind: app.OccasionKind(kind)}
		var month, lead int
		if err := rows.Scan(&u.ContactID, &u.Label, &u.Date.Year, &month, &u.Date.Day, &lead); err != nil {
			return nil, mapError(err)
		}
		u.Date.Month = time.Month(month)
		if lead == 0 {
			lead = st.MailLeadDays
		}
		for _, on := range app.OccurrencesBetween(u.Date, first, last, st.LeapOnMarch1) {
			o := u
			o.On, o.Years, o.MailBy = on, app.YearsAt(u.Date, on), app.MailBy(on, lead)
			out = append(out, o)
		}
	}
	return out, mapError(rows.Err())
}

// Days counts each day's occasions from first to last and keeps the first
// perDay (in index order): what a month grid shows. Counts come from one
// grouped read of each month-day index; then each busy day reads only its
// first few, so a month costs the same for 1,000 or 100,000 contacts.
func (s *CalendarService) Days(ctx context.Context, first, last app.Date, perDay int) (map[app.Date]app.DayOccasions, error) {
	st, err := s.settings.Settings(ctx)
	if err != nil {
		return nil, err
	}
	days := map[app.Date]app.DayOccasions{}
	for _, src := range occasionSources {
		for _, r := range mdRanges(first, last) {
			where := ` FROM ` + src.from + ` WHERE ` + sourceWhere(src.kind) + src.md + ` BETWEEN ? AND ? AND +c.deleted_at IS NULL`
			rows, err := s.db.conn(ctx).QueryContext(ctx, `SELECT `+src.md+`, COUNT(*)`+where+` GROUP BY 1`, mdArg(r[0], src.text), mdArg(r[1], src.text))
			if err != nil {
				return nil, mapError(err)
			}
			counts := map[any]int{}
			for rows.Next() {
				var md any
				var n int
				if err := rows.Scan(&md, &n); err != nil {
					rows.Close()
					return nil, mapError(err)
				}
				counts[md] = n
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, mapError(err)
			}
			for md, n := range counts {
				got, err := s.scanOccasions(ctx, `SELECT c.id, `+src.label+`, `+src.cols+`, c.mail_lead_days FROM `+src.from+
					` WHERE `+sourceWhere(src.kind)+src.md+` = ? AND +c.deleted_at IS NULL LIMIT ?`, []any{md, perDay}, src.kind, first, last, st)
				if err != nil {
					return nil, err
				}
				seen := map[app.Date]bool{}
				for _, u := range got {
					day := days[u.On]
					if !seen[u.On] {
						day.Total += n
						seen[u.On] = true
					}
					day.First = append(day.First, u)
					days[u.On] = day
				}
			}
		}
	}
	for on, day := range days {
		app.SortUpcoming(day.First)
		if len(day.First) > perDay {
			day.First = day.First[:perDay]
		}
		if err := s.fillNames(ctx, day.First); err != nil {
			return nil, err
		}
		app.SortUpcoming(day.First)
		days[on] = day
	}
	return days, nil
}

// cardLoggedWithin is how long before an occasion a card logged for the
// contact counts as the card for it.
const cardLoggedWithin = 30

// CardsDue lists the occasions whose card is to be posted now: the
// mail-by day has come, the day itself has not passed, no card has been
// logged for it, and the contact is not marked do-not-contact.
func (s *CalendarService) CardsDue(ctx context.Context, today app.Date) ([]app.Upcoming, error) {
	st, err := s.settings.Settings(ctx)
	if err != nil {
		return nil, err
	}
	maxLead := st.MailLeadDays
	var longest sql.NullInt64
	if err := s.db.conn(ctx).QueryRowContext(ctx, `SELECT MAX(mail_lead_days) FROM contacts WHERE mail_lead_days > 0`).Scan(&longest); err != nil {
		return nil, mapError(err)
	}
	maxLead = max(maxLead, int(longest.Int64))
	coming, err := s.upcoming(ctx, today, today.AddDays(maxLead), 0, st, true)
	if err != nil {
		return nil, err
	}
	// Cards logged lately, once, rather than a query per occasion.
	sent := map[int64]app.Date{}
	rows, err := s.db.conn(ctx).QueryContext(ctx, `SELECT contact_id, MAX(happened_on) FROM interactions WHERE kind = 'card' AND happened_on >= ? GROUP BY contact_id`,
		today.AddDays(-cardLoggedWithin).String())
	if err != nil {
		return nil, mapError(err)
	}
	for rows.Next() {
		var id int64
		var on string
		if err := rows.Scan(&id, &on); err != nil {
			rows.Close()
			return nil, mapError(err)
		}
		sent[id], _ = app.ParseDate(on)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, mapError(err)
	}
	var out []app.Upcoming
	for _, u := range coming {
		if u.MailBy.After(today) {
			continue
		}
		if last, ok := sent[u.ContactID]; ok && !last.Before(u.On.AddDays(-cardLoggedWithin)) {
			continue
		}
		out = append(out, u)
	}
	return out, nil
}

// LogInteraction records being in touch; it resets the keep-in-touch clock.
func (s *CalendarService) LogInteraction(ctx context.Context, i *app.Interaction) error {
	i.Note = strings.TrimSpace(i.Note)
	if err := i.Validate(today(s.db)); err != nil {
		return err
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		if _, err := liveContact(ctx, tx, i.ContactID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO interactions (contact_id, happened_on, kind, note, created_at) VALUES (?, ?, ?, ?, ?)`,
			i.ContactID, i.On.String(), string(i.Kind), i.Note, formatTime(s.db.Now()))
		if err != nil {
			return err
		}
		i.ID, err = res.LastInsertId()
		return err
	})
}

// DeleteInteraction takes back an interaction logged by mistake (the
// undo of Card Sent or Called): the cadence and the card reminder it
// closed come back.
func (s *CalendarService) DeleteInteraction(ctx context.Context, id int64) error {
	return deleteByID(ctx, s.db, "interactions", id, "That interaction is no longer in the book.")
}

// FindInteractions lists a contact's interactions, newest first.
func (s *CalendarService) FindInteractions(ctx context.Context, contactID int64, limit int) ([]app.Interaction, error) {
	rows, err := s.db.conn(ctx).QueryContext(ctx, `SELECT id, contact_id, happened_on, kind, note FROM interactions
		WHERE contact_id = ? ORDER BY happened_on DESC, id DESC LIMIT ?`, contactID, max(limit, 1))
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []app.Interaction
	for rows.Next() {
		var i app.Interaction
		var on, kind string
		if err := rows.Scan(&i.ID, &i.ContactID, &on, &kind, &i.Note); err != nil {
			return nil, mapError(err)
		}
		i.On, _ = app.ParseDate(on)
		i.Kind = app.InteractionKind(kind)
		out = append(out, i)
	}
	return out, mapError(rows.Err())
}

// KeepInTouchOverdue lists contacts whose cadence (their own, or the
// shortest of their tags') has run out since they last heard from us (an
// interaction logged, or an ask), or since they were added if never.
// SQL keeps only those with nothing since the cadence began, so the last
// touch is worked out for the few who are overdue, not for everyone.
func (s *CalendarService) KeepInTouchOverdue(ctx context.Context, day app.Date) ([]app.Overdue, error) {
	rows, err := s.db.conn(ctx).QueryContext(ctx, `
		WITH paced(id, days) AS (
			SELECT id, cadence_days FROM contacts WHERE cadence_days > 0
			UNION ALL
			SELECT t.contact_id, MIN(tc.days) FROM tag_cadences tc JOIN contact_tags t ON t.tag = tc.tag
			WHERE t.contact_id NOT IN (SELECT id FROM contacts WHERE cadence_days > 0) GROUP BY t.contact_id
		), due(id, days, since) AS (
			SELECT id, days, date(?1, '-' || days || ' days') FROM paced
		)
		SELECT c.id, c.name, d.days, c.created_at,
			MAX(COALESCE((SELECT MAX(happened_on) FROM interactions i WHERE i.contact_id = c.id), ''),
				COALESCE((SELECT MAX(asked_on) FROM asks a WHERE a.contact_id = c.id), ''))
		FROM due d JOIN contacts c ON c.id = d.id
		WHERE +c.deleted_at IS NULL AND c.do_not_contact = 0
			AND NOT EXISTS (SELECT 1 FROM interactions i WHERE i.contact_id = c.id AND i.happened_on > d.since)
			AND NOT EXISTS (SELECT 1 FROM asks a WHERE a.contact_id = c.id AND a.asked_on > d.since)
			AND (substr(c.created_at, 1, 10) <= d.since
				OR EXISTS (SELECT 1 FROM interactions i WHERE i.contact_id = c.id)
				OR EXISTS (SELECT 1 FROM asks a WHERE a.contact_id = c.id))`, day.String())
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []app.Overdue
	for rows.Next() {
		var o app.Overdue
		var created, last string
		if err := rows.Scan(&o.ContactID, &o.Name, &o.CadenceDays, &created, &last); err != nil {
			return nil, mapError(err)
		}
		o.LastTouch, _ = app.ParseDate(last)
		o.DueOn = app.KeepInTouchDue(o.LastTouch, app.DateOf(parseTime(created)), o.CadenceDays)
		if !o.DueOn.After(day) {
			out = append(out, o)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, mapError(err)
	}
	sortOverdue(out)
	return out, nil
}

func sortOverdue(os []app.Overdue) {
	sort.SliceStable(os, func(i, j int) bool { return os[i].DueOn.Before(os[j].DueOn) })
}

// TagCadences lists the keep-in-touch cadence of each tag that has one.
func (s *CalendarService) TagCadences(ctx context.Context) (map[string]int, error) {
	rows, err := s.db.conn(ctx).QueryContext(ctx, `SELECT tag, days FROM tag_cadences`)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var tag string
		var days int
		if err := rows.Scan(&tag, &days); err != nil {
			return nil, mapError(err)
		}
		out[tag] = days
	}
	return out, mapError(rows.Err())
}

// SetTagCadence sets how often to be in touch with everyone tagged tag;
// 0 removes it.
func (s *CalendarService) SetTagCadence(ctx context.Context, tag string, days int) error {
	tags := app.NormalizeTags([]string{tag})
	if len(tags) == 0 {
		return app.Errorf(app.EINVALID, "Name the tag.")
	}
	if days < 0 || days > 3650 {
		return app.Errorf(app.EINVALID, "Keep in touch every 1 to 3650 days, not %d.", days)
	}
	return s.db.write(ctx, func(tx *sql.Tx) error {
		if days == 0 {
			_, err := tx.ExecContext(ctx, `DELETE FROM tag_cadences WHERE tag = ?`, tags[0])
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO tag_cadences (tag, days) VALUES (?, ?) ON CONFLICT (tag) DO UPDATE SET days = excluded.days`, tags[0], days)
		return err
	})
}
