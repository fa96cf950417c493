package data

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/referable/referable/app"
)

var _ app.SettingsService = (*SettingsService)(nil)

// SettingsService keeps the settings as key/value rows, so later features
// add settings without a migration.
type SettingsService struct {
	db       *DB
	defaults app.Settings
}

// NewSettingsService returns the settings store of db; keys never saved
// read as the given defaults (which come from the user's locale).
func NewSettingsService(db *DB, defaults app.Settings) *SettingsService {
	return &SettingsService{db: db, defaults: defaults}
}

// settingFields maps each stored key to its field, both ways.
func settingFields(s *app.Settings) map[string]*string {
	return map[string]*string{
		"owner_name":     &s.OwnerName,
		"signature":      &s.Signature,
		"business_name":  &s.BusinessName,
		"return_address": &s.ReturnAddress,
		"currency":       &s.Currency,
		"region":         &s.Region,
		"paper_size":     &s.PaperSize,
		"card_font":      &s.CardFont,
		"card_layout":    &s.CardLayout,
		"card_variation": &s.CardVariation,
		"card_ink":       &s.CardInk,
		"ask_ps":         &s.AskPS,
	}
}

// settingNumbers maps each stored whole-number key to its field.
func settingNumbers(s *app.Settings) map[string]*int {
	return map[string]*int{
		"ask_cooldown_days":   &s.AskCooldownDays,
		"gentle_after_days":   &s.GentleAfterDays,
		"goal_received_week":  &s.GoalReceivedWeek,
		"goal_received_month": &s.GoalReceivedMonth,
		"goal_given_week":     &s.GoalGivenWeek,
		"goal_given_month":    &s.GoalGivenMonth,
		"mail_lead_days":      &s.MailLeadDays,
		"print_offset_x":      &s.PrintOffsetX,
		"print_offset_y":      &s.PrintOffsetY,
	}
}

// Settings reads the settings, with defaults for what was never saved.
func (ss *SettingsService) Settings(ctx context.Context) (app.Settings, error) {
	s := ss.defaults
	rows, err := ss.db.conn(ctx).QueryContext(ctx, `SELECT key, value FROM settings`)
	if err != nil {
		return s, mapError(err)
	}
	defer rows.Close()
	fields, numbers := settingFields(&s), settingNumbers(&s)
	sawJitter, sawVariation := false, false
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return s, mapError(err)
		}
		sawVariation = sawVariation || k == "card_variation"
		if p, ok := fields[k]; ok {
			*p = v
		} else if p, ok := numbers[k]; ok {
			if n, err := strconv.Atoi(v); err == nil {
				*p = n
			}
		} else if k == "gift_budget" {
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				s.GiftBudget = app.Money(n)
			}
		} else if k == "leap_on_march1" {
			s.LeapOnMarch1 = v == "1"
		} else if k == "card_jitter" {
			s.CardJitter = v == "1"
			sawJitter = true
		} else if k == "week_start" {
			if n, err := strconv.Atoi(v); err == nil {
				s.WeekStart = time.Weekday(n)
			}
		}
	}
	if sawJitter && !sawVariation { // saved before the variation had three values
		s.CardVariation = app.VariationOff
		if s.CardJitter {
			s.CardVariation = app.VariationSubtle
		}
	}
	return s, mapError(rows.Err())
}

// SaveSettings validates and saves every setting in one transaction.
func (ss *SettingsService) SaveSettings(ctx context.Context, s app.Settings) error {
	s.Normalize()
	if err := s.Validate(); err != nil {
		return err
	}
	return ss.db.write(ctx, func(tx *sql.Tx) error {
		put := func(k, v string) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v)
			return err
		}
		for k, p := range settingFields(&s) {
			if err := put(k, *p); err != nil {
				return err
			}
		}
		for k, p := range settingNumbers(&s) {
			if err := put(k, strconv.Itoa(*p)); err != nil {
				return err
			}
		}
		if err := put("leap_on_march1", flag(s.LeapOnMarch1)); err != nil {
			return err
		}
		if err := put("card_jitter", flag(s.CardJitter)); err != nil {
			return err
		}
		if err := put("gift_budget", strconv.FormatInt(int64(s.GiftBudget), 10)); err != nil {
			return err
		}
		return put("week_start", strconv.Itoa(int(s.WeekStart)))
	})
}

// flag stores a yes/no setting.
func flag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
