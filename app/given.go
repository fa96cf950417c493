package app

// GivenOutcome is what came of a referral we gave.
type GivenOutcome string

const (
	GivenPending GivenOutcome = "pending"
	GivenWon     GivenOutcome = "won"
	GivenLost    GivenOutcome = "lost"
)

// GivenOutcomes lists the outcomes in display order.
var GivenOutcomes = []GivenOutcome{GivenPending, GivenWon, GivenLost}

// Label is the outcome as people read it.
func (o GivenOutcome) Label() string {
	switch o {
	case GivenWon:
		return T("Became business")
	case GivenLost:
		return T("Did not work out")
	}
	return T("Waiting to hear")
}

// GivenReferral is someone we sent to another business: the best thanks
// a referrer can get.
type GivenReferral struct {
	ID      int64
	ToID    int64 // the business (contact) we referred someone to
	ForID   int64 // whom we sent, 0 when not a contact
	GivenOn Date
	Note    string
	Outcome GivenOutcome

	ToName, ForName string
}

// Validate checks a given referral before it is saved.
func (g *GivenReferral) Validate(today Date) error {
	if g.ToID == 0 {
		return Errorf(EINVALID, "Choose whom you referred someone to.")
	}
	if g.ForID == g.ToID {
		return Errorf(EINVALID, "You cannot refer someone to themselves.")
	}
	if !g.GivenOn.HasYear() {
		return Errorf(EINVALID, "The given referral needs a date.")
	}
	if err := validateDate(T("Given on"), g.GivenOn, today); err != nil {
		return err
	}
	if g.Outcome == "" {
		g.Outcome = GivenPending
	}
	if g.Outcome != GivenPending && g.Outcome != GivenWon && g.Outcome != GivenLost {
		return Errorf(EINVALID, "%q is not an outcome.", g.Outcome)
	}
	return checkText(T("Note"), g.Note, MaxTextLen)
}
