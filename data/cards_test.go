package data_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/cards"
	"github.com/referable/referable/app/demo"
	"github.com/referable/referable/assets"
	"github.com/referable/referable/data"
)

func TestTemplatesEditCopyReset(t *testing.T) {
	ctx := context.Background()
	db := mustOpenDB(t)
	s := data.NewCardService(db, data.NewSettingsService(db, app.DefaultSettings("US")))

	all, err := s.Templates(ctx)
	if err != nil || len(all) != len(cards.Builtin) {
		t.Fatalf("Templates = %d, %v; want the %d built-in ones", len(all), err, len(cards.Builtin))
	}
	// Editing a built-in template keeps its name and marks it edited.
	b, _ := s.Template(ctx, "birthday")
	b.Inside = "Dear {first_name}, happy {age}th!"
	if err := s.SaveTemplate(ctx, &b); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Template(ctx, "birthday")
	if !got.Edited || !got.Builtin || got.Inside != b.Inside {
		t.Fatalf("edited birthday = %+v", got)
	}
	// A copy is the owner's own.
	c := got
	c.Name, c.Title = "birthday-vip", "Birthday (VIP)"
	if err := s.SaveTemplate(ctx, &c); err != nil {
		t.Fatal(err)
	}
	if all, _ = s.Templates(ctx); len(all) != len(cards.Builtin)+1 {
		t.Fatalf("after a copy there are %d templates", len(all))
	}
	// A mistake is refused with where it is, and nothing is saved.
	bad := c
	bad.Inside = "Dear {frist_name}"
	err = s.SaveTemplate(ctx, &bad)
	if app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("a misspelt field saved: %v", err)
	}
	if got, _ := s.Template(ctx, "birthday-vip"); got.Inside != c.Inside {
		t.Fatal("a refused save changed the template")
	}
	bad.Name = "Birthday VIP!"
	if err := s.SaveTemplate(ctx, &bad); app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("a name with spaces saved: %v", err)
	}
	// Reset and delete.
	if err := s.DeleteTemplate(ctx, "birthday"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Template(ctx, "birthday"); got.Edited || got.Inside == b.Inside {
		t.Fatalf("reset birthday = %+v", got)
	}
	if err := s.DeleteTemplate(ctx, "birthday-vip"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Template(ctx, "birthday-vip"); app.ErrorCode(err) != app.ENOTFOUND {
		t.Fatalf("deleted template still found: %v", err)
	}
}

func TestAddresseesAndLogSent(t *testing.T) {
	ctx := context.Background()
	s := newStores(t)
	settings := data.NewSettingsService(s.db, app.DefaultSettings("US"))
	cs := data.NewCardService(s.db, settings)
	zoe := s.contact(t, app.Contact{GivenName: "Zoë", FamilyName: "Müller", Kinds: app.KindReferrer,
		Address:  app.Address{Street: "12 Oak St\nApt 3", Locality: "Springfield", Region: "IL", PostalCode: "62701", Country: "USA"},
		Birthday: app.Date{Year: 1990, Month: day.Month, Day: day.Day}, ClientSince: app.Date{Year: day.Year - 5, Month: 1, Day: 2}})
	li := s.contact(t, app.Contact{DisplayName: "李明", DoNotContact: true})
	r := &app.Referral{ReferrerID: zoe, ReceivedOn: day}
	if err := s.referrals.CreateReferral(ctx, r, &app.Contact{GivenName: "Łukasz", FamilyName: "Dvořák"}); err != nil {
		t.Fatal(err)
	}

	as, err := cs.Addressees(ctx, []int64{li, zoe, li}, cards.PurposeThanks)
	if err != nil || len(as) != 2 {
		t.Fatalf("Addressees = %+v, %v; want 李明 and Zoë once each", as, err)
	}
	if as[0].Name != "李明" || !as[0].DoNotContact || as[0].FirstName != "李明" || as[0].HasAddress {
		t.Errorf("李明 = %+v", as[0])
	}
	z := as[1]
	if z.ReferralID != r.ID || z.ReferralName != "Łukasz Dvořák" {
		t.Errorf("Zoë's referral = %d %q", z.ReferralID, z.ReferralName)
	}
	// Set out as the US post asks, and with no country line: the owner
	// is in the US too.
	if want := []string{"Zoë Müller", "12 Oak St", "Apt 3", "Springfield, IL 62701"}; !slicesEqual(z.Lines(), want) {
		t.Errorf("address = %q, want %q", z.Lines(), want)
	}
	st, _ := settings.Settings(ctx)
	st.Signature = "Sam"
	v := z.Values(st, day)
	if v["first_name"] != "Zoë" || v["age"] != "36" || v["my_name"] != "Sam" || v["referral_name"] != "Łukasz Dvořák" {
		t.Errorf("values = %v", v)
	}
	if v["years_as_client"] != "6" { // since January five years ago: the next anniversary is the sixth
		t.Errorf("years_as_client = %q", v["years_as_client"])
	}

	// Printing a thank-you logs the card, counts as being in touch and
	// closes the thank follow-up; a referral request counts as an ask.
	if open := s.openFollowUps(t, zoe); len(open) != 1 || open[0].Kind != app.FollowThank {
		t.Fatalf("before: %+v", open)
	}
	err = cs.LogSent(ctx, []cards.Sent{
		{ContactID: zoe, Template: "thank-you-referral", Title: "Thank you for a referral", Purpose: cards.PurposeThanks, Layout: "flat-letter-4up", ReferralID: r.ID, Front: "Thank you, Zoë!", Inside: "…"},
		{ContactID: zoe, Template: "referral-request", Title: "A gentle referral request", Purpose: cards.PurposeRequest, Layout: "flat-letter-4up"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if open := s.openFollowUps(t, zoe); len(open) != 1 || open[0].Kind != app.FollowGentle {
		t.Errorf("after: %+v; want the thank-you closed and a gentle follow-up for the ask", open)
	}
	sent, err := cs.FindSent(ctx, zoe, 10)
	if err != nil || len(sent) != 2 || sent[1].Front != "Thank you, Zoë!" || sent[1].On != day {
		t.Fatalf("FindSent = %+v, %v", sent, err)
	}
	touches, _ := data.NewCalendarService(s.db, settings).FindInteractions(ctx, zoe, 10)
	if len(touches) != 2 || touches[0].Kind != app.InteractionCard {
		t.Errorf("interactions = %+v", touches)
	}
	if _, n, _ := s.asks.FindAsks(ctx, zoe, 10); n != 1 {
		t.Errorf("asks = %d, want the card request", n)
	}
}

// The Cards screen and `referable print` choose people and print through
// one finder and one printer: what is due is found, printing logs it and
// closes it, and the same choice then finds no one.
func TestRecipientsAndPrinter(t *testing.T) {
	ctx := context.Background()
	db := mustOpenDB(t)
	loadDemo(t, db, demo.DefaultContacts)
	st := app.DefaultSettings("US")
	st.OwnerName = "Sam Rivera"
	svc := data.NewServices(db, st)
	cs := data.NewCardService(db, data.NewSettingsService(db, st))
	find := cards.Finder{Services: svc, Cards: cs}
	today := app.DateOf(fixedNow)
	thanks, err := cs.Template(ctx, "thank-you-referral")
	if err != nil {
		t.Fatal(err)
	}

	// Due: everyone with an open thank-you follow-up, each once.
	open, _, err := svc.FollowUps.FindFollowUps(ctx, app.FollowUpFilter{OpenOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64]bool{}
	for _, f := range open {
		if f.Kind == app.FollowThank {
			want[f.ContactID] = true
		}
	}
	due, err := find.Recipients(ctx, cards.Choice{Source: cards.ToDue}, thanks, today)
	if err != nil || len(due) == 0 || len(due) != len(want) {
		t.Fatalf("due = %d, %v; want the %d people with an open thank-you", len(due), err, len(want))
	}
	for _, a := range due {
		if !want[a.ContactID] {
			t.Fatalf("%s is due a thank-you without an open one", a.Name)
		}
	}

	// A tag, a search, the days ahead, the chosen: each picks its people.
	tags, _ := svc.Contacts.Tags(ctx)
	tagged, err := find.Recipients(ctx, cards.Choice{Source: cards.ToTag, Tag: tags[0]}, thanks, today)
	if found, _, _ := svc.Contacts.FindContacts(ctx, app.ContactFilter{Tag: tags[0]}); err != nil || len(tagged) != len(found) {
		t.Fatalf("tag %q picks %d, %v; the list shows %d", tags[0], len(tagged), err, len(found))
	}
	birthday, _ := cs.Template(ctx, "birthday")
	coming, err := find.Recipients(ctx, cards.Choice{Source: cards.ToComing, Days: 60}, birthday, today)
	upcoming, _ := svc.Calendar.Upcoming(ctx, today, today.AddDays(60), 0)
	births := map[int64]bool{}
	for _, u := range upcoming {
		if u.Kind == app.OccasionBirthday {
			births[u.ContactID] = true
		}
	}
	if err != nil || len(coming) != len(births) {
		t.Fatalf("birthdays in 60 days: %d, %v; the calendar has %d", len(coming), err, len(births))
	}
	if _, err := find.Recipients(ctx, cards.Choice{Source: cards.ToComing, Days: 0}, birthday, today); app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("0 days ahead: %v", err)
	}
	chosen, err := find.Recipients(ctx, cards.Choice{Source: cards.ToChosen, IDs: []int64{due[1].ContactID, due[0].ContactID, due[1].ContactID}}, thanks, today)
	if err != nil || len(chosen) != 2 || chosen[0].ContactID != due[1].ContactID {
		t.Fatalf("chosen = %+v, %v; want the two, in the order picked", chosen, err)
	}

	// Printing saves the PDF, then logs the cards and closes the thank-yous.
	var pdf bytes.Buffer
	printer := cards.Printer{Book: assets.CardFontBook(), Cards: cs, Now: func() time.Time { return fixedNow }}
	layout, _ := cards.FindLayout("flat-letter-4up")
	job := cards.PrintJob{Batch: cards.Batch{Template: thanks, Layout: layout, Hand: "Caveat", Settings: st, Today: today},
		To: due, Where: "thanks.pdf", Save: func(write func(io.Writer) error) error { return write(&pdf) }}
	res, err := printer.Print(ctx, job)
	if err != nil || res.Cards != len(due) || len(res.Logged) != len(due) || res.Pages != (len(due)+3)/4 {
		t.Fatalf("Print = %+v, %v", res, err)
	}
	if !bytes.HasPrefix(pdf.Bytes(), []byte("%PDF")) {
		t.Fatal("no PDF was saved")
	}
	if again, err := find.Recipients(ctx, cards.Choice{Source: cards.ToDue}, thanks, today); err != nil || len(again) != 0 {
		t.Fatalf("after printing, %d are still due a thank-you (%v)", len(again), err)
	}

	// A PDF that cannot be saved logs nothing.
	job.To, job.Batch.Template = tagged, birthday
	before, _ := cs.FindSent(ctx, tagged[0].ContactID, 0)
	if _, err := printer.Print(ctx, cards.PrintJob{Batch: job.Batch, To: tagged, Where: "x.pdf",
		Save: func(func(io.Writer) error) error { return app.Errorf(app.EINTERNAL, "The disk is full.") }}); err == nil {
		t.Fatal("a failed save printed")
	}
	if after, _ := cs.FindSent(ctx, tagged[0].ContactID, 0); len(after) != len(before) {
		t.Fatal("a card whose PDF was not saved was logged as sent")
	}

	// Logged beside the PDF, in a transaction of its own (the CLI's way):
	// a PDF written whole and then not kept logs nothing; a kept one logs
	// every card.
	beside := printer
	beside.Atomically = svc.Atomically
	if _, err := beside.PrintBeside(ctx, cards.PrintJob{Batch: job.Batch, To: tagged, Where: "y.pdf",
		Save: func(write func(io.Writer) error) error {
			if err := write(io.Discard); err != nil {
				return err
			}
			return app.Errorf(app.EINTERNAL, "The disk is full.")
		}}); err == nil {
		t.Fatal("a PDF that was not kept printed")
	}
	if after, _ := cs.FindSent(ctx, tagged[0].ContactID, 0); len(after) != len(before) {
		t.Fatal("a card whose PDF was not kept was logged as sent")
	}
	pdf.Reset()
	res, err = beside.PrintBeside(ctx, cards.PrintJob{Batch: job.Batch, To: tagged, Where: "z.pdf",
		Save: func(write func(io.Writer) error) error { return write(&pdf) }})
	if err != nil || len(res.Logged) != len(tagged) || res.Logged[0].ID == 0 {
		t.Fatalf("Print beside the log = %+v, %v", res.Logged, err)
	}
	if after, _ := cs.FindSent(ctx, tagged[0].ContactID, 0); len(after) != len(before)+1 {
		t.Fatalf("%d cards logged for %s, want %d", len(after), tagged[0].Name, len(before)+1)
	}
	if _, err := beside.PrintBeside(ctx, cards.PrintJob{Batch: job.Batch, To: tagged, Where: "z.pdf", NoLog: true,
		Save: func(write func(io.Writer) error) error { return write(io.Discard) }}); err != nil {
		t.Fatal(err)
	}
	if after, _ := cs.FindSent(ctx, tagged[0].ContactID, 0); len(after) != len(before)+1 {
		t.Fatal("a print without a log logged its cards")
	}
}

func TestParseChoice(t *testing.T) {
	for in, want := range map[string]cards.Choice{
		"due":              {Source: cards.ToDue},
		" Due ":            {Source: cards.ToDue},
		"all":              {Source: cards.ToSearch},
		"month":            {Source: cards.ToMonth},
		"month:2026-09":    {Source: cards.ToMonth, Month: "2026-09"},
		"tag:Gold client":  {Source: cards.ToTag, Tag: "Gold client"},
		"coming:30":        {Source: cards.ToComing, Days: 30},
		"Müller":           {Source: cards.ToSearch, Query: "Müller"},
		"search:due":       {Source: cards.ToSearch, Query: "due"},
		"Dr. Who: the one": {Source: cards.ToSearch, Query: "Dr. Who: the one"},
	} {
		got, err := cards.ParseChoice(in)
		if err != nil || got.Source != want.Source || got.Query != want.Query || got.Tag != want.Tag || got.Days != want.Days || got.Month != want.Month {
			t.Errorf("ParseChoice(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-", "tag:", "coming:0", "coming:400", "coming:soon", "search:…"} {
		if _, err := cards.ParseChoice(in); app.ErrorCode(err) != app.EINVALID {
			t.Errorf("ParseChoice(%q) = %v; want a clear refusal", in, err)
		}
	}
}

// A birthday card carries the referral P.S. only when the cool-down
// since the last ask has passed and the person may be contacted; such a
// card counts as an ask, so the next one leaves it out. An end-of-project
// card says what was done beyond what was asked on their job.
func TestAskPSAndExtra(t *testing.T) {
	ctx := context.Background()
	db := mustOpenDB(t)
	svc := data.NewServices(db, app.DefaultSettings("US"))
	cs := data.NewCardService(db, svc.Settings)
	st, _ := svc.Settings.Settings(ctx)
	st.Signature = "Sam"
	if err := svc.Settings.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	today := app.DateOf(fixedNow)
	mk := func(c app.Contact) int64 {
		t.Helper()
		if err := svc.Contacts.CreateContact(ctx, &c); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	never := mk(app.Contact{GivenName: "Ana", Kinds: app.KindClient})
	recent := mk(app.Contact{GivenName: "Bo", Kinds: app.KindClient})
	long := mk(app.Contact{GivenName: "Cy", Kinds: app.KindClient})
	dnc := mk(app.Contact{GivenName: "Di", Kinds: app.KindClient, DoNotContact: true})
	for id, ago := range map[int64]int{recent: 10, long: st.AskCooldownDays + 1} {
		if err := svc.Asks.LogAsk(ctx, &app.Ask{ContactID: id, On: today.AddDays(-ago), Channel: app.ChannelPhone, Answer: app.AnswerGave}); err != nil {
			t.Fatal(err)
		}
	}
	tpl, _ := cs.Template(ctx, "birthday")
	people, err := cs.Addressees(ctx, []int64{never, recent, long, dnc}, tpl.Purpose)
	if err != nil {
		t.Fatal(err)
	}
	flat, _ := cards.FindLayout("flat-letter-4up")
	b := cards.Batch{Template: tpl, Layout: flat, Settings: st, Today: today}
	want := map[int64]bool{never: true, recent: false, long: true, dnc: false}
	var sent []cards.Sent
	for _, a := range people {
		r, empty, err := b.Recipient(a)
		if err != nil || len(empty) != 0 {
			t.Fatalf("%s: %v, empty %v", a.Name, err, empty)
		}
		if got := strings.Contains(r.Card.Inside, st.AskPS); got != want[a.ContactID] {
			t.Errorf("%s's birthday card carries the P.S.: %v, want %v\n%s", a.Name, got, want[a.ContactID], r.Card.Inside)
		}
		if strings.Contains(r.Card.Inside, "\n\n\n") {
			t.Errorf("%s's card has a gap where the P.S. was: %q", a.Name, r.Card.Inside)
		}
		sent = append(sent, cards.Sent{ContactID: a.ContactID, Template: tpl.Name, Title: tpl.Title, Purpose: tpl.Purpose,
			Layout: "flat-letter-4up", Front: r.Card.Front, Inside: r.Card.Inside})
	}
	if err := cs.LogSent(ctx, sent); err != nil {
		t.Fatal(err)
	}
	asks, _, _ := svc.Asks.FindAsks(ctx, never, 5)
	if len(asks) != 1 || asks[0].Channel != app.ChannelCard || asks[0].On != today {
		t.Fatalf("the card with the P.S. logged asks %+v", asks)
	}
	if asks, _, _ := svc.Asks.FindAsks(ctx, recent, 5); len(asks) != 1 {
		t.Fatalf("a card without the P.S. counted as an ask: %+v", asks)
	}
	again, _ := cs.Addressees(ctx, []int64{never}, tpl.Purpose)
	if r, _, _ := b.Recipient(again[0]); strings.Contains(r.Card.Inside, st.AskPS) {
		t.Error("the next card asks again within the cool-down")
	}

	// {extra}: from their last job.
	r := &app.Referral{ReferrerID: long, LeadID: never, ReceivedOn: today.AddDays(-20), AskedFor: "New boiler"}
	if err := svc.Referrals.CreateReferral(ctx, r, nil); err != nil {
		t.Fatal(err)
	}
	r.Extra = "I also fixed the dripping garden tap."
	if err := svc.Referrals.UpdateReferral(ctx, r); err != nil {
		t.Fatal(err)
	}
	end, _ := cs.Template(ctx, "end-of-project")
	people, _ = cs.Addressees(ctx, []int64{never, recent}, end.Purpose)
	b.Template = end
	if c, _, _ := b.Recipient(people[0]); !strings.Contains(c.Card.Inside, "pleasure working with you. I hope you enjoy the result for years to come.\n\nI also fixed the dripping garden tap.\n\nIf you know") {
		t.Errorf("the end-of-project card: %q", c.Card.Inside)
	}
	if c, _, _ := b.Recipient(people[1]); strings.Contains(c.Card.Inside, "\n\n\n") {
		t.Errorf("no extra leaves a gap: %q", c.Card.Inside)
	}
}

// A printer's setup and its calibration for a stock are kept, and read
// as the defaults (turned right, true size, no offset) before either is
// saved; a calibration out of reason is refused.
func TestPrinterSetupAndCalibration(t *testing.T) {
	ctx := context.Background()
	db := mustOpenDB(t)
	cs := data.NewCardService(db, data.NewSettingsService(db, app.DefaultSettings("US")))
	if p, err := cs.PrinterSetup(ctx, "Office"); err != nil || p.Turn != cards.DefaultTurn || p.ManualDuplex {
		t.Fatalf("a new printer's setup: %+v, %v", p, err)
	}
	if c, err := cs.Calibration(ctx, "Office", "envelope-c6"); err != nil || c.Scale != 1 || c.OffsetX != 0 {
		t.Fatalf("a new calibration: %+v, %v", c, err)
	}
	if err := cs.SavePrinterSetup(ctx, cards.PrinterSetup{Printer: "Office", Turn: 270, ManualDuplex: true}); err != nil {
		t.Fatal(err)
	}
	want := cards.Calibration{Printer: "Office", Layout: "envelope-c6", OffsetX: 1.25, OffsetY: -0.8, Scale: 0.985}
	if err := cs.SaveCalibration(ctx, want); err != nil {
		t.Fatal(err)
	}
	p, _ := cs.PrinterSetup(ctx, "Office")
	c, _ := cs.Calibration(ctx, "Office", "envelope-c6")
	if p.Turn != 270 || !p.ManualDuplex || c.OffsetX != 1.25 || c.OffsetY != -0.8 || c.Scale != 0.985 || c.On != app.DateOf(fixedNow) {
		t.Fatalf("read back %+v, %+v", p, c)
	}
	if other, _ := cs.Calibration(ctx, "Office", "flat-a6"); other.OffsetX != 0 {
		t.Fatal("a calibration for one stock is used for another")
	}
	for _, bad := range []cards.Calibration{
		{Printer: "Office", Layout: "envelope-c6", Scale: 0.5},
		{Printer: "Office", Layout: "envelope-c6", OffsetX: 80},
		{Printer: "Office", Layout: "no-such-stock"},
		{Layout: "envelope-c6"},
	} {
		if err := cs.SaveCalibration(ctx, bad); app.ErrorCode(err) != app.EINVALID && app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("%+v saved: %v", bad, err)
		}
	}
	if err := cs.SavePrinterSetup(ctx, cards.PrinterSetup{Printer: "Office", Turn: 45}); app.ErrorCode(err) != app.EINVALID {
		t.Errorf("a 45° turn saved: %v", err)
	}
}
