// Package demo builds a realistic sample business: a plumbing and heating
// firm whose work comes by word of mouth, with referral chains over several
// generations, birthdays, client anniversaries, and names from many
// languages. The same seed always gives the same business.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/referable/referable/app"
)

// DefaultContacts is the size of the sample a new user is offered.
const DefaultContacts = 60

// MaxContacts bounds the sample (benchmarks use the largest).
const MaxContacts = 100_000

// Owner is the sample business's owner, saved as the settings.
func Owner(s app.Settings) app.Settings {
	s.OwnerName = "Sam Rivera"
	s.Signature = "Sam"
	s.BusinessName = "Rivera Plumbing & Heating"
	s.ReturnAddress = "Rivera Plumbing & Heating\n418 Alder Street\nPortland, OR 97204"
	s.GiftBudget = 60000 // 600 a year
	return s
}

type person struct{ given, family string }

// A first few contacts written out, so the default sample always shows
// accented and non-Latin names, and what people treasure reads true.
var featured = []struct {
	person
	display                         string // for names not written "Given Family"
	company, treasures, notes, tags string
	kinds                           app.Kind
}{
	{person{"Margaret", "O'Neill"}, "", "O'Neill Realty", "Earl Grey tea, her two greyhounds, crime novels", "Sends every new home buyer our way. Prefers a phone call to email.", "realtor,vip", app.KindReferrer | app.KindPartner},
	{person{"Zoë", "Müller"}, "", "", "Dark chocolate, bouldering, Studio Ghibli films", "Bathroom remodel 2021. Raves about us at her climbing gym.", "residential,vip", app.KindClient | app.KindReferrer},
	{person{"Łukasz", "Dvořák"}, "", "Dvořák Electric", "Czech beer, vintage motorbikes", "Electrician; we swap jobs on renovations.", "trade-partner", app.KindPartner | app.KindReferrer},
	{person{"明", "李"}, "李明", "", "Oolong tea, calligraphy, Go (the board game)", "Water heater 2023. His daughter is buying a house next year.", "residential", app.KindClient},
	{person{"José", "García"}, "", "García Property Management", "Real Madrid, grilling, his grandchildren", "Manages 40 rental units across town.", "commercial,vip", app.KindClient | app.KindReferrer},
	{person{"花子", "山田"}, "山田花子", "", "Ikebana, matcha, hiking Mt Hood", "Referred by Zoë from the climbing gym.", "residential", app.KindClient},
	{person{"François", "Lefèvre"}, "", "Le Petit Four Bakery", "Sourdough, jazz records, cycling", "Commercial kitchen plumbing; very particular about schedules.", "commercial", app.KindClient},
	{person{"Αλέξανδρος", "Παπαδόπουλος"}, "", "", "Olive oil from his family grove, sailing", "Asked about a boiler replacement.", "residential", app.KindProspect},
	{person{"Siobhán", "Ní Bhriain"}, "", "Bright Homes Insurance", "Irish whiskey, trail running, her rescue cat", "Insurance agent; refers clients after water-damage claims.", "insurance,trade-partner", app.KindPartner | app.KindReferrer},
	{person{"Дмитрий", "Иванов"}, "", "", "Chess, borscht, classical piano", "Prospect from the home show.", "residential", app.KindProspect},
	{person{"Søren", "Østergaard"}, "", "", "Design books, licorice, sea swimming", "New build 2024; loves the radiant floor we put in.", "residential", app.KindClient | app.KindReferrer},
	{person{"Anaïs", "Leclerc"}, "", "", "Macarons, houseplants, yoga", "", "residential,newsletter", app.KindClient},
}

var givenNames = []string{
	"Ada", "Liam", "Olivia", "Noah", "Emma", "Mateo", "Chloé", "Björn", "Priya", "Kwame", "Aoife",
	"Ingrid", "Tomás", "Amélie", "Rafael", "Hannah", "Yusuf", "Grace", "Diego", "Mei", "Jonas", "Nora",
	"Elif", "Oscar", "Leila", "Marek", "Sofía", "Ethan", "Ruth", "Kenji", "Astrid", "Malik", "Clara",
	"Henrik", "Isabel", "Arjun", "Fiona", "Luca", "Mira", "Pedro", "Rosa", "Samuel", "Thea", "Victor",
	"Wanda", "Xavier", "Yara", "Zane", "Agnieszka", "Bea", "Cormac", "Dagny", "Emeka", "Frida", "Gustav",
	"Hélène", "Ivo", "Jana", "Kofi", "Linnea", "Matías", "Nadia", "Otto", "Paulina", "Quentin", "Renée",
}

var familyNames = []string{
	"Smith", "Johnson", "Nguyễn", "Kowalski", "Brown", "Jørgensen", "Šimek", "Okafor", "Patel", "Larsen",
	"Rossi", "Schäfer", "Fernández", "Murphy", "Kim", "Novák", "Dubois", "Andersson", "Haddad", "Cohen",
	"Walker", "Tanaka", "Silva", "Bianchi", "Moreau", "Lindqvist", "Mensah", "Kaur", "Wójcik", "Horvat",
	"Yılmaz", "Fischer", "Costa", "O'Brien", "MacLeod", "Ramírez", "Petrov", "Hughes", "Lund", "Sato",
	"Baker", "Carter", "Ellis", "Foster", "Gómez", "Hall", "Ibrahim", "Jensen", "Keller", "López",
}

var (
	companies = []string{"Maple Dental", "Northside Café", "Ironwood Builders", "Cedar & Pine Realty",
		"Harbor Yoga", "Summit Accounting", "Blue Door Bistro", "Elm Street Veterinary", "Brightwater Spa", "Granite Works"}
	towns = []struct{ town, region, zip string }{
		{"Portland", "OR", "97201"}, {"Beaverton", "OR", "97005"}, {"Lake Oswego", "OR", "97034"},
		{"Gresham", "OR", "97030"}, {"Vancouver", "WA", "98660"}, {"Tigard", "OR", "97223"},
	}
	streets   = []string{"Alder Street", "Hawthorne Blvd", "Division Street", "Oak Avenue", "Burnside Street", "Elm Court", "Maple Lane", "Willamette Drive"}
	treasures = []string{"single-origin coffee", "golf", "jazz vinyl", "orchids", "craft beer", "trail running",
		"gardening", "the Timbers", "sourdough baking", "fly fishing", "board games", "red wine", "knitting",
		"their Labrador", "vintage cars", "birdwatching", "dark chocolate", "camping", "pottery", "cycling"}
	tags    = []string{"residential", "commercial", "newsletter", "vip", "realtor", "neighborhood", "repeat"}
	notes   = []string{"Water heater replacement.", "Kitchen remodel rough-in.", "Emergency leak, Sunday call-out.", "Annual boiler service.", "Found us through a neighbour.", "Sewer line camera inspection.", ""}
	labels  = []string{"Wedding anniversary", "Company founded", "Moved in"}
	emailTo = []string{"mail.example", "post.example", "inbox.example"}
)

// Generate builds n contacts in generations: generation 0 came to us on
// their own; each later contact's Referrer is the index of an earlier one
// (-1 for none). today bounds every date.
func Generate(n int, today time.Time) ([]*app.Contact, []int) {
	rng := rand.New(rand.NewPCG(2026, uint64(n)))
	contacts := make([]*app.Contact, 0, n)
	referrer := make([]int, 0, n)
	for i := 0; i < n; i++ {
		c := &app.Contact{}
		if i < len(featured) {
			f := featured[i]
			c.GivenName, c.FamilyName, c.DisplayName, c.Company = f.given, f.family, f.display, f.company
			c.Treasures, c.Notes, c.Kinds = f.treasures, f.notes, f.kinds
			c.Tags = strings.Split(f.tags, ",")
		} else {
			c.GivenName = givenNames[rng.IntN(len(givenNames))]
			c.FamilyName = familyNames[rng.IntN(len(familyNames))]
			c.Kinds = []app.Kind{app.KindClient, app.KindClient, app.KindClient | app.KindReferrer, app.KindProspect, app.KindReferrer}[rng.IntN(5)]
			if rng.IntN(8) == 0 {
				c.Company = companies[rng.IntN(len(companies))]
				c.Kinds |= app.KindPartner
			}
			c.Treasures = treasures[rng.IntN(len(treasures))] + ", " + treasures[rng.IntN(len(treasures))]
			c.Notes = notes[rng.IntN(len(notes))]
			c.Tags = []string{tags[rng.IntN(len(tags))]}
			if rng.IntN(3) == 0 {
				c.Tags = append(c.Tags, tags[rng.IntN(len(tags))])
			}
		}
		fillDetails(c, i, rng, today)
		aroundToday(c, i, today)
		ref := -1
		// About two in three contacts came through someone already known,
		// which gives chains over several generations.
		if i >= 4 && rng.IntN(3) != 0 {
			ref = rng.IntN(i)
			if i < 40 {
				ref = rng.IntN(min(i, 12)) // the featured few refer the most
			}
		}
		contacts = append(contacts, c)
		referrer = append(referrer, ref)
	}
	return contacts, referrer
}

func fillDetails(c *app.Contact, i int, rng *rand.Rand, today time.Time) {
	local := strings.ToLower(app.Fold(c.GivenName + "." + c.FamilyName))
	local = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r == '.' {
			return r
		}
		return -1
	}, local)
	if strings.Trim(local, ".") == "" {
		local = fmt.Sprintf("client%d", i)
	}
	c.Emails = []app.Labeled{{Label: "home", Value: fmt.Sprintf("%s%d@%s", local, i, emailTo[i%len(emailTo)])}}
	c.Phones = []app.Labeled{{Label: "mobile", Value: fmt.Sprintf("+1 503 555 %04d", i%10000)}}
	t := towns[rng.IntN(len(towns))]
	c.Address = app.Address{Street: fmt.Sprintf("%d %s", 100+rng.IntN(8900), streets[rng.IntN(len(streets))]), Locality: t.town, Region: t.region, PostalCode: t.zip, Country: "USA"}
	if rng.IntN(10) < 8 {
		c.Birthday = app.Date{Month: time.Month(1 + rng.IntN(12)), Day: 1 + rng.IntN(28)}
		if rng.IntN(4) != 0 {
			c.Birthday.Year = today.Year() - 25 - rng.IntN(50)
		}
	}
	if i == 7 {
		c.Birthday = app.Date{Year: 1988, Month: time.February, Day: 29} // a leap-day birthday to show
	}
	if c.Kinds.Has(app.KindClient) {
		since := today.AddDate(0, 0, -30-rng.IntN(10*365))
		c.ClientSince = app.DateOf(since)
	}
	if rng.IntN(6) == 0 {
		c.Occasions = []app.Occasion{{Label: labels[rng.IntN(len(labels))], Date: app.Date{Year: today.Year() - 1 - rng.IntN(30), Month: time.Month(1 + rng.IntN(12)), Day: 1 + rng.IntN(28)}}}
	}
	if i%17 == 9 {
		c.DoNotContact = true
		c.Notes = strings.TrimSpace(c.Notes + " Asked not to be contacted for marketing.")
	}
}

// LedgerContacts bounds the referral ledger the sample builds: its first
// contacts' referrals, asks and given referrals. A large sample is for
// measuring the contact list; its ledger stays the size of a real one.
const LedgerContacts = 600

// aroundToday places a few of the featured contacts' dates near today, so
// the calendar and Today show the sample's rhythm whatever the date: a
// birthday card to post now, one to a far-away address that must leave
// early, a client anniversary this week.
func aroundToday(c *app.Contact, i int, today time.Time) {
	near := func(days, year int) app.Date {
		d := app.DateOf(today.AddDate(0, 0, days))
		if d.Month == time.February && d.Day == 29 {
			d.Day = 28
		}
		d.Year = year
		return d
	}
	switch i {
	case 1: // Zoë: birthday in five days, the post takes five: post today
		c.Birthday = near(5, today.Year()-34)
	case 3: // 李明: client anniversary this week
		c.ClientSince = near(3, today.Year()-3)
	case 5: // 山田花子 lives in Kyoto: the post takes two weeks
		c.Birthday = near(14, today.Year()-41)
		c.MailLeadDays = 14
		c.Address = app.Address{Street: "12 Shimogamo Izumigawa-cho", Locality: "Kyoto", Region: "Kyoto", PostalCode: "606-0807", Country: "Japan"}
	case 0: // Margaret: every 30 days, she sends the most
		c.CadenceDays = 30
	}
}

// Load saves a sample business of n contacts through the services,
// generation by generation so each referred-by link points at a saved
// contact, then its referral ledger, and sets the owner's details. It
// refuses a database that has contacts.
//
// It is all or nothing: on a full disk, or a second load racing this
// one, nothing of the sample is left behind.
func Load(ctx context.Context, svc app.Services, n int, today time.Time) error {
	if n < 1 || n > MaxContacts {
		return app.Errorf(app.EINVALID, "The sample business can have 1 to %d contacts, not %d.", MaxContacts, n)
	}
	if svc.Atomically != nil {
		return svc.Atomically(ctx, func(ctx context.Context) error { return load(ctx, svc, n, today) })
	}
	return load(ctx, svc, n, today)
}

func load(ctx context.Context, svc app.Services, n int, today time.Time) error {
	live, trashed, err := svc.Contacts.CountContacts(ctx)
	if err != nil {
		return err
	}
	if live+trashed > 0 {
		return app.Errorf(app.ECONFLICT, "This database already has %d contacts; the sample business goes only into an empty one (choose another file with --db).", live+trashed)
	}
	cs, referrer := Generate(n, today)
	saved := make([]bool, n)
	for remaining := n; remaining > 0; {
		var batch []*app.Contact
		for i, c := range cs {
			if saved[i] {
				continue
			}
			if r := referrer[i]; r >= 0 {
				if !saved[r] || cs[r].ID == 0 {
					continue
				}
				c.ReferredByID = cs[r].ID
			}
			batch = append(batch, c)
		}
		if err := svc.Contacts.CreateContacts(ctx, batch); err != nil {
			return fmt.Errorf("load sample business: %w", err)
		}
		for i, c := range cs {
			if !saved[i] && c.ID != 0 {
				saved[i] = true
				remaining--
			}
		}
	}
	s, err := svc.Settings.Settings(ctx)
	if err != nil {
		return err
	}
	if err := svc.Settings.SaveSettings(ctx, Owner(s)); err != nil {
		return err
	}
	if err := loadLedger(ctx, svc, cs[:min(n, LedgerContacts)], referrer, app.DateOf(today)); err != nil {
		return fmt.Errorf("load sample referrals: %w", err)
	}
	return nil
}

// loadLedger records a referral for each referred contact, dated over
// the last year and a half and moved along the pipeline as time would
// have; asks for referrals; and referrals given back. Tasks of long ago
// are done; the recent ones stay open, as they would be.
func loadLedger(ctx context.Context, svc app.Services, cs []*app.Contact, referrer []int, today app.Date) error {
	rng := rand.New(rand.NewPCG(7, uint64(len(cs))))
	jobs := []string{"Water heater replacement", "Bathroom remodel", "Leaking kitchen tap", "Boiler service",
		"Radiant floor heating", "Sewer line inspection", "New build rough-in", "Commercial kitchen refit"}
	for i, c := range cs {
		if referrer[i] < 0 {
			continue
		}
		age := rng.IntN(540)
		if i < 40 {
			age = rng.IntN(120) // the first ones are the live pipeline
		}
		received := today.AddDays(-age)
		r := &app.Referral{ReferrerID: cs[referrer[i]].ID, LeadID: c.ID, ReceivedOn: received,
			AskedFor: jobs[rng.IntN(len(jobs))], Source: []string{"Phone call", "Email introduction", "Met at a job", "Text message"}[rng.IntN(4)]}
		if err := svc.Referrals.CreateReferral(ctx, r, nil); err != nil {
			return fmt.Errorf("referral of %s: %w", c.Name(), err)
		}
		if err := moveAsTimeWould(ctx, svc, r, age, rng, today); err != nil {
			return fmt.Errorf("referral of %s: %w", c.Name(), err)
		}
	}
	for i, c := range cs {
		switch {
		case c.DoNotContact || !c.Kinds.Has(app.KindClient) || rng.IntN(3) != 0:
		default:
			age := rng.IntN(300)
			a := &app.Ask{ContactID: c.ID, On: today.AddDays(-age), Channel: app.Channels[rng.IntN(len(app.Channels))],
				Answer: []app.Answer{app.AnswerGave, app.AnswerDeclined, app.AnswerNone}[rng.IntN(3)]}
			if age < 40 {
				a.Answer = app.AnswerNone
			}
			if err := svc.Asks.LogAsk(ctx, a); err != nil {
				return fmt.Errorf("ask of %s: %w", c.Name(), err)
			}
		}
		if c.Kinds.Has(app.KindPartner) && i%2 == 0 {
			g := &app.GivenReferral{ToID: c.ID, GivenOn: today.AddDays(-rng.IntN(200)), Note: "Sent a client who needed their services",
				Outcome: app.GivenOutcomes[rng.IntN(len(app.GivenOutcomes))]}
			if other := cs[rng.IntN(len(cs))]; other.ID != c.ID {
				g.ForID = other.ID
			}
			if err := svc.Referrals.CreateGiven(ctx, g); err != nil {
				return fmt.Errorf("given referral to %s: %w", c.Name(), err)
			}
		}
	}
	if err := keepInTouch(ctx, svc, cs, rng, today); err != nil {
		return err
	}
	if err := closeOldTasks(ctx, svc, today); err != nil {
		return err
	}
	return gifts(ctx, svc, cs, today)
}

// gifts gives the sample a gift log in every status: thank-yous given
// for referrals, a birthday gift planned, ideas, one bought and waiting.
func gifts(ctx context.Context, svc app.Services, cs []*app.Contact, today app.Date) error {
	if len(cs) < 12 {
		return nil
	}
	margaret, zoe, lukasz, jose, siobhan := cs[0], cs[1], cs[2], cs[4], cs[8]
	thankYou := func(c *app.Contact) int64 {
		rs, _, _ := svc.Referrals.FindReferrals(ctx, app.ReferralFilter{ContactID: c.ID, Limit: 20})
		for _, r := range rs {
			if r.ReferrerID == c.ID {
				return r.ID
			}
		}
		return 0
	}
	for _, g := range []app.Gift{
		{ContactID: margaret.ID, What: "Earl Grey tea tin and a greyhound mug", Occasion: app.ForReferral, Status: app.GiftGiven, GivenOn: today.AddDays(-40), Cost: 3800, Where: "Steven Smith Teamaker"},
		{ContactID: margaret.ID, What: "Signed crime novel", Occasion: app.ForHoliday, Status: app.GiftGiven, GivenOn: today.AddDays(-335), Cost: 2600, Where: "Powell's Books"},
		{ContactID: zoe.ID, What: "Dark chocolate from Cacao", Occasion: app.ForReferral, ReferralID: thankYou(zoe), Status: app.GiftGiven, GivenOn: today.AddDays(-200), Cost: 2450, Where: "Cacao, Portland"},
		{ContactID: zoe.ID, What: "Bouldering gym day pass", Occasion: app.ForBirthday, Status: app.GiftPlanned, Cost: 2200, Note: "Her birthday is this week"},
		{ContactID: lukasz.ID, What: "Czech pilsner six-pack", Occasion: app.ForReferral, Status: app.GiftBought, Cost: 1800, Where: "Belmont Station"},
		{ContactID: jose.ID, What: "Real Madrid scarf", Occasion: app.ForEndOfProject, Status: app.GiftIdea},
		{ContactID: jose.ID, What: "Grilling spice set", Occasion: app.ForHoliday, Status: app.GiftGiven, GivenOn: today.AddDays(-330), Cost: 3500},
		{ContactID: siobhan.ID, What: "Irish whiskey miniatures", Occasion: app.ForReferral, Status: app.GiftGiven, GivenOn: today.AddDays(-90), Cost: 4200},
	} {
		g := g
		if err := svc.Gifts.CreateGift(ctx, &g); err != nil {
			return fmt.Errorf("gift %q: %w", g.What, err)
		}
	}
	return nil
}

// keepInTouch sets the sample's cadences (vip every 60 days, realtors
// every 90) and the calls, meetings and cards of the past months.
func keepInTouch(ctx context.Context, svc app.Services, cs []*app.Contact, rng *rand.Rand, today app.Date) error {
	for tag, days := range map[string]int{"vip": 60, "realtor": 90} {
		if err := svc.Calendar.SetTagCadence(ctx, tag, days); err != nil {
			return err
		}
	}
	// Margaret, every 30 days, last called 40 days ago: overdue.
	if err := svc.Calendar.LogInteraction(ctx, &app.Interaction{ContactID: cs[0].ID, On: today.AddDays(-40), Kind: app.InteractionCall}); err != nil {
		return err
	}
	for i, c := range cs {
		if c.DoNotContact || rng.IntN(3) == 0 || i == 0 {
			continue
		}
		in := &app.Interaction{ContactID: c.ID, On: today.AddDays(-rng.IntN(150)), Kind: app.InteractionKinds[rng.IntN(len(app.InteractionKinds))]}
		if in.Kind == app.InteractionCard {
			in.Kind = app.InteractionCall // a card logged would stand for one due now
		}
		if err := svc.Calendar.LogInteraction(ctx, in); err != nil {
			return fmt.Errorf("interaction with %s: %w", c.Name(), err)
		}
	}
	return nil
}

// moveAsTimeWould moves a referral received age days ago as far as it
// would have come by now.
func moveAsTimeWould(ctx context.Context, svc app.Services, r *app.Referral, age int, rng *rand.Rand, today app.Date) error {
	var steps []app.Status
	switch {
	case age > 60:
		steps = []app.Status{app.StatusContacted, app.StatusMeeting, []app.Status{app.StatusWon, app.StatusWon, app.StatusLost}[rng.IntN(3)]}
	case age > 21:
		steps = [][]app.Status{{app.StatusContacted, app.StatusMeeting}, {app.StatusContacted, app.StatusMeeting, app.StatusWon}, {app.StatusContacted, app.StatusLost}}[rng.IntN(3)]
	case age > 5:
		steps = [][]app.Status{{app.StatusContacted}, {app.StatusContacted, app.StatusMeeting}}[rng.IntN(2)]
	case age > 1:
		steps = [][]app.Status{{}, {app.StatusContacted}}[rng.IntN(2)]
	}
	day := r.ReceivedOn
	for _, to := range steps {
		day = day.AddDays(1 + rng.IntN(max(1, age/4)))
		if day.After(today) {
			day = today
		}
		var value app.Money
		if to == app.StatusWon {
			value = app.Money(15000 + rng.IntN(120)*10000)
		}
		if err := svc.Referrals.MoveReferral(ctx, r.ID, to, value, day); err != nil {
			return err
		}
	}
	return nil
}

// closeOldTasks marks done what the owner dealt with long ago: the
// follow-ups of referrals that last moved over three weeks ago, and any
// other due over two weeks ago. What is left is a realistic week's work.
func closeOldTasks(ctx context.Context, svc app.Services, today app.Date) error {
	fs, _, err := svc.FollowUps.FindFollowUps(ctx, app.FollowUpFilter{OpenOnly: true})
	if err != nil {
		return err
	}
	for _, f := range fs {
		old := f.Due.AddDays(14).Before(today)
		if f.ReferralID != 0 {
			r, err := svc.Referrals.FindReferralByID(ctx, f.ReferralID)
			if err != nil {
				return err
			}
			old = r.History[len(r.History)-1].On.AddDays(21).Before(today)
		}
		if old {
			if err := svc.FollowUps.CloseFollowUp(ctx, f.ID, app.FollowDone); err != nil {
				return err
			}
		}
	}
	return nil
}
