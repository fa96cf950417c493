package ui

import (
	"context"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/referable/referable/app"
)

// treeView shows everyone who came through one contact, over every
// generation, with how many each brought and the value won.
type treeView struct {
	tab *referralsTab

	root     *contactButton
	summary  *widget.Label
	tree     *widget.Tree
	open     *widget.Button
	nodes    map[string]app.TreeNode
	children map[string][]string
	selected int64
}

func (v *treeView) buildUI() fyne.CanvasObject {
	v.nodes, v.children = map[string]app.TreeNode{}, map[string][]string{}
	v.summary = emptyNote(app.T("Choose a referrer to see everyone who came to you through them, over every generation."))
	v.root = newContactButton(v.tab.window, v.tab.svc.Contacts, app.T("Choose a referrer…"), app.T("Whose referral tree?"), func() { v.refresh() })
	v.tree = widget.NewTree(
		func(id widget.TreeNodeID) []widget.TreeNodeID { return v.children[id] },
		func(id widget.TreeNodeID) bool { return len(v.children[id]) > 0 },
		func(bool) fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TreeNodeID, _ bool, o fyne.CanvasObject) {
			n := v.nodes[id]
			text := n.Name
			if n.Descendants > 0 {
				text += " — " + app.TN("%d came through them", "%d came through them", n.Descendants)
			}
			if n.TreeValue > 0 {
				text += " · " + app.Tf("%s won", n.TreeValue.Format(v.tab.settings().Currency))
			}
			o.(*widget.Label).SetText(text)
		})
	v.open = widget.NewButtonWithIcon(app.T("Open Contact"), theme.AccountIcon(), func() { v.tab.nav.openContact(v.selected) })
	v.open.Disable()
	v.tree.OnSelected = func(id widget.TreeNodeID) {
		v.selected = v.nodes[id].ID
		v.open.Enable()
	}
	top := container.NewVBox(container.NewBorder(nil, nil, widget.NewLabel(app.T("Referral tree of")), v.open, v.root.Button), wrapped(v.summary))
	return container.NewBorder(top, nil, nil, nil, v.tree)
}

// show picks the tree's root, as from a contact's page.
func (v *treeView) show(id int64, name string) { v.root.Set(id, name) }

func (v *treeView) refresh() {
	if v.tree == nil || v.root.ID == 0 {
		return
	}
	nodes, err := v.tab.svc.Referrals.ReferralTree(context.Background(), v.root.ID)
	if err != nil {
		showError(err, v.tab.window)
		return
	}
	v.nodes, v.children = map[string]app.TreeNode{}, map[string][]string{}
	depth := 0
	for _, n := range nodes {
		id := strconv.FormatInt(n.ID, 10)
		v.nodes[id] = n
		parent := ""
		if n.Depth > 0 {
			parent = strconv.FormatInt(n.ParentID, 10)
		}
		v.children[parent] = append(v.children[parent], id)
		depth = max(depth, n.Depth)
	}
	root := nodes[0]
	if root.Descendants == 0 {
		v.summary.SetText(app.Tf("Nobody has come to you through %s yet.", root.Name))
	} else {
		text := app.Tf("%s came to you through %s, over %s", app.TN("%d person", "%d people", root.Descendants), root.Name,
			app.TN("%d generation", "%d generations", depth))
		if root.TreeValue > 0 {
			text += app.Tf("; %s won from them", root.TreeValue.Format(v.tab.settings().Currency))
		}
		v.summary.SetText(text + ".")
	}
	v.tree.Refresh()
	v.tree.OpenBranch(strconv.FormatInt(root.ID, 10))
	// Open Contact opens the person chosen in the tree, the root until
	// another is chosen.
	v.tree.Select(strconv.FormatInt(root.ID, 10))
}
