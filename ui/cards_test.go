package ui

import (
	"bytes"
	"context"
	"image"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
	"github.com/referable/referable/app/cards"
)

// The cards screen's background work runs in step in tests, so a test
// reads the screen only once the work is done.

func selectTemplate(t *testing.T, c *cardsTab, name string) {
	t.Helper()
	for i, tp := range c.templates {
		if tp.Name == name {
			c.template.SetSelectedIndex(i)
			return
		}
	}
	t.Fatalf("no template %q", name)
}

func previewPixels(c *cardsTab) []byte {
	img, ok := c.preview.Image.(*image.RGBA)
	if !ok {
		return nil
	}
	return append([]byte(nil), img.Pix...)
}

// waitFor polls until cond holds: the preview redraws once typing pauses.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

func TestCardsScreenPreviewsEditsAndPrints(t *testing.T) {
	u, svc := withSample(t)
	u.tabs.Select(u.cardsItem)
	c := u.cards
	ctx := context.Background()

	// Everyone due a thank-you: the sample has open thank follow-ups.
	selectTemplate(t, c, "thank-you-referral")
	c.source.SetSelected(toDue)
	waitFor(t, "the people due a thank-you", func() bool { return len(c.people) > 0 && c.current == 0 })
	first := c.people[0]
	if !strings.HasPrefix(c.front.Text, "Thank you, ") || !strings.Contains(c.inside.Text, first.ReferralName) {
		t.Fatalf("the words for %s: %q / %q", first.Name, c.front.Text, c.inside.Text)
	}
	if c.preview.Image.Bounds().Dx() < 300 {
		t.Fatalf("the preview is %v", c.preview.Image.Bounds())
	}

	// Typing changes this card only, and the preview follows.
	before := previewPixels(c)
	test.Type(c.front, " See you soon")
	waitFor(t, "the preview to redraw", func() bool { return !bytes.Equal(before, previewPixels(c)) })
	if got := c.edits[first.ContactID].Front; !strings.Contains(got, "See you soon") {
		t.Fatalf("edit kept as %q", got)
	}
	if tpl, _ := svc.Cards.Template(ctx, "thank-you-referral"); strings.Contains(tpl.Front, "See you soon") {
		t.Fatal("editing one card changed the template")
	}

	// The quarter fold previews the whole sheet; a two-sided stock, both sides.
	c.layout.SetSelected(mustLayout(t, "quarter-fold-letter").Description)
	if b := c.preview.Image.Bounds(); b.Dy() <= b.Dx() {
		t.Errorf("quarter-fold preview %v is not the portrait sheet", b)
	}
	// A folded card opens on its message, upright, large; the whole card
	// shows both sides; typing the greeting shows the greeting.
	c.layout.SetSelected(mustLayout(t, "half-fold-letter").Description)
	if b := c.preview.Image.Bounds(); c.view.Selected != "Message" || b.Dx() != int(math.Ceil(139.7*previewPxPerMM)) || b.Dy() <= b.Dx() {
		t.Errorf("half-fold opens on %q, %v; want the message panel", c.view.Selected, b)
	}
	c.view.SetSelected(wholeCard)
	if b := c.preview.Image.Bounds(); b.Dx() < 2*279*previewPxPerMM {
		t.Errorf("half-fold preview %v does not show both sides", b)
	}
	c.view.SetSelected("Message")
	test.Type(c.front, "!")
	if c.view.Selected != "Greeting" {
		t.Errorf("typing the greeting shows %q", c.view.Selected)
	}
	// Zoom: the card at its size on paper, then larger, then fitted.
	c.zoomBy(1)
	if c.zoomLabel.Text != "100 %" || math.Abs(float64(c.preview.MinSize().Width)-139.7*unitsPerMM) > 2 {
		t.Errorf("at 100 %%: %q, %v", c.zoomLabel.Text, c.preview.MinSize())
	}
	c.zoomBy(1)
	if c.zoomLabel.Text != "150 %" {
		t.Errorf("zoomed in twice: %q", c.zoomLabel.Text)
	}
	c.onZoomFit()
	if c.zoomLabel.Text != "Fit" || c.preview.MinSize().Width > 300 {
		t.Errorf("fitted: %q, %v", c.zoomLabel.Text, c.preview.MinSize())
	}

	// Print: the PDF is written, each card logged, thank-yous closed.
	path := filepath.Join(t.TempDir(), "thanks.pdf")
	n := len(c.people)
	file, err := storage.Writer(storage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	c.printTo(file, c.printable())
	waitFor(t, "the PDF", func() bool {
		sent, _ := svc.Cards.FindSent(ctx, first.ContactID, 5)
		return len(sent) > 0
	})
	if fi, err := os.Stat(path); err != nil || fi.Size() < 1000 || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the PDF: %v, %v", fi, err)
	}
	sent, _ := svc.Cards.FindSent(ctx, first.ContactID, 5)
	if !strings.Contains(sent[0].Front, "See you soon!") || sent[0].Layout != "half-fold-letter" {
		t.Errorf("logged %+v", sent[0])
	}
	open, _, _ := svc.FollowUps.FindFollowUps(ctx, app.FollowUpFilter{OpenOnly: true, ContactID: first.ContactID})
	for _, f := range open {
		if f.Kind == app.FollowThank && f.ReferralID == first.ReferralID {
			t.Errorf("the thank-you follow-up is still open after printing")
		}
	}
	waitFor(t, "the list to reload", func() bool { return len(c.people) < n })
	st, _ := svc.Settings.Settings(ctx)
	if st.CardLayout != "half-fold-letter" {
		t.Errorf("the stock used is not remembered: %q", st.CardLayout)
	}

	// No one chosen: no card shown, nothing to type into, nothing to print.
	c.source.SetSelected(toChosen)
	test.Tap(findButton(c.sourceBox, "Clear"))
	if len(c.people) != 0 || c.preview.Image.Bounds().Dx() != 1 || !c.front.Disabled() || !c.printButton.Disabled() {
		t.Errorf("with no one chosen: %d people, preview %v, greeting disabled %v", len(c.people), c.preview.Image.Bounds(), c.front.Disabled())
	}
}

func mustLayout(t *testing.T, name string) cards.Layout {
	t.Helper()
	l, err := cards.FindLayout(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestCardTemplateCopyAndMistakes(t *testing.T) {
	u, svc := withSample(t)
	u.tabs.Select(u.cardsItem)
	c := u.cards
	selectTemplate(t, c, "birthday")
	c.onEditTemplate(true)
	top := u.window.Canvas().Overlays().Top()
	entries := []*widget.Entry{}
	find(top, func(e *widget.Entry) bool { entries = append(entries, e); return false })
	if len(entries) < 3 {
		t.Fatalf("the template dialog has %d entries", len(entries))
	}
	title, inside := entries[0], entries[len(entries)-1]
	title.SetText("Birthday for VIPs")
	inside.SetText("Dear {frist_name},")
	tapDialogButton(t, u.window, "Save")
	if l, ok := find(top, func(l *widget.Label) bool { return strings.Contains(l.Text, "frist_name") }); !ok || !strings.Contains(l.Text, "first_name") {
		t.Errorf("the mistake is not shown with the field meant")
	}
	if _, err := svc.Cards.Template(context.Background(), "birthday-for-vips"); err == nil {
		t.Fatal("a template with a mistake was saved")
	}
	inside.SetText("Dear {first_name}, happy birthday!")
	tapDialogButton(t, u.window, "Save")
	got, err := svc.Cards.Template(context.Background(), "birthday-for-vips")
	if err != nil || got.Builtin || got.Purpose != cards.PurposeBirthday {
		t.Fatalf("the copy: %+v, %v", got, err)
	}
	if tp, _ := c.selectedTemplate(); tp.Name != "birthday-for-vips" {
		t.Errorf("the copy is not selected: %q", tp.Name)
	}
}

// How much the hand varies and the pen's colour are chosen on the Cards
// screen and reach the print.
func TestCardsVariationAndInk(t *testing.T) {
	u, _ := withSample(t)
	u.tabs.Select(u.cardsItem)
	c := u.cards
	if c.variation.Selected != "Natural" || c.ink.Selected != "Blue-black" {
		t.Errorf("a new book starts with %q variation and %q ink", c.variation.Selected, c.ink.Selected)
	}
	c.variation.SetSelected("Off")
	c.ink.SetSelected("Blue")
	b, err := c.batch()
	if err != nil {
		t.Fatal(err)
	}
	if opt := b.Options(); opt.Jitter || opt.Ink != cards.InkBlue {
		t.Errorf("off and blue: jitter %v, ink %v", opt.Jitter, opt.Ink)
	}
	c.variation.SetSelected("Natural")
	b, _ = c.batch()
	if opt := b.Options(); !opt.Jitter || opt.Variation != 2 {
		t.Errorf("natural: jitter %v, variation %v", opt.Jitter, opt.Variation)
	}
}

// No card with a hole: Print checks every card first; the ones that
// would read wrong are listed with why and a fix, and are neither
// printed nor logged; fixed, they print.
func TestCardsHeldBackList(t *testing.T) {
	u, svc := withSample(t)
	ctx := context.Background()
	u.tabs.Select(u.cardsItem)
	c := u.cards
	// Two who sent referrals, one who sent none, one who asked not to be
	// contacted.
	var withRef, without, dnc []app.ContactSummary
	all, _, _ := svc.Contacts.FindContacts(ctx, app.ContactFilter{Limit: 1000})
	for _, s := range all {
		sum, _ := svc.Referrals.ReferralSummary(ctx, s.ID)
		full, _ := svc.Contacts.FindContactByID(ctx, s.ID)
		switch {
		case full.DoNotContact:
			dnc = append(dnc, s)
		case sum.Sent > 0:
			withRef = append(withRef, s)
		default:
			without = append(without, s)
		}
	}
	if len(withRef) < 1 || len(without) < 1 || len(dnc) < 1 {
		t.Fatalf("the sample has %d referrers, %d others, %d do-not-contact", len(withRef), len(without), len(dnc))
	}
	selectTemplate(t, c, "thank-you-referral")
	c.chosen = []int64{withRef[0].ID, without[0].ID, dnc[0].ID}
	c.source.SetSelected(toChosen)
	waitFor(t, "the three cards checked", func() bool { return len(c.people) == 3 && len(c.held) == 2 })

	// The badges show before anything prints.
	row := c.list.CreateItem()
	c.list.UpdateItem(1, row)
	if detail := row.(*fyne.Container).Objects[1].(*widget.Label); !strings.Contains(detail.Text, "nothing to fill {referral_name}") || detail.Importance != widget.WarningImportance {
		t.Errorf("the row of %s reads %q", without[0].Name, detail.Text)
	}

	c.onPrint()
	waitFor(t, "the held-back list", func() bool { return c.heldDialog != nil })
	top := u.window.Canvas().Overlays().Top()
	for _, want := range []string{without[0].Name, "No referral of theirs to name in {referral_name}", dnc[0].Name, "Asked not to be contacted"} {
		if _, ok := find(top, func(l *widget.Label) bool { return strings.Contains(l.Text, want) }); !ok {
			t.Errorf("the held-back list lacks %q", want)
		}
	}
	for _, b := range []string{"Pick Referral…", "Edit Words", "Send to Them Anyway", "Print the Other Card…"} {
		if findButton(top, b) == nil {
			t.Errorf("the held-back list has no %q button", b)
		}
	}

	// A card still held back is not printed or logged, even if asked.
	path := filepath.Join(t.TempDir(), "thanks.pdf")
	file, _ := storage.Writer(storage.NewFileURI(path))
	c.printTo(file, c.printable())
	waitFor(t, "the PDF", func() bool {
		sent, _ := svc.Cards.FindSent(ctx, withRef[0].ID, 5)
		return len(sent) > 0
	})
	for _, s := range append(without[:1], dnc[0]) {
		if sent, _ := svc.Cards.FindSent(ctx, s.ID, 5); len(sent) != 0 {
			t.Errorf("a held-back card for %s was logged: %+v", s.Name, sent)
		}
	}
	dismissDialogs(u.window)

	// Fixed: the words written for them, and sent to anyway; nothing
	// is held back then.
	c.dncOK[dnc[0].ID] = true
	c.editWordsOf(without[0].ID)
	if c.current != 1 || u.window.Canvas().Focused() != c.inside {
		t.Fatalf("Edit Words shows card %d, focus on %v", c.current, u.window.Canvas().Focused())
	}
	c.inside.SetText("Dear friend,\nThank you for thinking of me.")
	c.checkPeople(nil)
	waitFor(t, "the next hole", func() bool { return len(c.held) == 1 })
	if h := c.held[dnc[0].ID]; h.Reason != cards.HeldEmptyField {
		// Sent to anyway, the card is checked as any other: they sent no referral either.
		t.Fatalf("held: %v", c.held)
	}
	c.editWordsOf(dnc[0].ID)
	c.inside.SetText("Dear friend,\nThank you for thinking of me.")
	c.checkPeople(nil)
	waitFor(t, "nothing held back", func() bool { return len(c.held) == 0 })
}

// prepareZoe opens Zoë Müller's birthday card on the Cards screen, as
// Prepare Card does, and returns her id.
func prepareZoe(t *testing.T, u *mainUI, svc Services) int64 {
	t.Helper()
	zoe, _, _ := svc.Contacts.FindContacts(context.Background(), app.ContactFilter{Query: "Zoë Müller", Limit: 1})
	u.prepareCard(zoe[0].ID, "birthday")
	waitFor(t, "Zoë's card", func() bool { return len(u.cards.people) == 1 && u.cards.current == 0 })
	return zoe[0].ID
}

// dismissDialogs hides every overlay.
func dismissDialogs(w fyne.Window) {
	for w.Canvas().Overlays().Top() != nil {
		w.Canvas().Overlays().Remove(w.Canvas().Overlays().Top())
	}
}

// A second card for the same occasion the same year asks first, and the
// register keeps the card as it was sent: words, layout, hand.
func TestCardsSecondCardAsks(t *testing.T) {
	u, svc := withSample(t)
	ctx := context.Background()
	u.tabs.Select(u.cardsItem)
	c := u.cards
	zoe := prepareZoe(t, u, svc)
	test.Type(c.inside, " P.S. Cake soon!")
	file, _ := storage.Writer(storage.NewFileURI(filepath.Join(t.TempDir(), "b.pdf")))
	c.printTo(file, c.printable())
	waitFor(t, "the card logged", func() bool { s, _ := svc.Cards.FindSent(ctx, zoe, 1); return len(s) == 1 })
	sent, _ := svc.Cards.FindSent(ctx, zoe, 1)
	if !strings.Contains(sent[0].Inside, "Cake soon!") || sent[0].Hand != c.font.Selected || sent[0].Purpose != cards.PurposeBirthday {
		t.Errorf("the register keeps %+v", sent[0])
	}
	dismissDialogs(u.window)

	u.prepareCard(zoe, "birthday")
	waitFor(t, "Zoë's card again", func() bool { return len(c.people) == 1 && c.current == 0 })
	c.heldDialog = nil
	c.onPrint()
	waitFor(t, "the question", func() bool { return c.heldDialog != nil })
	top := u.window.Canvas().Overlays().Top()
	if _, ok := find(top, func(l *widget.Label) bool { return strings.Contains(l.Text, "Zoë Müller got one on") }); !ok {
		t.Error("the question does not say who got one, and when")
	}
	if findButton(top, "Print Again") == nil || findButton(top, "Cancel") == nil {
		t.Error("the question offers no Print Again and Cancel")
	}
}

// A card in the register opens as it was sent from the contact's page,
// and Print Again sets the Cards screen up with it: the person, the
// template, the stock, the hand and the very words.
func TestCardRegisterPrintAgain(t *testing.T) {
	u, svc := withSample(t)
	ctx := context.Background()
	c := u.cards
	zoe := prepareZoe(t, u, svc)
	c.layout.SetSelected(mustLayout(t, "half-fold-a4").Description)
	c.inside.SetText("Dear Zoë,\nA whole year of cake to you.")
	file, _ := storage.Writer(storage.NewFileURI(filepath.Join(t.TempDir(), "b.pdf")))
	c.printTo(file, c.printable())
	waitFor(t, "the card logged", func() bool { s, _ := svc.Cards.FindSent(ctx, zoe, 1); return len(s) == 1 })
	dismissDialogs(u.window)

	// Cards moves on to another stock and template meanwhile.
	c.layout.SetSelected(mustLayout(t, "flat-letter-4up").Description)
	selectTemplate(t, c, "welcome")

	u.openContact(zoe)
	show := findButton(u.contacts.form.cardsSent, "Show…")
	if show == nil {
		t.Fatal("the contact's page lists no card to show")
	}
	test.Tap(show)
	top := u.window.Canvas().Overlays().Top()
	if _, ok := find(top, func(l *widget.Label) bool { return strings.Contains(l.Text, "A whole year of cake") }); !ok {
		t.Fatal("the register does not show the words as sent")
	}
	tapDialogButton(t, u.window, "Print Again…")
	if u.tabs.Selected() != u.cardsItem {
		t.Fatal("Print Again did not open the Cards screen")
	}
	waitFor(t, "Zoë's card again", func() bool { return len(c.people) == 1 && c.current == 0 })
	if tpl, _ := c.selectedTemplate(); tpl.Name != "birthday" || c.selectedLayout().Name != "half-fold-a4" {
		t.Fatalf("Print Again shows %q on %q", tpl.Name, c.selectedLayout().Name)
	}
	if !strings.Contains(c.inside.Text, "A whole year of cake") {
		t.Fatalf("Print Again shows the words %q", c.inside.Text)
	}
}

// Words changed for one person stay until their card is printed: across
// other recipients, another template and other screens. Printed, they
// are logged as typed and the draft goes.
func TestCardEditsSurviveUntilPrinted(t *testing.T) {
	u, svc := withSample(t)
	ctx := context.Background()
	c := u.cards
	test.Tap(findButton(u.today.cards, "Prepare Card"))
	waitFor(t, "the first due card", func() bool { return len(c.people) == 1 && c.current == 0 })
	first := c.people[0]
	tpl, _ := c.selectedTemplate()
	test.Type(c.inside, " Cake on Sunday?")
	want := c.inside.Text

	others, _, _ := svc.Contacts.FindContacts(ctx, app.ContactFilter{Query: "Zoë Müller", Limit: 1})
	c.chosen = append(c.chosen, others[0].ID)
	c.loadPeople()
	waitFor(t, "two people", func() bool { return len(c.people) == 2 })
	c.list.Select(1)
	if strings.Contains(c.inside.Text, "Cake on Sunday") {
		t.Fatal("the words changed for one person show on another's card")
	}
	c.list.Select(0)
	if c.inside.Text != want {
		t.Fatalf("back on %s: %q, want %q", first.Name, c.inside.Text, want)
	}

	selectTemplate(t, c, "welcome")
	waitFor(t, "the welcome card", func() bool { return strings.Contains(c.front.Text, "Welcome") })
	u.tabs.Select(u.todayItem)
	u.tabs.Select(u.cardsItem)
	selectTemplate(t, c, tpl.Name)
	waitFor(t, "the words back", func() bool { return c.current >= 0 && c.inside.Text == want })

	file, _ := storage.Writer(storage.NewFileURI(filepath.Join(t.TempDir(), "c.pdf")))
	c.printTo(file, c.printable()[:1])
	waitFor(t, "the card logged", func() bool { s, _ := svc.Cards.FindSent(ctx, first.ContactID, 1); return len(s) == 1 })
	sent, _ := svc.Cards.FindSent(ctx, first.ContactID, 1)
	if sent[0].Inside != want {
		t.Errorf("logged %q, want %q", sent[0].Inside, want)
	}
	waitFor(t, "the draft gone", func() bool { _, ok := c.edits[first.ContactID]; return !ok })
}

// The Cards screen opens on the first card due (the sample has birthday
// cards to post): its template, that person alone. A name typed in the
// search offers the matches; Enter adds the first and shows their card.
func TestCardsOpenOnWhatIsDueAndPickByName(t *testing.T) {
	u, svc := withSample(t)
	ctx := context.Background()
	due, _ := svc.Calendar.CardsDue(ctx, app.DateOf(testNow))
	if len(due) == 0 {
		t.Fatal("the sample has no card to post")
	}
	u.tabs.Select(u.cardsItem)
	c := u.cards
	tpl, _ := c.selectedTemplate()
	if tpl.Name != cards.TemplateFor(due[0].Kind) || c.source.Selected != toChosen || len(c.people) != 1 || c.people[0].ContactID != due[0].ContactID {
		t.Fatalf("Cards opens on %q for %+v; want %s for %s", tpl.Name, c.people, cards.TemplateFor(due[0].Kind), due[0].Name)
	}
	if c.current != 0 || c.front.Disabled() {
		t.Fatal("the due card is not shown ready to edit")
	}

	test.Type(c.find, "müller")
	if len(c.found) == 0 || findButton(c.matches, c.found[0].Name) == nil {
		t.Fatalf("typing a name offers %+v", c.found)
	}
	want := c.found[0]
	c.find.OnSubmitted(c.find.Text) // Enter
	if len(c.people) != 2 || c.people[c.current].ContactID != want.ID || c.find.Text != "" || len(c.matches.Objects) != 0 {
		t.Fatalf("after Enter: %d people, shown %d, search %q", len(c.people), c.current, c.find.Text)
	}
	test.Type(c.find, "zzzz")
	if _, ok := find(c.matches, func(l *widget.Label) bool { return l.Text == "No one by that name." }); !ok {
		t.Error("a name nobody has says so")
	}
}
